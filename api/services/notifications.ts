/**
 * Notifications (in-app alerts): stored once per dedupe key, delivered at once or deferred to a
 * later working instant (`deliver_at`, delivered by the SLA sweep), announced on an in-process
 * bus for the live alert stream, and e-mailed through the outbox when the user has an address
 * and SMTP is configured. A row without a user (a process's `notify` job addressed to the applicant)
 * is kept for the record only: what reaches the applicant — e-mail and SMS on receipt, supplement
 * request, result and extension — is queued from the dossier's own events (`applicant-notify/`).
 */
import { EventEmitter } from 'node:events';
import type { Kysely, Transaction } from 'kysely';
import type { Database, Notification } from '../db/database.ts';
import { enqueueMany } from './outbox.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A notification to store. */
export interface NewNotificationInput {
  userId: string | null;
  kind: string;
  dossierCode: string | null;
  taskKey?: string | null;
  agencyId: string | null;
  title: { vi: string; en: string };
  body: { vi: string; en: string };
  /** Unique: a second notification with the same key is not stored (nor sent) again. */
  dedupeKey: string;
  /** When it may be delivered (default: now). */
  deliverAt?: Date;
}

/** Announces delivered notifications to the alert streams of this process. */
export class NotificationBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(row: Notification): void {
    if (row.user_id) this.#emitter.emit(row.user_id, row);
  }

  /** Listens for a user's notifications; returns the unsubscribe function. */
  subscribe(userId: string, listener: (row: Notification) => void): () => void {
    this.#emitter.on(userId, listener);
    return () => this.#emitter.off(userId, listener);
  }
}

/** The outbox topic of notification e-mails. */
export const EMAIL_TOPIC = 'notification.email';

/** Stores a notification unless its dedupe key exists; returns the new row (delivered when due), or undefined for a duplicate. */
export async function recordNotification(db: Kysely<Database>, input: NewNotificationInput, now: Date, email: boolean): Promise<Notification | undefined> {
  return (await recordNotifications(db, [input], now, email))[0];
}

/** Notifications stored by one statement: 12 parameters each, far below PostgreSQL's 65,535. */
const CHUNK = 500;

/**
 * Stores notifications unless their dedupe keys exist (a key repeated in the list is stored once), in one
 * transaction per {@link CHUNK} with the e-mails of those delivered at once; returns the new rows. A reminder pass
 * that finds thousands of steps overdue at the same closing time stores them in a few statements instead of a
 * transaction each (bench/README.md, "A reminder burst").
 */
export async function recordNotifications(db: Kysely<Database>, inputs: NewNotificationInput[], now: Date, email: boolean): Promise<Notification[]> {
  const byKey = new Map<string, NewNotificationInput>();
  for (const input of inputs) if (!byKey.has(input.dedupeKey)) byKey.set(input.dedupeKey, input);
  const unique = [...byKey.values()];
  const out: Notification[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    out.push(...await db.transaction().execute(async (tx) => {
      const rows = await tx.insertInto('notifications').values(chunk.map((input) => {
        const deliverAt = input.deliverAt && input.deliverAt > now ? input.deliverAt : now;
        return {
          user_id: input.userId, kind: input.kind, dossier_code: input.dossierCode, task_key: input.taskKey ?? null, agency_id: input.agencyId,
          title_vi: input.title.vi, title_en: input.title.en, body_vi: input.body.vi, body_en: input.body.en, dedupe_key: input.dedupeKey,
          created_at: now, deliver_at: deliverAt, delivered_at: deliverAt <= now ? now : null,
        };
      })).onConflict((oc) => oc.column('dedupe_key').doNothing()).returningAll().execute();
      // In the order given (a multi-row insert's `returning` follows its rows, but say so rather than rely on it).
      const order = new Map(chunk.map((input, n) => [input.dedupeKey, n]));
      rows.sort((a, b) => order.get(a.dedupe_key)! - order.get(b.dedupe_key)!);
      if (email) await enqueueEmails(tx, rows.filter((r) => r.delivered_at), now);
      return rows;
    }));
  }
  return out;
}

