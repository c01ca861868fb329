/**
 * What `npm test` needs from the machine beyond `npm install`: Debian's Chromium for the end-to-end
 * tests, and the outside oracles the PDF tests read their results with (poppler-utils, qpdf, openssl,
 * NSS's certutil). `npm run web` needs none of them.
 *
 * Pure logic with its effects passed in, so that a unit test can run every path; the command is
 * cli/checkPrerequisites.ts.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

/** One program the tests run, and the Debian package that provides it. */
export interface Prerequisite {
  readonly command: string;
  readonly debianPackage: string;
}

export const prerequisites: readonly Prerequisite[] = [
  { command: 'chromium', debianPackage: 'chromium' },
  { command: 'pdftotext', debianPackage: 'poppler-utils' },
  { command: 'pdftoppm', debianPackage: 'poppler-utils' },
  { command: 'pdftocairo', debianPackage: 'poppler-utils' },
  { command: 'pdfsig', debianPackage: 'poppler-utils' },
  { command: 'pdfimages', debianPackage: 'poppler-utils' },
  { command: 'pdfinfo', debianPackage: 'poppler-utils' },
  { command: 'pdffonts', debianPackage: 'poppler-utils' },
  { command: 'qpdf', debianPackage: 'qpdf' },
  { command: 'openssl', debianPackage: 'openssl' },
  { command: 'certutil', debianPackage: 'libnss3-tools' },
];

export interface Machine {
  /** Whether an executable of this name is on the PATH (or, for Chromium, at CHROMIUM_PATH). */
  readonly has: (command: string) => Promise<boolean>;
  /** Root on a Debian system with apt-get: packages can be installed without asking anyone. */
  readonly canInstall: () => Promise<boolean>;
  /** Runs apt-get; resolves true when it exited 0. */
  readonly aptGet: (args: readonly string[]) => Promise<boolean>;
  readonly log: (line: string) => void;
}

export type CheckOutcome =
  | { readonly status: 'ready' }
  | { readonly status: 'installed'; readonly packages: readonly string[] }
  | { readonly status: 'missing'; readonly packages: readonly string[]; readonly command: string };

/** The one command a person runs to get these packages. */
export function installCommand(packages: readonly string[]): string {
  return `sudo apt-get install -y ${packages.join(' ')}`;
}

async function missingPackages(machine: Machine): Promise<string[]> {
  const packages: string[] = [];
  for (const { command, debianPackage } of prerequisites) {
    if (!(await machine.has(command)) && !packages.includes(debianPackage)) packages.push(debianPackage);
  }
  return packages;
}

/**
 * Finds what is missing; installs it when this process may (root on Debian), otherwise returns at
 * once with the command to run. Never asks for a password and never waits on a prompt.
 */
export async function ensurePrerequisites(machine: Machine): Promise<CheckOutcome> {
  const missing = await missingPackages(machine);
  if (missing.length === 0) return { status: 'ready' };
  if (!(await machine.canInstall())) return { status: 'missing', packages: missing, command: installCommand(missing) };
  machine.log(`test prerequisites: installing ${missing.join(' ')} with apt-get`);
  const installed =
    (await machine.aptGet(['update', '-qq'])) && (await machine.aptGet(['install', '-y', '-qq', ...missing]));
  const still = await missingPackages(machine);
  if (!installed || still.length > 0) {
    const packages = still.length > 0 ? still : missing;
    return { status: 'missing', packages, command: installCommand(packages) };
  }
  return { status: 'installed', packages: missing };
}

/** `command -v` without a shell: an executable file of that name in one of the PATH's folders. */
export async function onPath(command: string, pathVariable: string | undefined): Promise<boolean> {
  for (const folder of (pathVariable ?? '').split(path.delimiter)) {
    if (folder === '') continue;
    try {
      await access(path.join(folder, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
