/**
 * The report's fonts for the command line: DejaVu Sans and its bold, TrueType, from the
 * `dejavu-fonts-ttf` package (Latin, Greek and Cyrillic, and the symbols Noto lacks), and the fonts
 * of other scripts (shared/report/scriptFonts.ts), read only when a document uses their script.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { FallbackFont, Fonts } from '../shared/report';
import { SCRIPT_FONTS } from '../shared/report/scriptFonts';

// From the compiled CLI too (dist/cli/chunks/*.js): resolution walks up to the package's node_modules.
const require = createRequire(import.meta.url);

const read = async (path: string) => new Uint8Array(await readFile(require.resolve(path)));

/** The fonts of the other scripts, each read from node_modules on first use. */
export function scriptFallbacks(): FallbackFont[] {
  return SCRIPT_FONTS.map((spec) => {
    let loading: Promise<{ regular: Uint8Array; bold?: Uint8Array }> | null = null;
    return {
      name: spec.name,
      ranges: spec.ranges,
      load: () => (loading ??= Promise.all([read(spec.regular), spec.bold === null ? null : read(spec.bold)]).then(([regular, bold]) => (bold === null ? { regular } : { regular, bold }))),
    };
  });
}

/** Reads the two TTF files; rejects (with a Node error code) when the package is not installed. */
export async function loadReportFonts(): Promise<Fonts> {
  const [regular, bold] = await Promise.all(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map(async (name) => new Uint8Array(await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)))));
  return { regular: regular ?? new Uint8Array(), bold: bold ?? new Uint8Array(), fallbacks: scriptFallbacks() };
}
