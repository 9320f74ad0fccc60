/**
 * The finished dossiers of the generated province, written in SQL (`generate_series`): over the two
 * years before the open ones, spread over the communes and the procedures, received in working hours,
 * most returned on time and some late, a supplement pause on one in ten, payments, return modes; each with
 * its two agencies, history (receive, start, decide, return), two completed steps, audit rows and the
 * applicant's notification of the result. Process instances of finished dossiers have ended: no engine rows.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Ngọc', 'Quang', 'Thu', 'Xuân'];
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Minh', 'Nam', 'Nga', 'Ngân', 'Nhung', 'Phong', 'Phúc', 'Phương', 'Quân', 'Quỳnh', 'Sơn', 'Tâm', 'Thảo', 'Thắng', 'Thủy', 'Tiến', 'Trang', 'Trung', 'Tú', 'Tuấn', 'Uyên', 'Việt', 'Yến'];

/** A Vietnamese name for number `i` (16 × 10 × 40 = 6,400 names). */
export function applicantName(i: number): string {
  return `${FAMILY[i % FAMILY.length]} ${MIDDLE[Math.floor(i / FAMILY.length) % MIDDLE.length]} ${GIVEN[Math.floor(i / (FAMILY.length * MIDDLE.length)) % GIVEN.length]}`;
}

const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`);

/**
 * Writes `count` finished dossiers received between `from` and `to` in `communes` communes (ids `xa-NN`,
 * codes `XANN`, officers `xaNN-…`); code sequences start at 1 per commune and day.
 */
export async function writeClosed(db: Kysely<Database>, opts: { count: number; communes: number; from: Date; to: Date }): Promise<void> {
  if (opts.count <= 0) return;
  const procedures = PROCEDURE_CATALOGUE.map((p) => p.id);
  const spanMinutes = Math.floor((opts.to.getTime() - opts.from.getTime()) / 60_000);
  const iso = (col: string) => sql.raw(`to_char((${col}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);
  await sql`create unlogged table gen_closed as
    select g.i, c.nn, 'xa-' || c.nn as centre, 'xa-' || c.nn || '-ubnd' as unit, 'XA' || c.nn as agency_code, 'xa' || c.nn as prefix,
      (${arr(procedures)})[1 + g.i % ${sql.lit(procedures.length)}] as procedure_id,
      case when g.i % 3 = 0 then 'online' else 'in_person' end as channel,
      (${arr(FAMILY)})[1 + g.i % 16] || ' ' || (${arr(MIDDLE)})[1 + (g.i / 16) % 10] || ' ' || (${arr(GIVEN)})[1 + (g.i / 160) % 40] as name,
      '0' || lpad(((g.i::bigint * 7919) % 100000000000)::text, 11, '0') as id_number,
      r.received_at
    from generate_series(1, ${sql.lit(opts.count)}) as g(i)
    cross join lateral (select lpad((1 + g.i % ${sql.lit(opts.communes)})::text, 2, '0') as nn) c
    cross join lateral (select date_trunc('day', ${opts.from}::timestamptz + ((g.i::bigint * ${sql.lit(spanMinutes)} / ${sql.lit(opts.count)}) || ' minutes')::interval) as day) d
    cross join lateral (select d.day + case extract(dow from d.day) when 6 then interval '2 days' when 0 then interval '1 day' else interval '0' end
      + interval '1 hour 30 minutes' + ((g.i % 480) || ' minutes')::interval as received_at) r`.execute(db);
  // Fresh tables have no statistics: without them the planner picks nested loops and the joins below go quadratic.
  await sql`analyze gen_closed`.execute(db);
  await sql`alter table gen_closed add column code text, add column id uuid default gen_random_uuid(), add column due_at timestamptz, add column finished_at timestamptz`.execute(db);
  await sql`update gen_closed g set code = g.agency_code || '-' || to_char(g.received_at at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-' || lpad(s.seq::text, 4, '0'),
      due_at = g.received_at + interval '5 days', finished_at = g.received_at + ((g.i % 13) * 0.45 || ' days')::interval
    from (select i, row_number() over (partition by nn, (received_at at time zone 'Asia/Ho_Chi_Minh')::date order by i) as seq from gen_closed) s where s.i = g.i`.execute(db);
  await sql`analyze gen_closed`.execute(db);
  await sql`
    insert into dossiers (id, code, procedure_id, receiving_agency_id, handling_agency_id, status, channel, applicant, applicant_name, applicant_id_number,
      form_data, state, submitted_at, received_at, due_at, original_due_at, finished_at, created_by, created_at, updated_at)
    select g.id, g.code, g.procedure_id, g.centre, g.unit, 'returned', g.channel, jsonb_build_object('fullName', g.name, 'idNumber', g.id_number), g.name, g.id_number,
      '{}'::jsonb,
      jsonb_build_object('status', 'returned', 'supplementRequests', case when g.i % 10 = 0 then 1 else 0 end,
        'pauses', case when g.i % 10 = 0 then jsonb_build_array(jsonb_build_object('kind', 'supplement', 'from', ${iso('g.received_at + interval \'1 hour\'')}, 'to', ${iso('g.received_at + interval \'1 day\'')})) else '[]'::jsonb end,
        'payments', case when g.i % 4 = 0 then jsonb_build_array(jsonb_build_object('method', case when g.i % 8 = 0 then 'online' else 'cash' end, 'amount', 50000, 'at', ${iso('g.received_at')}, 'reference', null)) else '[]'::jsonb end,
        'returnedAt', ${iso('g.finished_at')}, 'returnMode', case when g.i % 3 = 0 then 'electronic' else 'paper' end),
      g.received_at, g.received_at, g.due_at, null, g.finished_at, u.id, g.received_at, g.finished_at
    from gen_closed g join users u on u.username = g.prefix || '-reception'`.execute(db);
  await withBulkVisibility(db, (q) => sql`insert into dossier_agencies (dossier_id, agency_id, role, since)
    select id, centre, 'receiving', received_at from gen_closed union all select id, unit, 'handling', received_at from gen_closed`.execute(q));
  await sql`insert into dossier_history (dossier_id, action, from_status, to_status, at, actor_id, agency_id, details)
    select g.id, h.action, h.from_status, h.to_status, h.at, u.id, h.agency, h.details
    from gen_closed g
    cross join lateral (values
      ('receive', null, 'accepted', g.received_at, g.centre, 'reception', jsonb_build_object('dueAt', ${iso('g.due_at')})),
      ('start_processing', 'accepted', 'processing', g.received_at + interval '10 minutes', g.unit, 'specialist1', '{}'::jsonb),
      ('decide', 'processing', 'decided', g.received_at + (g.finished_at - g.received_at) * 0.8, g.unit, 'leader', '{}'::jsonb),
      ('return_result', 'decided', 'returned', g.finished_at, g.centre, 'reception', '{}'::jsonb)) as h(action, from_status, to_status, at, agency, who, details)
    join users u on u.username = g.prefix || '-' || h.who`.execute(db);
  await sql`insert into tasks (key, kind, process_instance_key, bpmn_process_id, element_id, name, step, dossier_id, dossier_code, agency_id, candidate_groups,
      assignee_id, state, due_at, created_at, completed_at, completed_by)
    select 'gen-' || g.code || '-' || s.n, 'user_task', 'gen-' || g.code, 'motcua-' || g.procedure_id, s.element, s.name, s.step, g.id, g.code, g.unit, s.groups,
      u.id, 'COMPLETED', g.received_at + s.due, g.received_at + s.created, g.received_at + (g.finished_at - g.received_at) * s.done, u.id
    from gen_closed g
    cross join lateral (values
      (1, 'Task_appraisal', 'Thẩm định', 'appraisal', '{specialist}'::text[], 'specialist' || (1 + g.i % 3), interval '3 days', interval '10 minutes', 0.6),
      (2, 'Task_approval', 'Phê duyệt', 'approval', '{leader}'::text[], 'leader', interval '4 days', interval '1 hour', 0.8)) as s(n, element, name, step, groups, who, due, created, done)
    join users u on u.username = g.prefix || '-' || s.who`.execute(db);
  await sql`analyze dossier_history`.execute(db);
  await sql`insert into audit_log (at, actor_id, actor_username, actor_roles, agency_id, action, target_type, target_id, after)
    select h.at, h.actor_id, u.username, u.roles, h.agency_id, 'dossier.' || h.action, 'dossier', g.code, jsonb_build_object('status', h.to_status)
    from gen_closed g join dossier_history h on h.dossier_id = g.id join users u on u.id = h.actor_id
    where h.action in ('receive', 'return_result')`.execute(db);
  await sql`insert into notifications (user_id, kind, dossier_code, agency_id, title_vi, title_en, body_vi, body_en, dedupe_key, created_at, deliver_at, delivered_at, read_at)
    select u.id, 'dossier-decided', g.code, g.centre, 'Hồ sơ ' || g.code || ' đã có kết quả', 'Dossier ' || g.code || ' decided',
      'Trả kết quả cho người nộp', 'Return the result to the applicant', 'gen-decided:' || g.code, g.finished_at, g.finished_at, g.finished_at, g.finished_at
    from gen_closed g join users u on u.username = g.prefix || '-reception'`.execute(db);
  await sql`drop table gen_closed`.execute(db);
}

