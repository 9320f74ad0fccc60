/**
 * Element templates (Camunda 8 element-template JSON, schema `@camunda/zeebe-element-templates-json-schema`)
 * for motcua's step kinds: a counter step, an appraisal, an approval, a verification (user tasks), a
 * handoff to another agency and a notification (jobs). A procedure controller applies one in the modeler
 * and chooses the responsible group, the time allocation and the handoff agency from dropdowns: the
 * values come from the installation (its candidate groups and the agency types present in the
 * province), never typed FEEL.
 *
 * Pure data: the caller passes the groups and agencies. A user-task template sets `zeebe:userTask`,
 * `zeebe:assignmentDefinition candidateGroups`, `zeebe:formDefinition externalReference`,
 * `zeebe:taskHeaders` (`step`, `slaHours`, `agencyRole`) and the `creating` task listener `motcua-step-due`
 * (processes/README.md, "User tasks").
 */

export const TEMPLATE_SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

/** A choice of a dropdown. */
export interface Choice {
  name: string;
  value: string;
}

/** One template property (the subset motcua uses). */
export interface TemplateProperty {
  id?: string;
  label?: string;
  description?: string;
  type: 'Hidden' | 'Dropdown' | 'String';
  feel?: 'optional' | 'required';
  value?: string;
  choices?: Choice[];
  group?: string;
  editable?: boolean;
  constraints?: { notEmpty?: boolean; maxLength?: number };
  binding: { type: string; property?: string; key?: string; name?: string; eventType?: string; retries?: string };
}

/** A Camunda 8 element template. */
export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  description: string;
  version: number;
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: Array<{ id: string; label: string }>;
  properties: TemplateProperty[];
}

/** A candidate group offered in the dropdowns, with its label. */
export interface GroupOption {
  id: string;
  name: string;
}

/** A handoff target: an agency type present in the installation, labelled by its agencies' names. */
export interface AgencyOption {
  role: string;
  name: string;
}

