/**
 * Fee rules of the procedure catalogue as data (Decree 118/2025 Art. 24; DOMAIN.md §4): free, a fixed
 * amount, a per-page price capped per copy (copy certification), or an amount each province's People's
 * Council sets (read from the province's fee table, never a constant).
 */

/** A fee rule of a procedure. */
export type FeeRule =
  | { kind: 'free'; note?: string }
  /** A fixed amount in VND. */
  | { kind: 'fixed'; amountVnd: number; note?: string }
  /** Per page: `firstPagesVnd` for the pages before `fromPage`, `nextPagesVnd` from it, at most `maxPerCopyVnd` a copy. */
  | { kind: 'perPage'; firstPagesVnd: number; nextPagesVnd: number; fromPage: number; maxPerCopyVnd: number; note?: string }
  /** Set by the provincial People's Council: the amount comes from the province's fee table (`amountVnd` is a fallback). */
  | { kind: 'provinceSet'; amountVnd: number | null; note: string };

/** The kinds of fee rule. */
export const FEE_KINDS = ['free', 'fixed', 'perPage', 'provinceSet'] as const;

/** What one copy of a document of `pages` pages costs under a per-page rule. */
export function perPageCopyVnd(rule: Extract<FeeRule, { kind: 'perPage' }>, pages: number): number {
  const first = Math.min(pages, rule.fromPage - 1);
  const next = Math.max(0, pages - first);
  return Math.min(rule.maxPerCopyVnd, first * rule.firstPagesVnd + next * rule.nextPagesVnd);
}

/** A document to be priced per page: its name, pages and number of copies. */
export interface PagedDocument {
  name: string;
  pages: number;
  copies: number;
}

/** A printed fee line, VND. */
export interface FeeLineOut {
  description: string;
  amount: number;
}

/** The fee of a dossier as form 01 prints it. */
export interface FeeStatement {
  /** The lines with an amount (empty when free or when no amount is known). */
  lines: FeeLineOut[];
  /** Printed instead of a total: «Miễn phí», or why no amount is known yet. */
  text?: string;
}

/** An amount set in the province's fee table. */
export interface ProvinceFee {
  amountVnd: number;
  note?: string | null;
  legalBasis?: string | null;
}

/** Printed when a province-set fee has no amount in the province's table yet. */
export const PROVINCE_FEE_MISSING = 'Theo mức Hội đồng nhân dân tỉnh quy định (chưa có trong bảng phí của tỉnh)';

function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * The fee of a dossier: free → «Miễn phí»; fixed → its amount; per page → one line per document
 * (pages × copies, capped per copy); province-set → the amount of the province's table, or
 * {@link PROVINCE_FEE_MISSING} when the province has not set it.
 */
export function feeStatement(rules: readonly FeeRule[], ctx: { documents?: readonly PagedDocument[]; provinceFee?: ProvinceFee | null } = {}): FeeStatement {
  const lines: FeeLineOut[] = [];
  const texts: string[] = [];
  for (const rule of rules) {
    switch (rule.kind) {
      case 'free':
        texts.push('Miễn phí');
        break;
      case 'fixed':
        lines.push({ description: rule.note ?? 'Lệ phí', amount: rule.amountVnd });
        break;
      case 'perPage':
        for (const d of ctx.documents ?? []) {
          const perCopy = perPageCopyVnd(rule, d.pages);
          lines.push({ description: `Chứng thực ${d.name} (${twoDigits(d.pages)} trang × ${twoDigits(d.copies)} bản)`, amount: perCopy * d.copies });
        }
        if (!ctx.documents?.length) texts.push('Tính theo số trang và số bản khi chứng thực');
        break;
      case 'provinceSet': {
        const set = ctx.provinceFee ?? (rule.amountVnd !== null ? { amountVnd: rule.amountVnd } : null);
        if (set) {
          const basis = set.legalBasis ? ` (${set.legalBasis})` : '';
          lines.push({ description: `${set.note ?? 'Lệ phí'}${basis}`, amount: set.amountVnd });
        } else texts.push(PROVINCE_FEE_MISSING);
        break;
      }
    }
  }
  if (lines.length === 0 && texts.length === 0) texts.push('Miễn phí');
  return lines.length ? { lines } : { lines, text: texts.join('; ') };
}
