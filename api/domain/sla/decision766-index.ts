/**
 * The Decision 766/QĐ-TTg service-quality index (DOMAIN.md §5): six groups, 100 points. The
 * criteria, their weights and thresholds are data ({@link CRITERIA}): edit them here when the
 * province's guidance differs. The points of a criterion are a share scaled to full points at a
 * threshold; a criterion whose data motcua does not capture is `measured: false` with no points,
 * never invented. Pure: counts in, points out.
 */

export const GROUPS = {
  transparency: { maxPoints: 18, label: { vi: 'Công khai, minh bạch', en: 'Transparency' } },
  progress: { maxPoints: 20, label: { vi: 'Tiến độ giải quyết', en: 'Processing progress' } },
  online: { maxPoints: 12, label: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services' } },
  payment: { maxPoints: 10, label: { vi: 'Thanh toán trực tuyến', en: 'Online payment' } },
  digitisation: { maxPoints: 22, label: { vi: 'Số hóa hồ sơ', en: 'Digitisation' } },
  satisfaction: { maxPoints: 18, label: { vi: 'Mức độ hài lòng', en: 'Satisfaction' } },
} as const;

export type GroupKey = keyof typeof GROUPS;

/** One criterion: its points are `maxPoints × min(1, share ÷ fullAt)`; `measured: false` when motcua lacks its data. */
export interface CriterionDef {
  key: string;
  group: GroupKey;
  label: { vi: string; en: string };
  maxPoints: number;
  /** The share at which full points are given (1 = proportional). */
  fullAt: number;
  measured: boolean;
  rule: { vi: string; en: string };
}

/** The criteria (weights within each group sum to the group's points; `checkCriteria` verifies it). */
export const CRITERIA: readonly CriterionDef[] = [
  {
    key: 'transparency.publication', group: 'transparency', maxPoints: 18, fullAt: 1, measured: false,
    label: { vi: 'Công khai TTHC và đồng bộ trạng thái hồ sơ lên Cổng DVC quốc gia', en: 'Procedures published and dossier status synchronised to the national portal' },
    rule: { vi: 'motcua chưa ghi nhận việc công khai, đồng bộ lên Cổng DVC quốc gia: chưa đo.', en: 'motcua does not record publication or synchronisation to the national portal yet: not measured.' },
  },
  {
    key: 'progress.onTime', group: 'progress', maxPoints: 20, fullAt: 1, measured: true,
    label: { vi: 'Tỷ lệ hồ sơ giải quyết đúng hạn (QĐ 766)', en: 'Dossiers handled on time (Decision 766)' },
    rule: {
      vi: 'Điểm = 20 × đúng hạn ÷ hồ sơ trong kỳ (tiếp nhận trước cuối kỳ, chưa xong trước đầu kỳ; trừ từ chối, dừng và phản ánh kiến nghị). Đúng hạn: xong (hoặc còn mở tại thời điểm tính) không muộn hơn hạn ban đầu cộng thời gian chờ bổ sung và thời gian gia hạn (giờ làm việc); yêu cầu bổ sung quá một lần là trễ hạn.',
      en: 'Points = 20 × on time ÷ dossiers of the period (received before its end, not finished before its start; refused, stopped and petitions left out). On time: finished (or still open at the time of computing) no later than the original due date pushed by the supplement waits and the extension (working time); more than one supplement request is late.',
    },
  },
  {
    key: 'online.proceduresOnline', group: 'online', maxPoints: 6, fullAt: 0.8, measured: true,
    label: { vi: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình', en: 'Procedures offered fully online' },
    rule: { vi: 'Thủ tục đang áp dụng có mức trực tuyến toàn trình ÷ thủ tục đang áp dụng (trừ phản ánh kiến nghị); đủ điểm từ 80%.', en: 'Active procedures with the full online level ÷ active procedures (petitions left out); full points from 80%.' },
  },
  {
    key: 'online.dossiersOnline', group: 'online', maxPoints: 6, fullAt: 0.5, measured: true,
    label: { vi: 'Tỷ lệ hồ sơ nộp trực tuyến', en: 'Dossiers submitted online' },
    rule: { vi: 'Hồ sơ tiếp nhận trong kỳ qua kênh trực tuyến ÷ hồ sơ tiếp nhận trong kỳ; đủ điểm từ 50%.', en: 'Dossiers received in the period through the online channel ÷ dossiers received in the period; full points from 50%.' },
  },
  {
    key: 'payment.online', group: 'payment', maxPoints: 10, fullAt: 0.8, measured: true,
    label: { vi: 'Tỷ lệ hồ sơ thanh toán trực tuyến', en: 'Dossiers paid online' },
    rule: { vi: 'Hồ sơ trong kỳ có khoản nộp trực tuyến ÷ hồ sơ trong kỳ có khoản nộp phí, lệ phí; đủ điểm từ 80%.', en: 'Dossiers of the period with an online payment ÷ dossiers of the period with a fee payment; full points from 80%.' },
  },
  {
    key: 'digitisation.electronicResults', group: 'digitisation', maxPoints: 6, fullAt: 0.8, measured: true,
    label: { vi: 'Tỷ lệ hồ sơ trả kết quả điện tử', en: 'Results returned electronically' },
    rule: { vi: 'Hồ sơ trả kết quả trong kỳ theo hình thức điện tử (hoặc cả hai) ÷ hồ sơ trả kết quả trong kỳ; đủ điểm từ 80%.', en: 'Dossiers whose result was returned in the period electronically (or both ways) ÷ dossiers returned in the period; full points from 80%.' },
  },
  {
    key: 'digitisation.digitised', group: 'digitisation', maxPoints: 6, fullAt: 0.8, measured: true,
    label: { vi: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết', en: 'Dossiers with digitised inputs and results' },
    rule: { vi: 'Hồ sơ xong trong kỳ có thành phần hồ sơ và kết quả được số hóa (tệp lưu trong hệ thống) ÷ hồ sơ xong trong kỳ; đủ điểm từ 80%.', en: 'Dossiers finished in the period with a stored input document and a stored result document ÷ dossiers finished in the period; full points from 80%.' },
  },
  {
    key: 'digitisation.reuse', group: 'digitisation', maxPoints: 5, fullAt: 0.8, measured: false,
    label: { vi: 'Tỷ lệ khai thác, tái sử dụng dữ liệu số hóa', en: 'Digitised data reused' },
    rule: { vi: 'motcua chưa ghi nhận việc tái sử dụng dữ liệu đã số hóa: chưa đo.', en: 'motcua does not record the reuse of digitised data yet: not measured.' },
  },
  {
    key: 'digitisation.vneid', group: 'digitisation', maxPoints: 5, fullAt: 0.8, measured: false,
    label: { vi: 'Tỷ lệ tài khoản được xác thực VNeID', en: 'Accounts verified with VNeID' },
    rule: { vi: 'motcua chưa lưu trên hồ sơ việc người nộp được xác thực VNeID: chưa đo.', en: 'motcua does not store on the dossier whether the applicant was VNeID-verified yet: not measured.' },
  },
  {
    key: 'satisfaction.petitions', group: 'satisfaction', maxPoints: 4, fullAt: 1, measured: true,
    label: { vi: 'Phản ánh, kiến nghị xử lý trong 15 ngày làm việc', en: 'Petitions handled within 15 working days' },
    rule: { vi: 'Phản ánh, kiến nghị trong kỳ xong (hoặc còn mở) trong 15 ngày làm việc kể từ tiếp nhận ÷ phản ánh, kiến nghị trong kỳ.', en: 'Petitions of the period finished (or still open) within 15 working days of receipt ÷ petitions of the period.' },
  },
  {
    key: 'satisfaction.rate', group: 'satisfaction', maxPoints: 14, fullAt: 0.9, measured: true,
    label: { vi: 'Mức độ hài lòng', en: 'Satisfaction rate' },
    rule: { vi: 'Hài lòng = 100% − (tỷ lệ trễ hạn theo QĐ 766 + tỷ lệ đánh giá không hài lòng trong kỳ); đủ điểm từ 90%; chưa có đánh giá trong kỳ thì không tính.', en: 'Satisfaction = 100% − (late rate under Decision 766 + share of ratings in the period that are dissatisfied); full points from 90%; no points without a rating in the period.' },
  },
];

/** Weights add up per group (a check for anyone editing {@link CRITERIA}). */
export function checkCriteria(criteria: readonly CriterionDef[] = CRITERIA): string[] {
  return (Object.keys(GROUPS) as GroupKey[]).flatMap((g) => {
    const sum = criteria.filter((c) => c.group === g).reduce((s, c) => s + c.maxPoints, 0);
    return sum === GROUPS[g].maxPoints ? [] : [`${g}: ${sum} ≠ ${GROUPS[g].maxPoints}`];
  });
}

/** What was counted for a measured criterion: `share = numerator ÷ denominator`, with the inputs shown to the user. */
export interface Measure {
  numerator: number;
  denominator: number;
  inputs: Record<string, number>;
  /** Overrides numerator ÷ denominator (e.g. satisfaction = 1 − rates). */
  share?: number;
}

export interface CriterionResult {
  key: string;
  group: GroupKey;
  label: { vi: string; en: string };
  maxPoints: number;
  /** Null when not measured, or nothing to count in the period (denominator 0). */
  points: number | null;
  measured: boolean;
  /** The share the points come from (null like points). */
  share: number | null;
  inputs: Record<string, number>;
  rule: { vi: string; en: string };
}

export interface IndexResult {
  criteria: CriterionResult[];
  groups: Array<{ key: GroupKey; label: { vi: string; en: string }; maxPoints: number; points: number | null; measuredMaxPoints: number }>;
  /** The sum of the points given; out of `measuredMaxPoints` (criteria measured with data), never out of 100 by guessing. */
  total: { points: number; measuredMaxPoints: number; maxPoints: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Points for a share: `maxPoints × min(1, share ÷ fullAt)`, two decimals. */
export function pointsFor(def: Pick<CriterionDef, 'maxPoints' | 'fullAt'>, share: number): number {
  return round2(def.maxPoints * Math.min(1, Math.max(0, share) / def.fullAt));
}

/** The index from the measures of the measured criteria (a missing measure: no points). */
export function scoreIndex(measures: Readonly<Record<string, Measure | undefined>>, criteria: readonly CriterionDef[] = CRITERIA): IndexResult {
  const list: CriterionResult[] = criteria.map((def) => {
    const m = def.measured ? measures[def.key] : undefined;
    const share = m && m.denominator > 0 ? (m.share ?? m.numerator / m.denominator) : null;
    return {
      key: def.key, group: def.group, label: def.label, maxPoints: def.maxPoints, measured: def.measured,
      share: share === null ? null : round2(Math.max(0, share) * 10_000) / 10_000,
      points: share === null ? null : pointsFor(def, share),
      inputs: m?.inputs ?? {}, rule: def.rule,
    };
  });
  const groups = (Object.keys(GROUPS) as GroupKey[]).map((key) => {
    const own = list.filter((c) => c.group === key && c.points !== null);
    return {
      key, label: GROUPS[key].label, maxPoints: GROUPS[key].maxPoints,
      points: own.length ? round2(own.reduce((s, c) => s + c.points!, 0)) : null,
      measuredMaxPoints: own.reduce((s, c) => s + c.maxPoints, 0),
    };
  });
  return {
    criteria: list, groups,
    total: {
      points: round2(groups.reduce((s, g) => s + (g.points ?? 0), 0)),
      measuredMaxPoints: groups.reduce((s, g) => s + g.measuredMaxPoints, 0),
      maxPoints: groups.reduce((s, g) => s + g.maxPoints, 0),
    },
  };
}

/** The period before `[start, end)`: the previous calendar month when the period is one whole local month, else the same length just before. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (fd === 1 && fy === ty && fm === tm && td === lastDay(ty, tm)) {
    const start = new Date(Date.UTC(fy, fm - 2, 1));
    return { from: iso(start), to: iso(new Date(Date.UTC(fy, fm - 1, 0))) };
  }
  const days = Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000) + 1;
  const prevTo = new Date(Date.UTC(fy, fm - 1, fd - 1));
  return { from: iso(new Date(prevTo.getTime() - (days - 1) * 86_400_000)), to: iso(prevTo) };
}
