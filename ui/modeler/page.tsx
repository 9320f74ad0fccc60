/**
 * `/quy-trinh` and `/quy-trinh/:procedureId`: the procedure controller's process modeler. Without a
 * procedure, the procedures with their current process version; with one, its process open in the
 * editor (`workspace.tsx`). Procedure controllers and admins (admins read and check, controllers deploy).
 */
import { useEffect, useState } from 'preact/hooks';
import { dateTime } from '../shared/format.ts';
import { useLang, useT } from '../shared/i18n.ts';
import { usePageTitle, type PageProps } from '../shared/page.ts';
import { Link } from '../shared/router.tsx';
import { Alert, Loading } from '../shared/ui.tsx';
import * as data from './data.ts';
import { Workspace } from './workspace.tsx';
import './modeler.css';

function ProcedureList() {
  const m = useT();
  const t = m.modeler;
  const lang = useLang();
  const [rows, setRows] = useState<Array<data.ProcedureItem & { latest: data.VersionItem | null }> | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    data.procedures()
      .then((ps) => Promise.all(ps.map(async (p) => ({ ...p, latest: (await data.versions(p.id).catch(() => []))[0] ?? null }))))
      .then(setRows, () => setError(true));
  }, []);
  return (
    <div class="page md-page">
      <h1>{t.title}</h1>
      <p class="muted">{t.intro}</p>
      {error ? <Alert>{m.errors.generic}</Alert> : null}
      {!rows && !error ? <Loading /> : null}
      {rows ? (
        <div class="table-wrap">
          <table class="md-list">
            <thead><tr><th scope="col">{t.procedure}</th><th scope="col">{t.code}</th><th scope="col">{t.latest}</th><th scope="col">{t.who}</th><th scope="col">{t.when}</th></tr></thead>
            <tbody>
              {rows.map((p) => {
                const name = lang === 'vi' ? p.nameVi : p.nameEn || p.nameVi;
                return (
                  <tr key={p.id}>
                    <th scope="row"><Link href={`/quy-trinh/${encodeURIComponent(p.id)}`} aria-label={t.open(name)} data-testid={`md-open-${p.id}`}>{name}</Link></th>
                    <td>{p.nationalCode}</td>
                    <td>{p.latest ? t.version(p.latest.version) : t.none}</td>
                    <td>{p.latest ? (p.latest.source === 'shipped' ? t.shipped : p.latest.publishedByName || p.latest.publishedBy || '—') : '—'}</td>
                    <td>{p.latest ? <time dateTime={p.latest.publishedAt}>{dateTime(p.latest.publishedAt)}</time> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

export default function ModelerPage({ params }: PageProps) {
  const t = useT().modeler;
  usePageTitle(t.title);
  return params.procedureId ? <Workspace key={params.procedureId} procedureId={params.procedureId} /> : <ProcedureList />;
}
