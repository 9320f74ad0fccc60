/** Message publication: correlation to open subscriptions, message start events, buffering with time to live. */
import { InvalidArgumentError } from '../errors.ts';
import type { PublishMessageRequest, PublishMessageResult } from '../workflow-engine.ts';
import type { EngineCore } from './core.ts';
import { triggerEvent } from './events.ts';
import type { StepContext } from './step-context.ts';
import { lockCorrelation } from './store.ts';
import { assertVariables } from './variables.ts';

async function duplicateOf(ctx: StepContext, name: string, messageId: string): Promise<string | undefined> {
  await ctx.tx.deleteFrom('engine_message').where('name', '=', name).where('message_id', '=', messageId).where('expires_at', '<=', ctx.now).execute();
  const row = await ctx.tx.selectFrom('engine_message').select('key').where('name', '=', name).where('message_id', '=', messageId).executeTakeFirst();
  return row ? String(row.key) : undefined;
}

async function correlate(core: EngineCore, ctx: StepContext, req: Pick<PublishMessageRequest, 'name' | 'correlationKey'>, variables: Record<string, unknown>, limit = Infinity): Promise<string[]> {
  const subs = await ctx.tx.selectFrom('engine_message_subscription').selectAll().where('message_name', '=', req.name)
    .where((eb) => eb.or([eb('correlation_key', '=', req.correlationKey), eb('process_instance_key', 'is', null)])).orderBy('key').execute();
  const correlated: string[] = [];
  for (const sub of subs) {
    if (correlated.length >= limit) break;
    if (sub.process_instance_key == null) {
      const def = await core.defs.byKey(ctx.tx, String(sub.process_definition_key));
      correlated.push(core.createInstance(ctx, def, variables, sub.element_id).key);
      continue;
    }
    const instanceKey = String(sub.process_instance_key);
    if (correlated.includes(instanceKey)) continue;
    const inst = await core.instance(ctx, instanceKey);
    if (inst.state !== 'ACTIVE') continue;
    if (triggerEvent(core.exec(ctx, inst), String(sub.element_instance_key), sub.element_id, variables)) correlated.push(instanceKey);
  }
  return correlated;
}

/** Correlates to the first matching subscription only, inside the caller's step; its instance key, or undefined. */
export async function correlateOnce(core: EngineCore, ctx: StepContext, name: string, correlationKey: string, variables: Record<string, unknown>): Promise<string | undefined> {
  return (await correlate(core, ctx, { name, correlationKey }, variables, 1))[0];
}

/** Publishes a message (see {@link WorkflowEngine.publishMessage}). */
export async function publishMessage(core: EngineCore, req: PublishMessageRequest): Promise<PublishMessageResult> {
  const variables = assertVariables(req.variables);
  const ttl = req.timeToLive ?? 0;
  if (!req.name) throw new InvalidArgumentError('message name is required');
  if (!Number.isFinite(ttl) || ttl < 0) throw new InvalidArgumentError('timeToLive must be a non-negative number of milliseconds');
  return core.step(async (ctx) => {
    if (req.messageId) {
      const earlier = await duplicateOf(ctx, req.name, req.messageId);
      if (earlier) return { messageKey: earlier, duplicate: true };
    }
    await lockCorrelation(ctx, req.name, req.correlationKey);
    const messageKey = ctx.keys.next();
    const correlated = await correlate(core, ctx, req, variables);
    if (ttl > 0) {
      await ctx.tx.insertInto('engine_message').values({
        key: messageKey, name: req.name, correlation_key: req.correlationKey, variables: JSON.stringify(variables),
        expires_at: new Date(ctx.now.getTime() + ttl), message_id: req.messageId ?? null, correlated: JSON.stringify(correlated),
      }).execute();
    }
    return { messageKey, duplicate: false };
  });
}
