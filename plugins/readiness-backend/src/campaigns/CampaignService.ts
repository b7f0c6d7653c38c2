import {
  ReadinessCampaign,
  ReadinessCampaignDetail,
  ReadinessCampaignEntity,
  ReadinessCampaignLack,
  ReadinessCampaignStatus,
  ReadinessEntityCampaign,
} from '@readiness/backstage-plugin-readiness-common';
import { Knex } from 'knex';
import { CheckRegistry } from '../checks/CheckRegistry';
import {
  CampaignMember,
  campaignMembers,
  countByOwner,
  lackingChecks,
  percentOf,
} from './campaignMembers';
import {
  CampaignRow,
  CampaignStore,
  campaignOfRow,
  FinalFigures,
} from './CampaignStore';

const iso = (value: number) => new Date(value).toISOString();

/** How long a campaign's member list is reused; see `members`. */
const MEMBERS_TTL_MS = 10_000;

/** What a row says about the campaign's life at a time. */
export function statusOf(
  row: CampaignRow,
  now: number,
): ReadinessCampaignStatus {
  if (row.status !== 'active') {
    return row.status;
  }
  return now < Number(row.starts_at) ? 'upcoming' : 'active';
}

/**
 * Campaigns as the API shows them. Current figures come from the stored
 * rollups and results, narrowed to the entities the caller may see; an
 * ended campaign shows the figures it ended with.
 */
export class CampaignService {
  constructor(
    private readonly deps: {
      db: Knex;
      store: CampaignStore;
      checks: CheckRegistry;
      clock?: () => number;
    },
  ) {}

  private readonly cache = new Map<
    string,
    { at: number; members: Promise<CampaignMember[]> }
  >();

  private clock() {
    return (this.deps.clock ?? Date.now)();
  }

  get store() {
    return this.deps.store;
  }

  private view(
    row: CampaignRow,
    now: number,
    figures: { total: number; atTarget: number },
  ): ReadinessCampaign {
    const campaign = campaignOfRow(row);
    return {
      id: campaign.id,
      title: campaign.title,
      description: campaign.description,
      owner: campaign.owner,
      target: campaign.target,
      filter: campaign.filter,
      startsAt: iso(campaign.startsAt),
      deadline: iso(campaign.deadline),
      remindDaysBefore: campaign.remindDaysBefore,
      goalPercent: campaign.goalPercent,
      source: row.source,
      status: statusOf(row, now),
      progress: {
        total: figures.total,
        atTarget: figures.atTarget,
        percent: percentOf(figures.atTarget, figures.total),
      },
      finalizedAt: row.finalized_at ? iso(Number(row.finalized_at)) : undefined,
      createdBy: row.created_by,
      updatedAt: iso(Number(row.updated_at)),
    };
  }

