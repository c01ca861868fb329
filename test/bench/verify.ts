/**
 * Verification bench (issue #13): the signature check in-process and the compiled command line as
 * whole processes, on the reference report R1 and on hostile files. Not part of `npm test`; chained
 * in `npm run bench`. Run alone (it builds dist/cli first with `npm run build:cli`):
 *   node --import tsx test/bench/verify.ts
 *
 * Prints, one line per figure, `name: median unit (min–max, n=5)` after one warm-up run:
 *   (a) verifyPdf of R1 (test/bench/r1.ts: 40 findings, 20 photographs, about 48 pages and 8 MB), in-process;
 *   (b) verifyPdf of two 50 MB hostile files, in-process (target ≤ 2 s): random bytes behind a
 *       `%PDF-1.7` header; and the same junk with a signature dictionary (fake /ByteRange covering the
 *       file, /Contents of zeros) in the middle and a plausible xref, trailer, `startxref` and `%%EOF`
 *       at the end;
 *   (c) signPdf of R1, the signing call test/bench/report.ts measures (widget over the signature box);
 *   (d) `attest version` and `attest verify --trust` of the example report (`attest example`, its own
 *       certificate trusted, exit 0) as whole processes of the compiled CLI, from spawn to exit (target ≤ 1 s);
 *   (e) `attest verify` and `attest sign` of both hostile files as whole processes: each must exit 2
 *       within 2 s with a one-line message and no stack trace; a line after each figure says whether it did.
 *
 * verifyPdf and signPdf come from shared/signing, the public API, whatever their insides. A run that
 * takes longer than TIMEOUT_MS (20 s; ATTEST_BENCH_TIMEOUT_MS to change) is killed and reported as
 * timed out, and that figure is not repeated. The in-process hostile runs happen in a child process
 * (this file with --child) so that they can be killed: the time is measured inside the child around
 * verifyPdf alone, in a fresh process (no warm-up).
 */
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signPdf, verifyPdf } from '../../shared/signing';
import { pageCount, r1CaseFile, r1Report } from './r1';
import { summarise } from './stats';

const RUNS = 5;
const MB = 1024 * 1024;
const HOSTILE_BYTES = 50 * MB;
const TIMEOUT_MS = Number(process.env.ATTEST_BENCH_TIMEOUT_MS ?? '20000');
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const cli = join(repoRoot, 'dist', 'cli', 'main.js');
const stackTrace = /^\s+at .+:\d+:\d+\)?$/m;

interface ChildResult { readonly ms: number; readonly kind: string }

/** `--child FILE`: one verifyPdf in a fresh process, timed around the call; prints JSON. */
async function child(file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const t0 = performance.now();
  let kind: string;
  try {
    kind = (await verifyPdf(bytes)).kind;
  } catch (error) {
    kind = `threw ${error instanceof Error ? error.name : 'a non-error'}`;
  }
  const result: ChildResult = { ms: performance.now() - t0, kind };
  console.log(JSON.stringify(result));
}

interface Hostile { readonly label: string; readonly path: string }

