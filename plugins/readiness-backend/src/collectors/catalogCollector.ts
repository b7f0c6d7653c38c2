import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ReadinessCollectedFact,
  ReadinessCollector,
} from '@readiness/backstage-plugin-readiness-node';

const LINK_KINDS: Record<string, RegExp> = {
  runbook: /runbook|playbook/i,
  dashboard: /dashboard|grafana/i,
  onCall: /on-?call|pager|escalation/i,
  logs: /\blogs?\b|kibana|opensearch|loki|splunk|papertrail/i,
  errorTracking: /error[- ]?tracking|sentry|rollbar|bugsnag/i,
};

/** Annotations of error-tracking integrations that have Backstage plugins. */
const ERROR_TRACKING_ANNOTATIONS = [
  'sentry.io/project-slug',
  'rollbar.com/project-slug',
  'bugsnag.com/project-key',
  'airbrake.io/project-id',
];

// How a team says how to reach it: an e-mail in its profile, or a chat,
// e-mail or support link.
const CONTACT_LINK = /chat|slack|teams|e-?mail|mailto|support|contact/i;

/** Whether an owning Group or User tells people how to reach it. */
function hasContact(owner: Entity | undefined): boolean {
  if (!owner) return false;
  const profile = (owner.spec?.profile ?? {}) as Record<string, unknown>;
  if (typeof profile.email === 'string' && profile.email.includes('@')) {
    return true;
  }
  return (owner.metadata.links ?? []).some(l =>
    CONTACT_LINK.test(`${l.type ?? ''} ${l.title ?? ''} ${l.url}`),
  );
}

function linkKinds(entity: Entity) {
  const links = entity.metadata.links ?? [];
  const has = (pattern: RegExp) =>
    links.some(l => pattern.test(`${l.type ?? ''} ${l.title ?? ''}`));
  return Object.fromEntries(
    Object.entries(LINK_KINDS).map(([kind, pattern]) => [kind, has(pattern)]),
  );
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter(v => typeof v === 'string') : [];
}

/** Facts read from one catalog entity, resolved against the whole catalog. */
function factsOf(
  entity: Entity,
  owners: Map<string, Entity>,
): ReadinessCollectedFact[] {
  const entityRef = stringifyEntityRef(entity);
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const annotations = entity.metadata.annotations ?? {};
  const source = { target: 'catalog', origin: 'declared' as const };

  const owner = typeof spec.owner === 'string' ? spec.owner : undefined;
  let ownerRef: string | null = null;
  if (owner) {
    try {
      ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity.metadata.namespace ?? 'default',
        }),
      );
    } catch {
      ownerRef = null;
    }
  }

  const fact = (name: string, value: ReadinessCollectedFact['value']) => ({
    entityRef,
    name: `catalog.${name}`,
    value,
    source,
  });

  return [
    fact('ownership', {
      owner: ownerRef,
      ownerKind: ownerRef ? parseEntityRef(ownerRef).kind : null,
      resolves: ownerRef !== null && owners.has(ownerRef),
      contact: hasContact(ownerRef ? owners.get(ownerRef) : undefined),
    }),
    fact('descriptor', {
      title: entity.metadata.title ?? null,
      description: entity.metadata.description?.trim() || null,
      lifecycle: typeof spec.lifecycle === 'string' ? spec.lifecycle : null,
      system: typeof spec.system === 'string' ? spec.system : null,
      tags: entity.metadata.tags ?? [],
    }),
    fact('links', {
      ...linkKinds(entity),
      links: (entity.metadata.links ?? []).map(l => ({
        url: l.url,
        title: l.title ?? null,
        type: l.type ?? null,
      })),
    }),
    fact('annotations', {
      keys: Object.keys(annotations).sort(),
      pagerDuty: Boolean(
        annotations['pagerduty.com/service-id'] ||
          annotations['pagerduty.com/integration-key'],
      ),
      opsgenie: Boolean(
        annotations['opsgenie.com/component-selector'] ||
          annotations['opsgenie.com/team'],
      ),
      techdocs: Boolean(annotations['backstage.io/techdocs-ref']),
      errorTracking: ERROR_TRACKING_ANNOTATIONS.some(a => annotations[a]),
      sourceLocation: Boolean(annotations['backstage.io/source-location']),
    }),
    fact('apis', {
      provides: stringArray(spec.providesApis),
      consumes: stringArray(spec.consumesApis),
    }),
  ];
}

const ENTITY_KINDS = ['component', 'resource', 'system', 'api'];

/**
 * The built-in collector: facts that the catalog entity itself answers
 * (owner, lifecycle, links, annotations...). Groups and users are read to
 * tell whether an owner resolves.
 */
export const catalogCollector: ReadinessCollector = {
  id: 'catalog',
  title: 'Software catalog',
  defaultSchedule: {
    frequency: { minutes: 10 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 15 },
  },
  facts: [
    {
      name: 'catalog.ownership',
      description:
        'The owner named in spec.owner, whether it resolves to a Group or User, and whether that owner publishes a contact (profile e-mail or a chat link)',
      schema: {
        type: 'object',
        required: ['owner', 'ownerKind', 'resolves', 'contact'],
        properties: {
          owner: { type: ['string', 'null'] },
          ownerKind: { type: ['string', 'null'] },
          resolves: { type: 'boolean' },
          contact: { type: 'boolean' },
        },
      },
    },
    {
      name: 'catalog.descriptor',
      description: 'Title, description, lifecycle, system and tags',
      schema: {
        type: 'object',
        required: ['description', 'lifecycle', 'system', 'tags'],
        properties: {
          title: { type: ['string', 'null'] },
          description: { type: ['string', 'null'] },
          lifecycle: { type: ['string', 'null'] },
          system: { type: ['string', 'null'] },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    {
      name: 'catalog.links',
      description:
        'Links, and whether a runbook, dashboard, on-call, logs and error-tracking link exist',
      schema: {
        type: 'object',
        required: [
          'runbook',
          'dashboard',
          'onCall',
          'logs',
          'errorTracking',
          'links',
        ],
        properties: {
          runbook: { type: 'boolean' },
          dashboard: { type: 'boolean' },
          onCall: { type: 'boolean' },
          logs: { type: 'boolean' },
          errorTracking: { type: 'boolean' },
          links: { type: 'array' },
        },
      },
    },
    {
      name: 'catalog.annotations',
      description:
        'Annotation keys and the well-known integrations they enable',
      schema: {
        type: 'object',
        required: [
          'keys',
          'pagerDuty',
          'opsgenie',
          'techdocs',
          'errorTracking',
          'sourceLocation',
        ],
        properties: {
          keys: { type: 'array', items: { type: 'string' } },
          pagerDuty: { type: 'boolean' },
          opsgenie: { type: 'boolean' },
          techdocs: { type: 'boolean' },
          errorTracking: { type: 'boolean' },
          sourceLocation: { type: 'boolean' },
        },
      },
    },
    {
      name: 'catalog.apis',
      description: 'APIs the entity provides and consumes',
      schema: {
        type: 'object',
        required: ['provides', 'consumes'],
        properties: {
          provides: { type: 'array', items: { type: 'string' } },
          consumes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  ],
  async collect({ entities }) {
    const owners = new Map(
      entities
        .filter(e =>
          ['group', 'user'].includes(e.kind.toLocaleLowerCase('en-US')),
        )
        .map(e => [stringifyEntityRef(e), e]),
    );
    const facts = entities
      .filter(e => ENTITY_KINDS.includes(e.kind.toLocaleLowerCase('en-US')))
      .flatMap(e => factsOf(e, owners));
    return { facts, errors: [] };
  },
};
