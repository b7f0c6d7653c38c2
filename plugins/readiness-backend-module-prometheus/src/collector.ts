import {
  ReadinessCollectedFact,
  ReadinessCollector,
  ReadinessCollectorContext,
  ReadinessCollectorError,
} from '@readiness/backstage-plugin-readiness-node';
import {
  ConfiguredTemplate,
  EndpointSettings,
  PrometheusSettings,
} from './config';
import { EntityTarget, isPrometheusEntity, mapEntities } from './entityMapping';
import { COLLECTOR_ID, factDefinitions, QueryFactValue } from './facts';
import { entityQuery, graphLink, labelMatcher, uiPageLink } from './links';
import { PrometheusClient } from './PrometheusClient';
import { EndpointPass, queryEndpoint } from './queryEndpoint';
import { alertRulesValue, recordingRulesValue } from './rules';

export interface PrometheusCollectorOptions {
  settings: PrometheusSettings;
  /** The HTTP client; the platform `fetch` unless given (tests count calls). */
  fetch?: typeof fetch;
  /**
   * The evaluation time of every query of a cycle. The current time unless
   * given; tests evaluate at a fixed time inside their backfilled data.
   */
  clock?: () => Date;
}

function makeFact(
  target: EntityTarget,
  template: ConfiguredTemplate,
  endpoint: EndpointSettings,
  query: string,
  value: number,
  time: Date,
): ReadinessCollectedFact {
  const factValue: QueryFactValue = {
    value,
    unit: template.unit,
    query,
    window: template.window ?? null,
    endpoint: endpoint.name,
    match: labelMatcher(endpoint.label, target.labelValue),
  };
  return {
    entityRef: target.entityRef,
    name: `${COLLECTOR_ID}.${template.id}`,
    value: factValue,
    // The evaluation time is when the value was true; staleness counts from it.
    observedAt: time,
    source: {
      target: `prometheus ${endpoint.name}`,
      link: graphLink(
        endpoint,
        entityQuery(query, endpoint.label, target.labelValue),
        time,
      ),
      origin: 'live',
    },
  };
}

/** The fact of one template for one entity, from the first endpoint that has it. */
function templateFact(
  target: EntityTarget,
  template: ConfiguredTemplate,
  passes: Map<string, EndpointPass>,
  time: Date,
): ReadinessCollectedFact | undefined {
  let everyEndpointAnswered = true;
  for (const endpoint of target.endpoints) {
    const outcome = passes.get(endpoint.name)!.templates.get(template.id)!;
    if (!outcome.ok) {
      everyEndpointAnswered = false;
      continue;
    }
    if (!outcome.values.has(target.labelValue)) {
      continue;
    }
    const value = outcome.values.get(target.labelValue);
    // A series without a finite value (an error ratio without traffic)
    // says nothing, not zero.
    return value === null || value === undefined
      ? undefined
      : makeFact(target, template, endpoint, outcome.query, value, time);
  }
  // Only a complete answer proves an absence.
  if (everyEndpointAnswered && template.absent === 'zero') {
    const first = target.endpoints[0];
    const outcome = passes.get(first.name)!.templates.get(template.id)!;
    return makeFact(target, template, first, outcome.query, 0, time);
  }
  return undefined;
}

/** Rule facts, when every endpoint that holds rules for the entity answered. */
function ruleFacts(
  target: EntityTarget,
  passes: Map<string, EndpointPass>,
  time: Date,
): ReadinessCollectedFact[] {
  const withRules = target.endpoints.filter(e => e.rules);
  const indexes = withRules.map(e => passes.get(e.name)!.rules);
  if (withRules.length === 0 || indexes.some(i => !i)) {
    return [];
  }
  const matched = indexes.flatMap(index => index!.match(target));
  const source = (page: 'alerts' | 'rules') => ({
    target: withRules.map(e => `prometheus ${e.name}`).join(', '),
    link: uiPageLink(withRules[0], page),
    origin: 'live' as const,
  });
  return [
    {
      entityRef: target.entityRef,
      name: `${COLLECTOR_ID}.alertRules`,
      value: alertRulesValue(matched),
      observedAt: time,
      source: source('alerts'),
    },
    {
      entityRef: target.entityRef,
      name: `${COLLECTOR_ID}.recordingRules`,
      value: recordingRulesValue(matched),
      observedAt: time,
      source: source('rules'),
    },
  ];
}

/**
 * The Prometheus collector. Each cycle runs every enabled query template
 * once per endpoint, aggregated by the mapping label, and reads the rules
 * once per endpoint; the answers are joined to entities locally, so the
 * number of requests does not depend on the number of entities.
 */
export function createPrometheusCollector(
  options: PrometheusCollectorOptions,
): ReadinessCollector {
  const { settings } = options;
  const clock = options.clock ?? (() => new Date());
  const clients = new Map(
    settings.endpoints.map(e => [
      e.name,
      new PrometheusClient(e, options.fetch),
    ]),
  );
  const enabled = settings.templates.filter(t => t.enabled);

  async function collect(
    context: Pick<ReadinessCollectorContext, 'entities' | 'signal'>,
  ) {
    if (settings.endpoints.length === 0) {
      return {
        facts: [],
        errors: [
          {
            target: COLLECTOR_ID,
            message:
              'no Prometheus endpoint is configured under readiness.prometheus.endpoints',
          },
        ],
      };
    }
    const time = clock();
    const { targets, errors } = mapEntities(
      context.entities,
      settings.endpoints,
    );
    const used = settings.endpoints.filter(e =>
      targets.some(t => t.endpoints.includes(e)),
    );
    const passes = new Map(
      (
        await Promise.all(
          used.map(endpoint =>
            queryEndpoint({
              endpoint,
              client: clients.get(endpoint.name)!,
              templates: enabled,
              time,
              signal: context.signal,
            }),
          ),
        )
      ).map(pass => [pass.endpoint.name, pass]),
    );

    const allErrors: ReadinessCollectorError[] = [...errors];
    for (const pass of passes.values()) {
      const affected = targets
        .filter(t => t.endpoints.includes(pass.endpoint))
        .map(t => t.entityRef);
      allErrors.push(
        ...pass.failures.map(f => ({ ...f, entityRefs: affected })),
      );
    }

    const facts: ReadinessCollectedFact[] = [];
    for (const target of targets) {
      for (const template of enabled) {
        const fact = templateFact(target, template, passes, time);
        if (fact) {
          facts.push(fact);
        }
      }
      facts.push(...ruleFacts(target, passes, time));
    }
    return { facts, errors: allErrors };
  }

  return {
    id: COLLECTOR_ID,
    title: 'Prometheus',
    facts: factDefinitions(settings.templates),
    defaultSchedule: {
      frequency: { minutes: 15 },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
    },
    appliesTo: entity => isPrometheusEntity(entity, settings.entityTypes),
    collect,
    // One entity costs the same queries as all of them; the answer is fresh.
    refresh: (entity, context) => collect({ ...context, entities: [entity] }),
  };
}
