import {
  AlertIndex,
  alertmanagersValue,
  firingAlertsValue,
  parsePrometheusDuration,
  parsePrometheusSize,
  retentionValue,
} from './serverStatus';

describe('retentionValue', () => {
  it('applies the 15 day default when no retention flag is set', () => {
    expect(
      retentionValue({
        'storage.tsdb.retention.time': '0s',
        'storage.tsdb.retention.size': '0B',
      }),
    ).toEqual({
      time: '15d',
      timeLimited: true,
      timeSeconds: 15 * 86400,
      size: null,
      sizeLimited: false,
      sizeBytes: 0,
    });
  });

  it('reads a set time and size', () => {
    expect(
      retentionValue({
        'storage.tsdb.retention.time': '1y2w',
        'storage.tsdb.retention.size': '512GB',
      }),
    ).toMatchObject({
      time: '1y2w',
      timeSeconds: 365 * 86400 + 14 * 86400,
      size: '512GB',
      sizeLimited: true,
      sizeBytes: 512 * 1024 ** 3,
    });
  });

  it('has no time limit when only a size is set', () => {
    expect(
      retentionValue({
        'storage.tsdb.retention.time': '0s',
        'storage.tsdb.retention.size': '100GB',
      }),
    ).toMatchObject({ time: null, timeLimited: false, sizeLimited: true });
  });

  it('reads the deprecated storage.tsdb.retention flag', () => {
    expect(
      retentionValue({ 'storage.tsdb.retention': '30d' }).timeSeconds,
    ).toBe(30 * 86400);
  });

  it.each([
    [{}, /no storage.tsdb.retention.time \(not a Prometheus server/],
    [
      { 'storage.tsdb.retention.time': 'forever' },
      /storage.tsdb.retention.time 'forever' is not a duration/,
    ],
    [
      { 'storage.tsdb.retention.size': 'lots' },
      /storage.tsdb.retention.size 'lots' is not a size/,
    ],
  ])('rejects %o with a clear error', (flags, message) => {
    expect(() => retentionValue(flags)).toThrow(message);
  });
});

describe('parsing', () => {
  it.each([
    ['15d', 15 * 86400],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['2w', 14 * 86400],
    ['15 days', undefined],
    ['', undefined],
  ])('duration %s', (text, seconds) => {
    expect(parsePrometheusDuration(text)).toBe(seconds);
  });

  it.each([
    ['0B', 0],
    ['1KB', 1024],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['2TiB', 2 * 1024 ** 4],
    ['10 GB', undefined],
  ])('size %s', (text, bytes) => {
    expect(parsePrometheusSize(text)).toBe(bytes);
  });
});

describe('alertmanagersValue', () => {
  it('counts active and dropped Alertmanagers and strips credentials from URLs', () => {
    expect(
      alertmanagersValue({
        activeAlertmanagers: [
          { url: 'http://user:secret@am-0:9093/api/v2/alerts' },
          { url: 'not a url' },
        ],
        droppedAlertmanagers: [{ url: 'http://am-old:9093/api/v2/alerts' }],
      }),
    ).toEqual({
      active: 2,
      dropped: 1,
      urls: ['http://am-0:9093/api/v2/alerts', '(not a URL)'],
    });
  });
});

describe('AlertIndex', () => {
  const alert = (labels: Record<string, string>, state = 'firing') => ({
    labels,
    state,
    activeAt: '2026-01-01T00:00:00Z',
  });
  const index = new AlertIndex('service', [
    alert({
      alertname: 'CheckoutDown',
      service: 'checkout',
      severity: 'critical',
    }),
    alert({ alertname: 'CheckoutSlow', service: 'checkout' }, 'pending'),
    alert({ alertname: 'FleetErrors', severity: 'warning' }),
    alert({ alertname: 'SearchDown', service: 'search', severity: 'critical' }),
  ]);

  it('matches firing alerts by label and by the names of the entity rules', () => {
    expect(
      firingAlertsValue(
        index.match('checkout', ['FleetErrors', 'CheckoutDown']),
      ),
    ).toEqual({
      count: 2,
      alerts: [
        {
          name: 'CheckoutDown',
          severity: 'critical',
          activeAt: '2026-01-01T00:00:00Z',
        },
        {
          name: 'FleetErrors',
          severity: 'warning',
          activeAt: '2026-01-01T00:00:00Z',
        },
      ],
    });
  });

  it('ignores pending alerts and those of other services', () => {
    expect(index.match('checkout', []).map(a => a.labels.alertname)).toEqual([
      'CheckoutDown',
    ]);
    expect(index.match('ghost', [])).toEqual([]);
  });

  it('keeps, of a rule matched by name, only the instances of the entity', () => {
    const shared = new AlertIndex('service', [
      alert({ alertname: 'HighErrors', service: 'search' }),
      alert({ alertname: 'HighErrors', service: 'checkout' }),
      alert({
        alertname: 'KubePodCrashLooping',
        namespace: 'shop',
        pod: 'checkout-1',
      }),
      alert({
        alertname: 'KubePodCrashLooping',
        namespace: 'search',
        pod: 'search-1',
      }),
    ]);
    const names = (alerts: Array<{ labels: Record<string, string> }>) =>
      alerts.map(
        a => `${a.labels.alertname} ${a.labels.service ?? a.labels.namespace}`,
      );
    // A regex matcher names both services: each gets its own instance.
    expect(names(shared.match('checkout', ['HighErrors']))).toEqual([
      'HighErrors checkout',
    ]);
    // A rule that fires per namespace: only the entity's namespace (and,
    // as always, the alerts labelled with the entity).
    expect(
      names(
        shared.match('checkout', [
          {
            name: 'KubePodCrashLooping',
            scope: { label: 'namespace', value: 'shop' },
          },
        ]),
      ),
    ).toEqual(['HighErrors checkout', 'KubePodCrashLooping shop']);
  });
});
