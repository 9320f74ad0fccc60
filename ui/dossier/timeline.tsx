/**
 * The dossier's history as a timeline, newest first: what was done (the action's name), by whom
 * (full name and agency), when, the status it led to, and the details that matter (items asked
 * for, reasons, new dates, amounts).
 */
import { useT } from '../shared/i18n.ts';
import { dateTime, money } from '../shared/format.ts';
import type { Session } from '../shared/session.ts';
import { Alert, StatusBadge } from '../shared/ui.tsx';
import type { HistoryEntry } from './data.ts';

const DATE_FIELDS = new Set(['dueAt', 'newDueAt', 'previousDueAt', 'supplementDueAt']);
const MONEY_FIELDS = new Set(['amount', 'feeDue']);
/** Details shown, in this order (the rest is bookkeeping). */
const SHOWN = ['stepName', 'items', 'reasons', 'reason', 'description', 'amount', 'method', 'reference', 'outcome', 'mode', 'channel', 'previousDueAt', 'newDueAt', 'supplementDueAt', 'dueAt'];

function DetailValue({ field, value }: { field: string; value: unknown }) {
  const d = useT().dossier;
  if (Array.isArray(value)) return <ul class="timeline__list">{value.map((v, i) => <li key={i}>{String(v)}</li>)}</ul>;
  if (DATE_FIELDS.has(field) && typeof value === 'string') return <time dateTime={value}>{dateTime(value)}</time>;
  if (MONEY_FIELDS.has(field) && typeof value === 'number') return <>{money(value)}</>;
  const enums: Record<string, Record<string, string>> = { method: d.methods, outcome: d.outcomes, mode: d.returnModes, channel: d.channels };
  return <>{enums[field]?.[String(value)] ?? String(value)}</>;
}

export function Timeline({ history, error, session }: { history: HistoryEntry[] | null; error: string | null; session: Session }) {
  const m = useT();
  const d = m.dossier;
  // An officer by full name (the current user marked), else the system or the applicant.
  const who = (h: HistoryEntry) => (h.actorName ? (h.actorId === session.user.id ? `${h.actorName} (${d.you})` : h.actorName) : d.system);
  return (
    <section class="card dossier-card" aria-labelledby="dossier-timeline">
      <h2 id="dossier-timeline">{d.timeline}</h2>
      {error ? <Alert>{error}</Alert> : null}
      {!history && !error ? <p class="muted" role="status">{m.app.loading}</p> : null}
      {history && history.length === 0 ? <p class="muted">{d.timelineEmpty}</p> : null}
      {history && history.length ? (
        <ol class="timeline" data-testid="timeline">
          {[...history].reverse().map((h, i) => {
            const details = SHOWN.filter((k) => h.details?.[k] !== undefined && h.details[k] !== null && h.details[k] !== '');
            return (
              <li key={`${h.at}-${i}`} class="timeline__item">
                <div class="timeline__head">
                  <strong class="timeline__action">{d.actionNames[h.action] ?? h.action}</strong>
                  <time class="timeline__time muted" dateTime={h.at}>{dateTime(h.at)}</time>
                </div>
                <p class="timeline__who">
                  {who(h)}{h.agencyName ? <span class="muted"> · {h.agencyName}</span> : null}
                </p>
                {h.fromStatus !== h.toStatus ? <p class="timeline__status"><span class="muted">{d.toStatus}: </span><StatusBadge status={h.toStatus} /></p> : null}
                {details.length ? (
                  <dl class="timeline__details">
                    {details.map((k) => (
                      <div key={k}>
                        <dt>{d.detailLabels[k] ?? k}</dt>
                        <dd><DetailValue field={k} value={h.details[k]} /></dd>
                      </div>
                    ))}
                  </dl>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
