/**
 * Commands run side by side, at most N at a time, each one's output held and given whole when it
 * ends, with its time (`cli/runChecks.ts`, the first stage of `npm test`).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Check {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface Outcome {
  readonly check: Check;
  readonly code: number;
  readonly seconds: number;
  readonly output: string;
}

function run(check: Check): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(check.command, [...check.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (code: number) => {
      resolve({ check, code, seconds: (performance.now() - started) / 1000, output: Buffer.concat(chunks).toString('utf8') });
    };
    child.on('error', (error) => {
      chunks.push(Buffer.from(`${error.message}\n`));
      done(1);
    });
    child.on('close', (code) => { done(code ?? 1); });
  });
}

/** Runs `checks` at most `parallel` at a time; reports each as it ends. */
export async function runChecks(checks: readonly Check[], parallel: number, report: (outcome: Outcome) => void): Promise<Outcome[]> {
  const queue = [...checks];
  const outcomes: Outcome[] = [];
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const outcome = await run(next);
      report(outcome);
      outcomes.push(outcome);
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, checks.length)) }, () => worker()));
  return outcomes;
}
