import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

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

    /**
     * Per-check settings, keyed by check id. For a check that a pack
     * declares: `enabled`, `params`, `weight` and `level` override it. Any
     * other id adds a new check, with the same fields as in a pack.
     */
    checks?: {
      [checkId: string]: {
        enabled?: boolean;
        params?: { [name: string]: unknown };
        weight?: number;
        level?: string;
        title?: string;
        description?: string;
        category?: string;
        scorecard?: string;
        appliesTo?: {
          kind?: string[];
          type?: string[];
          lifecycle?: string[];
          tags?: string[];
          annotations?: string[];
        };
        facts?: string[];
        expression?: string;
        message?: string;
        remediation?: string;
        links?: Array<{ title: string; url: string }>;
        covers?: string[];
      };
    };

    /**
     * The task that re-evaluates entities whose facts went stale or whose
     * exemptions ended, and removes data of entities gone from the catalog.
     * Defaults to every 5 minutes.
     */
    sweep?: {
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    retention?: {
      /**
       * How long facts, results and history of an entity that left the
       * catalog are kept, in case it comes back. Defaults to 7 days.
       */
      removedEntities?: HumanDuration;
    };
  };
}
