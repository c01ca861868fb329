/**
 * Accessibility at zero violations (issue #16): axe-core on the screen as the spec reached it, every
 * rule axe runs by default (WCAG 2.0/2.1/2.2 A and AA and best practices), none excluded. A violation
 * fails the test with its rule, its help text and the first elements it names.
 *
 * Each run's time is appended to test-results/e2e/axe-times.txt (name and milliseconds), so what axe
 * adds to the e2e run can be summed.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const timesFile = path.resolve(import.meta.dirname, '../../../test-results/e2e/axe-times.txt');

export async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
  const started = performance.now();
  // Legacy mode runs axe.run in the page itself: the default opens a second page per run to merge
  // frame results (about 2–4 s each here); the app has no frames, so nothing is missed. Only the
  // violations' details are gathered (passes and incomplete are not serialised back): same verdict.
  const results = await new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] }).analyze();
  const ms = Math.round(performance.now() - started);
  await mkdir(path.dirname(timesFile), { recursive: true });
  await appendFile(timesFile, `${name}\t${String(ms)}\n`);
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` and ${String(v.nodes.length - 3)} more` : ''}`,
  );
  expect(violations, `axe-core on "${name}"`).toEqual([]);
}
