/**
 * The paging convention of list routes: `?page=1&pageSize=50` → `{ items, total, page, pageSize }`.
 * Pages are bounded so that the row offset stays a number the database takes.
 */
export const pagingQuery = {
  page: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 1 },
  pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
} as const;

export interface Paging {
  page: number;
  pageSize: number;
}

export const offsetOf = (p: Paging) => (p.page - 1) * p.pageSize;

/** Builds the response schema of a page of items. */
export function pageSchema(item: object) {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      page: { type: 'integer' },
      pageSize: { type: 'integer' },
    },
  } as const;
}
