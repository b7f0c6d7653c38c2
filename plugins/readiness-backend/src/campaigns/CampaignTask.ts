import { LoggerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { CheckRegistry } from '../checks/CheckRegistry';
import {
  campaignMembers,
  countByOwner,
  lackingChecks,
  percentOf,
} from './campaignMembers';
import { CampaignReminders, LaggingEntity } from './CampaignReminders';
import { campaignOfRow, CampaignStore } from './CampaignStore';

const DAY = 24 * 60 * 60 * 1000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** What one run of the campaign task did. */
export interface CampaignRunSummary {
  points: number;
  finalized: Array<{ id: string; status: 'met' | 'missed' }>;
  reminded: Array<{ id: string; daysBefore: number; owners: string[] }>;
}

/**
 * The scheduled work of campaigns, run under the scheduler's lock on one
 * replica at a time:
 *
 * - today's progress point of every running campaign, per owning team
 *   (rewritten by each run of the day, so the last run of a day stands);
 * - reminders to owners of lagging entities at each reminder point;
 * - at the deadline, the final figures and met or missed, once.
 */
export class CampaignTask {
  constructor(
    private readonly deps: {
      db: Knex;
      store: CampaignStore;
      checks: CheckRegistry;
      logger: LoggerService;
      reminders?: CampaignReminders;
    },
  ) {}

  async run(now: number): Promise<CampaignRunSummary> {
    const { db, store, checks } = this.deps;
    const summary: CampaignRunSummary = {
      points: 0,
      finalized: [],
      reminded: [],
    };
    const lagging: LaggingEntity[] = [];
    const claimed: Array<{ id: string; daysBefore: number }> = [];

    for (const row of await store.list()) {
      const campaign = campaignOfRow(row);
      if (row.status !== 'active' || now < campaign.startsAt) {
        continue;
      }
      const members = await campaignMembers(db, campaign, checks);
      const counts = countByOwner(members);
      const ended = now >= campaign.deadline;
      // The last point of an ended campaign is its deadline's day.
      await store.writeProgress(
        campaign.id,
        dayOf(ended ? campaign.deadline : now),
        counts.byOwner,
      );
      summary.points += 1;

      if (ended) {
        const status =
          percentOf(counts.atTarget, counts.total) >= campaign.goalPercent &&
          counts.total > 0
            ? 'met'
            : 'missed';
        if (await store.finalize(campaign.id, status, counts, now)) {
          summary.finalized.push({ id: campaign.id, status });
          this.deps.logger.info(
            `Readiness campaign ${campaign.id} ended ${status}: ${counts.atTarget} of ${counts.total} entities at target`,
          );
        }
        continue;
      }

      // Reminder points reached and not yet sent. After downtime several
      // may be due at once: all are claimed, owners hear once.
      const sent = new Set(await store.remindersSent(campaign.id));
      const due = campaign.remindDaysBefore.filter(
        days => now >= campaign.deadline - days * DAY && !sent.has(days),
      );
      const mine: number[] = [];
      for (const days of due) {
        if (await store.claimReminder(campaign.id, days, now)) {
          mine.push(days);
        }
      }
      if (mine.length === 0) {
        continue;
      }
      const daysBefore = Math.min(...mine);
      claimed.push({ id: campaign.id, daysBefore });
      const behind = members.filter(m => !m.atTarget && m.owner);
      const lacks = await lackingChecks(
        db,
        campaign,
        checks,
        behind.map(m => m.entityRef),
      );
      for (const member of behind) {
        lagging.push({
          campaignId: campaign.id,
          campaignTitle: campaign.title,
          deadline: campaign.deadline,
          owner: member.owner,
          entityRef: member.entityRef,
          lacking: (lacks.get(member.entityRef) ?? []).map(
            l => checks.getCheck(l.checkId)?.title ?? l.checkId,
          ),
        });
      }
    }

    if (claimed.length > 0) {
      const notified = this.deps.reminders
        ? await this.deps.reminders.send(lagging, now)
        : [];
      for (const { id, daysBefore } of claimed) {
        const owners = notified
          .filter(owner =>
            lagging.some(l => l.campaignId === id && l.owner === owner),
          )
          .sort();
        await store.recordReminderOwners(id, daysBefore, owners.length);
        summary.reminded.push({ id, daysBefore, owners });
      }
    }
    return summary;
  }
}
