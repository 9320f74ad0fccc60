/**
 * The tasks of one page as a grid: one focusable row at a time (roving focus: ↑ ↓ Home End move,
 * Enter opens, C claims or unclaims), the open task's row selected. In the selected row the link
 * and the buttons are in the tab order too, so everything is reachable from the keyboard.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from '../shared/i18n.ts';
import { Link } from '../shared/router.tsx';
import { Button, SlaBadge } from '../shared/ui.tsx';
import { codeOf, permissions, type TaskItem } from './model.ts';

export interface GridProps {
  items: TaskItem[];
  busy: boolean;
  selectedKey?: string;
  me: { id: string; roles: string[] };
  /** Actions in flight and errors, by task key. */
  pending: Record<string, boolean>;
  rowErrors: Record<string, string>;
  compact: boolean;
  onOpen(t: TaskItem, fromKeyboard: boolean): void;
  onClaim(t: TaskItem): void;
  onUnclaim(t: TaskItem): void;
}

export function TaskGrid({ items, busy, selectedKey, me, pending, rowErrors, compact, onOpen, onClaim, onUnclaim }: GridProps) {
  const m = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(() => Math.max(0, items.findIndex((t) => t.key === selectedKey)));
  const activeKey = useRef<string | undefined>(items[active]?.key);
  /** Whether the keyboard is in the grid (a removed row takes the focus with it: it comes back). */
  const inside = useRef(false);

  // After a reload, keep the active row on the same task, or at the same place when it left.
  useEffect(() => {
    const i = items.findIndex((t) => t.key === activeKey.current);
    const next = i >= 0 ? i : Math.min(active, Math.max(0, items.length - 1));
    setActive(next);
    activeKey.current = items[next]?.key;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (inside.current && lost && i < 0) ref.current?.querySelectorAll<HTMLElement>('[data-row]')[next]?.focus();
  }, [items]);

  const focusRow = (i: number) => {
    const rows = ref.current?.querySelectorAll<HTMLElement>('[data-row]');
    if (!rows?.length) return;
    const n = Math.max(0, Math.min(rows.length - 1, i));
    setActive(n);
    activeKey.current = items[n]?.key;
    rows[n]!.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]');
    const i = row ? Number(row.dataset.row) : active;
    const t = items[i];
    const onRow = e.target === row;
    switch (e.key) {
      case 'ArrowDown': e.preventDefault(); return focusRow(i + 1);
      case 'ArrowUp': e.preventDefault(); return focusRow(i - 1);
      case 'Home': if (onRow) { e.preventDefault(); focusRow(0); } return;
      case 'End': if (onRow) { e.preventDefault(); focusRow(items.length - 1); } return;
      case 'Enter': if (onRow && t) { e.preventDefault(); onOpen(t, true); } return;
      case 'c': case 'C': {
        if (!t || pending[t.key]) return;
        const can = permissions(t, me);
        if (can.claim) { e.preventDefault(); onClaim(t); } else if (can.unclaim) { e.preventDefault(); onUnclaim(t); }
        return;
      }
      default:
    }
  };

  return (
    <div ref={ref} role="grid" class={`tgrid${compact ? ' tgrid--compact' : ''}`} aria-label={m.tasks.listLabel} aria-busy={busy ? 'true' : undefined} aria-describedby="tl-keys" onKeyDown={onKeyDown}
      onFocusIn={() => { inside.current = true; }} onFocusOut={(e) => {
        const from = e.target as Node;
        const to = e.relatedTarget as Node | null;
        // Focus moved elsewhere, or nowhere (a click outside): out; its row removed: still in.
        if (to) inside.current = ref.current?.contains(to) ?? false;
        else setTimeout(() => { if (from.isConnected) inside.current = false; }, 0);
      }}>
      <div role="row" class="tgrid__head">
        <span role="columnheader">{m.tasks.col.dossier}</span>
        <span role="columnheader">{m.tasks.col.step}</span>
        <span role="columnheader">{m.tasks.col.applicant}</span>
        <span role="columnheader">{m.tasks.col.due}</span>
        <span role="columnheader">{m.tasks.col.assignee}</span>
        <span role="columnheader">{m.tasks.col.actions}</span>
      </div>
      {items.map((t, i) => {
        const code = codeOf(t);
        const can = permissions(t, me);
        const tab = i === active ? 0 : -1;
        const selected = t.key === selectedKey;
        return (
          <div key={t.key} role="row" data-row={i} data-key={t.key} aria-selected={selected ? 'true' : 'false'} tabIndex={tab}
            class={`trow${selected ? ' trow--selected' : ''}${t.sla ? ` trow--${t.sla}` : ''}`}
            onFocus={(e) => { if (e.target === e.currentTarget) { setActive(i); activeKey.current = t.key; } }}
            onClick={(e) => { if (!(e.target as HTMLElement).closest('a, button')) onOpen(t, false); }}>
            <span role="gridcell" class="trow__dossier">
              {t.dossier ? <Link href={`/ho-so/${encodeURIComponent(code)}`} tabIndex={tab} class="trow__code">{code}</Link> : <span class="trow__code">{code}</span>}
              <span class="trow__proc">{t.dossier?.procedureName ?? t.name}</span>
            </span>
            <span role="gridcell" class="trow__step"><span class={`step step--${t.step ?? 'none'}`}>{t.step ? m.tasks.steps[t.step] ?? t.name : t.name}</span></span>
            <span role="gridcell" class="trow__applicant">{t.dossier?.applicantName ?? m.app.none}</span>
            <span role="gridcell" class="trow__due"><SlaBadge sla={t.sla} dueAt={t.dueAt} /></span>
            <span role="gridcell" class="trow__assignee">
              {t.assignee ? (can.mine ? <strong>{m.tasks.me}</strong> : t.assignee.fullName || t.assignee.username) : <span class="muted">{m.tasks.unassigned}</span>}
            </span>
            <span role="gridcell" class="trow__actions">
              {can.claim ? <Button variant="primary" tabIndex={tab} busy={pending[t.key]} aria-label={m.tasks.claimFor(code)} onClick={() => onClaim(t)}>{m.tasks.claim}</Button> : null}
              {can.unclaim ? <Button tabIndex={tab} busy={pending[t.key]} aria-label={m.tasks.unclaimFor(code)} onClick={() => onUnclaim(t)}>{m.tasks.unclaim}</Button> : null}
              {rowErrors[t.key] ? <span class="error" role="alert">{rowErrors[t.key]}</span> : null}
            </span>
          </div>
        );
      })}
    </div>
  );
}
