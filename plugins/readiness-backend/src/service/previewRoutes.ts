import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { readinessPackPreviewPermission } from '@readiness/backstage-plugin-readiness-common';
import {
  CheckPackError,
  CheckRegistry,
} from '@readiness/backstage-plugin-readiness-evaluation';
import express, { Router } from 'express';
import { z } from 'zod/v3';
import { ReadinessStore } from '../database/ReadinessStore';
import { PreparedChecks } from '../engine/prepareChecks';
import { previewPacks } from '../engine/previewPacks';
import { requirePermissions } from './authorize';
import { publicOrigin } from './checkOrigin';
import { parseBody } from './parameters';

export interface PreviewRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: ReadinessStore;
  checks: CheckRegistry;
  /** Without it (a router built for tests of other routes), no preview. */
  preview?: Pick<PreparedChecks, 'withPacks' | 'packFiles'>;
  clock?: () => number;
}

const previewRequest = z
  .object({
    packs: z
      .array(
        z
          .object({
            file: z.string().min(1).max(512),
            content: z.string().max(4_000_000),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    maxChanges: z.number().int().min(0).max(1000).optional(),
  })
  .strict();

/** A pack error as the caller may read it: installed packs by package path. */
function packProblem(error: CheckPackError, installed: string[]) {
  let reason = error.reason;
  for (const file of installed) {
    reason = reason.split(file).join(publicOrigin(file));
  }
  return new InputError(
    `Invalid readiness check pack ${publicOrigin(error.file)}${
      error.checkId ? `, check '${error.checkId}'` : ''
    }: ${reason}`,
  );
}

/**
 * `POST /preview`: what changed check packs would do to every stored
 * entity's level, before they are deployed. Its own permission, since the
 * answer counts entities of every team; audited, since it reads them all.
 */
export function addPreviewRoutes(
  router: Router,
  options: PreviewRoutesOptions,
) {
  const { httpAuth, permissions, auditor, store, checks, preview } = options;
  if (!preview) return;

  router.post('/preview', express.json({ limit: '8mb' }), async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessPackPreviewPermission,
    ]);
    const body = parseBody(previewRequest, req.body);
    const event = await auditor.createEvent({
      eventId: 'pack-preview',
      request: req,
      severityLevel: 'low',
      meta: { files: body.packs.map(p => p.file) },
    });
    try {
      let proposed: CheckRegistry;
      try {
        proposed = await preview.withPacks(
          body.packs.map(p => ({ file: p.file, text: p.content })),
        );
      } catch (error) {
        throw error instanceof CheckPackError
          ? packProblem(error, preview.packFiles)
          : error;
      }
      const result = await previewPacks({
        store,
        current: checks,
        proposed,
        now: (options.clock ?? Date.now)(),
        maxChanges: body.maxChanges,
      });
      await event.success();
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}
