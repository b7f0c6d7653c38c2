const { createHash } = require('crypto');
const stableStringify = require('fast-json-stable-stringify');

/**
 * Storage that follows change, not collection runs:
 *
 * - fact values are stored once in readiness_fact_values, keyed by the hash
 *   of their canonical JSON (the hash the facts already carried); facts,
 *   fact history and result evidence point at them;
 * - fact history keeps superseded values only: the current value lives in
 *   readiness_facts, so the history row that repeated it is dropped;
 * - results keep the identity of what they read (fact name and value
 *   hash), never a copy of the values;
 * - an unchanged collection cycle writes one readiness_observations row per
 *   (entity, collector) instead of rewriting every fact: a fact the
 *   collector keeps reporting unchanged is "tracked" and takes its
 *   observation time from that row;
 * - the evaluation time is kept once per entity, so that unchanged results
 *   and rollups need not be rewritten.
 *
 * Existing rows are moved, not dropped; `down` rebuilds the previous shape
 * (evidence then carries the facts' current observation times).
 */

const CHUNK = 200;

/** sha256 of canonical JSON text, as the store's hashJson computes it. */
const hashText = text => createHash('sha256').update(text).digest('hex');

/** The result outcome hash, as the store computes it (see results.ts). */
function resultHash(scorecardId, state, message, evidence) {
  const hash = createHash('sha256');
  for (const part of [scorecardId, state, message ?? '', evidence]) {
    hash.update(part).update('\u0000');
  }
  return hash.digest('hex');
}

/** Canonical JSON, as the store's canonicalJson writes it. */
const canonical = value => stableStringify(value) ?? 'null';

