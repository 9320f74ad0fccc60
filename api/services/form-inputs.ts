/**
 * Assembles the inputs of forms 01–07 (Circular 03/2025) from a dossier, its history, its
 * procedure and the agencies involved. The rendering itself is pure (`api/forms`).
 */
import type { Kysely } from 'kysely';
import type { Agency, Database, Dossier } from '../db/database.ts';
import type { AgencyHeader, Applicant, FormBase, FormInputs, RegisterRow } from '../forms/index.ts';
import { availableForms, type DossierFormNumber } from '../forms/available.ts';
import { STATUS_INFO, type DossierStatus } from '../domain/dossier/index.ts';
import type { TimeLimit } from '../domain/calendar/index.ts';
import { stateFromJson } from './dossier-codec.ts';
import { dossierFee } from './fees.ts';
import { issuedDocument, type RegisteredForm } from './document-register.ts';
import { SEAL_CAPTION } from '../forms/official-footer.ts';
import { controlHops } from './control-slip.ts';
import type { CalendarService } from './calendars.ts';
import type { Fee } from '../procedures/catalogue.ts';

type Db = Kysely<Database>;

/** The header of a form: the issuing agency under its People's Committee or parent agency. */
export async function agencyHeader(db: Db, agency: Agency): Promise<AgencyHeader> {
  const place = agency.place ?? '';
  const communeLevel = agency.type === 'commune_centre' || agency.type === 'commune_unit';
  let parent = place ? `Ủy ban nhân dân ${place.charAt(0).toLowerCase()}${place.slice(1)}` : '';
  if (!communeLevel || !place) {
    const p = agency.parent_id ? await db.selectFrom('agencies').select('name').where('id', '=', agency.parent_id).executeTakeFirst() : undefined;
    parent = p?.name ?? parent;
  }
  return { parent, name: agency.name, place: place || agency.name };
}

/** A time limit in words, e.g. "03 ngày làm việc". */
export function limitText(limit: TimeLimit): string {
  if (limit.kind === 'sameDay') return 'Trong ngày làm việc';
  if (limit.kind === 'workingHours') return `${limit.hours} giờ làm việc`;
  return `${String(limit.days).padStart(2, '0')} ngày làm việc`;
}

/** An address of a form (object or text) as one line. */
export function addressLine(address: unknown): string {
  if (typeof address === 'string') return address;
  if (!address || typeof address !== 'object') return '';
  const a = address as { detail?: string; commune?: string; province?: string };
  return [a.detail, a.commune, a.province].filter(Boolean).join(', ');
}

function applicantOf(d: Dossier): Applicant {
  const a = d.applicant as { fullName: string; personalId?: string; phone?: string; email?: string; address?: unknown };
  return { name: a.fullName, idNumber: a.personalId, phone: a.phone, email: a.email, address: addressLine(a.address) || undefined };
}

interface Context {
  db: Db;
  dossier: Dossier;
  procedure: { name_vi: string; legal_limit: unknown; fees: unknown; required_documents: unknown };
  base: FormBase;
  history: Array<{ action: string; at: Date; actor_id: string | null; agency_id: string | null; details: Record<string, unknown> }>;
  userName(id: string | null): Promise<string | undefined>;
  agencyName(id: string | null): Promise<string>;
}

async function context(db: Db, dossier: Dossier, now: Date): Promise<Context> {
  const procedure = await db.selectFrom('procedures').select(['name_vi', 'legal_limit', 'fees', 'required_documents']).where('id', '=', dossier.procedure_id).executeTakeFirstOrThrow();
  const agency = await db.selectFrom('agencies').selectAll().where('id', '=', dossier.receiving_agency_id).executeTakeFirstOrThrow();
  const history = await db.selectFrom('dossier_history').select(['action', 'at', 'actor_id', 'agency_id', 'details']).where('dossier_id', '=', dossier.id).orderBy('id').execute();
  return {
    db, dossier, procedure, history,
    base: { agency: await agencyHeader(db, agency), issuedAt: now, dossierCode: dossier.code, procedureName: procedure.name_vi, applicant: applicantOf(dossier) },
    userName: async (id) => (id ? (await db.selectFrom('users').select('full_name').where('id', '=', id).executeTakeFirst())?.full_name : undefined),
    agencyName: async (id) => (id ? (await db.selectFrom('agencies').select('name').where('id', '=', id).executeTakeFirst())?.name ?? id : ''),
  };
}

