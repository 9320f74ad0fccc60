/**
 * Task submission schemas (`schemas/tasks/<step>.schema.json`): they compile, accept the documented
 * completions, reject bad ones naming the field, and agree with the processes' gateway conditions and
 * the catalogue's per-procedure outcomes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PROCEDURE_CATALOGUE } from '../../api/procedures/catalogue.ts';
import { processFiles } from './helpers.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;
const DIR = fileURLToPath(new URL('../../schemas/tasks/', import.meta.url));
type Json = Record<string, any>;
const schemas = new Map<string, Json>(readdirSync(DIR).filter((f) => f.endsWith('.schema.json')).map((f) => [f.replace(/\.schema\.json$/, ''), JSON.parse(readFileSync(`${DIR}${f}`, 'utf8'))]));
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false }));
const STEP_VAR: Record<string, string> = { reception: 'reception', triage: 'triage', appraisal: 'appraisal', verification: 'verification', approval: 'approval', delivery: 'result' };

t.test('one schema per user-task step', async (t) => {
  t.same([...schemas.keys()].sort(), Object.keys(STEP_VAR).sort());
});

for (const [step, schema] of schemas) {
  t.test(step, async (t) => {
    t.equal(schema.$id, `https://motcua.vn/schemas/tasks/${step}.schema.json`);
    const validate = ajv.compile(schema);
    const v = STEP_VAR[step]!;
    const outcomes = schema.properties[v].properties.outcome.enum as string[];
    t.ok(outcomes.length >= 1);
    const fields = (data: unknown) => (validate(data) ? [] : validate.errors!.map((e) => (e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath)));
    for (const o of outcomes) t.same(fields({ [v]: { outcome: o, note: 'Lý do cụ thể' } }), [], `outcome ${o} with a note`);
    t.same(fields({ [v]: { outcome: 'maybe' } }), [`/${v}/outcome`], 'unknown outcome named');
    t.same(fields({ [v]: { outcome: outcomes[0], extra: 1 } }), [`/${v}/extra`], 'unknown field named');
    t.same(fields({}), [`/${v}`], 'the step variable is required');
    const needsNote = outcomes.filter((o) => !validate({ [v]: { outcome: o } }));
    if (['reception', 'triage', 'appraisal'].includes(step)) t.ok(needsNote.includes(outcomes.find((o) => /refuse|reject/.test(o)) ?? 'refuse'), 'a refusal needs its reason');
  });
}

t.test('delivery: date-time checked', async (t) => {
  const validate = ajv.compile(schemas.get('delivery')!);
  t.ok(validate({ result: { outcome: 'returned', returnedAt: '2026-03-02T09:00:00+07:00', channel: 'truc_tiep' } }));
  t.notOk(validate({ result: { outcome: 'returned', returnedAt: '02/03/2026 09:00' } }));
});

t.test('gateway conditions only use outcomes the catalogue and the task schemas allow', async (t) => {
  for (const f of processFiles()) {
    const entry = PROCEDURE_CATALOGUE.find((e) => e.id === f.id)!;
    const used = [...f.xml.matchAll(/=(\w+)\.outcome = &quot;(\w+)&quot;/g)].map((m) => [m[1]!, m[2]!] as const);
    t.ok(used.length >= 1, `${f.id}: conditions found`);
    for (const [variable, outcome] of used) {
      const step = Object.entries(STEP_VAR).find(([, v]) => v === variable)![0] as keyof typeof entry.taskOutcomes;
      t.ok(entry.taskOutcomes[step]?.includes(outcome), `${f.id}: ${variable}.outcome "${outcome}" in the catalogue`);
      t.ok(schemas.get(step)!.properties[variable].properties.outcome.enum.includes(outcome), `${f.id}: "${outcome}" in the ${step} schema`);
    }
    for (const [step, outcomes] of Object.entries(entry.taskOutcomes)) {
      const allowed = schemas.get(step)!.properties[STEP_VAR[step]!].properties.outcome.enum as string[];
      t.same(outcomes.filter((o) => !allowed.includes(o)), [], `${f.id}: ${step} outcomes within the schema`);
      t.ok(f.xml.includes(`motcua:${f.id}/${step}`), `${f.id}: a ${step} task exists for the catalogue's ${step} outcomes`);
    }
  }
});
