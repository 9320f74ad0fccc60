/**
 * The reception draft in sessionStorage: what was typed survives a reload of the tab (files must be
 * chosen again: a browser cannot store them), per signed-in user, and is cleared after a receipt.
 */
import { getSession } from '../shared/session.ts';
import { storable, type DocEntry } from './doc-model.ts';
import { emptyState, type FormState } from './schema-values.ts';

export interface Draft {
  procedureId: string | null;
  channel: 'in_person' | 'post';
  form: FormState;
  docs: DocEntry[];
}

/** A dossier just received or refused (shown until "new reception"). */
export interface Receipt {
  code: string;
  outcome: 'received' | 'refused';
  procedureId: string;
  procedureVi: string;
  procedureEn: string;
  applicantName: string;
  applicantId: string;
  receivedAt: string | null;
  dueAt: string | null;
  channel: string;
  docs: DocEntry[];
}

const key = (what: string) => `motcua.desk.${what}.${getSession()?.user.id ?? 'anon'}`;

function read<T>(what: string): T | null {
  try {
    const raw = sessionStorage.getItem(key(what));
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

function write(what: string, value: unknown): void {
  try {
    if (value === null) sessionStorage.removeItem(key(what));
    else sessionStorage.setItem(key(what), JSON.stringify(value));
  } catch {
    /* storage full or blocked: the draft lasts as long as the page */
  }
}

export const emptyDraft = (): Draft => ({ procedureId: null, channel: 'in_person', form: emptyState(), docs: [] });

export function loadDraft(): Draft {
  const d = read<Draft>('draft');
  return d && d.form ? { ...emptyDraft(), ...d } : emptyDraft();
}

export function saveDraft(d: Draft | null): void {
  write('draft', d && { ...d, docs: d.docs.map(storable) });
}

export const loadReceipt = () => read<Receipt>('receipt');

export function saveReceipt(r: Receipt | null): void {
  write('receipt', r && { ...r, docs: r.docs.map(storable) });
}
