/** Text search helpers for list filters: case- and accent-insensitive matching in SQL. */
import { sql, type RawBuilder } from 'kysely';

/** Escapes LIKE wildcards (the default escape character is the backslash). */
export const likeEscaped = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** The search term as typed, in the composed form names are stored in. */
export const searchTerm = (text: string) => text.normalize('NFC').trim();

/** `column` contains `term`, ignoring case and Vietnamese diacritics (SQL `fold_vi`, migration 2026120101). */
export function foldedContains(column: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`fold_vi(${sql.ref(column)}) like '%' || fold_vi(${likeEscaped(searchTerm(term))}) || '%'`;
}

/** A column already folded with `fold_vi` (e.g. `dossiers.applicant_name_folded`) contains `term`, folded alike. */
export function foldedColumnContains(foldedColumn: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(foldedColumn)} like '%' || fold_vi(${likeEscaped(searchTerm(term))}) || '%'`;
}

/** `column` starts with `term`, ignoring case. */
export function startsWith(column: string, term: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} ilike ${`${likeEscaped(searchTerm(term))}%`}`;
}
