/**
 * Satisfaction ratings (Decree 118 Art. 31–33): one per dossier, after its result was returned, from the
 * lookup page (code + PIN), the counter's kiosk or a paper form typed in at the counter. Stored in
 * `dossier_ratings` for the Decision 766 satisfaction group and the supervisor; the rating and its
 * audit row (no personal data: code, channel, the dislike flag) in one transaction.
 */
import type { FastifyInstance } from 'fastify';
import { AppError, type Lang } from '../errors.ts';
import { normalizeDossierCode, STATUS_INFO, type DossierStatus } from '../domain/dossier/index.ts';
import { checkRating, isRatable, GRADE_LABELS, RATING_CRITERIA, RATING_GRADES, type RatingInput } from '../domain/rating/index.ts';
import { writeAudit, type AuditContext } from './audit.ts';

export type RatingChannel = 'lookup' | 'kiosk' | 'paper';

/** The dossier as a rating needs it, or undefined. */
export async function dossierForRating(app: FastifyInstance, code: string) {
  return app.db.selectFrom('dossiers').innerJoin('procedures', 'procedures.id', 'dossiers.procedure_id')
    .leftJoin('dossier_ratings', 'dossier_ratings.dossier_id', 'dossiers.id')
    .select(['dossiers.id', 'dossiers.code', 'dossiers.status', 'dossiers.receiving_agency_id', 'dossiers.procedure_id', 'procedures.name_vi', 'procedures.name_en', 'dossier_ratings.rated_at'])
    .where('dossiers.code', '=', normalizeDossierCode(code)).executeTakeFirst();
}

type RatingDossier = NonNullable<Awaited<ReturnType<typeof dossierForRating>>>;

/** What the rating screens show before the applicant grades: no personal data. */
export function ratingState(d: RatingDossier) {
  const status = STATUS_INFO[d.status as DossierStatus];
  return {
    code: d.code, procedureVi: d.name_vi, procedureEn: d.name_en,
    status: d.status, statusVi: status.vi, statusEn: status.en,
    ratable: isRatable(d.status) && !d.rated_at, rated: Boolean(d.rated_at),
    criteria: RATING_CRITERIA, grades: RATING_GRADES.map((g) => ({ key: g, ...GRADE_LABELS[g] })),
  };
}

/** Records the rating; 400 naming each bad field, 409 before the result was returned or when already rated. */
export async function recordRating(app: FastifyInstance, args: { dossier: RatingDossier; channel: RatingChannel; input: RatingInput; audit: AuditContext; lang: Lang }) {
  const { dossier, lang } = args;
  const checked = checkRating(args.input);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.problems.map((p) => ({ field: p.field, message: p[lang] })));
  if (dossier.rated_at) throw new AppError('ALREADY_RATED');
  if (!isRatable(dossier.status)) throw new AppError('RATING_NOT_YET');
  const now = app.clock.now();
  const { rating } = checked;
  return app.db.transaction().execute(async (tx) => {
    // The primary key decides between two ratings sent at once: the second inserts nothing.
    const inserted = await tx.insertInto('dossier_ratings').values({
      dossier_id: dossier.id, agency_id: dossier.receiving_agency_id, procedure_id: dossier.procedure_id, channel: args.channel,
      scores: JSON.stringify(rating.scores), dissatisfied: rating.dissatisfied, comment: rating.comment, rated_at: now,
    }).onConflict((oc) => oc.column('dossier_id').doNothing()).returning('dossier_id').executeTakeFirst();
    if (!inserted) throw new AppError('ALREADY_RATED');
    await writeAudit(tx, args.audit, {
      action: 'dossier.rate', targetType: 'dossier', targetId: dossier.code, agencyId: dossier.receiving_agency_id,
      after: { channel: args.channel, dissatisfied: rating.dissatisfied, comment: rating.comment !== null },
    });
    return { code: dossier.code, channel: args.channel, scores: rating.scores, dissatisfied: rating.dissatisfied, ratedAt: now.toISOString() };
  });
}
