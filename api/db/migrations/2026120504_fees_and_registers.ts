import { sql, type Kysely } from 'kysely';

/**
 * Fees as data and the per-agency document register.
 * - `province_fees`: the amount of each province-set fee (lệ phí do HĐND tỉnh quy định), per province
 *   (a top-level agency) and procedure, edited by that province's admins (`PUT /api/fees`).
 * - `document_counters` and `issued_documents`: the register of the documents an agency issues and
 *   numbers («Số: …») — the apology and extension letter (form 04) and the stop notice (form 05). Numbers
 *   run per agency and year without gaps: the counter row is incremented in the transaction that issues
 *   the document, so a rolled-back issue gives its number back.
 * - `users.phone`: the officer's work phone, printed on the supplement request (form 02).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('province_fees')
    .addColumn('province_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('procedure_id', 'text', (c) => c.notNull().references('procedures.id'))
    .addColumn('amount_vnd', 'integer', (c) => c.notNull().check(sql`amount_vnd >= 0`))
    .addColumn('note', 'text')
    .addColumn('legal_basis', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('province_fees_pk', ['province_id', 'procedure_id'])
    .execute();
  await db.schema
    .createTable('document_counters')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_counters_pk', ['agency_id', 'year'])
    .execute();
  await db.schema
    .createTable('issued_documents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ('04', '05')`))
    .addColumn('dossier_id', 'uuid', (c) => c.notNull().references('dossiers.id'))
    .addColumn('signer_id', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('issued_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('issued_documents_number_uq', ['agency_id', 'year', 'number'])
    .addUniqueConstraint('issued_documents_dossier_form_uq', ['dossier_id', 'form'])
    .execute();
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('phone').execute();
  await db.schema.dropTable('issued_documents').execute();
  await db.schema.dropTable('document_counters').execute();
  await db.schema.dropTable('province_fees').execute();
}
