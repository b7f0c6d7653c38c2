import { ConfigReader } from '@backstage/config';
import { readPrometheusSettings } from './config';
import { DEFAULT_TEMPLATES } from './templates';

function read(prometheus: object) {
  return readPrometheusSettings(
    new ConfigReader({ readiness: { prometheus } }),
  );
}

describe('readPrometheusSettings', () => {
  it('works without any config: no endpoint, the built-in templates', () => {
    const settings = readPrometheusSettings(new ConfigReader({}));
    expect(settings.endpoints).toEqual([]);
    expect(settings.templates.map(t => t.id)).toEqual(
      DEFAULT_TEMPLATES.map(t => t.id),
    );
    expect(settings.templates.every(t => t.enabled)).toBe(true);
    expect(settings.entityTypes).toEqual(['service', 'website']);
    expect(settings.label).toBe('service');
    // Declared rules are on, but not asked for without an endpoint.
    expect(settings.declaredRules).toEqual({
      enabled: true,
      configured: false,
      roots: [],
    });
  });

  it("reads declared rules, with the Kubernetes module's manifest roots as roots too", () => {
    const settings = readPrometheusSettings(
      new ConfigReader({
        readiness: {
          prometheus: {
            label: 'app',
            declaredRules: { roots: ['../../examples/rules', 'shared'] },
          },
          kubernetes: { manifestRoots: ['../../examples/manifests', 'shared'] },
        },
      }),
    );
    expect(settings.label).toBe('app');
    expect(settings.declaredRules).toEqual({
      enabled: true,
      configured: true,
      roots: ['../../examples/rules', 'shared', '../../examples/manifests'],
    });
    expect(
      read({ declaredRules: { enabled: false } }).declaredRules,
    ).toMatchObject({ enabled: false, configured: false });
  });

  it('reads an endpoint with defaults for what is not set', () => {
    const [endpoint] = read({
      endpoints: [{ name: 'main', url: 'https://prom.example.com/' }],
    }).endpoints;
    expect(endpoint).toEqual({
      name: 'main',
      url: 'https://prom.example.com',
      headers: {},
      secrets: [],
      timeoutMs: 30_000,
      maxResponseBytes: 32 * 1024 * 1024,
      retries: 2,
      graphUrl: 'https://prom.example.com',
      label: 'service',
      podLabel: 'label_app_kubernetes_io_name',
      rules: true,
      alerts: true,
      status: true,
    });
  });

  it('turns credentials into headers and remembers them as secrets', () => {
    const { endpoints } = read({
      label: 'app',
      endpoints: [
        {
          name: 'basic',
          url: 'http://a:9090',
          basicAuth: { username: 'reader', password: 'pa55word' },
          timeout: '10s',
        },
        {
          name: 'bearer',
          url: 'http://b:9090',
          bearerToken: 'tok-123',
          headers: {
            'X-Scope-OrgID': 'team-a',
            'X-Api-Key': 'long-api-key-value',
          },
          timeout: { minutes: 1 },
          label: 'job',
          rules: false,
          status: false,
          maxResponseBytes: 4096,
          retries: 0,
        },
      ],
    });
    const encoded = Buffer.from('reader:pa55word').toString('base64');
    expect(endpoints[0]).toMatchObject({
      headers: { Authorization: `Basic ${encoded}` },
      secrets: ['pa55word', encoded],
      timeoutMs: 10_000,
      label: 'app',
    });
    expect(endpoints[1]).toMatchObject({
      headers: {
        Authorization: 'Bearer tok-123',
        'X-Scope-OrgID': 'team-a',
        'X-Api-Key': 'long-api-key-value',
      },
      // A short tenant id is not a credential.
      secrets: ['long-api-key-value', 'tok-123'],
      timeoutMs: 60_000,
      label: 'job',
      rules: false,
      // Alerts come from the same rules: off with them unless set.
      alerts: false,
      status: false,
      maxResponseBytes: 4096,
      retries: 0,
    });
  });

  it.each([
    [
      { endpoints: [{ name: 'a', url: 'http://u:secretpw@prom:9090' }] },
      /endpoints\[0\]\.url: must not contain credentials/,
    ],
    [
      {
        endpoints: [
          {
            name: 'a',
            url: 'http://p',
            bearerToken: 't',
            basicAuth: { username: 'u', password: 'p' },
          },
        ],
      },
      /set only one of bearerToken, basicAuth and an Authorization header/,
    ],
    [
      {
        endpoints: [
          {
            name: 'a',
            url: 'http://p',
            bearerToken: 't',
            headers: { authorization: 'x' },
          },
        ],
      },
      /set only one of/,
    ],
    [
      { endpoints: [{ name: 'a', url: 'ftp://p' }] },
      /must be an http or https URL/,
    ],
    [{ endpoints: [{ name: 'a b', url: 'http://p' }] }, /endpoints\[0\]\.name/],
    [
      {
        endpoints: [
          { name: 'a', url: 'http://p' },
          { name: 'a', url: 'http://q' },
        ],
      },
      /endpoint name 'a' is used twice/,
    ],
    [
      { label: 'service-name', endpoints: [] },
      /'service-name' is not a Prometheus label name/,
    ],
    [
      { templates: { custom: { window: '5m' } } },
      /templates\.custom: a new template needs a query/,
    ],
    [
      { templates: { custom: { query: 'sum by ({{label}}) (x[{{range}}])' } } },
      /unknown placeholder \{\{range\}\}/,
    ],
    [
      { templates: { latencyP95: { window: '5 minutes' } } },
      /window '5 minutes' is not a PromQL duration/,
    ],
    [
      { templates: { alertRules: { query: 'sum by ({{label}}) (x)' } } },
      /reserved for a built-in fact/,
    ],
    [
      { templates: { custom: { query: 'sum(x)' } } },
      /must aggregate by \(\{\{label\}\}\)/,
    ],
    [
      { templates: { custom: { query: 'x{{window}}', absent: 'maybe' } } },
      /must be one of 'zero', 'zeroIfAny', 'unknown'/,
    ],
    [
      { endpoints: [{ name: 'a', url: 'http://p', maxResponseBytes: 10 }] },
      /endpoints\[0\]\.maxResponseBytes: must be a whole number of at least 1024/,
    ],
    [
      { endpoints: [{ name: 'a', url: 'http://p', retries: 100 }] },
      /endpoints\[0\]\.retries: must be a whole number from 0 to 10/,
    ],
  ])('rejects invalid config %#', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });

  it('never puts the credentials of a rejected URL in the message', () => {
    expect(() =>
      read({ endpoints: [{ name: 'a', url: 'http://u:secretpw@prom:9090' }] }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('secretpw'),
      }),
    );
  });

  it('changes, disables and adds templates', () => {
    const { templates } = read({
      templates: {
        latencyP95: { window: '10m' },
        cpuLimitUsage: { enabled: false },
        queueDepth: {
          query: 'max by ({{label}}) (queue_depth)',
          unit: 'messages',
        },
      },
    });
    const byId = Object.fromEntries(templates.map(t => [t.id, t]));
    expect(byId.latencyP95).toMatchObject({
      window: '10m',
      query: DEFAULT_TEMPLATES.find(t => t.id === 'latencyP95')!.query,
      enabled: true,
    });
    // Still declared, so checks reading it load and turn unknown.
    expect(byId.cpuLimitUsage.enabled).toBe(false);
    expect(byId.queueDepth).toEqual({
      id: 'queueDepth',
      description: 'Custom query queueDepth',
      query: 'max by ({{label}}) (queue_depth)',
      window: undefined,
      unit: 'messages',
      absent: 'unknown',
      enabled: true,
    });
  });
});
