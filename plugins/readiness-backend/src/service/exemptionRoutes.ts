import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  readinessExemptionManagePermission,
  readinessReadPermission,
} from '@readiness/backstage-plugin-readiness-common';
import { Router } from 'express';
import { z } from 'zod/v3';
import { ExemptionRow, toMillis } from '../database/rows';
import { appliesTo } from '../evaluation/applicability';
import { requirePermissions } from './authorize';
import { isoDateTime } from './isoDateTime';
import { parseBody } from './parameters';
import { excerpt, lineText, proseText } from './text';
import { audited, routeEntity, userOf } from './writeContext';
import type { WriteRoutesOptions } from './writeRoutes';

const DAY = 24 * 60 * 60 * 1000;

const exemptionBody = z
  .object({
    checkId: lineText({ max: 255 }),
    reason: proseText({ minVisible: 10, max: 2000 }),
    expiresAt: isoDateTime,
  })
  .strict();

const iso = (value: ExemptionRow['created_at']) =>
  new Date(toMillis(value)).toISOString();

/** An exemption as the API shows it. */
function exemptionView(row: ExemptionRow, now: number) {
  return {
    id: String(row.id),
    checkId: row.check_id,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : undefined,
    revokedBy: row.revoked_by ?? undefined,
    active: !row.revoked_at && toMillis(row.expires_at) > now,
  };
}

/**
 * Exemptions: listed, created (at most one in force per entity and check)
 * and revoked (once).
 */
export function addExemptionRoutes(
  router: Router,
  options: WriteRoutesOptions,
) {
  const { httpAuth, permissions, auditor, store, checks, engine } = options;
  const now = () => (options.clock ?? Date.now)();

  router.get(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await requirePermissions(permissions, credentials, [
        readinessReadPermission,
      ]);
      const { ref } = await routeEntity(req, credentials, options);
      const rows = await store.listExemptions(ref);
      const at = now();
      res.json({
        items: rows.map(row => exemptionView(row, at)),
      });
    },
  );

  router.post(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { ref, row: entityRow } = await routeEntity(
        req,
        credentials,
        options,
      );
      await requirePermissions(permissions, credentials, [
        readinessExemptionManagePermission,
      ]);
      const body = parseBody(exemptionBody, req.body);
      const check = checks.getCheck(body.checkId);
      if (!check) {
        throw new InputError(
          `Invalid body: checkId: unknown check '${excerpt(body.checkId)}'`,
        );
      }
      // An exemption of a check that is never evaluated for this entity
      // would show nowhere and waive nothing.
      const entity = JSON.parse(entityRow.entity) as Entity;
      if (!appliesTo(entity, check.appliesTo)) {
        throw new InputError(
          `Invalid body: checkId: check '${check.id}' does not apply to ${ref}`,
        );
      }
      const createdAt = now();
      const { expiresAt } = body;
      if (expiresAt <= createdAt) {
        throw new InputError('Invalid body: expiresAt: must be in the future');
      }
      if (expiresAt - createdAt > options.exemptionMaxMs) {
        throw new InputError(
          `Invalid body: expiresAt: at most ${Math.round(
            options.exemptionMaxMs / DAY,
          )} days ahead`,
        );
      }
      const createdBy = userOf(credentials);
      const outcome = await audited<{
        created: boolean;
        exemption: ExemptionRow;
      }>(
        auditor,
        req,
        'exemption-create',
        {
          entityRef: ref,
          checkId: check.id,
          reason: body.reason,
          expiresAt: new Date(expiresAt).toISOString(),
        },
        async () => {
          const before = (await store.getResults(ref)).find(
            r => r.check_id === check.id,
          );
          const { created, exemption } = await store.createExemption({
            entityRef: ref,
            checkId: check.id,
            reason: body.reason,
            createdBy,
            createdAt,
            expiresAt,
          });
          if (!created) {
            // A retry of the same request gets the exemption it made; any
            // other request would silently replace who, why or until when.
            const retry =
              exemption.reason === body.reason &&
              exemption.created_by === createdBy &&
              toMillis(exemption.expires_at) === expiresAt;
            if (!retry) {
              throw new ConflictError(
                `Exemption ${exemption.id} of check '${
                  check.id
                }' for ${ref} is in force until ${iso(
                  exemption.expires_at,
                )}; revoke it before creating another`,
              );
            }
            return {
              result: { created, exemption },
              meta: { exemptionId: String(exemption.id), created },
            };
          }
          await engine.evaluatePending();
          const after = (await store.getResults(ref)).find(
            r => r.check_id === check.id,
          );
          return {
            result: { created, exemption },
            meta: {
              exemptionId: String(exemption.id),
              created,
              stateBefore: before?.state ?? null,
              stateAfter: after?.state ?? null,
            },
          };
        },
      );
      const view = exemptionView(outcome.exemption, createdAt);
      res.status(outcome.created ? 201 : 200).json({
        id: view.id,
        entityRef: ref,
        checkId: view.checkId,
        reason: view.reason,
        createdBy: view.createdBy,
        expiresAt: view.expiresAt,
      });
    },
  );

  router.delete('/exemptions/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // Ids are positive integers that fit every database's bigint.
    const id = req.params.id;
    const exemption = /^[1-9]\d{0,14}$/.test(id)
      ? await store.getExemption(id)
      : undefined;
    if (
      !exemption ||
      !(await options.visibility.canSee(credentials, exemption.entity_ref))
    ) {
      throw new NotFoundError(`No exemption ${excerpt(id)}`);
    }
    await requirePermissions(permissions, credentials, [
      readinessExemptionManagePermission,
    ]);
    // Revoked once is revoked: a second revoke changes nothing, so it is
    // neither written nor audited.
    const alreadyRevoked = () =>
      new NotFoundError(`No exemption ${id} in force: it was already revoked`);
    if (exemption.revoked_at) {
      throw alreadyRevoked();
    }
    await audited(
      auditor,
      req,
      'exemption-revoke',
      {
        exemptionId: id,
        entityRef: exemption.entity_ref,
        checkId: exemption.check_id,
      },
      async () => {
        if (!(await store.revokeExemption(id, userOf(credentials), now()))) {
          throw alreadyRevoked(); // by a concurrent request
        }
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
}
