/**
 * The procedure catalogue shipped with motcua: the commune-level procedures of DOMAIN.md §4 with their
 * process (`processes/<id>.bpmn`) and dossier form (`schemas/procedures/<id>.schema.json`). Data only:
 * the integrator stores it in the database, where procedure controllers edit it. Facts from secondary
 * sources carry `verify: true` and a note; fees set by the province are editable data, never constants.
 */
import type { TimeLimit } from '../domain/calendar/index.ts';
import type { FeeRule } from '../domain/fees/index.ts';

/**
 * A fee of a procedure (`api/domain/fees`): free, fixed, per page (copy certification) or set by the
 * province (its amount read from the province's fee table, `PUT /api/fees`).
 */
export type Fee = FeeRule;

/** A document the applicant submits. */
export interface RequiredDocument {
  nameVi: string;
  nameEn: string;
  /** `original`, `copy` (certified or compared with the original), `form` (the declaration), `either`. */
  kind: 'original' | 'copy' | 'form' | 'either';
  required: boolean;
  /** When it is needed, in Vietnamese. */
  conditionVi?: string;
}

/** One catalogue entry. */
export interface CatalogueEntry {
  /** Kebab-case id: the process file name and the form schema id. */
  id: string;
  /** National procedure code (Cơ sở dữ liệu quốc gia về TTHC), null when DOMAIN.md gives none. */
  nationalCode: string | null;
  nameVi: string;
  nameEn: string;
  /** Field (lĩnh vực). */
  field: { code: string; nameVi: string; nameEn: string };
  /** Legal time limit (thời hạn giải quyết). */
  timeLimit: TimeLimit;
  /** A longer limit in a named case (e.g. verification needed). */
  extendedTimeLimit?: { timeLimit: TimeLimit; whenVi: string; whenEn: string };
  fee: Fee;
  documents: RequiredDocument[];
  /** Online public service level: full (toàn trình) or partial (một phần). */
  onlineLevel: 'full' | 'partial';
  /** The `bpmn:process id` in `processes/<id>.bpmn`. */
  processId: string;
  /** The form schema id (the loader also accepts the full `$id`). */
  formSchemaId: string;
  /**
   * Outcomes each user-task step accepts in this process (the task schemas in `schemas/tasks/` list
   * every outcome; the task API narrows them with this).
   */
  taskOutcomes: Partial<Record<'reception' | 'triage' | 'appraisal' | 'verification' | 'approval' | 'delivery', string[]>>;
  /** Agency type (`agencies.type`) that appraises and decides: the commune People's Committee unit. */
  handlingAgencyType: 'commune_unit';
  /** Agency types taking part through `handoff` jobs (the `targetAgencyRole` headers of the process). */
  participatingAgencyRoles: Array<'police' | 'social_insurance' | 'provincial_department'>;
  /** True when some fact of the entry comes from a secondary source; see `verifyNote`. */
  verify: boolean;
  verifyNote?: string;
}

const civilStatus = { code: 'ho-tich', nameVi: 'Hộ tịch', nameEn: 'Civil status' };
const DECLARATION: RequiredDocument = { nameVi: 'Tờ khai theo mẫu', nameEn: 'Declaration form', kind: 'form', required: true };
const POWER_OF_ATTORNEY: RequiredDocument = {
  nameVi: 'Văn bản ủy quyền', nameEn: 'Power of attorney', kind: 'either', required: false, conditionVi: 'Khi nộp thay theo ủy quyền',
};

type EntryInput = Omit<CatalogueEntry, 'processId' | 'formSchemaId' | 'handlingAgencyType' | 'participatingAgencyRoles' | 'taskOutcomes'>
  & { participatingAgencyRoles?: CatalogueEntry['participatingAgencyRoles'] };

