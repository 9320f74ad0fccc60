/**
 * An in-process fake of the few Orchestration Cluster REST API v2 endpoints the Zeebe adapter calls,
 * on node:http at 127.0.0.1 with a random port. Shapes follow Camunda's 8.8 documentation
 * (`UserTaskResult`, `IncidentResult`, `ProcessInstanceResult`, `MessageCorrelationResult`, the
 * definition XML as `text/xml`, problem details). Every request is
 * recorded; tests replace answers per route with {@link FakeRest.route} or fail them with {@link FakeRest.failNext}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One recorded HTTP request. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

/** An answer: status and JSON body (none for 204), or a text body with its content type. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  text?: { type: string; content: string };
}

type Handler = (req: RecordedRequest, params: string[]) => FakeAnswer;

/** A user task as `/v2/user-tasks` returns it. */
export function restUserTask(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    userTaskKey: key, state: 'CREATED', processInstanceKey: '2251799813685300', processDefinitionKey: '2251799813685200',
    processDefinitionId: 'dang-ky-khai-sinh', processDefinitionVersion: 3, processName: 'Đăng ký khai sinh',
    elementId: 'tiep-nhan', elementInstanceKey: '2251799813685310', name: 'Tiếp nhận hồ sơ', assignee: null,
    candidateGroups: ['mot-cua'], candidateUsers: [], dueDate: '2026-03-05T10:00:00.000Z', followUpDate: null, priority: 50,
    formKey: '2251799813685400', customHeaders: { sla: 'P3D' }, creationDate: '2026-03-02T01:00:00.000Z', tenantId: '<default>',
    ...overrides,
  };
}

/** A process instance as `/v2/process-instances` returns it. */
export function restProcessInstance(key: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    processInstanceKey: key, processDefinitionKey: '2251799813685200', processDefinitionId: 'dang-ky-khai-sinh', processDefinitionName: 'Đăng ký khai sinh',
    processDefinitionVersion: 3, state: 'ACTIVE', hasIncident: false, startDate: '2026-03-02T01:00:00.000Z', tenantId: '<default>',
    ...overrides,
  };
}

/** The BPMN XML the fake answers for any definition key. */
export const FAKE_DEFINITION_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="dang-ky-khai-sinh" name="Đăng ký khai sinh" isExecutable="true"><bpmn:startEvent id="s"/></bpmn:process>
</bpmn:definitions>`;

/** The fake REST server. */
export class FakeRest {
  readonly requests: RecordedRequest[] = [];
  /** Base address to give the adapter (without `/v2`). */
  address = '';
  readonly #server: Server;
  readonly #routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
  readonly #failures: { pattern: RegExp; answer: FakeAnswer }[] = [];

  constructor() {
    this.#server = createServer((req, res) => void this.#serve(req, res));
    this.#defaults();
  }

  /** Starts listening on 127.0.0.1 with a random port. */
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const addr = this.#server.address();
    this.address = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Sets the handler of `METHOD /v2/path` (a regex source; groups become params); the latest wins. */
  route(method: string, path: string, handler: Handler): void {
    this.#routes.unshift({ method, pattern: new RegExp(`^${path}$`), handler });
  }

  /** The next request whose path matches `path` gets `answer` instead (once per call). */
  failNext(path: string, answer: FakeAnswer, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push({ pattern: new RegExp(`^${path}$`), answer });
  }

  /** Recorded requests to paths matching `path`. */
  to(method: string, path: string): RecordedRequest[] {
    const re = new RegExp(`^${path}$`);
    return this.requests.filter((r) => r.method === method && re.test(r.path));
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? JSON.parse(text) : undefined };
    this.requests.push(recorded);
    const failure = this.#failures.findIndex((f) => f.pattern.test(recorded.path));
    const answer = failure >= 0 ? this.#failures.splice(failure, 1)[0]!.answer : this.#answer(recorded);
    if (answer.text) {
      res.writeHead(answer.status, { 'content-type': answer.text.type });
      res.end(answer.text.content);
      return;
    }
    const json = answer.status >= 400 ? 'application/problem+json' : 'application/json';
    res.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': json });
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  #answer(req: RecordedRequest): FakeAnswer {
    for (const r of this.#routes) {
      const m = r.method === req.method ? r.pattern.exec(req.path) : null;
      if (m) return r.handler(req, m.slice(1));
    }
    return problem(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`);
  }

  #defaults(): void {
    const page = (items: unknown[]) => ({ status: 200, body: { items, page: { totalItems: items.length, startCursor: null, endCursor: null } } });
    this.route('POST', '/v2/user-tasks/search', () => page([restUserTask('2251799813685500')]));
    this.route('GET', '/v2/user-tasks/(\\d+)', (_r, [key]) => ({ status: 200, body: restUserTask(key!) }));
    for (const [m, p] of [['POST', '/v2/user-tasks/\\d+/assignment'], ['DELETE', '/v2/user-tasks/\\d+/assignee'], ['PATCH', '/v2/user-tasks/\\d+'], ['POST', '/v2/user-tasks/\\d+/completion'], ['POST', '/v2/incidents/\\d+/resolution']] as const) {
      this.route(m, p, () => ({ status: 204 }));
    }
    this.route('POST', '/v2/incidents/search', () => page([]));
    this.route('POST', '/v2/variables/search', () => page([]));
    this.route('POST', '/v2/element-instances/search', () => page([]));
    this.route('POST', '/v2/process-definitions/\\d+/statistics/element-instances', () => ({ status: 200, body: { items: [] } }));
    this.route('POST', '/v2/process-instances/search', () => page([restProcessInstance('2251799813685300')]));
    this.route('GET', '/v2/process-definitions/\\d+/xml', () => ({ status: 200, text: { type: 'text/xml', content: FAKE_DEFINITION_XML } }));
    this.route('POST', '/v2/messages/correlation', () => ({ status: 200, body: { messageKey: '2251799813685900', processInstanceKey: '2251799813685300', tenantId: '<default>' } }));
  }
}

/** A problem-details answer (RFC 9457), as the API sends on errors. */
export function problem(status: number, title: string, detail: string): FakeAnswer {
  return { status, body: { type: 'about:blank', title, status, detail, instance: '/v2' } };
}
