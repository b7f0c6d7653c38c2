import { Knex } from 'knex';
import { DbTime } from '../database/rows';
import { Campaign } from './campaignSchema';

/** A campaign row as knex returns it. */
export interface CampaignRow {
  id: string;
  title: string;
  description: string | null;
  owner: string;
  target: string;
  filter: string;
  starts_at: DbTime;
  deadline: DbTime;
  remind_days_before: string;
  goal_percent: number;
  source: 'config' | 'api';
  status: 'active' | 'met' | 'missed';
  final: string | null;
  finalized_at: DbTime | null;
  created_by: string;
  created_at: DbTime;
  updated_by: string;
  updated_at: DbTime;
}

/** Covered and at-target entities of one owner ('' for no owner). */
export interface OwnerCount {
  owner: string;
  total: number;
  atTarget: number;
}

/** What a campaign's final record keeps. */
export interface FinalFigures {
  total: number;
  atTarget: number;
  byOwner: OwnerCount[];
}

const millis = (value: DbTime) => Number(value);

/** The stored campaign of a row. */
export function campaignOfRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    title: row.title,
    description: row.description ?? undefined,
    owner: row.owner,
    target: JSON.parse(row.target),
    filter: JSON.parse(row.filter),
    startsAt: millis(row.starts_at),
    deadline: millis(row.deadline),
    remindDaysBefore: JSON.parse(row.remind_days_before),
    goalPercent: Number(row.goal_percent),
  };
}

function definitionColumns(campaign: Campaign) {
  return {
    title: campaign.title,
    description: campaign.description ?? null,
    owner: campaign.owner,
    target: JSON.stringify(campaign.target),
    filter: JSON.stringify(campaign.filter),
    starts_at: campaign.startsAt,
    deadline: campaign.deadline,
    remind_days_before: JSON.stringify(campaign.remindDaysBefore),
    goal_percent: campaign.goalPercent,
  };
}

const sameDefinition = (row: CampaignRow, campaign: Campaign) => {
  const columns = definitionColumns(campaign) as Record<string, unknown>;
  const stored = row as unknown as Record<string, unknown>;
  return Object.entries(columns).every(([key, value]) =>
    typeof value === 'number'
      ? Number(stored[key]) === value
      : stored[key] === value,
  );
};

/** Campaigns, their daily progress points and the reminders sent. */
export class CampaignStore {
  constructor(private readonly db: Knex) {}

  async list(): Promise<CampaignRow[]> {
    return this.db<CampaignRow>('readiness_campaigns').orderBy([
      'deadline',
      'id',
    ]);
  }

  async get(id: string): Promise<CampaignRow | undefined> {
    return this.db<CampaignRow>('readiness_campaigns').where({ id }).first();
  }

  /**
   * Makes the stored config campaigns those of app-config: new ones are
   * added, changed ones rewritten, and ones gone from app-config removed
   * unless they ended (their final record stays). A config campaign that
   * ended keeps its final record even when its definition changes.
   */
  async syncConfig(
    campaigns: Campaign[],
    now: number,
  ): Promise<{ created: string[]; updated: string[]; removed: string[] }> {
    const changes = {
      created: [] as string[],
      updated: [] as string[],
      removed: [] as string[],
    };
    await this.db.transaction(async tx => {
      const existing = new Map(
        (await tx<CampaignRow>('readiness_campaigns')).map(r => [r.id, r]),
      );
      for (const campaign of campaigns) {
        const row = existing.get(campaign.id);
        if (!row) {
          await tx('readiness_campaigns').insert({
            id: campaign.id,
            ...definitionColumns(campaign),
            source: 'config',
            status: 'active',
            created_by: 'app-config',
            created_at: now,
            updated_by: 'app-config',
            updated_at: now,
          });
          changes.created.push(campaign.id);
        } else if (row.source !== 'config') {
          // An API campaign with the same id: app-config wins, as the
          // definition that is reviewed in code.
          await tx('readiness_campaigns')
            .where({ id: campaign.id })
            .update({
              ...definitionColumns(campaign),
              source: 'config',
              updated_by: 'app-config',
              updated_at: now,
            });
          changes.updated.push(campaign.id);
        } else if (!sameDefinition(row, campaign)) {
          await tx('readiness_campaigns')
            .where({ id: campaign.id })
            .update({
              ...definitionColumns(campaign),
              updated_by: 'app-config',
              updated_at: now,
            });
          changes.updated.push(campaign.id);
        }
      }
      const wanted = new Set(campaigns.map(c => c.id));
      const gone = [...existing.values()]
        .filter(
          r =>
            r.source === 'config' && r.status === 'active' && !wanted.has(r.id),
        )
        .map(r => r.id);
      for (const id of gone) {
        await this.deleteIn(tx, id);
        changes.removed.push(id);
      }
    });
    return changes;
  }

