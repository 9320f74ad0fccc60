/**
 * One rule for every long list of the officers (tasks, dossiers): a list counts its rows up to
 * {@link LIST_WINDOW} — beyond it `total` is the window and `totalExact` false, shown "1.000+" — and
 * a page must start within those rows. Deeper is a 400 naming `page` (narrow the filters): an offset
 * is read and thrown away, so a deep page would cost the rows it skips. A page past an exact total
 * is empty, answered without reading rows. Plans: bench/README.md.
 */
import { validationError, type Lang } from '../errors.ts';

/** How far a list is counted and paged. */
export const LIST_WINDOW = 1000;

/** The row a page starts at. */
export const pageOffset = (page: number, pageSize: number) => (page - 1) * pageSize;

/** Whether a page starts within the window. */
export const withinWindow = (page: number, pageSize: number) => pageOffset(page, pageSize) < LIST_WINDOW;

/** Throws the 400 naming `page` when a page starts beyond the window. */
export function assertWithinWindow(page: number, pageSize: number, lang: Lang): void {
  if (withinWindow(page, pageSize)) return;
  const vi = LIST_WINDOW.toLocaleString('vi-VN');
  const en = LIST_WINDOW.toLocaleString('en');
  throw validationError([{
    field: 'page', code: 'too_deep',
    vi: `trang quá sâu: chỉ xem được ${vi} dòng đầu tiên; hãy thu hẹp bộ lọc`,
    en: `page too deep: only the first ${en} rows can be paged; narrow the filters`,
  }], lang);
}

/** `total` and `totalExact` from a count taken up to the window plus one row. */
export function windowTotal(counted: number): { total: number; totalExact: boolean } {
  return { total: Math.min(counted, LIST_WINDOW), totalExact: counted <= LIST_WINDOW };
}
