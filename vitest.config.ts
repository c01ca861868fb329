import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Unit and db tests run in Node. End-to-end tests are Playwright's (playwright.config.ts). */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    // Vitest's default is one worker fewer than the cores: on CI's two cores that is one file at a
    // time. The main process only collects results, so every core runs test files.
    maxWorkers: availableParallelism(),
    minWorkers: 1,
    // Two files side by side share the cores with their child processes (pdftotext, qpdf, openssl):
    // a test that takes 2 s alone may take 6 on a loaded CI machine. A hang still fails.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        // fake-indexeddb only works with Blobs in the node environment (see environment.md).
        test: { name: 'db', environment: 'node', include: ['test/db/**/*.test.ts'], setupFiles: ['test/db/setup.ts'] },
      },
    ],
  },
});
