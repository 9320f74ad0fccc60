/**
 * What outlives the page component. The app shell mounts the page afresh the first time each of
 * its two routes (`/cong-viec`, `/cong-viec/:key`) is loaded, so the last list shown, where the
 * focus goes next and the latest announcement are kept here rather than in component state.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Page } from '../shared/api.ts';
import type { TaskItem } from './model.ts';

export const carry: {
  /** The last page of the list, by its query (shown at once on a remount, then refreshed). */
  list: { query: string; data: Page<TaskItem> } | null;
  /** The task whose heading takes the focus when it opens (opened from the keyboard). */
  focusTask: string | null;
} = { list: null, focusTask: null };

let said = '';
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(text: string) => void>();
const tell = (text: string) => {
  said = text;
  for (const l of listeners) l(text);
};

/** Says a message politely, once; the same message again when repeated. */
export function announce(text: string): void {
  clearTimeout(timer);
  tell('');
  timer = setTimeout(() => tell(text), 60);
}

/** The live region's text. */
export function useAnnouncement(): string {
  const [text, setText] = useState(said);
  useEffect(() => {
    listeners.add(setText);
    return () => void listeners.delete(setText);
  }, []);
  return text;
}
