import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import { readinessPlugin } from '../plugin';

// A catalog, a permission backend and the readiness plugin start per suite;
// the catalog processes its entities first.
jest.setTimeout(120_000);

const ALICE = 'user:default/alice'; // of team-a, which owns payments
const BOB = 'user:default/bob'; // of team-b, which owns search
const CAROL = 'user:default/carol'; // of platform: approves exemptions

const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-a'],
  [BOB]: ['group:default/team-b'],
  [CAROL]: ['group:default/platform'],
};

const annotations = {
  'backstage.io/managed-by-location':
    'url:https://git.example.com/catalog.yaml',
  'backstage.io/managed-by-origin-location':
    'url:https://git.example.com/catalog.yaml',
};
const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'team', children: [] },
});
const service = (
  name: string,
  owner: string,
  extra: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { ...annotations, ...extra },
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});
const ENTITIES = [
  group('team-a'),
  group('team-b'),
  group('platform'),
  service('payments', 'team-a'),
  service('search', 'team-b'),
  // Anyone may refresh what carries this annotation.
  service('docs', 'platform', { 'readiness.example.com/open-refresh': 'true' }),
];

/**
 * The policy the plugin's README shows: owners manage the exemptions,
 * attestations (with the attestation roles) and refreshes of their own
 * entities, decided by the catalog's own rules; the platform team
 * approves exemptions; everything else is allowed.
 */
class OwnersManageTheirOwn implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = query;
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (
      !permission.name.startsWith('readiness.') ||
      !isResourcePermission(permission, 'catalog-entity')
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (permission.name === 'readiness.exemption.approve') {
      return {
        result: claims.includes('group:default/platform')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    const owner = catalogConditions.isEntityOwner({ claims });
    if (permission.name === 'readiness.entity.refresh') {
      return createCatalogConditionalDecision(permission, {
        anyOf: [
          owner,
          catalogConditions.hasAnnotation({
            annotation: 'readiness.example.com/open-refresh',
            value: 'true',
          }),
        ],
      });
    }
    return createCatalogConditionalDecision(permission, {
      allOf: [owner, catalogConditions.isEntityKind({ kinds: ['component'] })],
    });
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-manage-their-own',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OwnersManageTheirOwn());
      },
    });
  },
});

const entitiesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-entities',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider({
          getProviderName: () => 'test-entities',
          connect: async connection => {
            await connection.applyMutation({
              type: 'full',
              entities: ENTITIES.map(entity => ({
                entity,
                locationKey: 'test-entities',
              })),
            });
          },
        });
      },
    });
  },
});

let readinessScheduler: SchedulerService | undefined;
const schedulerModule = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'test-scheduler',
  register(reg) {
    reg.registerInit({
      deps: { scheduler: coreServices.scheduler },
      async init({ scheduler }) {
        readinessScheduler = scheduler;
      },
    });
  },
});

/** Who is in which team, as a sign-in resolver would say. */
const userInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

/**
 * Mock tokens, except that a plugin calling another on behalf of a user
 * names itself as the actor, as Backstage's own tokens do: the permission
 * backend only answers conditionally to such requests.
 */
const auth = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(inner), {
      async getPluginRequestToken(options: any) {
        const { principal } = options.onBehalfOf;
        return principal.type === 'user'
          ? {
              token: mockCredentials.user.token(principal.userEntityRef, {
                actor: { subject: `plugin:${plugin.getId()}` },
              }),
            }
          : inner.getPluginRequestToken(options);
      },
    });
  },
});

const as = (user: string) => mockCredentials.user.header(user);
const DAY = 24 * 60 * 60 * 1000;
const exemption = {
  checkId: 'catalog-dashboard-link',
  reason: 'Dashboards move to the new stack this quarter',
  expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
};
const attestation = {
  type: 'drDrill',
  evidenceUrl: 'https://wiki.example.com/dr-drill-2026',
};

