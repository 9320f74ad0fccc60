/**
 * The business shape shared by every procedure process (see processes/README.md): reception →
 * appraisal (or triage first) → approval → result return, with the decisions, the supplement loop,
 * verification, consultation and parallel handoffs drawn; nothing technical. A step's time
 * allocation, group, form and reminders are properties of its user task (headers, and the
 * `creating` task listener `motcua-step-due` that sets its due date); the dossier's due date and the
 * reminders and escalations are kept by the application from the database, not drawn.
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
  /** The legal time limit (documentation only: the dossier's due date comes from the catalogue). */
  timeLimit: string;
  hours: Hours;
  labels?: Partial<Record<'reception' | 'appraisal' | 'approval' | 'return', string>>;
  /** Appraisal may send the dossier to verification once (longer time limit, from the catalogue). */
  verification?: { timeLimit: string; hours: number };
  /** Appraisal may consult another agency (a handoff and back to appraisal). */
  consultation?: { targetAgencyRole: string; hours: number; purpose: string };
  /** After approval: parallel handoffs, joined by the lead agency. */
  parallelHandoffs?: Array<{ targetAgencyRole: string; hours: number; name: string; purpose: string }>;
  /** Petitions: a triage step first (reject / ask for more / accept). */
  triage?: { hours: number };
}

/** The job type of the steps' `creating` task listener (the SLA worker sets the due date). */
export const STEP_DUE_LISTENER = 'motcua-step-due';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function headers(h: Record<string, string | number>): string {
  return `<zeebe:taskHeaders>\n${Object.entries(h).map(([k, v]) => `  <zeebe:header key="${k}" value="${esc(String(v))}" />`).join('\n')}\n</zeebe:taskHeaders>`;
}

/** `context put` that also works when the context variable does not exist yet. */
export function putInto(context: string, key: string, value: string): string {
  return `=context put(if ${context} = null then {} else ${context}, "${key}", ${value})`;
}

function io(outputs: Record<string, string>, inputs: Record<string, string> = {}): string {
  const ins = Object.entries(inputs).map(([t, s]) => `  <zeebe:input source="${esc(s)}" target="${t}" />`);
  const outs = Object.entries(outputs).map(([t, s]) => `  <zeebe:output source="${esc(s)}" target="${t}" />`);
  return `<zeebe:ioMapping>\n${[...ins, ...outs].join('\n')}\n</zeebe:ioMapping>`;
}

const HANDOFF_MESSAGE: RootElement = { kind: 'message', id: 'Message_handoff_result', name: 'handoff-result', correlationKey: '=handoffId' };

/** Rows of the grid: refusal above, verification / consultation / a second handoff, the main row, the supplement loop below. */
const ROW = { refusal: 0, upper: 1, main: 2, supplement: 3.4, received: 4.4, back: 4.9 } as const;

