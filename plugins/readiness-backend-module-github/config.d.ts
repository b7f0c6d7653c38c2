export interface Config {
  readiness?: {
    /**
     * The GitHub fact collector. Hosts and credentials come from
     * `integrations.github`.
     */
    github?: {
      /**
       * Share of each hourly rate-limit budget (REST and GraphQL, per
       * credential) one collection cycle may spend; the cycle stops and
       * reports the repositories it skipped beyond it. Defaults to 0.5.
       */
      maxRateLimitShare?: number;
      /** Repositories per GraphQL query, 1 to 100. Defaults to 50. */
      batchSize?: number;
      /** REST requests in flight at once per credential. Defaults to 4. */
      concurrency?: number;
    };
  };
}
