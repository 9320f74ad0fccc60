/**
 * The Zeebe (Camunda 8.8) implementation of the workflow engine. The only place that imports
 * Camunda packages. See docs/ZEEBE.md.
 */
export { createZeebeEngine, ZeebeEngine, type ZeebeEngineDeps, type ZeebeReadiness } from './zeebe-engine.ts';
export {
  resolveZeebeConfig, validateZeebeConfig, ZEEBE_DEFAULTS,
  type ConfigFieldError, type ResolvedZeebeConfig, type RetryBackoff, type ZeebeAuth, type ZeebeEngineConfig,
} from './config.ts';
export { zeebeConfigFromEnv, ZEEBE_ENV_VARIABLES, type ZeebeEnvResult } from './config-env.ts';
export {
  DeploymentRejectedError, EngineRequestError, EngineTimeoutError, EngineUnauthorizedError, EngineUnavailableError, ZeebeConfigError,
} from './errors.ts';
export type { ZeebeLogger } from './job-worker.ts';
