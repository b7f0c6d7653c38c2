// @ts-check

/**
 * A hash of each current result's outcome (state, message, evidence), so
 * that re-evaluating an entity whose results did not change writes no
 * result rows: storage and write volume follow change, not evaluations.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('readiness_results', table => {
    // Null for rows written before this column: they are rewritten once.
    table.string('result_hash', 64).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_results', table => {
    table.dropColumn('result_hash');
  });
};
