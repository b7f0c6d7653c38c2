import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { readinessReadPermission } from '@readiness/backstage-plugin-readiness-common';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import express, { Request } from 'express';
import { ReadinessCollectorError } from '@readiness/backstage-plugin-readiness-node';
import { RegisteredCollector } from '../collectors/CollectorRegistry';
import { createOpenApiRouter } from '../schema/openapi.generated';
import { normalizeRef } from '../database/refs';
import { FactDefinitions } from '../engine/FactDefinitions';
import { requirePermissions } from './authorize';
import { entityScorecardUntil } from './entityScorecard';
import { ScorecardCache } from './ScorecardCache';
import { explainBodyErrors } from './bodyErrors';
import { entityRefOfPath, noSuchEntity } from './entityPath';
import { sanitizeErrors } from './errorResponses';
import { excerpt } from './text';
import { addPushRoutes, PushRoutesOptions } from './pushRoutes';
import { addWriteRoutes, WriteRoutesOptions } from './writeRoutes';
import {
  addCampaignRoutes,
  CampaignRoutesOptions,
} from '../campaigns/campaignRoutes';
import { addPreviewRoutes, PreviewRoutesOptions } from './previewRoutes';
import { readLeaderboard } from './leaderboard';
import { readTeamGaps } from './teamGaps';
import { ReadCache } from './ReadCache';
import { ALL_ENTITIES } from '../database/batch';
import {
  gapsQuery,
  historyQuery,
  leaderboardQuery,
  noQuery,
  parseQuery,
} from './parameters';
import { checkView, iso } from './views';
import { scheduleFrequencyMs } from '../engine/FactDefinitions';

