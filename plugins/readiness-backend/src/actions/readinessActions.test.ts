import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, group } from '../__testUtils__/entities';
import { readinessPlugin } from '../plugin';

// Whole backends start per database; generous on a busy machine.
jest.setTimeout(60_000);

const databases = createTestDatabases();
const ADMIN = 'user:default/admin';
const JANE = 'user:default/jane';
const NOBODY = 'user:default/nobody';

describe.each(databases.eachSupportedId())(
  'readiness actions on %p',
  databaseId => {
    const registry = actionsRegistryServiceMock();
    let server: any;

    beforeAll(async () => {
      const knex = await databases.init(databaseId as TestDatabaseId);
      const backend = await startTestBackend({
        features: [
          readinessPlugin,
          mockServices.database.factory({ knex }),
          catalogWithAccessControl({
            entities: [
              group('team-a'),
              component('payments', { owner: 'team-a' }),
              component(
                'search',
                { owner: 'team-a' },
                { description: 'Finds' },
              ),
              component('secret', { owner: 'team-a' }),
            ],
            hidden: ['component:default/secret'],
            admin: ADMIN,
          }),
          mockServices.scheduler.factory({
            includeInitialDelayedTasksOnStartup: true,
          }),
          createServiceFactory({
            service: actionsRegistryServiceRef,
            deps: {},
            factory: () => registry,
          }),
          mockServices.permissions.mock({
            authorize: async (requests: any[], options: any) =>
              requests.map(() => ({
                result:
                  options.credentials.principal.userEntityRef === NOBODY
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
          } as any).factory,
        ],
      });
      server = backend.server;
    });

    // The mock registry names actions `test:<name>`; the backend's own
    // registry names them after the plugin, `readiness:<name>`.
    const idOf = (name: string) => `test:${name}`;
    const invoke = (name: string, input: object, user = JANE) =>
      registry.invoke({
        id: idOf(name),
        input: input as any,
        credentials: mockCredentials.user(user),
      });

    it('registers read-only actions with input and output schemas', async () => {
      const { actions } = await registry.list();
      expect(
        actions.map(a => [
          a.id,
          a.attributes.readOnly,
          a.attributes.destructive,
        ]),
      ).toEqual([
        [idOf('get-entity-scorecard'), true, false],
        [idOf('list-failing-checks'), true, false],
        [idOf('list-team-gaps'), true, false],
      ]);
      for (const action of actions) {
        expect(action.schema.input).toMatchObject({ type: 'object' });
        expect(action.schema.output).toMatchObject({ type: 'object' });
      }
    });

    it('gets the scorecard of an entity and what blocks its next level, as the route does', async () => {
      const { output } = (await invoke('get-entity-scorecard', {
        entityRef: 'payments',
      })) as any;
      const route = await request(server)
        .get('/api/readiness/entities/component/default/payments')
        .set('authorization', mockCredentials.user.header(JANE));
      expect(output.entityRef).toBe('component:default/payments');
      expect(
        output.scorecards.map((s: any) => [s.scorecardId, s.level, s.score]),
      ).toEqual(
        route.body.scorecards.map((s: any) => [
          s.scorecardId,
          s.level,
          s.score,
        ]),
      );
      const first = output.scorecards[0];
      expect(first.blocking.map((b: any) => b.checkId)).toEqual(
        route.body.scorecards[0].blocking,
      );
      expect(
        first.blocking.find((b: any) => b.checkId === 'catalog-runbook-link'),
      ).toEqual(
        expect.objectContaining({ title: 'Runbook linked', state: 'fail' }),
      );
    });

    it('lists the failing checks of an entity, lowest level first, with remediation', async () => {
      const { output } = (await invoke('list-failing-checks', {
        entityRef: 'component:default/payments',
      })) as any;
      const ids = output.checks.map((c: any) => c.checkId);
      expect(ids).toContain('catalog-description');
      expect(ids).not.toContain('catalog-owner-resolves');
      expect(output.checks.every((c: any) => c.state !== 'pass')).toBe(true);
      const description = output.checks.find(
        (c: any) => c.checkId === 'catalog-description',
      );
      expect(description.remediation).toEqual(expect.any(String));
      // The same checks the route shows as not passing.
      const route = await request(server)
        .get('/api/readiness/entities/component/default/payments')
        .set('authorization', mockCredentials.user.header(JANE));
      const notPassing = route.body.scorecards.flatMap((s: any) =>
        s.results
          .filter((r: any) => ['fail', 'error', 'unknown'].includes(r.state))
          .map((r: any) => r.checkId),
      );
      expect([...ids].sort()).toEqual([...notPassing].sort());
      // Lowest level first within the default scorecard.
      const levels = output.checks
        .filter((c: any) => c.scorecardId === 'production-readiness')
        .map((c: any) => ['bronze', 'silver', 'gold'].indexOf(c.level));
      expect(levels).toEqual([...levels].sort((a: number, b: number) => a - b));
    });

    it("lists a team's gaps ranked by reach, without entities the caller cannot see", async () => {
      const jane = (await invoke('list-team-gaps', { owner: 'team-a' })) as any;
      const admin = (await invoke(
        'list-team-gaps',
        { owner: 'group:default/team-a' },
        ADMIN,
      )) as any;
      expect(jane.output.entities).toBe(2);
      expect(admin.output.entities).toBe(3);
      const reach = jane.output.failingChecks.map(
        (c: any) => c.entities.length,
      );
      expect(reach).toEqual([...reach].sort((a, b) => b - a));
      expect(JSON.stringify(jane.output)).not.toContain(
        'component:default/secret',
      );
      expect(JSON.stringify(admin.output)).toContain(
        'component:default/secret',
      );
    });

    it('finds no entity the caller may not see, and refuses callers without readiness.scorecard.read', async () => {
      await expect(
        invoke('get-entity-scorecard', { entityRef: 'secret' }),
      ).rejects.toThrow('No entity component:default/secret');
      await expect(
        invoke('list-failing-checks', { entityRef: 'secret' }, ADMIN),
      ).resolves.toBeDefined();
      await expect(
        invoke('get-entity-scorecard', { entityRef: 'payments' }, NOBODY),
      ).rejects.toThrow('readiness.scorecard.read');
      await expect(
        invoke('list-team-gaps', { owner: 'team-a' }, NOBODY),
      ).rejects.toThrow('readiness.scorecard.read');
      await expect(
        invoke('list-failing-checks', { entityRef: 'not a ref:' }),
      ).rejects.toThrow('is not an entity ref');
    });
  },
);
