/**
 * The province's fee table: the amounts of the fees the provincial People's Council sets (lệ phí do
 * HĐND tỉnh quy định). Every signed-in officer reads the table of their province; an admin of the
 * province (the top-level agency) replaces it, audited as `fees.province`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError, validationError } from '../errors.ts';
import { validateProvinceFeeTable, type FeeRule, type ProvinceFeeItem } from '../domain/fees/index.ts';
import { agencyRoot } from '../services/agencies.ts';
import { writeAudit } from '../services/audit.ts';
import type { Clock } from '../services/clock.ts';
import { provinceFeeTable } from '../services/fees.ts';

const routes: FastifyPluginAsync<{ clock: Clock }> = async (app, { clock }) => {
  app.get('/api/fees', {
    config: { access: 'authenticated' },
    schema: { tags: ['fees'], summary: 'Bảng lệ phí do tỉnh quy định / the province-set fee table' },
  }, async (request) => {
    const province = await agencyRoot(app.db, request.user.agencyId);
    return { provinceId: province, items: await provinceFeeTable(app.db, province) };
  });

  app.put('/api/fees', {
    config: { access: ['admin'] },
    schema: { tags: ['fees'], summary: 'Thay bảng lệ phí do tỉnh quy định / replace the province-set fee table', body: { type: 'object' } },
  }, async (request) => {
    const own = await app.db.selectFrom('agencies').select(['id', 'parent_id']).where('id', '=', request.user.agencyId).executeTakeFirstOrThrow();
    if (own.parent_id) throw new AppError('PROVINCE_ADMIN_ONLY');
    const procedures = await app.db.selectFrom('procedures').select(['id', 'fees']).execute();
    const provinceSet = new Set(procedures.filter((p) => ((p.fees as FeeRule[] | null) ?? []).some((f) => f.kind === 'provinceSet')).map((p) => p.id));
    const errors = validateProvinceFeeTable(request.body, provinceSet, new Set(procedures.map((p) => p.id)));
    if (errors.length) throw validationError(errors, request.lang);
    const items = (request.body as { items: ProvinceFeeItem[] }).items;
    const now = clock.now();
    await app.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('province_fees').select(['procedure_id', 'amount_vnd']).where('province_id', '=', own.id).forUpdate().execute();
      await tx.deleteFrom('province_fees').where('province_id', '=', own.id).execute();
      if (items.length) {
        await tx.insertInto('province_fees').values(items.map((i) => ({
          province_id: own.id, procedure_id: i.procedureId, amount_vnd: i.amountVnd, note: i.note?.trim() || null,
          legal_basis: i.legalBasis?.trim() || null, updated_by: request.user.id, updated_at: now,
        }))).execute();
      }
      const summary = (rows: Array<{ procedureId: string; amountVnd: number }>) => Object.fromEntries(rows.map((r) => [r.procedureId, r.amountVnd]));
      await writeAudit(tx, request.auditContext(), {
        action: 'fees.province', targetType: 'agency', targetId: own.id, agencyId: own.id,
        before: summary(before.map((r) => ({ procedureId: r.procedure_id, amountVnd: Number(r.amount_vnd) }))), after: summary(items),
      });
    });
    return { provinceId: own.id, items: await provinceFeeTable(app.db, own.id) };
  });
};

export default routes;
