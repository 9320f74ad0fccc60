/**
 * The dossier list's search term (`q`): part of the code, part of the applicant's name (case and
 * diacritics ignored), or the whole ID number, read from indexes that stay within the caller's agency
 * where they can. Names are matched on `dossier_names` (migration 2026120803: per agency that sees the
 * dossier, the folded name; migration 2026121001: a GIN index on each row's grams hashed with its agency).
 *
 * Two forms of the same condition, for the two reads of a list:
 * - {@link matchingIds}, the set of matching dossiers (counting them up to the window): the agency's
 *   trigram matches, plus codes and ID numbers from the dossiers' own indexes;
 * - {@link matchesRow}, a test of one `dossier_visibility` row (the ordered walk of a page when the
 *   matches are more than the window): each row probes its name by primary key, so the walk stops once
 *   the page is full instead of building the whole match set first.
 * A term with no word of three letters is not looked up by grams (a short term is in most names: the
 * index would read most of the agency's entries). Such a term is matched with `strpos`, which no index serves, over
 * the agency's own name rows (a primary-key range).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { likeEscaped, searchTerm } from './search.ts';

/** Whether a trigram index can serve `%term%`: some word of the term, diacritics removed, has three characters. */
export function hasTrigram(term: string): boolean {
  return searchTerm(term).normalize('NFD').replace(/\p{M}/gu, '').split(/[^\p{L}\p{N}]+/u).some((w) => [...w].length >= 3);
}

/**
 * `n.name` (folded) of agency `agencyId` contains the term, folded alike: looked up by the agency's grams
 * of the term (migration 2026121001: the index holds each name row's three-character substrings hashed
 * with its agency), then checked with `like`.
 */
function nameContains(agencyId: string, term: string): RawBuilder<boolean> {
  return hasTrigram(term)
    ? sql<boolean>`dossier_name_grams(n.agency_id, n.name) @> dossier_name_grams(${agencyId}, fold_vi(${term})) and n.name like '%' || fold_vi(${likeEscaped(term)}) || '%'`
    : sql<boolean>`strpos(n.name, fold_vi(${term})) > 0`;
}

const hasLetter = (term: string) => /\p{L}/u.test(term);

/**
 * Codes (a term without a space, from three characters: a shorter part of a code is in most codes of the
 * province, and gives the trigram index nothing to read) and whole ID numbers.
 */
function byCode(db: Kysely<Database>, term: string) {
  const code = !/\s/u.test(term) && hasTrigram(term);
  return db.selectFrom('dossiers as d').select('d.id as dossier_id')
    .where((eb) => eb.or([...(code ? [eb('d.code', 'ilike', `%${likeEscaped(term)}%`)] : []), eb('d.applicant_id_number', '=', term)]));
}

/**
 * The ids of the dossiers seen by `agencyId` whose name matches (at most `limit`: the heap is read no
 * further than the window when given), and of any dossier whose code or ID number does.
 */
export function matchingIds(db: Kysely<Database>, agencyId: string, q: string, limit: number | undefined) {
  const term = searchTerm(q);
  if (!hasLetter(term)) return byCode(db, term);
  const names = db.selectFrom('dossier_names as n').select('n.dossier_id').where('n.agency_id', '=', agencyId).where(nameContains(agencyId, term));
  return byCode(db, term).union(limit === undefined ? names : db.selectFrom(names.limit(limit).as('m')).select('m.dossier_id'));
}

/**
 * The `dossier_visibility v` row matches: its own name, read by primary key (a scalar subquery, which the
 * planner cannot turn into a hash of every match as it does an `exists`), or its dossier's code or ID number.
 */
export function matchesRow(db: Kysely<Database>, q: string): RawBuilder<boolean> {
  const term = searchTerm(q);
  const codes = sql<boolean>`v.dossier_id in (${byCode(db, term)})`;
  if (!hasLetter(term)) return codes;
  const name = sql`(select n.name from dossier_names n where n.agency_id = v.agency_id and n.dossier_id = v.dossier_id)`;
  const contains = hasTrigram(term) ? sql<boolean>`${name} like '%' || fold_vi(${likeEscaped(term)}) || '%'` : sql<boolean>`strpos(${name}, fold_vi(${term})) > 0`;
  return sql<boolean>`(${contains} or ${codes})`;
}