async function insertValues(knex, values) {
  const rows = [...values].map(([value_hash, value]) => ({
    value_hash,
    value,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await knex('readiness_fact_values')
      .insert(rows.slice(i, i + CHUNK))
      .onConflict('value_hash')
      .ignore();
  }
}

/** Calls `each` with every row of a query, a page at a time, by `key` order. */
async function forEachPage(query, key, each) {
  let offset = 0;
  for (;;) {
    const rows = await query().orderBy(key).limit(1000).offset(offset);
    if (rows.length === 0) return;
    await each(rows);
    offset += rows.length;
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_fact_values', table => {
    table.string('value_hash', 64).primary();
    table.text('value').notNullable();
  });

  await knex.schema.createTable('readiness_observations', table => {
    table.string('entity_ref', 255).notNullable();
    table.string('collector_id', 255).notNullable();
    table.bigInteger('observed_at').notNullable();
    // observed_at + the shortest and the longest staleness window of the
    // facts that follow this observation: the sweep's time events.
    table.bigInteger('stale_at').notNullable();
    table.bigInteger('last_stale_at').notNullable();
    table.primary(['entity_ref', 'collector_id']);
    table.index(['stale_at'], 'readiness_observations_stale_idx');
    table.index(['last_stale_at'], 'readiness_observations_last_stale_idx');
  });

  // Current values move to the value store.
  await forEachPage(
    () => knex('readiness_facts').select('value_hash', 'value'),
    ['entity_ref', 'name'],
    rows =>
      insertValues(
        knex,
        rows.map(r => [r.value_hash, r.value]),
      ),
  );
  await knex.schema.alterTable('readiness_facts', table => {
    table.string('collector_id', 255).notNullable().defaultTo('');
    // Whether observed_at and stale_at follow readiness_observations.
    table.boolean('tracked').notNullable().defaultTo(false);
    table.bigInteger('stale_window').notNullable().defaultTo(0);
  });
  await knex('readiness_facts').update({
    stale_window: knex.raw('stale_at - observed_at'),
  });
  // The collector of a fact is its name's prefix (`kubernetes.workloads`).
  const names = await knex('readiness_facts').distinct('name');
  for (const { name } of names) {
    await knex('readiness_facts')
      .where('name', name)
      .update({ collector_id: name.split('.')[0] });
  }
  await knex.schema.alterTable('readiness_facts', table => {
    table.dropColumn('value');
  });

  // History: superseded values only, by hash.
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.string('value_hash', 64).nullable();
    table.bigInteger('superseded_at').nullable();
  });
  const current = new Map();
  await forEachPage(
    () => knex('readiness_facts').select('entity_ref', 'name', 'value_hash'),
    ['entity_ref', 'name'],
    rows => {
      for (const r of rows) current.set(`${r.entity_ref}\u0000${r.name}`, r);
    },
  );
  let previous;
  const drop = [];
  const flushPrevious = async next => {
    if (!previous) return;
    const key = `${previous.entity_ref}\u0000${previous.name}`;
    const sameKey =
      next && `${next.entity_ref}\u0000${next.name}` === key ? next : undefined;
    if (sameKey) {
      await knex('readiness_fact_history').where('id', previous.id).update({
        value_hash: previous.hash,
        superseded_at: sameKey.changed_at,
      });
    } else if (current.get(key)?.value_hash === previous.hash) {
      // The latest row of a key repeats the current value.
      drop.push(previous.id);
    } else {
      // A value the fact no longer holds (a fact removed from its
      // collector's output keeps its last value, so this is rare).
      await knex('readiness_fact_history').where('id', previous.id).update({
        value_hash: previous.hash,
        superseded_at: previous.changed_at,
      });
    }
  };
  await forEachPage(
    () =>
      knex('readiness_fact_history').select(
        'id',
        'entity_ref',
        'name',
        'value',
        'changed_at',
      ),
    ['entity_ref', 'name', 'changed_at', 'id'],
    async rows => {
      const values = new Map();
      for (const row of rows) {
        const hash = hashText(row.value);
        values.set(hash, row.value);
        const next = { ...row, hash };
        await flushPrevious(next);
        previous = next;
      }
      await insertValues(knex, values);
    },
  );
  await flushPrevious(undefined);
  for (let i = 0; i < drop.length; i += CHUNK) {
    await knex('readiness_fact_history')
      .whereIn('id', drop.slice(i, i + CHUNK))
      .delete();
  }
  await knex('readiness_fact_history').whereNull('value_hash').delete();
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.dropColumn('value');
  });

  // Evidence: the identity of what each result read, not its values.
  await forEachPage(
    () =>
      knex('readiness_results').select(
        'entity_ref',
        'check_id',
        'scorecard_id',
        'state',
        'message',
        'evidence',
      ),
    ['entity_ref', 'check_id'],
    async rows => {
      const values = new Map();
      for (const row of rows) {
        const refs = JSON.parse(row.evidence).map(e => {
          if (e.missing) return { fact: e.fact };
          const text = canonical(e.value);
          const hash = hashText(text);
          values.set(hash, text);
          return { fact: e.fact, valueHash: hash };
        });
        const evidence = JSON.stringify(refs);
        await knex('readiness_results')
          .where({ entity_ref: row.entity_ref, check_id: row.check_id })
          .update({
            evidence,
            result_hash: resultHash(
              row.scorecard_id,
              row.state,
              row.message,
              evidence,
            ),
          });
      }
      await insertValues(knex, values);
    },
  );

  await knex.schema.alterTable('readiness_entities', table => {
    // When the entity was last evaluated; results and rollups are only
    // rewritten when they change.
    table.bigInteger('evaluated_at').nullable();
  });
  const evaluated = await knex('readiness_rollups')
    .groupBy('entity_ref')
    .select('entity_ref', knex.raw('max(updated_at) as at'));
  for (const row of evaluated) {
    await knex('readiness_entities')
      .where('entity_ref', row.entity_ref)
      .update({ evaluated_at: row.at });
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('readiness_entities', table => {
    table.dropColumn('evaluated_at');
  });

  const valueOf = async hashes => {
    const rows = await knex('readiness_fact_values').whereIn('value_hash', [
      ...hashes,
    ]);
    return new Map(rows.map(r => [r.value_hash, r.value]));
  };

  // Evidence with values again, and the facts' current times.
  await forEachPage(
    () =>
      knex('readiness_results').select(
        'entity_ref',
        'check_id',
        'scorecard_id',
        'state',
        'message',
        'evidence',
      ),
    ['entity_ref', 'check_id'],
    async rows => {
      const refs = rows.map(r => JSON.parse(r.evidence));
      const values = await valueOf(
        new Set(refs.flat().flatMap(e => (e.valueHash ? [e.valueHash] : []))),
      );
      for (const [i, row] of rows.entries()) {
        const facts = new Map(
          (
            await knex('readiness_facts')
              .leftJoin('readiness_observations as o', function on() {
                this.on(
                  'o.entity_ref',
                  '=',
                  'readiness_facts.entity_ref',
                ).andOn('o.collector_id', '=', 'readiness_facts.collector_id');
              })
              .where('readiness_facts.entity_ref', row.entity_ref)
              .select(
                'readiness_facts.*',
                'o.observed_at as tracked_observed_at',
              )
          ).map(f => [f.name, f]),
        );
        const evidence = JSON.stringify(
          refs[i].map(e => {
            const fact = facts.get(e.fact);
            if (!e.valueHash || !values.has(e.valueHash)) {
              return { fact: e.fact, missing: true, stale: false };
            }
            const observed = Number(
              fact?.tracked && fact.tracked_observed_at
                ? fact.tracked_observed_at
                : fact?.observed_at ?? 0,
            );
            return {
              fact: e.fact,
              value: JSON.parse(values.get(e.valueHash)),
              observedAt: new Date(observed).toISOString(),
              changedAt: new Date(Number(fact?.changed_at ?? 0)).toISOString(),
              stale: false,
              missing: false,
              source: fact?.source ? JSON.parse(fact.source) : undefined,
            };
          }),
        );
        await knex('readiness_results')
          .where({ entity_ref: row.entity_ref, check_id: row.check_id })
          .update({
            evidence,
            result_hash: resultHash(
              row.scorecard_id,
              row.state,
              row.message,
              evidence,
            ),
          });
      }
    },
  );

  // History with values, and the current value's row back.
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.text('value').nullable();
  });
  await forEachPage(
    () => knex('readiness_fact_history').select('id', 'value_hash'),
    ['id'],
    async rows => {
      const values = await valueOf(new Set(rows.map(r => r.value_hash)));
      for (const row of rows) {
        await knex('readiness_fact_history')
          .where('id', row.id)
          .update({ value: values.get(row.value_hash) ?? 'null' });
      }
    },
  );

  // Tracked facts take their observation times back into their own row.
  const observations = await knex('readiness_observations').select();
  for (const o of observations) {
    await knex('readiness_facts')
      .where({ entity_ref: o.entity_ref, collector_id: o.collector_id })
      .andWhere('tracked', true)
      .update({
        observed_at: o.observed_at,
        stale_at: knex.raw('? + stale_window', [o.observed_at]),
      });
  }
  await knex.schema.alterTable('readiness_facts', table => {
    table.text('value').nullable();
  });
  await forEachPage(
    () =>
      knex('readiness_facts').select(
        'entity_ref',
        'name',
        'value_hash',
        'changed_at',
      ),
    ['entity_ref', 'name'],
    async rows => {
      const values = await valueOf(new Set(rows.map(r => r.value_hash)));
      for (const row of rows) {
        const value = values.get(row.value_hash) ?? 'null';
        await knex('readiness_facts')
          .where({ entity_ref: row.entity_ref, name: row.name })
          .update({ value });
        await knex('readiness_fact_history').insert({
          entity_ref: row.entity_ref,
          name: row.name,
          value,
          changed_at: row.changed_at,
        });
      }
    },
  );
  await knex.schema.alterTable('readiness_fact_history', table => {
    table.dropColumn('value_hash');
    table.dropColumn('superseded_at');
  });
  await knex.schema.alterTable('readiness_facts', table => {
    table.dropColumn('collector_id');
    table.dropColumn('tracked');
    table.dropColumn('stale_window');
  });

  await knex.schema.dropTable('readiness_observations');
  await knex.schema.dropTable('readiness_fact_values');
};
