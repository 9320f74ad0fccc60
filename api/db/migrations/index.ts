import type { Migration } from 'kysely/migration';
import * as platform from './2026112601_platform.ts';
import * as calendar from './2026112602_calendar.ts';
import * as dossiers from './2026112603_dossiers.ts';
import * as tasks from './2026112604_tasks.ts';
import * as workers from './2026112605_workers.ts';
import * as processVersions from './2026112606_process_versions.ts';
import * as processStartMarker from './2026112607_process_start_marker.ts';
import * as taskChanges from './2026120101_task_changes.ts';
import * as savedFilters from './2026120102_saved_filters.ts';
import * as sessions from './2026120301_sessions.ts';
import * as agencyRoutes from './2026120405_agency_routes.ts';
import * as ratingsAndOriginalDue from './2026120500_ratings_and_original_due.ts';
import * as feesAndRegisters from './2026120504_fees_and_registers.ts';
import * as applicantDeliveries from './2026120501_applicant_deliveries.ts';
import * as versionComments from './2026120507_version_comments.ts';
import * as taskScale from './2026120601_task_scale.ts';
import * as dossierLists from './2026120602_dossier_lists.ts';
import * as stepOutcomes from './2026120604_step_outcomes.ts';
import * as retention from './2026120605_retention.ts';
import * as reportCounters from './2026120701_report_counters.ts';
import * as reportCounterDeltas from './2026120901_report_counter_deltas.ts';
import * as visibilityRefreshDiff from './2026120902_visibility_refresh_diff.ts';
import * as nameGrams from './2026121001_name_grams.ts';
import * as remindChecks from './2026121002_remind_checks.ts';
import * as remindBasis from './2026121101_remind_basis.ts';
import * as slaInTime from './2026121102_sla_in_time.ts';
import * as slaClassified from './2026121201_sla_classified.ts';
import * as remindNext from './2026121202_remind_next.ts';
import * as remindersWalked from './2026121301_reminders_walked.ts';
import * as tasksAssigneeOrder from './2026121302_tasks_assignee_order.ts';
import * as outboxKeyHead from './2026121401_outbox_key_head.ts';
import * as ginPendingLists from './2026121402_gin_pending_lists.ts';
import * as reportOpenDays from './2026121501_report_open_days.ts';
import * as openStepPastSlots from './2026121502_open_step_past_slots.ts';
import * as reportCounterMonths from './2026121601_report_counter_months.ts';
import * as openStepExcess from './2026121602_open_step_excess.ts';
import * as openStepExcessMarks from './2026121701_open_step_excess_marks.ts';
import * as tasksCompletedIdx from './2026121702_tasks_completed_idx.ts';
import * as staffCounters from './2026121703_staff_counters.ts';
import * as openStepClasses from './2026121801_open_step_classes.ts';
import * as visibilityPerStatement from './2026121901_visibility_per_statement.ts';
import * as dossiersProcessInstanceIdx from './2026122001_dossiers_process_instance_idx.ts';
import * as vacuumHotRows from './2026121003_vacuum_hot_rows.ts';
import * as outboxOrder from './2026120702_outbox_order.ts';
import * as taskReminders from './2026120703_task_reminders.ts';
import * as taskDossierFacts from './2026120704_task_dossier_facts.ts';
import * as openStepCounts from './2026120801_open_step_counts.ts';
import * as visibilityNames from './2026120803_visibility_names.ts';
import * as dossierReminders from './2026120804_dossier_reminders.ts';

/** Every application migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026112601_platform': platform,
  '2026112602_calendar': calendar,
  '2026112603_dossiers': dossiers,
  '2026112604_tasks': tasks,
  '2026112605_workers': workers,
  '2026112606_process_versions': processVersions,
  '2026112607_process_start_marker': processStartMarker,
  '2026120101_task_changes': taskChanges,
  '2026120102_saved_filters': savedFilters,
  '2026120301_sessions': sessions,
  '2026120405_agency_routes': agencyRoutes,
  '2026120500_ratings_and_original_due': ratingsAndOriginalDue,
  '2026120504_fees_and_registers': feesAndRegisters,
  '2026120501_applicant_deliveries': applicantDeliveries,
  '2026120507_version_comments': versionComments,
  '2026120601_task_scale': taskScale,
  '2026120602_dossier_lists': dossierLists,
  '2026120604_step_outcomes': stepOutcomes,
  '2026120605_retention': retention,
  '2026120701_report_counters': reportCounters,
  '2026120702_outbox_order': outboxOrder,
  '2026120703_task_reminders': taskReminders,
  '2026120704_task_dossier_facts': taskDossierFacts,
  '2026120801_open_step_counts': openStepCounts,
  '2026120803_visibility_names': visibilityNames,
  '2026120804_dossier_reminders': dossierReminders,
  '2026120901_report_counter_deltas': reportCounterDeltas,
  '2026120902_visibility_refresh_diff': visibilityRefreshDiff,
  '2026121001_name_grams': nameGrams,
  '2026121002_remind_checks': remindChecks,
  '2026121003_vacuum_hot_rows': vacuumHotRows,
  '2026121101_remind_basis': remindBasis,
  '2026121102_sla_in_time': slaInTime,
  '2026121201_sla_classified': slaClassified,
  '2026121202_remind_next': remindNext,
  '2026121301_reminders_walked': remindersWalked,
  '2026121302_tasks_assignee_order': tasksAssigneeOrder,
  '2026121401_outbox_key_head': outboxKeyHead,
  '2026121402_gin_pending_lists': ginPendingLists,
  '2026121501_report_open_days': reportOpenDays,
  '2026121502_open_step_past_slots': openStepPastSlots,
  '2026121601_report_counter_months': reportCounterMonths,
  '2026121602_open_step_excess': openStepExcess,
  '2026121701_open_step_excess_marks': openStepExcessMarks,
  '2026121702_tasks_completed_idx': tasksCompletedIdx,
  '2026121703_staff_counters': staffCounters,
  '2026121801_open_step_classes': openStepClasses,
  '2026121901_visibility_per_statement': visibilityPerStatement,
  '2026122001_dossiers_process_instance_idx': dossiersProcessInstanceIdx,
};
