import { IncomingMessage, ServerResponse } from 'http';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { initializePersistenceContext } from '@backstage-community/plugin-tech-insights-backend';
import {
  FactRetriever,
  PersistenceContext,
  techInsightsFactRetrieversExtensionPoint,
  techInsightsPersistenceContextExtensionPoint,
} from '@backstage-community/plugin-tech-insights-node';

/**
 * Registers the fleet's fact retrievers in the Tech Insights plugin and a
 * `POST /bench/cycle` route that runs one simulated collection cycle:
 * `advance(day)` moves the fleet to that day, then every retriever runs as
 * the plugin's fact retriever engine runs it when its scheduled task fires
 * (handler, then `insertFacts` with the registration's lifecycle, none
 * here). Scheduled tasks poll for triggers every few seconds, which would
 * dominate 31 cycles; calling the same two steps directly does not.
 *
 * The persistence context is the one the plugin builds when none is set
 * (same migrations, same store), set here to reach its store.
 */
export function benchTechInsightsModule(options: {
  retrievers: FactRetriever[];
  advance: (day: number, share: number, timestamp: number) => void;
}) {
  return createBackendModule({
    pluginId: 'tech-insights',
    moduleId: 'readiness-bench',
    register(env) {
      let persistence: Promise<PersistenceContext> | undefined;
      env.registerInit({
        deps: {
          retrieversPoint: techInsightsFactRetrieversExtensionPoint,
          persistencePoint: techInsightsPersistenceContextExtensionPoint,
          database: coreServices.database,
          logger: coreServices.logger,
          config: coreServices.rootConfig,
          httpRouter: coreServices.httpRouter,
        },
        async init({
          retrieversPoint,
          persistencePoint,
          database,
          logger,
          config,
          httpRouter,
        }) {
          retrieversPoint.addFactRetrievers(
            Object.fromEntries(options.retrievers.map(r => [r.id, r])),
          );
          persistence = initializePersistenceContext(database, { logger });
          persistencePoint.setPersistenceContext(await persistence);
          const send = (res: ServerResponse, status: number, body: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          };
          const cycle = async (req: IncomingMessage, res: ServerResponse) => {
            let raw = '';
            for await (const chunk of req) raw += chunk;
            let body: { day?: unknown; share?: unknown; timestamp?: unknown };
            try {
              body = JSON.parse(raw || '{}');
            } catch {
              send(res, 400, { error: 'body is not JSON' });
              return;
            }
            const { day, share, timestamp } = body;
            if (
              !Number.isInteger(day) ||
              typeof share !== 'number' ||
              typeof timestamp !== 'number'
            ) {
              send(res, 400, {
                error: `body must be { day: integer, share: number, timestamp: number }, got ${raw}`,
              });
              return;
            }
            options.advance(day as number, share, timestamp);
            const { techInsightsStore } = await persistence!;
            const rows: Record<string, number> = {};
            for (const retriever of options.retrievers) {
              const facts = await retriever.handler({
                config,
                logger,
                entityFilter: retriever.entityFilter,
              } as any);
              await techInsightsStore.insertFacts({
                id: retriever.id,
                facts,
                lifecycle: undefined,
              });
              rows[retriever.id] = facts.length;
            }
            send(res, 200, { rows });
          };
          // A plain handler: the route needs no more than a JSON body.
          const router = (req: any, res: ServerResponse, next: () => void) => {
            if (req.method !== 'POST' || req.path !== '/bench/cycle') {
              next();
              return;
            }
            cycle(req, res).catch(error =>
              send(res, 500, { error: String(error?.stack ?? error) }),
            );
          };
          httpRouter.use(router);
        },
      });
    },
  });
}
