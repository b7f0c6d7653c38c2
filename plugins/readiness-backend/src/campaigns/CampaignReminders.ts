import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';

/** One lagging entity of one owner in one campaign. */
export interface LaggingEntity {
  campaignId: string;
  campaignTitle: string;
  deadline: number;
  owner: string;
  entityRef: string;
  /** Titles of the checks it still lacks. */
  lacking: string[];
}

const LACKS_SHOWN = 3;

/**
 * Reminds owners of entities not at a campaign's target: one notification
 * per owner per run, covering every campaign and entity due, as regression
 * notifications are batched. Does nothing, once logged, when the
 * notifications backend is not there.
 */
export class CampaignReminders {
  private disabled = false;

  constructor(
    private readonly deps: {
      notifications: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /** Sends the reminders; returns the owners notified. */
  async send(lagging: LaggingEntity[], now: number): Promise<string[]> {
    if (this.disabled) {
      return [];
    }
    const byOwner = new Map<string, LaggingEntity[]>();
    for (const item of lagging) {
      if (!item.owner) continue;
      byOwner.set(item.owner, [...(byOwner.get(item.owner) ?? []), item]);
    }
    const notified: string[] = [];
    // In a stable order, so a run reads the same in logs and tests.
    for (const [owner, items] of [...byOwner].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      const campaigns = new Map<string, LaggingEntity[]>();
      for (const item of items) {
        campaigns.set(item.campaignId, [
          ...(campaigns.get(item.campaignId) ?? []),
          item,
        ]);
      }
      const sections = [...campaigns.values()].map(entities => {
        const first = entities[0];
        const days = Math.max(
          0,
          Math.ceil((first.deadline - now) / (24 * 60 * 60 * 1000)),
        );
        const lines = entities.map(e => {
          const shown = e.lacking.slice(0, LACKS_SHOWN).join('; ');
          const more = e.lacking.length - LACKS_SHOWN;
          return `- ${e.entityRef}: ${shown || 'not at target'}${
            more > 0 ? ` and ${more} more` : ''
          }`;
        });
        return `${first.campaignTitle} (due ${new Date(first.deadline)
          .toISOString()
          .slice(0, 10)}, ${days} ${
          days === 1 ? 'day' : 'days'
        } left):\n${lines.join('\n')}`;
      });
      const single = campaigns.size === 1 ? items[0] : undefined;
      try {
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            title: single
              ? `${single.campaignTitle}: ${items.length} ${
                  items.length === 1 ? 'entity' : 'entities'
                } not at target yet`
              : `${campaigns.size} readiness campaigns: ${items.length} entities not at target yet`,
            description: sections.join('\n\n'),
            link: single
              ? `/readiness/campaigns/${encodeURIComponent(single.campaignId)}`
              : '/readiness/campaigns',
            severity: 'normal',
            topic: 'readiness-campaign',
            scope: `readiness-campaign:${owner}`,
          },
        });
        notified.push(owner);
      } catch (error) {
        if (/\b404\b|not found|ECONNREFUSED/i.test(String(error))) {
          this.disabled = true;
          this.deps.logger.info(
            'Readiness campaign reminders are off: the notifications backend is not installed',
          );
          return notified;
        }
        this.deps.logger.warn(
          `Readiness could not remind ${owner} of campaigns: ${error}`,
        );
      }
    }
    return notified;
  }
}