/**
 * Runs a bulk insert into `dossier_agencies` with its visibility triggers (migrations 2026120602 and
 * 2026121901: one refresh per dossier, ~1 ms each) disabled, then fills `dossier_visibility` for the new
 * dossiers in one statement: every agency of the dossier and its ancestors, with the dossier's own
 * columns of the same names. Without that table, just the insert.
 */
async function withBulkVisibility(db: Kysely<Database>, insert: (q: Kysely<Database>) => Promise<unknown>): Promise<void> {
  const { rows } = await sql<{ c: string }>`select column_name as c from information_schema.columns
    where table_schema = current_schema() and table_name = 'dossier_visibility' and column_name not in ('agency_id', 'dossier_id') order by ordinal_position`.execute(db);
  const triggers = (await sql<{ name: string }>`select tgname as name from pg_trigger where tgrelid = 'dossier_agencies'::regclass and not tgisinternal
    and tgname in ('dossier_agencies_visibility', 'dossier_agencies_inserted_visibility')`.execute(db)).rows.map((r) => r.name);
  if (!rows.length || !triggers.length) {
    await insert(db);
    return;
  }
  await db.transaction().execute(async (tx) => {
    for (const name of triggers) await sql`alter table dossier_agencies disable trigger ${sql.id(name)}`.execute(tx);
    await insert(tx);
    for (const name of triggers) await sql`alter table dossier_agencies enable trigger ${sql.id(name)}`.execute(tx);
  });
  const cols = rows.map((r) => r.c);
  await sql`insert into dossier_visibility (agency_id, dossier_id, ${sql.join(cols.map((c) => sql.ref(c)))})
    with recursive anc(agency_id, ancestor_id) as (
      select id, id from agencies
      union
      select anc.agency_id, a.parent_id from anc join agencies a on a.id = anc.ancestor_id where a.parent_id is not null)
    select distinct anc.ancestor_id, d.id, ${sql.join(cols.map((c) => sql.ref(`d.${c}`)))}
    from gen_closed g join dossier_agencies da on da.dossier_id = g.id join anc on anc.agency_id = da.agency_id join dossiers d on d.id = g.id`.execute(db);
}
