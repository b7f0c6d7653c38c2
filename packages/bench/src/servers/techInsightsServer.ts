import fs from 'fs';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Fleet } from '../fleet';
import { captureInstallation } from '../readiness/installation';
import { benchTechInsightsModule } from '../techInsights/benchModule';
import { fleetRetrievers } from '../techInsights/retrievers';
import {
  collectorsOf,
  FleetDays,
  fleetSchemas,
  TechInsightsSetup,
} from '../techInsights/setup';
import { inMemoryCatalogFactory } from './catalogService';
import { backendConfig, readServerArgs } from './serverArgs';

/**
 * A backend with the Tech Insights plugin, its json-rules-engine fact
 * checker holding the translated checks, and one fact retriever per
 * Readiness collector over the same generated fleet and in-memory catalog
 * as the Readiness server.
 */
async function main() {
  const args = readServerArgs();
  if (!args.setupFile) {
    throw new Error('techInsightsServer needs setupFile in its arguments');
  }
  const setup: TechInsightsSetup = JSON.parse(
    fs.readFileSync(args.setupFile, 'utf8'),
  );
  const installation = await captureInstallation();
  const collectors = collectorsOf(installation);
  const fleet = new Fleet(args.fleet);
  fleet.useSchemas(fleetSchemas(installation));
  const days = new FleetDays(fleet, setup.factNames);
  const retrievers = fleetRetrievers({
    collectors,
    facts: c => days.facts(c),
    timestamp: () => days.now(),
  });

  const config = new ConfigReader({
    backend: backendConfig(args, 'tech-insights'),
    techInsights: {
      // A registration needs a cadence. A yearly one with a year of initial
      // delay (a task otherwise runs once right after its initial delay)
      // never fires during a run, so that only the bench's cycles write
      // facts. No lifecycle: the plugin's default keeps every row.
      factRetrievers: Object.fromEntries(
        retrievers.map(r => [
          r.id,
          { cadence: '0 0 1 1 *', initialDelay: { days: 365 } },
        ]),
      ),
      factChecker: { checks: setup.checks },
    },
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
  backend.add(import('@backstage-community/plugin-tech-insights-backend'));
  backend.add(
    import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
  );
  backend.add(
    benchTechInsightsModule({
      retrievers,
      advance: (day, share, timestamp) => days.advance(day, share, timestamp),
    }),
  );
  await backend.start();
  process.stdout.write('READY\n');
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
