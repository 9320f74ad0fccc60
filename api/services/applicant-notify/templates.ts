/**
 * The texts of the messages to the applicant, in Vietnamese (the applicant's language): an e-mail
 * (subject and body) and an SMS (without diacritics: 7-bit SMS, one or two segments). Pure.
 */
import { vnShortDate, vnShortDateTime } from '../../forms/vn-format.ts';

/** What a message is about. */
export type DeliveryKind = 'receipt' | 'supplement' | 'result' | 'extension';

/** What the message says. */
export interface MessageInput {
  kind: DeliveryKind;
  dossierCode: string;
  procedureName: string;
  agencyName: string;
  /** Facts captured with the event (ISO instants, texts). */
  facts: Record<string, unknown>;
  /** The lookup PIN (`services/lookup-pin.ts`). */
  pin: string;
  /** The public lookup address, `…/tra-cuu?ma=CODE`. */
  lookupUrl: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  sms: string;
}

const when = (v: unknown, format: (d: Date) => string): string | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : format(d);
};

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Vietnamese without diacritics (`Hồ sơ` → `Ho so`), for SMS. */
export function unaccented(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

const FOOTER = 'Đây là thư tự động của hệ thống một cửa, vui lòng không trả lời thư này.';

/** The e-mail and SMS texts of a message. */
export function renderApplicantMessage(m: MessageInput): RenderedMessage {
  const code = m.dossierCode;
  const lookup = `Tra cứu hồ sơ: ${m.lookupUrl} (mã tra cứu ${m.pin}).`;
  const lines: string[] = ['Kính gửi Ông/Bà,', ''];
  let subject: string;
  let sms: string;
  switch (m.kind) {
    case 'receipt': {
      const due = when(m.facts.dueAt, vnShortDateTime);
      subject = `Biên nhận hồ sơ ${code}`;
      lines.push(`${m.agencyName} đã tiếp nhận hồ sơ «${m.procedureName}» của Ông/Bà.`, '',
        `Mã hồ sơ: ${code}`, `Ngày hẹn trả kết quả: ${due ?? 'theo giấy tiếp nhận'}`, `Mã tra cứu (PIN): ${m.pin}`, '',
        `Tra cứu tình trạng hồ sơ tại ${m.lookupUrl} bằng mã hồ sơ và mã tra cứu.`);
      sms = `Ho so ${code} da duoc tiep nhan. Hen tra: ${when(m.facts.dueAt, vnShortDate) ?? '-'}. Ma tra cuu: ${m.pin}. ${m.lookupUrl}`;
      break;
    }
    case 'supplement': {
      const due = when(m.facts.supplementDueAt, vnShortDate);
      const items = list(m.facts.items);
      subject = `Hồ sơ ${code} cần bổ sung, hoàn thiện`;
      lines.push(`Hồ sơ ${code} («${m.procedureName}») cần được bổ sung, hoàn thiện (phiếu yêu cầu mẫu 02):`, '',
        ...items.map((i) => `- ${i}`), ...(typeof m.facts.reason === 'string' && m.facts.reason ? ['', `Lý do: ${m.facts.reason}`] : []), '',
        `Hạn bổ sung: ${due ?? 'theo phiếu yêu cầu'}. Quá hạn mà không bổ sung, hồ sơ sẽ bị dừng giải quyết.`, '', lookup);
      sms = `Ho so ${code} can bo sung, han ${due ?? '-'}. Chi tiet: ${m.lookupUrl} (ma tra cuu ${m.pin})`;
      break;
    }
    case 'result': {
      subject = `Hồ sơ ${code} đã có kết quả`;
      lines.push(`Hồ sơ ${code} («${m.procedureName}») đã có kết quả giải quyết.`,
        `Mời Ông/Bà đến ${m.agencyName} để nhận kết quả, mang theo giấy tiếp nhận hồ sơ và hẹn trả kết quả.`, '', lookup);
      sms = `Ho so ${code} da co ket qua. Moi Ong/Ba den nhan. Tra cuu: ${m.lookupUrl} (ma ${m.pin})`;
      break;
    }
    case 'extension': {
      const due = when(m.facts.newDueAt, vnShortDateTime);
      const before = when(m.facts.previousDueAt, vnShortDateTime);
      subject = `Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`;
      lines.push(`${m.agencyName} xin lỗi Ông/Bà vì hồ sơ ${code} («${m.procedureName}») chưa giải quyết được đúng hạn${before ? ` (${before})` : ''}.`,
        ...(typeof m.facts.reason === 'string' && m.facts.reason ? [`Lý do: ${m.facts.reason}`] : []),
        `Thời hạn trả kết quả mới: ${due ?? 'theo văn bản đính kèm'}.`, 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (mẫu 04) được đính kèm thư này.', '', lookup);
      sms = `Xin loi: ho so ${code} chua giai quyet dung han. Hen tra moi: ${when(m.facts.newDueAt, vnShortDate) ?? '-'}. Tra cuu: ${m.lookupUrl} (ma ${m.pin})`;
      break;
    }
  }
  lines.push('', '--', FOOTER);
  return { subject, text: lines.join('\n'), sms: unaccented(sms) };
}
