/** Third-party notices (issue #20 item 7): every runtime dependency names a licence, and the notices file carries its texts. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { licenceEntry, missingLicences, noticesText, packageRootOf, productionClosure } from '../../cli/notices';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/[\\/]$/u, '');

describe('the runtime dependencies of this repository', () => {
  const closure = productionClosure(projectRoot);
  const entries = closure.map(licenceEntry);

  it('each name a licence (a new dependency without one fails here, and fails the renderer build)', () => {
    expect(missingLicences(entries)).toEqual([]);
  });

  it('are followed through the tree: direct and transitive dependencies, not dev tools', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const name of ['react', 'react-dom', 'scheduler', 'dexie', 'zod', '@zxcvbn-ts/core', 'fastest-levenshtein', '@zxcvbn-ts/dictionary-compression']) expect(names, name).toContain(name);
    for (const name of ['vite', 'vitest', 'typescript', 'electron', '@playwright/test']) expect(names, name).not.toContain(name);
  });

  it('appear in the notices with their licence texts', () => {
    const text = noticesText(entries);
    const react = entries.find((e) => e.name === 'react');
    expect(react?.texts.length).toBeGreaterThan(0);
    expect(text).toContain(`react ${react?.version ?? ''}\nLicence: MIT`);
    expect(text).toContain('Copyright (c) Meta Platforms, Inc. and affiliates.');
    // Dexie is Apache-2.0: its NOTICE travels too.
    expect(text).toMatch(/dexie [\d.]+\nLicence: Apache-2.0[\s\S]*?NOTICE:/u);
  });
});

describe('notices of a made-up tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'attest-notices-'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('package.json', JSON.stringify({ name: 'app', dependencies: { alpha: '1', '@s/beta': '1' }, optionalDependencies: { absent: '1' }, devDependencies: { tool: '1' } }));
  write('node_modules/alpha/package.json', JSON.stringify({ name: 'alpha', version: '1.0.0', license: 'MIT', dependencies: { gamma: '1' } }));
  write('node_modules/alpha/LICENSE', 'Copyright (c) Alpha authors\nMIT terms');
  // alpha's own gamma 2.0.0 (nested) wins over the top-level gamma 1.0.0, as Node resolves it.
  write('node_modules/alpha/node_modules/gamma/package.json', JSON.stringify({ name: 'gamma', version: '2.0.0', licenses: [{ type: 'BSD-3-Clause' }] }));
  write('node_modules/gamma/package.json', JSON.stringify({ name: 'gamma', version: '1.0.0', license: 'ISC' }));
  write('node_modules/@s/beta/package.json', JSON.stringify({ name: '@s/beta', version: '0.1.0' }));
  write('node_modules/tool/package.json', JSON.stringify({ name: 'tool', version: '9.9.9', license: 'MIT' }));

  it('lists the closure as Node resolves it, skips dev tools and absent optional ones, and names the package without a licence', () => {
    const entries = productionClosure(root).map(licenceEntry);
    expect(entries.map((e) => `${e.name}@${e.version}`).sort()).toEqual(['@s/beta@0.1.0', 'alpha@1.0.0', 'gamma@2.0.0']);
    expect(missingLicences(entries)).toEqual(['@s/beta@0.1.0']);
    const text = noticesText(entries);
    expect(text).toContain('alpha 1.0.0\nLicence: MIT\n\nLICENSE:\n\nCopyright (c) Alpha authors\nMIT terms');
    expect(text).toContain('gamma 2.0.0\nLicence: BSD-3-Clause');
  });

  it('fails loudly when a required runtime dependency is not installed', () => {
    write('package.json', JSON.stringify({ name: 'app', dependencies: { missing: '1' } }));
    expect(() => productionClosure(root)).toThrow(/missing/u);
  });

  it('finds the package a bundled module came from', () => {
    expect(packageRootOf(join(root, 'node_modules/alpha/node_modules/gamma/index.js'))).toBe(join(root, 'node_modules/alpha/node_modules/gamma'));
    expect(packageRootOf(`${join(root, 'node_modules/@s/beta/dist/x.mjs')}?commonjs-proxy`)).toBe(join(root, 'node_modules/@s/beta'));
    expect(packageRootOf(join(root, 'src/app.ts'))).toBeNull();
  });
});
