/**
 * Problem responses of the `/v2` face (RFC 9457 `application/problem+json`), shaped as the
 * Camunda 8.8 Orchestration Cluster API sends them: `type`, `title`, `status`, `detail`, `instance`.
 * `detail` is English, as Camunda's are (clients log it); the extension member `detailVi` carries
 * the Vietnamese text for people reading it in our tools.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Camunda-style titles per HTTP status. */
const TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** A problem a `/v2` handler reports as-is. */
export class Problem extends Error {
  readonly title: string;

  constructor(
    readonly status: number,
    /** English explanation (`detail`). */
    readonly detail: string,
    /** Vietnamese explanation (`detailVi`). */
    readonly detailVi: string,
    /** Extension members, e.g. the fields at fault. */
    readonly extra: Record<string, unknown> = {},
    title?: string,
  ) {
    super(detail);
    this.name = 'Problem';
    this.title = title ?? TITLES[status] ?? 'ERROR';
  }
}

/** 400: the request is invalid. */
export const invalid = (detail: string, detailVi: string, extra?: Record<string, unknown>) => new Problem(400, detail, detailVi, extra);

/** 404: the key names nothing. */
export const notFound = (what: string, key: string) =>
  new Problem(404, `${what} with key '${key}' was not found`, `Không tìm thấy ${what} có khóa '${key}'`, { key });

/**
 * 501: outside what the embedded engine supports. `gap`, when given, names the `WorkflowEngine`
 * member that would make it possible.
 */
export function unsupported(what: string, whatVi: string, gap?: string): Problem {
  const because = gap ? ` (the WorkflowEngine interface has no ${gap})` : '';
  const becauseVi = gap ? ` (giao diện WorkflowEngine chưa có ${gap})` : '';
  return new Problem(501, `Not supported by the embedded engine: ${what}${because}`, `Bộ máy quy trình nhúng chưa hỗ trợ: ${whatVi}${becauseVi}`, gap ? { unsupported: what, missing: gap } : { unsupported: what });
}

/** Sends a problem as `application/problem+json`, with the request path as `instance`. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply {
  const body = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: request.url.split('?')[0],
    detailVi: problem.detailVi,
    ...problem.extra,
  };
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(body);
}
