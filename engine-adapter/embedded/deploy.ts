/** Deployment: new versions on changed XML, start-event timers and subscriptions moved to the latest version. */
import type { Deployment } from '../decisions.ts';
import type { DeployedProcess, DeployResource } from '../workflow-engine.ts';
import { deployDrgs, isDmn, parseDrgs } from './dmn/store.ts';
import type { EngineCore } from './core.ts';
import { parseResources, type ParsedProcess } from './definitions.ts';
import { timerSchedule } from './events.ts';
import { evalString } from './feel.ts';
import { element, type ProcessDefinition } from './model.ts';
import { openSignalStartEvents } from './signals.ts';
import type { StepContext } from './step-context.ts';

async function openStartEvents(core: EngineCore, ctx: StepContext, def: ProcessDefinition): Promise<void> {
  const older = ctx.tx.selectFrom('engine_process_definition').select('key').where('bpmn_process_id', '=', def.bpmnProcessId).where('key', '<>', def.key);
  await ctx.tx.deleteFrom('engine_timer').where('process_instance_key', 'is', null).where('process_definition_key', 'in', older).execute();
  await ctx.tx.deleteFrom('engine_message_subscription').where('process_instance_key', 'is', null).where('process_definition_key', 'in', older).execute();
  for (const id of def.model.timerStarts) {
    const ev = element(def.model, id).event;
    if (ev?.kind !== 'timer') continue;
    const s = timerSchedule(ev.timer, {}, ctx.now);
    ctx.timers.push({ key: ctx.keys.next(), due_at: s.dueAt, process_instance_key: null, element_instance_key: null, element_id: id, process_definition_key: def.key, repetitions: s.repetitions, interval: s.interval });
  }
  for (const id of def.model.messageStarts) {
    const ev = element(def.model, id).event;
    if (ev?.kind !== 'message') continue;
    ctx.subs.push({ key: ctx.keys.next(), message_name: evalString(ev.name, {}, 'message name'), correlation_key: '', process_instance_key: null, element_instance_key: null, element_id: id, process_definition_key: def.key });
  }
}

async function deployOne(core: EngineCore, ctx: StepContext, p: ParsedProcess): Promise<DeployedProcess> {
  const latest = await ctx.tx.selectFrom('engine_process_definition').select(['key', 'version', 'checksum', 'resource_name'])
    .where('bpmn_process_id', '=', p.model.bpmnProcessId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (latest && latest.checksum === p.checksum) {
    return { bpmnProcessId: p.model.bpmnProcessId, version: Number(latest.version), processDefinitionKey: String(latest.key), resourceName: latest.resource_name };
  }
  const def: ProcessDefinition = { key: ctx.keys.next(), bpmnProcessId: p.model.bpmnProcessId, version: latest ? Number(latest.version) + 1 : 1, resourceName: p.resourceName, model: p.model };
  await ctx.tx.insertInto('engine_process_definition').values({
    key: def.key, bpmn_process_id: def.bpmnProcessId, version: def.version, checksum: p.checksum, resource_name: p.resourceName, xml: p.xml, deployed_at: ctx.now,
  }).execute();
  core.defs.remember(def);
  await openStartEvents(core, ctx, def);
  await openSignalStartEvents(ctx, def);
  return { bpmnProcessId: def.bpmnProcessId, version: def.version, processDefinitionKey: def.key, resourceName: def.resourceName };
}

/** Deploys resources in one transaction (see {@link WorkflowEngine.deployResources}). */
export async function deployResources(core: EngineCore, resources: DeployResource[]): Promise<DeployedProcess[]> {
  return (await deploy(core, resources)).processes;
}

/** Deploys BPMN and DMN (`.dmn`, `dmn/store.ts`) resources in one transaction (see `Decisions.deploy`). */
export async function deploy(core: EngineCore, resources: DeployResource[]): Promise<Deployment> {
  const parsed = await parseResources(resources.filter((r) => !isDmn(r)));
  const drgs = await parseDrgs(resources.filter(isDmn));
  return core.step(async (ctx) => {
    const out: DeployedProcess[] = [];
    for (const p of parsed) out.push(await deployOne(core, ctx, p));
    const deploymentKey = ctx.keys.next();
    return { deploymentKey, processes: out, ...(await deployDrgs(ctx, drgs, out, deploymentKey)) };
  });
}
