/**
 * The report's fonts for the command line: DejaVu Sans and its bold, TrueType, from the
 * `dejavu-fonts-ttf` package (Latin, Greek and Cyrillic, and the symbols Noto lacks).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Fonts } from '../shared/report';

// From the compiled CLI too (dist/cli/chunks/*.js): resolution walks up to the package's node_modules.
const require = createRequire(import.meta.url);

/** Reads the two TTF files; rejects (with a Node error code) when the package is not installed. */
export async function loadReportFonts(): Promise<Fonts> {
  const [regular, bold] = await Promise.all(['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map(async (name) => new Uint8Array(await readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)))));
  return { regular: regular ?? new Uint8Array(), bold: bold ?? new Uint8Array() };
}
