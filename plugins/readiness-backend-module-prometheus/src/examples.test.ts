/**
 * The portal's payments-api gets real Prometheus results without a
 * server, from the rule files of its repository folder
 * (examples/repositories/payments-api/monitoring). This test reads the
 * repository's own example entities and rules the way the backend does
 * (file location, declared rule roots), so the example rules stay valid
 * and their results stay as documented here.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
// The pack is evaluated by the backend plugin it extends.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import { evaluateCheckPacksForTesting } from '@readiness/backstage-plugin-readiness-backend/testUtils';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createPrometheusCollector } from './collector';
import { readPrometheusSettings } from './config';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const ENTITIES_FILE = path.join(EXAMPLES, 'entities.yaml');

/** What payments-api's declared rules decide, by design of its rule files. */
const EXPECTED: Record<string, 'pass' | 'fail'> = {
  'prometheus-alert-rules': 'pass',
  'prometheus-alert-runbooks': 'pass',
  'prometheus-slo-rules': 'pass',
  'prometheus-alerts-errors': 'pass',
  'prometheus-alerts-latency': 'pass',
  'prometheus-alerts-saturation': 'pass',
  'prometheus-alerts-restarts': 'pass',
  // A stateless API behind a TLS-terminating ingress: no volume and no
  // certificate of its own are watched.
  'prometheus-alerts-disk': 'fail',
  'prometheus-alerts-certificates': 'fail',
};

/** payments-api as the catalog serves it, registered from a file location. */
function paymentsApi(): Entity {
  const entity = parseAllDocuments(fs.readFileSync(ENTITIES_FILE, 'utf8'))
    .map(d => d.toJS() as Entity)
    .find(e => e?.kind === 'Component' && e.metadata.name === 'payments-api')!;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      namespace: 'default',
      annotations: {
        ...entity.metadata.annotations,
        'backstage.io/managed-by-location': `file:${ENTITIES_FILE}`,
      },
    },
  };
}

describe('example rules of payments-api', () => {
  it('decide the rule checks without a Prometheus server', async () => {
    // As app-config.yaml configures the portal: no endpoint.
    const collector = createPrometheusCollector({
      settings: readPrometheusSettings(
        new ConfigReader({
          readiness: {
            prometheus: {
              declaredRules: {
                roots: [path.join(EXAMPLES, 'repositories')],
              },
            },
            kubernetes: { manifestRoots: [path.join(EXAMPLES, 'manifests')] },
          },
        }),
      ),
    });
    const entity = paymentsApi();
    const result = await collector.collect({
      entities: [entity],
      logger: mockServices.logger.mock(),
    });
    expect(result.errors).toEqual([]);
    const alertRules = result.facts.find(
      f => f.name === 'prometheus.alertRules',
    );
    expect(alertRules?.source).toEqual({
      target: 'declared rules repositories/payments-api/monitoring',
      origin: 'declared',
    });
    expect(JSON.stringify(result)).not.toContain(EXAMPLES);
    const results = await evaluateCheckPacksForTesting({
      packFiles: [
        path.resolve(__dirname, '__testUtils__/scorecard.yaml'),
        path.resolve(__dirname, '../checks/prometheus.yaml'),
      ],
      collectors: [collector],
      entity,
      facts: result.facts.map(({ entityRef: _, ...fact }) => fact),
    });
    const decided = Object.fromEntries(
      results
        .filter(r => r.state === 'pass' || r.state === 'fail')
        .map(r => [r.checkId, r.state]),
    );
    expect(decided).toEqual(EXPECTED);
    // Checks on live series need a server: unknown, never guessed.
    const latency = results.find(r => r.checkId === 'prometheus-latency-p95');
    expect(latency).toMatchObject({
      state: 'unknown',
      message: 'no value yet for prometheus.latencyP95',
    });
  });
});
