import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { readinessRefreshPermission } from '@readiness/backstage-plugin-readiness-common';
import { Router } from 'express';
import { LRUCache } from 'lru-cache';
import { CheckRegistry } from '../checks/CheckRegistry';
import { RegisteredCollector } from '../collectors/CollectorRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { ReadinessEngine } from '../engine/ReadinessEngine';
import { addAttestationRoutes } from './attestationRoutes';
import { requirePermissions } from './authorize';
import { buildEntityScorecard } from './entityScorecard';
import { EntityVisibility } from './EntityVisibility';
import {
  ExemptionApproval,
  ExemptionRequestNotifier,
} from './exemptionApproval';
import { addExemptionRoutes } from './exemptionRoutes';
import { audited, routeEntity } from './writeContext';

export interface WriteRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: ReadinessStore;
  checks: CheckRegistry;
  engine: ReadinessEngine;
  collectors: RegisteredCollector[];
  visibility: EntityVisibility;
  exemptionMaxMs: number;
  refreshIntervalMs: number;
  /** Which exemptions wait for a second person; none when not given. */
  approval?: ExemptionApproval;
  /** Tells approvers of requests that wait for them. */
  notifier?: ExemptionRequestNotifier;
  clock?: () => number;
}

/** Exemptions, attestations and refresh: the writes people make. */
export function addWriteRoutes(router: Router, options: WriteRoutesOptions) {
  const { httpAuth, permissions, auditor, store, checks, engine } = options;
  const now = () => (options.clock ?? Date.now)();
  const lastRefresh = new LRUCache<string, number>({ max: 10_000 });

  addExemptionRoutes(router, options);
  addAttestationRoutes(router, options);

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { ref, row } = await routeEntity(req, credentials, options);
    await requirePermissions(
      permissions,
      credentials,
      [readinessRefreshPermission],
      ref,
    );
    const previous = lastRefresh.get(ref);
    if (
      previous !== undefined &&
      now() - previous < options.refreshIntervalMs
    ) {
      const retryAfter = Math.ceil(
        (options.refreshIntervalMs - (now() - previous)) / 1000,
      );
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        error: {
          name: 'TooManyRequestsError',
          message: `${ref} was refreshed less than ${Math.round(
            options.refreshIntervalMs / 1000,
          )} seconds ago; retry in ${retryAfter} s`,
        },
      });
      return;
    }
    lastRefresh.set(ref, now());
    const entity = JSON.parse(row.entity);
    const { errors } = await audited(
      auditor,
      req,
      'entity-refresh',
      { entityRef: ref },
      async () => {
        const outcome = await engine.refreshEntity(entity, options.collectors);
        return { result: outcome, meta: { errors: outcome.errors.length } };
      },
    );
    res.json({
      ...(await buildEntityScorecard(ref, { store, checks })),
      refreshErrors: errors,
    });
  });
}
