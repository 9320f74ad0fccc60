/** What every page module exports, and the page title hook. */
import type { FunctionComponent } from 'preact';
import { useEffect } from 'preact/hooks';
import { messages } from './i18n.ts';

export interface PageProps {
  /** The path's parameters (`/ho-so/:code` → `{ code }`). */
  params: Record<string, string>;
}

export type PageModule = { default: FunctionComponent<PageProps> };

/** Sets the document title ("Công việc — Một cửa"). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — ${messages().app.name}`;
  }, [title]);
}

/** Roles of the officers who work dossiers (everyone but admins, controllers and machines). */
export const OFFICERS = ['receptionist', 'specialist', 'leader', 'supervisor'];
