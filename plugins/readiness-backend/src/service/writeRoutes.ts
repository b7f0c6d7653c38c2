import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { createPermission } from '@backstage/plugin-permission-common';
import { durationToMilliseconds } from '@backstage/types';
import {
  readinessAttestationCreatePermission,
  readinessExemptionManagePermission,
  readinessReadPermission,
  readinessRefreshPermission,
} from '@readiness/backstage-plugin-readiness-common';
import { Request, Router } from 'express';
import { LRUCache } from 'lru-cache';
import { z } from 'zod/v3';
import { CheckRegistry } from '../checks/CheckRegistry';
import { RegisteredCollector } from '../collectors/CollectorRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { toMillis } from '../database/rows';
import { ReadinessEngine } from '../engine/ReadinessEngine';
import { requirePermissions } from './authorize';
import { buildEntityScorecard } from './entityScorecard';
import { EntityVisibility } from './EntityVisibility';
import { parseBody } from './parameters';

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
  clock?: () => number;
}

const DAY = 24 * 60 * 60 * 1000;

// NUL cannot be stored in PostgreSQL text; other control characters have no
// place in a sentence. Line breaks and tabs are fine.
const noControlCharacters = (value: string) =>
  // eslint-disable-next-line no-control-regex -- finding them is the point
  !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
const CONTROL_MESSAGE = 'must not contain control characters';

const exemptionBody = z
  .object({
    checkId: z.string().min(1),
    reason: z
      .string()
      .trim()
      .min(10, 'give a reason of at least 10 characters')
      .max(2000)
      .refine(noControlCharacters, CONTROL_MESSAGE),
    expiresAt: z.string().datetime({ offset: true }),
  })
  .strict();

