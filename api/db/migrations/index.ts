import type { Migration } from 'kysely/migration';
import * as platform from './2026112601_platform.ts';

/** Every application migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026112601_platform': platform,
};
