import { createSpecializedBackend } from '@backstage/backend-app-api';
import { lifecycleServiceFactory } from '@backstage/backend-defaults/lifecycle';
import { rootLifecycleServiceFactory } from '@backstage/backend-defaults/rootLifecycle';
import {
  BackendFeature,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  ReadinessCheckPackFile,
  ReadinessCollector,
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import { lazyUrlReaderServiceFactory } from './lazyUrlReader';
import { memoryCacheServiceFactory } from './memoryCache';

/** What the installed modules registered. */
export interface RegisteredModules {
  collectors: ReadinessCollector[];
  checkPacks: ReadinessCheckPackFile[];
}

/** A logger that keeps quiet unless something is wrong, on stderr. */
export function stderrLogger(verbose: boolean): LoggerService {
  const write =
    (level: string, enabled: boolean) =>
    (message: string, meta?: Error | object) => {
      if (!enabled) return;
      const detail = meta instanceof Error ? `: ${meta.message}` : '';
      process.stderr.write(`${level}: ${message}${detail}\n`);
    };
  const logger: LoggerService = {
    error: write('error', true),
    warn: write('warning', true),
    info: write('info', verbose),
    debug: write('debug', verbose),
    child: () => logger,
  };
  return logger;
}

/**
 * Starts the Readiness backend modules in a backend of their own, with a
 * stand-in for the Readiness plugin that only records what they register:
 * the CLI runs the modules' real collectors and packs, read from the same
 * config keys, without a database, an HTTP server or a scheduler.
 */
export async function registerModules(options: {
  config: Config;
  modules: BackendFeature[];
  logger: LoggerService;
}): Promise<RegisteredModules & { stop(): Promise<void> }> {
  const registered: RegisteredModules = { collectors: [], checkPacks: [] };
  const recorder = createBackendPlugin({
    pluginId: 'readiness',
    register(env) {
      env.registerExtensionPoint(readinessCollectorsExtensionPoint, {
        addCollector: (...added) => registered.collectors.push(...added),
      });
      env.registerExtensionPoint(readinessCheckPacksExtensionPoint, {
        addCheckPack: (...packs) => registered.checkPacks.push(...packs),
      });
      env.registerInit({ deps: {}, async init() {} });
    },
  });
  const backend = createSpecializedBackend({
    defaultServiceFactories: [
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => options.config,
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => options.logger,
      }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => options.logger,
      }),
      rootLifecycleServiceFactory,
      lifecycleServiceFactory,
      lazyUrlReaderServiceFactory,
      memoryCacheServiceFactory,
    ],
  });
  backend.add(recorder);
  options.modules.forEach(module => backend.add(module));
  await backend.start();
  return { ...registered, stop: () => backend.stop() };
}
