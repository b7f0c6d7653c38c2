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
      /**
       * Exemptions that wait for a second person. Off unless `fromLevel`
       * is set; then a request stays pending until someone else with
       * `readiness.exemption.approve` for the entity approves or denies
       * it, and its expiry runs from the approval.
       */
      approval?: {
        /**
         * A level id, e.g. `silver`: exemptions of checks of that level or
         * a higher one of their scorecard need approval. In a scorecard
         * without that level every exemption does. The lowest level makes
         * every exemption wait.
         */
        fromLevel?: string;
        /**
         * Entity refs (groups or users) told of each request through the
         * notifications backend. Defaults to the entity's owner.
         */
        notify?: string[];
      };
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
      /**
       * Remind owners of entities not at a campaign's target at the
       * campaign's reminder points (one notification per owner per run).
       * Needs the notifications backend. Default true.
       */
      campaignReminders?: boolean;
    };

    /**
     * Campaigns defined as code: a target for a set of entities by a
     * deadline. Validated at start-up; a bad campaign stops the backend
     * with its id and the reason. Campaigns may also be created through the
     * API with the readiness.campaign.manage permission.
     */
    campaigns?: Array<{
      /** 1 to 63 lower-case letters, digits and dashes. */
      id: string;
      title: string;
      description?: string;
      /** The group (or user) that runs the campaign, e.g. `group:default/platform`. */
      owner: string;
      /** A scorecard level, or a set of checks that must pass (exempt counts as passing). */
      target: { scorecard: string; level: string } | { checks: string[] };
      /** The entities covered; every given criterion must match. */
      filter?: {
        kind?: string[];
        type?: string[];
        lifecycle?: string[];
        owner?: string[];
        system?: string[];
        tags?: string[];
      };
      /** `2027-01-15` (start of that day, UTC) or an RFC 3339 date-time. */
      startsAt: string;
      /** `2027-03-31` (end of that day, UTC) or an RFC 3339 date-time. */
      deadline: string;
      /** Days before the deadline at which owners are reminded. Defaults to [7, 1]. */
      remindDaysBefore?: number[];
      /** Percentage of covered entities at target for the campaign to be met. Defaults to 100. */
      goalPercent?: number;
    }>;

    /**
     * The task that writes each campaign's daily progress point, sends
     * reminders and ends campaigns at their deadline. Defaults to hourly.
     */
    campaignProgress?: {
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /**
     * Memory kept to spare database reads, per backend instance. Each
     * bound is in MiB of JSON text; what is kept takes a few times that
     * on the heap once parsed.
     */
    memory?: {
      /**
       * Fact values kept parsed, by value hash, for evaluations and pages.
       * Defaults to 32, which holds every value of about a thousand
       * services with 75 facts each; raise it for faster re-evaluation
       * of a larger catalog.
       */
      factValuesMiB?: number;
      /**
       * Entity scorecards kept, as sent, until something they show
       * changes. Defaults to 16 (some two hundred service pages).
       */
      scorecardsMiB?: number;
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
