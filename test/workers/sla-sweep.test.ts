/**
 * The SLA sweep's task states (api/workers/sweep.ts): between two changes of the calendars or the policy a
 * task only moves forward (in time → due soon → overdue) and the sweep reads only what crosses; a change of
 * the office hours (the basis moved, as the route does) has every open task classified again, a due-soon
 * task back in time included; a sweep started afresh on an unchanged basis does not classify every task again.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { moveRemindBasis } from '../../api/services/remind-basis.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours } from '../../api/domain/calendar/index.ts';
import { createSweep } from '../../api/workers/sweep.ts';
import { acceptReception, at, buildWorkersApp, receiveDossier } from './helpers.ts';

for (const target of databaseTargets()) {
  t.test(`task states move forward, and are classified again after a calendar change, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const db = w.handle.db;
    // Mon 2 Mar 2026 09:00: received and accepted; the appraisal step (12 working hours) is due Tue 15:30.
    const { instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    await w.projector.idle();
    const row = () => db.selectFrom('tasks').select(['sla_state', 'agency_id', 'due_at']).where('key', '=', appraisal.key).executeTakeFirstOrThrow();
    t.equal((await row()).due_at?.toISOString(), '2026-03-03T08:30:00.000Z');

    await at(w, '2026-03-02T10:00:00+07:00');
    t.equal((await row()).sla_state, 'in_time', 'Mon 10:00: 11 working hours left');
    // Mon 16:00: 1 h on Monday, 4 h + 2 h on Tuesday = 7 working hours left, within the 8 of the policy.
    await at(w, '2026-03-02T16:00:00+07:00');
    t.equal((await row()).sla_state, 'due_soon', 'Mon 16:00: due soon');

    // Monday's office open until 19:00: 9 working hours were left at 16:00, so the step was in time.
    const agency = (await row()).agency_id!;
    const hours = ((await db.selectFrom('agencies').select('office_hours').where('id', '=', agency).executeTakeFirstOrThrow()).office_hours as OfficeHours | null) ?? DEFAULT_OFFICE_HOURS;
    const late: OfficeHours = { ...hours, weekly: { ...hours.weekly, mon: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '19:00' }] } };
    await db.updateTable('agencies').set({ office_hours: JSON.stringify(late) }).where('id', '=', agency).execute();
    w.app.calendars.invalidate();
    await at(w, '2026-03-02T16:01:00+07:00');
    t.equal((await row()).sla_state, 'due_soon', 'with the basis unchanged the sweep does not read due-soon tasks again (they only move forward)');
    // A process started now (another server, or this one restarted) finds that every task was classified on this basis.
    const { app } = w;
    const restarted = createSweep({ db: app.db, engine: app.engine, calendars: app.calendars, clock: app.clock, log: app.log,
      policy: app.slaPolicy, bus: app.workers.bus, email: false, intervalMs: 60_000 });
    await restarted.runOnce();
    t.equal((await row()).sla_state, 'due_soon', 'nor does a sweep started afresh on the same basis: the full classification is not repeated');

    await db.transaction().execute((tx) => moveRemindBasis(tx, new Date('2026-03-02T09:02:00Z')));
    await at(w, '2026-03-02T16:02:00+07:00');
    t.equal((await row()).sla_state, 'in_time', 'once the basis moved, classified again: back in time');

    // Tue 09:00: 2.5 h + 2 h left: due soon again, then overdue after 15:30.
    await at(w, '2026-03-03T09:00:00+07:00');
    t.equal((await row()).sla_state, 'due_soon', 'Tue 09:00: due soon, crossing forward');
    await at(w, '2026-03-03T15:31:00+07:00');
    t.equal((await row()).sla_state, 'overdue', 'Tue 15:31: overdue');
  });
}

for (const target of databaseTargets()) {
  t.test(`a sweep under another SLA policy classifies again, due soon back to in time beyond every bound, on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target);
    t.teardown(() => w.close());
    const { app } = w;
    const db = w.handle.db;
    const { instanceKey } = await receiveDossier(w, 'marital-status-confirmation');
    await acceptReception(w, instanceKey);
    const appraisal = (await w.engine.listUserTasks({ processInstanceKey: instanceKey, state: 'CREATED' }))[0]!;
    await w.projector.idle();
    const state = async () => (await db.selectFrom('tasks').select('sla_state').where('key', '=', appraisal.key).executeTakeFirstOrThrow()).sla_state;
    await at(w, '2026-03-02T10:00:00+07:00');
    t.equal(await state(), 'in_time', 'Mon 10:00 under 8 hours\' notice: 11 working hours left');

    // A sweep under 24 working hours' notice (another installation's policy, or the default before an upgrade).
    const wide = createSweep({ db: app.db, engine: app.engine, calendars: app.calendars, clock: app.clock, log: app.log,
      policy: { ...app.slaPolicy, dueSoon: { kind: 'workingHours', hours: 24 } }, bus: app.workers.bus, email: false, intervalMs: 60_000 });
    await wide.runOnce();
    t.equal(await state(), 'due_soon', 'due soon under 24 hours\' notice');
    const version = (await db.selectFrom('remind_basis').select('version').executeTakeFirstOrThrow()).version;

    // The installation's own sweep: the policy's fingerprint moved the basis again, every bound is before Tue 15:30.
    await at(w, '2026-03-02T10:01:00+07:00');
    t.equal((await db.selectFrom('remind_basis').select('version').executeTakeFirstOrThrow()).version, version + 1, 'the basis moved back to the 8 hours\' policy');
    t.equal(await state(), 'in_time', 'in time again: its due instant is after the latest due-soon bound');
  });
}
