// @ts-check

/**
 * How many of each owner's entities pass, fail, are unknown, error or are
 * exempt on each check, kept as results change, so a team's gap view
 * reads a row per check instead of every result of the team.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_owner_check_counts', table => {
    table.string('scorecard_id', 255).notNullable();
    // The owner of the rollup the results belong to (lowercase ref).
    table.string('owner', 255).notNullable();
    table.string('check_id', 255).notNullable();
    for (const state of ['pass', 'fail', 'unknown', 'error', 'exempt']) {
      table.integer(`${state}_count`).notNullable().defaultTo(0);
    }
    table.primary(['scorecard_id', 'owner', 'check_id']);
  });
  const count = (/** @type {string} */ state) =>
    knex.raw(`sum(case when res.state = ? then 1 else 0 end)`, [state]);
  await knex
    .into(
      knex.raw(
        '?? (scorecard_id, owner, check_id, pass_count, fail_count, unknown_count, error_count, exempt_count)',
        ['readiness_owner_check_counts'],
      ),
    )
    .insert(
      knex('readiness_results as res')
        .join('readiness_rollups as ro', function on() {
          this.on('ro.entity_ref', '=', 'res.entity_ref').andOn(
            'ro.scorecard_id',
            '=',
            'res.scorecard_id',
          );
        })
        .whereNotNull('ro.owner')
        .groupBy('ro.scorecard_id', 'ro.owner', 'res.check_id')
        .select(
          'ro.scorecard_id',
          'ro.owner',
          'res.check_id',
          count('pass'),
          count('fail'),
          count('unknown'),
          count('error'),
          count('exempt'),
        ),
    );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_owner_check_counts');
};
