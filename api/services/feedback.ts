/**
 * Feedback and petitions (phản ánh, kiến nghị) sent online: a dossier of the shipped `feedback-petition`
 * procedure, received through the reception service the online submission uses (registered for review
 * in the chosen centre's queue, then the process: triage, handling, the leader's approval of the reply,
 * sending it). The reply is the decision's reason (the approval's note, or the reason of a rejection);
 * once sent (status `returned`) it is published when the petitioner agreed (`publishConsent`), with the
 * subject only: no name, number, contact, content or code.
 */
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { AppError, type Lang } from '../errors.ts';
import type { Dossier } from '../db/database.ts';
import { checkReceiveBody, receiveDossier, type ReceiveBody } from './reception.ts';
import type { AuditContext } from './audit.ts';

export const FEEDBACK_PROCEDURE_ID = 'feedback-petition';

export interface FeedbackArgs {
  formData: ReceiveBody['formData'];
  /** The centre whose queue receives it. */
  agencyId: string;
  audit: AuditContext;
  lang: Lang;
  /** Whether the form's personal ID is the identified applicant's (checked before anything is written). */
  isOwnId: (personalId: string) => boolean;
}

/** Registers the feedback for review; 400 naming each bad field, 403 for another person's ID number. */
export async function submitFeedback(app: FastifyInstance, args: FeedbackArgs): Promise<Dossier> {
  const body: ReceiveBody = { procedureId: FEEDBACK_PROCEDURE_ID, channel: 'online', formData: args.formData };
  const procedure = await checkReceiveBody(app, args.lang, body);
  if (!args.isOwnId(body.formData.applicant.personalId)) {
    throw new AppError('NOT_OWN_IDENTITY', [{ field: 'formData.applicant.personalId', message: args.lang === 'vi' ? 'phải là số định danh đã xác thực' : 'must be the verified personal ID number' }]);
  }
  return receiveDossier(app, { body, procedure, agencyId: args.agencyId, actor: { roles: ['applicant'], id: null }, audit: args.audit, createdBy: null, lang: args.lang });
}

export interface PublishedAnswer {
  kind: string;
  subject: string;
  agency: string;
  receivedAt: string | null;
  answeredAt: string | null;
  answer: string;
}

/** The answers sent to petitioners who agreed to publish them, newest first. */
export async function publishedAnswers(app: FastifyInstance, page: number, pageSize: number): Promise<{ total: number; items: PublishedAnswer[] }> {
  const base = app.db.selectFrom('dossiers').innerJoin('agencies', 'agencies.id', 'dossiers.receiving_agency_id')
    .where('dossiers.procedure_id', '=', FEEDBACK_PROCEDURE_ID)
    .where('dossiers.status', '=', 'returned')
    .where(sql<boolean>`(dossiers.form_data->>'publishConsent') = 'true'`)
    .where(sql<boolean>`coalesce(dossiers.state->'decision'->>'reason', '') <> ''`);
  const [{ total }] = await base.select((eb) => eb.fn.countAll<string>().as('total')).execute() as [{ total: string }];
  const rows = await base.select([
    sql<string>`dossiers.form_data->>'kind'`.as('kind'), sql<string>`dossiers.form_data->>'subject'`.as('subject'),
    sql<string>`dossiers.state->'decision'->>'reason'`.as('answer'), 'agencies.name as agency', 'dossiers.received_at', 'dossiers.finished_at',
  ]).orderBy('dossiers.finished_at', 'desc').orderBy('dossiers.id').limit(pageSize).offset((page - 1) * pageSize).execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({ kind: r.kind, subject: r.subject, agency: r.agency, answer: r.answer, receivedAt: r.received_at?.toISOString() ?? null, answeredAt: r.finished_at?.toISOString() ?? null })),
  };
}
