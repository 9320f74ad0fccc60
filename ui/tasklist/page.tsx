/**
 * `/cong-viec` and `/cong-viec/:key`: the task list (scope, filters and saved filters in the URL,
 * server paging, live updates) with the open task beside it on wide screens, instead of it on
 * narrow ones. Changes are announced politely, once each.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api.ts';
import { useT } from '../shared/i18n.ts';
import { usePageTitle, type PageProps } from '../shared/page.ts';
import { navigate, useLocation } from '../shared/router.tsx';
import { getSession } from '../shared/session.ts';
import { Alert, Loading, Pager } from '../shared/ui.tsx';
import { announce, carry, useAnnouncement } from './carry.ts';
import { Filters, ViewTabs } from './filters.tsx';
import { TaskGrid } from './grid.tsx';
import { useTaskStream } from './live.ts';
import { codeOf, PAGE_SIZE, parseQuery, searchOf, viewsFor, type ListQuery, type TaskItem } from './model.ts';
import { SavedFilters } from './saved.tsx';
import { TaskPanel } from './task.tsx';
import { useTaskList } from './use-tasks.ts';
import './tasklist.css';

export default function TaskListPage({ params }: PageProps) {
  const m = useT();
  usePageTitle(m.tasks.title);
  useTaskStream();
  const { search } = useLocation();
  const session = getSession()!;
  const me = { id: session.user.id, roles: session.user.roles };
  const { views, defaultView } = viewsFor(me.roles);
  const query = parseQuery(search);
  const key = params.key;
  const said = useAnnouncement();
  const list = useTaskList(query, defaultView);
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});

  const go = (q: ListQuery, taskKey = key) => navigate(`/cong-viec${taskKey ? `/${encodeURIComponent(taskKey)}` : ''}${searchOf(q)}`, !taskKey || taskKey === key);
  const listHref = `/cong-viec${searchOf(query)}`;

  const claimAction = (action: 'claim' | 'unclaim') => async (t: TaskItem): Promise<TaskItem | null> => {
    const code = codeOf(t);
    setPending((p) => ({ ...p, [t.key]: true }));
    setRowErrors(({ [t.key]: _, ...rest }) => rest);
    try {
      const updated = await api.post<TaskItem>(`/api/tasks/${encodeURIComponent(t.key)}/${action}`);
      list.patch(updated);
      announce(action === 'claim' ? m.tasks.claimed(code) : m.tasks.unclaimed(code));
      void list.reload();
      return updated;
    } catch (err) {
      const message = err instanceof ApiError ? err.message : m.errors.generic;
      setRowErrors((e) => ({ ...e, [t.key]: message }));
      announce(message);
      void list.reload();
      return null;
    } finally {
      setPending(({ [t.key]: _, ...rest }) => rest);
    }
  };
  const claim = claimAction('claim');
  const unclaim = claimAction('unclaim');

  const open = (t: TaskItem, fromKeyboard: boolean) => {
    carry.focusTask = fromKeyboard ? t.key : null;
    go(query, t.key);
  };

  /** After the task closes, the keyboard goes back to the list. */
  const focusList = () => setTimeout(() => (document.querySelector<HTMLElement>('.tgrid [role="row"][tabindex="0"]') ?? document.getElementById('tl-heading'))?.focus(), 0);
  const finished = (_t: TaskItem, message: string) => {
    announce(message);
    navigate(listHref);
    focusList();
    void list.reload();
  };

  const data = list.data;
  const lastPage = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  // The last page emptied (its tasks done or taken): show the one before.
  useEffect(() => {
    if (data && query.page > lastPage && !list.busy) go({ ...query, page: lastPage });
  }, [data, query.page, lastPage, list.busy]);

  return (
    <div class={`tl${key ? ' tl--open' : ''}`}>
      <section class="tl__list" aria-labelledby="tl-heading">
        <div class="tl__head">
          <h1 id="tl-heading" tabIndex={-1}>{m.tasks.title}</h1>
          {data ? <span class="tl__count">{m.tasks.count(data.total, data.totalExact !== false)}</span> : null}
        </div>
        <ViewTabs query={query} views={views} defaultView={defaultView} onChange={(q) => go(q)} />
        <Filters query={query} views={views} defaultView={defaultView} compact={!!key} onChange={(q) => go(q)} />
        <SavedFilters query={query} onApply={(q) => go(q)} announce={announce} />
        {list.error ? <Alert>{list.error} <button type="button" class="btn btn--ghost" onClick={() => void list.reload()}>{m.app.retry}</button></Alert> : null}
        {!data ? (list.error ? null : <Loading />) : data.items.length === 0 ? (
          <div class="tl__empty"><p><strong>{m.tasks.empty}</strong></p><p class="muted">{m.tasks.emptyHint}</p></div>
        ) : (
          <>
            <TaskGrid items={data.items} busy={list.busy} selectedKey={key} me={me} pending={pending} rowErrors={rowErrors} compact={!!key}
              onOpen={open} onClaim={(t) => void claim(t)} onUnclaim={(t) => void unclaim(t)} />
          </>
        )}
        {data && data.total > PAGE_SIZE ? <Pager page={query.page} pageSize={PAGE_SIZE} total={data.total} exact={data.totalExact !== false} onPage={(p) => go({ ...query, page: p })} /> : null}
        {data?.items.length ? <p class="tl__keys muted" id="tl-keys">{m.tasks.keys}</p> : null}
      </section>
      {key ? (
        <section class="tl__task" aria-label={m.tasks.form} onKeyDown={(e) => {
          if (e.key !== 'Escape' || e.defaultPrevented || (e.target as HTMLElement).closest('dialog')) return;
          document.querySelector<HTMLElement>(`[role="row"][data-key="${CSS.escape(key)}"]`)?.focus();
        }}>
          <a href={listHref} class="tl__back" onClick={(e) => { e.preventDefault(); navigate(listHref); focusList(); }}>← {m.tasks.back}</a>
          <TaskPanel key={key} taskKey={key} me={me} closeHref={listHref} focus={carry.focusTask === key} onClose={focusList} onClaim={claim} onUnclaim={unclaim} onFinished={finished} onChanged={() => void list.reload()} />
        </section>
      ) : null}
      <p class="visually-hidden" aria-live="polite" aria-atomic="true">{said}</p>
    </div>
  );
}
