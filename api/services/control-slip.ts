/**
 * The steps of the processing control slip (form 06) from a dossier's tasks, history and
 * handoffs. Each step is judged against its own deadline: the engine task's due date (the
 * step's internal allocation); for reception, the forwarding deadline of the 15:00 rule
 * (`forwardingDueAt`), not the instant of receipt. The hand-over into each step names who gave
 * the dossier, who received it and when; a delay belongs to the step that held the dossier.
 */
import type { Kysely } from 'kysely';
import type { Database, Dossier } from '../db/database.ts';
import { forwardingDueAt, type Calendar } from '../domain/calendar/index.ts';
import type { DossierState } from '../domain/dossier/index.ts';
import type { ControlHop } from '../forms/index.ts';
import { handoffHops } from './handoffs.ts';

type Db = Kysely<Database>;

/** A history row as the forms read it. */
export interface HistoryRow {
  action: string;
  at: Date;
  actor_id: string | null;
  agency_id: string | null;
  details: Record<string, unknown>;
}

/** What the slip is built from. */
export interface SlipSource {
  db: Db;
  dossier: Dossier;
  state: DossierState;
  history: readonly HistoryRow[];
  calendar: Calendar;
  applicantName: string;
  userName(id: string | null): Promise<string | undefined>;
  agencyName(id: string | null): Promise<string>;
}

const RECEPTION = 'Tiếp nhận, chuyển hồ sơ';

async function taskHops(s: SlipSource): Promise<ControlHop[]> {
  const tasks = await s.db.selectFrom('tasks').leftJoin('agencies', 'agencies.id', 'tasks.agency_id')
    .select(['tasks.step', 'tasks.name', 'agencies.name as agency_name', 'tasks.assignee_id', 'tasks.completed_by', 'tasks.created_at', 'tasks.completed_at', 'tasks.due_at'])
    .where('tasks.dossier_id', '=', s.dossier.id).where('tasks.kind', '=', 'user_task').where('tasks.state', '!=', 'CANCELED')
    .orderBy('tasks.created_at').execute();
  if (tasks.length === 0) return [];
  const received = s.history.find((h) => h.action === 'receive' || h.action === 'accept');
  const hops: ControlHop[] = [];
  const receiver = await s.userName(received?.actor_id ?? null);
  let previous = receiver;
  if (received && tasks[0]!.step !== 'reception') {
    // Received at the counter before the process started: the reception step ends when the first step begins.
    hops.push({ agency: await s.agencyName(s.dossier.receiving_agency_id), task: RECEPTION, receivedAt: received.at, givenBy: s.applicantName, receivedBy: receiver, sentAt: tasks[0]!.created_at, dueAt: forwardingDueAt(s.calendar, received.at) });
  }
  for (const t of tasks) {
    const reception = t.step === 'reception';
    // A counter receipt completes its process's reception task itself: the officer who received holds it.
    const holder = (await s.userName(t.completed_by ?? t.assignee_id)) ?? (reception ? receiver : undefined);
    const handedAt = reception && received && received.at < t.created_at ? received.at : t.created_at;
    const due = reception ? forwardingDueAt(s.calendar, s.state.receivedAt ?? t.created_at) : t.due_at ?? s.state.dueAt ?? t.created_at;
    hops.push({
      agency: t.agency_name ?? '', task: t.name ?? t.step ?? '', receivedAt: handedAt,
      givenBy: reception ? s.applicantName : previous, receivedBy: holder, sentAt: t.completed_at, dueAt: due,
    });
    previous = holder ?? previous;
  }
  return hops;
}

/** Without engine tasks: reception, processing and return from the dossier's history. */
async function historyHops(s: SlipSource): Promise<ControlHop[]> {
  const find = (action: string) => s.history.find((h) => h.action === action);
  const last = (action: string) => [...s.history].reverse().find((h) => h.action === action);
  const received = find('receive') ?? find('accept');
  const started = find('start_processing');
  const decided = last('decide');
  const returned = last('return_result');
  const due = s.state.dueAt;
  const hops: ControlHop[] = [];
  if (!received || !due) return hops;
  const receiver = await s.userName(received.actor_id);
  const centre = await s.agencyName(s.dossier.receiving_agency_id);
  hops.push({ agency: centre, task: RECEPTION, receivedAt: received.at, givenBy: s.applicantName, receivedBy: receiver, sentAt: started?.at ?? null, dueAt: forwardingDueAt(s.calendar, received.at) });
  if (!started) return hops;
  const forwarder = await s.userName(started.actor_id);
  const username = typeof started.details.assignee === 'string' ? started.details.assignee : undefined;
  const assignee = username ? (await s.db.selectFrom('users').select('full_name').where('username', '=', username).executeTakeFirst())?.full_name ?? username : undefined;
  const appraiser = await s.userName(decided?.actor_id ?? null);
  hops.push({ agency: await s.agencyName(s.dossier.handling_agency_id), task: 'Thẩm định, trình ký', receivedAt: started.at, givenBy: forwarder, receivedBy: assignee ?? appraiser, sentAt: decided?.at ?? null, dueAt: due });
  if (!decided) return hops;
  // The return step did not use the time before the result reached it: a result that arrives
  // after the due date is to be handed on within the day (same cut-off as a forwarding).
  const returnDue = decided.at.getTime() <= due.getTime() ? due : forwardingDueAt(s.calendar, decided.at);
  hops.push({ agency: centre, task: 'Trả kết quả', receivedAt: decided.at, givenBy: appraiser, receivedBy: await s.userName(returned?.actor_id ?? null), sentAt: returned?.at ?? null, dueAt: returnDue });
  return hops;
}

/** The rows of form 06, in the order the dossier moved. */
export async function controlHops(s: SlipSource): Promise<ControlHop[]> {
  const steps = await taskHops(s);
  const hops = [...(steps.length > 0 ? steps : await historyHops(s)), ...(await handoffHops(s.db, s.dossier.id))];
  return hops.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
