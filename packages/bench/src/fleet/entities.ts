import { Entity } from '@backstage/catalog-model';
import { Random } from './random';

/** The shape of a generated fleet. */
export interface FleetOptions {
  entities: number;
  teams: number;
  seed: number;
}

export const pad = (n: number, width = 5) => String(n).padStart(width, '0');

export const teamName = (i: number) => `team-${pad(i, 3)}`;
export const serviceName = (i: number) => `svc-${pad(i)}`;

/**
 * Team of the i-th service. Squaring a uniform draw skews ownership the
 * way real fleets are skewed: a few platform teams own hundreds of
 * services, most teams own a handful.
 */
function teamOf(random: Random, teams: number): number {
  return Math.min(teams - 1, Math.floor(random.next() ** 2 * teams));
}

/**
 * Groups and Components (type service) of the fleet. Services differ in
 * how complete their descriptors are, so catalog checks pass and fail.
 */
export function generateCatalog(options: FleetOptions): Entity[] {
  const random = new Random(options.seed);
  const groups: Entity[] = [];
  for (let t = 0; t < options.teams; t++) {
    groups.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: teamName(t), namespace: 'default' },
      spec: { type: 'team', children: [] },
    });
  }
  const systems = Math.max(1, Math.round(options.entities / 20));
  const components: Entity[] = [];
  for (let i = 0; i < options.entities; i++) {
    const name = serviceName(i);
    const quality = random.next();
    const good = () => random.chance(0.55 + 0.45 * quality);
    const links = [];
    if (good()) {
      links.push({
        url: `https://runbooks.example.com/${name}`,
        title: 'Runbook',
        type: 'runbook',
      });
    }
    if (good()) {
      links.push({
        url: `https://grafana.example.com/d/${name}`,
        title: 'Dashboard',
        type: 'dashboard',
      });
    }
    if (good()) {
      links.push({
        url: `https://oncall.example.com/${name}`,
        title: 'On-call',
        type: 'on-call',
      });
    }
    const annotations: Record<string, string> = {
      'backstage.io/kubernetes-id': name,
      'github.com/project-slug': `example/${name}`,
      'backstage.io/source-location': `url:https://github.com/example/${name}`,
    };
    if (good()) annotations['backstage.io/techdocs-ref'] = 'dir:.';
    if (good()) annotations['pagerduty.com/service-id'] = `P${pad(i, 6)}`;
    components.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        title: `Service ${i}`,
        description: good()
          ? `Serves the ${name} domain for its callers.`
          : undefined,
        tags: good() ? ['java', 'tier-1'] : ['node'],
        annotations,
        links,
      },
      spec: {
        type: 'service',
        lifecycle: good()
          ? 'production'
          : random.pick(['experimental', 'beta']),
        owner: `group:default/${teamName(teamOf(random, options.teams))}`,
        system: good()
          ? `system-${pad(random.int(0, systems - 1), 4)}`
          : undefined,
        providesApis: good() ? [`${name}-api`] : [],
        consumesApis: [],
      },
    });
  }
  return [...groups, ...components];
}
