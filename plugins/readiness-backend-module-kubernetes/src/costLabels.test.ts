import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import YAML from 'yaml';
import { PACK_FILE } from './__testUtils__/evaluate';
import {
  COST_LABELS_CHECK,
  costLabelKeys,
  DEFAULT_COST_LABELS,
  pickLabels,
} from './costLabels';

const config = (labels: any) =>
  new ConfigReader({
    readiness: { checks: { [COST_LABELS_CHECK]: { params: { labels } } } },
  });

describe('cost labels', () => {
  it('has the default of the check pack', () => {
    const pack = YAML.parse(fs.readFileSync(PACK_FILE, 'utf8'));
    const check = pack.checks.find((c: any) => c.id === COST_LABELS_CHECK);
    expect(check.params.labels).toEqual(DEFAULT_COST_LABELS);
  });

  it('records the keys of the default and of app-config', () => {
    expect(costLabelKeys()).toEqual([
      'app.kubernetes.io/name',
      'team',
      'owner',
      'cost-center',
    ]);
    expect(costLabelKeys(config([['billing/product'], ['squad']]))).toEqual([
      'app.kubernetes.io/name',
      'team',
      'owner',
      'cost-center',
      'billing/product',
      'squad',
    ]);
  });

  it.each([
    ['a flat list', ['team']],
    ['an empty alternative', [[]]],
    ['a number', [[3]]],
  ])('refuses %s in app-config', (_name, labels) => {
    expect(() => costLabelKeys(config(labels))).toThrow(
      /readiness\.checks\.kubernetes-cost-labels\.params\.labels must be a list of lists/,
    );
  });

  it('keeps only the named keys with a value', () => {
    expect(
      pickLabels(
        { team: 'payments', owner: ' ', 'app.kubernetes.io/version': '1.2' },
        ['team', 'owner', 'cost-center'],
      ),
    ).toEqual({ team: 'payments' });
  });
});