function outcomesOf(e: EntryInput): CatalogueEntry['taskOutcomes'] {
  const base = { reception: ['accept', 'refuse'], approval: ['approve'], delivery: ['returned'] };
  if (e.id === 'feedback-petition') return { ...base, triage: ['accept', 'reject', 'supplement'], appraisal: ['ok'] };
  const appraisal = ['ok', 'refuse', 'supplement'];
  if (e.extendedTimeLimit) return { ...base, appraisal: [...appraisal, 'verify'], verification: ['confirmed', 'not_confirmed'] };
  if (e.participatingAgencyRoles?.includes('provincial_department')) return { ...base, appraisal: [...appraisal, 'consult'] };
  return { ...base, appraisal };
}

const entry = (e: EntryInput): CatalogueEntry => ({
  ...e, processId: `motcua-${e.id}`, formSchemaId: e.id, handlingAgencyType: 'commune_unit',
  participatingAgencyRoles: e.participatingAgencyRoles ?? [], taskOutcomes: outcomesOf(e),
});

/** The shipped catalogue, one entry per process file. */
export const PROCEDURE_CATALOGUE: readonly CatalogueEntry[] = [
  entry({
    id: 'birth-registration', nationalCode: '1.001193', nameVi: 'Đăng ký khai sinh', nameEn: 'Birth registration', field: civilStatus,
    timeLimit: { kind: 'sameDay' },
    fee: { kind: 'free', note: 'Miễn lệ phí khi đăng ký đúng hạn; đăng ký quá hạn theo mức tỉnh quy định.' },
    documents: [
      DECLARATION,
      { nameVi: 'Giấy chứng sinh hoặc văn bản của người làm chứng', nameEn: 'Birth certificate from the health facility, or a witness statement', kind: 'original', required: true },
      POWER_OF_ATTORNEY,
    ],
    onlineLevel: 'full', verify: true, verifyNote: 'Mã thủ tục, lệ phí, mức độ trực tuyến: đối chiếu Cơ sở dữ liệu quốc gia về TTHC.',
  }),
  entry({
    id: 'death-registration', nationalCode: '1.000656', nameVi: 'Đăng ký khai tử', nameEn: 'Death registration', field: civilStatus,
    timeLimit: { kind: 'sameDay' },
    extendedTimeLimit: { timeLimit: { kind: 'workingDays', days: 3 }, whenVi: 'Cần xác minh', whenEn: 'Verification needed' },
    fee: { kind: 'free', note: 'Miễn lệ phí khi đăng ký đúng hạn.' },
    documents: [
      DECLARATION,
      { nameVi: 'Giấy báo tử hoặc giấy tờ thay Giấy báo tử', nameEn: 'Death notice or a document replacing it', kind: 'original', required: true },
      POWER_OF_ATTORNEY,
    ],
    onlineLevel: 'full', verify: true, verifyNote: 'Mã thủ tục, lệ phí, mức độ trực tuyến: đối chiếu Cơ sở dữ liệu quốc gia về TTHC.',
  }),
  entry({
    id: 'marriage-registration', nationalCode: '1.000894', nameVi: 'Đăng ký kết hôn', nameEn: 'Marriage registration', field: civilStatus,
    timeLimit: { kind: 'sameDay' },
    extendedTimeLimit: { timeLimit: { kind: 'workingDays', days: 5 }, whenVi: 'Cần xác minh điều kiện kết hôn', whenEn: 'Marriage conditions need verification' },
    fee: { kind: 'free' },
    documents: [
      DECLARATION,
      { nameVi: 'Giấy xác nhận tình trạng hôn nhân', nameEn: 'Marital status confirmation', kind: 'original', required: false, conditionVi: 'Khi không đăng ký kết hôn tại nơi cư trú' },
      { nameVi: 'Giấy tờ chứng minh hôn nhân trước đã chấm dứt', nameEn: 'Proof that a previous marriage ended', kind: 'copy', required: false, conditionVi: 'Khi đã từng kết hôn' },
    ],
    onlineLevel: 'partial', verify: true, verifyNote: 'Hai bên phải có mặt khi ký; mức độ trực tuyến và mã thủ tục cần đối chiếu.',
  }),
  entry({
    id: 'marital-status-confirmation', nationalCode: '1.004873', nameVi: 'Cấp Giấy xác nhận tình trạng hôn nhân', nameEn: 'Marital status confirmation', field: civilStatus,
    timeLimit: { kind: 'workingDays', days: 3 },
    fee: { kind: 'provinceSet', amountVnd: null, note: 'Lệ phí do Hội đồng nhân dân tỉnh quy định: nhập theo nghị quyết của tỉnh.' },
    documents: [
      DECLARATION,
      { nameVi: 'Giấy tờ chứng minh tình trạng hôn nhân trước đây', nameEn: 'Proof of previous marital status', kind: 'copy', required: false, conditionVi: 'Khi đã ly hôn hoặc vợ/chồng đã chết' },
      POWER_OF_ATTORNEY,
    ],
    onlineLevel: 'full', verify: true, verifyNote: 'Mã thủ tục và mức lệ phí theo tỉnh cần đối chiếu.',
  }),
  entry({
    id: 'copy-certification', nationalCode: '2.000815', nameVi: 'Chứng thực bản sao từ bản chính', nameEn: 'Certification of copies from originals',
    field: { code: 'chung-thuc', nameVi: 'Chứng thực', nameEn: 'Certification' },
    timeLimit: { kind: 'sameDay' },
    fee: { kind: 'perPage', firstPagesVnd: 2000, nextPagesVnd: 1000, fromPage: 3, maxPerCopyVnd: 200000, note: '2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang; tối đa 200.000 đồng/bản.' },
    documents: [
      { nameVi: 'Bản chính giấy tờ, văn bản', nameEn: 'The original document', kind: 'original', required: true },
      { nameVi: 'Bản sao cần chứng thực', nameEn: 'The copies to certify', kind: 'copy', required: true, conditionVi: 'Khi người yêu cầu tự sao' },
    ],
    onlineLevel: 'partial', verify: true, verifyNote: 'Mức phí từ nguồn thứ cấp; chứng thực điện tử có thể là toàn trình ở một số tỉnh.',
  }),
  entry({
    id: 'household-business-registration', nationalCode: '1.001612', nameVi: 'Đăng ký thành lập hộ kinh doanh', nameEn: 'Household business registration',
    field: { code: 'thanh-lap-va-hoat-dong-ho-kinh-doanh', nameVi: 'Thành lập và hoạt động hộ kinh doanh', nameEn: 'Household businesses' },
    timeLimit: { kind: 'workingDays', days: 3 },
    fee: { kind: 'provinceSet', amountVnd: null, note: 'Lệ phí đăng ký hộ kinh doanh do Hội đồng nhân dân tỉnh quy định.' },
    documents: [
      { nameVi: 'Giấy đề nghị đăng ký hộ kinh doanh', nameEn: 'Application for household business registration', kind: 'form', required: true },
      { nameVi: 'Biên bản họp thành viên hộ gia đình', nameEn: 'Minutes of the household members meeting', kind: 'copy', required: false, conditionVi: 'Khi các thành viên hộ gia đình cùng đăng ký' },
      POWER_OF_ATTORNEY,
    ],
    onlineLevel: 'full', verify: true, verifyNote: 'Mã thủ tục và lệ phí theo tỉnh cần đối chiếu.',
  }),
  entry({
    id: 'construction-permit-house', nationalCode: null, nameVi: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', nameEn: 'Construction permit for an individual house',
    field: { code: 'xay-dung', nameVi: 'Hoạt động xây dựng', nameEn: 'Construction' },
    timeLimit: { kind: 'workingDays', days: 15 },
    fee: { kind: 'provinceSet', amountVnd: null, note: 'Lệ phí cấp giấy phép xây dựng do Hội đồng nhân dân tỉnh quy định.' },
    documents: [
      { nameVi: 'Đơn đề nghị cấp giấy phép xây dựng', nameEn: 'Application for a construction permit', kind: 'form', required: true },
      { nameVi: 'Giấy tờ hợp pháp về quyền sử dụng đất', nameEn: 'Land use right documents', kind: 'copy', required: true },
      { nameVi: 'Bản vẽ thiết kế xây dựng', nameEn: 'Construction design drawings', kind: 'either', required: true },
    ],
    onlineLevel: 'partial', participatingAgencyRoles: ['provincial_department'],
    verify: true, verifyNote: 'DOMAIN.md ghi "15 ngày" không nói ngày làm việc; mã thủ tục chưa có: đối chiếu Luật Xây dựng và CSDL quốc gia.',
  }),
  entry({
    id: 'birth-residence-insurance-bundle', nationalCode: null,
    nameVi: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
    nameEn: 'Interconnected birth registration, permanent residence and health-insurance card for a child under 6', field: civilStatus,
    timeLimit: { kind: 'workingDays', days: 3 },
    fee: { kind: 'free', note: 'Miễn lệ phí khai sinh đúng hạn; phí, lệ phí thường trú theo quy định nếu có.' },
    documents: [
      { nameVi: 'Tờ khai điện tử liên thông', nameEn: 'Interconnected electronic declaration', kind: 'form', required: true },
      { nameVi: 'Giấy chứng sinh', nameEn: 'Birth certificate from the health facility', kind: 'original', required: true },
      { nameVi: 'Giấy tờ chứng minh chỗ ở hợp pháp', nameEn: 'Proof of lawful residence', kind: 'copy', required: false, conditionVi: 'Khi đăng ký thường trú không vào hộ của cha, mẹ' },
    ],
    onlineLevel: 'full', participatingAgencyRoles: ['police', 'social_insurance'],
    verify: true, verifyNote: 'Nhóm thủ tục liên thông: mã và thời hạn từng bước cần đối chiếu.',
  }),
  entry({
    id: 'feedback-petition', nationalCode: null, nameVi: 'Tiếp nhận, xử lý phản ánh, kiến nghị', nameEn: 'Feedback and petition handling',
    field: { code: 'kiem-soat-tthc', nameVi: 'Kiểm soát thủ tục hành chính', nameEn: 'Administrative procedure control' },
    timeLimit: { kind: 'workingDays', days: 15 },
    fee: { kind: 'free' },
    documents: [{ nameVi: 'Phản ánh, kiến nghị (văn bản, trực tuyến hoặc ghi lại khi trình bày trực tiếp)', nameEn: 'The feedback or petition', kind: 'form', required: true }],
    onlineLevel: 'full', verify: true, verifyNote: 'Từ chối thụ lý trong 02 ngày làm việc, đề nghị bổ sung trong 05 ngày làm việc: đối chiếu văn bản quy định.',
  }),
];