export interface RouterOptions
  extends Omit<WriteRoutesOptions, 'collectors'>,
    Omit<PushRoutesOptions, 'facts'>,
    Pick<CampaignRoutesOptions, 'campaigns'>,
    Pick<PreviewRoutesOptions, 'preview'> {
  collectors: RegisteredCollector[];
  facts: FactDefinitions;
  /** Where the details of internal errors go; responses only say 500. */
  logger: LoggerService;
  /** Bound on the scorecards kept in memory, in characters of JSON. */
  scorecardCacheChars?: number;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Collector errors the caller may read: those about a whole target, and
 * those whose entities are all visible. An error that names a hidden entity
 * is left out entirely, since its message may name it too.
 */
function visibleErrors(
  errors: ReadinessCollectorError[],
  visible: ReadonlySet<string>,
): ReadinessCollectorError[] {
  return errors.filter(
    error =>
      !error.entityRefs ||
      error.entityRefs.every(ref =>
        visible.has(ref.toLocaleLowerCase('en-US')),
      ),
  );
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, collectors, checks, store, visibility } = options;
  // The routes of the contract in src/schema/openapi.yaml, served at
  // /openapi.json. The zod parsers of each route stay the validators of
  // input (their messages are the API's), and the handlers keep the types
  // of the common package: a test checks that routes and spec list the
  // same operations and that every response matches its schema.
  const router = (await createOpenApiRouter({
    // No body parser before the push route, which has its own size limit.
    // A path that is not percent-encoded UTF-8 is refused before the
    // validator tries to match it.
    middleware: [
      (req, _res, next) => {
        try {
          decodeURIComponent(req.path);
        } catch {
          throw new InputError('Invalid path: not valid percent-encoded UTF-8');
        }
        next();
      },
    ],
    validatorOptions: { validateRequests: false, validateResponses: false },
  })) as unknown as express.Router;
  // Before the general JSON parser: the push route has its own size limit.
  addPushRoutes(router, options);
  // Packs are larger than any other body: its own limit, before the parser.
  addPreviewRoutes(router, options);
  router.use(express.json());
  // Catches the push route's parser errors too: it sits before this one.
  router.use(explainBodyErrors);
  addWriteRoutes(router, options);
  addCampaignRoutes(router, options);

  // Every read needs credentials and readiness.scorecard.read; what each
  // entity shows is further narrowed by catalog visibility.
  const credentialsOf = async (req: Request): Promise<BackstageCredentials> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermissions(options.permissions, credentials, [
      readinessReadPermission,
    ]);
    return credentials;
  };

  // Aggregate views of callers who see every entity, per read version:
  // the same leaderboard for a whole organisation is computed once per
  // change, not once per page view. Callers with a narrower view of the
  // catalog get theirs computed for them.
  const views = new ReadCache(() => store.readVersion.current(), {
    maxEntries: 200,
  });
  // Entity pages, per entity and read version, for every caller who may
  // see the entity (checked before each lookup).
  const scorecards = new ScorecardCache({
    version: () => store.readVersion.current('entities'),
    build: ref => entityScorecardUntil(ref, { store, checks }),
    maxSize: options.scorecardCacheChars,
  });
  const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

  const scorecardOrDefault = (id: string | undefined) => {
    const scorecard = id ? checks.getScorecard(id) : checks.scorecards[0];
    if (!scorecard) {
      throw new InputError(
        id
          ? `Unknown scorecard '${excerpt(id)}'`
          : 'No scorecards are configured',
      );
    }
    return scorecard;
  };

  /**
   * The entity ref of the route, 404 unless the caller may see it and the
   * store holds it (present in the catalog at the last sync).
   */
  const visibleEntityRef = async (req: Request) => {
    const credentials = await credentialsOf(req);
    const ref = entityRefOfPath(req);
    if (
      !(await visibility.canRead(credentials, ref)) ||
      !(await store.hasEntity(ref))
    ) {
      throw noSuchEntity(ref);
    }
    return ref;
  };

  // Liveness for load balancers and the portal; says nothing about entities.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/collectors', async (req, res) => {
    const credentials = await credentialsOf(req);
    parseQuery(noQuery, req.query);
    const visible = await visibility.visibleRefs(credentials);
    const runs = await store.collectorRuns();
    const stale = await store.staleFactCounts(Date.now());
    res.json({
      items: collectors.map(({ collector, schedule }) => {
        const lastRun = runs.get(collector.id);
        const period = scheduleFrequencyMs(schedule);
        return {
          id: collector.id,
          title: collector.title,
          schedule,
          facts: collector.facts.map(fact => ({
            name: fact.name,
            description: fact.description,
            staleAfter: fact.staleAfter,
          })),
          supportsRefresh: typeof collector.refresh === 'function',
          lastRun: lastRun && {
            ...lastRun,
            startedAt: new Date(lastRun.startedAt).toISOString(),
            errors: visibleErrors(lastRun.errors, visible),
          },
          // The scheduler does not expose its next start; estimated from the
          // last run and the schedule's period.
          nextRunAt:
            lastRun && period
              ? new Date(lastRun.startedAt + period).toISOString()
              : undefined,
          staleFacts: stale.get(collector.id) ?? 0,
        };
      }),
    });
  });

  router.get('/scorecards', async (req, res) => {
    await credentialsOf(req);
    parseQuery(noQuery, req.query);
    res.json({ items: checks.scorecards });
  });

  // Check definitions are static for the life of the process: serialised
  // once, and revalidated by clients with their ETag instead of travelling
  // in every scorecard.
  const checksBody = JSON.stringify({ items: checks.checks.map(checkView) });
  const checksEtag = `"${createHash('sha256')
    .update(checksBody)
    .digest('base64url')}"`;
  router.get('/checks', async (req, res) => {
    await credentialsOf(req);
    parseQuery(noQuery, req.query);
    res.set('ETag', checksEtag);
    // Private: served after a permission check. no-cache: revalidated.
    res.set('Cache-Control', 'private, no-cache');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(checksBody);
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const ref = entityRefOfPath(req);
    if (!(await visibility.canRead(credentials, ref))) {
      throw noSuchEntity(ref);
    }
    parseQuery(noQuery, req.query);
    // A 404 too for an entity the store does not hold.
    const served = await scorecards.get(ref);
    res.set('ETag', served.etag);
    // Private: served after a permission check. no-cache: revalidated.
    res.set('Cache-Control', 'private, no-cache');
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json').vary('Accept-Encoding');
    if (
      req.get('Accept-Encoding') &&
      req.acceptsEncodings('gzip', 'identity') === 'gzip'
    ) {
      // Already compressed: the compression middleware leaves it as is.
      res.set('Content-Encoding', 'gzip').send(served.gzipped());
    } else {
      res.send(served.body);
    }
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const ref = await visibleEntityRef(req);
    const query = parseQuery(historyQuery, req.query);
    const to = query.to ?? Date.now();
    const from = query.from ?? to - 90 * DAY;
    if (from > to) {
      throw new InputError('Invalid query parameters: from is after to');
    }
    const points = await store.dailyPoints(
      ref,
      new Date(from).toISOString().slice(0, 10),
      new Date(to).toISOString().slice(0, 10),
    );
    const transitions = await store.resultTransitions(ref, from, to);
    res.json({
      entityRef: ref,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      points: points.map(p => ({
        scorecardId: p.scorecard_id,
        day: p.day,
        score: Number(p.score),
        levelIndex: Number(p.level_index),
        level: p.level ?? undefined,
      })),
      transitions: transitions.map(t => ({
        checkId: t.check_id,
        scorecardId: t.scorecard_id,
        from: t.from_state ?? undefined,
        to: t.to_state,
        message: t.message ?? undefined,
        at: iso(t.at),
      })),
    });
  });

  router.get('/leaderboard', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseQuery(leaderboardQuery, req.query);
    const scorecard = scorecardOrDefault(query.scorecard);
    const visibleRefs = await visibility.visibleRefs(credentials);
    const now = Date.now();
    const read = () =>
      readLeaderboard({ store, scorecard, query, visibleRefs, now });
    res.json(
      visibleRefs === ALL_ENTITIES
        ? await views.get(
            // The day is part of the key: the change column counts from
            // a day relative to today.
            `leaderboard\u0000${utcDay(now)}\u0000${
              scorecard.id
            }\u0000${JSON.stringify(query)}`,
            read,
          )
        : await read(),
    );
  });

  router.get('/gaps', async (req, res) => {
    const credentials = await credentialsOf(req);
    const query = parseQuery(gapsQuery, req.query);
    const owner = normalizeRef(query.owner, 'group');
    if (!owner) {
      throw new InputError(
        `Invalid query parameters: owner '${excerpt(
          query.owner,
        )}' is not an entity ref`,
      );
    }
    const scorecard = scorecardOrDefault(query.scorecard);
    const visible = await visibility.visibleRefs(credentials);
    // A team the caller cannot see has no gap view, as an entity has no page.
    if (!visible.has(owner)) {
      throw noSuchEntity(owner);
    }
    const read = () =>
      readTeamGaps({
        store,
        checks,
        scorecard,
        owner,
        visible,
        directOnly: query.directOnly,
        page: { offset: query.offset, limit: query.limit },
      });
    const { teamRefs, gaps } =
      visible === ALL_ENTITIES
        ? await views.get(
            `gaps\u0000${scorecard.id}\u0000${owner}\u0000${JSON.stringify(
              query,
            )}`,
            read,
          )
        : await read();
    // Exemptions and attestations of the whole team, not only the page.
    const refs = teamRefs;
    const now = Date.now();
    const horizon = now + 30 * DAY;
    // Independent reads, issued together.
    const [exemptions, attestations, pending] = await Promise.all([
      store.exemptionsExpiring(refs, now, horizon),
      store.attestationsDue(refs, horizon),
      store.pendingExemptions(refs),
    ]);
    res.json({
      ...gaps,
      exemptionsExpiring: exemptions.map(e => ({
        id: String(e.id),
        entityRef: e.entity_ref,
        checkId: e.check_id,
        reason: e.reason,
        createdBy: e.created_by,
        expiresAt: iso(e.expires_at),
      })),
      // Requests that wait for a second person's approval.
      exemptionsPending: pending.map(e => ({
        id: String(e.id),
        entityRef: e.entity_ref,
        checkId: e.check_id,
        reason: e.reason,
        createdBy: e.created_by,
        createdAt: iso(e.created_at),
      })),
      attestationsDue: attestations.map(a => ({
        entityRef: a.entityRef,
        type: a.name.slice('attestation.'.length),
        attestedBy: a.value?.attestedBy,
        expiresAt: new Date(a.expiresAt).toISOString(),
        expired: a.expiresAt <= now,
      })),
    });
  });

  // Last: whatever the routes above threw, the caller reads only what is
  // meant for them.
  router.use(sanitizeErrors(options.logger));
  return router;
}
