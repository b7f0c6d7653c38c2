import { Config, ConfigReader } from '@backstage/config';
import path from 'node:path';

/**
 * The config the modules read: the files given (the portal's app-config,
 * say, with `${VAR}` substitution as the backend does), over a base that
 * lets the modules read local files under the repository root. Without
 * files, no cluster, Prometheus server or GitHub token is configured, so
 * only what the repository declares is judged.
 */
export function cliConfigData(repositoryRoot: string) {
  const root = path.resolve(repositoryRoot);
  return {
    backend: { baseUrl: 'http://localhost:7007' },
    readiness: {
      kubernetes: { manifestRoots: [root] },
      prometheus: { declaredRules: { roots: [root] } },
      github: { repositoryContents: { roots: [root] } },
    },
  };
}

export async function readCliConfig(options: {
  configFiles: string[];
  repositoryRoot: string;
}): Promise<Config & { close(): void }> {
  const data = cliConfigData(options.repositoryRoot);
  if (options.configFiles.length === 0) {
    return Object.assign(new ConfigReader(data, 'readiness CLI'), {
      close() {},
    });
  }
  // The config loader (includes, substitution) only for config files: it
  // costs a tenth of a cold start.
  const {
    ConfigSources,
    FileConfigSource,
    StaticConfigSource,
  }: typeof import('@backstage/config-loader') = require('@backstage/config-loader');
  const base = StaticConfigSource.create({ context: 'readiness CLI', data });
  const files = options.configFiles.map(file =>
    FileConfigSource.create({ path: path.resolve(file), watch: false }),
  );
  return ConfigSources.toConfig(ConfigSources.merge([base, ...files]));
}
