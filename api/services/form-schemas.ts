/**
 * The dossier forms of the procedures: every `schemas/procedures/*.schema.json` loaded once, so
 * dossiers and task submissions are validated against the form of their procedure with every bad
 * field named. Draft-07 and draft 2020-12 schemas are both accepted (by their `$schema`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError, Lang } from '../errors.ts';
import { fieldErrors } from '../validation.ts';
import { inlineRefs } from './schema-inline.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export interface FormSchemas {
  /** Ids of the loaded schemas. */
  ids(): string[];
  has(id: string): boolean;
  /** The schema document (for the UI, which validates the same objects). */
  get(id: string): object | undefined;
  /** The schema with its `$ref`s inlined, for rendering the form in a browser. */
  resolved(id: string): object | undefined;
  /** Validates a form; returns every bad field, or [] when valid. */
  validate(id: string, data: unknown, lang: Lang): FieldError[];
}

function newAjv<T extends Ajv>(AjvClass: new (o: object) => T): T {
  const ajv = new AjvClass({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
  addFormats(ajv);
  return ajv;
}

/** Loads every `*.schema.json` of a directory. A schema that does not compile stops the start. */
export function loadFormSchemas(dir: string, fieldPrefix = 'formData'): FormSchemas {
  const files = readdirSync(dir, { withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.schema.json'));
  const docs = files.map((f) => JSON.parse(readFileSync(join(dir, f.name), 'utf8')) as { $id?: string; $schema?: string });
  const ajv07 = newAjv(Ajv);
  const ajv2020 = newAjv(Ajv2020 as unknown as new (o: object) => Ajv);
  const byId = new Map<string, { doc: object; ajv: Ajv }>();
  for (const [i, doc] of docs.entries()) {
    const id = doc.$id ?? files[i]!.name.replace(/\.schema\.json$/, '');
    const ajv = doc.$schema?.includes('2020-12') ? ajv2020 : ajv07;
    ajv.addSchema(doc as AnySchema, id);
    byId.set(id, { doc, ajv });
  }
  const compiled = new Map<string, ValidateFunction>();
  for (const [id, { ajv }] of byId) compiled.set(id, ajv.getSchema(id)!);
  const byShortId = (id: string) => (byId.has(id) ? id : [...byId.keys()].find((k) => k.endsWith(`/${id}.schema.json`) || k.endsWith(`/${id}`) || k === `${id}.schema.json`));
  return {
    ids: () => [...byId.keys()],
    has: (id) => byShortId(id) !== undefined,
    get: (id) => {
      const key = byShortId(id);
      return key ? byId.get(key)!.doc : undefined;
    },
    resolved: (id) => {
      const key = byShortId(id);
      if (!key) return undefined;
      return inlineRefs(byId.get(key)!.doc, (ref) => byId.get(byShortId(ref.replace(/\.schema\.json$/, '')) ?? '')?.doc);
    },
    validate(id, data, lang) {
      const key = byShortId(id);
      if (!key) throw new Error(`No form schema ${id}`);
      const validate = compiled.get(key)!;
      if (validate(data)) return [];
      return fieldErrors(fieldPrefix, validate.errors ?? [], lang).map((e) => (e.field === fieldPrefix ? e : { ...e, field: `${fieldPrefix}.${e.field}` }));
    },
  };
}
