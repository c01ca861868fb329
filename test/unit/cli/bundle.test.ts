/**
 * The compiled command line, as shipped: `npm run build:cli` (esbuild, code split) run into a private
 * folder under dist/, then the bundle run as a real process from a working directory outside the
 * repository. The other command tests call the commands in-process or through tsx; this one fails
 * when the bundle is broken: a chunk missing, a path found relative to the source (package.json, the
 * fonts, the renderer) that no longer holds in dist/, a heavy library loaded by `version`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir } from '../signing/helpers';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
// Beside dist/cli (same depth), so the bundle finds the package root as the shipped one does, and a
// concurrent `npm run attest` rebuilding dist/cli cannot change it under the test.
const outdir = join(repoRoot, 'dist', `cli-test-${String(process.pid)}`);
const main = join(outdir, 'main.js');
const scratch = scratchDir('attest-cli-bundle-');
const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

interface Run { readonly status: number | null; readonly stdout: string; readonly stderr: string }

function bundled(args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const result = spawnSync(process.execPath, [main, ...args], { cwd: scratch.dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bytes of a chunk and of every chunk it imports statically (`import … from "./x.js"`, not `import("./x.js")`). */
function staticClosure(entry: string, seen = new Set<string>()): number {
  if (seen.has(entry)) return 0;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  let bytes = statSync(entry).size;
  for (const match of text.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) {
    bytes += staticClosure(join(dirname(entry), match[1] ?? ''), seen);
  }
  return bytes;
}

const stackTrace = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

let example: Run;

beforeAll(() => {
  const build = spawnSync('npm', ['run', '--silent', 'build:cli', '--', `--outdir=${outdir}`], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);
  example = bundled(['example', '--out', join(scratch.dir, 'example')]);
}, 180_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  scratch.remove();
});

describe('the compiled attest (dist/cli)', () => {
  it('prints the version from package.json, from any working directory', () => {
    const { status, stdout, stderr } = bundled(['version']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  it('prints the help, and loads no command (pdf-lib, PKI.js, fontkit, the renderer) to do so', () => {
    const { status, stdout, stderr } = bundled(['help']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Usage: attest <command> \[options\]/);
    expect(stdout).toContain('verify FILE.pdf');
    // What `version` and `help` load is main.js and its static imports; the libraries are megabytes.
    expect(staticClosure(main)).toBeLessThan(64 * 1024);
  });

  it('writes the example with its fonts, signs it, and verifies it (exit 0)', () => {
    expect(example.stderr).toBe('');
    expect(example.status).toBe(0);
    const dir = join(scratch.dir, 'example');
    expect(statSync(join(dir, 'report.pdf')).size).toBeGreaterThan(10_000);
    const { status, stdout, stderr } = bundled(['verify', join(dir, 'report.pdf'), '--trust', join(dir, 'identity.cert.pem')]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Verdict: VALID\. Every signature is intact/m);
  });

  it('exits 1 for a signed report changed after signing, without a stack trace', () => {
    const signed = readFileSync(join(scratch.dir, 'example', 'report.pdf'));
    const flipped = Uint8Array.from(signed);
    const at = signed.indexOf('/MediaBox') + 2;
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    const { status, stdout, stderr } = bundled(['verify', scratch.write('flipped.pdf', flipped)]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^Verdict: INVALID/m);
    expect(stdout + stderr).not.toMatch(stackTrace);
  });

  it('exits 2 for bad usage and for a file that is not a signed PDF, with one message and no stack trace', () => {
    writeFileSync(join(scratch.dir, 'statement.pdf'), 'Statement of Jane Doe, taken 10 March');
    for (const args of [['frobnicate'], ['verify'], ['verify', 'statement.pdf'], ['verify', 'missing.pdf'], ['sign', 'statement.pdf', '--p12', 'none.p12', '--password-env', 'ATTEST_UNSET_VAR', '--out', 'x.pdf']]) {
      const { status, stdout, stderr } = bundled(args, { ATTEST_UNSET_VAR: undefined });
      expect(status, args.join(' ')).toBe(2);
      expect(stderr.length + stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect(stdout + stderr, args.join(' ')).not.toMatch(stackTrace);
    }
  }, 30_000);
});