describe('write permissions decided for the entity by a conditional policy', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        catalogPlugin,
        entitiesModule,
        permissionPlugin,
        policyModule,
        schedulerModule,
        userInfo,
        auth,
        permissionsServiceFactory,
        permissionsRegistryServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: { processingInterval: { seconds: 1 } },
            readiness: {
              exemptions: { approval: { fromLevel: 'gold' } },
              // Two people refresh one entity in a row here.
              refresh: { minInterval: { milliseconds: 1 } },
            },
          },
        }),
      ],
    });
    server = backend.server;
    // The catalog processes and stitches its entities in the background:
    // wait for the ownership relations the rules read.
    for (let i = 0; i < 120; i++) {
      const res = await request(server)
        .get('/api/catalog/entities/by-name/component/default/docs')
        .set('authorization', mockCredentials.service.header());
      if (res.body?.relations?.some((r: any) => r.type === 'ownedBy')) break;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
    await readinessScheduler!.triggerTask('readiness-collect-catalog');
  });

  const exempt = (user: string, name: string) =>
    request(server)
      .post(`/api/readiness/entities/component/default/${name}/exemptions`)
      .set('authorization', as(user))
      .send(exemption);
  const attest = (user: string, name: string) =>
    request(server)
      .post(`/api/readiness/entities/component/default/${name}/attestations`)
      .set('authorization', as(user))
      .send(attestation);
  const refresh = (user: string, name: string) =>
    request(server)
      .post(`/api/readiness/entities/component/default/${name}/refresh`)
      .set('authorization', as(user));

  it('lets an owner exempt their own service, and no one else', async () => {
    const other = await exempt(BOB, 'payments');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      'Missing permission readiness.exemption.manage for component:default/payments',
    );
    const own = await exempt(ALICE, 'payments');
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ status: 'active', createdBy: ALICE });
    expect((await exempt(ALICE, 'search')).status).toBe(403);
    expect((await exempt(BOB, 'search')).status).toBe(201);
  });

  it('decides a revoke for the entity of the exemption', async () => {
    const list = await request(server)
      .get('/api/readiness/entities/component/default/payments/exemptions')
      .set('authorization', as(BOB));
    const id = list.body.items[0].id;
    const other = await request(server)
      .delete(`/api/readiness/exemptions/${id}`)
      .set('authorization', as(BOB));
    expect(other.status).toBe(403);
    const own = await request(server)
      .delete(`/api/readiness/exemptions/${id}`)
      .set('authorization', as(ALICE));
    expect(own.status).toBe(204);
  });

  it('lets an owner attest their own service, with the role permission decided the same way', async () => {
    const other = await attest(BOB, 'payments');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      'Missing permission readiness.attestation.create, readiness.attestation.operations for component:default/payments',
    );
    expect((await attest(ALICE, 'payments')).status).toBe(201);
    expect((await attest(ALICE, 'search')).status).toBe(403);
  });

  it('lets an owner refresh their own service, and anyone an entity the policy opens by annotation', async () => {
    expect((await refresh(ALICE, 'payments')).status).toBe(200);
    const other = await refresh(BOB, 'payments');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe(
      'Missing permission readiness.entity.refresh for component:default/payments',
    );
    expect((await refresh(ALICE, 'docs')).status).toBe(200);
    expect((await refresh(BOB, 'docs')).status).toBe(200);
  });

  it('has a role approve requests, decided for the entity', async () => {
    const asked = await request(server)
      .post('/api/readiness/entities/component/default/payments/exemptions')
      .set('authorization', as(ALICE))
      .send({ ...exemption, checkId: 'catalog-techdocs' });
    expect(asked.body.status).toBe('pending');
    const owner = await request(server)
      .post(`/api/readiness/exemptions/${asked.body.id}/approve`)
      .set('authorization', as(BOB))
      .send({});
    expect(owner.status).toBe(403);
    const platform = await request(server)
      .post(`/api/readiness/exemptions/${asked.body.id}/approve`)
      .set('authorization', as(CAROL))
      .send({});
    expect(platform.status).toBe(200);
    expect(platform.body).toMatchObject({ status: 'active', decidedBy: CAROL });
  });
});
