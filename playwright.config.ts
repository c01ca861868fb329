import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the built renderer, served on 127.0.0.1 by `attest web` with the production
 * security headers, driven in Debian's Chromium. Playwright never downloads a browser here.
 */
const port = Number(process.env.ATTEST_E2E_PORT ?? '5173');

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  fullyParallel: false,
  // Two spec files side by side (CI has two cores; each test has its own browser context, so its own
  // IndexedDB; the killed-browser spec uses its own profile directory): 10.2 min for 68 tests where one
  // at a time took about 15. ATTEST_E2E_WORKERS=1 runs them one after the other.
  workers: Number(process.env.ATTEST_E2E_WORKERS ?? '2'),
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: `node --import tsx cli/main.ts web --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
