/**
 * The renderer bundle loaded at start (issue #16 item 4: ≤ 150 kB gzipped): what the built
 * index.html names (scripts, stylesheets, modulepreloads) and every chunk those scripts import
 * statically, followed through the chunks' own `import … from "./x.js"` (an `import("./x.js")` is
 * loaded on demand and not counted). Each file gzipped at level 9, summed.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export const START_BUNDLE_GOAL_KB = 150;
/**
 * Not yet met (169.4 kB on 2026-12-08: react-dom, zod, dexie, i18next remain; see the closing note): until it
 * is, the e2e check keeps the start bundle from growing past this ceiling, and prints the goal beside it.
 */
export const START_BUNDLE_CEILING_KB = 175;

export interface StartBundle {
  /** Files under the renderer root (e.g. `assets/index-abc.js`), in the order they were found. */
  readonly files: readonly { readonly name: string; readonly gzipBytes: number }[];
  readonly gzipBytes: number;
}

/** Static imports of a built (minified) ES module: `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`. */
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

export function startBundle(root: string): StartBundle {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const named: string[] = [];
  for (const tag of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const text = tag[0];
    const url = /\b(?:src|href)="([^"]+)"/.exec(text)?.[1];
    if (url === undefined || /^[a-z]+:/i.test(url)) continue;
    const isScript = tag[1] === 'script' && /type="module"/.test(text);
    const isLoadedLink = tag[1] === 'link' && /rel="(?:stylesheet|modulepreload)"/.test(text);
    if (isScript || isLoadedLink) named.push(url.replace(/^\//, ''));
  }
  const seen = new Set<string>();
  const queue = [...named];
  const files: { name: string; gzipBytes: number }[] = [];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const bytes = readFileSync(join(root, name));
    files.push({ name, gzipBytes: gzipSync(bytes, { level: 9 }).byteLength });
    if (!name.endsWith('.js')) continue;
    for (const match of bytes.toString('utf8').matchAll(STATIC_IMPORT)) {
      queue.push(posix.normalize(posix.join(posix.dirname(name), match[1] as string)));
    }
  }
  return { files, gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0) };
}
