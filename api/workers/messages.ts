/** The texts of notifications, Vietnamese first, per `notify` event (processes/README.md). */

/** What a text may mention. */
export interface MessageFacts {
  dossierCode: string;
  procedureName: string;
  stepName: string | null;
  /** Formatted due instant (dd/mm/yyyy hh:mm), when known. */
  due: string | null;
}

type Texts = { title: { vi: string; en: string }; body: { vi: string; en: string } };

const STEP_NAMES: Record<string, { vi: string; en: string }> = {
  reception: { vi: 'Tiếp nhận', en: 'Reception' },
  triage: { vi: 'Phân loại', en: 'Triage' },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  verification: { vi: 'Xác minh', en: 'Verification' },
  approval: { vi: 'Phê duyệt', en: 'Approval' },
  delivery: { vi: 'Trả kết quả', en: 'Result return' },
  handoff_police: { vi: 'Liên thông Công an', en: 'Handoff to the police' },
  handoff_social_insurance: { vi: 'Liên thông Bảo hiểm xã hội', en: 'Handoff to social insurance' },
  handoff_provincial_department: { vi: 'Lấy ý kiến cơ quan cấp tỉnh', en: 'Consultation of a provincial department' },
};

/** The name of a step key. */
export function stepName(step: string | undefined | null): { vi: string; en: string } | null {
  return step ? STEP_NAMES[step] ?? { vi: step, en: step } : null;
}

/** The texts of an event. */
export function messageFor(event: string, f: MessageFacts, stepEn: string | null): Texts {
  const code = f.dossierCode;
  const dueVi = f.due ? ` Hạn: ${f.due}.` : '';
  const dueEn = f.due ? ` Due: ${f.due}.` : '';
  const step = { vi: f.stepName ?? '', en: stepEn ?? '' };
  const t = (titleVi: string, titleEn: string, bodyVi: string, bodyEn: string): Texts => ({ title: { vi: titleVi, en: titleEn }, body: { vi: bodyVi, en: bodyEn } });
  switch (event) {
    case 'step-due-soon': return t(`Sắp đến hạn: ${step.vi} hồ sơ ${code}`, `Due soon: ${step.en}, dossier ${code}`, `Bước ${step.vi} của hồ sơ ${code} (${f.procedureName}) sắp đến hạn.${dueVi}`, `Step ${step.en} of dossier ${code} is due soon.${dueEn}`);
    case 'step-overdue': return t(`Quá hạn: ${step.vi} hồ sơ ${code}`, `Overdue: ${step.en}, dossier ${code}`, `Bước ${step.vi} của hồ sơ ${code} (${f.procedureName}) đã quá hạn.${dueVi}`, `Step ${step.en} of dossier ${code} is overdue.${dueEn}`);
    case 'dossier-due-soon': return t(`Hồ sơ ${code} sắp đến hạn: chuẩn bị văn bản xin lỗi, gia hạn (mẫu 04)`, `Dossier ${code} is due soon: prepare the apology and extension letter (form 04)`,
      `Hồ sơ ${code} (${f.procedureName}) sắp đến hạn.${dueVi} Nếu không kịp, cơ quan phải gửi văn bản xin lỗi và đề nghị gia hạn (mẫu 04) chậm nhất 01 ngày làm việc trước hạn (Điều 19.6 Nghị định 118/2025).`,
      `Dossier ${code} is due soon.${dueEn} If it will be late, the agency must send the apology and extension request (form 04) at least one working day before the due date (Decree 118/2025 Art. 19.6).`);
    case 'dossier-overdue': return t(`Hồ sơ ${code} đã quá hạn`, `Dossier ${code} is overdue`, `Hồ sơ ${code} (${f.procedureName}) đã quá hạn giải quyết.${dueVi}`, `Dossier ${code} is past its due date.${dueEn}`);
    case 'reception-refused': return t(`Hồ sơ ${code} không được tiếp nhận (mẫu 03)`, `Dossier ${code} refused at reception (form 03)`, `Hồ sơ ${code} không được tiếp nhận; xem phiếu từ chối (mẫu 03).`, `Dossier ${code} was not accepted; see the refusal (form 03).`);
    case 'supplement-requested': return t(`Hồ sơ ${code} cần bổ sung (mẫu 02)`, `Dossier ${code} needs a supplement (form 02)`, `Hồ sơ ${code} cần bổ sung, hoàn thiện theo phiếu yêu cầu (mẫu 02).${dueVi}`, `Dossier ${code} must be supplemented as listed on form 02.${dueEn}`);
    case 'supplement-expired': return t(`Hồ sơ ${code} dừng giải quyết (mẫu 05)`, `Dossier ${code} stopped (form 05)`, `Hồ sơ ${code} không được bổ sung đúng hạn và dừng giải quyết (mẫu 05).`, `Dossier ${code} was not supplemented in time and is stopped (form 05).`);
    case 'result-ready': return t(`Hồ sơ ${code} đã có kết quả`, `Dossier ${code}: the result is ready`, `Hồ sơ ${code} (${f.procedureName}) đã có kết quả, mời nhận kết quả.`, `The result of dossier ${code} is ready to be collected.`);
    case 'handoff-failed': return t(`Liên thông hồ sơ ${code} thất bại`, `Handoff of dossier ${code} failed`, `Không gửi được hồ sơ ${code} sang cơ quan liên thông sau nhiều lần thử; cần xử lý thủ công.`, `Dossier ${code} could not be sent to the other agency after repeated attempts; handle it by hand.`);
    default: return t(`Thông báo hồ sơ ${code}`, `Notice on dossier ${code}`, `Hồ sơ ${code}: ${event}.`, `Dossier ${code}: ${event}.`);
  }
}