  /**
   * Every member of a campaign, read once per campaign version and shared
   * by concurrent and following requests for a few seconds: sixteen people
   * opening a campaign of 10,000 entities cost one query, and figures lag
   * the stored results by at most the cache time.
   */
  private members(row: CampaignRow): Promise<CampaignMember[]> {
    const key = `${row.id}\u0000${row.updated_at}`;
    const now = this.clock();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < MEMBERS_TTL_MS) {
      return cached.members;
    }
    const members = campaignMembers(
      this.deps.db,
      campaignOfRow(row),
      this.deps.checks,
    );
    // Older versions and deleted campaigns leave with their time.
    for (const [old, entry] of this.cache) {
      if (now - entry.at >= MEMBERS_TTL_MS) this.cache.delete(old);
    }
    this.cache.set(key, { at: now, members });
    members.catch(() => this.cache.delete(key));
    return members;
  }

  /** Members the caller may see, of the whole campaign or one owner. */
  private async visibleMembers(
    row: CampaignRow,
    visible: ReadonlySet<string>,
    narrow: { entityRef?: string; owner?: string } = {},
  ): Promise<CampaignMember[]> {
    return (await this.members(row)).filter(
      m =>
        visible.has(m.entityRef) &&
        (narrow.owner === undefined || m.owner === narrow.owner) &&
        (narrow.entityRef === undefined || m.entityRef === narrow.entityRef),
    );
  }

  /** Per-owner figures: the final ones of an ended campaign. */
  private async figures(
    row: CampaignRow,
    visible: ReadonlySet<string>,
    owner?: string,
  ) {
    if (row.final) {
      const final = JSON.parse(row.final) as FinalFigures;
      const byOwner = owner
        ? final.byOwner.filter(o => o.owner === owner)
        : final.byOwner;
      return owner
        ? {
            total: byOwner.reduce((n, o) => n + o.total, 0),
            atTarget: byOwner.reduce((n, o) => n + o.atTarget, 0),
            byOwner,
          }
        : final;
    }
    return countByOwner(await this.visibleMembers(row, visible, { owner }));
  }

  /** Every campaign; with an owner, only those covering its entities. */
  async list(
    visible: ReadonlySet<string>,
    now: number,
    owner?: string,
  ): Promise<ReadinessCampaign[]> {
    const items: ReadinessCampaign[] = [];
    for (const row of await this.deps.store.list()) {
      const figures = await this.figures(row, visible, owner);
      if (owner && figures.total === 0) {
        continue;
      }
      items.push(this.view(row, now, figures));
    }
    return items;
  }

  async get(
    id: string,
    visible: ReadonlySet<string>,
    now: number,
  ): Promise<ReadinessCampaignDetail | undefined> {
    const row = await this.deps.store.get(id);
    if (!row) {
      return undefined;
    }
    const figures = await this.figures(row, visible);
    const history = await this.deps.store.history(id);
    return {
      ...this.view(row, now, figures),
      byOwner: figures.byOwner.map(o => ({
        owner: o.owner || undefined,
        total: o.total,
        atTarget: o.atTarget,
        percent: percentOf(o.atTarget, o.total),
      })),
      history: history.map(p => ({
        ...p,
        percent: percentOf(p.atTarget, p.total),
      })),
    };
  }

  private lackView(lacking: Array<{ checkId: string; state: string }> = []) {
    return lacking.map(
      (l): ReadinessCampaignLack => ({
        checkId: l.checkId,
        title: this.deps.checks.getCheck(l.checkId)?.title ?? l.checkId,
        state: l.state,
      }),
    );
  }

  /** The covered entities the caller may see, lagging ones first. */
  async entities(
    row: CampaignRow,
    visible: ReadonlySet<string>,
    owner?: string,
  ): Promise<ReadinessCampaignEntity[]> {
    const campaign = campaignOfRow(row);
    const members = await this.visibleMembers(row, visible, { owner });
    const lacking = await lackingChecks(
      this.deps.db,
      campaign,
      this.deps.checks,
      members.filter(m => !m.atTarget).map(m => m.entityRef),
    );
    return members
      .map(m => ({
        entityRef: m.entityRef,
        title: m.title,
        owner: m.owner || undefined,
        atTarget: m.atTarget,
        lacking: m.atTarget ? [] : this.lackView(lacking.get(m.entityRef)),
      }))
      .sort(
        (a, b) =>
          Number(a.atTarget) - Number(b.atTarget) ||
          a.entityRef.localeCompare(b.entityRef),
      );
  }

  /** The campaigns that are not over and cover one entity. */
  async ofEntity(
    entityRef: string,
    visible: ReadonlySet<string>,
    now: number,
  ): Promise<ReadinessEntityCampaign[]> {
    const items: ReadinessEntityCampaign[] = [];
    for (const row of await this.deps.store.list()) {
      if (row.status !== 'active') continue;
      const campaign = campaignOfRow(row);
      const [member] = await this.visibleMembers(row, visible, { entityRef });
      if (!member) continue;
      const lacking = member.atTarget
        ? new Map()
        : await lackingChecks(this.deps.db, campaign, this.deps.checks, [
            entityRef,
          ]);
      items.push({
        campaign: this.view(row, now, await this.figures(row, visible)),
        atTarget: member.atTarget,
        lacking: this.lackView(lacking.get(entityRef)),
      });
    }
    return items;
  }
}
