/**
 * HTTP load over keep-alive connections (node's `http`): an open loop sends at a fixed rate whatever
 * the answers (latency counted from the scheduled send, so a slow server is not hidden by a slow
 * client), a closed loop keeps N requests in flight for the saturation throughput.
 */
import http from 'node:http';

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Figures {
  /** Milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** Answered requests per second (2xx). */
  rps: number;
  count: number;
  /** Non-2xx answers and timeouts. */
  errors: number;
  /** The first error seen, for the log. */
  firstError?: string;
}

const TIMEOUT_MS = 20_000;

export class Client {
  readonly #agent: http.Agent;
  readonly #base: URL;

  constructor(baseUrl: string, sockets = 64) {
    this.#base = new URL(baseUrl);
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  /** Sends one call; resolves with the status and body (status 0: timeout or connection error). */
  send(call: Call): Promise<{ status: number; body: string }> {
    return new Promise((resolve) => {
      const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
      const req = http.request({
        host: this.#base.hostname, port: this.#base.port, path: call.path, method: call.method, agent: this.#agent, timeout: TIMEOUT_MS,
        headers: { ...call.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => resolve({ status: 0, body: String(e) }));
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms`)));
      req.on('error', (e) => resolve({ status: 0, body: String(e) }));
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function figures(latencies: number[], errors: number, seconds: number, firstError?: string): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN);
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), rps: round(latencies.length / seconds), count: latencies.length, errors, ...(firstError ? { firstError } : {}) };
}

/** Sends `rate` calls a second for `seconds`; latency from each call's scheduled time. */
export async function openLoop(client: Client, next: (i: number) => Call, rate: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.max(1, Math.round(rate * seconds));
  const t0 = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(client.send(next(i)).then((res) => {
      if (res.status >= 200 && res.status < 300) latencies.push(performance.now() - scheduled);
      else {
        errors++;
        firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
      }
    }));
  }
  await Promise.all(inFlight);
  return figures(latencies, errors, (performance.now() - t0) / 1000, firstError);
}

/** One call at a time, `count` calls after `warmup` unmeasured ones: the cost of a request without any queue. */
export async function serialLoop(client: Client, next: (i: number) => Call, count: number, warmup = 0): Promise<Figures & { answerKb: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  for (let i = 0; i < warmup; i++) await client.send(next(i));
  const t0 = performance.now();
  for (let i = warmup; i < warmup + count; i++) {
    const started = performance.now();
    const res = await client.send(next(i));
    bytes += Buffer.byteLength(res.body);
    if (res.status >= 200 && res.status < 300) latencies.push(performance.now() - started);
    else {
      errors++;
      firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
    }
  }
  // The answer's size: a list's cost follows its rows, so two sizes compare like for like only with like answers.
  return { ...figures(latencies, errors, (performance.now() - t0) / 1000, firstError), answerKb: Math.round(bytes / Math.max(1, count) / 102.4) / 10 };
}

/** Keeps `concurrency` calls in flight for `seconds`. */
export async function closedLoop(client: Client, next: (i: number) => Call, concurrency: number, seconds: number): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let i = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const res = await client.send(next(i++));
      if (res.status >= 200 && res.status < 300) latencies.push(performance.now() - started);
      else {
        errors++;
        firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
      }
    }
  }));
  return figures(latencies, errors, (performance.now() - t0) / 1000, firstError);
}
