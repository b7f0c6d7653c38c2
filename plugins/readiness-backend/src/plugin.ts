import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  readinessAttestationRolePermission,
  readinessPermissions,
} from '@readiness/backstage-plugin-readiness-common';
import {
  ReadinessCheckPackFile,
  ReadinessCollector,
  readinessCheckPacksExtensionPoint,
  readinessCollectorsExtensionPoint,
} from '@readiness/backstage-plugin-readiness-node';
import { registerReadinessActions } from './actions/readinessActions';
import { migrateDatabase } from './database/migrations';
import { ReadinessStore } from './database/ReadinessStore';
import { collectConfigSecrets } from './engine/configSecrets';
import { prepareChecks } from './engine/prepareChecks';
import { ReadinessEngine } from './engine/ReadinessEngine';
import { RegressionNotifier } from './engine/RegressionNotifier';
import { readSettings } from './settings';
import { EntityVisibility } from './service/EntityVisibility';
import {
  ExemptionRequestNotifier,
  readExemptionApproval,
} from './service/exemptionApproval';
import { createRouter } from './service/router';
import { setupCampaigns } from './campaigns/setupCampaigns';

/**
 * The Readiness backend plugin: collects facts, evaluates checks and serves
 * scorecards under `/api/readiness`.
 *
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    const collectors: ReadinessCollector[] = [];
    const checkPacks: ReadinessCheckPackFile[] = [];

    env.registerExtensionPoint(readinessCollectorsExtensionPoint, {
      addCollector(...added) {
        collectors.push(...added);
      },
    });
    env.registerExtensionPoint(readinessCheckPacksExtensionPoint, {
      addCheckPack(...packs) {
        checkPacks.push(...packs);
      },
    });

    env.registerInit({
      deps: {
        actionsRegistry: actionsRegistryServiceRef,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init(deps) {
        const { config, logger, scheduler } = deps;
        deps.permissionsRegistry.addPermissions(readinessPermissions);

        const prepared = await prepareChecks({
          config,
          collectors,
          checkPacks,
        });
        const { collectors: registered, facts, checks } = prepared;
        const settings = readSettings(config);
        // Attestation types may demand a permission of their own (a role);
        // several types usually share one role's permission.
        const rolePermissions = new Set(
          checks.attestationTypes.flatMap(type =>
            type.permission ? [type.permission] : [],
          ),
        );
        deps.permissionsRegistry.addPermissions(
          [...rolePermissions].map(readinessAttestationRolePermission),
        );
        logger.info(
          `Readiness: ${checks.checks.length} checks in ${
            checks.scorecards.length
          } scorecards; collectors: ${registered
            .map(r => r.collector.id)
            .join(', ')}`,
        );

        const client = await deps.database.getClient();
        await migrateDatabase(deps.database, client);
        const store = new ReadinessStore(client, {
          factValueChars: settings.factValueChars,
        });
        const campaigns = await setupCampaigns({
          config,
          checks,
          db: client,
          scheduler,
          logger,
          auditor: deps.auditor,
          notifications: deps.notifications,
        });
        const engine = new ReadinessEngine({
          store,
          checks,
          facts,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          secrets: collectConfigSecrets(config),
          notifier: settings.notifyRegressions
            ? new RegressionNotifier({
                notifications: deps.notifications,
                checks,
                logger,
              })
            : undefined,
        });

        for (const item of registered) {
          await scheduler.scheduleTask({
            id: `readiness-collect-${item.collector.id}`,
            ...item.schedule,
            fn: async signal => {
              await engine.runCollector(item, { signal });
            },
          });
        }

        const sweepConfig = config.getOptionalConfig(
          'readiness.sweep.schedule',
        );
        const retention = config.getOptional(
          'readiness.retention.removedEntities',
        );
        const retentionMs = retention
          ? durationToMilliseconds(retention as any)
          : 7 * 24 * 60 * 60 * 1000;
        let lastSweep = 0;
        await scheduler.scheduleTask({
          id: 'readiness-sweep',
          ...(sweepConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(sweepConfig)
            : {
                frequency: { minutes: 5 },
                timeout: { minutes: 5 },
                initialDelay: { minutes: 1 },
              }),
          fn: async () => {
            const { now } = await engine.sweep({
              since: lastSweep,
              retentionMs,
            });
            lastSweep = now;
          },
        });

        const visibility = new EntityVisibility(
          deps.catalog,
          undefined,
          deps.permissions,
        );
        registerReadinessActions({
          actionsRegistry: deps.actionsRegistry,
          permissions: deps.permissions,
          visibility,
          store,
          checks,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger,
            collectors: registered,
            checks,
            facts,
            store,
            engine,
            campaigns,
            preview: prepared,
            visibility,
            pushable: new Set(settings.pushFacts.map(f => f.name)),
            maxFacts: settings.pushMaxFacts,
            maxBodyBytes: settings.pushMaxBody,
            exemptionMaxMs: settings.exemptionMaxMs,
            refreshIntervalMs: settings.refreshIntervalMs,
            scorecardCacheChars: settings.scorecardChars,
            approval: readExemptionApproval(config, checks),
            notifier: new ExemptionRequestNotifier({
              notifications: deps.notifications,
              logger,
            }),
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
