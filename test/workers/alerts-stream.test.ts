/**
 * The live alert stream (server-sent events) over real HTTP: token in the query (EventSource),
 * one event per new notification of the logged-in user — from this process's bus, or written by
 * another process and found by polling — and never the token in the logs.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { recordNotification } from '../../api/services/notifications.ts';
import { buildWorkersApp, userId } from './helpers.ts';

/** Opens the stream; `next()` resolves with the next event's fields. */
function openStream(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ res: IncomingMessage; next(): Promise<Record<string, string>>; close(): void }>((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let buffer = '';
      const events: Array<Record<string, string>> = [];
      const waiters: Array<(e: Record<string, string>) => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
          if (Object.keys(fields).length) (waiters.shift() ?? ((e) => events.push(e)))(fields);
        }
      });
      resolve({ res, next: () => (events.length ? Promise.resolve(events.shift()!) : new Promise((r) => waiters.push(r))), close: () => req.destroy() });
    });
    req.on('error', reject);
    req.end();
  });
}

for (const target of databaseTargets()) {
  t.test(`alert stream on ${target.name}`, async (t) => {
    const w = await buildWorkersApp(target, { config: { alertsPollMs: 20 } });
    t.teardown(() => w.close());
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(w.app.server.address() as { port: number }).port}`;
    const token = await w.token('supervisor');
    const supervisor = await userId(w, 'supervisor');
    const notice = (key: string, user = supervisor) => ({
      userId: user, kind: 'step-overdue', dossierCode: 'XADEMO-260302-0001', agencyId: 'xa-demo',
      title: { vi: `Quá hạn ${key}`, en: `Overdue ${key}` }, body: { vi: 'Nội dung', en: 'Body' }, dedupeKey: key,
    });

    const refused = await fetch(`${base}/api/alerts/stream`);
    t.equal(refused.status, 401, 'no token');
    await refused.body?.cancel();

    const stream = await openStream(`${base}/api/alerts/stream?access_token=${token}`);
    t.teardown(() => stream.close());
    t.equal(stream.res.statusCode, 200);
    t.match(stream.res.headers['content-type'], /^text\/event-stream/);

    const first = await recordNotification(w.handle.db, notice('a'), w.clock.now(), false);
    w.app.workers.bus.publish(first!);
    const e1 = await stream.next();
    t.equal(e1.event, 'notification');
    t.equal(e1.id, String(first!.id));
    t.match(JSON.parse(e1.data!), { kind: 'step-overdue', title: 'Quá hạn a', read: false });

    await recordNotification(w.handle.db, notice('other-user', await userId(w, 'leader')), w.clock.now(), false);
    const second = await recordNotification(w.handle.db, notice('b'), w.clock.now(), false);
    const e2 = await stream.next();
    t.equal(e2.id, String(second!.id), 'written without the bus (another process): found by polling; another user’s is not sent');
    t.notOk(w.logs.join('').includes(token), 'the token in the URL is never logged');
  });
}
