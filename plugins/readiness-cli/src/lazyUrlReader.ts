import {
  coreServices,
  createServiceFactory,
  UrlReaderService,
} from '@backstage/backend-plugin-api';

/**
 * Backstage's UrlReader, built on first use: it loads every SCM reader
 * (S3, Azure, GitHub, GitLab, ...), which costs more start-up time than a
 * whole evaluation, and a repository read from local files never needs it.
 */
export const lazyUrlReaderServiceFactory = createServiceFactory({
  service: coreServices.urlReader,
  deps: { config: coreServices.rootConfig, logger: coreServices.logger },
  factory({ config, logger }): UrlReaderService {
    let reader: UrlReaderService | undefined;
    const get = (): UrlReaderService => {
      if (!reader) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { UrlReaders } = require('@backstage/backend-defaults/urlReader');
        reader = UrlReaders.default({ config, logger }) as UrlReaderService;
      }
      return reader;
    };
    return {
      readUrl: (url, options) => get().readUrl(url, options),
      readTree: (url, options) => get().readTree(url, options),
      search: (url, options) => get().search(url, options),
    };
  },
});
