/**
 * The online review clock (Decree 118 Art. 17.2): reception accepts an online dossier, or sends it
 * back for a supplement, within `onlineReviewWorkingHours` (8) working hours of its submission —
 * the `reviewDueAt` / `reviewSla` the desk's online queue shows. Each sweep looks at the dossiers
 * waiting for review and alerts the receiving agency's receptionists once when the review is due
 * soon (`onlineReviewDueSoon`, 2 working hours) and once when it is overdue (dedupe key per
 * dossier, recipient and deadline), delivered in working time like every alert (`/canh-bao`).
 */
import { nextWorkingInstant } from '../domain/calendar/index.ts';
import { classifyOpen, onlineReviewDueAt } from '../domain/sla/index.ts';
import { vnShortDateTime } from '../forms/vn-format.ts';
import { stateFromJson } from '../services/dossier-codec.ts';
import { recordNotification, type NotificationBus } from '../services/notifications.ts';
import type { WorkerDeps } from './context.ts';
import { resolveRecipients } from './recipients.ts';

/** The alert kinds. */
export const REVIEW_DUE_SOON = 'online-review-due-soon';
export const REVIEW_OVERDUE = 'online-review-overdue';

type Texts = { title: { vi: string; en: string }; body: { vi: string; en: string } };

/** The texts of a review alert. */
export function reviewAlertTexts(kind: string, code: string, procedureName: string, due: Date): Texts {
  const at = vnShortDateTime(due);
  if (kind === REVIEW_OVERDUE) {
    return {
      title: { vi: `Quá hạn xem xét hồ sơ trực tuyến ${code}`, en: `Online dossier ${code}: review overdue` },
      body: {
        vi: `Hồ sơ trực tuyến ${code} (${procedureName}) chưa được xem xét, tiếp nhận trong 08 giờ làm việc (Điều 17.2 Nghị định 118/2025). Hạn: ${at}.`,
        en: `Online dossier ${code} was not reviewed within 8 working hours of its submission (Decree 118/2025 Art. 17.2). Due: ${at}.`,
      },
    };
  }
  return {
    title: { vi: `Sắp hết hạn xem xét hồ sơ trực tuyến ${code}`, en: `Online dossier ${code}: review due soon` },
    body: {
      vi: `Hồ sơ trực tuyến ${code} (${procedureName}) cần được tiếp nhận hoặc yêu cầu bổ sung trước ${at} (08 giờ làm việc, Điều 17.2 Nghị định 118/2025).`,
      en: `Online dossier ${code} must be accepted or sent back for a supplement by ${at} (8 working hours, Decree 118/2025 Art. 17.2).`,
    },
  };
}

export interface ReviewAlertDeps extends WorkerDeps {
  bus: NotificationBus;
  email: boolean;
}

/** Alerts reception of the online dossiers whose review is due soon or overdue at `now`; returns the alerts stored. */
export async function alertOnlineReviews(deps: ReviewAlertDeps, now: Date): Promise<number> {
  const { db, calendars, policy } = deps;
  const waiting = await db.selectFrom('dossiers').selectAll().where('status', '=', 'registered').orderBy('submitted_at').execute();
  let stored = 0;
  for (const dossier of waiting) {
    const state = stateFromJson(dossier.state);
    if (!state.submittedAt) continue;
    const calendar = await calendars.forAgency(dossier.receiving_agency_id);
    const due = onlineReviewDueAt(calendar, state.submittedAt, policy);
    const sla = classifyOpen(calendar, state.submittedAt, due, now, policy.onlineReviewDueSoon);
    if (sla === 'in_time') continue;
    const kind = sla === 'overdue' ? REVIEW_OVERDUE : REVIEW_DUE_SOON;
    const recipients = await resolveRecipients(db, dossier, 'receptionist', undefined);
    const keyOf = (userId: string | null) => `${kind}:${dossier.code}:-:${userId}@${due.toISOString()}`;
    // Most sweeps find the alerts already stored: look before writing.
    const existing = recipients.length === 0 ? [] : await db.selectFrom('notifications').select('dedupe_key').where('dedupe_key', 'in', recipients.map((r) => keyOf(r.userId))).execute();
    const done = new Set(existing.map((n) => n.dedupe_key));
    const missing = recipients.filter((r) => !done.has(keyOf(r.userId)));
    if (missing.length === 0) continue;
    const procedure = await db.selectFrom('procedures').select('name_vi').where('id', '=', dossier.procedure_id).executeTakeFirst();
    const texts = reviewAlertTexts(kind, dossier.code, procedure?.name_vi ?? '', due);
    for (const r of missing) {
      const row = await recordNotification(db, {
        userId: r.userId, kind, dossierCode: dossier.code, agencyId: r.agencyId, ...texts,
        dedupeKey: keyOf(r.userId), deliverAt: nextWorkingInstant(calendar, now),
      }, now, deps.email);
      if (!row) continue;
      stored += 1;
      if (row.delivered_at) deps.bus.publish(row);
    }
  }
  return stored;
}
