import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { migrateDatabase } from '../database/migrations';
import { CampaignReminders } from './CampaignReminders';
import { CampaignService } from './CampaignService';
import { CampaignStore } from './CampaignStore';
import { CampaignTask } from './CampaignTask';
import {
  bronze,
  campaign,
  DAY,
  refOf,
  registry,
  setState,
  silver,
  writeFleet,
} from './__testUtils__/fleet';

const databases = createTestDatabases();
const DEADLINE = Date.UTC(2027, 2, 31, 23, 59, 59, 999);

describe.each(databases.eachSupportedId())(
  'the campaign task on %p',
  databaseId => {
    let knex: Knex;
    let store: CampaignStore;
    let task: CampaignTask;
    const sent: any[] = [];

    beforeAll(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      await migrateDatabase({ migrations: { skip: false } } as any, knex);
      store = new CampaignStore(knex);
      await writeFleet(knex, [
        { name: 'cart', owner: 'group:default/shop', ...silver },
        { name: 'checkout', owner: 'group:default/shop', ...bronze },
        { name: 'basket', owner: 'group:default/shop', ...bronze },
        { name: 'search', owner: 'group:default/find', ...bronze },
        { name: 'index', owner: 'group:default/find', ...silver },
        { name: 'orphan', ...bronze },
      ]);
      // Two campaigns with the same deadline; the second only needs Bronze
      // and has a goal of 80%.
      await store.syncConfig(
        [
          campaign(),
          campaign({
            id: 'probes-everywhere',
            title: 'Probes everywhere',
            target: { checks: ['probes'] },
            goalPercent: 80,
          }),
        ],
        0,
      );
      const notifications = {
        send: jest.fn(async (n: any) => {
          sent.push(n);
        }),
      };
      task = new CampaignTask({
        db: knex,
        store,
        checks: registry,
        logger: mockServices.logger.mock(),
        reminders: new CampaignReminders({
          notifications,
          logger: mockServices.logger.mock(),
        }),
      });
    });

    it('writes a progress point per day and owner, reminding nobody before the first point', async () => {
      const summary = await task.run(Date.UTC(2027, 1, 1, 12));
      expect(summary).toEqual({ points: 2, finalized: [], reminded: [] });
      expect(sent).toEqual([]);
      // A later run of the same day replaces that day's point.
      await setState(knex, 'checkout', 2, { probes: 'pass', alerts: 'pass' });
      await task.run(Date.UTC(2027, 1, 1, 18));
      expect(await store.history('silver-by-march')).toEqual([
        { day: '2027-02-01', total: 6, atTarget: 3 },
      ]);
      expect(
        await store.history('silver-by-march', 'group:default/shop'),
      ).toEqual([{ day: '2027-02-01', total: 3, atTarget: 2 }]);
      await task.run(Date.UTC(2027, 1, 2, 12));
      expect((await store.history('silver-by-march')).map(p => p.day)).toEqual([
        '2027-02-01',
        '2027-02-02',
      ]);
    });

    it('reminds each owner once per reminder point, in one notification covering every campaign', async () => {
      const summary = await task.run(DEADLINE - 6 * DAY);
      expect(summary.reminded).toEqual([
        {
          id: 'probes-everywhere',
          daysBefore: 7,
          owners: ['group:default/find', 'group:default/shop'],
        },
        {
          id: 'silver-by-march',
          daysBefore: 7,
          owners: ['group:default/find', 'group:default/shop'],
        },
      ]);
      // The entity without an owner has nobody to remind.
      expect(sent.map(n => n.recipients)).toEqual([
        { type: 'entity', entityRef: 'group:default/find' },
        { type: 'entity', entityRef: 'group:default/shop' },
      ]);
      const shop = sent[1].payload;
      expect(shop.title).toBe(
        '2 readiness campaigns: 2 entities not at target yet',
      );
      expect(shop.description).toContain(
        `- ${refOf('basket')}: Title of alerts; Title of probes`,
      );
      expect(shop.description).toContain(
        'Silver by March (due 2027-03-31, 6 days left)',
      );
      expect(shop.description).not.toContain(refOf('cart'));
      expect(shop.topic).toBe('readiness-campaign');

      // The same point is not sent again, by this replica or another.
      expect((await task.run(DEADLINE - 5 * DAY)).reminded).toEqual([]);
      expect(sent).toHaveLength(2);

      // After downtime past both points, owners hear once.
      await knex('readiness_campaign_reminders').del();
      sent.length = 0;
      const late = await task.run(DEADLINE - DAY / 2);
      expect(late.reminded.map(r => r.daysBefore)).toEqual([1, 1]);
      expect(sent).toHaveLength(2);
      expect(await store.remindersSent('silver-by-march')).toEqual(
        expect.arrayContaining([7, 1]),
      );
    });

    it('ends each campaign at its deadline as met or missed, keeping its final figures', async () => {
      await setState(knex, 'basket', 1, { probes: 'pass' });
      await setState(knex, 'search', 1, { probes: 'pass' });
      const summary = await task.run(DEADLINE + 1);
      expect(summary.finalized).toEqual([
        { id: 'probes-everywhere', status: 'met' },
        { id: 'silver-by-march', status: 'missed' },
      ]);
      const row = (await store.get('silver-by-march'))!;
      expect(row.status).toBe('missed');
      expect(JSON.parse(row.final!)).toEqual({
        total: 6,
        atTarget: 3,
        byOwner: [
          { owner: '', total: 1, atTarget: 0 },
          { owner: 'group:default/find', total: 2, atTarget: 1 },
          { owner: 'group:default/shop', total: 3, atTarget: 2 },
        ],
      });
      // The last point is the deadline's day.
      expect((await store.history('silver-by-march')).at(-1)?.day).toBe(
        '2027-03-31',
      );

      // Later changes move neither the record nor the history.
      await setState(knex, 'search', 2, { alerts: 'pass' });
      expect((await task.run(DEADLINE + DAY)).points).toBe(0);
      const service = new CampaignService({
        db: knex,
        store,
        checks: registry,
      });
      const all = new Set([refOf('cart')]);
      const detail = await service.get('silver-by-march', all, DEADLINE + DAY);
      expect(detail).toMatchObject({
        status: 'missed',
        progress: { total: 6, atTarget: 3, percent: 50 },
        finalizedAt: new Date(DEADLINE + 1).toISOString(),
      });
      expect(detail!.byOwner).toContainEqual({
        owner: 'group:default/shop',
        total: 3,
        atTarget: 2,
        percent: 66.7,
      });
      expect(
        await service.ofEntity(refOf('search'), all, DEADLINE + DAY),
      ).toEqual([]);
    });
  },
);
