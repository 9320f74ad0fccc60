/**
 * Query plans of the statements a service sends: a Kysely plugin that records each statement on its way
 * to the database, and the nodes of an `explain (format json)` plan, depth first.
 */
import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely';

export interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; Plans?: PlanNode[] }

/** The plan's nodes, depth first. */
export function planNodes(plan: unknown): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (n: PlanNode) => { out.push(n); for (const c of n.Plans ?? []) walk(c); };
  walk(((typeof plan === 'string' ? JSON.parse(plan) : plan) as Array<{ Plan: PlanNode }>)[0]!.Plan);
  return out;
}

/** Records every query sent through it (its operation tree), to be compiled and explained afterwards. */
export function recorder(): KyselyPlugin & { sent: Array<{ node: RootOperationNode; queryId: QueryId }> } {
  const sent: Array<{ node: RootOperationNode; queryId: QueryId }> = [];
  return {
    sent,
    transformQuery({ node, queryId }) { sent.push({ node, queryId }); return node; },
    async transformResult({ result }) { return result; },
  };
}