/** The entry of an id, or undefined. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return PROCEDURE_CATALOGUE.find((e) => e.id === id);
}

/** A catalogue entry as a row of the `procedures` table (JSON columns serialised). */
export interface ProcedureRow {
  id: string;
  national_code: string | null;
  name_vi: string;
  name_en: string;
  field: string;
  legal_limit: string;
  fees: string;
  required_documents: string;
  online_level: string;
  process_id: string;
  form_schema_id: string;
  handling_agency_type: 'commune_unit';
  extra: string;
}

/**
 * Maps an entry to a `procedures` row: `field` is the Vietnamese field name; the field code, the
 * extended limit, participating agencies, task outcomes and verify flags go to `extra`.
 */
export function toProcedureRow(e: CatalogueEntry): ProcedureRow {
  return {
    id: e.id, national_code: e.nationalCode, name_vi: e.nameVi, name_en: e.nameEn, field: e.field.nameVi,
    legal_limit: JSON.stringify(e.timeLimit), fees: JSON.stringify([e.fee]), required_documents: JSON.stringify(e.documents),
    online_level: e.onlineLevel, process_id: e.processId, form_schema_id: e.formSchemaId, handling_agency_type: e.handlingAgencyType,
    extra: JSON.stringify({
      fieldCode: e.field.code, fieldEn: e.field.nameEn, extendedTimeLimit: e.extendedTimeLimit ?? null,
      participatingAgencyRoles: e.participatingAgencyRoles, taskOutcomes: e.taskOutcomes, verify: e.verify, verifyNote: e.verifyNote ?? null,
    }),
  };
}
