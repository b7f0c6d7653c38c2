import { expect, Locator, Page, test } from '@playwright/test';

/**
 * Where the run's screenshots go: the README shows them from
 * docs/screenshots, so a run refreshes them. Set READINESS_SCREENSHOTS to
 * write them elsewhere (Playwright runs from the repository root).
 */
const SCREENSHOTS = process.env.READINESS_SCREENSHOTS ?? 'docs/screenshots';

/**
 * A full-page screenshot, kept with the test's results and written to
 * {@link SCREENSHOTS}. A checkout that cannot be written to (a read-only
 * clone in CI) notes it on the test instead of failing it: the pictures
 * document the run, they do not judge it.
 */
export async function shot(page: Page, name: string) {
  const path = `${SCREENSHOTS}/${name}.png`;
  try {
    // Bounded: a page that never settles for a picture fails the picture,
    // not the test.
    await page.screenshot({ path, fullPage: true, timeout: 15_000 });
    await test.info().attach(name, { path, contentType: 'image/png' });
  } catch (error) {
    test.info().annotations.push({
      type: 'screenshot not saved',
      description: `${path}: ${(error as Error).message.split('\n')[0]}`,
    });
    const body = await page
      .screenshot({ fullPage: true, timeout: 15_000 })
      .catch(() => undefined);
    if (body) {
      await test.info().attach(name, { body, contentType: 'image/png' });
    }
  }
}

export async function signIn(page: Page) {
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
export async function openWhenScored(
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

/**
 * The heatmap's columns are the checks that fail or are unknown somewhere
 * in the team, the most impactful (services affected × weight) first, and
 * each has a failing or unknown cell.
 */
export async function expectColumnsByImpact(map: Locator) {
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
  return impacts;
}
