import { expect, test } from '@playwright/test';
import { expectColumnsByImpact, openWhenScored, shot, signIn } from './support';

test.describe.configure({ mode: 'serial' });

test('a service page shows its level and a failing check with remediation', async ({
  page,
}) => {
  await signIn(page);
  await openWhenScored(page, '/catalog/default/component/ledger-worker', p =>
    expect(p.getByLabel(/^level /).first()).toBeVisible({ timeout: 5000 }),
  );
  await expect(
    page.getByText('Readiness', { exact: true }).first(),
  ).toBeVisible();
  await shot(page, 'service-overview');

  await page.goto('/catalog/default/component/ledger-worker/readiness');
  await expect(page.getByLabel('score').first()).toBeVisible();

  // First on the tab: what blocks the next level, heaviest first, each
  // with its fix; then the other checks, with a filter by state.
  await expect(page.getByText(/^What blocks /).first()).toBeVisible();
  const blocking = page.getByLabel('blocking checks').first();
  // The list's own items: a fix's markdown may hold lists of its own.
  const blockers = blocking.locator(':scope > li');
  expect(await blockers.count()).toBeGreaterThan(0);
  const weights = (await blockers.allTextContents()).map(text =>
    Number(/weight (\d+)/.exec(text)?.[1]),
  );
  expect(weights.every(w => w > 0)).toBe(true);
  expect([...weights].sort((a, b) => b - a)).toEqual(weights);
  await expect(
    page.getByRole('group', { name: 'filter checks by state' }).first(),
  ).toBeVisible();

  // Runbook linked blocks Silver, not the next level of this service: it is
  // among the other checks, and expands to its evidence and fix.
  await expect(blocking.getByText('Runbook linked')).toHaveCount(0);
  await page.getByText('Runbook linked').click();
  await expect(page.getByText('How to fix')).toBeVisible();
  await expect(page.getByText(/no link of type runbook/).first()).toBeVisible();
  await shot(page, 'service-readiness-tab');
});

test('the leaderboard filters by owner', async ({ page }) => {
  await signIn(page);
  const requests: string[] = [];
  page.on('request', r => {
    if (r.url().includes('/api/readiness/leaderboard')) requests.push(r.url());
  });
  await page.goto('/readiness');
  await expect(page.getByRole('link', { name: 'checkout-web' })).toBeVisible();
  await page.getByLabel('filter by owner').fill('payments');
  await expect(page.getByRole('link', { name: 'checkout-web' })).toBeHidden();
  await expect(
    page.getByRole('link', { name: 'payments-api' }).first(),
  ).toBeVisible();
  await shot(page, 'leaderboard');
  // Every request asks for one page, never for every row.
  for (const url of requests) {
    expect(
      Number(new URL(url).searchParams.get('pageSize')),
    ).toBeLessThanOrEqual(100);
  }
});

test('a team page leads with the cheapest path, then its gaps by impact', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/group/payments/readiness-gaps');
  const map = page.getByLabel('readiness heatmap');
  await expect(map).toBeVisible();
  await expect(page.getByText('Cheapest path to the next level')).toBeVisible();
  await expect(
    page.getByLabel('cheapest path').getByText(/^Fix /).first(),
  ).toBeVisible();
  await expect(page.getByText('Closest to their next level')).toBeVisible();

  // Columns are the checks that fail or are unknown somewhere, the most
  // impactful (services affected × weight) first.
  await expectColumnsByImpact(map);
  await shot(page, 'team-gaps');
});

test('the storefront team page opens on what to fix first, then its gaps by impact', async ({
  page,
}) => {
  await signIn(page);
  await openWhenScored(
    page,
    '/catalog/default/group/storefront/readiness-gaps',
    p =>
      expect(p.getByLabel('readiness heatmap')).toBeVisible({ timeout: 5000 }),
  );
  // The team by its catalog title, not its ref.
  await expect(
    page.getByRole('heading', { name: 'Storefront Team' }).first(),
  ).toBeVisible();

  // First the cheapest path: fixes ranked by services promoted per check
  // to fix, each naming the services it promotes.
  const path = page.getByLabel('cheapest path');
  const steps = path.locator(':scope > li');
  await expect(steps.first()).toBeVisible();
  const ratios: number[] = [];
  for (const text of await steps.allTextContents()) {
    const fix = /^Fix (.+?)promotes (\d+) services?: (.+)$/.exec(text);
    expect(fix, text).not.toBeNull();
    const checks = fix![1].split(' + ').length;
    expect(fix![3]).toMatch(/→ (Bronze|Silver|Gold)/);
    ratios.push(Number(fix![2]) / checks);
  }
  expect([...ratios].sort((a, b) => b - a)).toEqual(ratios);

  // Then the heatmap, its columns by impact.
  await expectColumnsByImpact(page.getByLabel('readiness heatmap'));
  await shot(page, 'team-gaps-storefront');
});

test('recording an attestation changes the score', async ({ page }) => {
  await signIn(page);
  await page.goto('/catalog/default/component/payments-api/readiness');
  const score = page.getByLabel('score').first();
  await expect(score).toBeVisible();
  const before = parseFloat((await score.textContent()) ?? '');

  await page.getByRole('button', { name: 'Record attestation' }).click();
  await page.locator('#attestation-type').click();
  await page.getByRole('option', { name: /Load test/ }).click();
  await page
    .getByLabel(/Evidence URL/)
    .fill('https://ci.example.com/load-tests/42');
  await page.getByRole('button', { name: 'Record' }).click();

  await expect
    .poll(async () => parseFloat((await score.textContent()) ?? ''), {
      timeout: 30_000,
    })
    .toBeGreaterThan(before);
  await shot(page, 'attestation-recorded');
});
