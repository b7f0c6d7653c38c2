import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import express, { Router } from 'express';
import { z } from 'zod/v3';
import { ReadinessStore } from '../database/ReadinessStore';
import { FactDefinitions } from '../engine/FactDefinitions';
import { ReadinessEngine } from '../engine/ReadinessEngine';
import { PayloadTooLargeError } from './bodyErrors';
import { isoDateTime } from './isoDateTime';
import { parseBody } from './parameters';
import { excerpt, lineText } from './text';

export interface PushRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  store: ReadinessStore;
  engine: ReadinessEngine;
  facts: FactDefinitions;
  /** Fact names that `readiness.push.facts` declares pushable. */
  pushable: Set<string>;
  maxFacts: number;
  maxBodyBytes: string;
  clock?: () => number;
}

const pushBody = z
  .object({
    facts: z
      .array(
        z
          .object({
            entityRef: lineText({ max: 255 }),
            fact: lineText({ max: 255 }),
            value: z.unknown().refine(v => v !== undefined, 'is required'),
            observedAt: isoDateTime.optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/**
 * `POST /facts`: CI pipelines push facts for many entities at once. Only
 * service principals (service-to-service or external access tokens), only
 * facts declared pushable, every value validated; all or nothing.
 */
export function addPushRoutes(router: Router, options: PushRoutesOptions) {
  const { httpAuth, auditor, store, engine, facts, pushable } = options;
  const now = () => (options.clock ?? Date.now)();

  router.post(
    '/facts',
    express.json({ limit: options.maxBodyBytes }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      const body = parseBody(pushBody, req.body);
      if (body.facts.length > options.maxFacts) {
        throw new PayloadTooLargeError(
          `At most ${options.maxFacts} facts per request, got ${body.facts.length}`,
        );
      }

      const problems: string[] = [];
      const refs = body.facts.map((item, i) => {
        try {
          return stringifyEntityRef(
            parseEntityRef(item.entityRef),
          ).toLocaleLowerCase('en-US');
        } catch {
          problems.push(
            `facts.${i}.entityRef: '${excerpt(
              item.entityRef,
            )}' is not an entity ref`,
          );
          return '';
        }
      });
      const known = await store.knownEntities(refs.filter(Boolean));
      const receivedAt = now();
      const writes = body.facts.flatMap((item, i) => {
        const where = `facts.${i}`;
        if (refs[i] && !known.has(refs[i])) {
          problems.push(`${where}.entityRef: ${refs[i]} is not in the catalog`);
        }
        const definition = facts.get(item.fact);
        if (!pushable.has(item.fact) || !definition) {
          problems.push(
            `${where}.fact: '${excerpt(
              item.fact,
            )}' is not declared pushable in readiness.push.facts`,
          );
          return [];
        }
        if (!definition.validate(item.value)) {
          problems.push(
            `${where}.value: ${definition.validate.errors
              ?.map(e => `${e.instancePath || '/'} ${e.message}`)
              .join(', ')}`,
          );
        }
        const observedAt = item.observedAt ?? receivedAt;
        if (observedAt > receivedAt + 5 * 60_000) {
          problems.push(`${where}.observedAt: is in the future`);
        }
        return [
          {
            entityRef: refs[i],
            name: item.fact,
            value: item.value as any,
            source: {
              target: (credentials.principal as any).subject ?? 'push',
              origin: 'live' as const,
            },
            observedAt,
            staleAt: observedAt + definition.staleAfterMs,
          },
        ];
      });
      if (problems.length > 0) {
        throw new InputError(
          `Invalid body, nothing was written: ${problems
            .slice(0, 10)
            .join('; ')}${
            problems.length > 10 ? `; and ${problems.length - 10} more` : ''
          }`,
        );
      }

      const event = await auditor.createEvent({
        eventId: 'facts-push',
        request: req,
        severityLevel: 'low',
        meta: { facts: writes.length, entities: new Set(refs).size },
      });
      try {
        const summary = await store.writeFacts(writes);
        await engine.evaluatePending();
        await event.success({ meta: { changed: summary.changed } });
        res
          .status(202)
          .json({ accepted: summary.written, changed: summary.changed });
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );
}
