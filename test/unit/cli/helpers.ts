/**
 * Helpers of the command tests: an io over the real file system that keeps the output lines, and
 * the real command line (`node --import tsx cli/main.ts`) for the wiring and exit codes.
 */
import { spawnSync } from 'node:child_process';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { FolderIo } from '../../../cli/io';

export interface Captured {
  readonly io: FolderIo;
  readonly out: string[];
  readonly err: string[];
}

/** Real files, captured output, the given environment. */
export function capture(env: NodeJS.ProcessEnv = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: (line) => out.push(line),
      stderr: (line) => err.push(line),
      env,
      readFile: async (path) => new Uint8Array(await readFile(path)),
      writeFile: (path, bytes) => writeFile(path, bytes),
      mkdir: async (path) => { await mkdir(path, { recursive: true }); },
      exists: (path) => access(path).then(() => true, () => false),
    },
  };
}

/** Runs `attest …` as a user would (`npm run attest --` is the same command). */
export function attest(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
