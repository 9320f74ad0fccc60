/**
 * The live task stream (`GET /api/tasks/stream`): one connection while the task list is open,
 * shared by the list and the open task. The server replays nothing, so a (re)connection counts as a
 * change of everything, and so does a `resync` event (for a server that sums up a burst of changes).
 */
import { useEffect, useRef } from 'preact/hooks';
import { openStream, type StreamHandle } from '../shared/sse.ts';

export interface TaskChange {
  key: string;
  change: 'created' | 'claimed' | 'unclaimed' | 'completed' | 'canceled' | 'handoff' | 'updated';
  state: string;
  assigneeId: string | null;
  step: string | null;
  dossierCode: string | null;
  agencyId: string | null;
}

/** A change, or null after a (re)connection: anything may have changed. */
type Listener = (e: TaskChange | null) => void;

const listeners = new Set<Listener>();
let stream: StreamHandle | null = null;
let users = 0;

function emit(e: TaskChange | null): void {
  for (const l of [...listeners]) l(e);
}

/** Opens the stream while a task list page is mounted. */
export function useTaskStream(): void {
  useEffect(() => {
    if (users++ === 0) stream = openStream('/api/tasks/stream', { task: (d) => emit(d as TaskChange), resync: () => emit(null) }, () => emit(null));
    return () => {
      if (--users === 0) {
        stream?.close();
        stream = null;
      }
    };
  }, []);
}

/** Calls `fn` on every change (the latest `fn`, without re-subscribing). */
export function useTaskChanges(fn: Listener): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    const l: Listener = (e) => ref.current(e);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
}

/** A debounced call: runs `fn` once, `ms` after the last request. */
export function debounce(fn: () => void, ms: number): { (): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}
