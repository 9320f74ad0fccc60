/**
 * The satisfaction rating of a dossier (Decree 118/2025 Art. 31–33; earlier Decree 61/2018 Art. 33):
 * nine criteria, each graded on three levels. Editable data, one place.
 *
 * *(verify)* The list follows the nine criteria of Decree 61/2018/NĐ-CP Art. 33.1 as remembered (a–i);
 * it could not be checked against the text of Decree 118/2025 here. Check it against the decree in force
 * before relying on it; changing a key changes what older ratings mean (keys are stored).
 */

export interface Criterion {
  key: string;
  vi: string;
  en: string;
}

export const RATING_CRITERIA: readonly Criterion[] = [
  { key: 'total_time', vi: 'Tổng thời gian giải quyết so với quy định', en: 'Total time taken, against the legal time limit' },
  { key: 'agency_time', vi: 'Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết', en: 'Time taken by each agency involved' },
  { key: 'agencies_contacted', vi: 'Số cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ', en: 'Number of agencies you had to contact to complete the dossier' },
  { key: 'visits', vi: 'Số lần phải đi lại, liên hệ để hoàn thiện hồ sơ', en: 'Number of visits or contacts needed to complete the dossier' },
  { key: 'supplement_requests', vi: 'Việc yêu cầu bổ sung hồ sơ (rõ ràng, đúng quy định, một lần)', en: 'Requests to supplement the dossier (clear, lawful, at most once)' },
  { key: 'extra_costs', vi: 'Chi phí phải bỏ ra ngoài phí, lệ phí theo quy định', en: 'Costs beyond the legal fees' },
  { key: 'staff_conduct', vi: 'Thái độ, sự thân thiện và hướng dẫn của cán bộ, công chức', en: 'Attitude, friendliness and guidance of the staff' },
  { key: 'result_lawful', vi: 'Tính đúng quy định của kết quả giải quyết', en: 'Lawfulness and correctness of the result' },
  { key: 'feedback_handling', vi: 'Việc tiếp nhận, phản hồi ý kiến, phản ánh, kiến nghị', en: 'How your comments, feedback and petitions were received and answered' },
];

export const RATING_GRADES = ['very_satisfied', 'satisfied', 'not_satisfied'] as const;
export type RatingGrade = (typeof RATING_GRADES)[number];

export const GRADE_LABELS: Readonly<Record<RatingGrade, { vi: string; en: string }>> = {
  very_satisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  not_satisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
};

/** The longest comment kept with a rating. */
export const RATING_COMMENT_MAX = 1000;
