/**
 * The fields of each dossier action's dialog (labels in the user's language), the request body
 * built from what was typed, and the checks made before sending (the server checks again and its
 * errors are shown beside the same fields).
 */
import type { Messages } from '../shared/messages/vi.ts';
import { money } from '../shared/format.ts';
import type { DossierView } from './data.ts';

export interface FieldSpec {
  name: string;
  kind: 'text' | 'lines' | 'textarea' | 'money' | 'select' | 'datetime';
  label: string;
  hint?: string;
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
  initial?: string;
}

/** `2026-12-05T17:00` in Vietnam's time (UTC+7, no summer time) of an instant. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString().slice(0, 16);
}

/** The dialog's fields of an action; an empty list asks only for confirmation. */
export function fieldsOf(action: string, v: DossierView, m: Messages): FieldSpec[] {
  const f = m.dossier.fields;
  const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));
  switch (action) {
    case 'refuse': return [{ name: 'reasons', kind: 'lines', label: f.reasons, hint: f.linesHint, required: true }];
    case 'request_supplement': return [
      { name: 'items', kind: 'lines', label: f.items, hint: f.linesHint, required: true },
      { name: 'reason', kind: 'textarea', label: f.supplementReason },
    ];
    case 'require_fee': return [
      { name: 'amount', kind: 'money', label: f.amount, required: true },
      { name: 'description', kind: 'text', label: f.feeDescription, required: true },
    ];
    case 'record_payment': return [
      { name: 'method', kind: 'select', label: f.method, required: true, options: options(m.dossier.methods), initial: 'cash' },
      { name: 'amount', kind: 'money', label: f.amount, required: true, hint: f.outstanding(money(v.feeDue - v.feePaid)), initial: v.feeDue > v.feePaid ? String(v.feeDue - v.feePaid) : '' },
      { name: 'reference', kind: 'text', label: f.reference },
    ];
    case 'extend': return [
      { name: 'newDueAt', kind: 'datetime', label: f.newDueAt, required: true, hint: f.newDueAtHint, initial: toLocalInput(v.dueAt) },
      { name: 'reason', kind: 'textarea', label: f.extendReason, required: true },
    ];
    case 'request_withdrawal': return [{ name: 'reason', kind: 'textarea', label: f.withdrawalReason }];
    case 'stop': return [{ name: 'reason', kind: 'textarea', label: f.stopReason, required: true }];
    case 'decide': return [
      { name: 'outcome', kind: 'select', label: f.outcome, required: true, options: options(m.dossier.outcomes), initial: 'approved' },
      { name: 'reason', kind: 'textarea', label: f.decisionReason, hint: f.decisionReasonHint },
    ];
    case 'return_result': return [{ name: 'mode', kind: 'select', label: f.mode, required: true, options: options(m.dossier.returnModes), initial: 'both' }];
    case 'correct_result': return [{ name: 'description', kind: 'textarea', label: f.correction, required: true }];
    default: return [];
  }
}

/** The request body, or the errors of the fields that cannot be sent as typed. */
export function bodyOf(action: string, fields: FieldSpec[], values: Record<string, string>, m: Messages): { body: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = (values[f.name] ?? '').trim();
    const required = f.required || (action === 'decide' && f.name === 'reason' && values.outcome === 'rejected');
    if (!raw) {
      if (required) errors[f.name] = m.dossier.required;
      continue;
    }
    if (f.kind === 'lines') body[f.name] = raw.split('\n').map((l) => l.trim()).filter(Boolean);
    else if (f.kind === 'money') {
      const digits = raw.replace(/[.,\s₫đ]/g, '');
      if (!/^[0-9]+$/.test(digits) || Number(digits) < 1) errors[f.name] = m.dossier.badAmount;
      else body[f.name] = Number(digits);
    } else if (f.kind === 'datetime') {
      const d = new Date(`${raw.length === 16 ? `${raw}:00` : raw}+07:00`);
      if (Number.isNaN(d.getTime())) errors[f.name] = m.dossier.badDate;
      else body[f.name] = d.toISOString();
    } else body[f.name] = raw;
  }
  return { body, errors };
}

/** The field of the dialog a server error names (`items[0]`, `items.0` → `items`). */
export const fieldOfError = (field: string) => field.replace(/^body\./, '').split(/[.[]/)[0] ?? field;

