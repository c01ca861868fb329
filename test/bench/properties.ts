/**
 * The exhaustive runs of the property tests that `npm test` runs small (keeps CI within its time):
 * the anonymisation canary property (80 records in `npm test`, 1,000 here) through Vitest, as
 * `npm test` runs it, with ATTEST_PROPERTY_RUNS set.
 *   node --import tsx test/bench/properties.ts [records]
 * Prints `anonymise property (N records): S s (n=1)` and exits 1 when the property fails.
 */
import { spawnSync } from 'node:child_process';

const records = Number(process.argv[2] ?? 1000);
const started = performance.now();
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'test/unit/report/anonymiseProperty.test.ts'], {
  env: { ...process.env, ATTEST_PROPERTY_RUNS: String(records), ATTEST_PROPERTY_TIMEOUT_MS: String(Math.max(600_000, records * 2_000)) },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
const seconds = (performance.now() - started) / 1000;
const passed = result.status === 0;
console.log(`anonymise property (${String(records)} records): ${seconds.toFixed(1)} s (n=1), ${passed ? 'no identifier survived' : 'FAILED'}`);
if (!passed) {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = 1;
}
