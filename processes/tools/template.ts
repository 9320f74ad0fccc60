/**
 * The shape shared by every procedure process (see processes/README.md): reception → clock start →
 * sub-process "processing within the time limit" (appraisal → approval → result return, with step
 * escalation timers and the dossier-level deadline on the sub-process) → end; the supplement loop at
 * most once outside the sub-process; optional verification, consultation, parallel handoffs, triage.
 */
import type { Flow, Node, ProcessSpec, RootElement } from './builder.ts';

/** Working-hour allocations of the internal process (quy trình nội bộ) — editable data, verify per province. */
export interface Hours {
  reception: number;
  appraisal: number;
  approval: number;
  return: number;
}

/** Options of one procedure. */
export interface TemplateOptions {
  fileId: string;
  name: string;
  documentation: string;
  /** Header of `sla-start`: `sameDay`, `workingDays:N` or `workingHours:N`. */
  timeLimit: string;
  hours: Hours;
  labels?: Partial<Record<'reception' | 'appraisal' | 'approval' | 'return', string>>;
  /** Appraisal may send the dossier to verification once (longer time limit). */
  verification?: { timeLimit: string; hours: number };
  /** Appraisal may consult another agency (a handoff and back to appraisal). */
  consultation?: { targetAgencyRole: string; hours: number; purpose: string };
  /** After approval: parallel handoffs, joined by the lead agency. */
  parallelHandoffs?: Array<{ targetAgencyRole: string; hours: number; name: string; purpose: string }>;
  /** Petitions: a triage step first (reject / ask for more / accept). */
  triage?: { hours: number };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function headers(h: Record<string, string | number>): string {
  return `<zeebe:taskHeaders>\n${Object.entries(h).map(([k, v]) => `  <zeebe:header key="${k}" value="${esc(String(v))}" />`).join('\n')}\n</zeebe:taskHeaders>`;
}

/** `context put` that also works when the context variable does not exist yet. */
export function putInto(context: string, key: string, value: string): string {
  return `=context put(if ${context} = null then {} else ${context}, "${key}", ${value})`;
}

function outputs(map: Record<string, string>, inputs: Record<string, string> = {}): string {
  const ins = Object.entries(inputs).map(([t, s]) => `  <zeebe:input source="${esc(s)}" target="${t}" />`);
  const outs = Object.entries(map).map(([t, s]) => `  <zeebe:output source="${esc(s)}" target="${t}" />`);
  return `<zeebe:ioMapping>\n${[...ins, ...outs].join('\n')}\n</zeebe:ioMapping>`;
}

const HANDOFF_MESSAGE: RootElement = { kind: 'message', id: 'Message_handoff_result', name: 'handoff-result', correlationKey: '=handoffId' };

/** The receive task's mappings: its handoff id (the correlation key) in, the agency's result out. */
function handoffWaitIo(role: string): string {
  return outputs({ handoffResults: putInto('handoffResults', role, 'handoffResult') }, { handoffId: `=handoffIds.${role}` });
}

const STEP_NAMES: Record<string, string> = {
  reception: 'bước tiếp nhận', triage: 'bước phân loại', appraisal: 'bước thẩm định', verification: 'bước xác minh',
  approval: 'bước phê duyệt', delivery: 'bước trả kết quả', handoff_police: 'phối hợp Công an',
  handoff_social_insurance: 'phối hợp Bảo hiểm xã hội', handoff_provincial_department: 'lấy ý kiến cơ quan cấp tỉnh',
};

/** Builds the spec of one procedure process. */
export function procedureProcess(o: TemplateOptions): ProcessSpec {
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const roots: RootElement[] = [
    { kind: 'message', id: 'Message_supplement_received', name: 'supplement-received', correlationKey: '=dossierCode' },
    { kind: 'error', id: 'Error_supplement', name: 'Yêu cầu bổ sung hồ sơ', errorCode: 'SUPPLEMENT' },
  ];
  const SUB = 'SubProcess_processing';
  const add = (n: Node) => { nodes.push(n); return n.id; };
  const flow = (from: string, to: string, extra: Partial<Flow> = {}) => {
    const id = extra.id ?? `Flow_${from.replace(/^[A-Za-z]+_/, '')}_${to.replace(/^[A-Za-z]+_/, '')}`;
    flows.push({ id, from, to, ...extra });
    return id;
  };
  const slaStep = (id: string, step: string, hours: number, col: number, row: number, parent?: string) => add({
    id, kind: 'serviceTask', name: `Tính hạn ${STEP_NAMES[step] ?? 'bước'}`, col, row, parent,
    ext: [
      `<zeebe:taskDefinition type="sla-step" />`,
      headers({ step, slaHours: hours }),
      outputs({ stepDue: putInto('stepDue', step, 'due'), stepDueSoon: putInto('stepDueSoon', step, 'dueSoon') }),
    ].join('\n'),
  });
  const notify = (id: string, name: string, h: Record<string, string>, col: number, row: number, parent?: string) => add({
    id, kind: 'serviceTask', name, col, row, parent,
    ext: `<zeebe:taskDefinition type="notify" />\n${headers(h)}`,
  });
  const userTask = (id: string, name: string, group: string, step: string, hours: number, agencyRole: string, col: number, row: number, parent?: string, extra: Record<string, string | number> = {}) => add({
    id, kind: 'userTask', name, col, row, parent,
    ext: [
      '<zeebe:userTask />',
      `<zeebe:formDefinition externalReference="motcua:${o.fileId}/${step}" />`,
      `<zeebe:assignmentDefinition candidateGroups="${group}" />`,
      `<zeebe:taskSchedule dueDate="=stepDue.${step}" />`,
      headers({ step, slaHours: hours, agencyRole, ...extra }),
    ].join('\n'),
  });
  /** Due-soon and overdue timers on a task, each to a `notify` and an end, above or below it. */
  const escalate = (task: string, stepKey: string, col: number, row: number, side: 'top' | 'bottom', parent?: string) => {
    const d = side === 'top' ? -1 : 1;
    const edge = row + (d * 40) / 130;
    const base = task.replace(/^Task_/, '');
    const soonB = add({ id: `Event_${base}_due_soon`, kind: 'boundaryTimer', name: 'Sắp đến hạn', col, row, parent, attachedTo: task, side, offset: -25, nonInterrupting: true, timeDate: `=stepDueSoon.${stepKey}` });
    const lateB = add({ id: `Event_${base}_overdue`, kind: 'boundaryTimer', name: 'Quá hạn', col, row, parent, attachedTo: task, side, offset: 30, nonInterrupting: true, timeDate: `=stepDue.${stepKey}` });
    const soonN = notify(`Task_${base}_notify_due_soon`, 'Nhắc việc sắp đến hạn', { event: 'step-due-soon', step: stepKey, recipients: 'assignee' }, col, row + d, parent);
    const lateN = notify(`Task_${base}_notify_overdue`, 'Cảnh báo quá hạn', { event: 'step-overdue', step: stepKey, recipients: 'assignee,leader,supervisor' }, col + 1, row + d, parent);
    const soonE = add({ id: `EndEvent_${base}_reminded`, kind: 'end', name: 'Đã nhắc', col, row: row + 2 * d, parent });
    const lateE = add({ id: `EndEvent_${base}_escalated`, kind: 'end', name: 'Đã cảnh báo', col: col + 1, row: row + 2 * d, parent });
    flow(soonB, soonN);
    flow(lateB, lateN, { via: [[col + 1, edge]], first: 'h' });
    flow(soonN, soonE);
    flow(lateN, lateE);
  };

  const R = 3;
  const lane2 = Boolean(o.consultation || o.parallelHandoffs);
  const L = lane2 ? 9 : 6;
  const label = (k: keyof Hours, d: string) => o.labels?.[k] ?? d;

  // Top level: reception, refusal, clock.
  add({ id: 'StartEvent_submitted', kind: 'start', name: 'Hồ sơ được nộp', col: 0, row: R });
  slaStep('Task_sla_reception', 'reception', o.hours.reception, 1, R);
  userTask('Task_reception', label('reception', 'Tiếp nhận, kiểm tra hồ sơ'), 'receptionist', 'reception', o.hours.reception, 'centre', 2, R);
  add({ id: 'Gateway_reception', kind: 'xor', name: 'Tiếp nhận hồ sơ?', col: 3, row: R, defaultFlow: 'Flow_reception_accepted' });
  notify('Task_notify_refused', 'Gửi phiếu từ chối tiếp nhận (mẫu 03)', { event: 'reception-refused', form: '03', recipients: 'applicant' }, 4, 1);
  add({ id: 'EndEvent_refused', kind: 'end', name: 'Không được tiếp nhận', col: 5, row: 1 });
  add({ id: 'Gateway_clock_join', kind: 'xor', name: '', col: 4, row: R });
  add({
    id: 'Task_sla_start', kind: 'serviceTask', name: 'Bắt đầu tính thời hạn giải quyết', col: 5, row: R,
    ext: `<zeebe:taskDefinition type="sla-start" />\n${headers({ timeLimit: o.timeLimit, clockFrom: 'receipt' })}`,
  });
  flow('StartEvent_submitted', 'Task_sla_reception');
  flow('Task_sla_reception', 'Task_reception');
  flow('Task_reception', 'Gateway_reception');
  flow('Gateway_reception', 'Task_notify_refused', { id: 'Flow_reception_refused', name: 'Từ chối', condition: '=reception.outcome = "refuse"', via: [[3, 1]] });
  flow('Task_notify_refused', 'EndEvent_refused');
  flow('Gateway_reception', 'Gateway_clock_join', { id: 'Flow_reception_accepted', name: 'Tiếp nhận' });
  flow('Gateway_clock_join', 'Task_sla_start');

  let s = 6;
  if (o.verification) {
    add({ id: 'Gateway_processing_join', kind: 'xor', name: '', col: 6, row: R });
    flow('Task_sla_start', 'Gateway_processing_join');
    s = 7;
  }
  // The sub-process.
  add({ id: SUB, kind: 'subProcess', name: 'Giải quyết hồ sơ trong thời hạn', col: s, row: R, anchorRow: R });
  flow(o.verification ? 'Gateway_processing_join' : 'Task_sla_start', SUB);
  add({ id: 'StartEvent_processing', kind: 'start', name: 'Bắt đầu giải quyết', col: s, row: R, parent: SUB });
  let c = s + 1;
  let prev = 'StartEvent_processing';
  let supplementGateway = '';

  if (o.triage) {
    slaStep('Task_sla_triage', 'triage', o.triage.hours, c, R, SUB);
    userTask('Task_triage', 'Phân loại phản ánh, kiến nghị', 'specialist', 'triage', o.triage.hours, 'competent', c + 1, R, SUB, { supplementWindowHours: 40 });
    escalate('Task_triage', 'triage', c + 1, R, 'top', SUB);
    add({ id: 'Gateway_triage', kind: 'xor', name: 'Kết quả phân loại?', col: c + 2, row: R, parent: SUB, defaultFlow: 'Flow_triage_accepted' });
    flow(prev, 'Task_sla_triage');
    flow('Task_sla_triage', 'Task_triage');
    flow('Task_triage', 'Gateway_triage');
    supplementGateway = 'Gateway_triage';
    prev = 'Gateway_triage';
    c += 3;
  }
  if (o.consultation) {
    add({ id: 'Gateway_appraisal_join', kind: 'xor', name: '', col: c, row: R, parent: SUB });
    flow(prev, 'Gateway_appraisal_join');
    prev = 'Gateway_appraisal_join';
    c += 1;
  }
  slaStep('Task_sla_appraisal', 'appraisal', o.hours.appraisal, c, R, SUB);
  flow(prev, 'Task_sla_appraisal', o.triage ? { id: 'Flow_triage_accepted', name: 'Thụ lý' } : {});
  userTask('Task_appraisal', label('appraisal', 'Thẩm định hồ sơ'), 'specialist', 'appraisal', o.hours.appraisal, 'competent', c + 1, R, SUB,
    o.triage ? {} : { supplementWindowHours: 24 });
  escalate('Task_appraisal', 'appraisal', c + 1, R, 'top', SUB);
  flow('Task_sla_appraisal', 'Task_appraisal');
  prev = 'Task_appraisal';
  c += 2;
  const needsAppraisalGateway = !o.triage;
  const g = c;
  if (needsAppraisalGateway) {
    add({ id: 'Gateway_appraisal', kind: 'xor', name: 'Kết quả thẩm định?', col: g, row: R, parent: SUB, defaultFlow: 'Flow_appraisal_done' });
    flow('Task_appraisal', 'Gateway_appraisal');
    supplementGateway = 'Gateway_appraisal';
    prev = 'Gateway_appraisal';
    c += 1;
  }
  // Supplement: at most once (supplementCount is incremented by the sla-pause task).
  const sg = supplementGateway;
  const sgCol = nodes.find((n) => n.id === sg)!.col;
  const outcomeVar = o.triage ? 'triage' : 'appraisal';
  add({ id: 'EndEvent_supplement', kind: 'errorEnd', name: 'Cần bổ sung hồ sơ', col: sgCol, row: R + 1, parent: SUB, errorRef: 'Error_supplement' });
  flow(sg, 'EndEvent_supplement', {
    id: 'Flow_supplement_requested', name: 'Bổ sung (một lần)',
    condition: `=${outcomeVar}.outcome = "supplement" and (supplementCount = null or supplementCount < 1)`,
  });
  if (o.verification) {
    roots.push({ kind: 'error', id: 'Error_verification', name: 'Cần xác minh', errorCode: 'VERIFICATION' });
    add({ id: 'EndEvent_verification', kind: 'errorEnd', name: 'Cần xác minh', col: g + 1, row: R + 1, parent: SUB, errorRef: 'Error_verification' });
    flow('Gateway_appraisal', 'EndEvent_verification', {
      id: 'Flow_verification_requested', name: 'Cần xác minh',
      condition: '=appraisal.outcome = "verify" and verificationDone != true', via: [[g, R + 0.55], [g + 1, R + 0.55]],
    });
  }
  if (o.consultation) {
    const k = o.consultation;
    const role = k.targetAgencyRole;
    roots.push(HANDOFF_MESSAGE);
    slaStep('Task_sla_consultation', `handoff_${role}`, k.hours, g + 1, R + 2, SUB);
    add({
      id: 'Task_handoff_consultation', kind: 'serviceTask', name: 'Gửi lấy ý kiến cơ quan liên quan', col: g + 2, row: R + 2, parent: SUB,
      ext: [`<zeebe:taskDefinition type="handoff" />`, headers({ step: 'handoff', targetAgencyRole: role, slaHours: k.hours, purpose: k.purpose }),
        outputs({ handoffIds: putInto('handoffIds', role, 'handoffId') })].join('\n'),
    });
    add({
      id: 'Task_wait_consultation', kind: 'receiveTask', name: 'Chờ ý kiến cơ quan liên quan', col: g + 3, row: R + 2, parent: SUB, messageRef: HANDOFF_MESSAGE.id,
      ext: handoffWaitIo(role),
    });
    escalate('Task_wait_consultation', `handoff_${role}`, g + 3, R + 2, 'bottom', SUB);
    flow('Gateway_appraisal', 'Task_sla_consultation', {
      id: 'Flow_consultation_requested', name: 'Lấy ý kiến', condition: '=appraisal.outcome = "consult"', via: [[g, R + 0.55], [g + 1, R + 0.55]],
    });
    flow('Task_sla_consultation', 'Task_handoff_consultation');
    flow('Task_handoff_consultation', 'Task_wait_consultation');
    flow('Task_wait_consultation', 'Gateway_appraisal_join', { via: [[g + 3, R + 1.45], [s + 1, R + 1.45]], first: 'v' });
  }
  slaStep('Task_sla_approval', 'approval', o.hours.approval, c, R, SUB);
  flow(prev, 'Task_sla_approval', needsAppraisalGateway ? { id: 'Flow_appraisal_done', name: 'Trình duyệt' } : {});
  userTask('Task_approval', label('approval', 'Phê duyệt, ký kết quả'), 'leader', 'approval', o.hours.approval, 'competent', c + 1, R, SUB);
  escalate('Task_approval', 'approval', c + 1, R, 'top', SUB);
  flow('Task_sla_approval', 'Task_approval');
  prev = 'Task_approval';
  c += 2;

  if (o.parallelHandoffs) {
    add({ id: 'Gateway_handoff_fork', kind: 'and', name: '', col: c, row: R, parent: SUB });
    add({ id: 'Gateway_handoff_join', kind: 'and', name: '', col: c + 4, row: R, parent: SUB });
    flow(prev, 'Gateway_handoff_fork');
    o.parallelHandoffs.forEach((h, i) => {
      const row = R + 2 * i;
      const role = h.targetAgencyRole;
      const key = role.replace(/[^a-z_]/g, '_');
      if (i === 0) roots.push(HANDOFF_MESSAGE);
      slaStep(`Task_sla_${key}`, `handoff_${role}`, h.hours, c + 1, row, SUB);
      add({
        id: `Task_handoff_${key}`, kind: 'serviceTask', name: `Chuyển ${h.name}`, col: c + 2, row, parent: SUB,
        ext: [`<zeebe:taskDefinition type="handoff" />`, headers({ step: 'handoff', targetAgencyRole: role, slaHours: h.hours, purpose: h.purpose, leadAgencyRole: 'commune_unit' }),
          outputs({ handoffIds: putInto('handoffIds', role, 'handoffId') })].join('\n'),
      });
      add({
        id: `Task_wait_${key}`, kind: 'receiveTask', name: `Chờ kết quả từ ${h.name}`, col: c + 3, row, parent: SUB, messageRef: HANDOFF_MESSAGE.id,
        ext: handoffWaitIo(role),
      });
      escalate(`Task_wait_${key}`, `handoff_${role}`, c + 3, row, i === 0 ? 'top' : 'bottom', SUB);
      flow('Gateway_handoff_fork', `Task_sla_${key}`, i === 0 ? {} : { via: [[c, row]] });
      flow(`Task_sla_${key}`, `Task_handoff_${key}`);
      flow(`Task_handoff_${key}`, `Task_wait_${key}`);
      flow(`Task_wait_${key}`, 'Gateway_handoff_join', i === 0 ? {} : { via: [[c + 4, row]] });
    });
    prev = 'Gateway_handoff_join';
    c += 5;
  }
  if (o.triage) {
    add({ id: 'Gateway_reply_join', kind: 'xor', name: '', col: c, row: R, parent: SUB });
    flow(prev, 'Gateway_reply_join');
    flow('Gateway_triage', 'Gateway_reply_join', { id: 'Flow_triage_rejected', name: 'Từ chối thụ lý', condition: '=triage.outcome = "reject"', via: [[sgCol, R + 0.55], [c, R + 0.55]] });
    prev = 'Gateway_reply_join';
    c += 1;
  }
  notify('Task_notify_result', 'Thông báo có kết quả', { event: 'result-ready', recipients: 'applicant' }, c, R, SUB);
  slaStep('Task_sla_return', 'delivery', o.hours.return, c + 1, R, SUB);
  userTask('Task_return', label('return', 'Trả kết quả'), 'receptionist', 'delivery', o.hours.return, 'centre', c + 2, R, SUB);
  add({ id: 'EndEvent_processing', kind: 'end', name: 'Đã trả kết quả', col: c + 3, row: R, parent: SUB });
  flow(prev, 'Task_notify_result');
  flow('Task_notify_result', 'Task_sla_return');
  flow('Task_sla_return', 'Task_return');
  flow('Task_return', 'EndEvent_processing');
  const subEnd = c + 3;
  add({ id: 'EndEvent_done', kind: 'end', name: 'Hoàn thành', col: subEnd + 1, row: R });
  flow(SUB, 'EndEvent_done');

  // Dossier-level deadline on the sub-process.
  add({ id: 'Event_dossier_due_soon', kind: 'boundaryTimer', name: 'Hồ sơ sắp đến hạn', col: s + 1, row: R, attachedTo: SUB, side: 'top', atCol: s + 1, nonInterrupting: true, timeDate: '=dossierDueSoon' });
  add({ id: 'Event_dossier_overdue', kind: 'boundaryTimer', name: 'Hồ sơ quá hạn', col: s + 3, row: R, attachedTo: SUB, side: 'top', atCol: s + 3, nonInterrupting: true, timeDate: '=dossierDue' });
  notify('Task_notify_dossier_due_soon', 'Nhắc xin lỗi, gia hạn (mẫu 04)', { event: 'dossier-due-soon', form: '04', recipients: 'specialist,leader,receptionist' }, s + 1, 0);
  notify('Task_notify_dossier_overdue', 'Cảnh báo hồ sơ quá hạn', { event: 'dossier-overdue', recipients: 'leader,supervisor' }, s + 3, 0);
  add({ id: 'EndEvent_dossier_reminded', kind: 'end', name: 'Đã nhắc', col: s + 2, row: 0 });
  add({ id: 'EndEvent_dossier_escalated', kind: 'end', name: 'Đã cảnh báo', col: s + 4, row: 0 });
  flow('Event_dossier_due_soon', 'Task_notify_dossier_due_soon');
  flow('Event_dossier_overdue', 'Task_notify_dossier_overdue');
  flow('Task_notify_dossier_due_soon', 'EndEvent_dossier_reminded');
  flow('Task_notify_dossier_overdue', 'EndEvent_dossier_escalated');

  // Supplement loop (outside the sub-process: the clock pauses, then restarts from zero).
  add({ id: 'Event_supplement', kind: 'boundaryError', name: 'Yêu cầu bổ sung', col: s + 1, row: R, attachedTo: SUB, side: 'bottom', atCol: s + 1, errorRef: 'Error_supplement' });
  add({
    id: 'Task_sla_pause', kind: 'serviceTask', name: 'Tạm dừng tính thời hạn', col: s + 1, row: L,
    ext: [`<zeebe:taskDefinition type="sla-pause" />`, headers({ reason: 'supplement' }),
      outputs({ supplementDeadline: '=supplementDeadline', supplementCount: '=if supplementCount = null then 1 else supplementCount + 1' })].join('\n'),
  });
  notify('Task_notify_supplement', 'Gửi phiếu yêu cầu bổ sung (mẫu 02)', { event: 'supplement-requested', form: '02', recipients: 'applicant' }, s + 2, L);
  add({ id: 'Gateway_supplement_wait', kind: 'eventGw', name: '', col: s + 3, row: L });
  add({ id: 'Event_supplement_timeout', kind: 'timerCatch', name: 'Hết hạn bổ sung (15 ngày)', col: s + 4, row: L, timeDate: '=supplementDeadline' });
  notify('Task_notify_closed', 'Thông báo dừng giải quyết (mẫu 05)', { event: 'supplement-expired', form: '05', recipients: 'applicant' }, s + 5, L);
  add({ id: 'EndEvent_closed', kind: 'end', name: 'Đóng hồ sơ do không bổ sung', col: s + 6, row: L });
  add({ id: 'Event_supplement_received', kind: 'messageCatch', name: 'Nhận hồ sơ bổ sung', col: s + 4, row: L + 1, messageRef: 'Message_supplement_received' });
  flow('Event_supplement', 'Task_sla_pause');
  flow('Task_sla_pause', 'Task_notify_supplement');
  flow('Task_notify_supplement', 'Gateway_supplement_wait');
  flow('Gateway_supplement_wait', 'Event_supplement_timeout');
  flow('Event_supplement_timeout', 'Task_notify_closed');
  flow('Task_notify_closed', 'EndEvent_closed');
  flow('Gateway_supplement_wait', 'Event_supplement_received', { via: [[s + 3, L + 1]] });
  flow('Event_supplement_received', 'Gateway_clock_join', { via: [[s + 4, L + 1.5], [4, L + 1.5]], first: 'v' });

  if (o.verification) {
    const v = s + 8;
    const vf = o.verification;
    add({ id: 'Event_verification', kind: 'boundaryError', name: 'Cần xác minh', col: v, row: R, attachedTo: SUB, side: 'bottom', atCol: v, errorRef: 'Error_verification' });
    add({
      id: 'Task_sla_verification_limit', kind: 'serviceTask', name: 'Áp dụng thời hạn có xác minh', col: v, row: L,
      ext: `<zeebe:taskDefinition type="sla-start" />\n${headers({ timeLimit: vf.timeLimit, clockFrom: 'keep' })}`,
    });
    slaStep('Task_sla_verification', 'verification', vf.hours, v + 1, L);
    add({
      id: 'Task_verification', kind: 'userTask', name: 'Xác minh', col: v + 2, row: L,
      ext: [
        '<zeebe:userTask />',
        `<zeebe:formDefinition externalReference="motcua:${o.fileId}/verification" />`,
        '<zeebe:assignmentDefinition candidateGroups="specialist" />',
        '<zeebe:taskSchedule dueDate="=stepDue.verification" />',
        headers({ step: 'verification', slaHours: vf.hours, agencyRole: 'competent' }),
        outputs({ verificationDone: '=true', verification: '=verification' }),
      ].join('\n'),
    });
    escalate('Task_verification', 'verification', v + 2, L, 'bottom');
    flow('Event_verification', 'Task_sla_verification_limit');
    flow('Task_sla_verification_limit', 'Task_sla_verification');
    flow('Task_sla_verification', 'Task_verification');
    flow('Task_verification', 'Gateway_processing_join', { via: [[v + 2, L - 0.5], [6, L - 0.5]], first: 'v' });
  }
  return { fileId: o.fileId, processId: `motcua-${o.fileId}`, name: o.name, documentation: o.documentation, nodes, flows, roots };
}
