/** Gateway errors: bounded retries on UNAVAILABLE, clear errors for NOT_FOUND and INVALID_ARGUMENT, an unreachable cluster. */
import { createServer } from 'node:net';
import t from 'tap';
import { InvalidArgumentError, InvalidStateError, NotFoundError } from '../../engine-adapter/errors.ts';
import {
  createZeebeEngine, DeploymentRejectedError, EngineTimeoutError, EngineUnauthorizedError, EngineUnavailableError,
} from '../../engine-adapter/zeebe/index.ts';
import { FAST, openHarness } from './helpers.ts';

const UNAVAILABLE = { code: 14, details: 'No connection established. Last error: connect ECONNREFUSED' };

t.test('UNAVAILABLE is retried with backoff, then succeeds', async (t) => {
  const { engine, gateway } = await openHarness(t, { maxRetries: 3 });
  gateway.failNext('CancelProcessInstance', UNAVAILABLE, 2);
  await engine.cancelProcessInstance('2251799813685300');
  const sent = gateway.requests('CancelProcessInstance');
  t.equal(sent.length, 3, 'two failures, one success');
  t.ok(sent.every((r) => r.processInstanceKey === '2251799813685300'), 'the same request each time');
});

t.test('UNAVAILABLE past maxRetries: a clear error after maxRetries + 1 attempts', async (t) => {
  const { engine, gateway } = await openHarness(t, { maxRetries: 2 });
  gateway.failNext('CompleteJob', UNAVAILABLE, 10);
  const error = await engine.completeJob('42').catch((e: unknown) => e);
  t.type(error, EngineUnavailableError);
  t.equal((error as EngineUnavailableError).code, 'ENGINE_UNAVAILABLE');
  t.equal((error as EngineUnavailableError).attempts, 3);
  t.match((error as Error).message, `CompleteJob: Zeebe gateway ${gateway.address} unavailable after 3 attempts: 14 UNAVAILABLE`);
  t.equal(gateway.requests('CompleteJob').length, 3, 'bounded: no fourth attempt');
});

t.test('backpressure (RESOURCE_EXHAUSTED) is retried too', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.failNext('PublishMessage', { code: 8, details: 'Expected to handle gRPC request, but request could not be processed due to backpressure' });
  const res = await engine.publishMessage({ name: 'm', correlationKey: 'k' });
  t.equal(res.duplicate, false);
  t.equal(gateway.requests('PublishMessage').length, 2);
});

t.test('NOT_FOUND names what was not found, and is not retried', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.failNext('CompleteJob', { code: 5, details: "Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '42', but no such job was found" });
  const error = await engine.completeJob('42').catch((e: unknown) => e);
  t.type(error, NotFoundError);
  t.match(error, { code: 'NOT_FOUND', message: "Job '42' not found", context: { key: '42' } });
  t.match((error as { detail: string }).detail, /no such job was found/, 'the gateway reason is kept');
  t.equal(gateway.requests('CompleteJob').length, 1);

  gateway.failNext('CreateProcessInstance', { code: 5, details: "Expected to find process definition with process ID 'khong-co', but none found" });
  await t.rejects(engine.createProcessInstance({ bpmnProcessId: 'khong-co' }), { code: 'NOT_FOUND', message: "Process 'khong-co' not found", context: { bpmnProcessId: 'khong-co' } });
  gateway.failNext('CancelProcessInstance', { code: 5, details: 'not found' });
  await t.rejects(engine.cancelProcessInstance('7'), { code: 'NOT_FOUND', message: "Process instance '7' not found" });
});

t.test('a deployment the cluster rejects carries the cluster reason (HTTP 400 class)', async (t) => {
  const { engine, gateway } = await openHarness(t);
  const reason = "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'bad.bpmn': - Element: task\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element";
  gateway.failNext('DeployResource', { code: 3, details: reason });
  const error = await engine.deployResources([{ name: 'bad.bpmn', content: '<x/>' }]).catch((e: unknown) => e);
  t.type(error, DeploymentRejectedError);
  t.match(error, { code: 'DEPLOYMENT_REJECTED', reason, resources: ['bad.bpmn'] });
  t.match((error as Error).message, "The cluster rejected the deployment of bad.bpmn: Command 'CREATE' rejected");
  t.match((error as Error).message, "Must have exactly one 'zeebe:taskDefinition'");
  t.equal(gateway.requests('DeployResource').length, 1, 'not retried');
});