const attestationBody = z
  .object({
    type: z.string().min(1),
    // Shown as a link: only web addresses, never javascript: or data:.
    evidenceUrl: z
      .string()
      .max(2000)
      .url()
      .refine(
        value => /^https?:\/\//i.test(value),
        'must be an http or https URL',
      ),
    note: z
      .string()
      .trim()
      .max(2000)
      .refine(noControlCharacters, CONTROL_MESSAGE)
      .optional(),
    expiresAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();

/** Exemptions, attestations and refresh: the writes people make. */
export function addWriteRoutes(router: Router, options: WriteRoutesOptions) {
  const { httpAuth, permissions, auditor, store, checks, engine, visibility } =
    options;
  const now = () => (options.clock ?? Date.now)();
  const lastRefresh = new LRUCache<string, number>({ max: 10_000 });

  const userOf = (credentials: BackstageCredentials) => {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return principal.userEntityRef ?? principal.subject ?? 'unknown';
  };

  const routeEntity = async (
    req: Request,
    credentials: BackstageCredentials,
  ) => {
    const ref = stringifyEntityRef({
      kind: req.params.kind,
      namespace: req.params.namespace,
      name: req.params.name,
    }).toLocaleLowerCase('en-US');
    if (
      !(await visibility.canSee(credentials, ref)) ||
      !(await store.getEntity(ref))
    ) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return ref;
  };

  /** Runs a write inside an audit event that records success or failure. */
  const audited = async <T>(
    req: Request,
    eventId: string,
    meta: Record<string, any>,
    write: () => Promise<{ result: T; meta?: Record<string, any> }>,
  ): Promise<T> => {
    const event = await auditor.createEvent({
      eventId,
      request: req,
      severityLevel: 'medium',
      meta,
    });
    try {
      const { result, meta: after } = await write();
      await event.success({ meta: after });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  };

  router.get(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await requirePermissions(permissions, credentials, [
        readinessReadPermission,
      ]);
      const ref = await routeEntity(req, credentials);
      const rows = await store.listExemptions(ref);
      res.json({
        items: rows.map(r => ({
          id: String(r.id),
          checkId: r.check_id,
          reason: r.reason,
          createdBy: r.created_by,
          createdAt: new Date(toMillis(r.created_at)).toISOString(),
          expiresAt: new Date(toMillis(r.expires_at)).toISOString(),
          revokedAt: r.revoked_at
            ? new Date(toMillis(r.revoked_at)).toISOString()
            : undefined,
          revokedBy: r.revoked_by ?? undefined,
          active: !r.revoked_at && toMillis(r.expires_at) > now(),
        })),
      });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = await routeEntity(req, credentials);
      await requirePermissions(permissions, credentials, [
        readinessExemptionManagePermission,
      ]);
      const body = parseBody(exemptionBody, req.body);
      const check = checks.getCheck(body.checkId);
      if (!check) {
        throw new InputError(
          `Invalid body: checkId: unknown check '${body.checkId}'`,
        );
      }
      const expiresAt = Date.parse(body.expiresAt);
      if (expiresAt <= now()) {
        throw new InputError('Invalid body: expiresAt: must be in the future');
      }
      if (expiresAt - now() > options.exemptionMaxMs) {
        throw new InputError(
          `Invalid body: expiresAt: at most ${Math.round(
            options.exemptionMaxMs / DAY,
          )} days ahead`,
        );
      }
      const createdBy = userOf(credentials);
      const id = await audited(
        req,
        'exemption-create',
        {
          entityRef: ref,
          checkId: check.id,
          reason: body.reason,
          expiresAt: body.expiresAt,
        },
        async () => {
          const before = (await store.getResults(ref)).find(
            r => r.check_id === check.id,
          );
          const created = await store.addExemption({
            entityRef: ref,
            checkId: check.id,
            reason: body.reason,
            createdBy,
            createdAt: now(),
            expiresAt,
          });
          await engine.evaluatePending();
          const after = (await store.getResults(ref)).find(
            r => r.check_id === check.id,
          );
          return {
            result: created,
            meta: {
              exemptionId: created,
              stateBefore: before?.state ?? null,
              stateAfter: after?.state ?? null,
            },
          };
        },
      );
      res.status(201).json({
        id,
        entityRef: ref,
        checkId: check.id,
        reason: body.reason,
        createdBy,
        expiresAt: new Date(expiresAt).toISOString(),
      });
    },
  );

  router.delete('/exemptions/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Ids are positive integers that fit every database's bigint.
    const exemption = /^[1-9]\d{0,14}$/.test(req.params.id)
      ? await store.getExemption(req.params.id)
      : undefined;
    if (
      !exemption ||
      !(await visibility.canSee(credentials, exemption.entity_ref))
    ) {
      throw new NotFoundError(`No exemption ${req.params.id}`);
    }
    await requirePermissions(permissions, credentials, [
      readinessExemptionManagePermission,
    ]);
    await audited(
      req,
      'exemption-revoke',
      {
        exemptionId: req.params.id,
        entityRef: exemption.entity_ref,
        checkId: exemption.check_id,
      },
      async () => {
        await store.revokeExemption(req.params.id, userOf(credentials), now());
        await engine.evaluatePending();
        const after = (await store.getResults(exemption.entity_ref)).find(
          r => r.check_id === exemption.check_id,
        );
        return {
          result: undefined,
          meta: { stateBefore: 'exempt', stateAfter: after?.state ?? null },
        };
      },
    );
    res.status(204).end();
  });

  router.get('/attestation-types', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessReadPermission,
    ]);
    res.json({ items: checks.attestationTypes });
  });

  router.post(
    '/entities/:kind/:namespace/:name/attestations',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const ref = await routeEntity(req, credentials);
      // Permissions before validation: callers without them learn nothing
      // from validation errors. The type's own permission is asked for at
      // the same time when the body names a known type.
      const named =
        typeof req.body?.type === 'string'
          ? checks.getAttestationType(req.body.type)
          : undefined;
      await requirePermissions(permissions, credentials, [
        readinessAttestationCreatePermission,
        ...(named?.permission
          ? [
              createPermission({
                name: named.permission,
                attributes: { action: 'create' },
              }),
            ]
          : []),
      ]);
      const body = parseBody(attestationBody, req.body);
      const type = checks.getAttestationType(body.type);
      if (!type) {
        throw new InputError(
          `Invalid body: type: unknown attestation type '${body.type}'`,
        );
      }
      const attestedAt = now();
      const expiresAt = body.expiresAt
        ? Date.parse(body.expiresAt)
        : attestedAt + durationToMilliseconds(type.validity);
      if (expiresAt <= attestedAt) {
        throw new InputError('Invalid body: expiresAt: must be in the future');
      }
      const value = {
        attestedBy: userOf(credentials),
        attestedAt: new Date(attestedAt).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
        evidenceUrl: body.evidenceUrl,
        note: body.note ?? null,
      };
      await audited(
        req,
        'attestation-create',
        { entityRef: ref, type: type.id, ...value },
        async () => {
          const previous = (await store.getFacts([ref]))
            .get(ref)
            ?.get(`attestation.${type.id}`);
          await store.writeFacts([
            {
              entityRef: ref,
              name: `attestation.${type.id}`,
              value,
              source: {
                target: value.attestedBy,
                link: body.evidenceUrl,
                origin: 'declared',
              },
              observedAt: attestedAt,
              // The attestation is trustworthy until it expires, then stale.
              staleAt: expiresAt,
            },
          ]);
          await engine.evaluatePending();
          return {
            result: undefined,
            meta: { before: (previous?.value as any) ?? null },
          };
        },
      );
      res.status(201).json({ entityRef: ref, type: type.id, ...value });
    },
  );

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const ref = await routeEntity(req, credentials);
    await requirePermissions(permissions, credentials, [
      readinessRefreshPermission,
    ]);
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
    const entity = JSON.parse((await store.getEntity(ref))!.entity);
    const { errors } = await audited(
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
