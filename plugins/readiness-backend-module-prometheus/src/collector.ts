import { UrlReaderService } from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
  ReadinessCollectorContext,
  ReadinessCollectorError,
  ReadinessFactSource,
} from '@readiness/backstage-plugin-readiness-node';
import {
  ConfiguredTemplate,
  EndpointSettings,
  PrometheusSettings,
} from './config';
import { EntityTarget, isPrometheusEntity, mapEntities } from './entityMapping';
import { COLLECTOR_ID, factDefinitions, QueryFactValue } from './facts';
import { GROUPED_QUERIES, GroupedQuery } from './groupedQueries';
import { entityQuery, graphLink, labelMatcher, uiPageLink } from './links';
import { PrometheusClient } from './PrometheusClient';
import { EndpointPass, queryEndpoint } from './queryEndpoint';
import { DeclaredFileReader } from './declaredFiles';
import { DeclaredRulesCycle } from './declaredRules';
import {
  alertCoverageValue,
  alertRulesValue,
  MatchedRule,
  recordingRulesValue,
  sloRulesValue,
} from './rules';
import { firingAlertsValue } from './serverStatus';

export interface PrometheusCollectorOptions {
  settings: PrometheusSettings;
  /** The HTTP client; the platform `fetch` unless given (tests count calls). */
  fetch?: typeof fetch;
  /**
   * The evaluation time of every query of a cycle. The current time unless
   * given; tests evaluate at a fixed time inside their backfilled data.
   */
  clock?: () => Date;
  /** Reads declared rule files at URLs (every SCM integration). */
  urlReader?: UrlReaderService;
  /** Resolves relative locations as the catalog does. */
  integrations?: ScmIntegrationRegistry;
}

// Entities whose declared files are read at the same time.
const DECLARED_CONCURRENCY = 8;

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
  if (!everyEndpointAnswered || template.absent === 'unknown') {
    return undefined;
  }
  // `zeroIfAny`: only where the query found the source at all.
  const endpoint = target.endpoints.find(e => {
    const outcome = passes.get(e.name)!.templates.get(template.id)!;
    return (
      template.absent === 'zero' || (outcome.ok && outcome.values.size > 0)
    );
  });
  if (!endpoint) {
    return undefined;
  }
  const outcome = passes.get(endpoint.name)!.templates.get(template.id)!;
  return makeFact(target, template, endpoint, outcome.query, 0, time);
}

/** The fact of a grouped query, from the first endpoint that has one. */
function groupedFact(
  target: EntityTarget,
  grouped: GroupedQuery,
  passes: Map<string, EndpointPass>,
  time: Date,
): ReadinessCollectedFact | undefined {
  let everyEndpointAnswered = true;
  let absence:
    | { value: object; endpoint: EndpointSettings; query: string }
    | undefined;
  for (const endpoint of target.endpoints) {
    const outcome = passes.get(endpoint.name)!.grouped.get(grouped.id)!;
    if (!outcome.ok) {
      everyEndpointAnswered = false;
      continue;
    }
    const built = grouped.build({
      series: value => outcome.series.get(value) ?? [],
      labelValue: target.labelValue,
      dependencies: target.dependencies,
      total: outcome.total,
    });
    if (!built) {
      continue;
    }
    const entry = { value: built.value, endpoint, query: outcome.query };
    if (built.found) {
      return makeGroupedFact(target, grouped, entry, time);
    }
    absence ??= entry;
  }
  return everyEndpointAnswered && absence
    ? makeGroupedFact(target, grouped, absence, time)
    : undefined;
}

function makeGroupedFact(
  target: EntityTarget,
  grouped: GroupedQuery,
  entry: { value: object; endpoint: EndpointSettings; query: string },
  time: Date,
): ReadinessCollectedFact {
  const { endpoint, query } = entry;
  return {
    entityRef: target.entityRef,
    name: `${COLLECTOR_ID}.${grouped.id}`,
    value: {
      ...entry.value,
      endpoint: endpoint.name,
      query,
      match: labelMatcher(endpoint.label, target.labelValue),
    },
    observedAt: time,
    source: {
      target: `prometheus ${endpoint.name}`,
      link: graphLink(endpoint, query, time),
      origin: 'live',
    },
  };
}

/**
 * The endpoint whose server status (Alertmanagers, retention) speaks for
 * the entity: the first that holds series of it, or its only endpoint.
 */
function homeEndpoint(
  target: EntityTarget,
  passes: Map<string, EndpointPass>,
): EndpointSettings | undefined {
  const holding = target.endpoints.find(e =>
    [...passes.get(e.name)!.templates.values()].some(
      o => o.ok && o.values.has(target.labelValue),
    ),
  );
  return (
    holding ?? (target.endpoints.length === 1 ? target.endpoints[0] : undefined)
  );
}

/** Alertmanagers and retention of the entity's Prometheus. */
function statusFacts(
  target: EntityTarget,
  passes: Map<string, EndpointPass>,
  time: Date,
): ReadinessCollectedFact[] {
  const home = homeEndpoint(target, passes);
  if (!home) {
    return [];
  }
  const pass = passes.get(home.name)!;
  const source = { target: `prometheus ${home.name}`, origin: 'live' as const };
  const facts: ReadinessCollectedFact[] = [];
  if (pass.alertmanagers) {
    facts.push({
      entityRef: target.entityRef,
      name: `${COLLECTOR_ID}.alertmanagers`,
      value: { ...pass.alertmanagers, endpoint: home.name },
      observedAt: time,
      source: { ...source, link: uiPageLink(home, 'status') },
    });
  }
  if (pass.retention) {
    facts.push({
      entityRef: target.entityRef,
      name: `${COLLECTOR_ID}.retention`,
      value: { ...pass.retention, endpoint: home.name },
      observedAt: time,
      source: { ...source, link: uiPageLink(home, 'flags') },
    });
  }
  return facts;
}

