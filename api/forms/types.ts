/**
 * Inputs of the forms of Circular 03/2025/TT-VPCP, Appendix I. Plain data: the route that prints a
 * form gathers it from the database. Times are `Date` instants, printed in UTC+7.
 */

/** The issuing agency, printed at the top left, and the place name of the date line. */
export interface AgencyHeader {
  /** Governing body, e.g. «UBND XÃ PHƯỚC LONG». */
  parent: string;
  /** The unit, e.g. «TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG». */
  name: string;
  /** Place name of the date line, e.g. «Phước Long». */
  place: string;
}

/** The applicant (person or organisation). */
export interface Applicant {
  name: string;
  /** Personal ID number (CCCD) or business code. */
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** A person who signs: a title (e.g. «NGƯỜI TIẾP NHẬN HỒ SƠ») and a name (blank for a hand signature). */
export interface Signer {
  title: string;
  name?: string;
  /** The line under the title; default «(Ký và ghi rõ họ tên)». An agency's head signs and seals. */
  caption?: string;
}

/** Fields every dossier form has. */
export interface FormBase {
  agency: AgencyHeader;
  /** When the form is issued (the date line). */
  issuedAt: Date;
  /** Document number, printed as «Số: …»; omitted when absent. */
  number?: string;
  dossierCode: string;
  procedureName: string;
  applicant: Applicant;
}

/** A document of the dossier, with counts. */
export interface DossierDocument {
  name: string;
  originals: number;
  copies: number;
}

/** A fee line, VND. */
export interface FeeLine {
  description: string;
  amount: number;
}

/** Form 01: receipt and appointment. */
export interface Form01Input extends FormBase {
  receivedAt: Date;
  dueAt: Date;
  /** Legal time limit as text, e.g. «03 ngày làm việc». */
  timeLimit: string;
  documents: DossierDocument[];
  /** Number of sets (bộ) received. */
  sets: number;
  fees: FeeLine[];
  /** Printed instead of an amount when `fees` is empty: «Miễn phí», or why no amount is known yet. */
  feeText?: string;
  /** Where or how the result will be returned, e.g. «Trực tiếp tại Trung tâm». */
  resultDelivery: string;
  /** Register book and line, printed «Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …». */
  register?: { book: string; line: number };
  receiver: Signer;
}

/** An item to supplement, with its reason. */
export interface SupplementItem {
  name: string;
  reason?: string;
}

/** Form 02: supplement request. */
export interface Form02Input extends FormBase {
  receivedAt: Date;
  items: SupplementItem[];
  /** Deadline for the supplement, if any: printed as the last day on which it is accepted. */
  supplementDueAt?: Date;
  /** Whom to contact for guidance (the receiving officer); a blank phone prints a line to fill in. */
  contact: { name: string; phone: string };
  guide: Signer;
}

/** Form 03: refusal. */
export interface Form03Input extends FormBase {
  reasons: string[];
  /** Legal basis, e.g. «Điều 17 Nghị định số 118/2025/NĐ-CP». */
  legalBasis?: string;
  receiver: Signer;
}

/** Form 04: apology and extension request. */
export interface Form04Input extends FormBase {
  receivedAt: Date;
  /** The agency that received the dossier, when not the issuing one (the one-stop centre). */
  receivingAgency?: string;
  dueAt: Date;
  reasons: string[];
  newDueAt: Date;
  /** The agency that caused the delay, if not the issuing one. */
  lateAgency?: string;
  /** True when sent after the notice deadline (Art. 19.6: 1 working day before the due date). */
  late?: boolean;
  /** «Nơi nhận»: who gets a copy (the applicant first). */
  recipients?: string[];
  signer: Signer;
}

/** Form 05: stop notice. */
export interface Form05Input extends FormBase {
  receivedAt: Date;
  /** True when the applicant's withdrawal was completed; false when stopped on legal grounds. */
  requestedByApplicant: boolean;
  /** Closed because the supplement did not come by `supplementDueAt` (Art. 19.5). */
  unsupplemented?: boolean;
  supplementDueAt?: Date;
  /** «Nơi nhận»: who gets a copy (the applicant first). */
  recipients?: string[];
  requestedAt?: Date;
  reason: string;
  /** How the dossier is handed back, e.g. «Hồ sơ được trả lại tại Bộ phận một cửa». */
  returnNote?: string;
  signer: Signer;
}

/** A hop of the control slip: one agency's turn with the dossier. */
export interface ControlHop {
  /** The agency that held the dossier during this step (the one late when the step is late). */
  agency: string;
  /** The step (internal process step or inter-agency task). */
  task?: string;
  /** Hand-over into this step: when. */
  receivedAt: Date;
  /** Hand-over into this step: who gave the dossier (officer, or the applicant at reception). */
  givenBy?: string;
  /** Hand-over into this step: who received it. */
  receivedBy?: string;
  /** Null while the agency still holds the dossier. */
  sentAt: Date | null;
  /** The step's own deadline (its internal allocation; the forwarding deadline for reception). */
  dueAt: Date;
  /** Late: given, or computed as sentAt (or `asOf` if still held) after dueAt. */
  late?: boolean;
  note?: string;
}

/** Form 06: processing control slip. */
export interface Form06Input extends FormBase {
  receivedAt: Date;
  dueAt: Date;
  leadAgency: string;
  coordinatingAgencies: string[];
  hops: ControlHop[];
  /** The time a still-held hop is judged at; defaults to `issuedAt`. */
  asOf?: Date;
}

/** A line of the dossier register (form 07). */
export interface RegisterRow {
  dossierCode: string;
  procedureName: string;
  sets: number;
  applicantName: string;
  applicantAddress: string;
  applicantPhone: string;
  leadAgency: string;
  receivedAt: Date;
  dueAt: Date;
  forwardedAt: Date | null;
  resultReceivedAt: Date | null;
  returnedAt: Date | null;
  /** Status label, e.g. «Đã trả kết quả». */
  status: string;
  note?: string;
}

/** Form 07: the dossier register for a period. */
export interface Form07Input {
  agency: AgencyHeader;
  issuedAt: Date;
  period: { from: Date; to: Date };
  rows: RegisterRow[];
}

/** Form numbers. */
export type FormNumber = '01' | '02' | '03' | '04' | '05' | '06' | '07';

/** Input by form number. */
export interface FormInputs {
  '01': Form01Input;
  '02': Form02Input;
  '03': Form03Input;
  '04': Form04Input;
  '05': Form05Input;
  '06': Form06Input;
  '07': Form07Input;
}
