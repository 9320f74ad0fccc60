/**
 * Keeps the workflow engine in step with the dossiers, from the outbox (at least once, so every
 * handler is idempotent): a dossier received or registered gets its process instance; a lifecycle
 * action taken outside the task list completes the matching open task; a received supplement
 * publishes `supplement-received`; a stopped dossier cancels its instance; `task.complete`
 * events written by the task list complete the engine's user tasks.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { WorkflowEngine } from '../../engine-adapter/workflow-engine.ts';
import { EngineError } from '../../engine-adapter/errors.ts';
import { engineHttp } from '../engine-errors.ts';
import { createOutboxConsumer, type OutboxConsumer, type OutboxEvent } from '../workers/outbox-consumer.ts';
import { handledMark } from '../workers/outbox-outcome.ts';
import { marked, NotYet, skipped, type Marked, type Skipped } from '../workers/outbox-retry.ts';
import { doneThroughTask, isFinalStatus, markCompleting, markedTask } from './engine-bridge-state.ts';
import { completeOrDenied } from './engine-bridge-complete.ts';
import type { Clock } from './clock.ts';
import { enqueueMany } from './outbox.ts';
import { completionsForEvent } from './task-outcomes.ts';
import { DOSSIER_STATUSES } from '../domain/dossier/statuses.ts';
import type { TaskProjector } from './task-projector.ts';

export const TASK_COMPLETE_TOPIC = 'task.complete';
const DAY_MS = 86_400_000;
const FINAL_STATUSES = DOSSIER_STATUSES.filter(isFinalStatus);
/** What starting a dossier's process reads of it. */
const DOSSIER_START = ['dossiers.id', 'dossiers.code', 'dossiers.receiving_agency_id', 'dossiers.handling_agency_id', 'dossiers.channel', 'dossiers.received_at', 'dossiers.procedure_id', 'procedures.process_id'] as const;

export interface EngineBridgeDeps {
  db: Kysely<Database>;
  engine: WorkflowEngine;
  clock: Clock;
  projector: TaskProjector;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** The outbox lease (`OUTBOX_LEASE_SECONDS`; default the consumer's). */
  leaseMs?: number;
  /** Idle poll in ms (default the consumer's, 500). */
  pollMs?: number;
}

/**
 * Engine errors that mean "already done": the instance is gone or finished (a cancellation). A task
 * listener's denial is an INVALID_STATE too, but nothing was done: it is never "already done" (task
 * completions and their denials: `engine-bridge-complete.ts`).
 */
const settled = (err: unknown) => err instanceof EngineError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_STATE') && err.context.deniedReason === undefined;

async function ignoreSettled(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if (!settled(err)) throw err;
  }
}

