/**
 * `npm run dev`: rebuilds the UI on every change (esbuild watch, unminified with source maps) and
 * runs the server under `tsx watch` (restarted when the API changes). An open page reloads itself
 * after a rebuild (the dev shell polls `/build-id.txt`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { buildOptions, DIST, ensureUiBuilt, finishBuild } from './build.ts';

await ensureUiBuilt({ dev: true, force: true });
const assets = join(DIST, 'assets');
let n = 0;
const ctx = await esbuild.context({
  ...buildOptions(DIST, true),
  plugins: [{
    name: 'motcua-dev-shell',
    setup(build) {
      build.onStart(() => {
        rmSync(assets, { recursive: true, force: true });
        mkdirSync(assets, { recursive: true });
      });
      build.onEnd((result) => {
        if (result.errors.length || !result.metafile) return;
        finishBuild(DIST, result.metafile, true, `dev-${Date.now()}-${++n}`);
        process.stdout.write(`UI rebuilt (${n})\n`);
      });
    },
  }],
});
await ctx.watch();
const server = spawn(process.execPath, ['--import', 'tsx', '--watch', '--watch-preserve-output', 'api/server.ts'], { stdio: 'inherit', env: { ...process.env, MOTCUA_UI_WATCH: '1' } });
const stop = async () => {
  server.kill('SIGTERM');
  await ctx.dispose();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
