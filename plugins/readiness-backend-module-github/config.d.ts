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
      /**
       * A second source of the file facts (workflows, Dockerfiles,
       * CODEOWNERS, dependency updates, tests, migrations, runbooks...):
       * the folder an entity names with the annotation
       * `readiness.io/repository-contents`, read through Backstage's
       * UrlReader (every SCM integration) or from disk for `file:` and
       * relative locations of local catalog files. Used for the entities
       * whose repository the GitHub API does not read (no credentials for
       * its host, not reachable); where it does, the API stays the source.
       * Without credentials, setting this section is what makes the
       * module register its checks (those that need the API stay unknown).
       */
      repositoryContents?: {
        /** Defaults to true. */
        enabled?: boolean;
        /**
         * Also read the entity's `backstage.io/source-location` when it has
         * no `readiness.io/repository-contents`. The folder read is judged
         * as the repository root. Defaults to false.
         */
        sourceLocation?: boolean;
        /**
         * Local folders below which `file:` locations, and locations
         * relative to catalog files registered from local files, may be
         * read (relative to the backend's working directory). Folders
         * elsewhere are refused: annotations are written by whoever edits
         * a catalog file. Defaults to none.
         */
        roots?: string[];
      };
    };
  };
}
