/**
 * The applicant's identification for an online submission: the CCCD and the one-time code the
 * identity provider sent (VNeID; the demo's rule is shown), giving a short-lived applicant token.
 */
import { useState } from 'preact/hooks';
import { isValidCccd } from '../../api/domain/dossier/identity.ts';
import { ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { Alert, Button, TextField } from '../shared/ui.tsx';
import { publicRequest } from '../citizen/client.ts';

export interface ApplicantAuth {
  token: string;
  expiresAt: string;
  /** The masked number the API echoes. */
  masked: string;
  /** What the applicant typed (fills the form's CCCD). */
  idNumber: string;
}

export function Identify({ onDone, notice }: { onDone: (a: ApplicantAuth) => void; notice?: string | null }) {
  const m = useT();
  const c = m.citizen;
  const [idNumber, setIdNumber] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const id = idNumber.replace(/\s/g, '');
    const otp = code.replace(/\s/g, '');
    const bad: Record<string, string> = {};
    if (!id) bad.idNumber = m.desk.check.required;
    else if (!isValidCccd(id)) bad.idNumber = m.desk.check.cccd;
    if (!/^[0-9]{6}$/.test(otp)) bad.oneTimeCode = otp ? c.otpHint : m.desk.check.required;
    setErrors(bad);
    setError(null);
    if (Object.keys(bad).length) return;
    setBusy(true);
    try {
      const r = await publicRequest<{ token: string; expiresAt: string; idNumber: string }>('POST', '/api/public/identify', { idNumber: id, oneTimeCode: otp });
      onDone({ token: r.token, expiresAt: r.expiresAt, masked: r.idNumber, idNumber: id });
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message);
        setErrors(Object.fromEntries(err.details.map((d) => [d.field, d.message])));
      } else setError(m.errors.generic);
    } finally {
      setBusy(false);
    }
  };

  const cap = (s?: string) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : undefined);
  return (
    <section class="card citizen-section" aria-labelledby="identify-title">
      <p class="citizen-step">{c.step(1, 3)}</p>
      <h2 id="identify-title">{c.identifyTitle}</h2>
      <p class="muted">{c.identifyIntro}</p>
      {notice ? <Alert kind="warning">{notice}</Alert> : null}
      <form class="form" noValidate onSubmit={(e) => void submit(e)}>
        <div class="citizen-inline">
          <TextField label={c.idNumber} name="idNumber" value={idNumber} onValue={setIdNumber} hint={c.idNumberHint} error={cap(errors.idNumber)} required inputMode="numeric" autoComplete="off" maxLength={14} />
          <TextField label={c.otp} name="oneTimeCode" value={code} onValue={setCode} hint={c.otpHint} error={cap(errors.oneTimeCode)} required inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </div>
        <p class="hint">{c.demoRule}</p>
        {error ? <Alert>{error}</Alert> : null}
        <div class="citizen-actions"><Button type="submit" variant="primary" busy={busy}>{c.identify}</Button></div>
      </form>
    </section>
  );
}