t.test('INVALID_ARGUMENT on a command says why; FAILED_PRECONDITION is a state error', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.failNext('FailJob', { code: 3, details: 'Expected retries to be greater than or equal to 0, but it was -1' });
  const error = await engine.failJob({ jobKey: '9', retries: -1 }).catch((e: unknown) => e);
  t.type(error, InvalidArgumentError);
  t.match((error as Error).message, 'FailJob rejected by the cluster as invalid: Expected retries to be greater than or equal to 0');
  gateway.failNext('ResolveIncident', { code: 9, details: 'x' });
  gateway.failNext('ThrowError', { code: 9, details: "Expected to throw an error for job with key '9', but it is in state 'FAILED'" });
  await t.rejects(engine.throwError({ jobKey: '9', errorCode: 'E' }), InvalidStateError);
});

t.test('UNAUTHENTICATED is a clear auth error, not retried', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.failNext('SetVariables', { code: 16, details: 'Expected a valid token' }, 3);
  await t.rejects(engine.setVariables({ elementInstanceKey: '1', variables: {} }), EngineUnauthorizedError);
  t.equal(gateway.requests('SetVariables').length, 1);
});

t.test('the gateway DEADLINE_EXCEEDED (broker did not answer in time) is a timeout error with its detail', async (t) => {
  const { engine, gateway } = await openHarness(t);
  gateway.failNext('PublishMessage', { code: 4, details: 'Time out between gateway and broker: Request timed out after PT15S' });
  await t.rejects(engine.publishMessage({ name: 'm', correlationKey: 'k' }), {
    code: 'ENGINE_TIMEOUT', message: 'PublishMessage: the cluster timed out: Time out between gateway and broker: Request timed out after PT15S',
  });
  t.equal(gateway.requests('PublishMessage').length, 1, 'not retried: the command may have been applied');
});

t.test('a gateway that never answers: the request deadline ends the call', async (t) => {
  const { engine, gateway } = await openHarness(t, { requestTimeoutMs: 100 });
  gateway.hangNext('CreateProcessInstance');
  const error = await engine.createProcessInstance({ bpmnProcessId: 'p' }).catch((e: unknown) => e);
  t.type(error, EngineTimeoutError);
  t.match(error, { code: 'ENGINE_TIMEOUT', message: 'CreateProcessInstance: no answer from the cluster within 100 ms' });
  t.equal(gateway.requests('CreateProcessInstance').length, 1, 'a timed-out command is not retried (it may have been applied)');
});

/** A local port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('an unreachable cluster at start: not ready, and start rejects with one clear line', async (t) => {
  const port = await closedPort();
  const engine = createZeebeEngine({ ...FAST, grpcAddress: `grpc://127.0.0.1:${port}`, restAddress: `http://127.0.0.1:${port}`, auth: { strategy: 'NONE' }, maxRetries: 1 });
  t.teardown(() => engine.stop());
  const readiness = await engine.checkReady();
  t.equal(readiness.ready, false);
  t.match(readiness, { reason: `Zeebe gateway grpc://127.0.0.1:${port} not ready: 14 UNAVAILABLE` });
  const error = await engine.start().catch((e: unknown) => e);
  t.type(error, EngineUnavailableError);
  t.match((error as Error).message, `Zeebe gateway grpc://127.0.0.1:${port} not ready: 14 UNAVAILABLE`);
  t.notMatch((error as Error).message, '\n', 'one line');
  await t.rejects(engine.cancelProcessInstance('1'), { code: 'ENGINE_UNAVAILABLE', attempts: 2 }, 'commands fail after the bounded retries');
});

t.test('a gateway that accepts connections but never answers Topology: not ready within readyTimeoutMs', async (t) => {
  const { gateway, rest } = await openHarness(t);
  const engine = createZeebeEngine({ ...FAST, grpcAddress: gateway.address, restAddress: rest.address, auth: { strategy: 'NONE' }, readyTimeoutMs: 100 });
  t.teardown(() => engine.stop());
  gateway.hangNext('Topology');
  gateway.hangNext('Topology');
  const readiness = await engine.checkReady();
  t.same(readiness, { ready: false, reason: `Zeebe gateway ${gateway.address} not ready: Topology: no answer from the cluster within 100 ms` });
  await t.rejects(engine.start(), { code: 'ENGINE_UNAVAILABLE', message: `Zeebe gateway ${gateway.address} not ready: Topology: no answer from the cluster within 100 ms` });
  await gateway.waitFor('Topology', 2);
  t.equal(gateway.requests('Topology').length, 2, 'one unanswered call each, no retry');
  await engine.stop();
});
