import { defineConfig } from '@playwright/test';

// End-to-end tests of the portal with Readiness, in a locally installed
// Chromium (READINESS_CHROMIUM, default the Debian package's binary): they
// start the frontend and backend on SQLite with app-config.e2e.yaml.
const config =
  '--config ../../app-config.yaml --config ../../app-config.e2e.yaml';

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  testDir: 'packages/app/e2e-tests',
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  webServer: [
    {
      command: `yarn start app ${config}`,
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
    },
    {
      command: `yarn start backend ${config}`,
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
    },
  ],
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report/html' }],
  ],
  use: {
    baseURL: 'http://localhost:3000',
    viewport: { width: 1440, height: 1000 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.READINESS_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  outputDir: 'e2e-test-report/results',
});
