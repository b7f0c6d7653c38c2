import { Knex } from 'knex';
import { CheckRegistry, CompiledCheck } from '../../checks/CheckRegistry';
import { Campaign } from '../campaignSchema';

/*
 * Rows of the readiness tables as the engine writes them, for campaign
 * tests that need a fleet in a known state without running collectors.
 */

export const DAY = 24 * 60 * 60 * 1000;

const check = (id: string, level: string): CompiledCheck =>
  ({
    id,
    title: `Title of ${id}`,
    category: 'ops',
    scorecard: 'production-readiness',
    level,
    weight: 1,
    facts: [],
    expression: 'true',
    origin: 'test',
  } as unknown as CompiledCheck);

/** One scorecard, Bronze < Silver < Gold, two checks per level. */
export const registry = new CheckRegistry(
  [
    {
      id: 'production-readiness',
      title: 'Production Readiness',
      levels: [
        { id: 'bronze', title: 'Bronze' },
        { id: 'silver', title: 'Silver' },
        { id: 'gold', title: 'Gold' },
      ],
    },
  ],
  [
    check('owner-set', 'bronze'),
    check('docs-link', 'bronze'),
    check('probes', 'silver'),
    check('alerts', 'silver'),
    check('slo', 'gold'),
    check('chaos', 'gold'),
  ],
);

export interface FleetEntity {
  name: string;
  owner?: string;
  kind?: string;
  type?: string;
  lifecycle?: string;
  system?: string;
  tags?: string[];
  removed?: boolean;
  /** Levels held (0 none, 1 Bronze...); omitted: not rated. */
  levelIndex?: number;
  /** Current state of each check; absent checks do not apply. */
  results?: Record<string, string>;
}

export const refOf = (name: string, kind = 'component') =>
  `${kind}:default/${name}`;

/** Writes entities with their rollups and results. */
export async function writeFleet(knex: Knex, fleet: FleetEntity[]) {
  for (const e of fleet) {
    const kind = e.kind ?? 'component';
    const ref = refOf(e.name, kind);
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: { name: e.name, namespace: 'default', tags: e.tags },
      spec: { owner: e.owner, type: e.type ?? 'service' },
    };
    await knex('readiness_entities').insert({
      entity_ref: ref,
      kind,
      namespace: 'default',
      name: e.name,
      title: null,
      type: e.type ?? 'service',
      lifecycle: e.lifecycle ?? 'production',
      owner: e.owner ?? null,
      system: e.system ?? null,
      entity: JSON.stringify(entity),
      entity_hash: ref,
      last_seen_at: 1,
      removed_at: e.removed ? 2 : null,
    });
    const states = Object.values(e.results ?? {});
    const count = (state: string) => states.filter(s => s === state).length;
    await knex('readiness_rollups').insert({
      entity_ref: ref,
      scorecard_id: 'production-readiness',
      kind,
      type: e.type ?? 'service',
      lifecycle: e.lifecycle ?? 'production',
      owner: e.owner ?? null,
      system: e.system ?? null,
      title: e.name,
      level: null,
      level_index: e.levelIndex ?? 3,
      next_level: null,
      blocking_count: 0,
      score: 50,
      pass_count: count('pass'),
      fail_count: count('fail'),
      unknown_count: count('unknown'),
      exempt_count: count('exempt'),
      error_count: count('error'),
      updated_at: 1,
    });
    for (const [checkId, state] of Object.entries(e.results ?? {})) {
      await knex('readiness_results').insert({
        entity_ref: ref,
        check_id: checkId,
        scorecard_id: 'production-readiness',
        state,
        message: null,
        evidence: '[]',
        since: 1,
        evaluated_at: 1,
      });
    }
  }
}

/** Changes the stored state of one entity, as an evaluation would. */
export async function setState(
  knex: Knex,
  name: string,
  levelIndex: number,
  results: Record<string, string>,
) {
  const ref = refOf(name);
  await knex('readiness_rollups')
    .where({ entity_ref: ref })
    .update({ level_index: levelIndex });
  for (const [checkId, state] of Object.entries(results)) {
    await knex('readiness_results')
      .where({ entity_ref: ref, check_id: checkId })
      .update({ state });
  }
}

const pass = (ids: string[]) => Object.fromEntries(ids.map(id => [id, 'pass']));

/** All Silver checks pass, Gold's fail. */
export const silver = {
  levelIndex: 2,
  results: {
    ...pass(['owner-set', 'docs-link', 'probes', 'alerts']),
    slo: 'fail',
    chaos: 'fail',
  },
};

/** Bronze only: probes fail, alerts unknown. */
export const bronze = {
  levelIndex: 1,
  results: {
    ...pass(['owner-set', 'docs-link']),
    probes: 'fail',
    alerts: 'unknown',
    slo: 'fail',
    chaos: 'fail',
  },
};

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'silver-by-march',
    title: 'Silver by March',
    owner: 'group:default/platform',
    target: { scorecard: 'production-readiness', level: 'silver' },
    filter: { kind: ['component'] },
    startsAt: Date.UTC(2027, 0, 1),
    deadline: Date.UTC(2027, 2, 31, 23, 59, 59, 999),
    remindDaysBefore: [7, 1],
    goalPercent: 100,
    ...overrides,
  };
}
