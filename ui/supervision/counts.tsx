/** The four totals as coloured tiles, and the counts by agency, procedure and step; each count links to its list. */
import { useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { BUCKETS, countHref, type Bucket, type Counts, type GroupRow } from './data.ts';

function Count({ n, href, label }: { n: number; href: string | null; label: string }) {
  if (!href || n === 0) return <span>{n}</span>;
  return href.startsWith('#') ? <a href={href} aria-label={label}>{n}</a> : <Link href={href} aria-label={label}>{n}</Link>;
}

export function Tiles({ totals, taskList }: { totals: Counts; taskList: boolean }) {
  const m = useT();
  return (
    <ul class="sv-tiles" aria-label={m.supervision.title}>
      {BUCKETS.map((b) => {
        const href = countHref(b, {}, taskList);
        const body = <><span class="sv-tile__n" data-testid={`total-${b}`}>{totals[b]}</span><span class="sv-tile__label">{m.supervision.buckets[b]}</span></>;
        return (
          <li key={b} class={`sv-tile sv-tile--${b}`}>
            {href ? (href.startsWith('#') ? <a href={href}>{body}</a> : <Link href={href}>{body}</Link>) : <div>{body}</div>}
          </li>
        );
      })}
    </ul>
  );
}

type Kind = 'agency' | 'procedure' | 'step';

export function GroupTable({ kind, title, rows, taskList }: { kind: Kind; title: string; rows: GroupRow[]; taskList: boolean }) {
  const m = useT();
  const nameOf = (r: GroupRow) => (kind === 'step' ? (r.id === 'supplement' ? m.supervision.supplementStep : m.tasks.steps[r.id] ?? r.name ?? r.id) : r.name ?? r.id);
  const hrefOf = (r: GroupRow, b: Bucket) => {
    if (kind === 'agency') return b === 'paused' ? '#cho-bo-sung' : b === 'overdue' ? `/giam-sat?agency=${encodeURIComponent(r.id)}#qua-han` : null;
    return countHref(b, kind === 'procedure' ? { procedureId: r.id } : { step: r.id }, taskList);
  };
  return (
    <section class="sv-group" aria-labelledby={`sv-${kind}`}>
      <h3 id={`sv-${kind}`}>{title}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr><th scope="col">{m.supervision.name}</th>{BUCKETS.map((b) => <th key={b} scope="col" class="num">{m.supervision.buckets[b]}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`${kind}-${r.id}`}>
                <th scope="row">{kind === 'agency' ? <Link href={`/giam-sat?agency=${encodeURIComponent(r.id)}`}>{nameOf(r)}</Link> : nameOf(r)}</th>
                {BUCKETS.map((b) => (
                  <td key={b} class={`num${b === 'overdue' && r[b] > 0 ? ' num--late' : ''}`}>
                    <Count n={r[b]} href={hrefOf(r, b)} label={m.supervision.countLink(m.supervision.buckets[b]!, r[b], nameOf(r))} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
