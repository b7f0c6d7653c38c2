import { ConfigReader } from '@backstage/config';
import { readCampaignConfig } from './readCampaignConfig';
import { registry } from './__testUtils__/fleet';

const valid = {
  id: 'silver-by-march',
  title: 'Silver by March',
  owner: 'platform',
  target: { scorecard: 'production-readiness', level: 'silver' },
  filter: { kind: ['Component'], owner: ['shop'], tags: ['PCI'] },
  startsAt: '2027-01-01',
  deadline: '2027-03-31',
  remindDaysBefore: [1, 14, 7, 7],
};

const read = (campaigns: unknown) =>
  readCampaignConfig(
    new ConfigReader({ readiness: { campaigns } } as any),
    registry,
  );

describe('readCampaignConfig', () => {
  it('reads campaigns, with plain dates as whole UTC days and refs normalised', () => {
    expect(read([valid])).toEqual([
      {
        id: 'silver-by-march',
        title: 'Silver by March',
        owner: 'group:default/platform',
        target: { scorecard: 'production-readiness', level: 'silver' },
        filter: {
          kind: ['component'],
          owner: ['group:default/shop'],
          tags: ['pci'],
        },
        startsAt: Date.UTC(2027, 0, 1),
        deadline: Date.UTC(2027, 2, 31, 23, 59, 59, 999),
        remindDaysBefore: [14, 7, 1],
        goalPercent: 100,
      },
    ]);
    expect(read(undefined)).toEqual([]);
  });

  it.each([
    [
      {
        ...valid,
        target: { scorecard: 'production-readiness', level: 'platinum' },
      },
      "Campaign 'silver-by-march' (readiness.campaigns[0]) is invalid: target.level: scorecard 'production-readiness' has no level 'platinum' (levels: bronze, silver, gold)",
    ],
    [
      { ...valid, deadline: '31/03/2027' },
      "Campaign 'silver-by-march' (readiness.campaigns[0]) is invalid: deadline: must be a date",
    ],
    [
      { ...valid, target: { checks: ['probes', 'nope'] } },
      "Campaign 'silver-by-march' (readiness.campaigns[0]) is invalid: target.checks: unknown check 'nope'",
    ],
    [
      { title: 'No id' },
      'Campaign without an id (readiness.campaigns[0]) is invalid: id: Required',
    ],
  ])('stops with the campaign named (case %#)', (campaign, message) => {
    expect(() => read([campaign])).toThrow(message);
  });

  it('refuses two campaigns with one id', () => {
    expect(() => read([valid, valid])).toThrow(
      "Campaign 'silver-by-march' (readiness.campaigns[1]) is invalid: id: another campaign has the id 'silver-by-march'",
    );
  });
});
