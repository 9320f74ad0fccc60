/**
 * Serves the web UI: the built app from `ui/dist` (hashed assets cached for a year, the shell never
 * cached) and, for each of the app's readable paths (`/tiep-nhan`, `/ho-so/:code`…), the shell,
 * whose router draws the page. Before the first build, the static pages of `ui/public`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { PAGE_PATHS } from '../../ui/shared/paths.ts';

const dist = fileURLToPath(new URL('../../ui/dist', import.meta.url));
const pub = fileURLToPath(new URL('../../ui/public', import.meta.url));

export default fp(async (app) => {
  const built = existsSync(join(dist, 'index.html'));
  await app.register(fastifyStatic, {
    root: built ? dist : pub,
    prefix: '/',
    wildcard: true,
    index: false,
    cacheControl: false,
    setHeaders(res, path) {
      if (path.includes(`${join('dist', 'assets')}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      else res.setHeader('cache-control', 'no-cache');
    },
  });
  if (!built) {
    app.get('/', (_request, reply) => reply.sendFile('index.html'));
    return;
  }
  // The shell is read per request: a rebuild (npm run dev) swaps ui/dist under a running server.
  const shell = (_request: unknown, reply: import('fastify').FastifyReply) => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  };
  for (const path of PAGE_PATHS) app.get(path, shell);
}, { name: 'ui' });
