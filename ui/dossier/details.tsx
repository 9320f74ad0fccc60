/**
 * What the dossier is: the applicant, the procedure, how and when it came in, fees, supplement,
 * extension, decision and return; then the procedure's form as filled in, labelled with the
 * titles of its JSON Schema (enum values named from the schema's description where it lists them).
 */
import type { ComponentChildren } from 'preact';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime, money } from '../shared/format.ts';
import type { DossierView } from './data.ts';

type Schema = { title?: string; description?: string; enum?: unknown[]; properties?: Record<string, Schema>; items?: Schema };

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return <div class="dkv__row"><dt>{label}</dt><dd>{children}</dd></div>;
}

const Time = ({ iso }: { iso: string | null }) => (iso ? <time dateTime={iso}>{dateTime(iso)}</time> : <>—</>);

const ADDRESS = ['detail', 'commune', 'province'];

function address(a: DossierView['applicant']['address'] | Record<string, unknown>): string {
  if (!a) return '';
  if (typeof a === 'string') return a;
  return [a.detail, a.commune, a.province].filter(Boolean).map(String).join(', ');
}

/** `truc_tiep: tại Trung tâm; buu_chinh: …` in an enum's description → the label of a value. */
function enumLabel(schema: Schema | undefined, value: string): string {
  if (!schema?.enum || !schema.description) return value;
  const match = schema.description.split(/;\s*/).map((p) => p.match(/^\s*([\w-]+)\s*:\s*(.+?)\.?\s*$/)).find((x) => x?.[1] === value);
  return match?.[2] ?? value;
}

function Value({ value, schema }: { value: unknown; schema?: Schema }) {
  if (value === null || value === undefined || value === '') return <>—</>;
  if (Array.isArray(value)) {
    return <ol class="dkv__list">{value.map((v, i) => <li key={i}><Value value={v} schema={schema?.items} /></li>)}</ol>;
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).every((k) => ADDRESS.includes(k))) return <>{address(o)}</>;
    return (
      <dl class="dkv dkv--nested">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <Row key={k} label={schema?.properties?.[k]?.title ?? k}><Value value={v} schema={schema?.properties?.[k]} /></Row>
        ))}
      </dl>
    );
  }
  if (typeof value === 'boolean') return <>{value ? '✓' : '✗'}</>;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return <>{value.split('-').reverse().join('/')}</>;
  return <>{enumLabel(schema, String(value))}</>;
}

export function Details({ dossier: v, schema }: { dossier: DossierView; schema: Schema | null }) {
  const m = useT();
  const lang = useLang();
  const d = m.dossier;
  const a = v.applicant ?? {};
  const form = Object.entries(v.formData ?? {}).filter(([k]) => k !== 'applicant');
  return (
    <section class="card dossier-card" aria-labelledby="dossier-details">
      <h2 id="dossier-details">{d.details}</h2>
      <dl class="dkv">
        <Row label={d.applicant}><strong>{a.fullName ?? '—'}</strong></Row>
        <Row label={d.personalId}>{a.personalId ?? '—'}</Row>
        {a.phone ? <Row label={d.phone}>{a.phone}</Row> : null}
        {a.email ? <Row label={d.email}>{a.email}</Row> : null}
        {address(a.address) ? <Row label={d.address}>{address(a.address)}</Row> : null}
        <Row label={d.procedure}>{lang === 'vi' ? v.procedure.nameVi : v.procedure.nameEn}</Row>
        <Row label={d.channel}>{d.channels[v.channel] ?? v.channel}</Row>
        {v.channel === 'online' ? <Row label={d.submittedAt}><Time iso={v.submittedAt} /></Row> : null}
        <Row label={d.receivedAt}><Time iso={v.receivedAt} /></Row>
        {v.supplementRequests ? <Row label={d.supplementRequests}>{d.times(v.supplementRequests)}</Row> : null}
        {v.supplementDueAt ? <Row label={d.supplementDueAt}><Time iso={v.supplementDueAt} /></Row> : null}
        {v.extensions ? <Row label={d.extensions}>{d.times(v.extensions)}</Row> : null}
        {v.feeDue ? <Row label={d.fee}>{d.feeLine(money(v.feePaid), money(v.feeDue))}</Row> : null}
        {v.decision ? (
          <Row label={d.decision}>
            {d.outcomes[v.decision.outcome] ?? v.decision.outcome} · <Time iso={v.decision.at} />
            {v.decision.reason ? <span class="muted"> — {v.decision.reason}</span> : null}
          </Row>
        ) : null}
        {v.returnedAt ? <Row label={d.returned}><Time iso={v.returnedAt} />{v.returnMode ? ` · ${d.returnModes[v.returnMode]}` : ''}</Row> : null}
        {v.closedReason ? <Row label={d.closedReason}>{d.closedReasons[v.closedReason] ?? v.closedReason}</Row> : null}
      </dl>
      {form.length ? (
        <details class="form-data">
          <summary>{schema?.title ?? d.formData}</summary>
          <dl class="dkv">
            {form.map(([k, val]) => <Row key={k} label={schema?.properties?.[k]?.title ?? k}><Value value={val} schema={schema?.properties?.[k]} /></Row>)}
          </dl>
        </details>
      ) : null}
    </section>
  );
}
