/**
 * Migration 2026120405_agency_routes on an installation that routed by "the first enabled unit of the
 * handling type in the receiving agency's subtree, by id": every agency that receives gets routes that
 * hand each procedure to the same agency as before; agencies that never receive get none.
 */
import t from 'tap';
import type { Kysely } from 'kysely';
import { databaseTargets } from '../helpers/databases.ts';
import { migrateSet } from '../../api/db/migrate.ts';
import { migrations } from '../../api/db/migrations/index.ts';
import type { Database, Procedure } from '../../api/db/database.ts';
import { agencySubtree } from '../../api/services/agencies.ts';
import { decidingAgency } from '../../api/services/routing.ts';

const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026120405_agency_routes'));

/** The rule reception followed before the migration. */
async function formerRule(db: Kysely<Database>, receivingAgencyId: string, procedure: Procedure): Promise<string> {
  const scope = await agencySubtree(db, receivingAgencyId);
  const unit = await db.selectFrom('agencies').select('id').where('id', 'in', scope).where('type', '=', procedure.handling_agency_type).where('disabled', '=', false).orderBy('id').executeTakeFirst();
  return unit?.id ?? receivingAgencyId;
}

for (const target of databaseTargets()) {
  t.test(`routes backfilled from the former rule on ${target.name}`, async (t) => {
    const h = await target.open();
    t.teardown(() => h.close());
    await migrateSet(h.db, before, 'app_migration');
    const agency = (id: string, type: string, parent: string | null, disabled = false) => ({ id, code: id.toUpperCase(), name: id, type: type as 'police', parent_id: parent, province_code: '99', disabled });
    await h.db.insertInto('agencies').values([
      agency('tinh', 'provincial_department', null),
      agency('xa', 'commune_centre', 'tinh'),
      agency('xa-b', 'commune_unit', 'xa', true), // disabled: skipped by the former rule
      agency('xa-y', 'commune_unit', 'xa'),
      agency('xa-z', 'commune_unit', 'xa'),
      agency('xa-2', 'commune_centre', 'tinh'), // no units: handled its dossiers itself
      agency('ca', 'police', 'tinh'), // never receives
    ]).execute();
    const procedure = (id: string, type: string) => ({ id, national_code: null, name_vi: id, name_en: id, field: 'f', legal_limit: '{}', online_level: 'full', process_id: id, form_schema_id: id, handling_agency_type: type as 'police' });
    await h.db.insertInto('procedures').values([procedure('birth', 'commune_unit'), procedure('residence', 'police')]).execute();
    await h.db.insertInto('users').values({ username: 'tn', full_name: 'TN', email: null, password_hash: 'x', roles: ['receptionist'], agency_id: 'xa' }).execute();
    await h.db.insertInto('dossiers').values({
      code: 'XA2-1', procedure_id: 'birth', receiving_agency_id: 'xa-2', handling_agency_id: 'xa-2', status: 'accepted', channel: 'in_person',
      applicant: '{}', applicant_name: 'A', form_data: '{}', state: '{}', submitted_at: new Date('2026-03-02T02:00:00Z'),
    }).execute();

    await migrateSet(h.db, migrations, 'app_migration');
    const routes = await h.db.selectFrom('agency_routes').select(['receiving_agency_id', 'handling_agency_type', 'procedure_id', 'deciding_agency_id'])
      .orderBy('receiving_agency_id').orderBy('handling_agency_type').execute();
    t.same(routes, [
      { receiving_agency_id: 'xa', handling_agency_type: 'commune_unit', procedure_id: null, deciding_agency_id: 'xa-y' },
      { receiving_agency_id: 'xa', handling_agency_type: 'police', procedure_id: null, deciding_agency_id: 'xa' },
      { receiving_agency_id: 'xa-2', handling_agency_type: 'commune_unit', procedure_id: null, deciding_agency_id: 'xa-2' },
      { receiving_agency_id: 'xa-2', handling_agency_type: 'police', procedure_id: null, deciding_agency_id: 'xa-2' },
    ], 'a default per receiving agency and handling type; none for an agency that never receives');

    const procedures = await h.db.selectFrom('procedures').selectAll().execute();
    for (const receiving of ['xa', 'xa-2']) {
      for (const p of procedures) t.equal(await decidingAgency(h.db, receiving, p), await formerRule(h.db, receiving, p), `${receiving} / ${p.id}: unchanged`);
    }
    await h.db.insertInto('agencies').values(agency('xa-a', 'commune_unit', 'xa')).execute();
    t.equal(await decidingAgency(h.db, 'xa', procedures.find((p) => p.id === 'birth')!), 'xa-y', 'a new unit captures nothing');
    await t.rejects(h.db.insertInto('agency_routes').values({ receiving_agency_id: 'xa', handling_agency_type: 'commune_unit', procedure_id: null, deciding_agency_id: 'xa-z' }).execute(), /unique|duplicate/, 'one default per type');
    await t.rejects(h.db.insertInto('agency_routes').values({ receiving_agency_id: 'xa', handling_agency_type: 'commune_unit', procedure_id: 'birth', deciding_agency_id: 'xa-z' }).execute(), /check|agency_routes_one_key/, 'a row is a default or a procedure route');
  });
}
