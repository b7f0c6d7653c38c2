import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { recordingAuditor } from '../__testUtils__/auditor';
import { catalogWithAccessControl } from '../__testUtils__/catalogWithAccessControl';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, group } from '../__testUtils__/entities';
import { snapshotTables } from '../__testUtils__/tables';
import { readinessPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const DAY = 24 * 60 * 60 * 1000;
const day = (offset: number) =>
  new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

const CONFIG_CAMPAIGN = {
  id: 'bronze-everywhere',
  title: 'Bronze everywhere',
  owner: 'group:default/platform',
  target: { scorecard: 'production-readiness', level: 'bronze' },
  filter: { kind: ['component'] },
  startsAt: day(-10),
  deadline: day(30),
};

const apiCampaign = {
  id: 'owners-named',
  title: 'Every service names its owner',
  owner: 'group:default/team-a',
  target: { checks: ['catalog-owner-resolves'] },
  startsAt: day(-1),
  deadline: day(60),
  remindDaysBefore: [14, 3],
};

/** Reads allowed to everyone; campaign writes only to the admin. */
function permissions() {
  return mockServices.permissions.mock({
    authorize: async (requests: any[], options: any) =>
      requests.map(r => ({
        result:
          r.permission.name !== 'readiness.campaign.manage' ||
          options.credentials.principal.userEntityRef === 'user:default/admin'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  } as any).factory;
}

const admin = mockCredentials.user.header('user:default/admin');

describe.each(databases.eachSupportedId())('campaign routes on %p', id => {
  let knex: Knex;
  let server: any;
  let audit: ReturnType<typeof recordingAuditor>['events'];

  beforeAll(async () => {
    knex = await databases.init(id as TestDatabaseId);
    const auditor = recordingAuditor();
    audit = auditor.events;
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        mockServices.database.factory({ knex }),
        catalogWithAccessControl({
          entities: [
            group('team-a'),
            component('payments', { owner: 'team-a' }),
            component('secret', { owner: 'team-a' }),
          ],
          hidden: ['component:default/secret'],
          admin: 'user:default/admin',
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        mockServices.rootConfig.factory({
          data: { readiness: { campaigns: [CONFIG_CAMPAIGN] } },
        }),
        auditor.factory,
        permissions(),
      ],
    });
    server = backend.server;
  });

  it('answers 401 without credentials', async () => {
    for (const path of ['/campaigns', '/campaigns/bronze-everywhere']) {
      const res = await request(server)
        .get(`/api/readiness${path}`)
        .set('authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('lists the app-config campaign, its change audited at start-up', async () => {
    const res = await request(server).get('/api/readiness/campaigns');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: 'bronze-everywhere',
        source: 'config',
        status: 'active',
        remindDaysBefore: [7, 1],
        goalPercent: 100,
        deadline: `${day(30)}T23:59:59.999Z`,
        progress: expect.objectContaining({ total: expect.any(Number) }),
      }),
    ]);
    expect(audit.find(e => e.eventId === 'campaign-config-sync')).toMatchObject(
      { meta: { created: ['bronze-everywhere'] }, outcome: 'success' },
    );
  });

  it('counts only entities the caller may see', async () => {
    const detail = async (headers: Record<string, string> = {}) =>
      (
        await request(server)
          .get('/api/readiness/campaigns/bronze-everywhere')
          .set(headers)
      ).body;
    expect((await detail()).progress.total).toBe(1);
    expect((await detail({ authorization: admin })).progress.total).toBe(2);
    expect((await detail()).byOwner).toEqual([
      expect.objectContaining({ owner: 'group:default/team-a', total: 1 }),
    ]);
    const entities = await request(server).get(
      '/api/readiness/campaigns/bronze-everywhere/entities',
    );
    expect(entities.body.items.map((e: any) => e.entityRef)).toEqual([
      'component:default/payments',
    ]);
  });

  it('shows a service the campaigns it is in, with what it lacks', async () => {
    const res = await request(server).get(
      '/api/readiness/entities/component/default/payments/campaigns',
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      campaign: { id: 'bronze-everywhere' },
      atTarget: expect.any(Boolean),
    });
    const { atTarget, lacking } = res.body.items[0];
    expect(atTarget).toBe(lacking.length === 0);
    const hidden = await request(server).get(
      '/api/readiness/entities/component/default/secret/campaigns',
    );
    expect(hidden.status).toBe(404);
  });

  it('refuses writes without readiness.campaign.manage, writing and auditing nothing', async () => {
    const before = await snapshotTables(knex);
    const audited = audit.length;
    for (const res of [
      await request(server).post('/api/readiness/campaigns').send(apiCampaign),
      await request(server)
        .put('/api/readiness/campaigns/bronze-everywhere')
        .send(CONFIG_CAMPAIGN),
      await request(server).delete(
        '/api/readiness/campaigns/bronze-everywhere',
      ),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('readiness.campaign.manage');
    }
    expect(await snapshotTables(knex)).toEqual(before);
    expect(audit.length).toBe(audited);
  });

  it.each([
    [
      'an unknown field',
      { ...apiCampaign, colour: 'red' },
      "unknown field 'colour'",
    ],
    [
      'a deadline before the start',
      { ...apiCampaign, deadline: day(-5) },
      'deadline: must be after startsAt',
    ],
    [
      'an impossible date',
      { ...apiCampaign, startsAt: '2027-02-30' },
      'startsAt: must be a date',
    ],
    [
      'an unknown level',
      {
        ...apiCampaign,
        target: { scorecard: 'production-readiness', level: 'platinum' },
      },
      "no level 'platinum'",
    ],
    [
      'an unknown check',
      { ...apiCampaign, target: { checks: ['nope'] } },
      "unknown check 'nope'",
    ],
    [
      'a bad owner filter',
      { ...apiCampaign, filter: { owner: ['group:default/not a name'] } },
      'filter.owner.0',
    ],
    ['a bad id', { ...apiCampaign, id: 'Not An Id' }, 'id: must be 1 to 63'],
  ])(
    'answers 400 to %s, naming it, and writes nothing',
    async (_name, body, names) => {
      const before = await snapshotTables(knex);
      const audited = audit.length;
      const res = await request(server)
        .post('/api/readiness/campaigns')
        .set('authorization', admin)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(names);
      expect(await snapshotTables(knex)).toEqual(before);
      expect(audit.length).toBe(audited);
    },
  );

  it('creates, changes and deletes an API campaign, auditing each change', async () => {
    const created = await request(server)
      .post('/api/readiness/campaigns')
      .set('authorization', admin)
      .send(apiCampaign);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'owners-named',
      source: 'api',
      createdBy: 'user:default/admin',
      remindDaysBefore: [14, 3],
      history: [],
    });
    const again = await request(server)
      .post('/api/readiness/campaigns')
      .set('authorization', admin)
      .send(apiCampaign);
    expect(again.status).toBe(409);

    const changed = await request(server)
      .put('/api/readiness/campaigns/owners-named')
      .set('authorization', admin)
      .send({ ...apiCampaign, id: undefined, goalPercent: 90 });
    expect(changed.status).toBe(200);
    expect(changed.body.goalPercent).toBe(90);

    const config = await request(server)
      .put('/api/readiness/campaigns/bronze-everywhere')
      .set('authorization', admin)
      .send(CONFIG_CAMPAIGN);
    expect(config.status).toBe(409);
    expect(config.body.error.message).toContain('app-config');

    const deleted = await request(server)
      .delete('/api/readiness/campaigns/owners-named')
      .set('authorization', admin);
    expect(deleted.status).toBe(204);
    expect(
      (await request(server).get('/api/readiness/campaigns/owners-named'))
        .status,
    ).toBe(404);

    const events = audit.filter(
      e =>
        e.eventId.startsWith('campaign-') &&
        e.eventId !== 'campaign-config-sync',
    );
    expect(events.map(e => [e.eventId, e.meta.campaignId, e.outcome])).toEqual([
      ['campaign-create', 'owners-named', 'success'],
      ['campaign-create', 'owners-named', 'fail'],
      ['campaign-update', 'owners-named', 'success'],
      ['campaign-delete', 'owners-named', 'success'],
    ]);
  });
});
