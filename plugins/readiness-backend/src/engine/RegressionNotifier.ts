import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CheckRegistry } from '../checks/CheckRegistry';

/** What got worse for one entity in one evaluation cycle. */
export interface EntityRegressions {
  entityRef: string;
  owner?: string;
  newlyFailing: string[];
  levelDrops: Array<{ scorecardId: string; from?: string; to?: string }>;
}

function entityPath(ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}/readiness`;
}

/**
 * Tells owning groups that their entities regressed: one notification per
 * owner per cycle, listing every entity and check, never one per check.
 * Does nothing, once logged, when the notifications backend is not there.
 */
export class RegressionNotifier {
  private disabled = false;

  constructor(
    private readonly deps: {
      notifications: NotificationService;
      checks: CheckRegistry;
      logger: LoggerService;
    },
  ) {}

  async notify(regressions: EntityRegressions[]): Promise<number> {
    if (this.disabled) {
      return 0;
    }
    const byOwner = new Map<string, EntityRegressions[]>();
    for (const r of regressions) {
      if (!r.owner) continue;
      byOwner.set(r.owner, [...(byOwner.get(r.owner) ?? []), r]);
    }
    let sent = 0;
    for (const [owner, items] of byOwner) {
      const lines = items.map(item => {
        const drops = item.levelDrops.map(
          d => `level ${d.from ?? 'none'} → ${d.to ?? 'none'}`,
        );
        const checks = item.newlyFailing.map(
          id => this.deps.checks.getCheck(id)?.title ?? id,
        );
        return `${item.entityRef}: ${[...drops, ...checks].join('; ')}`;
      });
      const checkCount = items.reduce((n, i) => n + i.newlyFailing.length, 0);
      try {
        await this.deps.notifications.send({
          recipients: { type: 'entity', entityRef: owner },
          payload: {
            title: `Readiness regressed on ${items.length} ${
              items.length === 1 ? 'entity' : 'entities'
            } (${checkCount} newly failing ${
              checkCount === 1 ? 'check' : 'checks'
            })`,
            description: lines.join('\n'),
            link:
              items.length === 1
                ? entityPath(items[0].entityRef)
                : '/readiness',
            severity: items.some(i => i.levelDrops.length > 0)
              ? 'high'
              : 'normal',
            topic: 'readiness-regression',
            scope: `readiness:${owner}`,
          },
        });
        sent += 1;
      } catch (error) {
        if (/\b404\b|not found|ECONNREFUSED/i.test(String(error))) {
          this.disabled = true;
          this.deps.logger.info(
            'Readiness regression notifications are off: the notifications backend is not installed',
          );
          return sent;
        }
        this.deps.logger.warn(`Readiness could not notify ${owner}: ${error}`);
      }
    }
    return sent;
  }
}