/**
 * The issuer of a numbered form (04, 05) from the register: its agency's header, number, date and head;
 * «Nơi nhận» names the applicant and, when another agency issues it, the receiving centre.
 */
async function issuedForm(c: Context, form: RegisteredForm, fallbackAt: Date) {
  const doc = await issuedDocument(c.db, c.dossier.id, form);
  const agencyId = doc?.agencyId ?? c.dossier.handling_agency_id ?? c.dossier.receiving_agency_id;
  const agency = await c.db.selectFrom('agencies').selectAll().where('id', '=', agencyId).executeTakeFirstOrThrow();
  const header = await agencyHeader(c.db, agency);
  const recipients = [`Ông/Bà ${c.base.applicant.name}`];
  if (agencyId !== c.dossier.receiving_agency_id) recipients.push(`${c.base.agency.name} (để theo dõi)`);
  return {
    facts: (doc?.details ?? {}) as Record<string, unknown>,
    base: { agency: header, issuedAt: doc?.issuedAt ?? fallbackAt, number: doc?.number },
    recipients,
    signer: { title: 'Thủ trưởng cơ quan', name: doc?.signerName, caption: SEAL_CAPTION },
  };
}

/** Form 01's fee lines and, when no amount applies, the words printed instead («Miễn phí»…). */
async function form01Fees(db: Db, dossier: Dossier, rules: Fee[]): Promise<{ fees: Array<{ description: string; amount: number }>; feeText?: string }> {
  const s = await dossierFee(db, dossier, rules);
  return s.text ? { fees: s.lines, feeText: s.text } : { fees: s.lines };
}

const last = (c: Context, action: string) => [...c.history].reverse().find((h) => h.action === action);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/**
 * The input of one form for a dossier, or undefined when the dossier never reached that step
 * (`availableForms`, the rule the dossier view's `forms` list uses too).
 */
