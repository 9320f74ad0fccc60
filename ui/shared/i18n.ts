/**
 * The user's language: Vietnamese by default, English on request; kept in localStorage, sent to
 * the API as Accept-Language, and set on <html lang>. `useT()` gives the catalogue of the language.
 */
import { useEffect, useState } from 'preact/hooks';
import { en } from './messages/en.ts';
import { vi, type Messages } from './messages/vi.ts';

export type Lang = 'vi' | 'en';
const KEY = 'motcua.lang';
const CATALOGUES: Record<Lang, Messages> = { vi, en };
const listeners = new Set<(lang: Lang) => void>();

function stored(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let current: Lang = stored();

export function getLang(): Lang {
  return current;
}

/** The catalogue of the current language (outside components). */
export function messages(): Messages {
  return CATALOGUES[current];
}

export function setLang(lang: Lang): void {
  current = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page */
  }
  document.documentElement.lang = lang;
  for (const l of listeners) l(lang);
}

/** Re-renders the calling component when the language changes; returns the catalogue. */
export function useT(): Messages {
  const [lang, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return CATALOGUES[lang];
}

/** The current language, re-rendering on change. */
export function useLang(): Lang {
  const [lang, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    return () => void listeners.delete(set);
  }, []);
  return lang;
}
