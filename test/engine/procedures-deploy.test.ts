/** Integration: every procedure process in `processes/` deploys on the embedded engine and starts. */
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { engineTargets } from './harness.ts';

const dir = new URL('../../processes/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.bpmn'));

const [target] = engineTargets();
t.test(`${target!.name}: processes/*.bpmn`, async (t) => {
  t.ok(files.length > 0, 'there are procedure processes');
  const e = await target!.open();
  t.teardown(() => e.close());
  for (const file of files) {
    const deployed = await e.engine.deployResources([{ name: file, content: readFileSync(new URL(file, dir), 'utf8') }]);
    t.equal(deployed.length, 1, `${file} deploys`);
    const { processInstanceKey } = await e.engine.createProcessInstance({ bpmnProcessId: deployed[0]!.bpmnProcessId, variables: {} });
    t.ok(await e.engine.getProcessInstance(processInstanceKey), `${file} starts`);
  }
});
