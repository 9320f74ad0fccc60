/**
 * One page of the task list from the server (paged there: fast with ten thousand open tasks),
 * reloaded when the filters change and, debounced, when the live stream reports a change. Live
 * reloads say politely what arrived or left, once per reload.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api.ts';
import { messages, useLang } from '../shared/i18n.ts';
import { announce, carry } from './carry.ts';
import { debounce, useTaskChanges } from './live.ts';
import { apiQuery, type ListQuery, type TaskItem, type View } from './model.ts';

export interface TaskList {
  data: Page<TaskItem> | null;
  error: string | null;
  busy: boolean;
  reload(): Promise<void>;
  /** Replaces a task's row with the API's newer view of it. */
  patch(t: TaskItem): void;
}

export function useTaskList(query: ListQuery, defaultView: View): TaskList {
  const lang = useLang();
  const params = apiQuery(query, defaultView);
  const paramsKey = JSON.stringify(params);
  const cached = carry.list?.query === paramsKey ? carry.list.data : null;
  const [data, setData] = useState<Page<TaskItem> | null>(cached);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const current = useRef<Page<TaskItem> | null>(cached);
  const paramsRef = useRef(params);
  paramsRef.current = params;

  const load = async (live: boolean) => {
    const n = ++seq.current;
    setBusy(true);
    try {
      const d = await api.get<Page<TaskItem>>('/api/tasks', paramsRef.current);
      if (n !== seq.current) return;
      const before = current.current;
      if (live && before) {
        const had = new Set(before.items.map((t) => t.key));
        const has = new Set(d.items.map((t) => t.key));
        const added = d.items.filter((t) => !had.has(t.key)).length;
        const gone = before.items.filter((t) => !has.has(t.key)).length;
        if (added) announce(messages().tasks.liveNew(added));
        else if (gone) announce(messages().tasks.liveGone(gone));
      }
      current.current = d;
      carry.list = { query: JSON.stringify(paramsRef.current), data: d };
      setData(d);
      setError(null);
    } catch (err) {
      if (n === seq.current) setError(err instanceof ApiError ? err.message : messages().errors.generic);
    } finally {
      if (n === seq.current) setBusy(false);
    }
  };
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => void load(false), [paramsKey, lang]);
  const onChange = useMemo(() => debounce(() => void loadRef.current(true), 200), []);
  useEffect(() => () => onChange.cancel(), []);
  useTaskChanges(onChange);

  return {
    data,
    error,
    busy,
    reload: () => load(false),
    patch(t) {
      setData((d) => {
        const next = d && { ...d, items: d.items.map((x) => (x.key === t.key ? t : x)) };
        current.current = next;
        if (next && carry.list) carry.list = { ...carry.list, data: next };
        return next;
      });
    },
  };
}
