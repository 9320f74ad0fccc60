/** The modeler page's API calls and shapes. */
import { api, request } from '../shared/api.ts';
import type { Issue } from './editor.ts';
import type { SupportedElements } from './restrict.ts';

export interface ProcedureItem {
  id: string;
  nationalCode: string;
  nameVi: string;
  nameEn: string;
  processId: string;
}

export interface VersionItem {
  version: number;
  source: 'shipped' | 'upload';
  publishedAt: string;
  publishedBy: string | null;
  publishedByName: string | null;
  comment: string | null;
}

export interface Published {
  version: number;
  created: boolean;
}

/** An issue of the API's check (`LintIssue`). */
export interface ApiIssue {
  elementId: string;
  rule: string;
  message: string;
  category: string;
}

export const procedures = () => api.get<ProcedureItem[]>('/api/procedures');
export const versions = (id: string) => api.get<VersionItem[]>(`/api/procedures/${encodeURIComponent(id)}/versions`);
export const templates = (id: string) => api.get<unknown[]>(`/api/procedures/${encodeURIComponent(id)}/element-templates`);
export const supported = () => api.get<SupportedElements>('/api/modeler/supported-elements');

export async function versionXml(id: string, version: number): Promise<string> {
  const res = await request<Response>('GET', `/api/procedures/${encodeURIComponent(id)}/versions/${version}/xml`, { raw: true });
  return res.text();
}

const xmlBody = (xml: string) => new Blob([xml], { type: 'application/xml' });

/** The API's check of a diagram (the upload's rules), as markers. */
export async function checkOnServer(id: string, xml: string): Promise<Issue[]> {
  const res = await request<{ ok: boolean; issues: ApiIssue[] }>('POST', `/api/procedures/${encodeURIComponent(id)}/check`, { body: xmlBody(xml) });
  return res.issues.map(toIssue);
}

export function toIssue(i: ApiIssue): Issue {
  return { id: i.elementId, message: i.message, rule: i.rule, category: i.category === 'error' || i.category === 'rule-error' ? 'error' : i.category === 'warn' ? 'warn' : 'info', source: 'api' };
}

export function deploy(id: string, xml: string, opts: { comment: string; baseVersion: number | null; overwrite: boolean }): Promise<Published> {
  return request<Published>('POST', `/api/procedures/${encodeURIComponent(id)}/versions`, {
    body: xmlBody(xml),
    query: { comment: opts.comment || undefined, baseVersion: opts.baseVersion ?? undefined, overwrite: opts.overwrite || undefined },
  });
}

/**
 * The browser linter's and the server's issues together: the server's contract and engine findings,
 * and its lint findings that the browser's linter did not already report on the same element.
 */
export function mergeIssues(local: Issue[], server: Issue[]): Issue[] {
  const key = (i: Issue) => `${i.id}|${i.rule.split('/').pop()}`;
  const seen = new Set(local.map(key));
  return [...local, ...server.filter((i) => !seen.has(key(i)))];
}
