import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  readinessAttestationCreatePermission,
  readinessAttestationRolePermission,
  readinessReadPermission,
} from '@readiness/backstage-plugin-readiness-common';
import { Router } from 'express';
import { z } from 'zod/v3';
import { requirePermissions } from './authorize';
import { isoDateTime } from './isoDateTime';
import { noQuery, parseBody, parseQuery } from './parameters';
import { excerpt, lineText, proseText, refineText } from './text';
import { audited, routeEntity, userOf } from './writeContext';
import type { WriteRoutesOptions } from './writeRoutes';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const attestationBody = z
  .object({
    type: lineText({ max: 255 }),
    // Shown as a link: only web addresses, never javascript: or data:.
    evidenceUrl: z
      .string()
      .max(2000)
      .superRefine(refineText(false))
      .pipe(
        z
          .string()
          .url()
          .refine(
            value => /^https?:\/\//i.test(value),
            'must be an http or https URL',
          ),
      ),
    note: proseText({ max: 2000 }).optional(),
    expiresAt: isoDateTime.optional(),
  })
  .strict();

/** A validity as people say it: "90 days", "36 hours". */
const describeDuration = (ms: number) =>
  ms % DAY === 0 ? `${ms / DAY} days` : `${Math.round(ms / HOUR)} hours`;

/**
 * Attestations: manual facts such as "DR drill performed", recorded by a
 * person with permission, valid for at most their type's validity.
 */
export function addAttestationRoutes(
  router: Router,
  options: WriteRoutesOptions,
) {
  const { httpAuth, permissions, auditor, store, checks, engine } = options;
  const now = () => (options.clock ?? Date.now)();

  router.get('/attestation-types', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessReadPermission,
    ]);
    parseQuery(noQuery, req.query);
    res.json({ items: checks.attestationTypes });
  });

  router.post(
    '/entities/:kind/:namespace/:name/attestations',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { ref } = await routeEntity(req, credentials, options);
      // Permissions before validation: callers without them learn nothing
      // from validation errors. The type's own permission is asked for at
      // the same time when the body names a known type.
      const named =
        typeof req.body?.type === 'string'
          ? checks.getAttestationType(req.body.type)
          : undefined;
      await requirePermissions(
        permissions,
        credentials,
        [
          readinessAttestationCreatePermission,
          ...(named?.permission
            ? [readinessAttestationRolePermission(named.permission)]
            : []),
        ],
        ref,
      );
      const body = parseBody(attestationBody, req.body);
      const type = checks.getAttestationType(body.type);
      if (!type) {
        throw new InputError(
          `Invalid body: type: unknown attestation type '${excerpt(
            body.type,
          )}'`,
        );
      }
      const attestedAt = now();
      // An attestation vouches for what was seen when it was made, for as
      // long as its type says such evidence holds; an earlier expiry is
      // fine, a later one would let the check pass on old evidence.
      const validityMs = durationToMilliseconds(type.validity);
      const expiresAt = body.expiresAt ?? attestedAt + validityMs;
      if (expiresAt <= attestedAt) {
        throw new InputError('Invalid body: expiresAt: must be in the future');
      }
      if (expiresAt > attestedAt + validityMs) {
        throw new InputError(
          `Invalid body: expiresAt: at most ${describeDuration(
            validityMs,
          )} ahead, the validity of a ${type.id} attestation`,
        );
      }
      const value = {
        attestedBy: userOf(credentials),
        attestedAt: new Date(attestedAt).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
        evidenceUrl: body.evidenceUrl,
        note: body.note ?? null,
      };
      await audited(
        auditor,
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
}
