/**
 * The dossier forms: every schema compiles (draft 2020-12, ajv 8 + ajv-formats), accepts its example,
 * and rejects a bad CCCD, a bad phone, a bad date and an unknown field, naming the field. Every
 * property has a Vietnamese title.
 */
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadFormSchemas } from '../../api/services/form-schemas.ts';
import { REQUIRED_IDS, SCHEMA_DIR } from './helpers.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;
type Json = Record<string, unknown>;
const read = (file: string) => JSON.parse(readFileSync(`${SCHEMA_DIR}${file}`, 'utf8')) as Json;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A procedure-specific date field of each example, as a path. */
const DATE_FIELD: Record<string, string[]> = {
  'birth-registration': ['child', 'dateOfBirth'],
  'death-registration': ['deceased', 'dateOfDeath'],
  'marriage-registration': ['wife', 'dateOfBirth'],
  'marital-status-confirmation': ['periodFrom'],
  'copy-certification': ['documents', '0', 'issueDate'],
  'household-business-registration': ['startDate'],
  'construction-permit-house': ['plannedStart'],
  'birth-residence-insurance-bundle': ['child', 'dateOfBirth'],
  'feedback-petition': ['incidentDate'],
};

function set(obj: Json, path: string[], value: unknown): void {
  let o = obj as Record<string, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, strictRequired: false }));
const common = read('common.schema.json');
ajv.addSchema(common);
const ids = readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json') && f !== 'common.schema.json').map((f) => f.replace(/\.schema\.json$/, '')).sort();

const fieldOf = (e: ErrorObject) => (e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath);

t.test('a schema per required procedure', async (t) => {
  t.same(REQUIRED_IDS.filter((id) => !ids.includes(id)), []);
});

for (const id of ids) {
  t.test(id, async (t) => {
    const schema = read(`${id}.schema.json`);
    t.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    t.equal(schema.$id, `https://motcua.vn/schemas/procedures/${id}.schema.json`);
    t.equal(schema.additionalProperties, false);
    const validate = ajv.compile(schema);
    const example = JSON.parse(readFileSync(`${SCHEMA_DIR}examples/${id}.json`, 'utf8')) as Json;
    const errorsOf = (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map(fieldOf));

    t.same(errorsOf(example), [], 'the example is valid');

    const badId = clone(example);
    set(badId, ['applicant', 'personalId'], '00109000123');
    t.same(errorsOf(badId), ['/applicant/personalId'], 'CCCD of 11 digits');
    set(badId, ['applicant', 'personalId'], '00109000123A');
    t.same(errorsOf(badId), ['/applicant/personalId'], 'CCCD with a letter');

    const badPhone = clone(example);
    set(badPhone, ['applicant', 'phone'], '091234567');
    t.same(errorsOf(badPhone), ['/applicant/phone'], 'phone of 9 digits');
    set(badPhone, ['applicant', 'phone'], '+8491234567');
    t.same(errorsOf(badPhone), ['/applicant/phone'], '+84 and 8 digits');

    const path = DATE_FIELD[id]!;
    t.ok(path, 'a date field is known');
    const badDate = clone(example);
    set(badDate, path, '2026-02-30');
    t.same(errorsOf(badDate), [`/${path.join('/')}`], 'February 30th');
    set(badDate, path, '20/02/2026');
    t.same(errorsOf(badDate), [`/${path.join('/')}`], 'dd/mm/yyyy');

    const unknown = clone(example);
    (unknown as Json).ghiChu = 'không có trong biểu mẫu';
    t.same(errorsOf(unknown), ['/ghiChu'], 'unknown top-level field named');
    const unknownNested = clone(example);
    (unknownNested.applicant as Json).nickname = 'An';
    t.same(errorsOf(unknownNested), ['/applicant/nickname'], 'unknown nested field named');

    const missing = clone(example);
    delete (missing.applicant as Json).personalId;
    t.notOk(validate(missing), 'CCCD is required');
  });
}

t.test('every property has a Vietnamese title', async (t) => {
  const missing: string[] = [];
  let count = 0;
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== 'object') return;
    const n = node as Json;
    if (n.properties && typeof n.properties === 'object') {
      for (const [k, v] of Object.entries(n.properties as Json)) {
        count++;
        const title = (v as Json).title;
        if (typeof title !== 'string' || !/[À-ỹ]/u.test(title)) missing.push(`${path}.${k}`);
      }
    }
    for (const [k, v] of Object.entries(n)) if (typeof v === 'object') walk(v, `${path}/${k}`);
  };
  for (const f of ['common', ...ids]) walk(read(`${f}.schema.json`), f);
  t.ok(count > 100, `${count} properties`);
  t.same(missing, [], 'titles with Vietnamese letters');
});

t.test('the API form loader reads the schemas and names bad fields', async (t) => {
  const forms = loadFormSchemas(SCHEMA_DIR);
  for (const id of REQUIRED_IDS) t.ok(forms.has(id), `${id} loaded by its short id`);
  const example = JSON.parse(readFileSync(`${SCHEMA_DIR}examples/birth-registration.json`, 'utf8')) as Json;
  t.same(forms.validate('birth-registration', example, 'vi'), []);
  set(example, ['applicant', 'personalId'], '123');
  const errors = forms.validate('birth-registration', example, 'vi');
  t.ok(errors.some((e) => e.field === 'formData.applicant.personalId'), 'field named');
});
