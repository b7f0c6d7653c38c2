import { ReadinessCampaignFilter } from '@readiness/backstage-plugin-readiness-common';
import { Knex } from 'knex';
import { CheckRegistry } from '../checks/CheckRegistry';
import { Campaign, requiredChecks } from './campaignSchema';

/*
 * Who a campaign covers and who is at its target, read from the stored
 * rollups and results: never by evaluating a check. One statement per
 * campaign, whatever the number of entities.
 */

/** One covered entity; owner '' when it has none. */
export interface CampaignMember {
  entityRef: string;
  owner: string;
  title?: string;
  atTarget: boolean;
}

const SATISFIED = ['pass', 'exempt'];
const CHUNK = 500;

const isSqlite = (db: Knex) =>
  String(db.client.config.client).includes('sqlite');

/** Narrows a query over `readiness_entities as e` to a campaign's filter. */
function applyFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: ReadinessCampaignFilter,
) {
  query.whereNull('e.removed_at');
  for (const column of [
    'kind',
    'type',
    'lifecycle',
    'owner',
    'system',
  ] as const) {
    const values = filter[column];
    if (values && values.length > 0) {
      query.whereIn(`e.${column}`, values);
    }
  }
  const tags = filter.tags;
  if (tags && tags.length > 0) {
    // Tags live in the stored entity JSON only; each engine reads JSON its
    // own way. A tag list that is not an array matches nothing.
    if (isSqlite(db)) {
      query.whereRaw(
        `exists (select 1 from json_each(e.entity, '$.metadata.tags') t
          where t.type = 'text' and t.value in (${tags
            .map(() => '?')
            .join(', ')}))`,
        tags,
      );
    } else {
      query.where(inner => {
        for (const tag of tags) {
          inner.orWhereRaw(
            `(e.entity::jsonb -> 'metadata' -> 'tags') @> ?::jsonb`,
            [JSON.stringify([tag])],
          );
        }
      });
    }
  }
}

/**
 * The entities a campaign covers, each at target or not. A level target
 * reads the rollups (an entity with no applicable check is not rated and
 * not covered); a checks target reads the results of those checks (an
 * entity none of them applies to is not covered).
 */
export async function campaignMembers(
  db: Knex,
  campaign: Campaign,
  checks: CheckRegistry,
  narrow: { entityRef?: string; owner?: string } = {},
): Promise<CampaignMember[]> {
  const { target } = campaign;
  let query: Knex.QueryBuilder;
  if ('level' in target) {
    const scorecard = checks.getScorecard(target.scorecard);
    const index = scorecard?.levels.findIndex(l => l.id === target.level) ?? -1;
    if (index < 0) {
      return [];
    }
    // level_index counts the levels held: holding the target level means
    // holding more than `index` levels.
    query = db('readiness_rollups as r')
      .join('readiness_entities as e', 'e.entity_ref', 'r.entity_ref')
      .where('r.scorecard_id', target.scorecard)
      .whereRaw(
        'r.pass_count + r.fail_count + r.unknown_count + r.exempt_count + r.error_count > 0',
      )
      .select(
        'e.entity_ref',
        'e.owner',
        'e.title',
        db.raw('case when r.level_index > ? then 0 else 1 end as lacking', [
          index,
        ]),
      );
  } else {
    query = db('readiness_results as r')
      .join('readiness_entities as e', 'e.entity_ref', 'r.entity_ref')
      .whereIn('r.check_id', target.checks)
      .groupBy('e.entity_ref', 'e.owner', 'e.title')
      .select(
        'e.entity_ref',
        'e.owner',
        'e.title',
        db.raw(
          `sum(case when r.state in (${SATISFIED.map(() => '?').join(
            ', ',
          )}) then 0 else 1 end) as lacking`,
          SATISFIED,
        ),
      );
  }
  applyFilter(db, query, campaign.filter);
  if (narrow.entityRef) {
    query.where('e.entity_ref', narrow.entityRef);
  }
  if (narrow.owner) {
    query.where('e.owner', narrow.owner);
  }
  const rows: Array<{
    entity_ref: string;
    owner: string | null;
    title: string | null;
    lacking: unknown;
  }> = await query;
  return rows.map(row => ({
    entityRef: row.entity_ref,
    owner: row.owner ?? '',
    title: row.title ?? undefined,
    atTarget: Number(row.lacking) === 0,
  }));
}

/**
 * What each entity still lacks for a campaign: its required checks that
 * neither pass nor are exempt, with their current state.
 */
export async function lackingChecks(
  db: Knex,
  campaign: Campaign,
  checks: CheckRegistry,
  entityRefs: string[],
): Promise<Map<string, Array<{ checkId: string; state: string }>>> {
  const required = requiredChecks(campaign.target, checks);
  const lacking = new Map<string, Array<{ checkId: string; state: string }>>();
  if (required.length === 0) {
    return lacking;
  }
  for (let i = 0; i < entityRefs.length; i += CHUNK) {
    const rows: Array<{ entity_ref: string; check_id: string; state: string }> =
      await db('readiness_results')
        .whereIn('entity_ref', entityRefs.slice(i, i + CHUNK))
        .whereIn('check_id', required)
        .whereNotIn('state', SATISFIED)
        .orderBy(['entity_ref', 'check_id'])
        .select('entity_ref', 'check_id', 'state');
    for (const row of rows) {
      const list = lacking.get(row.entity_ref) ?? [];
      list.push({ checkId: row.check_id, state: row.state });
      lacking.set(row.entity_ref, list);
    }
  }
  return lacking;
}

/** Totals and per-owner counts of members. */
export function countByOwner(members: CampaignMember[]) {
  const byOwner = new Map<string, { total: number; atTarget: number }>();
  let atTarget = 0;
  for (const member of members) {
    const counts = byOwner.get(member.owner) ?? { total: 0, atTarget: 0 };
    counts.total += 1;
    if (member.atTarget) {
      counts.atTarget += 1;
      atTarget += 1;
    }
    byOwner.set(member.owner, counts);
  }
  return {
    total: members.length,
    atTarget,
    byOwner: [...byOwner.entries()]
      .map(([owner, c]) => ({ owner, ...c }))
      .sort((a, b) => a.owner.localeCompare(b.owner)),
  };
}

/** One decimal of a share in percent; 0 of nothing is 0. */
export const percentOf = (atTarget: number, total: number) =>
  total === 0 ? 0 : Math.round((atTarget / total) * 1000) / 10;
