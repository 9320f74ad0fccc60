/**
 * The application factory. Plugins load in order: external (security, docs) → app (errors,
 * database, auth) → routes. Tests build the app with an open database and `inject` requests.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import { connectDatabase, connectOptionsOf, type DatabaseHandle } from './db/connect.ts';
import { loggerOptions } from './logging.ts';
import { validatorCompiler } from './validation.ts';
import { deployShippedProcesses, syncCatalogue } from './services/catalogue.ts';
import { systemClock, type Clock } from './services/clock.ts';
import errorsPlugin from './plugins/errors.ts';
import badInputPlugin, { frameworkErrors } from './plugins/bad-input.ts';
import databasePlugin from './plugins/database.ts';
import authPlugin from './plugins/auth.ts';
import securityPlugin from './plugins/security.ts';
import swaggerPlugin from './plugins/swagger.ts';
import uiPlugin from './plugins/ui.ts';
import servicesPlugin, { type ServicesOptions } from './plugins/services.ts';
import enginePlugin from './plugins/engine.ts';
import tasksPlugin from './plugins/tasks.ts';
import taskRoutes from './routes/tasks.ts';
import taskStreamRoutes from './routes/task-stream.ts';
import savedFilterRoutes from './routes/saved-filters.ts';
import dossierProcessRoutes from './routes/dossier-process.ts';
import workersPlugin from './workers/plugin.ts';
import workerRoutes from './workers/routes.ts';
import v2Routes from './routes/v2/index.ts';
import type { Transporter } from 'nodemailer';
import { workersConfigOf } from './workers/config.ts';
import type { WorkflowEngine } from '../engine-adapter/workflow-engine.ts';
import healthRoutes from './routes/health.ts';
import authRoutes from './routes/auth.ts';
import agencyRoutes from './routes/agencies.ts';
import userRoutes from './routes/users.ts';
import auditRoutes from './routes/audit.ts';
import calendarRoutes from './routes/calendar.ts';
import dossierRoutes from './routes/dossiers.ts';
import dossierTransitionRoutes from './routes/dossier-transitions.ts';
import publicRoutes from './routes/public.ts';
import citizenRoutes from './routes/citizen.ts';
import ratingRoutes from './routes/ratings.ts';
import feedbackRoutes from './routes/feedback.ts';
import procedureRoutes from './routes/procedures.ts';
import documentRoutes from './routes/documents.ts';
import formRoutes from './routes/forms.ts';
import feeRoutes from './routes/fees.ts';
import processVersionRoutes from './routes/process-versions.ts';
import procedureCheckRoutes from './routes/procedure-check.ts';
import supervisionRoutes from './routes/supervision.ts';
import reportRoutes from './routes/reports.ts';
import deliveryRoutes from './routes/deliveries.ts';
import qualityRoutes from './routes/quality.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The validated configuration. */
    config: Config;
  }
}

export interface BuildOptions {
  config: Config;
  /** An open database; when absent the app opens one from the config and closes it on close. */
  database?: DatabaseHandle;
  clock?: Clock;
  /** Where logs go (tests read them); default stdout. */
  logStream?: DestinationStream;
  /** Replaces the identity provider or document storage (tests, other deployments). */
  services?: Pick<ServicesOptions, 'identity' | 'storage' | 'formSchemaDir' | 'calendarCacheMs'>;
  /** The workflow engine (default: the embedded engine on the app's database). */
  engine?: WorkflowEngine;
  /** Start the engine's polling and timers when ready (default true; tests drive it by hand). */
  engineAutoStart?: boolean;
  /** Add the shipped procedure catalogue and deploy its processes when ready (default true). */
  bootstrap?: boolean;
  /** Replaces the e-mail transport of notifications (tests: nodemailer's jsonTransport). */
  workers?: { mailer?: Transporter };
  /** The engine bridge's idle poll in ms (default 500); work committed in this process wakes it sooner. */
  bridgePollMs?: number;
}

/** Builds the Fastify application (not listening). */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    // The router's own errors (undecodable URL, overlong parameter) in the shape of the API hit.
    frameworkErrors,
    // Room for the `/v2` variable keys, which encode an instance key and a name in digits (up to 1,000).
    routerOptions: { maxParamLength: 1000 },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.decorate('readinessChecks', [] as Array<() => Promise<string | null>>);
  app.decorate('config', config);

  const database = options.database ?? (await connectDatabase(connectOptionsOf(config)));
  await app.register(securityPlugin, { publicPerMinute: config.rateLimitPublicPerMinute });
  await app.register(swaggerPlugin);
  await app.register(errorsPlugin);
  await app.register(badInputPlugin);
  await app.register(databasePlugin, { handle: database, owned: !options.database });
  await app.register(authPlugin, { secret: config.jwtSecret, accessTokenTtlSeconds: config.accessTokenTtlSeconds });
  await app.register(servicesPlugin, { dataDir: config.dataDir, clock, ...options.services });
  await app.register(enginePlugin, { clock, engine: options.engine, autoStart: options.engineAutoStart });
  await app.register(tasksPlugin, { autoStart: options.engineAutoStart, ...(options.bridgePollMs ? { bridgePollMs: options.bridgePollMs } : {}) });
  await app.register(workersPlugin, { config: workersConfigOf(config), autoStart: options.engineAutoStart, ...options.workers });

  await app.register(healthRoutes);
  await app.register(authRoutes, { config, clock });
  await app.register(agencyRoutes);
  await app.register(userRoutes, { clock });
  await app.register(auditRoutes);
  await app.register(calendarRoutes, { clock });
  await app.register(procedureRoutes);
  await app.register(dossierRoutes);
  await app.register(dossierTransitionRoutes);
  await app.register(documentRoutes, { config });
  await app.register(publicRoutes, { config });
  await app.register(citizenRoutes, { config });
  await app.register(ratingRoutes, { config });
  await app.register(feedbackRoutes, { config });
  await app.register(formRoutes);
  await app.register(feeRoutes, { clock });
  await app.register(processVersionRoutes);
  await app.register(procedureCheckRoutes);
  await app.register(taskRoutes);
  await app.register(taskStreamRoutes);
  await app.register(savedFilterRoutes);
  await app.register(dossierProcessRoutes);
  await app.register(supervisionRoutes);
  await app.register(reportRoutes);
  await app.register(deliveryRoutes);
  await app.register(qualityRoutes);
  await app.register(workerRoutes);
  await app.register(v2Routes);
  await app.register(uiPlugin);
  if (options.bootstrap !== false) {
    app.addHook('onReady', async () => {
      await syncCatalogue(app.db);
      try {
        await deployShippedProcesses(app.db, app.engine, clock.now());
      } catch (err) {
        // An unreachable cluster must not stop the API: the processes are deployed on a later start.
        app.log.error(`Shipped processes not deployed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
      }
    });
  }
  return app;
}
