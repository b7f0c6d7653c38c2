import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  readinessExemptionApprovePermission,
  readinessExemptionManagePermission,
  readinessReadPermission,
} from '@readiness/backstage-plugin-readiness-common';
import { Request, Router } from 'express';
import { z } from 'zod/v3';
import { currentFactHashes } from '../database/exemptionLapses';
import { normalizeRef } from '../database/refs';
import { ExemptionRow, toMillis } from '../database/rows';
import { appliesTo } from '../evaluation/applicability';
import { requirePermissions } from './authorize';
import { NO_APPROVAL } from './exemptionApproval';
import { isoDateTime } from './isoDateTime';
import { parseBody, parseQuery } from './parameters';
import { excerpt, lineText, proseText } from './text';
import { audited, routeEntity, userOf } from './writeContext';
import type { WriteRoutesOptions } from './writeRoutes';

const DAY = 24 * 60 * 60 * 1000;

const exemptionBody = z
  .object({
    checkId: lineText({ max: 255 }),
    reason: proseText({ minVisible: 10, max: 2000 }),
    expiresAt: isoDateTime,
    // Granted against the current values of the check's facts: it lapses
    // when one of them changes.
    reopenOnChange: z.boolean().optional(),
  })
  .strict();

const decisionBody = z
  .object({ note: proseText({ max: 2000 }).optional() })
  .strict();

const pendingQuery = z
  .object({
    owner: lineText({ max: 255, trim: true }).optional(),
  })
  .strict();

const iso = (value: ExemptionRow['created_at']) =>
  new Date(toMillis(value)).toISOString();
const isoOrUndefined = (value: ExemptionRow['created_at'] | null) =>
  value === null || value === undefined ? undefined : iso(value);

/**
 * What an exemption is now: pending or denied as decided; an active one is
 * revoked, lapsed or expired once that happened, else in force.
 */
function statusOf(row: ExemptionRow, now: number) {
  if (row.revoked_at) return row.status === 'pending' ? 'withdrawn' : 'revoked';
  if (row.status !== 'active') return row.status;
  if (row.lapsed_at) return 'lapsed';
  return toMillis(row.expires_at) > now ? 'active' : 'expired';
}

/** An exemption as the API shows it. */
export function exemptionView(row: ExemptionRow, now: number) {
  const status = statusOf(row, now);
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    checkId: row.check_id,
    reason: row.reason,
    status,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    // For a pending request: when it would end if approved now.
    expiresAt:
      row.status === 'pending' && row.duration_ms !== null
        ? new Date(now + Number(row.duration_ms)).toISOString()
        : iso(row.expires_at),
    reopenOnChange: Boolean(row.reopen_on_change),
    decidedBy: row.decided_by ?? undefined,
    decidedAt: isoOrUndefined(row.decided_at),
    decisionNote: row.decision_note ?? undefined,
    lapsedAt: isoOrUndefined(row.lapsed_at),
    lapsedReason: row.lapsed_reason ?? undefined,
    revokedAt: isoOrUndefined(row.revoked_at),
    revokedBy: row.revoked_by ?? undefined,
    active: status === 'active',
  };
}

/**
 * Exemptions: listed, requested or created (at most one active or pending
 * per entity and check), approved or denied by a second person when
 * `readiness.exemptions.approval` asks for it, and revoked (once).
 */
