/** The peer figure: the same five-task process on bpmn-engine (in memory, not durable). */
import { performance } from 'node:perf_hooks';
import { BpmnModdle } from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import { pool, r1 } from './engine-stats.ts';

let jobs = 0;

// The parsed definition is shared between engines, so the service counts into a module-level counter.
function Service() {
  return {
    execute(_message: unknown, callback: (err: unknown, output?: unknown) => void) {
      jobs++;
      setImmediate(() => callback(null, {}));
    },
  };
}

const extensions = {
  worker(activity: { type: string; behaviour: { Service?: unknown } }) {
    if (activity.type === 'bpmn:ServiceTask') activity.behaviour.Service = Service;
  },
};

function runOne(moddleContext: unknown): Promise<void> {
  const engine = new Engine({ moddleContext: moddleContext as never, extensions: extensions as never });
  return new Promise((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
    engine.execute().catch(reject);
  });
}

/** Jobs per second of bpmn-engine over `instances` instances run `concurrency` at a time (definition parsed once). */
export async function runPeer(xml: string, instances: number, concurrency: number): Promise<{ instancesPerS: number; jobsPerS: number }> {
  const moddleContext = await new BpmnModdle().fromXML(xml);
  jobs = 0;
  const t0 = performance.now();
  await pool(instances, concurrency, () => runOne(moddleContext));
  const seconds = (performance.now() - t0) / 1000;
  if (jobs !== instances * 5) throw new Error(`bpmn-engine ran ${jobs} service tasks, expected ${instances * 5}`);
  return { instancesPerS: r1(instances / seconds), jobsPerS: r1(jobs / seconds) };
}