/** The step kinds with a template. */
export const STEP_KINDS = ['reception', 'appraisal', 'approval', 'verification', 'handoff', 'notify'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Working hours per working day (07:30–11:30, 13:30–17:00 rounds to 8 in the allocation). */
export const HOURS_PER_DAY = 8;

/** The time allocations offered: working hours, then working days (each `slaHours` in working hours). */
export function allocationChoices(lang: 'vi' | 'en' = 'vi'): Choice[] {
  const hours = [1, 2, 4].map((h) => ({ name: lang === 'vi' ? `${h} giờ làm việc` : `${h} working hour${h > 1 ? 's' : ''}`, value: String(h) }));
  const days = [1, 2, 3, 5, 7, 10, 15, 20, 30].map((d) => ({
    name: lang === 'vi' ? `${d} ngày làm việc (${d * HOURS_PER_DAY} giờ)` : `${d} working day${d > 1 ? 's' : ''} (${d * HOURS_PER_DAY} h)`,
    value: String(d * HOURS_PER_DAY),
  }));
  return [...hours, ...days];
}

const NOTIFY_EVENTS = ['result-ready', 'reception-refused', 'supplement-requested', 'supplement-expired', 'step-due-soon', 'step-overdue', 'dossier-due-soon', 'dossier-overdue'] as const;
const NOTIFY_EVENT_NAMES: Record<string, string> = {
  'result-ready': 'Có kết quả / result ready', 'reception-refused': 'Từ chối tiếp nhận (mẫu 03) / refused at reception',
  'supplement-requested': 'Yêu cầu bổ sung (mẫu 02) / supplement requested', 'supplement-expired': 'Hết hạn bổ sung (mẫu 05) / supplement expired',
  'step-due-soon': 'Bước sắp đến hạn / step due soon', 'step-overdue': 'Bước quá hạn / step overdue',
  'dossier-due-soon': 'Hồ sơ sắp đến hạn (mẫu 04) / dossier due soon', 'dossier-overdue': 'Hồ sơ quá hạn / dossier overdue',
};
const RECIPIENTS: Choice[] = [
  { name: 'Người nộp / applicant', value: 'applicant' },
  { name: 'Người nộp và người xử lý / applicant and assignee', value: 'applicant,assignee' },
  { name: 'Người xử lý / assignee', value: 'assignee' },
  { name: 'Người xử lý và giám sát / assignee and supervisor', value: 'assignee,supervisor' },
  { name: 'Lãnh đạo và giám sát / leader and supervisor', value: 'leader,supervisor' },
  { name: 'Bộ phận một cửa / reception', value: 'receptionist' },
];

interface UserStepDef {
  kind: Exclude<StepKind, 'handoff' | 'notify'>;
  name: string;
  description: string;
  group: string;
  agencyRole: 'centre' | 'competent';
  slaHours: number;
}

const USER_STEPS: UserStepDef[] = [
  { kind: 'reception', name: 'Tiếp nhận tại quầy / counter step', description: 'Bộ phận một cửa tiếp nhận hồ sơ / the one-stop counter receives the dossier', group: 'receptionist', agencyRole: 'centre', slaHours: 1 },
  { kind: 'appraisal', name: 'Thẩm định / appraisal', description: 'Công chức chuyên môn thẩm định hồ sơ / a specialist appraises the dossier', group: 'specialist', agencyRole: 'competent', slaHours: 8 },
  { kind: 'approval', name: 'Phê duyệt / approval', description: 'Lãnh đạo ký kết quả / the leader signs the result', group: 'leader', agencyRole: 'competent', slaHours: 8 },
  { kind: 'verification', name: 'Xác minh / verification', description: 'Xác minh thông tin của hồ sơ / verify the dossier', group: 'specialist', agencyRole: 'competent', slaHours: 24 },
];

const GROUPS = [{ id: 'assignment', label: 'Phân công / assignment' }, { id: 'time', label: 'Thời hạn / time' }, { id: 'step', label: 'Bước / step' }];
const CATEGORY = { id: 'motcua', name: 'Một cửa' };

function nearest(choices: Choice[], want: number): string {
  return choices.reduce((best, c) => (Math.abs(Number(c.value) - want) < Math.abs(Number(best.value) - want) ? c : best), choices[0]!).value;
}

/** The job type of every step's `creating` task listener (api/workers/sla.ts). */
const STEP_DUE_LISTENER = 'motcua-step-due';

function userStepTemplate(def: UserStepDef, procedureId: string, groups: GroupOption[]): ElementTemplate {
  const allocations = allocationChoices();
  const groupChoices = groups.map((g) => ({ name: g.name, value: g.id }));
  const defaultGroup = groupChoices.find((g) => g.value === def.group)?.value ?? groupChoices[0]?.value ?? def.group;
  return {
    $schema: TEMPLATE_SCHEMA, id: `vn.motcua.${def.kind}`, name: def.name, description: def.description, version: 1, category: CATEGORY,
    appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:UserTask' }, groups: GROUPS,
    properties: [
      { type: 'Hidden', value: '', binding: { type: 'zeebe:userTask' } },
      { id: 'candidateGroups', label: 'Nhóm xử lý / responsible group', type: 'Dropdown', group: 'assignment', value: defaultGroup, choices: groupChoices, binding: { type: 'zeebe:assignmentDefinition', property: 'candidateGroups' } },
      { id: 'slaHours', label: 'Thời gian cho bước / time allocation', description: 'Giờ hoặc ngày làm việc / working hours or days', type: 'Dropdown', group: 'time', value: nearest(allocations, def.slaHours), choices: allocations, binding: { type: 'zeebe:taskHeader', key: 'slaHours' } },
      { type: 'Hidden', value: def.kind, binding: { type: 'zeebe:taskHeader', key: 'step' } },
      { type: 'Hidden', value: def.agencyRole, binding: { type: 'zeebe:taskHeader', key: 'agencyRole' } },
      // The step's due date: the SLA worker completes this `creating` listener with the due date as a correction
      // (processes/README.md), so the controller sets only the allocation above.
      { type: 'Hidden', value: STEP_DUE_LISTENER, binding: { type: 'zeebe:taskListener', property: 'type', eventType: 'creating', retries: '3' } },
      { type: 'Hidden', value: `motcua:${procedureId}/${def.kind}`, binding: { type: 'zeebe:formDefinition', property: 'externalReference' } },
    ],
  };
}

function handoffTemplate(agencies: AgencyOption[]): ElementTemplate {
  const allocations = allocationChoices();
  const agencyChoices = agencies.map((a) => ({ name: a.name, value: a.role }));
  return {
    $schema: TEMPLATE_SCHEMA, id: 'vn.motcua.handoff', name: 'Chuyển cơ quan khác / handoff to another agency',
    description: 'Gửi hồ sơ sang cơ quan khác (liên thông) / send the dossier to another agency', version: 1, category: CATEGORY,
    appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:ServiceTask' }, groups: GROUPS,
    properties: [
      { type: 'Hidden', value: 'handoff', binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      { type: 'Hidden', value: 'handoff', binding: { type: 'zeebe:taskHeader', key: 'step' } },
      { id: 'targetAgencyRole', label: 'Cơ quan nhận / receiving agency', type: 'Dropdown', group: 'assignment', value: agencyChoices[0]?.value ?? '', choices: agencyChoices, binding: { type: 'zeebe:taskHeader', key: 'targetAgencyRole' } },
      { id: 'slaHours', label: 'Thời gian cho bước / time allocation', type: 'Dropdown', group: 'time', value: nearest(allocations, 40), choices: allocations, binding: { type: 'zeebe:taskHeader', key: 'slaHours' } },
      { id: 'purpose', label: 'Mục đích / purpose', description: 'Văn bản thường, không phải FEEL / plain text', type: 'String', group: 'step', value: 'Lấy ý kiến / consultation', constraints: { notEmpty: true, maxLength: 200 }, binding: { type: 'zeebe:taskHeader', key: 'purpose' } },
    ],
  };
}

function notifyTemplate(): ElementTemplate {
  return {
    $schema: TEMPLATE_SCHEMA, id: 'vn.motcua.notify', name: 'Thông báo / notification', description: 'Gửi thông báo (và mẫu văn bản nếu có) / send a notification (and its form)',
    version: 1, category: CATEGORY, appliesTo: ['bpmn:Task'], elementType: { value: 'bpmn:ServiceTask' }, groups: GROUPS,
    properties: [
      { type: 'Hidden', value: 'notify', binding: { type: 'zeebe:taskDefinition', property: 'type' } },
      { id: 'event', label: 'Sự kiện / event', type: 'Dropdown', group: 'step', value: 'result-ready', choices: NOTIFY_EVENTS.map((e) => ({ name: NOTIFY_EVENT_NAMES[e]!, value: e })), binding: { type: 'zeebe:taskHeader', key: 'event' } },
      { id: 'recipients', label: 'Người nhận / recipients', type: 'Dropdown', group: 'assignment', value: 'applicant', choices: RECIPIENTS, binding: { type: 'zeebe:taskHeader', key: 'recipients' } },
      { id: 'form', label: 'Mẫu văn bản / form', type: 'Dropdown', group: 'step', value: '', choices: [{ name: 'Không / none', value: '' }, ...['02', '03', '04', '05'].map((f) => ({ name: `Mẫu ${f} / form ${f}`, value: f }))], binding: { type: 'zeebe:taskHeader', key: 'form' } },
    ],
  };
}

/**
 * The templates of one procedure: user-task templates bound to its forms (`motcua:<procedureId>/<step>`),
 * the handoff template listing the given agencies, the notification template. Groups and agencies must
 * not be empty for the dropdowns to make sense; an empty agency list gives a handoff template without
 * choices (the check then refuses a handoff without a target).
 */
export function elementTemplates(procedureId: string, groups: GroupOption[], agencies: AgencyOption[]): ElementTemplate[] {
  return [...USER_STEPS.map((d) => userStepTemplate(d, procedureId, groups)), handoffTemplate(agencies), notifyTemplate()];
}