export function createEngineBridge(deps: EngineBridgeDeps): OutboxConsumer {
  const { db, engine, clock } = deps;
  const completing = { db, engine, clock, log: deps.log };

  /**
   * Starts the dossier's process instance once. The engine commits on its own, so a crash (or a failed
   * UPDATE) between its answer and storing the key would start a second instance on redelivery: the
   * marker `process_start_requested_at` is written first, and a redelivery that finds it set adopts the
   * instance started with this dossier's id before creating one. On Zeebe the search may miss an instance
   * created a moment ago (eventually consistent); the retry backoff keeps that window small.
   * A dossier in a final status (stopped while the engine was down, say) gets no process: the marker is
   * written only if the status is not final, in one statement, and the event ends "skipped" (audited).
   * A dossier stopped after that check, while the engine starts its process, has its `dossier.stopped`
   * event behind this one: it cancels the instance.
   */
  async function ensureInstance(event: OutboxEvent): Promise<void | Skipped | Marked> {
    const id = String(event.payload.dossierId);
    // The first delivery (nearly always): the marker written and the dossier read in one statement.
    let d = await db.updateTable('dossiers').from('procedures').set({ process_start_requested_at: clock.now() })
      .whereRef('procedures.id', '=', 'dossiers.procedure_id').where('dossiers.id', '=', id)
      .where('dossiers.process_start_requested_at', 'is', null).where('dossiers.process_instance_key', 'is', null).where('dossiers.status', 'not in', FINAL_STATUSES)
      .returning(DOSSIER_START).executeTakeFirst();
    let instanceKey: string | undefined;
    if (!d) {
      // Not marked now: started already, asked for by an earlier delivery, or final.
      const now = await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
        .select([...DOSSIER_START, 'dossiers.process_instance_key', 'dossiers.process_start_requested_at', 'dossiers.status']).where('dossiers.id', '=', id).executeTakeFirstOrThrow();
      if (now.process_instance_key) return;
      if (!now.process_start_requested_at) {
        if (isFinalStatus(now.status)) return skipped(`dossier ${now.status}`);
        throw new NotYet('the process start was being requested by another delivery');
      }
      instanceKey = (await engine.searchProcessInstances({ bpmnProcessId: now.process_id, variables: { dossierId: now.id } }))[0]?.processInstanceKey;
      if (!instanceKey && isFinalStatus(now.status)) return skipped(`dossier ${now.status}`);
      d = now;
    }
    instanceKey ??= (await engine.createProcessInstance({
      bpmnProcessId: d.process_id,
      variables: {
        dossierCode: d.code, dossierId: d.id, procedureId: d.procedure_id, agencyId: d.receiving_agency_id, handlingAgencyId: d.handling_agency_id,
        channel: d.channel, ...(d.received_at ? { receivedAt: d.received_at.toISOString() } : {}),
      },
    })).processInstanceKey;
    // The key stored and the event marked handled in one statement (`handledMark`).
    await db.with('handled', handledMark(event, clock)).updateTable('dossiers').set({ process_instance_key: instanceKey })
      .where('id', '=', d.id).where('process_instance_key', 'is', null).execute();
    return marked;
  }

  /** The dossier's instance, or why there is none: for good (skipped) or not yet (throws `NotYet`). */
  async function instanceOf(event: OutboxEvent): Promise<string | Skipped> {
    const d = await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
      .select(['dossiers.id', 'dossiers.process_instance_key', 'dossiers.process_start_requested_at', 'dossiers.status', 'procedures.process_id'])
      .where('dossiers.id', '=', String(event.payload.dossierId)).executeTakeFirst();
    if (!d) return skipped('dossier not found');
    if (d.process_instance_key) return d.process_instance_key;
    // A start was asked for but its key not stored: an instance may carry the dossier's id all the same.
    const started = d.process_start_requested_at
      ? (await engine.searchProcessInstances({ bpmnProcessId: d.process_id, variables: { dossierId: d.id } }))[0]?.processInstanceKey : undefined;
    if (started) return started;
    if (isFinalStatus(d.status)) return skipped(`no process: dossier ${d.status}`);
    throw new NotYet('the dossier has no process instance yet');
  }

  /**
   * Completes the open task of the step that mirrors an action taken elsewhere (the first candidate step
   * open). No such task yet is a retry ("not yet"), unless the action was the task's own completion or
   * an earlier delivery of this event completed it.
   */
  async function mirror(event: OutboxEvent): Promise<void | Skipped> {
    const candidates = completionsForEvent(String(event.payload.action), event.payload);
    if (candidates.length === 0) return;
    const instance = await instanceOf(event);
    if (typeof instance !== 'string') return instance;
    const open = await engine.listUserTasks({ processInstanceKey: instance, state: 'CREATED' });
    for (const completion of candidates) {
      const task = open.find((t) => t.customHeaders.step === completion.step);
      if (!task) continue;
      await markCompleting(db, event, task.key);
      return completeOrDenied(completing, event, task.key, completion.variables);
    }
    const steps = candidates.map((c) => c.step);
    if (await markedTask(db, event)) return; // completed by an earlier delivery that stopped before it was marked handled
    if (await doneThroughTask(db, event, steps)) return;
    throw new NotYet(`no open task of step ${steps.join(' or ')} yet`);
  }

  async function cancel(event: OutboxEvent): Promise<void | Skipped> {
    const instance = await instanceOf(event);
    if (typeof instance !== 'string') return instance;
    await ignoreSettled(engine.cancelProcessInstance(instance));
  }

  /** A message that resumes a process is not published for a dossier in a final status. */
  async function resumable(event: OutboxEvent): Promise<Skipped | undefined> {
    const d = await db.selectFrom('dossiers').select('status').where('id', '=', String(event.payload.dossierId)).executeTakeFirst();
    return d && isFinalStatus(d.status) ? skipped(`dossier ${d.status}`) : undefined;
  }

  // A dossier received at the counter is already accepted: its process's reception task completes itself
  // (a projected batch's reception tasks in one statement).
  deps.projector.onTasksCreated(async (created) => {
    const events = created.flatMap(({ task, dossier }) => {
      if (task.customHeaders.step !== 'reception' || !dossier || dossier.status === 'registered') return [];
      const outcome = dossier.status === 'refused' ? { outcome: 'refuse', note: 'Đã từ chối tại quầy' } : { outcome: 'accept' };
      return [{ topic: TASK_COMPLETE_TOPIC, key: task.key, payload: { taskKey: task.key, dossierId: dossier.id, variables: { reception: outcome } } }];
    });
    if (events.length === 0) return;
    await enqueueMany(db, events, clock.now());
    consumer.wake(); // committed: taken at once, not at the next idle poll
  });

  const consumer = createOutboxConsumer({
    db, clock, log: deps.log, leaseMs: deps.leaseMs, pollMs: deps.pollMs, backoffMs: 500, maxBackoffMs: 60_000, maxAttempts: 12,
    // The engine out of reach is nobody's fault: retried every minute at most while it lasts, never dead-lettered.
    isTransient: (err) => err instanceof EngineError && engineHttp(err).kind === 'unavailable',
    // One dossier's events one at a time, in order, across every consumer and process (`outbox-claim.ts`);
    // a burst of receptions: several dossiers' processes started at once (issue 18: one at a time,
    // 2,858 dossiers took 260 s). Eight lanes, each taking the next event as soon as it is free: at 50
    // receptions/s (100 events/s) four lanes fell behind by seconds (bench/README.md, "Reception → first task").
    orderKey: 'dossierId', batchSize: 40, concurrency: 8, pipelined: true, partitionOf: (e) => String(e.payload.dossierId ?? ''),
    handlers: {
      'dossier.registered': ensureInstance,
      'dossier.accepted': async (e) => (e.payload.from === 'none' ? ensureInstance(e) : mirror(e)),
      'dossier.refused': mirror,
      'dossier.supplement_requested': mirror,
      'dossier.decided': mirror,
      'dossier.result_returned': mirror,
      'dossier.supplement_received': async (e) => {
        const stop = await resumable(e);
        if (stop) return stop;
        await engine.publishMessage({
          name: 'supplement-received', correlationKey: String(e.payload.dossierCode), timeToLive: DAY_MS, messageId: `supplement-received-${e.id}`,
          variables: { supplementReceivedAt: String(e.payload.occurredAt) },
        });
      },
      'dossier.stopped': cancel,
      'dossier.closed_unsupplemented': cancel,
      [TASK_COMPLETE_TOPIC]: async (e) => completeOrDenied(completing, e, String(e.payload.taskKey), e.payload.variables as Record<string, unknown>),
    },
  });
  return consumer;
}
