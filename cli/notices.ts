/**
 * Third-party notices (issue #20 item 7): the licence of every package the app ships, read from
 * node_modules at build time. vite.config.ts writes them to dist/renderer/THIRD_PARTY_NOTICES.txt
 * (packaged with dist/renderer/** by electron-builder.yml) for the union of
 *  - the production dependency closure of package.json (what the renderer and the Electron main
 *    process may bundle: `dependencies` and installed `optionalDependencies`, followed through
 *    each package's own and its non-optional peers, resolved as Node does), and
 *  - every package a module of the renderer build actually came from;
 * and fails the build when one of them has no licence (`missingLicences`).
 *
 * The renderer build keeps no licence comment of the bundled code (Vite 7's esbuild minification:
 * no `@license` nor `/*!` comment is left in dist/renderer/assets): this file carries them instead,
 * with each package's full LICENSE / NOTICE texts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

export interface LicenceEntry {
  readonly name: string;
  readonly version: string;
  /** The SPDX expression of package.json's `license` (or the legacy `licenses` list); null when absent. */
  readonly licence: string | null;
  readonly repository: string | null;
  /** LICENSE, LICENCE, COPYING, NOTICE… files at the package root, in name order. */
  readonly texts: readonly { readonly file: string; readonly text: string }[];
}

interface Manifest {
  readonly name?: unknown;
  readonly version?: unknown;
  readonly license?: unknown;
  readonly licenses?: unknown;
  readonly repository?: unknown;
  readonly homepage?: unknown;
  readonly dependencies?: unknown;
  readonly optionalDependencies?: unknown;
  readonly peerDependencies?: unknown;
  readonly peerDependenciesMeta?: unknown;
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice|ofl)([-._].*)?$/iu;

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function names(field: unknown): string[] {
  return field !== null && typeof field === 'object' ? Object.keys(field) : [];
}

function isOptionalPeer(manifest: Manifest, name: string): boolean {
  const meta = manifest.peerDependenciesMeta;
  if (meta === null || typeof meta !== 'object') return false;
  const entry = (meta as Record<string, unknown>)[name];
  return entry !== null && typeof entry === 'object' && (entry as { optional?: unknown }).optional === true;
}

/** Where Node would find `name` required from a file in `fromDir` (nearest node_modules first). */
function resolvePackage(name: string, fromDir: string, projectRoot: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === projectRoot || dirname(dir) === dir) return null;
  }
}

/**
 * The package folders of the production closure: package.json's `dependencies` and installed
 * `optionalDependencies`, then theirs (and installed peers), transitively. Sorted, without duplicates.
 */
export function productionClosure(projectRoot: string): string[] {
  const seen = new Set<string>();
  const root = readManifest(projectRoot);
  const queue: { name: string; from: string; optional: boolean }[] = [
    ...names(root.dependencies).map((name) => ({ name, from: projectRoot, optional: false })),
    ...names(root.optionalDependencies).map((name) => ({ name, from: projectRoot, optional: true })),
  ];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const dir = resolvePackage(item.name, item.from, projectRoot);
    if (dir === null) {
      if (item.optional) continue;
      throw new Error(`notices: the runtime dependency ${item.name} (needed by ${item.from}) is not installed`);
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const manifest = readManifest(dir);
    queue.push(
      ...names(manifest.dependencies).map((name) => ({ name, from: dir, optional: false })),
      ...names(manifest.optionalDependencies).map((name) => ({ name, from: dir, optional: true })),
      // A peer is the host's to install; listed when it is there (react-dom's react, for instance),
      // unless optional (i18next's typescript: a build tool here, not shipped).
      ...names(manifest.peerDependencies)
        .filter((name) => !isOptionalPeer(manifest, name))
        .map((name) => ({ name, from: dir, optional: true })),
    );
  }
  return [...seen].sort();
}

/** The package folder a bundled module came from (the last node_modules/<name> of its path), or null. */
export function packageRootOf(moduleId: string): string | null {
  const path = moduleId.replace(/^\0+/u, '').split('?')[0] ?? '';
  const parts = path.split(/[\\/]/u);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return null;
  const scoped = parts[at + 1]?.startsWith('@') === true;
  const end = at + (scoped ? 3 : 2);
  if (end > parts.length) return null;
  const root = parts.slice(0, end).join(sep);
  return existsSync(join(root, 'package.json')) ? root : null;
}

function licenceOf(manifest: Manifest): string | null {
  if (typeof manifest.license === 'string' && manifest.license.trim() !== '') return manifest.license.trim();
  if (manifest.license !== null && typeof manifest.license === 'object' && typeof (manifest.license as { type?: unknown }).type === 'string') {
    return (manifest.license as { type: string }).type;
  }
  if (Array.isArray(manifest.licenses)) {
    const types = manifest.licenses.map((l: unknown) => (l !== null && typeof l === 'object' ? (l as { type?: unknown }).type : undefined)).filter((t): t is string => typeof t === 'string');
    if (types.length > 0) return types.length === 1 ? (types[0] ?? null) : `(${types.join(' OR ')})`;
  }
  return null;
}

function repositoryOf(manifest: Manifest): string | null {
  const repo = manifest.repository;
  if (typeof repo === 'string') return repo;
  if (repo !== null && typeof repo === 'object' && typeof (repo as { url?: unknown }).url === 'string') return (repo as { url: string }).url;
  return typeof manifest.homepage === 'string' ? manifest.homepage : null;
}

/** The licence entry of the package in `dir`. */
export function licenceEntry(dir: string): LicenceEntry {
  const manifest = readManifest(dir);
  const texts = readdirSync(dir)
    .filter((file) => LICENCE_FILE.test(file) && statSync(join(dir, file)).isFile())
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').trim() }));
  return {
    name: typeof manifest.name === 'string' ? manifest.name : dir,
    version: typeof manifest.version === 'string' ? manifest.version : '?',
    licence: licenceOf(manifest),
    repository: repositoryOf(manifest),
    texts,
  };
}

/** The packages that may not be shipped: no licence named, or one that grants nothing (UNLICENSED). */
export function missingLicences(entries: readonly LicenceEntry[]): string[] {
  return entries.filter((e) => e.licence === null || /^UNLICEN[SC]ED$/iu.test(e.licence)).map((e) => `${e.name}@${e.version}`);
}

/** The MIT terms, for a package that names MIT but ships no text (its copyright holders are its authors). */
const MIT_TERMS = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN
AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
OR OTHER DEALINGS IN THE SOFTWARE.`;

/** The notices file: one section per package (by name, then version), each with its licence texts. */
export function noticesText(entries: readonly LicenceEntry[], appName = 'Attest'): string {
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name, 'en') || a.version.localeCompare(b.version, 'en'));
  const rule = '-'.repeat(78);
  const sections = sorted.map((entry) => {
    const head = [`${entry.name} ${entry.version}`, `Licence: ${entry.licence ?? 'none named'}`];
    if (entry.repository !== null) head.push(`Source: ${entry.repository}`);
    const body =
      entry.texts.length > 0
        ? entry.texts.map((t) => `${t.file}:\n\n${t.text}`).join('\n\n')
        : entry.licence === 'MIT'
          ? `The package ships no licence text. The MIT licence, copyright its authors:\n\n${MIT_TERMS}`
          : 'The package ships no licence text; see its source for the terms of the licence named above.';
    return `${rule}\n${head.join('\n')}\n\n${body}`;
  });
  return [
    `${appName} includes the following third-party software. Each is used under the licence named with it;`,
    'the texts below are as the packages ship them.',
    '',
    ...sections,
    rule,
    '',
  ].join('\n');
}
