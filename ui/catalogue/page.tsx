/**
 * `/thu-tuc` (no login): the procedure catalogue for citizens — search (accents optional), and for
 * each procedure its documents, fee, time limit and where to submit, with "Nộp trực tuyến" when it
 * may be submitted online. Built for a phone on a slow connection: two small requests, no form code.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import '../citizen/citizen.css';
import { ApiError } from '../shared/api.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { Link, setQuery, useLocation } from '../shared/router.tsx';
import { Alert, Loading, TextField } from '../shared/ui.tsx';
import { PublicHead } from '../citizen/public-head.tsx';
import { publicRequest, type Centre } from '../citizen/client.ts';
import { searchProcedures } from '../desk/fold.ts';
import { feeNote, feeText, limitText } from '../desk/procedure-info.tsx';
import type { Procedure } from '../desk/types.ts';

const ONLINE = ['full', 'partial'];

function ProcedureCard({ p, centre }: { p: Procedure; centre: string }) {
  const m = useT();
  const lang = useLang();
  const c = m.citizen;
  const online = ONLINE.includes(p.onlineLevel);
  const docs = p.requiredDocuments ?? [];
  return (
    <li class="card citizen-proc" aria-labelledby={`proc-${p.id}`}>
      <h2 id={`proc-${p.id}`} class="citizen-proc__name">{lang === 'vi' ? p.nameVi : p.nameEn}</h2>
      <p class="muted citizen-proc__meta">{p.field}{p.nationalCode ? <> · {c.code} <span class="citizen-code">{p.nationalCode}</span></> : null}</p>
      <dl class="citizen-facts">
        <div><dt>{c.limit}</dt><dd>{limitText(p.legalLimit, m)}</dd></div>
        <div><dt>{c.fee}</dt><dd>{(p.fees ?? []).length ? p.fees.map((f, i) => <span key={i} class="citizen-fee">{feeText(f, m)}{feeNote(f) ? <span class="muted citizen-note">{feeNote(f)}</span> : null}</span>) : m.app.none}</dd></div>
        <div>
          <dt>{c.where}</dt>
          <dd>
            <span class="citizen-fee">{c.atCentre(centre)}</span>
            {online ? <span class="citizen-fee">{c.onlineToo}: <span class="muted">{p.onlineLevel === 'full' ? c.onlineFull : c.onlinePartial}</span></span> : null}
          </dd>
        </div>
      </dl>
      {docs.length ? (
        <details class="citizen-docs">
          <summary>{c.documents(docs.length)}</summary>
          <ul>
            {docs.map((d, i) => (
              <li key={i}>
                <span class={`citizen-req citizen-req--${d.required ? 'yes' : 'no'}`}>{d.required ? m.desk.info.required : m.desk.info.optional}</span>{' '}
                {lang === 'vi' ? d.nameVi : d.nameEn} <span class="muted">({m.desk.info.docKind[d.kind] ?? d.kind})</span>
                {d.conditionVi ? <span class="muted"> — {d.conditionVi}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {online ? <p class="citizen-proc__act"><Link href={`/nop-ho-so/${encodeURIComponent(p.id)}`} class="btn btn--primary">{c.submitOnline}</Link></p> : null}
    </li>
  );
}

export default function CataloguePage() {
  const m = useT();
  const c = m.citizen;
  usePageTitle(c.catalogue);
  const { search } = useLocation();
  const [q, setQ] = useState(search.get('q') ?? '');
  const [list, setList] = useState<Procedure[] | null>(null);
  const [centres, setCentres] = useState<Centre[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([publicRequest<Procedure[]>('GET', '/api/public/procedures'), publicRequest<Centre[]>('GET', '/api/public/centres')])
      .then(([p, cs]) => { setList(p); setCentres(cs); }, (err) => setError(err instanceof ApiError ? err.message : m.errors.generic));
  }, []);
  const found = useMemo(() => (list ? searchProcedures(list, q) : []), [list, q]);
  const onQ = (v: string) => {
    setQ(v);
    setQuery({ q: v.trim() || undefined });
  };
  const centre = centres.map((x) => x.name).join('; ') || '—';

  return (
    <div class="public citizen">
      <PublicHead />
      <main id="main" class="public__body">
        <h1>{c.catalogue}</h1>
        <p class="muted">{c.catalogueIntro}</p>
        <form role="search" class="form" onSubmit={(e) => e.preventDefault()}>
          <TextField label={c.search} name="q" type="search" value={q} onValue={onQ} hint={c.searchHint} spellcheck={false} autoComplete="off" />
        </form>
        {error ? <Alert>{error}</Alert> : null}
        {!list && !error ? <Loading /> : null}
        {list ? <p class="muted" role="status">{found.length ? c.count(found.length, list.length) : c.noMatch}</p> : null}
        <ul class="citizen-list">
          {found.map((p) => <ProcedureCard key={p.id} p={p} centre={centre} />)}
        </ul>
      </main>
    </div>
  );
}
