/**
 * `npm test`'s first stage: the type checks of every project and the lint, run side by side on the
 * machine's cores (each is one single-threaded process; one after the other they left a core idle for
 * about two and a half minutes of CI). Each one's output is held and printed whole when it ends, with
 * its time, so that interleaved lines never hide an error. Exits 1 if any failed, after all ended.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { runChecks, type Check } from './parallelChecks';

const tsc = (project: string): Check => ({ name: `typecheck ${project}`, command: 'npx', args: ['--no-install', 'tsc', '-p', project] });

/** Longest first, so that the last to start is a short one. The order of `npm run typecheck`'s projects otherwise. */
const CHECKS: readonly Check[] = [
  { name: 'lint', command: 'npx', args: ['--no-install', 'eslint', '--max-warnings', '0', '.'] },
  tsc('test'),
  tsc('renderer'),
  tsc('cli'),
  tsc('shared'),
  tsc('forms'),
  tsc('electron'),
  tsc('tsconfig.json'),
];

async function main(): Promise<void> {
  const parallel = Number(process.env.ATTEST_CHECKS_PARALLEL ?? availableParallelism());
  const started = performance.now();
  const outcomes = await runChecks(CHECKS, parallel, (outcome) => {
    const verdict = outcome.code === 0 ? 'ok' : `FAILED (exit ${String(outcome.code)})`;
    console.log(`check: ${outcome.check.name}: ${outcome.seconds.toFixed(1)} s, ${verdict}`);
    if (outcome.code !== 0 || outcome.output.trim() !== '') process.stdout.write(outcome.output.endsWith('\n') ? outcome.output : `${outcome.output}\n`);
  });
  const failed = outcomes.filter((outcome) => outcome.code !== 0);
  console.log(`check: ${String(CHECKS.length)} checks, ${String(parallel)} at a time: ${((performance.now() - started) / 1000).toFixed(1)} s, ${failed.length === 0 ? 'all passed' : `${String(failed.length)} failed: ${failed.map((f) => f.check.name).join(', ')}`}`);
  process.exitCode = failed.length === 0 ? 0 : 1;
}

await main();
