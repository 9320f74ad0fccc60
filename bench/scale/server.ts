/**
 * The real server (`api/server.ts`) as a child process for the scale benchmarks: started on a database
 * with the bench's settings (no demo data, warnings only, rate limits and token lifetime out of the
 * way), ready at its first `200` of `/readyz`; its RSS read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url).pathname;

export function procStatus(pid: number): { rss: number; hwm: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** CPU time used so far, in ms: by process `pid` (user + system, /proc/<pid>/stat) and by the whole machine (/proc/stat, every core). */
export function cpuMs(pid: number): { process: number; machine: number } {
  const TICK_MS = 10; // USER_HZ is 100 on Linux
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    const busy = cpu.slice(0, 8).reduce((a, b) => a + b, 0) - cpu[3]! - cpu[4]!;
    return { process: (Number(fields[11]) + Number(fields[12])) * TICK_MS, machine: busy * TICK_MS };
  } catch {
    return { process: NaN, machine: NaN };
  }
}

/**
 * CPU time, in ms, of every PostgreSQL process on this machine (user + system), with what the exited
 * ones left in their parent's children times: compared before and after a run, PostgreSQL's share.
 */
export function postgresCpuMs(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch { /* exited meanwhile */ }
  }
  return ticks * 10;
}

/** Starts the server on `databaseUrl`; resolves once `/readyz` answers 200 (ready time from the spawn). */
export async function startServer(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<{ child: ChildProcess; readyMs: number; log: string[] }> {
  const log: string[] = [];
  const t0 = performance.now();
  // As `npm start` runs it: the old generation capped at MAX_HEAP_MB (package.json).
  // BENCH_SERVER_NODE_ARGS: more flags for the server's node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`; not allowed in NODE_OPTIONS).
  const extra = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [`--max-old-space-size=${process.env.MAX_HEAP_MB ?? 192}`, ...extra, '--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'false', LOG_LEVEL: 'warn',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000000', ACCESS_TOKEN_TTL_SECONDS: '86400', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => { for (const line of String(chunk).split('\n')) if (line.trim() && log.length < 200) log.push(line); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log.join('\n')}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ok) return { child, readyMs: Math.round(performance.now() - t0), log };
    if (performance.now() - t0 > 600_000) throw new Error('the server was not ready in 10 minutes');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, then SIGKILL after 15 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
