/**
 * Conventions of processes/README.md checked on every shipped process: business only (few flow nodes,
 * no reminder timers), diagram interchange for every element without overlapping shapes or labels,
 * left to right, user-task assignment/headers/forms and the due-date listener, job types and headers,
 * the supplement loop and its message.
 */
import t from 'tap';
import { diagram, ext, flowElements, headersOf, inside, overlaps, processFiles, processOf, readModdle } from './helpers.ts';

const JOB_TYPES = new Set(['notify', 'handoff']);
const GROUPS = new Set(['receptionist', 'specialist', 'leader']);
const STEPS = new Set(['reception', 'triage', 'appraisal', 'verification', 'approval', 'delivery']);

/** Placed labels (BPMNLabel bounds) of shapes and edges, by element id. */
function labelBoxes(defs: any): Map<string, { x: number; y: number; w: number; h: number }> {
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const d of defs.diagrams ?? []) for (const e of d.plane.planeElement ?? []) {
    const b = e.label?.bounds;
    if (b) out.set(e.bpmnElement.id, { x: b.x, y: b.y, w: b.width, h: b.height });
  }
  return out;
}

for (const f of processFiles()) {
  t.test(f.file, async (t) => {
    const defs = await readModdle(f.xml);
    const proc = processOf(defs);
    const els = flowElements(defs);
    const nodes = els.filter((e) => e.$type !== 'bpmn:SequenceFlow');
    const { shapes, edges } = diagram(defs);

    t.test('process id and name', async (t) => {
      t.equal(proc.id, `motcua-${f.id}`);
      t.match(proc.name, /\S/);
      t.equal(proc.isExecutable, true);
    });

    t.test('every element has a shape or an edge with waypoints', async (t) => {
      for (const n of nodes) t.ok(shapes.has(n.id), `shape of ${n.id}`);
      for (const fl of els.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
        const wps = edges.get(fl.id);
        t.ok(wps && wps.length >= 2, `edge of ${fl.id}`);
        if (!wps) continue;
        for (let i = 1; i < wps.length; i++) {
          t.ok(wps[i]!.x === wps[i - 1]!.x || wps[i]!.y === wps[i - 1]!.y, `${fl.id} segment ${i} is orthogonal`);
        }
      }
    });

    t.test('no two shapes overlap; children inside their sub-process; boundaries on their host', async (t) => {
      const parentOf = new Map<string, string>();
      for (const n of nodes) if (n.$parent?.$type === 'bpmn:SubProcess') parentOf.set(n.id, n.$parent.id);
      const hostOf = new Map<string, string>(nodes.filter((n) => n.attachedToRef).map((n) => [n.id, n.attachedToRef.id]));
      const list = nodes.map((n) => shapes.get(n.id)!).filter(Boolean);
      let pairs = 0;
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          const a = list[i]!; const b = list[j]!;
          const related = parentOf.get(a.id) === b.id || parentOf.get(b.id) === a.id || hostOf.get(a.id) === b.id || hostOf.get(b.id) === a.id
            || (hostOf.has(a.id) && hostOf.get(a.id) === parentOf.get(b.id)) || (hostOf.has(b.id) && hostOf.get(b.id) === parentOf.get(a.id));
          if (related) continue;
          pairs++;
          if (overlaps(a, b)) t.fail(`${a.id} overlaps ${b.id}`);
        }
      }
      t.ok(pairs > 100, `${pairs} pairs checked`);
      const labels = [...labelBoxes(defs)];
      for (const [id, box] of labels) for (const n of nodes) {
        if (n.id !== id && overlaps({ id, ...box }, shapes.get(n.id)!)) t.fail(`the label of ${id} overlaps ${n.id}`);
      }
      for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        if (overlaps({ id: labels[i]![0], ...labels[i]![1] }, { id: labels[j]![0], ...labels[j]![1] })) t.fail(`the labels of ${labels[i]![0]} and ${labels[j]![0]} overlap`);
      }
      const named = [...nodes.filter((n) => n.name && !/Task$/.test(n.$type) && n.$type !== 'bpmn:SubProcess'), ...els.filter((e) => e.$type === 'bpmn:SequenceFlow' && e.name)];
      for (const n of named) t.ok(labels.some(([id]) => id === n.id), `${n.id}: its label is placed`);
      for (const [child, parent] of parentOf) t.ok(inside(shapes.get(child)!, shapes.get(parent)!), `${child} inside ${parent}`);
      for (const [b, host] of hostOf) {
        const s = shapes.get(b)!; const h = shapes.get(host)!;
        const cy = s.y + s.h / 2; const cx = s.x + s.w / 2;
        t.ok((cy === h.y || cy === h.y + h.h) && cx > h.x && cx < h.x + h.w, `${b} sits on the border of ${host}`);
      }
      const xs = list.map((s) => s.x);
      t.ok(Math.min(...xs) >= 0 && Math.min(...list.map((s) => s.y)) >= 0, 'diagram in positive coordinates');
    });

    t.test('edges start on their source, end on their target and pass through no other shape', async (t) => {
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const onOrIn = (p: { x: number; y: number }, id: string) => {
        const s = shapes.get(id)!;
        return p.x >= s.x && p.x <= s.x + s.w && p.y >= s.y && p.y <= s.y + s.h;
      };
      for (const fl of els.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
        const wps = edges.get(fl.id)!;
        t.ok(onOrIn(wps[0]!, fl.sourceRef.id), `${fl.id} starts at ${fl.sourceRef.id}`);
        t.ok(onOrIn(wps[wps.length - 1]!, fl.targetRef.id), `${fl.id} ends at ${fl.targetRef.id}`);
        for (const [id, s] of shapes) {
          if (id === fl.sourceRef.id || id === fl.targetRef.id || byId.get(id)?.$type === 'bpmn:SubProcess' || fl.sourceRef.attachedToRef?.id === id) continue;
          const crosses = wps.slice(1).some((b, i) => {
            const a = wps[i]!;
            return Math.min(a.x, b.x) < s.x + s.w && Math.max(a.x, b.x) > s.x && Math.min(a.y, b.y) < s.y + s.h && Math.max(a.y, b.y) > s.y;
          });
          if (crosses) t.fail(`${fl.id} passes through ${id}`);
        }
      }
    });

    t.test('business only: few flow nodes, no reminder timers, laid out left to right', async (t) => {
      t.ok(nodes.length <= 30, `${nodes.length} flow nodes (at most 30)`);
      if (f.id === 'marriage-registration') t.ok(nodes.length <= 25, `marriage registration: ${nodes.length} flow nodes (at most 25)`);
      t.same(nodes.filter((n) => n.$type === 'bpmn:BoundaryEvent').map((n) => n.id), [], 'no boundary events');
      t.same(nodes.filter((n) => n.$type === 'bpmn:EndEvent').map((n) => n.id).sort(), ['EndEvent_closed', 'EndEvent_done', 'EndEvent_refused'], 'three outcomes: done, refused, closed');
      const x = (id: string) => shapes.get(id)!.x;
      t.ok(nodes.every((n) => x(n.id) >= x('StartEvent_submitted')), 'the start on the left');
      t.ok(nodes.every((n) => x(n.id) <= x('EndEvent_done') || n.id === 'EndEvent_closed'), 'the result on the right');
      const main = ['StartEvent_submitted', 'Task_reception', 'Task_appraisal', 'Task_approval', 'Task_return', 'EndEvent_done'];
      t.same([...main].sort((a, b) => x(a) - x(b)), main, 'the steps in order, left to right');
    });

    t.test('user tasks: Camunda user task, candidate group, headers, form, due-date listener', async (t) => {
      const tasks = nodes.filter((n) => n.$type === 'bpmn:UserTask');
      t.ok(tasks.length >= 4, 'reception, appraisal, approval, return at least');
      const steps = new Set<string>();
      for (const task of tasks) {
        t.ok(ext(task, 'zeebe:UserTask'), `${task.id} is a zeebe:userTask`);
        t.ok(GROUPS.has(ext(task, 'zeebe:AssignmentDefinition')?.candidateGroups), `${task.id} candidateGroups is a role`);
        const h = headersOf(task);
        t.ok(STEPS.has(h.step!), `${task.id} step header '${h.step}'`);
        t.ok(Number(h.slaHours) > 0, `${task.id} slaHours header`);
        t.ok(['centre', 'competent'].includes(h.agencyRole!), `${task.id} agencyRole header`);
        t.equal(ext(task, 'zeebe:FormDefinition')?.externalReference, `motcua:${f.id}/${h.step}`, `${task.id} form reference`);
        t.notOk(ext(task, 'zeebe:TaskSchedule'), `${task.id}: no drawn due date`);
        t.match(ext(task, 'zeebe:TaskListeners')?.listeners, [{ eventType: 'creating', type: 'motcua-step-due' }], `${task.id}: the creating listener sets the due date`);
        t.ok(task.name?.trim(), `${task.id} has a Vietnamese name`);
        steps.add(h.step!);
      }
      for (const s of ['reception', 'appraisal', 'approval', 'delivery']) t.ok(steps.has(s), `has a ${s} step`);
    });

    t.test('each receive task waits for the answer to the handoff job before it', async (t) => {
      const byId = new Map(nodes.map((n) => [n.id, n]));
      for (const task of nodes.filter((n) => n.$type === 'bpmn:ReceiveTask')) {
        t.equal(task.incoming.length, 1, `${task.id} has one incoming flow`);
        const prev = byId.get(task.incoming[0].sourceRef.id);
        const handoff = headersOf(prev);
        t.equal(ext(prev, 'zeebe:TaskDefinition')?.type, 'handoff', `${task.id} preceded by a handoff job`);
        const corr = ext(task, 'zeebe:IoMapping').inputParameters.find((p: { target: string }) => p.target === 'handoffId');
        t.equal(corr?.source, `=handoffIds.${handoff.targetAgencyRole}`, `${task.id} correlates on its handoff id`);
        t.equal(task.messageRef.name, 'handoff-result');
      }
    });

    t.test('job types are the documented ones, with their headers', async (t) => {
      for (const n of nodes.filter((x) => x.$type === 'bpmn:ServiceTask')) {
        const type = ext(n, 'zeebe:TaskDefinition')?.type;
        t.ok(JOB_TYPES.has(type), `${n.id}: job type ${type}`);
        const h = headersOf(n);
        if (type === 'notify') t.ok(h.event, `${n.id}: event`);
        if (type === 'handoff') t.ok(h.targetAgencyRole && Number(h.slaHours) > 0, `${n.id}: targetAgencyRole, slaHours`);
      }
    });

    t.test('supplement: once, by message supplement-received on the dossier code, closed by a timer', async (t) => {
      const messages = defs.rootElements.filter((r: { $type: string }) => r.$type === 'bpmn:Message');
      const supp = messages.find((m: { name: string }) => m.name === 'supplement-received');
      t.equal(ext(supp, 'zeebe:Subscription')?.correlationKey, '=dossierCode');
      const flow = els.find((e) => e.id === 'Flow_supplement_requested');
      t.match(flow.conditionExpression.body, /"supplement" and \(supplementCount = null or supplementCount < 1\)/);
      const gw = nodes.find((n) => n.$type === 'bpmn:EventBasedGateway');
      t.same(gw.outgoing.map((o: { targetRef: { eventDefinitions: Array<{ $type: string }> } }) => o.targetRef.eventDefinitions[0]!.$type).sort(),
        ['bpmn:MessageEventDefinition', 'bpmn:TimerEventDefinition']);
      const request = nodes.find((n) => n.id === 'Task_notify_supplement');
      t.match(headersOf(request), { event: 'supplement-requested', form: '02' });
      const outs = ext(request, 'zeebe:IoMapping').outputParameters.map((p: { target: string }) => p.target);
      t.ok(outs.includes('supplementCount'), 'the request (form 02) counts');
      const timer = nodes.find((n) => n.id === 'Event_supplement_timeout');
      t.equal(timer.eventDefinitions[0].timeDate.body, '=supplementDeadline', 'the deadline set with the request by the task API');
      for (const m of messages) t.match(m.name, /^(supplement-received|handoff-result)$/, `message ${m.name}`);
    });

    t.test('exclusive gateways that fork have a default flow and FEEL conditions elsewhere', async (t) => {
      for (const g of nodes.filter((n) => n.$type === 'bpmn:ExclusiveGateway' && n.outgoing.length > 1)) {
        t.ok(g.default, `${g.id} has a default flow`);
        for (const o of g.outgoing.filter((x: { id: string }) => x.id !== g.default?.id)) t.match(o.conditionExpression?.body, /^=/, `${o.id} FEEL condition`);
      }
    });
  });
}
