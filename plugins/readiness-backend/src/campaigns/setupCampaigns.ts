import {
  AuditorService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { CheckRegistry } from '../checks/CheckRegistry';
import { CampaignReminders } from './CampaignReminders';
import { CampaignService } from './CampaignService';
import { CampaignStore } from './CampaignStore';
import { CampaignTask } from './CampaignTask';
import { readCampaignConfig } from './readCampaignConfig';

/**
 * Campaigns at start-up: the app-config ones validated (a bad one stops the
 * backend, naming it) and stored, the change audited, and the task that
 * writes progress points, sends reminders and ends campaigns scheduled.
 */
export async function setupCampaigns(options: {
  config: Config;
  checks: CheckRegistry;
  db: Knex;
  scheduler: SchedulerService;
  logger: LoggerService;
  auditor: AuditorService;
  notifications: NotificationService;
}): Promise<CampaignService> {
  const { config, checks, db, scheduler, logger, auditor } = options;
  const defined = readCampaignConfig(config, checks);
  const store = new CampaignStore(db);
  const changes = await store.syncConfig(defined, Date.now());
  if (
    changes.created.length + changes.updated.length + changes.removed.length >
    0
  ) {
    // A change made in app-config is a change all the same: it is recorded
    // as the API's changes are, without a request to attach it to.
    const event = await auditor.createEvent({
      eventId: 'campaign-config-sync',
      severityLevel: 'medium',
      meta: changes,
    });
    await event.success();
  }

  const remind =
    config.getOptionalBoolean('readiness.notifications.campaignReminders') ??
    true;
  const task = new CampaignTask({
    db,
    store,
    checks,
    logger,
    reminders: remind
      ? new CampaignReminders({
          notifications: options.notifications,
          logger,
        })
      : undefined,
  });
  const schedule = config.getOptionalConfig(
    'readiness.campaignProgress.schedule',
  );
  await scheduler.scheduleTask({
    id: 'readiness-campaigns',
    ...(schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : {
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
        }),
    fn: async () => {
      await task.run(Date.now());
    },
  });
  logger.info(`Readiness: ${defined.length} campaigns defined in app-config`);
  return new CampaignService({ db, store, checks });
}
