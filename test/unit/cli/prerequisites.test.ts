import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensurePrerequisites, installCommand, prerequisites, type Machine } from '../../../cli/prerequisites';

const root = path.resolve(import.meta.dirname, '../../..');
const allPackages = [...new Set(prerequisites.map((p) => p.debianPackage))];

function machine(installed: Set<string>, options: { canInstall: boolean; aptWorks?: boolean }): Machine & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    has: (command) => Promise.resolve(installed.has(command)),
    canInstall: () => Promise.resolve(options.canInstall),
    aptGet: (args) => {
      calls.push([...args]);
      if (args[0] === 'install' && options.aptWorks !== false) {
        for (const p of prerequisites) if (args.includes(p.debianPackage)) installed.add(p.command);
      }
      return Promise.resolve(options.aptWorks !== false);
    },
    log: () => undefined,
  };
}

describe('test prerequisites', () => {
  it('a machine with every program is ready and apt-get is not run', async () => {
    const m = machine(new Set(prerequisites.map((p) => p.command)), { canInstall: true });
    expect(await ensurePrerequisites(m)).toEqual({ status: 'ready' });
    expect(m.calls).toEqual([]);
  });

  it('without the right to install, it stops with the one command naming each missing package once', async () => {
    const m = machine(new Set(['openssl', 'pdftotext']), { canInstall: false });
    const outcome = await ensurePrerequisites(m);
    expect(outcome).toEqual({
      status: 'missing',
      packages: ['chromium', 'poppler-utils', 'qpdf', 'libnss3-tools'],
      command: 'sudo apt-get install -y chromium poppler-utils qpdf libnss3-tools',
    });
    expect(m.calls).toEqual([]);
  });

  it('as root on Debian it updates, installs what is missing, and checks again', async () => {
    const m = machine(new Set(['chromium', 'openssl']), { canInstall: true });
    expect(await ensurePrerequisites(m)).toEqual({ status: 'installed', packages: ['poppler-utils', 'qpdf', 'libnss3-tools'] });
    expect(m.calls).toEqual([['update', '-qq'], ['install', '-y', '-qq', 'poppler-utils', 'qpdf', 'libnss3-tools']]);
  });

  it('a failed apt-get ends with the command, not with success', async () => {
    const m = machine(new Set(), { canInstall: true, aptWorks: false });
    expect(await ensurePrerequisites(m)).toEqual({ status: 'missing', packages: allPackages, command: installCommand(allPackages) });
  });

  it('the command, with a PATH that has none of the programs, exits 1 at once and prints the command to run', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'attest-path-'));
    try {
      const started = Date.now();
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/checkPrerequisites.ts'], {
        cwd: root,
        env: { PATH: empty, HOME: process.env.HOME ?? empty },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`  sudo apt-get install -y ${allPackages.join(' ')}\n`);
      expect(run.stdout).not.toContain('installing');
      // "At once": no apt-get, no prompt; only Node's start-up.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('on this machine (where the tests run) every program is present', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/checkPrerequisites.ts'], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
