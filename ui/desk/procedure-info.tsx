/** What the receptionist tells the applicant about the procedure: documents to bring, fee, time limit. */
import { useLang, useT } from '../shared/i18n.ts';
import { money } from '../shared/format.ts';
import type { Messages } from '../shared/messages/vi.ts';
import type { Fee, Procedure, TimeLimit } from './types.ts';

export function limitText(l: TimeLimit | null | undefined, m: Messages): string {
  if (!l) return m.app.none;
  if (l.kind === 'sameDay') return m.desk.info.sameDay;
  if (l.kind === 'workingDays') return m.desk.info.workingDays(l.days);
  return m.desk.info.workingHours(l.hours);
}

/** A fee's note, unless it only says again what `feeText` already spells out (a per-page fee). */
export const feeNote = (f: Fee): string | null => (f.kind === 'perPage' ? null : f.note ?? null);

export function feeText(f: Fee, m: Messages): string {
  switch (f.kind) {
    case 'free': return m.desk.info.free;
    case 'fixed': return money(f.amountVnd);
    case 'perPage': return m.desk.info.perPage(money(f.firstPagesVnd), money(f.nextPagesVnd), f.fromPage, money(f.maxPerCopyVnd));
    case 'provinceSet': return f.amountVnd === null ? m.desk.info.provinceSet : money(f.amountVnd);
  }
}

export function ProcedureInfo({ procedure: p, onChange }: { procedure: Procedure; onChange?: () => void }) {
  const m = useT();
  const lang = useLang();
  const i = m.desk.info;
  return (
    <section class="desk-info" aria-labelledby="desk-info-title">
      <div class="desk-info__head">
        <h2 id="desk-info-title" class="desk-info__name">{lang === 'vi' ? p.nameVi : p.nameEn}</h2>
        {onChange ? <button type="button" class="btn desk-narrow-only" onClick={onChange}>{m.desk.picker.change}</button> : null}
      </div>
      <dl class="desk-facts">
        <div><dt>{i.code}</dt><dd>{p.nationalCode ? <span class="desk-code">{p.nationalCode}</span> : <span class="muted">{i.noCode}</span>}</dd></div>
        <div><dt>{i.field}</dt><dd>{p.field}</dd></div>
        <div class="desk-facts__wide"><dt>{i.limit}</dt><dd><strong>{limitText(p.legalLimit, m)}</strong></dd></div>
        <div class="desk-facts__wide">
          <dt>{i.fee}</dt>
          <dd>
            {(p.fees ?? []).length === 0 ? m.app.none : p.fees.map((f, k) => (
              <span key={k} class="desk-fee"><strong>{feeText(f, m)}</strong>{feeNote(f) ? <span class="muted"> — {feeNote(f)}</span> : null}</span>
            ))}
          </dd>
        </div>
      </dl>
      <h3>{i.documents}</h3>
      <ul class="desk-docs-req">
        {(p.requiredDocuments ?? []).map((d, k) => (
          <li key={k}>
            <span class={`desk-req desk-req--${d.required ? 'yes' : 'no'}`}>{d.required ? i.required : i.optional}</span>{' '}
            {lang === 'vi' ? d.nameVi : d.nameEn}
            <span class="muted"> ({i.docKind[d.kind] ?? d.kind})</span>
            {d.conditionVi ? <span class="muted desk-req__when"> — {d.conditionVi}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
