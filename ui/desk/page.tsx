/**
 * `/tiep-nhan`: the reception desk. Two tabs: reception at the counter (procedure, form, documents,
 * receive or refuse) and the online dossiers waiting for review. The reception draft is kept in
 * sessionStorage and survives errors, an expired session and a reload.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { usePageTitle } from '../shared/page.ts';
import { setQuery, useLocation } from '../shared/router.tsx';
import { Alert, Loading } from '../shared/ui.tsx';
import { emptyDraft, loadDraft, loadReceipt, saveDraft, saveReceipt, type Draft, type Receipt as ReceiptData } from './draft.ts';
import { Queue } from './queue.tsx';
import { Receipt } from './receipt.tsx';
import { Reception } from './reception.tsx';
import type { Procedure } from './types.ts';
import './desk.css';

type Tab = 'counter' | 'online';
const TABS: Tab[] = ['counter', 'online'];

export default function DeskPage() {
  const m = useT();
  const t = m.desk;
  usePageTitle(t.title);
  const { search } = useLocation();
  const tab: Tab = search.get('xem') === 'truc-tuyen' ? 'online' : 'counter';
  const [procedures, setProcedures] = useState<Procedure[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraftState] = useState<Draft>(loadDraft);
  const [receipt, setReceiptState] = useState<ReceiptData | null>(loadReceipt);
  const [queueCount, setQueueCount] = useState<number | null>(null);
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ counter: null, online: null });

  const loadProcedures = () => {
    setLoadError(null);
    api.get<Procedure[]>('/api/procedures').then(setProcedures, (err) => setLoadError(err instanceof ApiError ? err.message : m.errors.generic));
  };
  useEffect(loadProcedures, []);
  // Stored in the render's commit, not after the next paint: a reload right after a keystroke keeps it (under
  // load a deferred effect could run after the page had gone).
  useLayoutEffect(() => saveDraft(draft), [draft]);
  useLayoutEffect(() => saveReceipt(receipt), [receipt]);

  const setDraft = (fn: (d: Draft) => Draft) => setDraftState(fn);
  const setReceipt = (fn: (r: ReceiptData) => ReceiptData) => setReceiptState((r) => (r ? fn(r) : r));
  const go = (next: Tab) => setQuery({ xem: next === 'online' ? 'truc-tuyen' : undefined });
  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[TABS.length - 1] : null;
    if (!next) return;
    e.preventDefault();
    go(next);
    tabRefs.current[next]?.focus();
  };

  const onReceipt = (r: ReceiptData) => {
    setReceiptState(r);
    setDraftState((d) => ({ ...emptyDraft(), channel: d.channel }));
  };
  const startNew = () => {
    setReceiptState(null);
    setTimeout(() => document.getElementById('proc-search')?.focus(), 50);
  };

  const tabButton = (id: Tab, label: string) => (
    <button type="button" role="tab" id={`desk-tab-${id}`} aria-controls={`desk-panel-${id}`} aria-selected={tab === id ? 'true' : 'false'}
      tabIndex={tab === id ? 0 : -1} class="desk-tab" ref={(el) => { tabRefs.current[id] = el; }} onClick={() => go(id)} onKeyDown={onTabKey}>
      {label}
    </button>
  );

  return (
    <div class="page desk">
      <div class="desk-head">
        <h1>{t.title}</h1>
        <div role="tablist" aria-label={t.tabs} class="desk-tabs">
          {tabButton('counter', t.tabCounter)}
          {tabButton('online', t.tabOnline(queueCount))}
        </div>
      </div>
      <div role="tabpanel" id="desk-panel-counter" aria-labelledby="desk-tab-counter" hidden={tab !== 'counter'}>
        {loadError ? <Alert>{loadError} <button type="button" class="btn" onClick={loadProcedures}>{m.app.retry}</button></Alert> : null}
        {!procedures ? (loadError ? null : <Loading />) : receipt ? (
          <Receipt receipt={receipt} procedure={procedures.find((p) => p.id === receipt.procedureId)} setReceipt={setReceipt} onNew={startNew} />
        ) : (
          <Reception procedures={procedures} draft={draft} setDraft={setDraft} onReceipt={onReceipt} />
        )}
      </div>
      <div role="tabpanel" id="desk-panel-online" aria-labelledby="desk-tab-online" hidden={tab !== 'online'}>
        <Queue onCount={setQueueCount} visible={tab === 'online'} />
      </div>
    </div>
  );
}
