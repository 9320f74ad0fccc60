/** "What to do next" on the lookup page, per status; the details (what is missing, until when) with the PIN. */
import { useLang, useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { dateTime, money } from '../shared/format.ts';
import { Alert } from '../shared/ui.tsx';
import { SupplementUpload } from './supplement.tsx';
import type { LookupResult } from './types.ts';

interface Props {
  result: LookupResult;
  pin: string;
  onChanged: () => void;
  onSupplemented: (r: LookupResult) => void;
}

export function NextStepPanel({ result, pin, onChanged, onSupplemented }: Props) {
  const m = useT();
  const l = m.lookup;
  useLang();
  const step = result.nextStep;
  const full = result.pinVerified;
  let body;
  switch (step.kind) {
    case 'wait_review':
      body = <p>{l.nextWaitReview}</p>;
      break;
    case 'wait':
      body = <p>{l.nextWait(dateTime(result.dueAt))}</p>;
      break;
    case 'supplement':
      body = !full ? <p>{l.nextSupplementBare}</p> : (
        <>
          <p>{l.nextSupplement(dateTime(step.supplementDueAt))}</p>
          <h3>{l.missing}</h3>
          <ul class="lookup-missing">{(step.items ?? []).map((x, i) => <li key={i}>{x}</li>)}</ul>
          {step.reason ? <p><strong>{l.reason}:</strong> {step.reason}</p> : null}
          {step.canUploadOnline ? (
            <SupplementUpload code={result.code} pin={pin} maxBytes={step.uploadMaxBytes ?? 0}
              uploaded={(result.documents ?? []).filter((d) => d.kind === 'supplement')} onUploaded={onChanged} onDone={onSupplemented} />
          ) : <Alert kind="warning">{l.supplementClosed}</Alert>}
        </>
      );
      break;
    case 'pay_fee':
      body = <p>{full && step.feeOwed !== undefined ? l.nextFee(money(step.feeOwed)) : l.nextFeeBare}</p>;
      break;
    case 'collect':
      body = <p>{l.nextCollect(full && result.agency ? result.agency : l.collectWhere)}</p>;
      break;
    case 'rate':
      body = (
        <>
          <p>{l.nextRate}</p>
          <p><Link class="btn btn--primary" href={`/danh-gia?ma=${encodeURIComponent(result.code)}`}>{l.rate}</Link></p>
        </>
      );
      break;
    default:
      body = <p>{l.nextClosed}</p>;
  }
  return (
    <section class={`card lookup-next lookup-next--${step.kind}`} aria-labelledby="lookup-next-title">
      <h2 id="lookup-next-title">{l.next}</h2>
      {body}
      {!full && step.kind !== 'rate' && step.kind !== 'closed' ? <p class="muted">{l.pinNeeded}</p> : null}
    </section>
  );
}
