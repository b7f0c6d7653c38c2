import { ReadinessFactDefinition } from '@readiness/backstage-plugin-readiness-node';
import { GroupedQuery, GROUPED_QUERIES } from './groupedQueries';
import { SIGNALS } from './ruleSignals';
import { QueryTemplate } from './templates';

export const COLLECTOR_ID = 'prometheus';

/** The value of a fact measured by a query template. */
export interface QueryFactValue {
  [key: string]: string | number | null;
  value: number;
  unit: string;
  /** The PromQL that ran (for all entities at once). */
  query: string;
  window: string | null;
  /** The configured endpoint that answered. */
  endpoint: string;
  /** The label matcher that selects the entity, e.g. `service="checkout"`. */
  match: string;
}

const queryFactSchema = {
  type: 'object',
  required: ['value', 'unit', 'query', 'window', 'endpoint', 'match'],
  additionalProperties: false,
  properties: {
    value: { type: 'number' },
    unit: { type: 'string' },
    query: { type: 'string' },
    window: { type: ['string', 'null'] },
    endpoint: { type: 'string' },
    match: { type: 'string' },
  },
};

const ruleItem = (extra: Record<string, object>) => ({
  type: 'object',
  required: ['name', 'group', 'health', 'matchedBy'],
  properties: {
    name: { type: 'string' },
    group: { type: 'string' },
    /** The endpoint whose rules API listed it (live rules). */
    endpoint: { type: 'string' },
    /** The declared file that holds it (declared rules). */
    file: { type: 'string' },
    health: { type: 'string' },
    /** Why it fails to evaluate, when `health` is `err`. */
    lastError: { type: 'string' },
    matchedBy: {
      enum: [
        'label',
        'expression',
        'recordingRule',
        'aggregation',
        'annotation',
        'file',
      ],
    },
    /** Why it belongs to the entity, e.g. `label sloth_service="checkout"`. */
    reason: { type: 'string' },
    ...extra,
  },
});

const names = { type: 'array', items: { type: 'string' } };

/**
 * Set on the rule facts of an entity whose rules come from the files it
 * declares (not from a rules API): the files and folders they were read from.
 */
const declaredIn = names;

function groupedDefinition(query: GroupedQuery): ReadinessFactDefinition {
  const schema = query.schema as {
    required: string[];
    properties: Record<string, object>;
  };
  return {
    name: `${COLLECTOR_ID}.${query.id}`,
    description: `${query.description}${
      query.window ? ` over ${query.window}` : ''
    }`,
    schema: {
      ...query.schema,
      required: [...schema.required, 'endpoint', 'query', 'match'],
      properties: {
        ...schema.properties,
        endpoint: { type: 'string' },
        query: { type: 'string' },
        match: { type: 'string' },
      },
    },
  };
}

