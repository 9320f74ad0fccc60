/**
 * Template dossiers made by the real application: for each shipped procedure, dossiers received at the
 * counter of commune 1 and driven through 0, 1 … `maxDepth` steps by its officers (handoffs answered by
 * the other agencies' officers), on the embedded engine, with the workers' outbox and a manual clock.
 * The generator clones each template's rows (engine state included) into the other open dossiers.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import type { DatabaseHandle } from '../../api/db/connect.ts';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';
import type { EmbeddedEngine } from '../../engine-adapter/embedded/embedded-engine.ts';
import { ManualClock } from '../../test/helpers/clock.ts';
import { BENCH_PASSWORD, commune } from './province.ts';

export interface Template {
  dossierId: string;
  code: string;
  procedureId: string;
  /** Steps done before the capture. */
  depth: number;
  receivedAt: Date;
}

const HOUR = 3_600_000;
const OUTCOMES: Record<string, Record<string, unknown>> = {
  reception: { reception: { outcome: 'accept' } },
  triage: { triage: { outcome: 'accept' } },
  appraisal: { appraisal: { outcome: 'ok', note: 'Đủ điều kiện' } },
  verification: { verification: { outcome: 'confirmed' } },
  approval: { approval: { outcome: 'approve' } },
  delivery: { result: { outcome: 'returned', channel: 'truc_tiep' } },
};
const AGENCY_OFFICERS: Record<string, string> = { 'ca-xa-demo': 'police', 'bhxh-demo': 'insurance', 'so-xay-dung-demo': 'department' };
const example = (id: string) => JSON.parse(readFileSync(new URL(`../../schemas/procedures/examples/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** Makes the templates at `start` (a Monday morning, in the past): every procedure × depth 0 … maxDepth. */
export async function makeTemplates(handle: DatabaseHandle, start: Date, maxDepth: number): Promise<Template[]> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_PASSWORD: BENCH_PASSWORD });
  const clock = new ManualClock(start);
  const app = await buildApp({ config, database: { ...handle, close: async () => undefined }, clock, engineAutoStart: false, services: { calendarCacheMs: 0 } });
  try {
    await app.ready();
    const settle = settler(app);
    const c = commune(1);
    const users: Record<string, string> = { receptionist: `${c.prefix}-reception`, specialist: `${c.prefix}-specialist1`, leader: `${c.prefix}-leader`, ...AGENCY_OFFICERS };
    const tokens: Record<string, Record<string, string>> = {};
    for (const username of new Set(Object.values(users))) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: BENCH_PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.body}`);
      tokens[username] = { authorization: `Bearer ${(res.json() as { accessToken: string }).accessToken}` };
    }
    const made: Template[] = [];
    for (const entry of PROCEDURE_CATALOGUE) {
      for (let depth = 0; depth <= maxDepth; depth++) {
        const res = await app.inject({ method: 'POST', url: '/api/dossiers', headers: tokens[users.receptionist!]!, payload: { procedureId: entry.id, channel: depth % 2 ? 'online' : 'in_person', formData: example(entry.id) } });
        if (res.statusCode !== 201) throw new Error(`${entry.id}: ${res.body}`);
        const { code } = res.json() as { code: string };
        const row = await handle.db.selectFrom('dossiers').select(['id', 'received_at']).where('code', '=', code).executeTakeFirstOrThrow();
        made.push({ dossierId: row.id, code, procedureId: entry.id, depth, receivedAt: row.received_at! });
        clock.advance(60_000);
      }
    }
    await settle();
    // Step by step: after round r every template of depth > r has done r + 1 steps.
    for (let round = 0; round < maxDepth; round++) {
      clock.advance(HOUR);
      for (const t of made.filter((m) => m.depth > round)) {
        const task = await handle.db.selectFrom('tasks').selectAll().where('dossier_id', '=', t.dossierId).where('state', '=', 'CREATED').orderBy('created_at').executeTakeFirst();
        if (!task) continue;
        if (task.kind === 'handoff') {
          const officer = AGENCY_OFFICERS[task.agency_id!]!;
          const res = await app.inject({ method: 'POST', url: `/api/handoffs/${task.key.slice('handoff:'.length)}/result`, headers: tokens[officer]!, payload: { outcome: 'done', note: 'Đã xử lý' } });
          if (res.statusCode !== 200) throw new Error(`handoff ${t.code}: ${res.body}`);
        } else {
          const user = users[task.candidate_groups[0]!]!;
          const res = await app.inject({ method: 'POST', url: `/api/tasks/${task.key}/complete`, headers: tokens[user]!, payload: { variables: OUTCOMES[task.step!] } });
          if (res.statusCode !== 200) throw new Error(`${t.code} ${task.step} by ${user}: ${res.body}`);
        }
        await settle();
      }
    }
    await settle();
    return made;
  } finally {
    await app.close();
  }
}

function settler(app: FastifyInstance) {
  const engine = app.engine as EmbeddedEngine;
  return async () => {
    for (let i = 0; i < 50; i++) {
      const moved = await engine.runUntilIdle();
      await app.taskProjector.idle();
      const bridged = await app.taskBridge.drain();
      await app.taskProjector.idle();
      const sent = (await app.workers.outbox?.drain()) ?? 0;
      if (moved === 0 && bridged === 0 && sent === 0) return;
    }
    throw new Error('templates: the app is still moving after 50 rounds');
  };
}
