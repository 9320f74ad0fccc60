/**
 * The scenarios of issue 18 and of the supervisor's view (issue 13), as calls made by the generated
 * province's officers: each with the open-loop rate it is measured at (50 officers at one request a
 * second each for the lists; reception at 20 a second; the supervisor's counts and reports at the rate
 * a province's supervisors would open them).
 */
import { readFileSync } from 'node:fs';
import type { Call, Client } from './load.ts';
import { applicantName } from './closed.ts';
import { BENCH_PASSWORD, commune } from './province.ts';

export interface Scenario {
  name: string;
  /** Open-loop requests per second. */
  rate: number;
  next(i: number): Call;
}

export interface ScenarioData {
  communes: number;
  /** Codes of existing dossiers, for the public lookup. */
  codes: string[];
  /** The quarter before the dataset's last month, as local days. */
  quarter: { from: string; to: string };
}

async function login(client: Client, username: string): Promise<Record<string, string>> {
  const res = await client.send({ method: 'POST', path: '/api/auth/login', body: { username, password: BENCH_PASSWORD } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body}`);
  return { authorization: `Bearer ${(JSON.parse(res.body) as { accessToken: string }).accessToken}` };
}

/** Logs the officers in and returns the scenarios. */
export async function scenarios(client: Client, data: ScenarioData): Promise<Scenario[]> {
  const users = async (suffixes: string[], count: number) => {
    const out: Array<Record<string, string>> = [];
    for (let i = 0; out.length < count && i < data.communes * suffixes.length; i++) {
      out.push(await login(client, `${commune(1 + (i % data.communes)).prefix}-${suffixes[Math.floor(i / data.communes) % suffixes.length]}`));
    }
    return out;
  };
  const specialists = await users(['specialist1', 'specialist2', 'specialist3'], 50);
  const supervisors = await users(['supervisor'], 50);
  const receptionists = await users(['reception'], 50);
  const province = await login(client, 'tinh-supervisor');
  const example = JSON.parse(readFileSync(new URL('../../schemas/procedures/examples/birth-registration.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  const get = (path: string, headers?: Record<string, string>): Call => ({ method: 'GET', path, ...(headers ? { headers } : {}) });
  const { from, to } = data.quarter;
  // The trends page's first view: six months per month, to today (ui/supervision/trends-page.tsx).
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const sixMonths = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  sixMonths.setUTCMonth(sixMonths.getUTCMonth() - 5);
  // The staff view of the last whole month (its page opens on this month so far: a whole month is the larger answer).
  const monthEnd = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  monthEnd.setUTCDate(0);
  const lastMonth = { from: `${monthEnd.toISOString().slice(0, 7)}-01`, to: monthEnd.toISOString().slice(0, 10) };
  return [
    { name: 'tasks.mine', rate: 50, next: (i) => get('/api/tasks?view=mine', pick(specialists, i)) },
    { name: 'tasks.groups', rate: 50, next: (i) => get('/api/tasks?view=groups', pick(specialists, i)) },
    { name: 'tasks.province', rate: 50, next: () => get('/api/tasks?view=agency', province) },
    { name: 'dossiers.overdue', rate: 50, next: (i) => get('/api/dossiers?overdue=true', pick(supervisors, i)) },
    { name: 'dossiers.status', rate: 50, next: (i) => get('/api/dossiers?status=processing', pick(supervisors, i)) },
    { name: 'dossiers.q', rate: 50, next: (i) => get(`/api/dossiers?q=${encodeURIComponent(applicantName(i * 31))}`, pick(supervisors, i)) },
    { name: 'reception', rate: 20, next: (i) => ({ method: 'POST', path: '/api/dossiers', headers: pick(receptionists, i), body: { procedureId: 'birth-registration', channel: 'in_person', formData: example } }) },
    { name: 'lookup', rate: 50, next: (i) => get(`/api/public/dossiers/${encodeURIComponent(pick(data.codes, i * 7919))}`) },
    { name: 'supervision.summary', rate: 10, next: () => get('/api/supervision/summary', province) },
    { name: 'report.ii06a', rate: 1, next: () => get(`/api/reports/ii06a?from=${from}&to=${to}`, province) },
    { name: 'report.766', rate: 1, next: () => get(`/api/reports/decision-766?from=${from}&to=${to}`, province) },
    { name: 'report.trends', rate: 1, next: () => get(`/api/supervision/trends?from=${sixMonths.toISOString().slice(0, 10)}&to=${today}&granularity=month`, province) },
    { name: 'report.staff', rate: 1, next: () => get(`/api/supervision/staff?from=${lastMonth.from}&to=${lastMonth.to}`, province) },
  ];
}
