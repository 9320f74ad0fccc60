/**
 * Clones a template dossier with every row the application and the engine wrote for it: its dossier,
 * agencies, history, tasks, handoffs, notifications, deliveries, audit and outbox rows, and its process
 * instance(s) with their element history, jobs, timers, subscriptions, user tasks and user-task events.
 * Each clone gets fresh engine keys, uuids and code, another commune's agencies and officers, another
 * applicant, and every timestamp moved by whole weeks (the working-time shape of deadlines is kept).
 * Rows are read with `to_jsonb`, rewritten as text and written back with `jsonb_populate_recordset`.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../api/db/database.ts';
import { commune, COMMUNE_OFFICERS } from './province.ts';

/** Engine keys of the templates are above this (the sequence is moved there first), clones' above CLONE_KEY_BASE. */
export const TEMPLATE_KEY_BASE = 9_000_000_000_000;
export const CLONE_KEY_BASE = 9_100_000_000_000;
/** Keys reserved per clone (a template owns far fewer). */
export const KEYS_PER_CLONE = 1000;
const KEY = /(?<!\d)9\d{12}(?!\d)/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/** The tables cloned, parents first. */
const TABLES = [
  'dossiers', 'dossier_agencies', 'dossier_history', 'documents', 'handoffs', 'tasks', 'notifications', 'applicant_deliveries',
  'issued_documents', 'audit_log', 'outbox',
  'engine_process_instance', 'engine_element_history', 'engine_job', 'engine_timer', 'engine_message_subscription', 'engine_user_task',
  'engine_incident', 'engine_user_task_event',
] as const;
export type Table = (typeof TABLES)[number];

export interface Captured {
  code: string;
  applicantName: string;
  applicantIdNumber: string | null;
  receivedAt: Date;
  /** JSON text of each row, by table. */
  rows: Map<Table, string[]>;
  /** Engine keys the template owns, in order (clone i gets CLONE_KEY_BASE + i × KEYS_PER_CLONE + index). */
  keys: Map<string, number>;
  /** Uuids the template owns (its dossier's, documents', handoffs'). */
  uuids: string[];
  /** The open task's state after the capture ('CREATED' when the dossier waits at a user task or handoff). */
  openTasks: number;
}

/** Reads every row of a template dossier. */
export async function capture(db: Kysely<Database>, dossierId: string): Promise<Captured> {
  const d = await db.selectFrom('dossiers').select(['code', 'applicant_name', 'applicant_id_number', 'received_at', 'process_instance_key']).where('id', '=', dossierId).executeTakeFirstOrThrow();
  const instanceKeys: string[] = d.process_instance_key ? [d.process_instance_key] : [];
  for (let frontier = [...instanceKeys]; frontier.length > 0;) {
    const { rows } = await sql<{ key: string }>`select key::text as key from engine_process_instance where parent_instance_key::text in (${sql.join(frontier)})`.execute(db);
    frontier = rows.map((r) => r.key);
    instanceKeys.push(...frontier);
  }
  const taskKeys = (await db.selectFrom('tasks').select('key').where('dossier_id', '=', dossierId).execute()).map((r) => r.key);
  const handoffIds = (await db.selectFrom('handoffs').select('id').where('dossier_id', '=', dossierId).execute()).map((r) => r.id);
  const pik = instanceKeys.length ? sql.join(instanceKeys.map((k) => sql`${k}::bigint`)) : sql`null::bigint`;
  const where: Record<Table, ReturnType<typeof sql>> = {
    dossiers: sql`id = ${dossierId}`,
    dossier_agencies: sql`dossier_id = ${dossierId}`,
    dossier_history: sql`dossier_id = ${dossierId}`,
    documents: sql`dossier_id = ${dossierId}`,
    handoffs: sql`dossier_id = ${dossierId}`,
    tasks: sql`dossier_id = ${dossierId}`,
    notifications: sql`dossier_code = ${d.code}`,
    applicant_deliveries: sql`dossier_id = ${dossierId}`,
    issued_documents: sql`dossier_id = ${dossierId}`,
    audit_log: sql`target_id in (${sql.join([dossierId, d.code, ...taskKeys, ...handoffIds])})`,
    outbox: sql`key in (${sql.join([dossierId, d.code, ...taskKeys, ...handoffIds])}) or payload::text like ${`%${dossierId}%`} or payload::text like ${`%"${d.code}"%`}`,
    engine_process_instance: sql`key in (${pik})`,
    engine_element_history: sql`process_instance_key in (${pik})`,
    engine_job: sql`process_instance_key in (${pik})`,
    engine_timer: sql`process_instance_key in (${pik})`,
    engine_message_subscription: sql`process_instance_key in (${pik})`,
    engine_user_task: sql`process_instance_key in (${pik})`,
    engine_incident: sql`process_instance_key in (${pik})`,
    engine_user_task_event: sql`user_task_key in (select key from engine_user_task where process_instance_key in (${pik}))`,
  };
  const rows = new Map<Table, string[]>();
  const definitions = new Set((await sql<{ key: string }>`select key::text as key from engine_process_definition`.execute(db)).rows.map((r) => r.key));
  const keys = new Map<string, number>();
  const uuids = new Set<string>([dossierId, ...handoffIds]);
  for (const table of TABLES) {
    const { rows: found } = await sql<{ j: Record<string, unknown> }>`select to_jsonb(t) as j from ${sql.table(table)} t where ${where[table]}`.execute(db);
    const texts = found.map((r) => JSON.stringify(r.j));
    rows.set(table, texts);
    if (table === 'documents') for (const r of found) uuids.add(String(r.j.id));
    for (const text of texts) for (const m of text.matchAll(KEY)) if (!definitions.has(m[0]) && !keys.has(m[0])) keys.set(m[0], keys.size);
  }
  if (keys.size >= KEYS_PER_CLONE) throw new Error(`template ${d.code} owns ${keys.size} engine keys, more than ${KEYS_PER_CLONE}`);
  const openTasks = (await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('dossier_id', '=', dossierId).where('state', '=', 'CREATED').executeTakeFirstOrThrow()).n;
  return { code: d.code, applicantName: d.applicant_name, applicantIdNumber: d.applicant_id_number, receivedAt: d.received_at!, rows, keys, uuids: [...uuids], openTasks: Number(openTasks) };
}

