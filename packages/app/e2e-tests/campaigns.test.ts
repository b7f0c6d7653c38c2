import { expect, test } from '@playwright/test';
import { openWhenScored, shot, signIn } from './support';

// The example campaigns of app-config.yaml (readiness.campaigns).
const BRONZE = 'Bronze for every production service';
const RUNBOOKS = 'A runbook and a dashboard for every service';
const BACKEND = 'http://localhost:7007/api/readiness';

test.describe.configure({ mode: 'serial' });

test('the campaigns page shows each campaign with its target by title and its progress', async ({
  page,
}) => {
  await signIn(page);
  // Progress is read from stored results: wait for the first evaluation.
  await openWhenScored(page, '/readiness/campaigns', p =>
    expect(
      p.getByRole('row', { name: new RegExp(BRONZE) }).getByText(/ at target /),
    ).toBeVisible({ timeout: 5000 }),
  );
  const bronze = page.getByRole('row', { name: new RegExp(BRONZE) });
  await expect(
    bronze.getByText('Bronze on Production Readiness', { exact: true }),
  ).toBeVisible();
  const figures = await bronze
    .getByText(/^\d+ of \d+ at target \([\d.]+%\)/)
    .textContent();
  const [, atTarget, total] = /^(\d+) of (\d+)/.exec(figures ?? '')!;
  expect(Number(total)).toBeGreaterThan(0);
  expect(Number(atTarget)).toBeLessThanOrEqual(Number(total));

  const runbooks = page.getByRole('row', { name: new RegExp(RUNBOOKS) });
  await expect(
    runbooks.getByText('Runbook linked and Dashboard linked pass', {
      exact: true,
    }),
  ).toBeVisible();
  await expect(runbooks.getByText(/goal 80%/)).toBeVisible();
  await expect(page.getByText(/catalog-runbook-link/)).toHaveCount(0);
  await shot(page, 'campaigns');

  // One campaign: its burn-up, each team by title, and what each lacks.
  await runbooks.getByRole('link', { name: RUNBOOKS }).click();
  await expect(page.getByLabel('campaign burn-up')).toBeVisible();
  const teams = page.getByLabel('progress by team');
  await expect(teams.getByText('Storefront Team')).toBeVisible();
  await expect(teams.getByText('group:default/storefront')).toHaveCount(0);
  const checkout = page
    .getByLabel('covered entities')
    .getByRole('row', { name: /checkout-web/ });
  await expect(checkout.getByText(/Runbook linked \(fail\)/)).toBeVisible();
  await shot(page, 'campaign-detail');
});

test("a service page shows the service's part in a campaign: what it still lacks", async ({
  page,
}) => {
  await signIn(page);
  await openWhenScored(page, '/catalog/default/component/checkout-web', p =>
    expect(p.getByRole('link', { name: RUNBOOKS })).toBeVisible({
      timeout: 5000,
    }),
  );
  const item = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: RUNBOOKS }) });
  // checkout-web links a dashboard but no runbook.
  await expect(
    item.getByText(/^Still lacks: Runbook linked \(fail\)$/),
  ).toBeVisible();
  await expect(
    item.getByText(
      /Runbook linked and Dashboard linked pass by \d{4}-\d\d-\d\d/,
    ),
  ).toBeVisible();
  await shot(page, 'service-campaigns');
});

test('the campaigns route answers 401 without credentials and lists the example campaigns with a token', async ({
  request,
}) => {
  const anonymous = await request.get(`${BACKEND}/campaigns`);
  expect(anonymous.status()).toBe(401);

  // A user token, as the portal's guest sign-in obtains it.
  const session = await request.get(
    'http://localhost:7007/api/auth/guest/refresh',
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(session.ok()).toBe(true);
  const token: string = (await session.json()).backstageIdentity.token;

  const response = await request.get(`${BACKEND}/campaigns`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(response.status()).toBe(200);
  const { items } = await response.json();
  const bronze = items.find(
    (c: { id: string }) => c.id === 'bronze-for-production',
  );
  expect(bronze).toMatchObject({
    title: BRONZE,
    target: { scorecard: 'production-readiness', level: 'bronze' },
    source: 'config',
  });
  expect(bronze.progress.total).toBeGreaterThan(0);
});
