/**
 * The official year tables shipped with the software (`data/<year>.json`). They are validated
 * when this module loads: a broken data file stops the program at start, not at a deadline.
 */
import table2025 from './data/2025.json' with { type: 'json' };
import table2026 from './data/2026.json' with { type: 'json' };
import type { YearTable } from './year-table.ts';
import { importYearTable } from './year-table-validate.ts';

function load(raw: unknown): YearTable {
  const result = importYearTable(raw);
  if (!result.ok) {
    throw new Error(`Invalid shipped year table: ${result.errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
  }
  return result.table;
}

/** The official schedules shipped as data: 2025 and 2026. */
export const SHIPPED_YEAR_TABLES: readonly YearTable[] = Object.freeze([load(table2025), load(table2026)]);
