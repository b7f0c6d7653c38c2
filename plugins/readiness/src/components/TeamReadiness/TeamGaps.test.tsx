import { fireEvent, screen, within } from '@testing-library/react';
import { ReadinessGaps } from '@readiness/backstage-plugin-readiness-common';
import { gaps as baseGaps, scorecard } from '../../__testUtils__/scorecards';
import { renderWith } from '../../__testUtils__/render';
import { EntityTeamReadinessContent } from './EntityTeamReadinessContent';

const team = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'storefront', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const CHECKS = [
  // id, level, weight
  ['a', 'silver', 1],
  ['b', 'silver', 3],
  ['c', 'silver', 2],
  ['d', 'bronze', 2],
  ['e', 'bronze', 1],
  ['f', 'gold', 3],
] as const;

// States per service; checks absent from a row do not apply to it.
const MATRIX: Record<
  string,
  Record<string, ReadinessGaps['matrix'][number]['states'][string]>
> = {
  s1: { a: 'fail', b: 'pass', c: 'pass', d: 'pass', e: 'pass', f: 'fail' },
  s2: { a: 'fail', b: 'fail', c: 'pass', d: 'pass', e: 'pass' },
  s3: { a: 'pass', b: 'fail', c: 'exempt', d: 'pass', e: 'fail' },
  s4: { a: 'fail', b: 'pass', c: 'unknown', d: 'pass' },
};

const ref = (s: string) => `component:default/${s}`;
const title = (id: string) => `Check ${id.toUpperCase()}`;
const toFix = (...ids: string[]) =>
  ids.map(id => ({
    checkId: id,
    title: title(id),
    state: 'fail' as const,
    weight: CHECKS.find(c => c[0] === id)![2],
  }));

const gaps: ReadinessGaps = {
  ...baseGaps,
  owner: 'group:default/storefront',
  scorecard,
  entities: Object.keys(MATRIX).map(s => ({
    ...baseGaps.entities[0],
    entityRef: ref(s),
    title: s,
  })),
  checks: CHECKS.map(([id, level]) => ({
    id,
    title: title(id),
    level,
    category: 'Operations',
  })),
  matrix: Object.entries(MATRIX).map(([s, states]) => ({
    entityRef: ref(s),
    states,
  })),
  failingChecks: CHECKS.map(([id, level, weight]) => ({
    checkId: id,
    title: title(id),
    level,
    weight,
    entities: Object.entries(MATRIX)
      .filter(([, st]) => st[id] && st[id] !== 'pass' && st[id] !== 'exempt')
      .map(([s]) => ref(s)),
  })).filter(f => f.entities.length > 0),
  closestToNextLevel: [
    { s: 's1', next: 'silver', fix: toFix('a') },
    { s: 's3', next: 'bronze', fix: toFix('b') },
    { s: 's2', next: 'silver', fix: toFix('a', 'b') },
    { s: 's4', next: 'silver', fix: toFix('a', 'b', 'c') },
  ].map(c => ({
    entityRef: ref(c.s),
    title: c.s,
    level: 'bronze',
    nextLevel: c.next,
    checksToFix: c.fix,
  })),
};

describe('team gap view', () => {
  it('shows only the checks that fail or are unknown somewhere, by services affected × weight', async () => {
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: async () => gaps },
      entity: team,
    });
    const map = await screen.findByLabelText('readiness heatmap');
    const headers = within(map)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    // b: 2 × 3 = 6; a: 3 × 1 = 3 (silver) before f: 1 × 3 = 3 (gold);
    // c: 1 × 2; e: 1 × 1. d passes everywhere and is left out.
    expect(headers).toEqual([
      'Service',
      'Check B',
      'Check A',
      'Check F',
      'Check C',
      'Check E',
    ]);
    expect(within(map).getByLabelText('Check C: Unknown')).toHaveTextContent(
      '?',
    );
    fireEvent.click(
      within(map).getByLabelText(/Also show the 1 check every service passes/),
    );
    expect(
      within(map)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toContain('Check D');
  });

  it('ranks fixes by services promoted per check, naming the services', async () => {
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: async () => gaps },
      entity: team,
    });
    const path = await screen.findByLabelText('cheapest path');
    const steps = within(path)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(steps).toEqual([
      // Two checks promote three services; heavier checks are named first.
      'Fix Check B + Check Apromotes 3 services: s1 → Silver, s2 → Silver, s3 → Bronze',
      'Fix Check B + Check C + Check Apromotes 4 services: s1 → Silver, s2 → Silver, s3 → Bronze, s4 → Silver',
      'Fix Check Apromotes 1 service: s1 → Silver',
      'Fix Check Bpromotes 1 service: s3 → Bronze',
    ]);
    expect(within(path).getByRole('link', { name: 's4' })).toHaveAttribute(
      'href',
      '/catalog/default/component/s4/readiness',
    );
  });

  it('names the people of exemptions and attestations by their catalog titles', async () => {
    const getEntitiesByRefs = jest.fn(async ({ entityRefs }: any) => ({
      items: entityRefs.map((r: string) =>
        r === 'user:default/ada'
          ? {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'User',
              metadata: { name: 'ada' },
              spec: { profile: { displayName: 'Ada Lovelace' } },
            }
          : undefined,
      ),
    }));
    await renderWith(<EntityTeamReadinessContent />, {
      api: { getGaps: async () => baseGaps },
      entity: team,
      catalog: { getEntitiesByRefs },
    });
    expect(
      await screen.findByText(/Runbook moves to the new wiki \(Ada Lovelace\)/),
    ).toBeInTheDocument();
    expect(screen.getByText('ledger: Runbook linked')).toBeInTheDocument();
    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
  });
});
