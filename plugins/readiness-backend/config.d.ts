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
          annotationsAny?: string[];
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

    exemptions?: {
      /** Longest an exemption may last. Defaults to 90 days. */
      maxDuration?: HumanDuration;
    };

    refresh?: {
      /** Shortest interval between two "refresh now" of one entity. Defaults to 1 minute. */
      minInterval?: HumanDuration;
    };

    /** Facts that CI pipelines may submit with `POST /api/readiness/facts`. */
    push?: {
      /** Pushable facts; anything else is rejected. */
      facts?: Array<{
        /** `<group>.<camelCaseName>`, e.g. `ci.coverage`. */
        name: string;
        /** JSON schema every pushed value must match. */
        schema: object;
        /** Stale (checks unknown) when not pushed again within this. Defaults to 7 days. */
        staleAfter?: HumanDuration;
      }>;
      /** Most facts in one request (413 beyond). Defaults to 1000. */
      maxFacts?: number;
      /** Largest request body, e.g. `1mb` (413 beyond). */
      maxBodySize?: string;
    };

    notifications?: {
      /**
       * Notify owning groups when an entity drops a level or a check goes
       * from pass to fail (one notification per owner per cycle). Needs the
       * notifications backend; skipped when it is not installed. Default true.
       */
      regressions?: boolean;
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
