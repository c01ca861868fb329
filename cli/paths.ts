/**
 * Where Attest's own files are, for the command line: the folder holding its package.json. The CLI runs
 * from its source (cli/main.ts under tsx, in the tests) and from the compiled bundle (dist/cli/*.js,
 * code split into chunks), so a path relative to `import.meta.url` means a different folder in each.
 * Walking up to the package.json named `attest` finds the same root from both, whatever the working
 * directory.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'attest';

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
}

function readPackageJson(dir: string): PackageJson | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

let cached: { readonly root: string; readonly version: string } | undefined;

function locate(): { readonly root: string; readonly version: string } {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = readPackageJson(dir);
    if (pkg?.name === PACKAGE_NAME && typeof pkg.version === 'string') {
      cached = { root: dir, version: pkg.version };
      return cached;
    }
    const parent = dirname(dir);
    // The file-system root: the CLI was copied out of its package.
    if (parent === dir) throw new Error(`cannot find Attest's package.json above ${dirname(fileURLToPath(import.meta.url))}`);
    dir = parent;
  }
}

/** The folder of Attest's package.json (the repository root, or the installed package). */
export function packageRoot(): string {
  return locate().root;
}

/** Attest's version, from its package.json. */
export function packageVersion(): string {
  return locate().version;
}
