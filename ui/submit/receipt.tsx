/** What the applicant gets after an online submission: the code, the review deadline and the lookup link. */
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime } from '../shared/format.ts';
import { Link } from '../shared/router.tsx';
import { StatusBadge } from '../shared/ui.tsx';

export interface OnlineReceipt {
  code: string;
  status: string;
  procedure: { id: string; nameVi: string; nameEn: string };
  centre: string;
  submittedAt: string | null;
  reviewDueAt: string | null;
  lookup: string;
  /** The lookup PIN (second factor of the public lookup), also printed on form 01. */
  lookupPin?: string;
}

export function ReceiptView({ r, docs }: { r: OnlineReceipt; docs: number }) {
  const m = useT();
  const lang = useLang();
  const c = m.citizen;
  const row = (label: string, value: string) => <div class="kv"><dt>{label}</dt><dd>{value}</dd></div>;
  return (
    <section class="card citizen-section" aria-labelledby="receipt-title">
      <h2 id="receipt-title">✓ {c.receiptTitle}</h2>
      <p>{c.receiptIntro}</p>
      <div>
        <p class="muted">{c.receiptCode}</p>
        <p class="citizen-code-big" id="receipt-code">{r.code}</p>
        {r.lookupPin ? (<>
          <p class="muted">{c.receiptPin}</p>
          <p class="citizen-code-big" id="receipt-pin">{r.lookupPin}</p>
        </>) : null}
        <p class="hint">{c.receiptKeep}</p>
      </div>
      <p><StatusBadge status={r.status} /></p>
      <dl>
        {row(m.lookup.procedure, lang === 'vi' ? r.procedure.nameVi : r.procedure.nameEn)}
        {row(m.lookup.agency, r.centre)}
        {row(c.submittedAt, dateTime(r.submittedAt))}
        {row(c.reviewBy, dateTime(r.reviewDueAt))}
        {row(c.docsTitle, c.docsSent(docs))}
      </dl>
      <div class="citizen-actions">
        <Link href={r.lookup} class="btn btn--primary">{c.trackIt}</Link>
        <Link href="/thu-tuc" class="btn">{c.another}</Link>
      </div>
    </section>
  );
}
