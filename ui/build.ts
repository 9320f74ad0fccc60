/**
 * Builds the web UI into `ui/dist` with esbuild: one entry per area (`ui/<area>/page.tsx`) plus the
 * app shell (`ui/app.tsx`), code-split ES modules with hashed names, fonts bundled (no CDN), and
 * `index.html` naming the shell's files. A stale check skips the build when no input changed, so a
 * warm `npm start` pays a few milliseconds. `npx tsx ui/build.ts` builds; `--force` always does.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const UI = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(UI, '..');
export const DIST = join(UI, 'dist');
const STAMP = '.build-stamp';

/** The files whose change makes the build stale: every UI source and the installed packages. */
function inputs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'dist' || e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(UI);
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(lock)) out.push(lock);
  return out.sort();
}

function fingerprint(dev: boolean): string {
  const h = createHash('sha256').update(dev ? 'dev' : 'prod');
  for (const f of inputs()) {
    const s = statSync(f);
    h.update(`${relative(ROOT, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

/** The area entries: `ui/<area>/page.tsx`. */
function areaEntries(): Record<string, string> {
  const entries: Record<string, string> = { app: join(UI, 'app.tsx') };
  for (const e of readdirSync(UI, { withFileTypes: true })) {
    if (e.isDirectory() && existsSync(join(UI, e.name, 'page.tsx'))) entries[e.name] = join(UI, e.name, 'page.tsx');
  }
  return entries;
}

/** A tiny script that reloads the page when a dev rebuild changes the build id. */
const DEV_RELOAD = `<script type="module">let id;setInterval(async()=>{try{const r=await fetch('/build-id.txt',{cache:'no-store'});const n=await r.text();if(id&&n!==id)location.reload();id=n}catch{}},1000)</script>`;

function shellHtml(js: string, css: string | undefined, dev: boolean): string {
  return `<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light">
  <title>Một cửa</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  ${css ? `<link rel="stylesheet" href="/${css}">` : ''}
  <script type="module" src="/${js}"></script>
</head>
<body>
  <div id="app"><noscript>Cần bật JavaScript để dùng Một cửa. / Enable JavaScript to use Một cửa.</noscript></div>
  ${dev ? DEV_RELOAD : ''}
</body>
</html>
`;
}

export interface BuildResult {
  skipped: boolean;
  ms: number;
  /** Output files (relative to dist) with their sizes, from esbuild's metafile. */
  metafile?: esbuild.Metafile;
}

/** esbuild options of the UI (shared by the one-off build and the dev watcher). */
export function buildOptions(outdir: string, dev: boolean): esbuild.BuildOptions {
  return {
    entryPoints: areaEntries(),
    outdir: join(outdir, 'assets'),
    publicPath: '/assets',
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'files/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' },
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: !dev,
    sourcemap: dev ? 'inline' : false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
  };
}

/** Writes index.html, the static files and the stamp after esbuild has written the assets. */
export function finishBuild(outdir: string, metafile: esbuild.Metafile, dev: boolean, stamp: string): void {
  const outputs = Object.entries(metafile.outputs);
  const app = outputs.find(([, o]) => o.entryPoint && o.entryPoint.endsWith('ui/app.tsx'));
  if (!app) throw new Error('UI build: no app entry in the output');
  const rel = (p: string) => relative(outdir, join(ROOT, p)).split('\\').join('/');
  const css = app[1].cssBundle ? rel(app[1].cssBundle) : undefined;
  writeFileSync(join(outdir, 'index.html'), shellHtml(rel(app[0]), css, dev));
  writeFileSync(join(outdir, 'favicon.svg'), readFileSync(join(UI, 'shared', 'favicon.svg')));
  writeFileSync(join(outdir, 'build-id.txt'), stamp);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(metafile));
  writeFileSync(join(outdir, STAMP), stamp);
}

/** Builds the UI unless `ui/dist` is up to date. Safe when several processes call it at once. */
export async function ensureUiBuilt(options: { force?: boolean; dev?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  const dev = options.dev ?? false;
  const stamp = fingerprint(dev);
  const current = existsSync(join(DIST, STAMP)) ? readFileSync(join(DIST, STAMP), 'utf8') : '';
  if (!options.force && current === stamp) return { skipped: true, ms: performance.now() - started };
  // Build beside, then swap: a server or a test reading ui/dist never sees half a build.
  const tmp = `${DIST}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  try {
    const result = await esbuild.build(buildOptions(tmp, dev));
    finishBuild(tmp, result.metafile!, dev, stamp);
    const old = `${DIST}.old-${process.pid}-${Date.now()}`;
    if (existsSync(DIST)) renameSync(DIST, old);
    try {
      renameSync(tmp, DIST);
    } catch (err) {
      // Another process swapped its build in first: keep it if it is this same build.
      const theirs = existsSync(join(DIST, STAMP)) ? readFileSync(join(DIST, STAMP), 'utf8') : '';
      if (theirs !== stamp) throw err;
      rmSync(tmp, { recursive: true, force: true });
    }
    rmSync(old, { recursive: true, force: true });
    return { skipped: false, ms: performance.now() - started, metafile: result.metafile };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await ensureUiBuilt({ force: process.argv.includes('--force') });
  process.stdout.write(result.skipped ? `UI up to date (${result.ms.toFixed(0)} ms)\n` : `UI built into ui/dist in ${result.ms.toFixed(0)} ms\n`);
}