/** One clone to write. */
export interface CloneSpec {
  /** Index of the clone (its engine key block). */
  index: number;
  /** Commune number (1-based) it is received in. */
  commune: number;
  /** Its code. */
  code: string;
  /** Whole weeks to move every timestamp by (negative: earlier). */
  weeks: number;
  /** Minutes to move every timestamp by as well (negative: earlier; within the templates' day). */
  minutes?: number;
  applicantName: string;
  applicantIdNumber: string;
}

/** Maps template commune user ids to each commune's officers. */
export async function officerMap(db: Kysely<Database>, communes: number): Promise<Array<Map<string, string>>> {
  const users = await db.selectFrom('users').select(['id', 'username']).where('username', 'like', 'xa%').execute();
  const byName = new Map(users.map((u) => [u.username, u.id]));
  const maps: Array<Map<string, string>> = [new Map()];
  for (let i = 1; i <= communes; i++) {
    const m = new Map<string, string>();
    for (const o of COMMUNE_OFFICERS) m.set(byName.get(`${commune(1).prefix}-${o.suffix}`)!, byName.get(`${commune(i).prefix}-${o.suffix}`)!);
    maps.push(m);
  }
  return maps;
}

/** The rows of one clone, by table. */
export function cloneRows(t: Captured, spec: CloneSpec, officers: Map<string, string>): Map<Table, string[]> {
  const base = CLONE_KEY_BASE + spec.index * KEYS_PER_CLONE;
  const uuidMap = new Map<string, string>(t.uuids.map((u) => [u, randomUUID()]));
  for (const [from, to] of officers) uuidMap.set(from, to);
  const shift = spec.weeks * 7 * 86_400_000 + (spec.minutes ?? 0) * 60_000;
  const c1 = commune(1);
  const c = commune(spec.commune);
  const out = new Map<Table, string[]>();
  for (const [table, texts] of t.rows) {
    out.set(table, texts.map((text) => {
      let s = text.split(t.code).join(spec.code);
      s = s.split(t.applicantName).join(spec.applicantName);
      if (t.applicantIdNumber) s = s.split(t.applicantIdNumber).join(spec.applicantIdNumber);
      s = s.replace(KEY, (k) => {
        const i = t.keys.get(k);
        return i === undefined ? k : String(base + i);
      });
      s = s.replace(UUID, (u) => uuidMap.get(u) ?? u);
      if (shift !== 0) s = s.replace(TIMESTAMP, (ts) => new Date(Date.parse(ts) + shift).toISOString());
      if (spec.commune !== 1) {
        s = s.split(`"${c1.unit}"`).join(`"${c.unit}"`).split(`"${c1.id}"`).join(`"${c.id}"`).split(`${c1.prefix}-`).join(`${c.prefix}-`);
      }
      return s;
    }));
  }
  return out;
}

const columnCache = new Map<string, string[]>();

/** The columns a clone writes: not generated, not serial, not stamped by a trigger. */
async function columnsOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const cached = columnCache.get(table);
  if (cached) return cached;
  const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
      and coalesce(column_default, '') not like 'nextval(%' order by ordinal_position`.execute(db);
  const cols = rows.map((r) => r.column_name).filter((c) => !(table === 'tasks' && (c === 'change_seq' || c === 'change')));
  columnCache.set(table, cols);
  return cols;
}

/** Writes rows (JSON texts by table) in table order, in batches. */
export async function writeRows(db: Kysely<Database>, rows: Map<Table, string[]>): Promise<void> {
  for (const table of TABLES) {
    const texts = rows.get(table);
    if (!texts?.length) continue;
    const cols = sql.join((await columnsOf(db, table)).map((c) => sql.ref(c)));
    for (let i = 0; i < texts.length; i += 2000) {
      const json = `[${texts.slice(i, i + 2000).join(',')}]`;
      await sql`insert into ${sql.table(table)} (${cols}) select ${cols} from jsonb_populate_recordset(null::${sql.table(table)}, ${json}::jsonb)`.execute(db);
    }
  }
}

/** Appends a clone's rows to an accumulator. */
export function appendRows(into: Map<Table, string[]>, rows: Map<Table, string[]>): void {
  for (const [table, texts] of rows) {
    const list = into.get(table);
    if (list) list.push(...texts);
    else into.set(table, [...texts]);
  }
}
