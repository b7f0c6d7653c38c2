// @ts-check

/**
 * Indexes for the reads that run on every evaluation batch and every
 * leaderboard request.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Entities due for evaluation, in ref order: a partial index holds only
  // the dirty ones, so finding the next batch does not scan the catalog.
  // The same statement works on PostgreSQL and SQLite.
  await knex.raw(
    `create index readiness_entities_dirty_idx on readiness_entities (entity_ref)
     where change_seq > evaluated_seq and removed_at is null`,
  );
  // Attestations due for a team's entities (the gap view): attestation
  // facts are a handful among dozens per entity.
  await knex.raw(
    `create index readiness_facts_attestation_idx on readiness_facts (entity_ref, stale_at)
     where name like 'attestation.%'`,
  );
  // Leaderboard rank order (level, then score), per scorecard.
  await knex.schema.alterTable('readiness_rollups', table => {
    table.index(
      ['scorecard_id', 'level_index', 'score'],
      'readiness_rollups_rank_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_rollups', table => {
    table.dropIndex([], 'readiness_rollups_rank_idx');
  });
  await knex.raw('drop index readiness_facts_attestation_idx');
  await knex.raw('drop index readiness_entities_dirty_idx');
};
