import { coversNamespace, summariseBackup, summariseSchedule } from './velero';

describe('Velero summaries', () => {
  it('reads a Schedule with its namespace scope', () => {
    expect(
      summariseSchedule({
        metadata: { name: 'nightly', namespace: 'velero' },
        spec: {
          schedule: '0 2 * * *',
          paused: true,
          template: {
            includedNamespaces: ['payments'],
            excludedNamespaces: [],
            ttl: '168h0m0s',
          },
        },
      }),
    ).toEqual({
      namespace: 'velero',
      name: 'nightly',
      schedule: '0 2 * * *',
      paused: true,
      ttl: '168h0m0s',
      retentionHours: 168,
      includedNamespaces: ['payments'],
      excludedNamespaces: [],
    });
  });

  it('leaves the retention to the server when the Schedule sets no ttl', () => {
    expect(
      summariseSchedule({
        metadata: { name: 'hourly', namespace: 'velero' },
        spec: { schedule: '@hourly', template: {} },
      }),
    ).toMatchObject({ ttl: null, retentionHours: null });
  });

  it('reads a Backup phase and completion time', () => {
    expect(
      summariseBackup({
        metadata: { name: 'b1' },
        spec: {},
        status: {
          phase: 'PartiallyFailed',
          completionTimestamp: '2026-01-01T02:00:00Z',
        },
      }),
    ).toMatchObject({
      phase: 'PartiallyFailed',
      completedAt: '2026-01-01T02:00:00.000Z',
    });
  });

  it.each([
    [[], [], 'payments', true],
    [['*'], [], 'payments', true],
    [['payments'], [], 'payments', true],
    [['shop'], [], 'payments', false],
    [['*'], ['payments'], 'payments', false],
  ])(
    'included %j excluded %j covers %s: %s',
    (included, excluded, ns, covered) => {
      expect(
        coversNamespace(
          {
            includedNamespaces: included as string[],
            excludedNamespaces: excluded as string[],
          },
          ns,
        ),
      ).toBe(covered);
    },
  );
});
