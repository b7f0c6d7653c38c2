import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration for the Readiness plugin suite. */
  readiness?: {
    /** Per-collector settings, keyed by collector id (e.g. `kubernetes`). */
    collectors?: {
      [collectorId: string]: {
        /** Overrides the collector's default schedule. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
