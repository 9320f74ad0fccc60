/**
 * The per-agency register of forms 04 and 05: numbers per agency and year without gaps — a rolled-back
 * issue gives its number back, concurrent issues never share one, a new year starts again at 1.
 */
import t from 'tap';
import { databaseTargets } from '../helpers/databases.ts';
import { buildTestApp } from '../helpers/app.ts';
import { documentNumber, nextDocumentNumber, vnYear } from '../../api/services/document-register.ts';

for (const target of databaseTargets()) {
  t.test(`document register on ${target.name}`, async (t) => {
    const ctx = await buildTestApp(target, {}, { autoStart: false });
    t.teardown(() => ctx.close());
    const db = ctx.handle.db;
    const take = (agency: string, year: number) => db.transaction().execute((tx) => nextDocumentNumber(tx, agency, year));

    t.equal(await take('xa-demo-ubnd', 2026), 1);
    await t.rejects(db.transaction().execute(async (tx) => {
      t.equal(await nextDocumentNumber(tx, 'xa-demo-ubnd', 2026), 2, 'taken inside a transaction that fails');
      throw new Error('the action failed');
    }));
    t.equal(await take('xa-demo-ubnd', 2026), 2, 'the rolled-back number is given again: no gap');
    const concurrent = await Promise.all(Array.from({ length: 6 }, () => take('xa-demo-ubnd', 2026)));
    t.same([...concurrent].sort((a, b) => a - b), [3, 4, 5, 6, 7, 8], 'concurrent issues never share a number');
    t.equal(await take('xa-demo', 2026), 1, 'each agency its own sequence');
    t.equal(await take('xa-demo-ubnd', 2027), 1, 'each year its own sequence');
    t.equal(documentNumber('04', 3), '03/XLGH');
    t.equal(documentNumber('05', 12), '12/TB-DGQ');
    t.equal(vnYear(new Date('2026-12-31T17:30:00Z')), 2027, '00:30 on 1 Jan in Vietnam is the new year');
  });
}
