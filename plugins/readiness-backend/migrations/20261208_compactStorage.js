const { createHash } = require('crypto');
const { deflateRawSync, inflateRawSync } = require('zlib');

/**
 * Storage sized by what it says, not by how it was first written:
 *
 * - a result's first appearance is no longer a history row: the result
 *   row's since, state and message are that appearance until one of them
 *   changes, and `appearance_recorded` says whether history already holds
 *   it;
 * - results lose `result_hash` (unchanged outcomes are found by comparing
 *   the stored state, message and evidence) and the (scorecard, check,
 *   state) index no query reads since owners' check counts are kept;
 * - evidence is one line per fact read, its name and the value's sha256
 *   in base64url, instead of JSON with the hash in hex;
 * - fact values of some size are stored compressed (raw deflate) in
 *   `packed`, `value` then null; new values of a fact are compressed with
 *   a dictionary per fact name (readiness_value_dictionaries), those moved
 *   here without one;
 * - superseded fact values are indexed by entity alone, the only way
 *   they are looked up;
 * - daily points have one key, (entity, scorecard, day), which serves both
 *   the upsert and every read, instead of a key and an index on the same
 *   columns.
 *
 * Existing rows are moved; `down` rebuilds the previous shape.
 */

const PAGE = 500;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const MIN_PACKED_LENGTH = 64;
/** `packed` begins with its dictionary id (LEB128): 0, none. */
const NO_DICTIONARY = Buffer.of(0);

/** As the store's encodeEvidence writes it (see evidenceCodec.ts). */
function encodeEvidence(evidence) {
  const lines = [];
  for (const ref of evidence) {
    const keys = Object.keys(ref);
    if (
      !keys.every(k => k === 'fact' || k === 'valueHash') ||
      (keys.length === 2 && keys[0] !== 'fact') ||
      typeof ref.fact !== 'string' ||
      ref.fact === '' ||
      ref.fact.startsWith('[') ||
      /\s/.test(ref.fact) ||
      (ref.valueHash !== undefined && !SHA256_HEX.test(ref.valueHash))
    ) {
      return JSON.stringify(evidence);
    }
    lines.push(
      ref.valueHash === undefined
        ? ref.fact
        : `${ref.fact} ${Buffer.from(ref.valueHash, 'hex').toString(
            'base64url',
          )}`,
    );
  }
  return lines.join('\n');
}

/** As the store's decodeEvidence reads it. */
function decodeEvidence(stored) {
  if (stored.startsWith('[')) return JSON.parse(stored);
  if (stored === '') return [];
  return stored.split('\n').map(line => {
    const space = line.indexOf(' ');
    if (space < 0) return { fact: line };
    return {
      fact: line.slice(0, space),
      valueHash: Buffer.from(line.slice(space + 1), 'base64url').toString(
        'hex',
      ),
    };
  });
}

/** The result outcome hash of the previous schema (20261203). */
function resultHash(scorecardId, state, message, evidence) {
  const hash = createHash('sha256');
  for (const part of [scorecardId, state, message ?? '', evidence]) {
    hash.update(part).update('\u0000');
  }
  return hash.digest('hex');
}

/**
 * Calls `each` with the rows of a query a page at a time, in `key` order,
 * by key rather than offset, so that updating a page does not move the
 * next one.
 */
async function forEachPage(knex, table, key, columns, each) {
  let after;
  for (;;) {
    const query = knex(table).select([...key, ...columns]);
    if (after) {
      query.whereRaw(
        `(${key.map(() => '??').join(', ')}) > (${key
          .map(() => '?')
          .join(', ')})`,
        [...key, ...after],
      );
    }
    const rows = await query.orderBy(key).limit(PAGE);
    if (rows.length === 0) return;
    await each(rows);
    after = key.map(k => rows[rows.length - 1][k]);
  }
}

/** Rewrites one column of every row of `table` with `map` (skipping undefined). */
async function rewrite(knex, table, key, column, map) {
  await forEachPage(knex, table, key, [column], async rows => {
    for (const row of rows) {
      const next = map(row[column]);
      if (next === undefined || next === row[column]) continue;
      await knex(table)
        .where(Object.fromEntries(key.map(k => [k, row[k]])))
        .update({ [column]: next });
    }
  });
}