  /** Adds an API campaign; false when the id is taken. */
  async create(campaign: Campaign, by: string, now: number): Promise<boolean> {
    const inserted = await this.db('readiness_campaigns')
      .insert({
        id: campaign.id,
        ...definitionColumns(campaign),
        source: 'api',
        status: 'active',
        created_by: by,
        created_at: now,
        updated_by: by,
        updated_at: now,
      })
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }

  /** Rewrites an active API campaign; false when there is none to change. */
  async update(campaign: Campaign, by: string, now: number): Promise<boolean> {
    const count = await this.db('readiness_campaigns')
      .where({ id: campaign.id, source: 'api', status: 'active' })
      .update({
        ...definitionColumns(campaign),
        updated_by: by,
        updated_at: now,
      });
    return count === 1;
  }

  /** Deletes an API campaign with its points and reminders. */
  async delete(id: string): Promise<boolean> {
    return this.db.transaction(async tx => {
      const row = await tx('readiness_campaigns')
        .where({ id, source: 'api' })
        .first();
      if (!row) {
        return false;
      }
      await this.deleteIn(tx, id);
      return true;
    });
  }

  private async deleteIn(tx: Knex.Transaction, id: string) {
    await tx('readiness_campaign_reminders').where({ campaign_id: id }).del();
    await tx('readiness_campaign_progress').where({ campaign_id: id }).del();
    await tx('readiness_campaigns').where({ id }).del();
  }

  /** Replaces the campaign's point of one day with these per-owner counts. */
  async writeProgress(
    campaignId: string,
    day: string,
    counts: OwnerCount[],
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('readiness_campaign_progress')
        .where({ campaign_id: campaignId, day })
        .del();
      const rows = counts.map(c => ({
        campaign_id: campaignId,
        day,
        owner: c.owner,
        total: c.total,
        at_target: c.atTarget,
      }));
      for (let i = 0; i < rows.length; i += 200) {
        await tx('readiness_campaign_progress').insert(rows.slice(i, i + 200));
      }
    });
  }

  /** Daily points, summed over owners, or of one owner. */
  async history(
    campaignId: string,
    owner?: string,
  ): Promise<Array<{ day: string; total: number; atTarget: number }>> {
    const query = this.db('readiness_campaign_progress')
      .where({ campaign_id: campaignId })
      .groupBy('day')
      .orderBy('day')
      .select('day')
      .sum({ total: 'total', at_target: 'at_target' });
    if (owner !== undefined) {
      query.andWhere({ owner });
    }
    const rows = (await query) as Array<{
      day: string;
      total: unknown;
      at_target: unknown;
    }>;
    return rows.map(r => ({
      day: r.day,
      total: Number(r.total),
      atTarget: Number(r.at_target),
    }));
  }

  /**
   * Claims a reminder point of a campaign: true for exactly one caller,
   * whichever replica it runs on.
   */
  async claimReminder(
    campaignId: string,
    daysBefore: number,
    now: number,
  ): Promise<boolean> {
    const inserted = await this.db('readiness_campaign_reminders')
      .insert({
        campaign_id: campaignId,
        days_before: daysBefore,
        sent_at: now,
        owners: 0,
      })
      .onConflict(['campaign_id', 'days_before'])
      .ignore()
      .returning('campaign_id');
    return inserted.length === 1;
  }

  async recordReminderOwners(
    campaignId: string,
    daysBefore: number,
    owners: number,
  ): Promise<void> {
    await this.db('readiness_campaign_reminders')
      .where({ campaign_id: campaignId, days_before: daysBefore })
      .update({ owners });
  }

  async remindersSent(campaignId: string): Promise<number[]> {
    const rows = await this.db('readiness_campaign_reminders')
      .where({ campaign_id: campaignId })
      .select('days_before');
    return rows.map(r => Number(r.days_before));
  }

  /**
   * Ends an active campaign as met or missed with its final figures; false
   * when it had already ended (by another replica).
   */
  async finalize(
    id: string,
    status: 'met' | 'missed',
    final: FinalFigures,
    now: number,
  ): Promise<boolean> {
    const count = await this.db('readiness_campaigns')
      .where({ id, status: 'active' })
      .update({ status, final: JSON.stringify(final), finalized_at: now });
    return count === 1;
  }
}
