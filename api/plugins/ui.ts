/** Serves the web UI: the built app from `ui/dist` when present, else the static pages in `ui/public`. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

const dist = fileURLToPath(new URL('../../ui/dist', import.meta.url));
const pub = fileURLToPath(new URL('../../ui/public', import.meta.url));

export default fp(async (app) => {
  await app.register(fastifyStatic, { root: existsSync(dist) ? dist : pub, prefix: '/', wildcard: false, index: ['index.html'] });
}, { name: 'ui' });