const sameAppearance = `h.entity_ref = readiness_results.entity_ref
  and h.check_id = readiness_results.check_id
  and h.at = readiness_results.since`;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // First appearances: a result whose only history row at its since is
  // the appearance, as the row still says it (same state and message),
  // takes it over.
  await knex.schema.alterTable('readiness_results', table => {
    table.boolean('appearance_recorded').notNullable().defaultTo(true);
  });
  await knex('readiness_results')
    .whereExists(q =>
      q
        .from('readiness_result_history as h')
        .whereRaw(sameAppearance)
        .whereNull('h.from_state')
        .whereRaw('h.to_state = readiness_results.state')
        .whereRaw(
          '(h.message = readiness_results.message or (h.message is null and readiness_results.message is null))',
        ),
    )
    .whereRaw(
      `(select count(*) from readiness_result_history h where ${sameAppearance}) = 1`,
    )
    .update({ appearance_recorded: false });
  await knex('readiness_result_history')
    .whereNull('from_state')
    .whereExists(q =>
      q
        .from('readiness_results as r')
        .where('r.appearance_recorded', false)
        .whereRaw('r.entity_ref = readiness_result_history.entity_ref')
        .whereRaw('r.check_id = readiness_result_history.check_id')
        .whereRaw('r.since = readiness_result_history.at'),
    )
    .delete();

  await knex.schema.alterTable('readiness_results', table => {
    table.dropIndex([], 'readiness_results_check_idx');
  });
  await knex.schema.alterTable('readiness_results', table => {
    table.dropColumn('result_hash');
  });
  await rewrite(
    knex,
    'readiness_results',
    ['entity_ref', 'check_id'],
    'evidence',
    evidence => encodeEvidence(JSON.parse(evidence)),
  );

  await knex.schema.alterTable('readiness_fact_values', table => {
    table.binary('packed').nullable();
  });
  await knex.schema.createTable('readiness_value_dictionaries', table => {
    table.increments('id');
    table.string('fact_name', 255).notNullable().unique();
    table.binary('dictionary').notNullable();
  });
  await knex.schema.alterTable('readiness_fact_values', table => {
    table.text('value').nullable().alter();
  });
  // Attestation values stay text: the attestation sweep reads them in SQL.
  const attested = new Set();
  for (const table of ['readiness_facts', 'readiness_fact_history']) {
    const rows = await knex(table)
      .where('name', 'like', 'attestation.%')
      .distinct('value_hash');
    rows.forEach(r => attested.add(r.value_hash));
  }
  await forEachPage(
    knex,
    'readiness_fact_values',
    ['value_hash'],
    ['value'],
    async rows => {
      for (const row of rows) {
        const text = Buffer.from(row.value, 'utf8');
        if (text.length < MIN_PACKED_LENGTH || attested.has(row.value_hash)) {
          continue;
        }
        const packed = Buffer.concat([
          NO_DICTIONARY,
          deflateRawSync(text, { level: 9 }),
        ]);
        if (packed.length >= text.length) continue;
        await knex('readiness_fact_values')
          .where('value_hash', row.value_hash)
          .update({ value: null, packed });
      }
    },
  );

  // Superseded values are looked up by entity only (to purge them): the
  // name and time in the index served nothing.
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.dropIndex([], 'readiness_fact_history_idx');
  });
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.index(['entity_ref'], 'readiness_fact_history_entity_idx');
  });

  await knex.schema.alterTable('readiness_rollup_daily', table => {
    table.dropIndex([], 'readiness_rollup_daily_entity_idx');
  });
  await knex.schema.alterTable('readiness_rollup_daily', table => {
    table.dropPrimary();
  });
  await knex.schema.alterTable('readiness_rollup_daily', table => {
    table.primary(['entity_ref', 'scorecard_id', 'day']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.dropIndex([], 'readiness_fact_history_entity_idx');
  });
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.index(
      ['entity_ref', 'name', 'changed_at'],
      'readiness_fact_history_idx',
    );
  });
  await knex.schema.alterTable('readiness_rollup_daily', table => {
    table.dropPrimary();
  });
  await knex.schema.alterTable('readiness_rollup_daily', table => {
    table.primary(['scorecard_id', 'day', 'entity_ref']);
    table.index(
      ['entity_ref', 'scorecard_id', 'day'],
      'readiness_rollup_daily_entity_idx',
    );
  });

  const dictionaries = new Map(
    (await knex('readiness_value_dictionaries').select()).map(d => [
      Number(d.id),
      Buffer.from(d.dictionary),
    ]),
  );
  const unpack = stored => {
    const packed = Buffer.from(stored);
    let id = 0;
    let scale = 1;
    let offset = 0;
    for (;;) {
      const byte = packed[offset++];
      id += (byte % 128) * scale;
      if (byte < 128) break;
      scale *= 128;
    }
    return inflateRawSync(
      packed.subarray(offset),
      id === 0 ? {} : { dictionary: dictionaries.get(id) },
    ).toString('utf8');
  };
  await forEachPage(
    knex,
    'readiness_fact_values',
    ['value_hash'],
    ['value', 'packed'],
    async rows => {
      for (const row of rows) {
        if (row.value !== null) continue;
        await knex('readiness_fact_values')
          .where('value_hash', row.value_hash)
          .update({ value: unpack(row.packed) });
      }
    },
  );
  await knex.schema.alterTable('readiness_fact_values', table => {
    table.dropColumn('packed');
  });
  await knex.schema.dropTable('readiness_value_dictionaries');
  await knex.schema.alterTable('readiness_fact_values', table => {
    table.text('value').notNullable().alter();
  });

  await rewrite(
    knex,
    'readiness_results',
    ['entity_ref', 'check_id'],
    'evidence',
    evidence => JSON.stringify(decodeEvidence(evidence)),
  );
  await knex.schema.alterTable('readiness_results', table => {
    table.string('result_hash', 64).nullable();
    table.index(
      ['scorecard_id', 'check_id', 'state'],
      'readiness_results_check_idx',
    );
  });
  await forEachPage(
    knex,
    'readiness_results',
    ['entity_ref', 'check_id'],
    ['scorecard_id', 'state', 'message', 'evidence'],
    async rows => {
      for (const row of rows) {
        await knex('readiness_results')
          .where({ entity_ref: row.entity_ref, check_id: row.check_id })
          .update({
            result_hash: resultHash(
              row.scorecard_id,
              row.state,
              row.message,
              row.evidence,
            ),
          });
      }
    },
  );

  // First appearances back into history, as they were written.
  await knex
    .into(
      knex.raw(
        '?? (entity_ref, check_id, scorecard_id, from_state, to_state, message, at)',
        ['readiness_result_history'],
      ),
    )
    .insert(
      knex('readiness_results')
        .where('appearance_recorded', false)
        .orderBy(['entity_ref', 'since', 'check_id'])
        .select(
          'entity_ref',
          'check_id',
          'scorecard_id',
          knex.raw('null'),
          'state',
          'message',
          'since',
        ),
    );
  await knex.schema.alterTable('readiness_results', table => {
    table.dropColumn('appearance_recorded');
  });
};
