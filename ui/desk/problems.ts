/** Turning the form's and the API's errors into messages beside fields and the summary's list. */
import { ApiError } from '../shared/api.ts';
import type { Messages } from '../shared/messages/vi.ts';
import { checkDoc, type DocEntry } from './doc-model.ts';
import { docFieldId } from './doc-card.tsx';
import type { Problem } from './error-summary.tsx';
import { fieldId, labelAt } from './schema-values.ts';
import type { JsonSchema } from './types.ts';

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The API's field errors: form fields by path (without `formData.`), and the others. */
export function splitServerErrors(err: ApiError): { fields: Record<string, string>; other: Array<{ field: string; message: string }> } {
  const fields: Record<string, string> = {};
  const other: Array<{ field: string; message: string }> = [];
  for (const d of err.details) {
    if (d.field === 'formData') other.push(d);
    else if (d.field.startsWith('formData.')) fields[d.field.slice('formData.'.length)] ??= d.message;
    else other.push(d);
  }
  return { fields, other };
}

/** Sorts problems as their fields appear on the page. */
function inPageOrder(list: Problem[]): Problem[] {
  const pos = (p: Problem) => (p.id ? document.getElementById(p.id) : null);
  return [...list].sort((a, b) => {
    const ea = pos(a);
    const eb = pos(b);
    if (!ea || !eb) return ea ? -1 : eb ? 1 : 0;
    return ea.compareDocumentPosition(eb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
}

export function problemsOf(opts: {
  schema: JsonSchema | null; shown: Record<string, string>; other: Array<{ field: string; message: string }>;
  docs: DocEntry[]; showDocs: boolean; m: Messages;
}): Problem[] {
  const { schema, m } = opts;
  const list: Problem[] = Object.entries(opts.shown).map(([path, message]) => ({ id: fieldId(path), label: schema ? labelAt(schema, path) : path, message }));
  const names = m.desk.docs.fieldNames as Record<string, string>;
  if (opts.showDocs) {
    opts.docs.forEach((d, i) => {
      const errs = { ...checkDoc(d, m), ...(d.errors ?? {}) };
      for (const [f, message] of Object.entries(errs)) {
        list.push({ id: f === 'file' ? undefined : docFieldId(d.key, f), label: `${m.desk.docs.item(i + 1, d.fileName)} › ${names[f] ?? f}`, message });
      }
    });
  }
  for (const o of opts.other) list.push({ id: o.field === 'procedureId' ? 'proc-change' : undefined, label: (m.desk.summary.fields as Record<string, string>)[o.field] ?? o.field, message: o.message });
  return inPageOrder(list).map((p) => ({ ...p, message: cap(p.message) }));
}
