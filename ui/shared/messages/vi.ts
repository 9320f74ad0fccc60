/**
 * The Vietnamese message catalogue: every string the web app shows, by area. The English
 * catalogue (`en.ts`) has the same shape, checked by the type `Messages`. Vietnamese is the default.
 * Areas add their own section; parameters are functions.
 */
export const vi = {
  app: {
    name: 'Một cửa',
    tagline: 'Trung tâm Phục vụ hành chính công',
    skip: 'Bỏ qua, đến nội dung chính',
    loading: 'Đang tải…',
    notFound: 'Không tìm thấy trang này.',
    forbidden: 'Tài khoản của bạn không có quyền xem trang này.',
    home: 'Về trang đầu',
    retry: 'Thử lại',
    close: 'Đóng',
    cancel: 'Hủy',
    save: 'Lưu',
    confirm: 'Xác nhận',
    yes: 'Có',
    no: 'Không',
    none: '—',
    page: (n: number, of: number) => `Trang ${n}/${of}`,
    previous: 'Trang trước',
    next: 'Trang sau',
    total: (n: number) => `${n.toLocaleString('vi-VN')} mục`,
  },
  nav: {
    label: 'Điều hướng chính',
    desk: 'Tiếp nhận',
    tasks: 'Công việc',
    alerts: 'Cảnh báo',
    lookup: 'Tra cứu',
    language: 'English',
    languageLabel: 'Switch to English',
    logout: 'Đăng xuất',
    user: (name: string, agency: string) => `${name} — ${agency}`,
    bell: (n: number) => (n ? `Cảnh báo: ${n} chưa đọc` : 'Cảnh báo: không có cảnh báo mới'),
    menu: 'Trình đơn',
  },
  roles: {
    admin: 'Quản trị',
    procedure_controller: 'Kiểm soát TTHC',
    receptionist: 'Tiếp nhận',
    specialist: 'Chuyên viên',
    leader: 'Lãnh đạo',
    supervisor: 'Giám sát',
    integration: 'Tích hợp',
  } as Record<string, string>,
  login: {
    title: 'Đăng nhập',
    intro: 'Dành cho cán bộ, công chức của Trung tâm và các cơ quan giải quyết thủ tục.',
    username: 'Tên đăng nhập',
    password: 'Mật khẩu',
    submit: 'Đăng nhập',
    submitting: 'Đang đăng nhập…',
    required: 'Bắt buộc nhập',
    expiredTitle: 'Phiên làm việc đã hết hạn',
    expiredIntro: 'Đăng nhập lại để tiếp tục. Những gì bạn đang nhập vẫn được giữ nguyên.',
    citizen: 'Công dân tra cứu hồ sơ',
  },
  connection: {
    lost: 'Mất kết nối tới máy chủ. Đang thử kết nối lại…',
    back: 'Đã kết nối lại.',
    network: 'Không gửi được yêu cầu: mất kết nối tới máy chủ. Dữ liệu bạn nhập vẫn được giữ; hãy thử lại.',
  },
  status: {
    registered: 'Mới đăng ký',
    accepted: 'Được tiếp nhận',
    refused: 'Không được tiếp nhận',
    processing: 'Đang xử lý',
    supplement_requested: 'Yêu cầu bổ sung giấy tờ',
    fee_required: 'Yêu cầu thực hiện nghĩa vụ tài chính',
    withdrawal_requested: 'Công dân yêu cầu rút hồ sơ',
    stopped: 'Dừng xử lý',
    decided: 'Đã xử lý xong',
    returned: 'Đã trả kết quả',
  } as Record<string, string>,
  sla: {
    in_time: 'Trong hạn',
    due_soon: 'Sắp đến hạn',
    overdue: 'Quá hạn',
    paused: 'Tạm dừng (chờ công dân)',
    early: 'Trước hạn',
    on_time: 'Đúng hạn',
    late: 'Trễ hạn',
  } as Record<string, string>,
  alerts: {
    title: 'Cảnh báo',
    empty: 'Không có cảnh báo.',
    unread: (n: number) => `${n} chưa đọc`,
    markRead: 'Đánh dấu đã đọc',
    read: 'Đã đọc',
    dossier: 'Hồ sơ',
    enableNotifications: 'Bật thông báo của trình duyệt',
    notificationsOn: 'Thông báo của trình duyệt đã bật: cảnh báo mới hiện ra cả khi bạn đang ở thẻ khác.',
    notificationsBlocked: 'Trình duyệt đã chặn thông báo của trang này.',
    live: 'Cảnh báo mới hiện ra ngay khi có.',
  },
  /** The reception desk (/tiep-nhan). */
  desk: {
    title: 'Tiếp nhận hồ sơ',
  },
  /** The task list (/cong-viec) and an open task. */
  tasks: {
    title: 'Công việc',
  },
  /** The dossier page (/ho-so/:code). */
  dossier: {
    title: 'Hồ sơ',
  },
  errors: {
    generic: 'Đã có lỗi. Vui lòng thử lại.',
    field: (field: string, message: string) => `${field}: ${message}`,
  },
};

/** The shape every catalogue has. */
export type Messages = typeof vi;
