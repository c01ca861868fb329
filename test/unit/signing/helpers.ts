/** Shared by the signing tests: small PDFs, a scratch directory and the outside oracles. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { prepareSignatureFields } from '../../../shared/report';

/** A one-page PDF with a line of text, saved as the report renderer saves (no object streams). */
export async function makePdf(text = 'Istanbul Protocol medico-legal report'): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(text, { x: 50, y: 760, font, size: 14 });
  page.drawText('Examining physician: signature below', { x: 50, y: 140, font, size: 10 });
  return doc.save({ useObjectStreams: false });
}

/**
 * A two-page PDF with the signature fields a report prepares (shared/report/render.ts): the author's
 * over a box on page 2 (naming `authorCertificate` when given) and two locked countersignature boxes.
 */
export async function makePreparedPdf(prepare: { readonly authorName: string; readonly authorCertificate?: Uint8Array }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595.28, 841.89]).drawText('Istanbul Protocol medico-legal report: findings', { x: 50, y: 760, font, size: 14 });
  doc.addPage([595.28, 841.89]).drawText('XVI. Signature', { x: 50, y: 760, font, size: 14 });
  prepareSignatureFields(doc, { pageIndex: 1, rect: [350, 600, 540, 686] }, [
    { pageIndex: 1, rect: [56, 500, 290, 562] },
    { pageIndex: 1, rect: [306, 500, 540, 562] },
  ], prepare);
  return doc.save({ useObjectStreams: false });
}

export function scratchDir(prefix: string): { readonly dir: string; write: (name: string, bytes: Uint8Array | string) => string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write: (name, bytes) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    remove: () => { rmSync(dir, { recursive: true, force: true }); },
  };
}

/** `pdfsig` output. It exits 0 even for invalid signatures, so callers check the text. Throws if missing. */
export function pdfsig(path: string, extra: readonly string[] = []): string {
  const result = spawnSync('pdfsig', [...extra, path], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`;
}

/** `qpdf --check`: exit status 0 means no errors (2 errors, 3 warnings). */
export function qpdfCheck(path: string): { status: number | null; output: string } {
  const result = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function pdftotext(path: string): string {
  return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
}

/** `openssl cms -verify` of a detached CMS over `content`, without chain checks (self-signed test certificates). */
export function opensslVerify(cmsPath: string, contentPath: string): { status: number | null; output: string } {
  const result = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-noverify', '-in', cmsPath, '-content', contentPath, '-out', '/dev/null'], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function opensslPrint(cmsPath: string): string {
  return execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsPath], { encoding: 'utf8' });
}

/** The CMS and the signed content of the signature whose /ByteRange is `range`, as the file holds them. */
export function extractSignature(pdf: Uint8Array, range: readonly number[]): { cms: Uint8Array; content: Uint8Array } {
  const [, length = 0, gapEnd = 0, tail = 0] = range;
  const hex = new TextDecoder('latin1').decode(pdf.subarray(length + 1, gapEnd - 1));
  const padded = new Uint8Array((hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16)));
  // The placeholder is zero-padded: cut at the end of the outer DER SEQUENCE, read from its header.
  const first = padded[1] ?? 0;
  let total = first + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    total = 2 + count;
    for (let i = 0; i < count; i += 1) total += (padded[2 + i] ?? 0) * 256 ** (count - 1 - i);
  }
  const cms = padded.subarray(0, total);
  const content = new Uint8Array(length + tail);
  content.set(pdf.subarray(0, length));
  content.set(pdf.subarray(gapEnd, gapEnd + tail), length);
  return { cms, content };
}

export function hasCommand(name: string): boolean {
  return !spawnSync('sh', ['-c', `command -v ${name}`]).status;
}

/**
 * verifyPdf in a child process, trusting `certificate`: the verdict, or 'timeout' when it runs past `ms`
 * (the process is then killed), so that a hostile input that hangs the verifier fails its test.
 */
export async function verifyWithin(scratch: ReturnType<typeof scratchDir>, bytes: Uint8Array, certificate: Uint8Array, ms: number): Promise<{ verdict: string; elapsed: number }> {
  const name = `hostile-${String(Date.now())}-${String(Math.random()).slice(2)}`;
  const pdf = scratch.write(`${name}.pdf`, bytes);
  const trusted = scratch.write(`${name}.cer`, certificate);
  const script = scratch.write(`${name}.mts`, `
    import { readFileSync } from 'node:fs';
    import { verifyPdf } from ${JSON.stringify(fileURLToPath(new URL('../../../shared/signing/index.ts', import.meta.url)))};
    const bytes = new Uint8Array(readFileSync(${JSON.stringify(pdf)}));
    const start = Date.now();
    const result = await verifyPdf(bytes, { trust: { certificates: [new Uint8Array(readFileSync(${JSON.stringify(trusted)}))] } });
    process.stdout.write(JSON.stringify({ verdict: result.verdict, elapsed: Date.now() - start }));
  `);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script], { timeout: ms, killSignal: 'SIGKILL', cwd: fileURLToPath(new URL('../../..', import.meta.url)) }, (error, stdout) => {
      if (error && (error as { killed?: boolean }).killed) resolve({ verdict: 'timeout', elapsed: ms });
      else if (error) reject(new Error(error.message));
      else resolve(JSON.parse(stdout) as { verdict: string; elapsed: number });
    });
  });
}