/** 50 MB of random bytes behind a PDF header; the second variant also looks signed and finished. */
function writeHostileFiles(dir: string): Hostile[] {
  const latin1 = (text: string) => Buffer.from(text, 'latin1');
  const junk = randomFillSync(Buffer.alloc(HOSTILE_BYTES));
  latin1('%PDF-1.7\n').copy(junk, 0);
  const plain = join(dir, 'junk.pdf');
  writeFileSync(plain, junk);

  const tailed = randomFillSync(Buffer.alloc(HOSTILE_BYTES));
  latin1('%PDF-1.7\n').copy(tailed, 0);
  const objectAt = Math.floor(HOSTILE_BYTES / 2);
  const head = '\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [';
  const contents = `<${'0'.repeat(16_384)}>`;
  // The numbers' width is fixed (10 digits) so the offsets computed here are where they land.
  const pad = (n: number) => String(n).padStart(10, '0');
  const rangeText = (a: number, b: number, c: number) => `0 ${pad(a)} ${pad(b)} ${pad(c)}] /Contents `;
  const contentsAt = objectAt + head.length + rangeText(0, 0, 0).length;
  const afterContents = contentsAt + contents.length;
  const signature = `${head}${rangeText(contentsAt, afterContents, HOSTILE_BYTES - afterContents)}${contents} /M (D:20250310150000+01'00') >>\nendobj\n`;
  latin1(signature).copy(tailed, objectAt);
  const xref = `\nxref\n0 2\n0000000000 65535 f \n${pad(objectAt + 1)} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n`;
  const xrefAt = HOSTILE_BYTES - 64 - xref.length;
  const tail = `${xref}startxref\n${String(xrefAt + 1)}\n%%EOF\n`;
  latin1(tail).copy(tailed, xrefAt);
  tailed.fill(0x0a, xrefAt + tail.length);
  const faked = join(dir, 'junk-signed-tail.pdf');
  writeFileSync(faked, tailed);

  return [
    { label: '50 MB junk behind %PDF-1.7', path: plain },
    { label: '50 MB junk, fake /ByteRange and startxref/%%EOF tail', path: faked },
  ];
}

interface ProcessRun { readonly ms: number; readonly status: number | null; readonly timedOut: boolean; readonly stdout: string; readonly stderr: string }

function runProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeout = TIMEOUT_MS): ProcessRun {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout, killSignal: 'SIGKILL', maxBuffer: 16 * MB });
  const ms = performance.now() - t0;
  return { ms, status: result.status, timedOut: result.signal === 'SIGKILL', stdout: result.stdout, stderr: result.stderr };
}

const timedOutLine = (name: string, run: number) => `${name}: timed out after ${String(TIMEOUT_MS)} ms (run ${String(run)} of ${String(RUNS)}; killed, not repeated)`;

/** Times `fn` after one warm-up run; `fn` returns a duration in ms, or undefined when it timed out. */
async function measure(name: string, unit: string, fn: () => Promise<number | undefined> | number | undefined, warmUp = true): Promise<void> {
  if (warmUp && (await fn()) === undefined) {
    console.log(timedOutLine(name, 0));
    return;
  }
  const samples: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const ms = await fn();
    if (ms === undefined) {
      console.log(timedOutLine(name, run));
      return;
    }
    samples.push(ms);
  }
  console.log(summarise(name, samples, unit));
}

