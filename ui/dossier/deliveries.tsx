/**
 * The dossier's messages to the applicant (e-mail, SMS): each with its channel, the masked
 * address, its status in words and colour (sent green, waiting grey, no channel amber, failed
 * red), when, attempts, and the last error or the provider's message id. Loaded with the dossier
 * (again when it changes), again while a message waits to be sent, and on demand.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import './deliveries.css';
import { api } from '../shared/api.ts';
import { dateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { Alert, Button } from '../shared/ui.tsx';
import { dossierPath, errorText } from './data.ts';

/** One delivery as `GET /api/dossiers/:code/deliveries` gives it. */
export interface DeliveryItem {
  id: string;
  kind: string;
  channel: string;
  address: string | null;
  status: string;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export function Deliveries({ code, version }: { code: string; version: number }) {
  const m = useT();
  const lang = useLang();
  const t = m.deliveries;
  const [items, setItems] = useState<DeliveryItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const polls = useRef(0);

  const load = async (manual = false) => {
    if (manual) setBusy(true);
    try {
      setItems((await api.get<{ items: DeliveryItem[] }>(dossierPath(code, '/deliveries'))).items);
      setError(null);
    } catch (err) {
      setError(errorText(err, m.errors.generic));
    } finally {
      if (manual) setBusy(false);
    }
  };
  useEffect(() => {
    polls.current = 0;
    void load();
  }, [code, version, lang]);
  // The workers send a moment after the action: while a message waits, look again (a few times).
  const waiting = !!items?.some((d) => d.status === 'queued');
  useEffect(() => {
    if (!waiting || polls.current >= 15) return;
    const timer = setTimeout(() => {
      polls.current++;
      void load();
    }, 2000);
    return () => clearTimeout(timer);
  }, [waiting, items]);

  return (
    <section class="card dossier-card deliveries" aria-labelledby="dossier-deliveries" data-testid="deliveries">
      <div class="dossier-card__head">
        <h2 id="dossier-deliveries">{t.title}</h2>
        <Button variant="ghost" busy={busy} onClick={() => void load(true)}>{t.refresh}</Button>
      </div>
      <p class="muted">{t.intro}</p>
      {error ? <Alert>{error}</Alert> : null}
      {!items && !error ? <p class="muted" role="status">{m.app.loading}</p> : null}
      {items && !items.length ? <p class="muted">{t.empty}</p> : null}
      {items && items.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr><th scope="col">{t.kind}</th><th scope="col">{t.channel}</th><th scope="col">{t.status}</th></tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} data-status={d.status}>
                  <td>
                    {t.kinds[d.kind] ?? d.kind}
                    <time class="deliveries__detail" dateTime={d.sentAt ?? d.updatedAt}>{dateTime(d.sentAt ?? d.updatedAt)}</time>
                  </td>
                  <td>
                    {t.channels[d.channel] ?? d.channel}
                    {d.address ? <span class="deliveries__detail deliveries__address">{d.address}</span> : null}
                  </td>
                  <td>
                    <span class={`deliveries__state deliveries__state--${d.status}`}>{t.statuses[d.status] ?? d.status}</span>
                    {d.attempts ? <span class="deliveries__detail">{t.attempts}: {d.attempts}</span> : null}
                    {d.lastError ? <span class="deliveries__detail">{t.error(d.lastError)}</span> : null}
                    {d.providerMessageId ? <span class="deliveries__detail">{t.messageId(d.providerMessageId)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
