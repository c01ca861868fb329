/**
 * Issue #16 item 4: the renderer bundle loaded at start, goal ≤ 150 kB gzipped (not met yet: held under a ceiling). Reads the build the
 * e2e run has just made (`npm run test:e2e` builds first); no browser. The sizes are printed, and the
 * bench prints the same figure (test/bench/run.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { START_BUNDLE_CEILING_KB, START_BUNDLE_GOAL_KB, startBundle } from '../support/startBundle';

const root = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

// The goal (≤ 150 kB) is not met yet: the test holds the ceiling so that the start bundle cannot grow back.
test(`the bundle loaded at start stays under ${String(START_BUNDLE_CEILING_KB)} kB gzipped (goal ${String(START_BUNDLE_GOAL_KB)}, not met yet)`, () => {
  const bundle = startBundle(root);
  for (const file of bundle.files) console.log(`start bundle: ${file.name} ${(file.gzipBytes / 1024).toFixed(1)} kB gz`);
  const kb = bundle.gzipBytes / 1024;
  console.log(`bundle loaded at start: ${kb.toFixed(1)} kB gz (goal ≤ ${START_BUNDLE_GOAL_KB})`);
  // Not vacuous: the entry script is found and counted.
  expect(bundle.files.some((file) => /^assets\/index-[^/]+\.js$/.test(file.name))).toBe(true);
  if (kb > START_BUNDLE_GOAL_KB) console.log(`bundle loaded at start: goal ≤ ${String(START_BUNDLE_GOAL_KB)} kB NOT MET`);
  expect(kb).toBeLessThanOrEqual(START_BUNDLE_CEILING_KB);
});

// Issue #20 item 7: the build carries the licences of what it bundles (electron-builder packages dist/renderer/**).
test('the build carries the third-party notices, with the licence text of what it bundles', () => {
  const notices = readFileSync(new URL('THIRD_PARTY_NOTICES.txt', `file://${root}`), 'utf8');
  expect(notices).toMatch(/^react \d+\.\d+\.\d+\nLicence: MIT$/mu);
  expect(notices).toMatch(/^@zxcvbn-ts\/language-fr \S+\nLicence: MIT$/mu);
  expect(notices).toMatch(/^pdfjs-dist \S+\nLicence: Apache-2.0$/mu);
  expect(notices).toContain('Copyright (c) Meta Platforms, Inc. and affiliates.');
});
