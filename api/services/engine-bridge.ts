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
import { createOutboxConsumer, type OutboxConsumer, type OutboxEvent } from '../workers/outbox-consumer.ts';
import type { Clock } from './clock.ts';
import { enqueue } from './outbox.ts';
import { completionsForEvent } from './task-outcomes.ts';
import type { TaskProjector } from './task-projector.ts';

export const TASK_COMPLETE_TOPIC = 'task.complete';
const DAY_MS = 86_400_000;

export interface EngineBridgeDeps {
  db: Kysely<Database>;
  engine: WorkflowEngine;
  clock: Clock;
  projector: TaskProjector;
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Engine errors that mean "already done": the task or instance is gone or finished. */
const settled = (err: unknown) => err instanceof EngineError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_STATE');

async function ignoreSettled(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (err) {
    if (!settled(err)) throw err;
  }
}

export function createEngineBridge(deps: EngineBridgeDeps): OutboxConsumer {
  const { db, engine, clock } = deps;

  /**
   * Starts the dossier's process instance once. The engine commits on its own, so a crash (or a failed
   * UPDATE) between its answer and storing the key would start a second instance on redelivery: the
   * marker `process_start_requested_at` is written first, and a redelivery that finds it set adopts the
   * instance started with this dossier's id before creating one. On Zeebe the search may miss an instance
   * created a moment ago (eventually consistent); the retry backoff keeps that window small.
   */
  async function ensureInstance(event: OutboxEvent): Promise<void> {
    const d = await db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
      .select(['dossiers.id', 'dossiers.code', 'dossiers.process_instance_key', 'dossiers.process_start_requested_at', 'dossiers.receiving_agency_id', 'dossiers.handling_agency_id', 'dossiers.channel', 'dossiers.received_at', 'dossiers.procedure_id', 'procedures.process_id'])
      .where('dossiers.id', '=', String(event.payload.dossierId)).executeTakeFirstOrThrow();
    if (d.process_instance_key) return;
    let instanceKey: string | undefined;
    if (d.process_start_requested_at) {
      instanceKey = (await engine.searchProcessInstances({ bpmnProcessId: d.process_id, variables: { dossierId: d.id } }))[0]?.processInstanceKey;
    } else {
      await db.updateTable('dossiers').set({ process_start_requested_at: clock.now() }).where('id', '=', d.id).execute();
    }
    instanceKey ??= (await engine.createProcessInstance({
      bpmnProcessId: d.process_id,
      variables: {
        dossierCode: d.code, dossierId: d.id, procedureId: d.procedure_id, agencyId: d.receiving_agency_id, handlingAgencyId: d.handling_agency_id,
        channel: d.channel, ...(d.received_at ? { receivedAt: d.received_at.toISOString() } : {}),
      },
    })).processInstanceKey;
    await db.updateTable('dossiers').set({ process_instance_key: instanceKey }).where('id', '=', d.id).where('process_instance_key', 'is', null).execute();
  }

  /** Completes the open task of the step that mirrors an action taken elsewhere (the first candidate step open). */
  async function mirror(event: OutboxEvent): Promise<void> {
    const candidates = completionsForEvent(String(event.payload.action), event.payload);
    const d = await db.selectFrom('dossiers').select('process_instance_key').where('id', '=', String(event.payload.dossierId)).executeTakeFirst();
    if (candidates.length === 0 || !d?.process_instance_key) return;
    const open = await engine.listUserTasks({ processInstanceKey: d.process_instance_key, state: 'CREATED' });
    for (const completion of candidates) {
      const task = open.find((t) => t.customHeaders.step === completion.step);
      if (task) return ignoreSettled(engine.completeUserTask(task.key, completion.variables));
    }
  }

  async function cancel(event: OutboxEvent): Promise<void> {
    const d = await db.selectFrom('dossiers').select('process_instance_key').where('id', '=', String(event.payload.dossierId)).executeTakeFirst();
    if (d?.process_instance_key) await ignoreSettled(engine.cancelProcessInstance(d.process_instance_key));
  }

  // A dossier received at the counter is already accepted: its process's reception task completes itself.
  deps.projector.onTaskCreated(async (task, dossier) => {
    if (task.customHeaders.step !== 'reception' || !dossier || dossier.status === 'registered') return;
    const outcome = dossier.status === 'refused' ? { outcome: 'refuse', note: 'Đã từ chối tại quầy' } : { outcome: 'accept' };
    await enqueue(db, TASK_COMPLETE_TOPIC, task.key, { taskKey: task.key, dossierId: dossier.id, variables: { reception: outcome } }, clock.now());
  });

  return createOutboxConsumer({
    db, clock, log: deps.log, backoffMs: 500, maxBackoffMs: 60_000,
    // A burst of receptions: each dossier's events in order, several dossiers' processes started at once
    // (issue 18: one at a time, 2,858 dossiers took 260 s). Events naming no dossier share one partition.
    batchSize: 40, concurrency: 4, partitionOf: (e) => String(e.payload.dossierId ?? ''),
    handlers: {
      'dossier.registered': ensureInstance,
      'dossier.accepted': async (e) => (e.payload.from === 'none' ? ensureInstance(e) : mirror(e)),
      'dossier.refused': mirror,
      'dossier.supplement_requested': mirror,
      'dossier.decided': mirror,
      'dossier.result_returned': mirror,
      'dossier.supplement_received': async (e) => {
        await engine.publishMessage({
          name: 'supplement-received', correlationKey: String(e.payload.dossierCode), timeToLive: DAY_MS, messageId: `supplement-received-${e.id}`,
          variables: { supplementReceivedAt: String(e.payload.occurredAt) },
        });
      },
      'dossier.stopped': cancel,
      'dossier.closed_unsupplemented': cancel,
      [TASK_COMPLETE_TOPIC]: async (e) => ignoreSettled(engine.completeUserTask(String(e.payload.taskKey), e.payload.variables as Record<string, unknown>)),
    },
  });
}
