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
      /**
       * Longest one request to GitHub may take, answer and body, before it
       * fails with a timeout (and is retried at most three times).
       * Defaults to 30.
       */
      requestTimeoutSeconds?: number;
      /**
       * Largest response body accepted; a larger one fails its request
       * while it streams in. Defaults to 16.
       */
      maxResponseMegabytes?: number;
      /**
       * Largest workflow or configuration file (codecov.yml, package.json,
       * ...) whose text is parsed; larger ones are listed as skipped.
       * Defaults to 64.
       */
      maxFileKilobytes?: number;
    };
  };
}
