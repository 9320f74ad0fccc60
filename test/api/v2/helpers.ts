/**
 * The real app with the `/v2` face, listening on a free local port, and Camunda's own REST client
 * (`CamundaRestClient` of `@camunda8/sdk`) pointed at it with a bearer token from `/api/auth/login`.
 */
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { CamundaRestClient } from '@camunda8/sdk';
import { buildApp } from '../../../api/app.ts';
import { loadConfig } from '../../../api/config.ts';
import { seedDemo } from '../../../api/demo/seed.ts';
import v2Routes from '../../../api/routes/v2/index.ts';
import { DEMO_PASSWORD } from '../../helpers/app.ts';
import type { DatabaseTarget } from '../../helpers/databases.ts';

/** A BPMN fixture beside the tests. */
export const fixture = (name: string) => ({ name, content: readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8') });

export interface V2App {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  logs: string[];
  /** Logs in through `/api/auth/login` and returns the access token. */
  token(username: string): Promise<string>;
  /** Camunda's REST client with that token, no retries. */
  client(token: string): CamundaRestClient;
  /** Plain HTTP to the app (for what a client hides: content types, raw statuses). */
  http(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; type: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Builds the app on a fresh database of the target, with `/v2` registered, and listens. */
export async function openV2App(target: DatabaseTarget): Promise<V2App> {
  const handle = await target.openMigrated();
  await seedDemo(handle.db, DEMO_PASSWORD);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DEMO_PASSWORD });
  const logs: string[] = [];
  const logStream = new Writable({ write(chunk, _enc, cb) { logs.push(String(chunk)); cb(); } });
  const app = await buildApp({ config, database: handle, logStream });
  // Until app.ts registers the face itself.
  if (!app.hasRoute({ method: 'GET', url: '/v2/topology' })) await app.register(v2Routes);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const http: V2App['http'] = async (method, path, token, body) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : {} };
  };
  return {
    app, baseUrl, logs, http,
    async token(username) {
      const res = await http('POST', '/api/auth/login', undefined, { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
      return res.body.accessToken as string;
    },
    client(token) {
      return new CamundaRestClient({
        config: { ZEEBE_REST_ADDRESS: baseUrl, CAMUNDA_AUTH_STRATEGY: 'BEARER', CAMUNDA_OAUTH_TOKEN: token, CAMUNDA_LOG_LEVEL: 'none', CAMUNDA_SUPPORT_LOG_ENABLED: false },
        retry: { limit: 0 },
      });
    },
    async close() {
      await app.close();
      await handle.close();
    },
  };
}
