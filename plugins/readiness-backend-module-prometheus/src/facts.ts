import { ReadinessFactDefinition } from '@readiness/backstage-plugin-readiness-node';
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
  required: ['name', 'group', 'endpoint', 'health', 'matchedBy'],
  properties: {
    name: { type: 'string' },
    group: { type: 'string' },
    endpoint: { type: 'string' },
    health: { type: 'string' },
    matchedBy: { enum: ['label', 'expression', 'annotation'] },
    ...extra,
  },
});

/**
 * Declares one fact per template (disabled ones too, so that checks reading
 * them stay valid and turn `unknown`) and the two rule facts.
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
        'Alerting rules for the entity, matched by label, expression or the prometheus.io/alert annotation',
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
        },
      },
    },
    {
      name: `${COLLECTOR_ID}.recordingRules`,
      description:
        'Recording rules for the entity, matched by label, expression or the prometheus.io/rule annotation',
      schema: {
        type: 'object',
        required: ['count', 'unhealthy', 'rules'],
        properties: {
          count: { type: 'integer', minimum: 0 },
          unhealthy: { type: 'integer', minimum: 0 },
          rules: { type: 'array', items: ruleItem({}) },
        },
      },
    },
  ];
}
