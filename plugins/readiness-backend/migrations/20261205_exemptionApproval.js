// @ts-check

/**
 * Exemptions that wait for approval, and exemptions that reopen when the
 * facts their check reads change.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_exemptions', table => {
    // 'active' (in force until expiry, revoke or lapse), 'pending' (waits
    // for a second person's decision) or 'denied'. Rows written before
    // approval existed took effect when they were made: 'active'.
    table.string('status', 16).notNullable().defaultTo('active');
    // The length asked for: a pending request's expiry runs from approval.
    table.bigInteger('duration_ms').nullable();
    table.string('decided_by', 255).nullable();
    table.bigInteger('decided_at').nullable();
    table.text('decision_note').nullable();
    // Granted against the current value of the check's facts: their value
    // hashes at grant (JSON, fact name to hash or null when absent).
    table.boolean('reopen_on_change').notNullable().defaultTo(false);
    table.text('fact_hashes').nullable();
    // Ended early because one of those values changed, and which.
    table.bigInteger('lapsed_at').nullable();
    table.text('lapsed_reason').nullable();
    // Pending requests of many entities, for the gap view.
    table.index(['status', 'entity_ref'], 'readiness_exemptions_status_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Requests never approved had no effect: dropping the columns must not
  // turn them into exemptions in force.
  await knex('readiness_exemptions').whereNot('status', 'active').delete();
  // Nor must dropping them bring lapsed exemptions back: they end as revoked.
  await knex('readiness_exemptions')
    .whereNotNull('lapsed_at')
    .whereNull('revoked_at')
    .update({ revoked_at: knex.ref('lapsed_at'), revoked_by: 'readiness' });
  await knex.schema.alterTable('readiness_exemptions', table => {
    table.dropIndex(
      ['status', 'entity_ref'],
      'readiness_exemptions_status_idx',
    );
    table.dropColumn('status');
    table.dropColumn('duration_ms');
    table.dropColumn('decided_by');
    table.dropColumn('decided_at');
    table.dropColumn('decision_note');
    table.dropColumn('reopen_on_change');
    table.dropColumn('fact_hashes');
    table.dropColumn('lapsed_at');
    table.dropColumn('lapsed_reason');
  });
};
