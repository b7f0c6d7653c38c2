// @ts-check

/**
 * Fact value hashes as their 32 bytes instead of 64 hexadecimal digits:
 * the key of every stored value and the reference of every fact and
 * history row, so each value costs some 100 bytes less (in the table and
 * in its index), and a superseded one some 130.
 *
 * PostgreSQL changes the columns to bytea and rebuilds their indexes;
 * SQLite stores the bytes as BLOBs in the same columns (a column's
 * declared type does not restrict what SQLite stores in it, and
 * rebuilding the tables would copy every row for nothing). `down` writes
 * the hexadecimal digits back.
 */

const COLUMNS = [
  ['readiness_fact_values', 'value_hash'],
  ['readiness_facts', 'value_hash'],
  ['readiness_fact_history', 'value_hash'],
];

/** @param {import('knex').Knex} knex */
const isSqlite = knex => String(knex.client.config.client).includes('sqlite');

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const [table, column] of COLUMNS) {
    if (isSqlite(knex)) {
      await knex.raw('update ?? set ?? = unhex(??) where typeof(??) = ?', [
        table,
        column,
        column,
        column,
        'text',
      ]);
    } else {
      await knex.raw(
        `alter table ?? alter column ?? type bytea using decode(??, 'hex')`,
        [table, column, column],
      );
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const [table, column] of COLUMNS) {
    if (isSqlite(knex)) {
      await knex.raw('update ?? set ?? = lower(hex(??)) where typeof(??) = ?', [
        table,
        column,
        column,
        column,
        'blob',
      ]);
    } else {
      await knex.raw(
        `alter table ?? alter column ?? type varchar(64) using encode(??, 'hex')`,
        [table, column, column],
      );
    }
  }
};
