/**
 * The web app's pages: readable Vietnamese paths. The server answers each with the app's shell
 * (index.html); the client router draws the page. Pure data, shared by both.
 */
export const PAGE_PATHS = [
  '/',
  '/dang-nhap',
  '/tiep-nhan',
  '/cong-viec',
  '/cong-viec/:key',
  '/ho-so/:code',
  '/canh-bao',
  '/giam-sat',
  '/giam-sat/xu-huong',
  '/giam-sat/chi-so-766',
  '/giam-sat/can-bo',
  '/tra-cuu',
  '/thu-tuc',
  '/nop-ho-so/:procedureId',
  '/danh-gia',
  '/phan-anh',
  '/phan-anh/cong-khai',
  '/quy-trinh',
  '/quy-trinh/:procedureId',
] as const;

/** Matches a path against a pattern with `:name` segments; returns the parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}
