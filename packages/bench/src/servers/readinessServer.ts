import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Fleet } from '../fleet';
import { READINESS_MODULES, readinessConfig } from '../readiness/installation';
import { inMemoryCatalogFactory } from './catalogService';
import { backendConfig, readServerArgs } from './serverArgs';

/**
 * A backend with the real Readiness plugin and modules, reading the
 * database the runner loaded. Started as its own process so the load
 * generator does not share its event loop.
 */
async function main() {
  const args = readServerArgs();
  const fleet = new Fleet(args.fleet);
  const config = new ConfigReader({
    ...readinessConfig(),
    backend: backendConfig(args, 'readiness'),
  });
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => config,
    }),
  );
  backend.add(inMemoryCatalogFactory(fleet.catalog));
  backend.add(import('@readiness/backstage-plugin-readiness-backend'));
  READINESS_MODULES.forEach(m => backend.add(m));
  await backend.start();
  process.stdout.write('READY\n');
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
