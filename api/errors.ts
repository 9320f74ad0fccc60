/**
 * The one error table. Every error the API returns has a stable code, an HTTP status and a message
 * in Vietnamese and English. Handlers throw `AppError`; the error plugin renders
 * `{ statusCode, code, message, details? }` in the language the client asked for.
 */

export type Lang = 'vi' | 'en';

interface ErrorSpec {
  status: number;
  vi: string;
  en: string;
}

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, vi: 'Nội dung JSON không đúng cú pháp', en: 'The JSON body is malformed' },
  MALFORMED_MULTIPART: { status: 400, vi: 'Nội dung multipart/form-data không đúng cấu trúc (thiếu hoặc sai ranh giới, bị cắt cụt)', en: 'The multipart/form-data body is malformed (missing or wrong boundary, truncated)' },
  URI_TOO_LONG: { status: 414, vi: 'Đường dẫn quá dài', en: 'The URI is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, vi: 'Định dạng nội dung không được hỗ trợ', en: 'Unsupported media type' },
  BODY_TOO_LARGE: { status: 413, vi: 'Nội dung gửi lên vượt quá dung lượng cho phép', en: 'The request body is too large' },
  INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng', en: 'Wrong username or password' },
  UNAUTHENTICATED: { status: 401, vi: 'Cần đăng nhập', en: 'Authentication required' },
  INVALID_TOKEN: { status: 401, vi: 'Phiên đăng nhập không hợp lệ hoặc đã hết hạn', en: 'The token is invalid or has expired' },
  INVALID_REFRESH_TOKEN: { status: 401, vi: 'Mã làm mới phiên không hợp lệ, đã dùng hoặc đã hết hạn', en: 'The refresh token is invalid, used or expired' },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền thực hiện thao tác này', en: 'You are not allowed to do this' },
  PROVINCE_ADMIN_ONLY: { status: 403, vi: 'Chỉ quản trị viên của cơ quan cấp cao nhất (tỉnh) được thay đổi dữ liệu dùng chung cho mọi cơ quan', en: 'Only an administrator of the top-level (provincial) agency may change data shared by every agency' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, vi: 'Không có đường dẫn này', en: 'No such route' },
  CONFLICT: { status: 409, vi: 'Xung đột dữ liệu', en: 'Conflict' },
  USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập đã được sử dụng', en: 'The username is already taken' },
  AGENCY_EXISTS: { status: 409, vi: 'Cơ quan với mã hoặc định danh này đã tồn tại', en: 'An agency with this id or code already exists' },
  UNKNOWN_AGENCY: { status: 400, vi: 'Cơ quan không tồn tại', en: 'Unknown agency' },
  UNKNOWN_PROCEDURE: { status: 400, vi: 'Thủ tục hành chính không tồn tại hoặc đã ngừng áp dụng', en: 'Unknown or inactive procedure' },
  ROUTING_NOT_CONFIGURED: { status: 409, vi: 'Chưa cấu hình cơ quan giải quyết thủ tục này cho cơ quan tiếp nhận; đề nghị quản trị viên thiết lập', en: 'No deciding agency is configured for this procedure at the receiving agency; ask an administrator to set one' },
  ROUTE_NOT_ALLOWED: { status: 400, vi: 'Cơ quan giải quyết phải đang hoạt động, cùng tỉnh với cơ quan tiếp nhận và đúng loại cơ quan giải quyết (hoặc chính cơ quan tiếp nhận)', en: 'The deciding agency must be enabled, in the receiving agency\'s province and of the handling type (or the receiving agency itself)' },
  BPMN_REJECTED: { status: 400, vi: 'Sơ đồ quy trình không hợp lệ: xem danh sách lỗi theo từng phần tử', en: 'The process diagram is invalid: see the issues by element' },
  PROCESS_VERSION_STALE: { status: 409, vi: 'Đã có phiên bản quy trình mới hơn phiên bản bạn đang sửa; xem lại rồi xác nhận nếu vẫn muốn triển khai', en: 'A newer process version was deployed after the one you are editing; review it and confirm to deploy anyway' },
  TASK_CLAIMED: { status: 409, vi: 'Công việc đã được người khác nhận xử lý', en: 'Someone else has claimed this task' },
  TASK_NOT_OPEN: { status: 409, vi: 'Công việc đã hoàn thành hoặc đã hủy', en: 'The task is already completed or canceled' },
  TASK_NOT_CANDIDATE: { status: 403, vi: 'Công việc này không thuộc nhóm xử lý của bạn', en: 'This task is not for your group' },
  TASK_DENIED: { status: 409, vi: 'Quy trình không cho phép thao tác này trên công việc (bị từ chối khi kiểm tra)', en: 'The process denied this action on the task (a task listener refused it)' },
  TASK_OUTCOME_NOT_ALLOWED: { status: 400, vi: 'Kết quả này không áp dụng cho bước xử lý của thủ tục', en: 'This outcome does not apply to this step of the procedure' },
  FORM_NOT_AVAILABLE: { status: 409, vi: 'Hồ sơ chưa qua bước có biểu mẫu này', en: 'The dossier has not reached the step of this form' },
  FILE_TOO_LARGE: { status: 413, vi: 'Tệp vượt quá dung lượng cho phép', en: 'The file is too large' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, vi: 'Loại tệp không được phép', en: 'This file type is not allowed' },
  IDENTITY_NOT_VERIFIED: { status: 401, vi: 'Không xác thực được danh tính: số định danh hoặc mã xác thực không đúng', en: 'Identity not verified: wrong personal ID number or one-time code' },
  APPLICANT_TOKEN_REQUIRED: { status: 401, vi: 'Cần xác thực danh tính người nộp hồ sơ (VNeID)', en: 'The applicant must verify their identity (VNeID) first' },
  NOT_OWN_IDENTITY: { status: 403, vi: 'Chỉ được nộp hồ sơ trực tuyến bằng số định danh của chính mình đã xác thực', en: 'An online dossier may only be submitted under your own verified personal ID number' },
  NOT_ONLINE_PROCEDURE: { status: 400, vi: 'Thủ tục này không được nộp trực tuyến', en: 'This procedure cannot be submitted online' },
  ONLINE_UPLOAD_CLOSED: { status: 409, vi: 'Hồ sơ đã được xem xét, không thể bổ sung giấy tờ trực tuyến lúc này', en: 'The dossier has been reviewed; documents can no longer be added online' },
  // The public lookup with its PIN and the online supplement (api/routes/public.ts, lookup-supplement.ts).
  LOOKUP_PIN_LOCKED: { status: 429, vi: 'Nhập sai mã tra cứu (PIN) quá nhiều lần, vui lòng thử lại sau một giờ', en: 'Too many wrong lookup PINs, try again in an hour' },
  SUPPLEMENT_NOT_OPEN: { status: 409, vi: 'Hồ sơ không ở trạng thái chờ bổ sung nên không nhận giấy tờ bổ sung', en: 'The dossier is not waiting for a supplement, so no supplement is accepted' },
  SUPPLEMENT_PERIOD_OVER: { status: 409, vi: 'Đã hết thời hạn bổ sung hồ sơ; vui lòng liên hệ nơi tiếp nhận', en: 'The supplement period has ended; contact the receiving centre' },
  SUPPLEMENT_NOTHING_UPLOADED: { status: 409, vi: 'Chưa tải lên giấy tờ bổ sung nào', en: 'No supplement document has been uploaded yet' },
  // Citizens' rating and feedback (api/routes/ratings.ts, feedback.ts).
  WRONG_LOOKUP_PIN: { status: 403, vi: 'Mã tra cứu (PIN) không đúng: xem phiếu tiếp nhận hồ sơ', en: 'Wrong lookup PIN: see the dossier\'s receipt' },
  RATING_NOT_YET: { status: 409, vi: 'Hồ sơ chưa được trả kết quả nên chưa thể đánh giá', en: 'The dossier\'s result has not been returned yet, so it cannot be rated' },
  ALREADY_RATED: { status: 409, vi: 'Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần', en: 'This dossier has already been rated; each dossier is rated once' },
  CANNOT_DISABLE_SELF: { status: 409, vi: 'Không thể tự khóa tài khoản của chính mình', en: 'You cannot disable your own account' },
  TOO_MANY_LOGIN_FAILURES: { status: 429, vi: 'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau', en: 'Too many failed logins, try again later' },
  RATE_LIMITED: { status: 429, vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau', en: 'Too many requests, try again later' },
  NOT_READY: { status: 503, vi: 'Hệ thống chưa sẵn sàng', en: 'The service is not ready' },
  // The workflow engine's failures (api/engine-errors.ts maps every engine code).
  ENGINE_UNAVAILABLE: { status: 503, vi: 'Hệ thống xử lý quy trình tạm thời không phản hồi; chưa có thay đổi nào được ghi, vui lòng thử lại sau ít phút', en: 'The workflow engine is not answering; nothing was changed, please try again in a few minutes' },
  ENGINE_TIMEOUT: { status: 504, vi: 'Hệ thống xử lý quy trình không trả lời kịp; vui lòng kiểm tra lại hồ sơ rồi thử lại', en: 'The workflow engine did not answer in time; check the dossier, then try again' },
  ENGINE_FAILED: { status: 502, vi: 'Hệ thống xử lý quy trình từ chối yêu cầu; đã báo quản trị hệ thống', en: 'The workflow engine refused the request; the administrators have been told' },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống, vui lòng thử lại sau', en: 'Internal error, please try again later' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** One bad field of a request: a JSON pointer-ish path and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** An error the API reports to its client as-is (never a 5xx with internals). */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: string;

  constructor(
    code: ErrorCode,
    readonly details?: unknown,
    /** Overrides the table's message; both languages. */
    readonly override?: { vi: string; en: string },
  ) {
    super(override?.en ?? ERRORS[code].en);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = ERRORS[code].status;
  }

  /**
   * An error of a pure domain module (dossier state machine, SLA rules), which carries its own
   * stable code, status and bilingual message. Statuses outside 4xx become 500.
   */
  static fromDomain(err: { code: string; status: number; vi: string; en: string }, details?: unknown): AppError {
    const e = new AppError('CONFLICT', details, { vi: err.vi, en: err.en });
    Object.assign(e, { code: err.code, statusCode: err.status >= 400 && err.status < 500 ? err.status : 500 });
    return e;
  }

  /** The message in the given language. */
  messageIn(lang: Lang): string {
    return this.override?.[lang] ?? ERRORS[this.code as ErrorCode][lang];
  }
}

/** The language a request asked for: English when `Accept-Language` prefers `en`, else Vietnamese. */
export function requestLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'vi';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

/** A domain validation problem, bilingual (the shape the pure domain modules return). */
export interface BilingualFieldError {
  field: string;
  code: string;
  vi: string;
  en: string;
}

/** A 400 listing bilingual domain field errors in the request's language. */
export function validationError(errors: BilingualFieldError[], lang: Lang): AppError {
  return new AppError('VALIDATION_FAILED', errors.map((e) => ({ field: e.field, code: e.code, message: e[lang] })));
}
