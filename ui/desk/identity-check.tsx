/**
 * The applicant's CCCD as typed (Decree 118 Art. 17.1): what a valid number tells (province, sex,
 * year of birth), and the VNeID account check (`POST /api/identity/check`) with its result.
 */
import { useState } from 'preact/hooks';
import { parseCccd } from '../../api/domain/dossier/identity.ts';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Button } from '../shared/ui.tsx';
import type { Messages } from '../shared/messages/vi.ts';
import type { IdentityResult } from './types.ts';

/** "Hà Nội · Nam · sinh 1990" for a valid CCCD, else undefined. */
export function cccdInfo(value: string, m: Messages): string | undefined {
  const info = parseCccd(value.trim());
  return info ? m.desk.applicant.cccdInfo(info.provinceName, info.sex === 'male' ? m.desk.applicant.male : m.desk.applicant.female, info.birthYear) : undefined;
}

export interface IdentityState {
  idNumber: string;
  result?: IdentityResult;
  error?: string;
}

/** The check button (beside the CCCD field). */
export function IdentityButton({ idNumber, onResult }: { idNumber: string; onResult: (s: IdentityState) => void }) {
  const m = useT();
  const [busy, setBusy] = useState(false);
  const valid = !!parseCccd(idNumber.trim());
  const check = async () => {
    setBusy(true);
    try {
      const result = await api.post<IdentityResult>('/api/identity/check', { idNumber: idNumber.trim() });
      onResult({ idNumber: idNumber.trim(), result });
    } catch (err) {
      const e = err instanceof ApiError ? err : null;
      onResult({ idNumber: idNumber.trim(), error: e ? (e.fieldMessage('idNumber') ?? e.message) : m.errors.generic });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={() => void check()} busy={busy} disabled={!valid} title={valid ? undefined : m.desk.applicant.checkNeedsId}>
      {busy ? m.desk.applicant.checking : m.desk.applicant.check}
    </Button>
  );
}

/** What the check found, with the offer to fill the applicant's name when the provider gives it. */
export function IdentityResultView({ state, currentName, onFillName }: { state: IdentityState; currentName: string; onFillName: (name: string) => void }) {
  const m = useT();
  const a = m.desk.applicant;
  if (state.error) return <p class="error desk-identity" role="alert">{a.checkFailed}: {state.error}</p>;
  const r = state.result;
  if (!r) return null;
  return (
    <div class={`desk-identity desk-identity--${r.hasAccount ? 'ok' : 'none'}`} role="status">
      <strong>{r.hasAccount ? a.accountFound(r.level) : a.noAccount}</strong>
      <span class="muted"> · {r.idNumber}{r.provider === 'demo' ? ` · ${a.demoProvider}` : ''}</span>
      {r.fullName ? (
        <p>
          {a.accountName}: <strong>{r.fullName}</strong>{' '}
          {r.fullName !== currentName.trim() ? <Button variant="ghost" onClick={() => onFillName(r.fullName!)}>{a.fillName}</Button> : null}
        </p>
      ) : null}
      {!r.hasAccount ? <p>{a.noAccountHelp}</p> : null}
    </div>
  );
}