export async function formInput<N extends DossierFormNumber>(db: Db, dossier: Dossier, no: N, now: Date, calendars: CalendarService): Promise<FormInputs[N] | undefined> {
  const c = await context(db, dossier, now);
  const state = stateFromJson(dossier.state);
  if (!availableForms(state, c.history.map((h) => h.action)).includes(no)) return undefined;
  const receivedAt = state.receivedAt ?? state.submittedAt;
  // Past the rule above, the history row each form is made from exists, and so does the due
  // date of forms 01, 04 and 06.
  const dueAt = state.dueAt as Date;
  const build: Record<DossierFormNumber, () => Promise<unknown>> = {
    '01': async () => {
      const h = c.history.find((x) => x.action === 'receive' || x.action === 'accept')!;
      const docs = (c.procedure.required_documents as Array<string | { nameVi: string; kind?: string; required?: boolean }>) ?? [];
      return {
        ...c.base, receivedAt, dueAt, timeLimit: limitText(c.procedure.legal_limit as TimeLimit),
        documents: docs.filter((d) => typeof d === 'string' || d.required !== false).map((d) => (typeof d === 'string' ? { name: d, originals: 1, copies: 0 } : { name: d.nameVi, originals: d.kind === 'copy' ? 0 : 1, copies: d.kind === 'copy' ? 1 : 0 })),
        sets: 1, ...(await form01Fees(db, dossier, (c.procedure.fees as Fee[]) ?? [])),
        resultDelivery: 'Tại Trung tâm Phục vụ hành chính công hoặc qua dịch vụ bưu chính', receiver: { title: 'Người tiếp nhận', name: await c.userName(h.actor_id) },
      };
    },
    '02': async () => {
      const h = last(c, 'request_supplement')!;
      const officer = await c.userName(h.actor_id);
      // The applicant's contact is the officer who received the dossier at the desk (else the one asking).
      const receivedBy = c.history.find((x) => (x.action === 'receive' || x.action === 'accept') && x.actor_id)?.actor_id ?? h.actor_id;
      const contact = receivedBy ? await db.selectFrom('users').select(['full_name', 'phone']).where('id', '=', receivedBy).executeTakeFirst() : undefined;
      return {
        ...c.base, receivedAt, items: strings(h.details.items).map((name) => ({ name, reason: typeof h.details.reason === 'string' ? h.details.reason : undefined })),
        supplementDueAt: state.supplementDueAt ?? undefined, contact: { name: contact?.full_name ?? officer ?? '', phone: contact?.phone ?? '' }, guide: { title: 'Người hướng dẫn', name: officer },
      };
    },
    '03': async () => {
      const h = last(c, 'refuse')!;
      return { ...c.base, reasons: strings(h.details.reasons), receiver: { title: 'Người tiếp nhận', name: await c.userName(h.actor_id) } };
    },
    '04': async () => {
      const h = last(c, 'extend')!;
      const before = new Date(String(h.details.previousDueAt ?? h.details.dueAt ?? dueAt));
      const issued = await issuedForm(c, '04', h.at);
      return {
        ...c.base, ...issued.base, receivedAt, receivingAgency: c.base.agency.name, dueAt: before, reasons: strings(h.details.reason),
        // Lateness as the state machine found it (kept with the issued document), not as a request said.
        newDueAt: h.details.newDueAt ? new Date(String(h.details.newDueAt)) : dueAt, late: issued.facts.late === true,
        lateAgency: await c.agencyName(h.agency_id), recipients: issued.recipients, signer: issued.signer,
      };
    },
    '05': async () => {
      const h = [...c.history].reverse().find((x) => x.action === 'stop' || x.action === 'close_unsupplemented')!;
      const unsupplemented = h.action === 'close_unsupplemented';
      // «At your request» only when the withdrawal was completed: the stop of a pending request.
      const withdrawn = h.action === 'stop' && h.details.closedReason === 'withdrawn';
      const asked = withdrawn ? [...c.history].reverse().find((x) => x.action === 'request_withdrawal' && x.at <= h.at) : undefined;
      const issued = await issuedForm(c, '05', h.at);
      return {
        ...c.base, ...issued.base, receivedAt, requestedByApplicant: withdrawn, requestedAt: asked?.at, unsupplemented,
        supplementDueAt: unsupplemented ? state.supplementDueAt ?? undefined : undefined,
        reason: unsupplemented ? 'Quá thời hạn bổ sung, hoàn thiện hồ sơ' : String(h.details.reason ?? ''), recipients: issued.recipients, signer: issued.signer,
      };
    },
    '06': async () => {
      const calendar = await calendars.forAgency(dossier.receiving_agency_id, db);
      const hops = await controlHops({ ...c, state, calendar, applicantName: c.base.applicant.name });
      const lead = await c.agencyName(dossier.handling_agency_id);
      const coordinating = [...new Set(hops.map((h) => h.agency))].filter((a) => a !== lead && a !== c.base.agency.name);
      return { ...c.base, receivedAt, dueAt, leadAgency: lead, coordinatingAgencies: coordinating, hops, asOf: now };
    },
  };
  return (await build[no]()) as FormInputs[N] | undefined;
}

/** The rows of the register (form 07) for dossiers received in a period by the given agencies. */
export async function registerRows(db: Db, agencyIds: string[], from: Date, to: Date): Promise<RegisterRow[]> {
  const rows = await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id').leftJoin('agencies', 'agencies.id', 'dossiers.handling_agency_id')
    .select(['dossiers.id', 'dossiers.code', 'dossiers.applicant', 'dossiers.applicant_name', 'dossiers.received_at', 'dossiers.due_at', 'dossiers.status', 'dossiers.state', 'procedures.name_vi', 'agencies.name as handling_name'])
    .where('dossiers.receiving_agency_id', 'in', agencyIds).where('dossiers.received_at', '>=', from).where('dossiers.received_at', '<', to)
    .orderBy('dossiers.received_at').execute();
  const out: RegisterRow[] = [];
  for (const r of rows) {
    const state = stateFromJson(r.state);
    const started = await db.selectFrom('dossier_history').select('at').where('dossier_id', '=', r.id).where('action', '=', 'start_processing').executeTakeFirst();
    const a = r.applicant as { address?: unknown; phone?: string };
    out.push({
      dossierCode: r.code, procedureName: r.name_vi, sets: 1, applicantName: r.applicant_name, applicantAddress: addressLine(a.address), applicantPhone: a.phone ?? '',
      leadAgency: r.handling_name ?? '', receivedAt: r.received_at!, dueAt: r.due_at ?? r.received_at!, forwardedAt: started?.at ?? null,
      resultReceivedAt: state.decision?.at ?? null, returnedAt: state.returnedAt, status: STATUS_INFO[r.status as DossierStatus].vi,
    });
  }
  return out;
}
