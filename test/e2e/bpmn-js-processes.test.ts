/**
 * Every shipped process opens cleanly in bpmn-js — the modeler procedure controllers use — in a
 * real browser: no import warning, and every flow element and sequence flow drawn from its diagram.
 */
import t from 'tap';
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchBrowser } from './browser.ts';

const require = createRequire(import.meta.url);
const modelerJs = readFileSync(require.resolve('bpmn-js/dist/bpmn-modeler.production.min.js'));
const zeebeJson = readFileSync(require.resolve('zeebe-bpmn-moddle/resources/zeebe.json'));
const processDir = new URL('../../processes/', import.meta.url);
const files = readdirSync(processDir).filter((f) => f.endsWith('.bpmn')).sort();

const page = `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="canvas" style="width:1600px;height:900px"></div>
<script src="/bpmn-modeler.js"></script>
<script>
  window.check = async (xml) => {
    const zeebe = await (await fetch('/zeebe.json')).json();
    const modeler = new BpmnJS({ container: '#canvas', moddleExtensions: { zeebe } });
    try {
      const { warnings } = await modeler.importXML(xml);
      const registry = modeler.get('elementRegistry');
      const ids = [];
      const walk = (container) => (container.flowElements || []).forEach((e) => { ids.push(e.id); walk(e); });
      modeler.getDefinitions().rootElements.filter((r) => r.$type === 'bpmn:Process').forEach(walk);
      const missing = ids.filter((id) => !registry.get(id));
      return { warnings: warnings.map((w) => w.message), elements: ids.length, missing };
    } catch (err) {
      return { error: String(err && err.message || err) };
    } finally {
      modeler.destroy();
    }
  };
</script></body></html>`;

t.test('every process opens cleanly in bpmn-js', async (t) => {
  t.ok(files.length >= 9, 'the nine procedures');
  const server = createServer((req, res) => {
    if (req.url === '/bpmn-modeler.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(modelerJs);
    if (req.url === '/zeebe.json') return res.writeHead(200, { 'content-type': 'application/json' }).end(zeebeJson);
    return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { browser, close } = await launchBrowser();
  t.teardown(close);
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  for (const file of files) {
    const xml = readFileSync(new URL(file, processDir), 'utf8');
    const result = await tab.evaluate((x) => (window as unknown as { check(x: string): Promise<Record<string, unknown>> }).check(x), xml);
    t.notOk(result.error, `${file} imports`);
    t.same(result.warnings, [], `${file}: no import warning`);
    t.ok((result.elements as number) > 10, `${file}: ${result.elements} elements`);
    t.same(result.missing, [], `${file}: every element is drawn`);
  }
  t.test('a diagram without its shapes is reported (the check can fail)', async (t) => {
    const xml = readFileSync(new URL(files[0]!, processDir), 'utf8').replace(/<bpmndi:BPMNShape [^>]*bpmnElement="Task_appraisal"[\s\S]*?<\/bpmndi:BPMNShape>/, '');
    const result = await tab.evaluate((x) => (window as unknown as { check(x: string): Promise<Record<string, unknown>> }).check(x), xml);
    t.ok((result.missing as string[]).includes('Task_appraisal') || (result.warnings as string[]).length > 0);
  });
});