export function addExemptionRoutes(
  router: Router,
  options: WriteRoutesOptions,
) {
  const { httpAuth, permissions, auditor, store, checks, engine } = options;
  const approval = options.approval ?? NO_APPROVAL;
  const now = () => (options.clock ?? Date.now)();

  const readCredentials = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessReadPermission,
    ]);
    return credentials;
  };

  /** The exemption of an `:id` route, 404 unless the caller may see its entity. */
  const visibleExemption = async (
    req: Request,
    credentials: BackstageCredentials,
  ) => {
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
    return { id, exemption };
  };

  /** The state of one check of one entity, as stored now. */
  const stateOf = async (ref: string, checkId: string) =>
    (await store.getResults(ref)).find(r => r.check_id === checkId)?.state ??
    null;

  router.get(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await readCredentials(req);
      const { ref } = await routeEntity(req, credentials, options);
      const rows = await store.listExemptions(ref);
      const at = now();
      res.json({
        items: rows.map(row => exemptionView(row, at)),
      });
    },
  );

  // Requests waiting for a decision, for the gap view and the approvers.
  router.get('/exemptions/pending', async (req, res) => {
    const credentials = await readCredentials(req);
    const query = parseQuery(pendingQuery, req.query);
    const owner = query.owner ? normalizeRef(query.owner, 'group') : undefined;
    if (query.owner && !owner) {
      throw new InputError(
        `Invalid query parameters: owner: '${excerpt(
          query.owner,
        )}' is not an entity ref`,
      );
    }
    const visible = await options.visibility.visibleRefs(credentials);
    const rows = await store.pendingExemptions(visible, { owner });
    const at = now();
    res.json({ items: rows.map(row => exemptionView(row, at)) });
  });

  router.post(
    '/entities/:kind/:namespace/:name/exemptions',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const { ref, row: entityRow } = await routeEntity(
        req,
        credentials,
        options,
      );
      await requirePermissions(
        permissions,
        credentials,
        [readinessExemptionManagePermission],
        ref,
      );
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
      const pending = approval.required(check);
      const reopenOnChange = body.reopenOnChange ?? false;
      const outcome = await audited<{
        created: boolean;
        exemption: ExemptionRow;
      }>(
        auditor,
        req,
        pending ? 'exemption-request' : 'exemption-create',
        {
          entityRef: ref,
          checkId: check.id,
          reason: body.reason,
          expiresAt: new Date(expiresAt).toISOString(),
          reopenOnChange,
        },
        async () => {
          const before = await stateOf(ref, check.id);
          // Granted now: against the values its check reads now.
          const factHashes =
            reopenOnChange && !pending
              ? currentFactHashes(
                  check.facts,
                  (await store.getFacts([ref])).get(ref),
                )
              : undefined;
          const { created, exemption } = await store.createExemption({
            entityRef: ref,
            checkId: check.id,
            reason: body.reason,
            createdBy,
            createdAt,
            expiresAt,
            status: pending ? 'pending' : 'active',
            reopenOnChange,
            factHashes,
          });
          if (!created) {
            // A retry of the same request gets the exemption it made; any
            // other request would silently replace who, why or until when.
            const retry =
              exemption.reason === body.reason &&
              exemption.created_by === createdBy &&
              toMillis(exemption.expires_at) === expiresAt &&
              Boolean(exemption.reopen_on_change) === reopenOnChange;
            if (!retry) {
              throw new ConflictError(
                exemption.status === 'pending'
                  ? `Exemption ${exemption.id} of check '${check.id}' for ${ref} is waiting for approval; withdraw it before asking for another`
                  : `Exemption ${exemption.id} of check '${
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
          if (pending) {
            const notified = await options.notifier?.requested({
              id: String(exemption.id),
              entityRef: ref,
              checkTitle: check.title,
              reason: body.reason,
              requestedBy: createdBy,
              recipients: approval.notify.length
                ? approval.notify
                : [entityRow.owner].filter((o): o is string => Boolean(o)),
            });
            return {
              result: { created, exemption },
              meta: {
                exemptionId: String(exemption.id),
                created,
                status: 'pending',
                notified: Boolean(notified),
              },
            };
          }
          await engine.evaluatePending();
          return {
            result: { created, exemption },
            meta: {
              exemptionId: String(exemption.id),
              created,
              status: 'active',
              stateBefore: before,
              stateAfter: await stateOf(ref, check.id),
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
        status: view.status,
        createdBy: view.createdBy,
        expiresAt: view.expiresAt,
        reopenOnChange: view.reopenOnChange,
      });
    },
  );

  const decide = (approve: boolean) => async (req: Request, res: any) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, exemption } = await visibleExemption(req, credentials);
    await requirePermissions(
      permissions,
      credentials,
      [readinessExemptionApprovePermission],
      exemption.entity_ref,
    );
    const body = parseBody(decisionBody, req.body ?? {});
    const by = userOf(credentials);
    const at = now();
    const notPending = () =>
      new ConflictError(
        `Exemption ${id} is not waiting for approval: it is ${statusOf(
          exemption,
          at,
        )}`,
      );
    if (exemption.status !== 'pending' || exemption.revoked_at) {
      throw notPending();
    }
    if (exemption.created_by === by) {
      throw new NotAllowedError(
        `Exemption ${id} was requested by you: another person decides it`,
      );
    }
    const check = checks.getCheck(exemption.check_id);
    const decided = await audited(
      auditor,
      req,
      approve ? 'exemption-approve' : 'exemption-deny',
      {
        exemptionId: id,
        entityRef: exemption.entity_ref,
        checkId: exemption.check_id,
        requestedBy: exemption.created_by,
        note: body.note ?? null,
      },
      async () => {
        const before = await stateOf(exemption.entity_ref, exemption.check_id);
        // Granted now: against the values its check reads now.
        const factHashes =
          approve && exemption.reopen_on_change && check
            ? currentFactHashes(
                check.facts,
                (await store.getFacts([exemption.entity_ref])).get(
                  exemption.entity_ref,
                ),
              )
            : undefined;
        const row = await store.decideExemption({
          id,
          approve,
          by,
          at,
          note: body.note,
          factHashes,
        });
        if (!row) {
          throw notPending(); // decided or withdrawn by a concurrent request
        }
        if (!approve) {
          return { result: row, meta: { status: 'denied' } };
        }
        await engine.evaluatePending();
        return {
          result: row,
          meta: {
            status: 'active',
            expiresAt: iso(row.expires_at),
            stateBefore: before,
            stateAfter: await stateOf(exemption.entity_ref, exemption.check_id),
          },
        };
      },
    );
    res.json(exemptionView(decided, at));
  };
  router.post('/exemptions/:id/approve', decide(true));
  router.post('/exemptions/:id/deny', decide(false));

  router.delete('/exemptions/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, exemption } = await visibleExemption(req, credentials);
    await requirePermissions(
      permissions,
      credentials,
      [readinessExemptionManagePermission],
      exemption.entity_ref,
    );
    // Revoked once is revoked: a second revoke changes nothing, so it is
    // neither written nor audited. A denied request never took effect.
    const alreadyRevoked = () =>
      new NotFoundError(`No exemption ${id} in force: it was already revoked`);
    if (exemption.revoked_at) {
      throw alreadyRevoked();
    }
    if (exemption.status === 'denied') {
      throw new NotFoundError(`No exemption ${id} in force: it was denied`);
    }
    const before = exemption.status === 'pending' ? null : 'exempt';
    await audited(
      auditor,
      req,
      exemption.status === 'pending'
        ? 'exemption-withdraw'
        : 'exemption-revoke',
      {
        exemptionId: id,
        entityRef: exemption.entity_ref,
        checkId: exemption.check_id,
      },
      async () => {
        if (!(await store.revokeExemption(id, userOf(credentials), now()))) {
          throw alreadyRevoked(); // by a concurrent request
        }
        if (before === null) {
          return { result: undefined, meta: { status: 'withdrawn' } };
        }
        await engine.evaluatePending();
        return {
          result: undefined,
          meta: {
            stateBefore: before,
            stateAfter: await stateOf(exemption.entity_ref, exemption.check_id),
          },
        };
      },
    );
    res.status(204).end();
  });
}
