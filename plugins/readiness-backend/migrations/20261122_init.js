// @ts-check

// Times are stored as epoch milliseconds (bigint) so that SQLite and
// PostgreSQL compare and index them the same way.

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Catalog entities known to the engine, with what evaluation needs of them.
  await knex.schema.createTable('readiness_entities', table => {
    table.string('entity_ref', 255).primary();
    table.string('kind', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('name', 255).notNullable();
    table.string('title', 255).nullable();
    table.string('type', 63).nullable();
    table.string('lifecycle', 63).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.text('entity').notNullable();
    table.string('entity_hash', 64).notNullable();
    table.bigInteger('last_seen_at').notNullable();
    // Set when a full catalog read no longer contains the entity.
    table.bigInteger('removed_at').nullable();
    // Bumped whenever the entity or one of its facts changes; the entity
    // needs evaluation while change_seq is ahead of evaluated_seq. Counters,
    // not a flag, so a change racing an evaluation is never lost.
    table.integer('change_seq').notNullable().defaultTo(1);
    table.integer('evaluated_seq').notNullable().defaultTo(0);
    table.index(['removed_at'], 'readiness_entities_removed_idx');
  });

  // Current value per (entity, fact): one row, updated in place.
  await knex.schema.createTable('readiness_facts', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('value').notNullable();
    table.string('value_hash', 64).notNullable();
    table.text('source').nullable();
    table.bigInteger('observed_at').notNullable();
    table.bigInteger('changed_at').notNullable();
    // observed_at + the fact's staleness window; the sweep reads this index.
    table.bigInteger('stale_at').notNullable();
    table.primary(['entity_ref', 'name']);
    table.index(['stale_at'], 'readiness_facts_stale_idx');
  });

  // One row per value change, never per observation.
  await knex.schema.createTable('readiness_fact_history', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('name', 255).notNullable();
    table.text('value').notNullable();
    table.bigInteger('changed_at').notNullable();
    table.index(
      ['entity_ref', 'name', 'changed_at'],
      'readiness_fact_history_idx',
    );
  });

  // Current result per (entity, check).
  await knex.schema.createTable('readiness_results', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.string('scorecard_id', 255).notNullable();
    table.string('state', 16).notNullable();
    table.text('message').nullable();
    table.text('evidence').notNullable();
    // When the result entered its current state ("failing since").
    table.bigInteger('since').notNullable();
    table.bigInteger('evaluated_at').notNullable();
    table.primary(['entity_ref', 'check_id']);
    table.index(
      ['scorecard_id', 'check_id', 'state'],
      'readiness_results_check_idx',
    );
  });

  // One row per state transition of a result.
  await knex.schema.createTable('readiness_result_history', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.string('scorecard_id', 255).notNullable();
    table.string('from_state', 16).nullable();
    table.string('to_state', 16).notNullable();
    table.text('message').nullable();
    table.bigInteger('at').notNullable();
    table.index(['entity_ref', 'at'], 'readiness_result_history_idx');
  });

  // Per (entity, scorecard) level and score, read by leaderboards and gaps.
  await knex.schema.createTable('readiness_rollups', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('scorecard_id', 255).notNullable();
    table.string('kind', 63).notNullable();
    table.string('type', 63).nullable();
    table.string('lifecycle', 63).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('title', 255).notNullable();
    table.string('level', 63).nullable();
    table.integer('level_index').notNullable();
    table.string('next_level', 63).nullable();
    table.integer('blocking_count').notNullable();
    table.float('score').notNullable();
    table.integer('pass_count').notNullable();
    table.integer('fail_count').notNullable();
    table.integer('unknown_count').notNullable();
    table.integer('exempt_count').notNullable();
    table.integer('error_count').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.primary(['entity_ref', 'scorecard_id']);
    table.index(['scorecard_id', 'owner'], 'readiness_rollups_owner_idx');
    table.index(['scorecard_id', 'system'], 'readiness_rollups_system_idx');
    table.index(['scorecard_id', 'score'], 'readiness_rollups_score_idx');
  });

  // One point per entity, scorecard and day, for trends and "change over 30 days".
  await knex.schema.createTable('readiness_rollup_daily', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('scorecard_id', 255).notNullable();
    table.string('day', 10).notNullable();
    table.float('score').notNullable();
    table.integer('level_index').notNullable();
    table.string('level', 63).nullable();
    table.primary(['scorecard_id', 'day', 'entity_ref']);
    table.index(
      ['entity_ref', 'scorecard_id', 'day'],
      'readiness_rollup_daily_entity_idx',
    );
  });

  // Waivers of one check for one entity, until an expiry.
  await knex.schema.createTable('readiness_exemptions', table => {
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 255).notNullable();
    table.text('reason').notNullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.bigInteger('expires_at').notNullable();
    table.bigInteger('revoked_at').nullable();
    table.string('revoked_by', 255).nullable();
    table.index(['entity_ref', 'check_id'], 'readiness_exemptions_entity_idx');
    table.index(['expires_at'], 'readiness_exemptions_expiry_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const table of [
    'readiness_exemptions',
    'readiness_rollup_daily',
    'readiness_rollups',
    'readiness_result_history',
    'readiness_results',
    'readiness_fact_history',
    'readiness_facts',
    'readiness_entities',
  ]) {
    await knex.schema.dropTable(table);
  }
};
