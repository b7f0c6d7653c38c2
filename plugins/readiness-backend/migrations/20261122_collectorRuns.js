// @ts-check

/**
 * The last run of each collector, shared by every replica so that collector
 * health reads the same wherever the request lands.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_collector_runs', table => {
    table.string('collector_id', 255).primary();
    table.bigInteger('started_at').notNullable();
    table.integer('duration_ms').notNullable();
    table.integer('entities').notNullable();
    table.integer('facts_written').notNullable();
    table.integer('facts_changed').notNullable();
    // Per-target errors, already redacted.
    table.text('errors').notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_collector_runs');
};