/**
 * The four rule facts of an entity from its matched rules: live from the
 * rules API, or declared from the files it names (`declaredIn` says which).
 */
function ruleFactsOf(
  target: EntityTarget,
  matched: MatchedRule[],
  time: Date,
  source: (page: 'alerts' | 'rules') => ReadinessFactSource,
  declaredIn?: string[],
): ReadinessCollectedFact[] {
  const declared = declaredIn ? { declaredIn } : {};
  const fact = (
    name: string,
    value: object,
    page: 'alerts' | 'rules',
  ): ReadinessCollectedFact => ({
    entityRef: target.entityRef,
    name: `${COLLECTOR_ID}.${name}`,
    value: { ...value, ...declared } as ReadinessCollectedFact['value'],
    observedAt: time,
    source: source(page),
  });
  return [
    fact('alertRules', alertRulesValue(matched), 'alerts'),
    fact('recordingRules', recordingRulesValue(matched), 'rules'),
    fact('alertCoverage', alertCoverageValue(matched), 'alerts'),
    fact('sloRules', sloRulesValue(matched), 'rules'),
  ];
}

/** Whether an endpoint reads the entity's rules: then live rules decide. */
function rulesAreLive(target: EntityTarget): boolean {
  return target.endpoints.some(e => e.rules);
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
  return ruleFactsOf(target, matched, time, page => ({
    target: withRules.map(e => `prometheus ${e.name}`).join(', '),
    link: uiPageLink(withRules[0], page),
    origin: 'live',
  }));
}

/**
 * Firing alerts of the entity, when every endpoint that holds alerts for
 * it answered: those labelled with its value and those of its alerting
 * rules (as far as the rules could be read) or named by its annotation.
 */
function firingAlertsFact(
  target: EntityTarget,
  passes: Map<string, EndpointPass>,
  time: Date,
): ReadinessCollectedFact[] {
  const withAlerts = target.endpoints.filter(e => e.alerts);
  const indexes = withAlerts.map(e => passes.get(e.name)!.alerts);
  if (withAlerts.length === 0 || indexes.some(i => !i)) {
    return [];
  }
  const ruleNames = [
    ...target.alertNames,
    ...target.endpoints.flatMap(
      e =>
        passes
          .get(e.name)!
          .rules?.match(target)
          .filter(m => m.rule.type === 'alerting')
          .map(m => ({ name: m.rule.name, scope: m.scope })) ?? [],
    ),
  ];
  const alerts = [
    ...new Set(
      indexes.flatMap(index => index!.match(target.labelValue, ruleNames)),
    ),
  ];
  return [
    {
      entityRef: target.entityRef,
      name: `${COLLECTOR_ID}.firingAlerts`,
      value: firingAlertsValue(alerts),
      observedAt: time,
      source: {
        target: withAlerts.map(e => `prometheus ${e.name}`).join(', '),
        link: uiPageLink(withAlerts[0], 'alerts'),
        origin: 'live',
      },
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
  const declared = settings.declaredRules;
  // Without any endpoint, declared rules are read only when asked for.
  const readDeclared =
    declared.enabled && (settings.endpoints.length > 0 || declared.configured);
  const files = new DeclaredFileReader({
    urlReader: options.urlReader,
    integrations: options.integrations,
    roots: declared.roots,
  });

  async function collect(
    context: Pick<ReadinessCollectorContext, 'entities' | 'signal'>,
  ) {
    if (settings.endpoints.length === 0 && !readDeclared) {
      return {
        facts: [],
        errors: [
          {
            target: COLLECTOR_ID,
            message:
              'no Prometheus endpoint is configured under readiness.prometheus.endpoints, and declared rules are not read (readiness.prometheus.declaredRules)',
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
              groupedQueries: GROUPED_QUERIES,
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
    const declaredTargets: EntityTarget[] = [];
    for (const target of targets) {
      if (
        readDeclared &&
        !rulesAreLive(target) &&
        (target.ruleFiles.length > 0 || target.manifests.length > 0)
      ) {
        declaredTargets.push(target);
      }
      for (const template of enabled) {
        const fact = templateFact(target, template, passes, time);
        if (fact) {
          facts.push(fact);
        }
      }
      for (const grouped of GROUPED_QUERIES) {
        const fact = groupedFact(target, grouped, passes, time);
        if (fact) {
          facts.push(fact);
        }
      }
      facts.push(...ruleFacts(target, passes, time));
      facts.push(...firingAlertsFact(target, passes, time));
      facts.push(...statusFacts(target, passes, time));
    }

    // Declared rules, for the entities whose rules no endpoint reads; the
    // results keep the order of the entities whatever order reads end in.
    const cycle = new DeclaredRulesCycle(files, context.signal);
    const declaredResults: Array<{
      facts: ReadinessCollectedFact[];
      errors: ReadinessCollectorError[];
    }> = [];
    let next = 0;
    const worker = async () => {
      while (next < declaredTargets.length) {
        const position = next++;
        const target = declaredTargets[position];
        const label = target.endpoints[0]?.label ?? settings.label;
        const problems: ReadinessCollectorError[] = [];
        const set = await cycle.rulesOf(target, label, problems);
        declaredResults[position] = {
          errors: problems,
          facts: set
            ? ruleFactsOf(
                target,
                set.matched,
                time,
                () => set.source,
                set.declaredIn,
              )
            : [],
        };
      }
    };
    await Promise.all(
      Array.from(
        { length: Math.min(DECLARED_CONCURRENCY, declaredTargets.length) },
        worker,
      ),
    );
    for (const result of declaredResults) {
      facts.push(...result.facts);
      allErrors.push(...result.errors);
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
