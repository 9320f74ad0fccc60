/**
 * A generated set of dossiers (seeded, reproducible) with every kind of fact the reports read: channels,
 * refusals and stops, supplement pauses, extensions (in time and late), several supplement requests,
 * payments, returns by mode, digitised documents, petitions, hand-offs; and changes after the fact.
 * Used by the report counters' and the stored open days' tests.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';

const HOUR = 3_600_000;
const BASE = Date.parse('2026-01-05T01:00:00Z');

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  const next = () => { a = (a + 0x6d2b79f5) | 0; let x = Math.imul(a ^ (a >>> 15), 1 | a); x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x; return ((x ^ (x >>> 14)) >>> 0) / 4294967296; };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function seed(db: Kysely<Database>, count: number) {
  await sql`insert into agencies (id, code, name, type, parent_id) values
    ('t-prov', 'TPROV', 'Tỉnh thử', 'province', null), ('t-a', 'TA', 'Xã A', 'commune', 't-prov'),
    ('t-b', 'TB', 'Xã B', 'commune', 't-prov'), ('t-a1', 'TA1', 'UBND xã A', 'unit', 't-a')`.execute(db);
  for (const [id, field] of [['t-proc-x', 'Hộ tịch'], ['t-proc-y', 'Chứng thực'], ['feedback-petition', 'Phản ánh']] as const) {
    await sql`insert into procedures (id, name_vi, name_en, field, legal_limit, online_level, process_id, form_schema_id)
      values (${id}, ${id}, ${id}, ${field}, '{"kind":"workingDays","days":3}', 'full', 'x', 'x') on conflict (id) do nothing`.execute(db);
  }
  const r = rng(766);
  for (let i = 0; i < count; i++) {
    const received = BASE + r.int(24 * 110) * HOUR + r.int(4) * 900_000;
    const receivedAt = r.next() < 0.05 ? null : received;
    const due = received + (24 + r.int(24 * 12)) * HOUR;
    const finishedMs = r.next() < 0.7 ? received + r.int(24 * 25) * HOUR + HOUR : null;
    const status = receivedAt === null ? 'refused' : r.next() < 0.05 ? 'stopped' : finishedMs ? r.pick(['returned', 'decided'] as const) : r.pick(['processing', 'accepted', 'supplement_requested'] as const);
    const supplements = r.next() < 0.25 ? 1 + r.int(3) : 0;
    const pauses = supplements ? Array.from({ length: supplements }, (_, k) => {
      const from = received + (k * 30 + 2) * HOUR; const open = status === 'supplement_requested' && k === supplements - 1;
      return { kind: r.next() < 0.85 ? 'supplement' : 'other', from: iso(from), to: open ? null : iso(from + (5 + r.int(60)) * HOUR) };
    }) : [];
    const extended = r.next() < 0.15;
    const original = extended ? due : null;
    const dueAt = extended ? due + (24 + r.int(72)) * HOUR : due;
    const payments = r.next() < 0.4 ? [{ method: r.pick(['online', 'cash'] as const), amount: 50_000, at: iso(received) }] : [];
    const returned = status === 'returned' && finishedMs;
    const state = {
      status, supplementRequests: supplements, pauses, payments, extensionLate: extended && r.next() < 0.4,
      returnedAt: returned ? iso(finishedMs) : null, returnMode: returned ? r.pick(['paper', 'electronic', 'both'] as const) : null,
    };
    const procedure = r.pick(['t-proc-x', 't-proc-y', 'feedback-petition'] as const);
    const receiving = r.pick(['t-a', 't-b', 't-a'] as const);
    const handling = receiving === 't-a' && r.next() < 0.5 ? 't-a1' : null;
    const row = (await sql<{ id: string }>`
      insert into dossiers (code, procedure_id, receiving_agency_id, handling_agency_id, status, channel, applicant, applicant_name, form_data, state,
        submitted_at, received_at, due_at, original_due_at, finished_at)
      values (${`T-${i}`}, ${procedure}, ${receiving}, ${handling}, ${status}, ${r.pick(['online', 'in_person', 'post'] as const)}, '{}', 'Nguyễn Văn A', '{}',
        ${JSON.stringify(state)}, ${iso(received)}, ${receivedAt === null ? null : iso(receivedAt)}, ${receivedAt === null ? null : iso(dueAt)},
        ${original === null ? null : iso(original)}, ${finishedMs === null || !['returned', 'decided'].includes(status) ? null : iso(finishedMs)})
      returning id`.execute(db)).rows[0]!;
    await sql`insert into dossier_agencies (dossier_id, agency_id, role, since) values (${row.id}, ${receiving}, 'receiving', ${iso(received)})`.execute(db);
    if (handling) await sql`insert into dossier_agencies (dossier_id, agency_id, role, since) values (${row.id}, ${handling}, 'handling', ${iso(received)})`.execute(db);
    if (receivedAt !== null) {
      await sql`insert into dossier_history (dossier_id, action, from_status, to_status, at, actor_id, agency_id, details)
        values (${row.id}, 'receive', null, 'accepted', ${iso(received)}, null, ${receiving}, ${JSON.stringify({ dueAt: iso(original ?? due) })})`.execute(db);
      if (extended) await sql`insert into dossier_history (dossier_id, action, from_status, to_status, at, actor_id, agency_id, details)
        values (${row.id}, 'extend', 'processing', 'processing', ${iso(received + 20 * HOUR)}, null, ${receiving}, ${JSON.stringify({ previousDueAt: iso(due), newDueAt: iso(dueAt) })})`.execute(db);
    }
    for (const kind of ['input', 'result', 'supplement'] as const) {
      if (r.next() < 0.35) await sql`insert into documents (dossier_id, kind, type_code, title, metadata, file_name, mime_type, size, sha256, storage_key)
        values (${row.id}, ${kind}, 'GCN', 'x', '{}', 'a.pdf', 'application/pdf', 1, 'x', ${`k-${i}-${kind}`})`.execute(db);
    }
  }
}

/** Changes after the fact: finishes, a stop, a payment, a hand-off, an agency moved, a document deleted. */
export async function mutate(db: Kysely<Database>) {
  const open = (await sql<{ id: string; received_at: Date }>`select id, received_at from dossiers where finished_at is null and received_at is not null order by code limit 12`.execute(db)).rows;
  for (const [k, d] of open.entries()) {
    if (k % 3 === 0) await sql`update dossiers set status = 'returned', finished_at = ${iso(d.received_at.getTime() + 50 * HOUR)},
      state = state || jsonb_build_object('returnedAt', ${iso(d.received_at.getTime() + 50 * HOUR)}::text, 'returnMode', 'electronic') where id = ${d.id}`.execute(db);
    else if (k % 3 === 1) await sql`update dossiers set status = 'stopped' where id = ${d.id}`.execute(db);
    else await sql`update dossiers set state = jsonb_set(state, '{payments}', '[{"method":"online","amount":1}]') where id = ${d.id}`.execute(db);
  }
  const finished = (await sql<{ id: string }>`select id from dossiers where finished_at is not null order by code limit 6`.execute(db)).rows;
  for (const d of finished) await sql`update dossiers set finished_at = finished_at + interval '3 days' where id = ${d.id}`.execute(db);
  const some = (await sql<{ id: string }>`select id from dossiers where receiving_agency_id = 't-b' order by code limit 8`.execute(db)).rows;
  for (const d of some) await sql`insert into dossier_agencies (dossier_id, agency_id, role, since) values (${d.id}, 't-a1', 'handed_to', now())`.execute(db);
  await sql`update agencies set parent_id = 't-a' where id = 't-b'`.execute(db);
  // Visibility lost: a hand-off undone, and the unit moved from under commune A to the province.
  await sql`delete from dossier_agencies where role = 'handed_to' and dossier_id = ${some[0]!.id}`.execute(db);
  await sql`update agencies set parent_id = 't-prov' where id = 't-a1'`.execute(db);
  await sql`delete from documents where id in (select id from documents order by storage_key limit 10)`.execute(db);
}

