/**
 * The head of the dossier page: its code and procedure, the status in words, the deadline state in
 * colour (in time, due soon, overdue; paused while waiting for the applicant), the due date, and
 * who holds the dossier now (each open task's assignee or group, step and agency, and since when).
 */
import type { ComponentChildren } from 'preact';
import { useLang, useT } from '../shared/i18n.ts';
import { dateTime, relative } from '../shared/format.ts';
import { SlaBadge, StatusBadge } from '../shared/ui.tsx';
import { FINISHED, type DossierView } from './data.ts';
import type { StepInfo } from './steps.ts';

const WAITING = ['supplement_requested', 'fee_required', 'withdrawal_requested'];

/** How long ago, roughly (the largest whole unit). */
function elapsed(iso: string): { n: number; unit: 'day' | 'hour' | 'minute' } {
  const ms = Math.max(0, Date.now() - new Date(iso).getTime());
  if (ms >= 86_400_000) return { n: Math.floor(ms / 86_400_000), unit: 'day' };
  if (ms >= 3_600_000) return { n: Math.floor(ms / 3_600_000), unit: 'hour' };
  return { n: Math.max(1, Math.floor(ms / 60_000)), unit: 'minute' };
}

function Fact({ label, children, id }: { label: string; children: ComponentChildren; id?: string }) {
  return <div class="fact" data-testid={id}><dt>{label}</dt><dd>{children}</dd></div>;
}

/** The dossier's open tasks (`holders`); while there are none, the diagram's current user tasks. */
function Holder({ dossier, fromProcess }: { dossier: DossierView; fromProcess: StepInfo[] }) {
  const m = useT();
  const d = m.dossier;
  const groups = (g: string[]) => d.group(g.map((r) => m.roles[r] ?? r).join(', '));
  if (FINISHED.includes(dossier.status)) return <span class="muted">{d.holderFinished}</span>;
  if (dossier.holders.length) {
    return (
      <ul class="holder">
        {dossier.holders.map((h) => (
          <li key={`${h.step}-${h.since}`}>
            <strong>{h.assignee ? h.assignee.fullName : groups(h.candidateGroups)}</strong>
            {h.name ? <span> · {h.name}</span> : null}
            {h.agencyName ? <span class="muted"> · {h.agencyName}</span> : null}
            <span class="muted holder__since"> · {d.since(dateTime(h.since))} ({d.ago(elapsed(h.since).n, elapsed(h.since).unit)})</span>
          </li>
        ))}
      </ul>
    );
  }
  if (fromProcess.length) {
    return (
      <ul class="holder">
        {fromProcess.map((s) => (
          <li key={s.id}>
            <strong>{s.groups.length ? groups(s.groups) : s.name}</strong>
            {s.groups.length ? <span> · {s.name}</span> : null}
            <span class="muted holder__since"> · {d.fromDiagram}</span>
          </li>
        ))}
      </ul>
    );
  }
  if (WAITING.includes(dossier.status)) return <span>{d.holderApplicant}</span>;
  return <span class="muted">{d.holderNone}</span>;
}

export function Header({ dossier: v, fromProcess, children }: { dossier: DossierView; fromProcess: StepInfo[]; children: ComponentChildren }) {
  const m = useT();
  const lang = useLang();
  const d = m.dossier;
  const reviewing = v.status === 'registered' && v.reviewDueAt;
  return (
    <header class="card dossier-head">
      <p class="dossier-head__procedure">{lang === 'vi' ? v.procedure.nameVi : v.procedure.nameEn}</p>
      <h1>{d.title} <span class="dossier-head__code">{v.code}</span></h1>
      <dl class="facts">
        <Fact label={d.status} id="status"><StatusBadge status={v.status} /></Fact>
        <Fact label={d.deadline} id="sla">
          {reviewing ? <SlaBadge sla={v.reviewSla} showDue={false} /> : v.sla ? <SlaBadge sla={v.sla} showDue={false} /> : <span class="muted">{m.app.none}</span>}
        </Fact>
        <Fact label={reviewing ? d.reviewDueAt : d.dueAt} id="due">
          {(reviewing ? v.reviewDueAt : v.dueAt) ? (
            <>
              <time dateTime={(reviewing ? v.reviewDueAt : v.dueAt)!}>{dateTime(reviewing ? v.reviewDueAt : v.dueAt)}</time>
              {!FINISHED.includes(v.status) && v.status !== 'decided' && v.sla !== 'paused' ? <span class="muted"> · {relative(reviewing ? v.reviewDueAt : v.dueAt)}</span> : null}
            </>
          ) : <span class="muted">{m.app.none}</span>}
          {v.sla === 'paused' && v.supplementDueAt ? <span class="fact__note">{d.supplementUntil(dateTime(v.supplementDueAt))}</span> : null}
        </Fact>
        <Fact label={d.holder} id="holder"><Holder dossier={v} fromProcess={fromProcess} /></Fact>
      </dl>
      {children}
    </header>
  );
}
