import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import { readinessReadPermission } from '@readiness/backstage-plugin-readiness-common';
import { CheckRegistry } from '../checks/CheckRegistry';
import { ReadinessStore } from '../database/ReadinessStore';
import { normalizeRef } from '../database/refs';
import { requirePermissions } from '../service/authorize';
import { buildEntityScorecard } from '../service/entityScorecard';
import { EntityVisibility } from '../service/EntityVisibility';
import { readTeamGaps } from '../service/teamGaps';

export interface ReadinessActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  visibility: EntityVisibility;
  store: ReadinessStore;
  checks: CheckRegistry;
}

const NOT_SATISFIED = new Set(['fail', 'error', 'unknown']);

/**
 * Read-only actions for automation and AI assistants, registered with the
 * actions registry: the same answers as the REST routes, under the same
 * rules (readiness.scorecard.read, and only entities the catalog shows the
 * caller; a hidden entity is not found, as on the routes).
 */
export function registerReadinessActions(options: ReadinessActionsOptions) {
  const { actionsRegistry, permissions, visibility, store, checks } = options;

  const mayRead = (credentials: BackstageCredentials) =>
    requirePermissions(permissions, credentials, [readinessReadPermission]);

  /** The entity ref of an input, not found unless the caller may see it. */
  const visibleEntity = async (
    credentials: BackstageCredentials,
    input: string,
  ) => {
    await mayRead(credentials);
    const ref = normalizeRef(input, 'component');
    if (!ref) {
      throw new InputError(`'${input.slice(0, 100)}' is not an entity ref`);
    }
    if (!(await visibility.canSee(credentials, ref))) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return ref;
  };

  const checkTitle = (id: string) => checks.getCheck(id)?.title ?? id;

  actionsRegistry.register({
    name: 'get-entity-scorecard',
    title: 'Get the readiness scorecard of an entity',
    description:
      'The readiness of one catalog entity per scorecard: its level, score, the next level and the checks that block it, with why each fails.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity ref, such as component:default/payments (kind defaults to component)',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          evaluatedAt: z.string().optional(),
          scorecards: z.array(
            z.object({
              scorecardId: z.string(),
              title: z.string(),
              level: z.string().optional(),
              nextLevel: z.string().optional(),
              score: z.number(),
              counts: z.record(z.number()),
              blocking: z
                .array(
                  z.object({
                    checkId: z.string(),
                    title: z.string(),
                    state: z.string(),
                    message: z.string().optional(),
                  }),
                )
                .describe('Checks between the entity and its next level'),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = await visibleEntity(credentials, input.entityRef);
      const card = await buildEntityScorecard(ref, { store, checks });
      return {
        output: {
          entityRef: card.entityRef,
          evaluatedAt: card.evaluatedAt,
          scorecards: card.scorecards.map(s => {
            const results = new Map(s.results.map(r => [r.checkId, r]));
            return {
              scorecardId: s.scorecardId,
              title: s.scorecard?.title ?? s.scorecardId,
              level: s.level,
              nextLevel: s.nextLevel,
              score: s.score,
              counts: s.counts,
              blocking: s.blocking.map(checkId => ({
                checkId,
                title: checkTitle(checkId),
                state: results.get(checkId)?.state ?? 'unknown',
                message: results.get(checkId)?.message,
              })),
            };
          }),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-failing-checks',
    title: 'List the failing checks of an entity',
    description:
      'Every readiness check of one catalog entity that does not pass (fail, error or unknown), lowest level first, with the message and how to fix it.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe('Entity ref, such as component:default/payments'),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          checks: z.array(
            z.object({
              checkId: z.string(),
              title: z.string(),
              scorecardId: z.string(),
              level: z.string(),
              state: z.enum(['fail', 'error', 'unknown']),
              message: z.string().optional(),
              remediation: z.string().optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const ref = await visibleEntity(credentials, input.entityRef);
      const card = await buildEntityScorecard(ref, { store, checks });
      const failing = card.scorecards.flatMap(s => {
        const levels = (s.scorecard?.levels ?? []).map(l => l.id);
        return s.results
          .filter(r => NOT_SATISFIED.has(r.state))
          .map(r => {
            const check = checks.getCheck(r.checkId);
            return {
              order: levels.indexOf(check?.level ?? ''),
              checkId: r.checkId,
              title: check?.title ?? r.checkId,
              scorecardId: s.scorecardId,
              level: check?.level ?? '',
              state: r.state as 'fail' | 'error' | 'unknown',
              message: r.message,
              remediation: check?.remediation,
            };
          });
      });
      failing.sort((a, b) => a.order - b.order);
      return {
        output: {
          entityRef: ref,
          checks: failing.map(({ order: _order, ...check }) => check),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-team-gaps',
    title: "List a team's readiness gaps",
    description:
      "The checks that fail across a team's entities, ranked by how many entities they hold back and their weight, and the entities closest to their next level.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .string()
            .describe('Group ref, such as group:default/team-a or team-a'),
          scorecard: z
            .string()
            .optional()
            .describe('Scorecard id; the first scorecard when absent'),
        }),
      output: z =>
        z.object({
          owner: z.string(),
          scorecardId: z.string(),
          entities: z.number().describe('Entities of the team shown'),
          failingChecks: z.array(
            z.object({
              checkId: z.string(),
              title: z.string(),
              level: z.string(),
              weight: z.number(),
              entities: z.array(z.string()),
            }),
          ),
          closestToNextLevel: z.array(
            z.object({
              entityRef: z.string(),
              level: z.string().optional(),
              nextLevel: z.string().optional(),
              checksToFix: z.array(z.string()),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await mayRead(credentials);
      const owner = normalizeRef(input.owner, 'group');
      if (!owner) {
        throw new InputError(
          `'${input.owner.slice(0, 100)}' is not an entity ref`,
        );
      }
      const scorecard = input.scorecard
        ? checks.getScorecard(input.scorecard)
        : checks.scorecards[0];
      if (!scorecard) {
        throw new InputError(`Unknown scorecard '${input.scorecard}'`);
      }
      const visible = await visibility.visibleRefs(credentials);
      if (!visible.has(owner)) {
        throw new NotFoundError(`No entity ${owner}`);
      }
      const { rollups, gaps } = await readTeamGaps({
        store,
        checks,
        scorecard,
        owner,
        visible,
      });
      return {
        output: {
          owner,
          scorecardId: scorecard.id,
          entities: rollups.length,
          failingChecks: gaps.failingChecks,
          closestToNextLevel: gaps.closestToNextLevel.map(e => ({
            entityRef: e.entityRef,
            level: e.level,
            nextLevel: e.nextLevel,
            checksToFix: e.checksToFix.map(c => c.checkId),
          })),
        },
      };
    },
  });
}
