import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks, type Check } from '../../../cli/parallelChecks';

let dir = '';
afterEach(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }); });

/** A check that writes when it started and ended (ms) to `<dir>/<name>`, then exits with `code` after 200 ms. */
function timed(name: string, code: number, output = ''): Check {
  const file = JSON.stringify(join(dir, name));
  const script = `const fs = require('node:fs'); const s = Date.now(); process.stderr.write(${JSON.stringify(output)}); setTimeout(() => { fs.writeFileSync(${file}, s + ' ' + Date.now()); process.exit(${String(code)}); }, 200);`;
  return { name, command: process.execPath, args: ['-e', script] };
}

/** The largest number of intervals that overlap at one instant. */
function mostAtOnce(intervals: readonly (readonly [number, number])[]): number {
  const events = intervals.flatMap(([start, end]) => [[start, 1], [end, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, delta] of events) most = Math.max(most, (now += delta));
  return most;
}

describe('npm test: type checks and lint side by side', () => {
  it('runs every check even when one fails, keeps each output whole, and never more than N at a time', async () => {
    dir = mkdtempSync(join(tmpdir(), 'attest-checks-'));
    const names = ['fails', 'passes 1', 'passes 2', 'passes 3', 'passes 4'];
    const checks = names.map((name) => (name === 'fails' ? timed(name, 2, 'src/x.ts(1,1): error TS2322: wrong type\n') : timed(name, 0)));
    const reported: string[] = [];
    const outcomes = await runChecks(checks, 2, (outcome) => { reported.push(outcome.check.name); });
    expect(reported.sort()).toEqual([...names].sort());
    const failed = outcomes.find((o) => o.check.name === 'fails');
    expect(failed?.code).toBe(2);
    expect(failed?.output).toBe('src/x.ts(1,1): error TS2322: wrong type\n');
    expect(outcomes.filter((o) => o.code === 0).map((o) => o.check.name).sort()).toEqual(names.filter((n) => n !== 'fails').sort());
    const intervals = names.map((name) => readFileSync(join(dir, name), 'utf8').split(' ').map(Number) as [number, number]);
    expect(mostAtOnce(intervals)).toBeLessThanOrEqual(2);
  }, 60_000);

  it('a command that cannot start is a failure, not a crash', async () => {
    const [outcome] = await runChecks([{ name: 'missing', command: '/nonexistent/tool', args: [] }], 2, () => undefined);
    expect(outcome?.code).toBe(1);
    expect(outcome?.output).toMatch(/ENOENT/);
  }, 30_000);
});
