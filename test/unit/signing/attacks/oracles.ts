/** What a real viewer makes of an attack file: poppler's text, pixels and signature panel, and qpdf's check. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Rect } from './forge';

// Asynchronous, so that the tests can run the oracles of several files at once (2 cores, and the
// in-process verification in between).
const run = promisify(execFile);

/** stdout and stderr of a command, and its exit status, whatever the status. */
async function command(file: string, args: readonly string[]): Promise<{ readonly out: string; readonly status: number }> {
  try {
    const { stdout, stderr } = await run(file, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return { out: `${stdout}${stderr}`, status: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number | string };
    if (typeof failed.code !== 'number') throw error;
    return { out: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, status: failed.code };
  }
}

/** pdftotext of one page (1-based) or of the whole document, in content-stream order (-raw: text drawn over other text stays one line). */
export async function textOf(path: string, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return (await run('pdftotext', ['-raw', ...range, path, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
}

const DPI = 72;
const PAGE_HEIGHT = 841.89;

/** Share of dark pixels in `rect` (PDF points, A4 page) of page `page`, rendered in grey at 72 dpi. */
export async function inkIn(path: string, page: number, rect: Rect, scratchRoot: string): Promise<number> {
  const scale = DPI / 72;
  const [x1, y1, x2, y2] = rect;
  const crop = ['-x', String(Math.round(x1 * scale)), '-y', String(Math.round((PAGE_HEIGHT - y2) * scale)), '-W', String(Math.round((x2 - x1) * scale)), '-H', String(Math.round((y2 - y1) * scale))];
  await run('pdftoppm', ['-gray', '-r', String(DPI), '-f', String(page), '-l', String(page), ...crop, '-singlefile', path, scratchRoot]);
  const pgm = await readFile(`${scratchRoot}.pgm`);
  // P5 header: magic, width, height, maxval, each followed by whitespace.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PGM');
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark += 1;
  return pixels.length === 0 ? 0 : dark / pixels.length;
}

/**
 * pdfsig's verdict, one clause per signature: `#n CN: validation, total|not total` (pdfsig exits 0
 * whatever it finds, so the text is what counts).
 */
export async function pdfsigSummary(path: string): Promise<string> {
  const { out } = await command('pdfsig', [path]);
  if (/does not contain any signatures/.test(out)) return 'no signatures';
  return out
    .split(/Signature #/)
    .slice(1)
    .map((block) => {
      const n = /^(\d+)/.exec(block)?.[1] ?? '?';
      const name = /Common Name: ?(.*)/.exec(block)?.[1]?.trim() ?? '';
      const validation = /Signature Validation: (.*)/.exec(block)?.[1]?.trim() ?? '';
      const total = /Not total document signed/.test(block) ? 'not total' : /Total document signed/.test(block) ? 'total' : 'coverage not said';
      return `#${n} ${name || '(no name)'}: ${validation}, ${total}`;
    })
    .join(' · ');
}

/** qpdf --check: 0 clean, 3 warnings (repaired), 2 errors. */
export async function qpdfStatus(path: string): Promise<number> {
  return (await command('qpdf', ['--check', path])).status;
}

/** pdftotext of page `page` as printed: pdftocairo renders for print (annotations flagged Print, NoView included). */
export async function printedTextOf(path: string, page: number, scratchPdf: string): Promise<string> {
  await run('pdftocairo', ['-pdf', '-f', String(page), '-l', String(page), path, scratchPdf]);
  return textOf(scratchPdf);
}

/** The visible area of page `page` as pdf.js (the app's PDF library, and Firefox's viewer) computes it: [x1, y1, x2, y2]. */
export async function pdfjsView(bytes: Uint8Array, page: number): Promise<number[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 });
  const document = await task.promise;
  try {
    return [...(await document.getPage(page)).view];
  } finally {
    await document.destroy();
  }
}
