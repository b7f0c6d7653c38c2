import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  readinessCampaignManagePermission,
  readinessReadPermission,
} from '@readiness/backstage-plugin-readiness-common';
import { Request, Router } from 'express';
import { z } from 'zod/v3';
import { CheckRegistry } from '../checks/CheckRegistry';
import { normalizeRef } from '../database/refs';
import { requirePermissions } from '../service/authorize';
import { EntityVisibility } from '../service/EntityVisibility';
import { auditedChange, authorOf } from './campaignAudit';
import { excerpt, lineText, parseInput } from './campaignInput';
import { Campaign, campaignProblems, campaignSchema } from './campaignSchema';
import { CampaignService } from './CampaignService';

export interface CampaignRoutesOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  visibility: EntityVisibility;
  checks: CheckRegistry;
  /** Without it (a router built for tests of other routes), no campaign routes. */
  campaigns?: CampaignService;
  clock?: () => number;
}

const ownerQuery = z
  .object({
    owner: lineText(255)
      .transform((value, ctx) => {
        const ref = normalizeRef(value, 'group');
        if (!ref) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'is not an entity ref (such as group:default/name)',
          });
          return z.NEVER;
        }
        return ref;
      })
      .optional(),
  })
  .strict();

const CAMPAIGN_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const noQuery = z.object({}).strict();

/** The entity of an `/entities/:kind/:namespace/:name/...` path, lower case. */
const entityRefOfPath = (req: Request) =>
  stringifyEntityRef({
    kind: req.params.kind,
    namespace: req.params.namespace,
    name: req.params.name,
  }).toLocaleLowerCase('en-US');

/**
 * Campaigns: read by anyone who may read scorecards, written through the
 * API only with readiness.campaign.manage, every write audited. Campaigns
 * from app-config are read-only here.
 */
export function addCampaignRoutes(
  router: Router,
  options: CampaignRoutesOptions,
) {
  const { httpAuth, permissions, auditor, visibility, checks, campaigns } =
    options;
  if (!campaigns) {
    return;
  }
  const { store } = campaigns;
  const now = () => (options.clock ?? Date.now)();

  const reader = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessReadPermission,
    ]);
    return { credentials, visible: await visibility.visibleRefs(credentials) };
  };

  const writer = async (req: Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(permissions, credentials, [
      readinessCampaignManagePermission,
    ]);
    return credentials;
  };

  const rowOf = async (req: Request) => {
    const id = req.params.id;
    const row = CAMPAIGN_ID.test(id) ? await store.get(id) : undefined;
    if (!row) {
      throw new NotFoundError(`No campaign '${excerpt(id)}'`);
    }
    return row;
  };

  /** A body parsed and checked against the scorecards and checks. */
  const campaignOfBody = (body: unknown): Campaign => {
    const campaign = parseInput(campaignSchema, body, 'body') as Campaign;
    const problems = campaignProblems(campaign, checks);
    if (problems.length > 0) {
      throw new InputError(`Invalid body: ${problems.join('; ')}`);
    }
    return campaign;
  };

  router.get('/campaigns', async (req, res) => {
    const { visible } = await reader(req);
    const { owner } = parseInput(ownerQuery, req.query, 'query parameters');
    res.json({ items: await campaigns.list(visible, now(), owner) });
  });

  router.get('/campaigns/:id', async (req, res) => {
    const { visible } = await reader(req);
    parseInput(noQuery, req.query, 'query parameters');
    const row = await rowOf(req);
    res.json(await campaigns.get(row.id, visible, now()));
  });

  router.get('/campaigns/:id/entities', async (req, res) => {
    const { visible } = await reader(req);
    const { owner } = parseInput(ownerQuery, req.query, 'query parameters');
    const row = await rowOf(req);
    res.json({ items: await campaigns.entities(row, visible, owner) });
  });

  router.get('/entities/:kind/:namespace/:name/campaigns', async (req, res) => {
    const { credentials, visible } = await reader(req);
    parseInput(noQuery, req.query, 'query parameters');
    const ref = entityRefOfPath(req);
    if (!(await visibility.canSee(credentials, ref))) {
      throw new NotFoundError(`No entity ${excerpt(ref, 255)}`);
    }
    res.json({ items: await campaigns.ofEntity(ref, visible, now()) });
  });

  router.post('/campaigns', async (req, res) => {
    const credentials = await writer(req);
    const campaign = campaignOfBody(req.body);
    const by = authorOf(credentials);
    await auditedChange(
      auditor,
      req,
      'campaign-create',
      { campaignId: campaign.id, campaign: req.body },
      async () => {
        if (!(await store.create(campaign, by, now()))) {
          throw new ConflictError(
            `A campaign with the id '${campaign.id}' exists already`,
          );
        }
      },
    );
    const { visible } = await reader(req);
    res.status(201).json(await campaigns.get(campaign.id, visible, now()));
  });

  router.put('/campaigns/:id', async (req, res) => {
    const credentials = await writer(req);
    const row = await rowOf(req);
    const body = req.body ?? {};
    if (
      typeof body === 'object' &&
      body.id !== undefined &&
      body.id !== row.id
    ) {
      throw new InputError(
        `Invalid body: id: must be '${row.id}', the campaign of the path`,
      );
    }
    const campaign = campaignOfBody(
      typeof body === 'object' && !Array.isArray(body)
        ? { ...body, id: row.id }
        : body,
    );
    if (row.source === 'config') {
      throw new ConflictError(
        `Campaign '${row.id}' is defined in app-config; change it there`,
      );
    }
    if (row.status !== 'active') {
      throw new ConflictError(
        `Campaign '${row.id}' ended as ${row.status}; its record cannot change`,
      );
    }
    await auditedChange(
      auditor,
      req,
      'campaign-update',
      { campaignId: row.id, campaign: req.body },
      async () => {
        if (!(await store.update(campaign, authorOf(credentials), now()))) {
          throw new ConflictError(
            `Campaign '${row.id}' changed meanwhile; read it again`,
          );
        }
      },
    );
    const { visible } = await reader(req);
    res.json(await campaigns.get(row.id, visible, now()));
  });

  router.delete('/campaigns/:id', async (req, res) => {
    await writer(req);
    const row = await rowOf(req);
    if (row.source === 'config') {
      throw new ConflictError(
        `Campaign '${row.id}' is defined in app-config; remove it there`,
      );
    }
    await auditedChange(
      auditor,
      req,
      'campaign-delete',
      { campaignId: row.id, status: row.status },
      async () => {
        if (!(await store.delete(row.id))) {
          throw new NotFoundError(`No campaign '${row.id}'`);
        }
      },
    );
    res.status(204).end();
  });
}
