// @ts-check

/**
 * A counter that every write which can change a read view (evaluations,
 * entity and group syncs, exemptions) advances, so that replicas can
 * answer repeated aggregate reads (leaderboards, gap views) from memory
 * until something they read has changed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_read_version', table => {
    table.string('scope', 63).primary();
    table.bigInteger('version').notNullable();
  });
  await knex('readiness_read_version').insert({ scope: 'views', version: 1 });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_read_version');
};
