import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { pluginTables } from '../__testUtils__/tables';
import { migrateDatabase } from '../database/migrations';
import {
  campaignMembers,
  countByOwner,
  lackingChecks,
} from './campaignMembers';
import { CampaignService } from './CampaignService';
import { CampaignStore } from './CampaignStore';
import {
  bronze,
  campaign,
  refOf,
  registry,
  silver,
  writeFleet,
} from './__testUtils__/fleet';

const databases = createTestDatabases();
const MIGRATIONS = resolvePackagePath(
  '@readiness/backstage-plugin-readiness-backend',
  'migrations',
);
const CAMPAIGN_TABLES = [
  'readiness_campaign_progress',
  'readiness_campaign_reminders',
  'readiness_campaigns',
];
const migrate = (knex: Knex) =>
  migrateDatabase({ migrations: { skip: false } } as any, knex);

describe.each(databases.eachSupportedId())('campaigns on %p', databaseId => {
  let knex: Knex;
  let store: CampaignStore;

  beforeAll(async () => {
    knex = await databases.init(databaseId as TestDatabaseId);
    await migrate(knex);
    store = new CampaignStore(knex);
    await writeFleet(knex, [
      { name: 'cart', owner: 'group:default/shop', ...silver, tags: ['pci'] },
      { name: 'checkout', owner: 'group:default/shop', ...bronze },
      { name: 'search', owner: 'group:default/find', ...bronze, tags: ['pci'] },
      { name: 'index', owner: 'group:default/find', ...silver },
      // Not covered: removed, not rated, another kind, no applicable check.
      { name: 'old', owner: 'group:default/shop', ...bronze, removed: true },
      { name: 'empty', owner: 'group:default/shop', levelIndex: 3 },
      { name: 'shop', kind: 'system', owner: 'group:default/shop', ...bronze },
      { name: 'lib', owner: 'group:default/find', type: 'library', ...silver },
    ]);
  });

  it('migrates down and up again, leaving the other tables alone', async () => {
    const all = await pluginTables(knex);
    expect(all).toEqual(expect.arrayContaining(CAMPAIGN_TABLES));
    const scratch = await databases.init(databaseId as TestDatabaseId);
    await migrate(scratch);
    await scratch.migrate.down({
      directory: MIGRATIONS,
      name: '20261204_campaigns.js',
    });
    const after = await pluginTables(scratch);
    expect(after).toEqual(all.filter(t => !CAMPAIGN_TABLES.includes(t)));
    await scratch.migrate.up({
      directory: MIGRATIONS,
      name: '20261204_campaigns.js',
    });
    expect(await pluginTables(scratch)).toEqual(all);
  });

  it('covers the filtered, rated entities and counts those at a level target per owner', async () => {
    const members = await campaignMembers(knex, campaign(), registry);
    expect(members.map(m => [m.entityRef, m.owner, m.atTarget]).sort()).toEqual(
      [
        [refOf('cart'), 'group:default/shop', true],
        [refOf('checkout'), 'group:default/shop', false],
        [refOf('index'), 'group:default/find', true],
        [refOf('lib'), 'group:default/find', true],
        [refOf('search'), 'group:default/find', false],
      ],
    );
    expect(countByOwner(members)).toEqual({
      total: 5,
      atTarget: 3,
      byOwner: [
        { owner: 'group:default/find', total: 3, atTarget: 2 },
        { owner: 'group:default/shop', total: 2, atTarget: 1 },
      ],
    });
  });

  it.each([
    [{ tags: ['pci'] }, ['cart', 'search']],
    [{ owner: ['group:default/find'], type: ['service'] }, ['index', 'search']],
    [{ lifecycle: ['experimental'] }, []],
    [{ kind: ['system'] }, ['shop']],
  ])('narrows to the filter %j', async (filter, names) => {
    const members = await campaignMembers(
      knex,
      campaign({ filter: filter as any }),
      registry,
    );
    expect(members.map(m => m.entityRef.split('/')[1]).sort()).toEqual(names);
  });

  it('judges a checks target on those checks only, exempt counting as passing', async () => {
    await knex('readiness_results')
      .where({ entity_ref: refOf('search'), check_id: 'probes' })
      .update({ state: 'exempt' });
    const target = campaign({ target: { checks: ['probes', 'owner-set'] } });
    const members = await campaignMembers(knex, target, registry);
    expect(
      Object.fromEntries(members.map(m => [m.entityRef, m.atTarget])),
    ).toEqual({
      [refOf('cart')]: true,
      [refOf('checkout')]: false,
      [refOf('search')]: true,
      [refOf('index')]: true,
      [refOf('lib')]: true,
    });
    await knex('readiness_results')
      .where({ entity_ref: refOf('search'), check_id: 'probes' })
      .update({ state: 'fail' });
  });

  it('names what each lagging entity lacks: checks of the target level and below', async () => {
    const lacking = await lackingChecks(knex, campaign(), registry, [
      refOf('checkout'),
      refOf('cart'),
    ]);
    expect(Object.fromEntries(lacking)).toEqual({
      [refOf('checkout')]: [
        { checkId: 'alerts', state: 'unknown' },
        { checkId: 'probes', state: 'fail' },
      ],
    });
  });

  it('keeps app-config campaigns in step with app-config, leaving API ones', async () => {
    const now = Date.UTC(2027, 0, 2);
    expect(await store.syncConfig([campaign()], now)).toEqual({
      created: ['silver-by-march'],
      updated: [],
      removed: [],
    });
    expect(
      await store.create(campaign({ id: 'api-one' }), 'user:default/jo', now),
    ).toBe(true);
    expect(
      await store.create(campaign({ id: 'api-one' }), 'user:default/jo', now),
    ).toBe(false);
    // Unchanged: nothing written.
    expect(await store.syncConfig([campaign()], now + 1)).toEqual({
      created: [],
      updated: [],
      removed: [],
    });
    const renamed = campaign({ title: 'Silver by the end of March' });
    expect((await store.syncConfig([renamed], now + 2)).updated).toEqual([
      'silver-by-march',
    ]);
    expect((await store.get('silver-by-march'))?.title).toBe(renamed.title);
    expect((await store.syncConfig([], now + 3)).removed).toEqual([
      'silver-by-march',
    ]);
    expect((await store.list()).map(r => [r.id, r.source])).toEqual([
      ['api-one', 'api'],
    ]);
    // app-config is not changed through the API.
    await store.syncConfig([campaign()], now + 4);
    expect(await store.update(campaign(), 'user:default/jo', now)).toBe(false);
    expect(await store.delete('silver-by-march')).toBe(false);
    expect(await store.delete('api-one')).toBe(true);
  });

  it('serves figures narrowed to what the caller may see, per owner and per entity', async () => {
    const service = new CampaignService({ db: knex, store, checks: registry });
    const everything = new Set(
      ['cart', 'checkout', 'search', 'index', 'lib'].map(n => refOf(n)),
    );
    const now = Date.UTC(2027, 1, 1);
    const [listed] = await service.list(everything, now);
    expect(listed).toMatchObject({
      id: 'silver-by-march',
      status: 'active',
      source: 'config',
      progress: { total: 5, atTarget: 3, percent: 60 },
      deadline: '2027-03-31T23:59:59.999Z',
    });
    const hidden = new Set([...everything].filter(r => r !== refOf('cart')));
    expect((await service.list(hidden, now))[0].progress).toEqual({
      total: 4,
      atTarget: 2,
      percent: 50,
    });
    expect(
      (await service.list(everything, now, 'group:default/shop'))[0].progress,
    ).toEqual({ total: 2, atTarget: 1, percent: 50 });
    expect(await service.list(everything, now, 'group:default/none')).toEqual(
      [],
    );
    expect(
      (await service.list(everything, Date.UTC(2026, 11, 1)))[0].status,
    ).toBe('upcoming');

    const [mine] = await service.ofEntity(refOf('checkout'), everything, now);
    expect(mine).toMatchObject({
      campaign: { id: 'silver-by-march' },
      atTarget: false,
      lacking: [
        { checkId: 'alerts', title: 'Title of alerts', state: 'unknown' },
        { checkId: 'probes', title: 'Title of probes', state: 'fail' },
      ],
    });
    expect(
      await service.ofEntity(refOf('shop', 'system'), everything, now),
    ).toEqual([]);

    const row = (await store.get('silver-by-march'))!;
    const entities = await service.entities(row, hidden, 'group:default/find');
    expect(
      entities.map(e => [e.entityRef, e.atTarget, e.lacking.length]),
    ).toEqual([
      [refOf('search'), false, 2],
      [refOf('index'), true, 0],
      [refOf('lib'), true, 0],
    ]);
  });
});