/** Builds the spec of one procedure process. */
export function procedureProcess(o: TemplateOptions): ProcessSpec {
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const roots: RootElement[] = [{ kind: 'message', id: 'Message_supplement_received', name: 'supplement-received', correlationKey: '=dossierCode' }];
  const R = ROW.main;
  const add = (n: Node) => { nodes.push(n); return n.id; };
  const flow = (from: string, to: string, extra: Partial<Flow> = {}) => {
    const id = extra.id ?? `Flow_${from.replace(/^[A-Za-z]+_/, '')}_${to.replace(/^[A-Za-z]+_/, '')}`;
    flows.push({ id, from, to, ...extra });
    return id;
  };
  const notify = (id: string, name: string, h: Record<string, string>, col: number, row: number, more = '') => add({
    id, kind: 'serviceTask', name, col, row, ext: `<zeebe:taskDefinition type="notify" />\n${headers(h)}${more ? `\n${more}` : ''}`,
  });
  /** A step: its group, form and allocation are properties; the due date is set by its creating listener. */
  const userTask = (id: string, name: string, group: string, step: string, hours: number, agencyRole: string, col: number, row: number, extra: Record<string, string | number> = {}, more = '') => add({
    id, kind: 'userTask', name, col, row,
    ext: [
      '<zeebe:userTask />',
      `<zeebe:formDefinition externalReference="motcua:${o.fileId}/${step}" />`,
      `<zeebe:assignmentDefinition candidateGroups="${group}" />`,
      headers({ step, slaHours: hours, agencyRole, ...extra }),
      `<zeebe:taskListeners>\n  <zeebe:taskListener eventType="creating" type="${STEP_DUE_LISTENER}" retries="3" />\n</zeebe:taskListeners>`,
      ...(more ? [more] : []),
    ].join('\n'),
  });
  const handoff = (key: string, role: string, name: string, waitName: string, h: { hours: number; purpose: string; lead?: string }, col: number, row: number) => {
    add({
      id: `Task_handoff_${key}`, kind: 'serviceTask', name, col, row,
      ext: [`<zeebe:taskDefinition type="handoff" />`, headers({ step: 'handoff', targetAgencyRole: role, slaHours: h.hours, purpose: h.purpose, ...(h.lead ? { leadAgencyRole: h.lead } : {}) }),
        io({ handoffIds: putInto('handoffIds', role, 'handoffId') })].join('\n'),
    });
    add({
      id: `Task_wait_${key}`, kind: 'receiveTask', name: waitName, col: col + 1, row, messageRef: HANDOFF_MESSAGE.id,
      ext: io({ handoffResults: putInto('handoffResults', role, 'handoffResult') }, { handoffId: `=handoffIds.${role}` }),
    });
    flow(`Task_handoff_${key}`, `Task_wait_${key}`);
    if (!roots.includes(HANDOFF_MESSAGE)) roots.push(HANDOFF_MESSAGE);
  };
  const label = (k: keyof Hours, d: string) => o.labels?.[k] ?? d;

  // Reception and its refusal (form 03).
  add({ id: 'StartEvent_submitted', kind: 'start', name: 'Hồ sơ được nộp', col: 0, row: R });
  userTask('Task_reception', label('reception', 'Tiếp nhận, kiểm tra hồ sơ'), 'receptionist', 'reception', o.hours.reception, 'centre', 1, R);
  add({ id: 'Gateway_reception', kind: 'xor', name: 'Tiếp nhận hồ sơ?', col: 2, row: R, defaultFlow: 'Flow_reception_accepted' });
  notify('Task_notify_refused', 'Gửi phiếu từ chối tiếp nhận (mẫu 03)', { event: 'reception-refused', form: '03', recipients: 'applicant' }, 3, ROW.refusal);
  add({ id: 'EndEvent_refused', kind: 'end', name: 'Không được tiếp nhận', col: 4, row: ROW.refusal });
  add({ id: 'Gateway_processing_join', kind: 'xor', name: '', col: 3, row: R });
  flow('StartEvent_submitted', 'Task_reception');
  flow('Task_reception', 'Gateway_reception');
  flow('Gateway_reception', 'Task_notify_refused', { id: 'Flow_reception_refused', name: 'Từ chối', condition: '=reception.outcome = "refuse"' });
  flow('Task_notify_refused', 'EndEvent_refused');
  flow('Gateway_reception', 'Gateway_processing_join', { id: 'Flow_reception_accepted', name: 'Tiếp nhận' });

  let c = 4;
  let prev = 'Gateway_processing_join';
  let decision = '';
  if (o.triage) {
    userTask('Task_triage', 'Phân loại phản ánh, kiến nghị', 'specialist', 'triage', o.triage.hours, 'competent', c, R, { supplementWindowHours: 40 });
    add({ id: 'Gateway_triage', kind: 'xor', name: 'Kết quả phân loại?', col: c + 1, row: R, defaultFlow: 'Flow_triage_accepted' });
    flow(prev, 'Task_triage');
    flow('Task_triage', 'Gateway_triage');
    decision = 'Gateway_triage';
    prev = 'Gateway_triage';
    c += 2;
  }
  userTask('Task_appraisal', label('appraisal', 'Thẩm định hồ sơ'), 'specialist', 'appraisal', o.hours.appraisal, 'competent', c, R, o.triage ? {} : { supplementWindowHours: 24 });
  flow(prev, 'Task_appraisal', o.triage ? { id: 'Flow_triage_accepted', name: 'Thụ lý' } : {});
  prev = 'Task_appraisal';
  c += 1;
  if (!o.triage) {
    add({ id: 'Gateway_appraisal', kind: 'xor', name: 'Kết quả thẩm định?', col: c, row: R, defaultFlow: 'Flow_appraisal_done' });
    flow('Task_appraisal', 'Gateway_appraisal');
    decision = 'Gateway_appraisal';
    prev = 'Gateway_appraisal';
    c += 1;
  }
  const dCol = nodes.find((n) => n.id === decision)!.col;
  const outcomeVar = o.triage ? 'triage' : 'appraisal';

  if (o.verification) {
    // Verification once, then appraisal again (the longer limit is the catalogue's, applied by the application).
    userTask('Task_verification', 'Xác minh', 'specialist', 'verification', o.verification.hours, 'competent', dCol, ROW.upper, {},
      io({ verificationDone: '=true', verification: '=verification' }));
    flow('Gateway_appraisal', 'Task_verification', { id: 'Flow_verification_requested', name: 'Cần xác minh', condition: '=appraisal.outcome = "verify" and verificationDone != true' });
    flow('Task_verification', 'Gateway_processing_join', { via: [[3, ROW.upper]] });
  }
  if (o.consultation) {
    const k = o.consultation;
    handoff('consultation', k.targetAgencyRole, 'Gửi lấy ý kiến cơ quan chuyên môn', 'Nhận ý kiến cơ quan chuyên môn', k, dCol + 1, ROW.upper);
    flow('Gateway_appraisal', 'Task_handoff_consultation', { id: 'Flow_consultation_requested', name: 'Lấy ý kiến', condition: '=appraisal.outcome = "consult"', via: [[dCol, ROW.upper]] });
    flow('Task_wait_consultation', 'Gateway_processing_join', { via: [[dCol + 2, ROW.upper - 0.55], [3, ROW.upper - 0.55]], first: 'v' });
  }

  userTask('Task_approval', label('approval', 'Phê duyệt, ký kết quả'), 'leader', 'approval', o.hours.approval, 'competent', c, R);
  flow(prev, 'Task_approval', o.triage ? {} : { id: 'Flow_appraisal_done', name: 'Trình duyệt' });
  prev = 'Task_approval';
  c += 1;

  if (o.parallelHandoffs) {
    add({ id: 'Gateway_handoff_fork', kind: 'and', name: '', col: c, row: R });
    add({ id: 'Gateway_handoff_join', kind: 'and', name: '', col: c + 3, row: R });
    flow(prev, 'Gateway_handoff_fork');
    o.parallelHandoffs.forEach((h, i) => {
      const row = i === 0 ? R : ROW.upper;
      const key = h.targetAgencyRole.replace(/[^a-z_]/g, '_');
      handoff(key, h.targetAgencyRole, `Chuyển ${h.name}`, `Nhận kết quả từ ${h.name}`, { ...h, lead: 'commune_unit' }, c + 1, row);
      flow('Gateway_handoff_fork', `Task_handoff_${key}`, i === 0 ? {} : { via: [[c, row]] });
      flow(`Task_wait_${key}`, 'Gateway_handoff_join', i === 0 ? {} : { via: [[c + 3, row]] });
    });
    prev = 'Gateway_handoff_join';
    c += 4;
  }
  if (o.triage) {
    add({ id: 'Gateway_reply_join', kind: 'xor', name: '', col: c, row: R });
    flow(prev, 'Gateway_reply_join');
    flow('Gateway_triage', 'Gateway_reply_join', { id: 'Flow_triage_rejected', name: 'Từ chối thụ lý', condition: '=triage.outcome = "reject"', via: [[dCol, ROW.upper], [c, ROW.upper]] });
    prev = 'Gateway_reply_join';
    c += 1;
  }
  notify('Task_notify_result', 'Thông báo có kết quả', { event: 'result-ready', recipients: 'applicant' }, c, R);
  userTask('Task_return', label('return', 'Trả kết quả'), 'receptionist', 'delivery', o.hours.return, 'centre', c + 1, R);
  add({ id: 'EndEvent_done', kind: 'end', name: 'Hoàn thành', col: c + 2, row: R });
  flow(prev, 'Task_notify_result');
  flow('Task_notify_result', 'Task_return');
  flow('Task_return', 'EndEvent_done');

  // The supplement loop, at most once: form 02, then the complete supplement (back before the first
  // processing step: the application restarts the time limit) or the deadline (form 05, closed).
  const S = ROW.supplement;
  notify('Task_notify_supplement', 'Gửi phiếu yêu cầu bổ sung (mẫu 02)', { event: 'supplement-requested', form: '02', recipients: 'applicant' }, dCol, S,
    io({ supplementCount: '=if supplementCount = null then 1 else supplementCount + 1' }));
  add({ id: 'Gateway_supplement_wait', kind: 'eventGw', name: '', col: dCol + 1, row: S });
  add({ id: 'Event_supplement_timeout', kind: 'timerCatch', name: 'Hết hạn bổ sung', col: dCol + 2, row: S, timeDate: '=supplementDeadline' });
  notify('Task_notify_closed', 'Thông báo dừng giải quyết (mẫu 05)', { event: 'supplement-expired', form: '05', recipients: 'applicant' }, dCol + 3, S);
  add({ id: 'EndEvent_closed', kind: 'end', name: 'Đóng hồ sơ do không bổ sung', col: dCol + 4, row: S });
  add({ id: 'Event_supplement_received', kind: 'messageCatch', name: 'Nhận hồ sơ bổ sung', col: dCol + 2, row: ROW.received, messageRef: 'Message_supplement_received' });
  flow(decision, 'Task_notify_supplement', {
    id: 'Flow_supplement_requested', name: 'Bổ sung (một lần)',
    condition: `=${outcomeVar}.outcome = "supplement" and (supplementCount = null or supplementCount < 1)`,
  });
  flow('Task_notify_supplement', 'Gateway_supplement_wait');
  flow('Gateway_supplement_wait', 'Event_supplement_timeout');
  flow('Event_supplement_timeout', 'Task_notify_closed');
  flow('Task_notify_closed', 'EndEvent_closed');
  flow('Gateway_supplement_wait', 'Event_supplement_received', { via: [[dCol + 1, ROW.received]] });
  flow('Event_supplement_received', 'Gateway_processing_join', { via: [[dCol + 2.5, ROW.received], [dCol + 2.5, ROW.back], [3, ROW.back]], first: 'h' });
  return { fileId: o.fileId, processId: `motcua-${o.fileId}`, name: o.name, documentation: o.documentation, nodes, flows, roots };
}
