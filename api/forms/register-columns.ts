/**
 * Columns of the dossier register (form 07), shared by its PDF, CSV and XLSX renderings so that
 * the three always agree.
 */
import type { RegisterRow } from './types.ts';

/** A cell value before formatting: text, a count, or a time (null when not yet happened). */
export type RegisterValue = string | number | Date | null;

/** A register column. */
export interface RegisterColumn {
  key: string;
  header: string;
  /** A shorter header for the narrow PDF column, if needed. */
  pdfHeader?: string;
  /** Relative width in the PDF, and characters in the XLSX. */
  width: number;
  value: (row: RegisterRow, index: number) => RegisterValue;
}

/** The columns, in the order of the paper register. */
export const REGISTER_COLUMNS: readonly RegisterColumn[] = [
  { key: 'stt', header: 'STT', width: 4, value: (_r, i) => i + 1 },
  { key: 'dossierCode', header: 'Mã hồ sơ', width: 21, value: (r) => r.dossierCode },
  { key: 'procedureName', header: 'Tên thủ tục hành chính', width: 11, value: (r) => r.procedureName },
  { key: 'sets', header: 'Số lượng hồ sơ (bộ)', pdfHeader: 'Số bộ', width: 5, value: (r) => r.sets },
  { key: 'applicantName', header: 'Tên cá nhân, tổ chức', width: 11, value: (r) => r.applicantName },
  { key: 'applicantAddress', header: 'Địa chỉ', width: 11, value: (r) => r.applicantAddress },
  { key: 'applicantPhone', header: 'Số điện thoại', width: 11, value: (r) => r.applicantPhone },
  { key: 'leadAgency', header: 'Cơ quan chủ trì giải quyết', width: 11, value: (r) => r.leadAgency },
  { key: 'receivedAt', header: 'Nhận hồ sơ', width: 10, value: (r) => r.receivedAt },
  { key: 'dueAt', header: 'Hẹn trả kết quả', width: 10, value: (r) => r.dueAt },
  { key: 'forwardedAt', header: 'Chuyển hồ sơ đến cơ quan giải quyết', width: 10, value: (r) => r.forwardedAt },
  { key: 'resultReceivedAt', header: 'Nhận kết quả từ cơ quan giải quyết', width: 10, value: (r) => r.resultReceivedAt },
  { key: 'returnedAt', header: 'Trả kết quả cho cá nhân, tổ chức', width: 10, value: (r) => r.returnedAt },
  { key: 'status', header: 'Trạng thái', width: 8, value: (r) => r.status },
  { key: 'note', header: 'Ghi chú', width: 6, value: (r) => r.note ?? '' },
];

/** Title of the register. */
export const REGISTER_TITLE = 'SỔ THEO DÕI HỒ SƠ';