async function enqueueEmails(tx: Db, rows: Notification[], now: Date): Promise<void> {
  // The applicant (no user) is written to by `applicant-notify/` from the dossier's events, not from here.
  const users = [...new Set(rows.map((r) => r.user_id).filter((id): id is string => id !== null))];
  if (!users.length) return;
  const emails = new Map((await tx.selectFrom('users').select(['id', 'email']).where('id', 'in', users).execute()).map((u) => [u.id, u.email]));
  await enqueueMany(tx, rows.filter((r) => r.user_id && emails.get(r.user_id)).map((r) => ({ topic: EMAIL_TOPIC, key: String(r.id), payload: { notificationId: String(r.id) } })), now);
}

/**
 * Deferred notifications whose time has come (at most `limit`), the earliest due first: read from the partial
 * index `notifications_pending_idx` (ordered by id, PostgreSQL walked the primary key past every delivered row:
 * 380 ms at 1.15M notifications).
 */
export async function dueDeferred(db: Kysely<Database>, now: Date, limit = 200): Promise<Notification[]> {
  return db.selectFrom('notifications').selectAll().where('delivered_at', 'is', null).where('deliver_at', '<=', now)
    .orderBy('deliver_at').orderBy('id').limit(limit).execute();
}

/** Delivers a deferred notification now, or moves it to `later` (outside working time); returns it when delivered. */
export async function deliverDeferred(db: Kysely<Database>, id: string, now: Date, later: Date | null, email: boolean): Promise<Notification | undefined> {
  return db.transaction().execute(async (tx) => {
    if (later) {
      await tx.updateTable('notifications').set({ deliver_at: later }).where('id', '=', id).where('delivered_at', 'is', null).execute();
      return undefined;
    }
    const row = await tx.updateTable('notifications').set({ delivered_at: now }).where('id', '=', id).where('delivered_at', 'is', null).returningAll().executeTakeFirst();
    if (row && email) await enqueueEmails(tx, [row], now);
    return row;
  });
}

/** A user's delivered notifications, unread first, newest first. */
export async function listNotifications(db: Kysely<Database>, userId: string, page: { offset: number; limit: number }): Promise<{ items: Notification[]; total: number; unread: number }> {
  const base = db.selectFrom('notifications').where('user_id', '=', userId).where('delivered_at', 'is not', null);
  const items = await base.selectAll().orderBy((eb) => eb.case().when('read_at', 'is', null).then(0).else(1).end()).orderBy('id', 'desc')
    .offset(page.offset).limit(page.limit).execute();
  const counts = await base.select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('id').filterWhere('read_at', 'is', null).as('unread')]).executeTakeFirstOrThrow();
  return { items, total: Number(counts.total), unread: Number(counts.unread) };
}

/** Delivered notifications of a user after id `afterId` (the alert stream's catch-up). */
export async function notificationsAfter(db: Kysely<Database>, userId: string, afterId: string): Promise<Notification[]> {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('delivered_at', 'is not', null)
    .where('id', '>', afterId).orderBy('id').limit(100).execute();
}

/** Marks a notification of the user read; undefined when it is not theirs. */
export async function markRead(db: Kysely<Database>, userId: string, id: string, now: Date): Promise<Notification | undefined> {
  return db.updateTable('notifications').set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
    .where('id', '=', id).where('user_id', '=', userId).where('delivered_at', 'is not', null).returningAll().executeTakeFirst();
}

/** The API form of a notification, in the request's language. */
export function notificationView(row: Notification, lang: 'vi' | 'en') {
  return {
    id: String(row.id), kind: row.kind, dossierCode: row.dossier_code, taskKey: row.task_key,
    title: lang === 'vi' ? row.title_vi : row.title_en, body: lang === 'vi' ? row.body_vi : row.body_en,
    titleVi: row.title_vi, titleEn: row.title_en,
    createdAt: (row.delivered_at ?? row.created_at).toISOString(), read: row.read_at !== null,
  };
}
