import { expect, Page, test } from '@playwright/test';

// Screenshots are test artifacts (Playwright runs from the repository
// root); the most telling ones are copied to docs/.
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `e2e-test-report/screenshots/${name}.png`,
    fullPage: true,
  });

async function signIn(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(
    nav.getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The collector runs shortly after start; reload until scorecards exist. */
async function openWhenScored(
  page: Page,
  url: string,
  ready: (p: Page) => Promise<unknown>,
) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.goto(url);
    try {
      await ready(page);
      return;
    } catch {
      await page.waitForTimeout(3000);
    }
  }
  await ready(page);
}

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
  const headers = map.locator('th[data-impact]');
  expect(await headers.count()).toBeGreaterThan(0);
  const impacts = (
    await headers.evaluateAll(cells =>
      cells.map(c => c.getAttribute('data-impact')),
    )
  ).map(Number);
  expect(impacts.every(i => i > 0)).toBe(true);
  expect([...impacts].sort((a, b) => b - a)).toEqual(impacts);
  for (const title of await headers.evaluateAll(cells =>
    cells.map(c => c.getAttribute('aria-label') ?? ''),
  )) {
    await expect(
      map.locator(
        `td[aria-label="${title}: Fail"], td[aria-label="${title}: Unknown"], td[aria-label="${title}: Error"]`,
      ),
    ).not.toHaveCount(0);
  }
  await shot(page, 'team-gaps');
});

test('the storefront team page opens on what to fix first', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/catalog/default/group/storefront/readiness-gaps');
  await expect(page.getByLabel('readiness heatmap')).toBeVisible();
  await expect(
    page.getByLabel('cheapest path').getByText(/^Fix /).first(),
  ).toBeVisible();
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
