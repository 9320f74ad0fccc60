/**
 * The summary's groups in a fixed order whatever the order of the database's rows: most overdue first,
 * then by name, then by id — two hand-off steps of one process share their name and, a dossier passing
 * both at once, their counts (seen at 1M dossiers: the two rows swapped between two reads).
 */
import t from 'tap';
import { foldSummary, type SummaryRow } from '../../api/services/supervision-rows.ts';

const step = (id: string, n: number, bucket: SummaryRow['bucket'] = 'overdue'): SummaryRow => ({
  agency_id: null, procedure_id: null, step: id, bucket, n, g: 6, agency_name: null, procedure_name: null, step_name: 'Xử lý hồ sơ liên thông',
});

t.test('ties are ordered by id, whatever order the rows came in', async (t) => {
  const rows = [step('handoff_social_insurance', 3), step('handoff_police', 3), step('appraisal', 5), step('handoff_police', 1, 'in_time')];
  const now = new Date('2026-12-01T03:00:00Z');
  const a = foldSummary('tinh-demo', now, rows).byStep.map((s) => s.id);
  const b = foldSummary('tinh-demo', now, [...rows].reverse()).byStep.map((s) => s.id);
  t.same(a, ['appraisal', 'handoff_police', 'handoff_social_insurance']);
  t.same(b, a);
});
