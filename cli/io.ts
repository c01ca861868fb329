/**
 * The real input and output of the commands (`CommandIo`, cli/commands/verify.ts): console lines,
 * the process environment and the file system. Tests pass fakes or call the commands with this.
 */
import { access, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import type { CommandIo } from './commands/verify';

export type { CommandIo } from './commands/verify';

/** A command that writes a folder of files (`attest example`) also creates folders and checks for files. */
export interface FolderIo extends CommandIo {
  readonly mkdir: (path: string) => Promise<void>;
  readonly exists: (path: string) => Promise<boolean>;
}

/** The process's own console, environment and files. */
export function nodeIo(): FolderIo {
  return {
    stdout: (line) => { console.log(line); },
    stderr: (line) => { console.error(line); },
    env: process.env,
    readFile: async (path) => new Uint8Array(await readFile(path)),
    readDir: async (path) => ((await stat(path)).isDirectory() ? readdir(path) : null),
    // A private key file is readable by its owner only, whatever the umask.
    writeFile: (path, bytes) => writeFile(path, bytes, /\.(p12|pfx)$/i.test(path) ? { mode: 0o600 } : {}),
    mkdir: async (path) => { await mkdir(path, { recursive: true }); },
    exists: (path) => access(path).then(() => true, () => false),
  };
}

/** ` (ENOENT)` for a Node file-system error, else nothing: the code says what went wrong without a path. */
export function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}
