/**
 * The Camunda 8.8 Orchestration Cluster REST API v2 face of the workflow engine, under `/v2`,
 * behind our auth (a bearer token from `/api/auth/login`). Every route calls `app.engine` (the
 * `WorkflowEngine`). Errors in this scope are RFC 9457 problems (`application/problem+json`); the
 * app-wide error shape of `/api` is untouched. Register with `await app.register(v2Routes)`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { v2ErrorHandler } from './error-handler.ts';
import { recordV2Scope } from './scope.ts';
import clusterRoutes from './cluster.ts';
import decisionRoutes from './decisions.ts';
import deploymentRoutes from './deployments.ts';
import elementInstanceRoutes from './element-instances.ts';
import incidentRoutes from './incidents.ts';
import jobRoutes from './jobs.ts';
import jobSearchRoutes from './job-search.ts';
import messageRoutes from './messages.ts';
import signalRoutes from './signals.ts';
import processDefinitionRoutes from './process-definitions.ts';
import processInstanceRoutes from './process-instances.ts';
import processInstanceReadRoutes from './process-instance-reads.ts';
import unsupportedRoutes from './unsupported.ts';
import userTaskRoutes from './user-tasks.ts';
import userTaskVariableRoutes from './user-task-variables.ts';
import variableRoutes from './variables.ts';

const v2Routes: FastifyPluginAsync = async (app) => {
  app.setErrorHandler(v2ErrorHandler);
  // Every route declares how it is scoped (scope.ts): tenant, catalogue, machine or cluster.
  app.addHook('onRoute', (route) => recordV2Scope(app, route as never));

  // Camunda clients send `content-type: application/json` on bodiless commands (resolve, unassign):
  // an empty body is no body here, not an error.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    return defaultJson(request, text, done);
  });
  // A command without a body is an empty object to its schema.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.schema?.body && (request.body === undefined || request.body === null)) request.body = {};
  });

  await app.register(clusterRoutes);
  await app.register(deploymentRoutes);
  await app.register(processInstanceRoutes);
  await app.register(processInstanceReadRoutes);
  await app.register(processDefinitionRoutes);
  await app.register(elementInstanceRoutes);
  await app.register(variableRoutes);
  await app.register(messageRoutes);
  await app.register(signalRoutes);
  await app.register(jobRoutes);
  await app.register(jobSearchRoutes);
  await app.register(userTaskRoutes);
  await app.register(userTaskVariableRoutes);
  await app.register(incidentRoutes);
  await app.register(decisionRoutes);
  await app.register(unsupportedRoutes);
};

export default v2Routes;
