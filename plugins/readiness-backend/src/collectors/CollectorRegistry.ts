import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ReadinessCollector,
  validateCollectorDefinition,
} from '@readiness/backstage-plugin-readiness-node';

/** A registered collector with the schedule that applies after config overrides. */
export interface RegisteredCollector {
  collector: ReadinessCollector;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/**
 * Holds the collectors that modules registered, validated and with their
 * effective schedules resolved from `readiness.collectors.<id>.schedule`.
 */
export class CollectorRegistry {
  private readonly collectors = new Map<string, ReadinessCollector>();

  add(collector: ReadinessCollector) {
    validateCollectorDefinition(collector);
    if (this.collectors.has(collector.id)) {
      throw new ConflictError(
        `Readiness collector '${collector.id}' is registered twice`,
      );
    }
    this.collectors.set(collector.id, collector);
  }

  resolve(config: RootConfigService): RegisteredCollector[] {
    return [...this.collectors.values()].map(collector => {
      const scheduleConfig = config.getOptionalConfig(
        `readiness.collectors.${collector.id}.schedule`,
      );
      return {
        collector,
        schedule: scheduleConfig
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
          : collector.defaultSchedule,
      };
    });
  }
}