/** Facts read from the rules, the alerts and the server status. */
const OTHER_FACTS: ReadinessFactDefinition[] = [
  {
    name: `${COLLECTOR_ID}.alertCoverage`,
    description:
      'What the alerting rules of the entity watch (errors, latency, CPU, memory, restarts, disk, certificates, from the series their expressions and recording rules read), why, and which lack a runbook annotation',
    schema: {
      type: 'object',
      required: ['count', 'withoutRunbookCount', 'withoutRunbook', 'signals'],
      properties: {
        count: { type: 'integer', minimum: 0 },
        withoutRunbookCount: { type: 'integer', minimum: 0 },
        withoutRunbook: names,
        signals: {
          type: 'object',
          required: [...SIGNALS],
          properties: Object.fromEntries(SIGNALS.map(s => [s, names])),
        },
        // "CheckoutErrorBudgetBurn: 5xx filter code=~"5.." on
        // http_requests_total via recording rule slo:sli_error:ratio_rate5m"
        reasons: {
          type: 'object',
          properties: Object.fromEntries(SIGNALS.map(s => [s, names])),
        },
        alerts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'signals'],
            properties: {
              name: { type: 'string' },
              group: { type: 'string' },
              /** `group/name`, as messages name the rule. */
              rule: { type: 'string' },
              signals: names,
              /** `errors: 5xx filter ... via recording rule ...`, per signal. */
              why: names,
              runbook: { type: 'boolean' },
            },
          },
        },
        declaredIn,
      },
    },
  },
  {
    name: `${COLLECTOR_ID}.sloRules`,
    description:
      'SLO rules of the entity: SLI recording rules and burn-rate alerts (Sloth, Pyrra, OpenSLO or by name)',
    schema: {
      type: 'object',
      required: ['count', 'recording', 'alerting', 'rules'],
      properties: {
        count: { type: 'integer', minimum: 0 },
        recording: { type: 'integer', minimum: 0 },
        alerting: { type: 'integer', minimum: 0 },
        rules: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'type', 'group', 'reason'],
            properties: {
              name: { type: 'string' },
              type: { enum: ['alerting', 'recording'] },
              group: { type: 'string' },
              endpoint: { type: 'string' },
              file: { type: 'string' },
              reason: { type: 'string' },
            },
          },
        },
        declaredIn,
      },
    },
  },
  {
    name: `${COLLECTOR_ID}.firingAlerts`,
    description:
      'Alerts of the entity firing now (/api/v1/alerts), with their severity',
    schema: {
      type: 'object',
      required: ['count', 'alerts'],
      properties: {
        count: { type: 'integer', minimum: 0 },
        alerts: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'severity', 'activeAt'],
            properties: {
              name: { type: 'string' },
              severity: { type: 'string' },
              activeAt: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
  },
  {
    name: `${COLLECTOR_ID}.alertmanagers`,
    description:
      'Alertmanagers the Prometheus server of the entity sends alerts to (/api/v1/alertmanagers)',
    schema: {
      type: 'object',
      required: ['active', 'dropped', 'urls', 'endpoint'],
      properties: {
        active: { type: 'integer', minimum: 0 },
        dropped: { type: 'integer', minimum: 0 },
        urls: names,
        endpoint: { type: 'string' },
      },
    },
  },
  {
    name: `${COLLECTOR_ID}.retention`,
    description:
      'How long and how much data the Prometheus server of the entity keeps (storage.tsdb.retention.time and .size)',
    schema: {
      type: 'object',
      required: [
        'time',
        'timeLimited',
        'timeSeconds',
        'size',
        'sizeLimited',
        'sizeBytes',
        'endpoint',
      ],
      properties: {
        time: { type: ['string', 'null'] },
        timeLimited: { type: 'boolean' },
        timeSeconds: { type: 'number', minimum: 0 },
        size: { type: ['string', 'null'] },
        sizeLimited: { type: 'boolean' },
        sizeBytes: { type: 'number', minimum: 0 },
        endpoint: { type: 'string' },
      },
    },
  },
];

/**
 * Declares one fact per template (disabled ones too, so that checks reading
 * them stay valid and turn `unknown`), the grouped queries, the rule facts
 * and the alert and server status facts.
 */
export function factDefinitions(
  templates: QueryTemplate[],
): ReadinessFactDefinition[] {
  return [
    ...templates.map(template => ({
      name: `${COLLECTOR_ID}.${template.id}`,
      description: `${template.description}${
        template.window ? ` over ${template.window}` : ''
      } (${template.unit || 'value'})`,
      schema: queryFactSchema,
    })),
    {
      name: `${COLLECTOR_ID}.alertRules`,
      description:
        'Alerting rules for the entity, matched by label, expression or the prometheus.io/alert annotation, from a rules API or from the files the entity declares (declaredIn)',
      schema: {
        type: 'object',
        required: ['count', 'firing', 'pending', 'unhealthy', 'rules'],
        properties: {
          count: { type: 'integer', minimum: 0 },
          firing: { type: 'integer', minimum: 0 },
          pending: { type: 'integer', minimum: 0 },
          unhealthy: { type: 'integer', minimum: 0 },
          rules: {
            type: 'array',
            items: ruleItem({ state: { type: 'string' } }),
          },
          declaredIn,
        },
      },
    },
    {
      name: `${COLLECTOR_ID}.recordingRules`,
      description:
        'Recording rules for the entity, matched by label, expression or the prometheus.io/rule annotation, from a rules API or from the files the entity declares (declaredIn)',
      schema: {
        type: 'object',
        required: ['count', 'unhealthy', 'rules'],
        properties: {
          count: { type: 'integer', minimum: 0 },
          unhealthy: { type: 'integer', minimum: 0 },
          rules: { type: 'array', items: ruleItem({}) },
          declaredIn,
        },
      },
    },
    ...GROUPED_QUERIES.map(groupedDefinition),
    ...OTHER_FACTS,
  ];
}
