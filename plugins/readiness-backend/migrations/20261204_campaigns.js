// @ts-check

/**
 * Campaigns: goals with a deadline over a filtered set of entities.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per campaign, from app-config (source 'config', rewritten at
  // start-up) or from the API (source 'api'). Target, filter and reminder
  // days are JSON: they are read whole, never queried into.
  await knex.schema.createTable('readiness_campaigns', table => {
    table.string('id', 63).primary();
    table.string('title', 255).notNullable();
    table.text('description').nullable();
    table.string('owner', 255).notNullable();
    table.text('target').notNullable();
    table.text('filter').notNullable();
    table.bigInteger('starts_at').notNullable();
    table.bigInteger('deadline').notNullable();
    table.text('remind_days_before').notNullable();
    table.float('goal_percent').notNullable();
    table.string('source', 16).notNullable();
    // 'active' until finalised as 'met' or 'missed'; 'upcoming' is derived
    // from starts_at, not stored.
    table.string('status', 16).notNullable().defaultTo('active');
    // The figures at the deadline, kept once the campaign ended.
    table.text('final').nullable();
    table.bigInteger('finalized_at').nullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('created_at').notNullable();
    table.string('updated_by', 255).notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(['status', 'deadline'], 'readiness_campaigns_status_idx');
  });

  // The burn-up: one point per campaign, day and owning team. Owner '' is
  // the entities without an owner.
  await knex.schema.createTable('readiness_campaign_progress', table => {
    table.string('campaign_id', 63).notNullable();
    table.string('day', 10).notNullable();
    table.string('owner', 255).notNullable();
    table.integer('total').notNullable();
    table.integer('at_target').notNullable();
    table.primary(['campaign_id', 'day', 'owner']);
  });

  // Reminders sent, one row per campaign and reminder point: the primary
  // key is the claim, so two replicas never send the same reminder twice.
  await knex.schema.createTable('readiness_campaign_reminders', table => {
    table.string('campaign_id', 63).notNullable();
    table.integer('days_before').notNullable();
    table.bigInteger('sent_at').notNullable();
    table.integer('owners').notNullable();
    table.primary(['campaign_id', 'days_before']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_campaign_reminders');
  await knex.schema.dropTable('readiness_campaign_progress');
  await knex.schema.dropTable('readiness_campaigns');
};
