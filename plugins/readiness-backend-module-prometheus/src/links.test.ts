import { ConfigReader } from '@backstage/config';
import { readPrometheusSettings } from './config';
import { entityQuery, graphLink, labelMatcher, uiPageLink } from './links';

const [prometheus, grafana] = readPrometheusSettings(
  new ConfigReader({
    readiness: {
      prometheus: {
        endpoints: [
          {
            name: 'prom',
            url: 'http://prom:9090',
            graphUrl: 'https://prom.example.com/',
          },
          {
            name: 'mimir',
            url: 'http://mimir/prometheus',
            graphUrl:
              'https://grafana.example.com/explore?left={"queries":[{"expr":"{{query}}"}],"range":{"to":"{{time}}"}}',
          },
        ],
      },
    },
  }),
).endpoints;

const time = new Date('2026-01-02T03:04:05.000Z');

describe('links', () => {
  it('opens a Prometheus-style graph at the evaluation time', () => {
    const link = new URL(graphLink(prometheus, 'sum(up) > 0', time));
    expect(`${link.origin}${link.pathname}`).toBe(
      'https://prom.example.com/graph',
    );
    expect(Object.fromEntries(link.searchParams)).toEqual({
      'g0.expr': 'sum(up) > 0',
      'g0.tab': '0',
      'g0.range_input': '1h',
      'g0.end_input': '2026-01-02 03:04:05',
      'g0.moment_input': '2026-01-02 03:04:05',
    });
    expect(uiPageLink(prometheus, 'alerts')).toBe(
      'https://prom.example.com/alerts',
    );
  });

  it('fills a link template for other UIs', () => {
    expect(graphLink(grafana, 'up{a="b"}', time)).toBe(
      `https://grafana.example.com/explore?left={"queries":[{"expr":"${encodeURIComponent(
        'up{a="b"}',
      )}"}],"range":{"to":"${time.getTime()}"}}`,
    );
    expect(uiPageLink(grafana, 'rules')).toBeUndefined();
  });

  it('narrows a fleet query to one entity, quoting its label value', () => {
    expect(labelMatcher('service', 'a"b\\c')).toBe('service="a\\"b\\\\c"');
    expect(entityQuery('sum by (service) (up)', 'service', 'checkout')).toBe(
      '(sum by (service) (up)) and on (service) label_replace(vector(1), "service", "checkout", "", "")',
    );
  });
});