async function timeInProcess(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function load(): string {
  return `load average ${loadavg().map((n) => n.toFixed(2)).join(' ')} on ${String(cpus().length)} cores`;
}

async function main(): Promise<void> {
  console.log(`verify bench: ${load()} (the machine is shared: medians, min and max over ${String(RUNS)} runs)`);
  const build = spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);

  const dir = mkdtempSync(join(tmpdir(), 'attest-bench-verify-'));
  try {
    const hostile = writeHostileFiles(dir);
    // Setting up, not measured: as long as it takes on a loaded machine.
    const example = runProcess([cli, 'example', '--out', join(dir, 'example')], {}, 300_000);
    const password = /stored nowhere\): (\S+)$/m.exec(example.stdout)?.[1];
    if (example.status !== 0 || password === undefined) throw new Error(`attest example failed (exit ${String(example.status)}${example.timedOut ? ', timed out' : ''}): ${example.stderr}`);
    const exampleReport = join(dir, 'example', 'report.pdf');

    // (a) and (c): R1 in-process.
    const r1 = await r1Report((await r1CaseFile()).caseFile);
    const rendered = await r1.render();
    const signed = await signPdf(rendered.bytes, r1.identity, r1.signOptions(rendered));
    const check = await verifyPdf(signed);
    if (check.kind !== 'signed' || check.signatures.length !== 1) throw new Error(`R1 does not verify as signed once (${check.kind})`);
    const r1Label = `R1 (${String(pageCount(signed))} pages, ${(signed.length / MB).toFixed(1)} MB)`;
    await measure(`verify ${r1Label}`, 'ms', () => timeInProcess(() => verifyPdf(signed)));

    // (b): hostile files in-process, each run in a child process that can be killed.
    for (const file of hostile) {
      const kinds = new Set<string>();
      await measure(`verify ${file.label} (in-process)`, 'ms', () => {
        const run = runProcess(['--import', 'tsx', self, '--child', file.path]);
        if (run.timedOut) return undefined;
        const result = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as Partial<ChildResult>;
        if (typeof result.ms !== 'number') throw new Error(`the child process failed: ${run.stderr.split('\n')[0] ?? ''}`);
        kinds.add(result.kind ?? '?');
        return result.ms;
      }, false);
      console.log(`  ${kinds.size > 0 ? `result: ${[...kinds].join(', ')}` : 'NOT MET: killed'} (target ≤ 2000 ms)`);
    }

    await measure(`sign ${r1Label}`, 'ms', () => timeInProcess(() => signPdf(rendered.bytes, r1.identity, r1.signOptions(rendered))));

    // (d): the compiled CLI as a whole process.
    await measure('attest version (whole process)', 'ms', () => runProcess([cli, 'version']).ms);
    const exampleSize = `${(statSync(exampleReport).size / 1024).toFixed(0)} KB`;
    await measure(`attest verify example report (whole process, ${exampleSize})`, 'ms', () => {
      const run = runProcess([cli, 'verify', exampleReport, '--trust', join(dir, 'example', 'identity.cert.pem')]);
      if (run.timedOut) return undefined;
      if (run.status !== 0) throw new Error(`attest verify of the example report exited ${String(run.status)}`);
      return run.ms;
    });
    console.log('  target ≤ 1000 ms');

    // (e): hostile files through the compiled CLI.
    for (const file of hostile) {
      for (const command of ['verify', 'sign'] as const) {
        const args = command === 'verify'
          ? [cli, 'verify', file.path]
          : [cli, 'sign', file.path, '--p12', join(dir, 'example', 'identity.p12'), '--password-env', 'ATTEST_BENCH_P12', '--out', join(dir, 'hostile-signed.pdf')];
        const runs: ProcessRun[] = [];
        await measure(`attest ${command} ${file.label} (whole process)`, 'ms', () => {
          const run = runProcess(args, { ATTEST_BENCH_P12: password });
          rmSync(join(dir, 'hostile-signed.pdf'), { force: true });
          runs.push(run);
          return run.timedOut ? undefined : run.ms;
        }, false);
        const finished = runs.filter((run) => !run.timedOut);
        const last = finished[finished.length - 1];
        if (last === undefined) {
          console.log(`  NOT MET: killed after ${String(TIMEOUT_MS)} ms (target: exit 2 within 2000 ms, one line, no stack trace)`);
          continue;
        }
        const codes = [...new Set(finished.map((run) => String(run.status)))].join(', ');
        const errLines = Math.max(...finished.map((run) => run.stderr.trim() === '' ? 0 : run.stderr.trim().split('\n').length));
        const traces = finished.some((run) => stackTrace.test(run.stdout + run.stderr));
        const slow = finished.filter((run) => run.ms > 2000).length;
        const unmet = [
          ...(finished.every((run) => run.status === 2) ? [] : [`exit ${codes}`]),
          ...(slow > 0 ? [`${String(slow)} of ${String(finished.length)} runs over 2000 ms`] : []),
          ...(errLines > 1 ? [`${String(errLines)} lines on stderr`] : []),
          ...(traces ? ['a stack trace'] : []),
        ];
        const message = (last.stderr.trim() || last.stdout.trim()).split('\n').pop() ?? '';
        console.log(`  ${unmet.length === 0 ? 'ok' : `NOT MET (${unmet.join('; ')})`}: exit ${codes}; ${String(errLines)} line(s) on stderr; ${traces ? 'a stack trace' : 'no stack trace'}; "${message.slice(0, 110)}" (target: exit 2 within 2000 ms, one line, no stack trace)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`verify bench done: ${load()}`);
}

if (process.argv[2] === '--child') {
  child(process.argv[3] ?? '').catch((error: unknown) => {
    console.error('verify bench child failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
} else {
  main().catch((error: unknown) => {
    console.error('verify bench failed:', error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
