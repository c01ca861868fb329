import { defineConfig } from 'vitest/config';

/** Unit and db tests run in Node. End-to-end tests are Playwright's (playwright.config.ts). */
export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
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
