/** The procedures of DOMAIN.md §4 modelled as processes (allocations are editable data: verify per province). */
import type { ProcessSpec } from './builder.ts';
import { procedureProcess } from './template.ts';

const SAME_DAY = { reception: 1, appraisal: 3, approval: 2, return: 2 };
const THREE_DAYS = { reception: 2, appraisal: 12, approval: 6, return: 4 };

/** Every process spec, in catalogue order. */
export const SPECS: ProcessSpec[] = [
  procedureProcess({
    fileId: 'birth-registration', name: 'Đăng ký khai sinh', timeLimit: 'sameDay', hours: SAME_DAY,
    documentation: 'Đăng ký khai sinh (1.001193): giải quyết ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.',
    labels: { appraisal: 'Kiểm tra, ghi Sổ hộ tịch', approval: 'Ký Giấy khai sinh' },
  }),
  procedureProcess({
    fileId: 'death-registration', name: 'Đăng ký khai tử', timeLimit: 'sameDay', hours: SAME_DAY,
    documentation: 'Đăng ký khai tử (1.000656): giải quyết ngay; cần xác minh thì không quá 03 ngày làm việc.',
    labels: { appraisal: 'Kiểm tra, ghi Sổ hộ tịch', approval: 'Ký Trích lục khai tử' },
    verification: { timeLimit: 'workingDays:3', hours: 16 },
  }),
  procedureProcess({
    fileId: 'marriage-registration', name: 'Đăng ký kết hôn', timeLimit: 'sameDay', hours: SAME_DAY,
    documentation: 'Đăng ký kết hôn (1.000894): giải quyết ngay; cần xác minh điều kiện kết hôn thì không quá 05 ngày làm việc.',
    labels: { appraisal: 'Kiểm tra điều kiện kết hôn', approval: 'Ký Giấy chứng nhận kết hôn' },
    verification: { timeLimit: 'workingDays:5', hours: 24 },
  }),
  procedureProcess({
    fileId: 'marital-status-confirmation', name: 'Xác nhận tình trạng hôn nhân', timeLimit: 'workingDays:3', hours: THREE_DAYS,
    documentation: 'Cấp Giấy xác nhận tình trạng hôn nhân (1.004873): 03 ngày làm việc.',
    labels: { approval: 'Ký Giấy xác nhận tình trạng hôn nhân' },
  }),
  procedureProcess({
    fileId: 'copy-certification', name: 'Chứng thực bản sao từ bản chính', timeLimit: 'sameDay', hours: SAME_DAY,
    documentation: 'Chứng thực bản sao từ bản chính (2.000815): trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo.',
    labels: { appraisal: 'Đối chiếu bản chính, bản sao', approval: 'Ký chứng thực' },
  }),
  procedureProcess({
    fileId: 'household-business-registration', name: 'Đăng ký hộ kinh doanh', timeLimit: 'workingDays:3', hours: THREE_DAYS,
    documentation: 'Đăng ký thành lập hộ kinh doanh (1.001612): 03 ngày làm việc.',
    labels: { approval: 'Ký Giấy chứng nhận đăng ký hộ kinh doanh' },
  }),
  procedureProcess({
    fileId: 'construction-permit-house', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', timeLimit: 'workingDays:15',
    hours: { reception: 4, appraisal: 40, approval: 16, return: 8 },
    documentation: 'Cấp giấy phép xây dựng nhà ở riêng lẻ: 15 ngày; lấy ý kiến cơ quan chuyên môn cấp tỉnh khi cần.',
    labels: { appraisal: 'Thẩm định hồ sơ, kiểm tra thực địa', approval: 'Ký giấy phép xây dựng' },
    consultation: { targetAgencyRole: 'provincial_department', hours: 40, purpose: 'consultation' },
  }),
  procedureProcess({
    fileId: 'birth-residence-insurance-bundle', name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em dưới 6 tuổi',
    timeLimit: 'workingDays:3', hours: { reception: 2, appraisal: 4, approval: 2, return: 4 },
    documentation: 'Nhóm thủ tục liên thông: UBND xã là cơ quan chủ trì, đăng ký khai sinh rồi chuyển song song cho Công an (thường trú) và Bảo hiểm xã hội (thẻ BHYT); tổng không quá 03 ngày làm việc.',
    labels: { appraisal: 'Kiểm tra, ghi Sổ hộ tịch', approval: 'Ký Giấy khai sinh' },
    parallelHandoffs: [
      { targetAgencyRole: 'police', hours: 8, name: 'Công an (đăng ký thường trú)', purpose: 'permanent-residence' },
      { targetAgencyRole: 'social_insurance', hours: 8, name: 'Bảo hiểm xã hội (thẻ BHYT)', purpose: 'health-insurance-card' },
    ],
  }),
  procedureProcess({
    fileId: 'feedback-petition', name: 'Tiếp nhận, xử lý phản ánh, kiến nghị', timeLimit: 'workingDays:15',
    hours: { reception: 4, appraisal: 56, approval: 16, return: 8 },
    documentation: 'Phản ánh, kiến nghị về thủ tục hành chính: trả lời trong 15 ngày làm việc; từ chối thụ lý trong 02 ngày, đề nghị bổ sung thông tin trong 05 ngày.',
    labels: { reception: 'Tiếp nhận phản ánh, kiến nghị', appraisal: 'Xem xét, xử lý', approval: 'Duyệt văn bản trả lời', return: 'Gửi văn bản trả lời' },
    triage: { hours: 16 },
  }),
];
