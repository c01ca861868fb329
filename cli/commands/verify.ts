/**
 * `attest verify FILE.pdf [--trust CERT.pem]`: checks every signature in a PDF report and says, one
 * line at the end, whether the document is intact since the last signature.
 *
 * Exit codes: 0 every signature valid and nothing added after the last one (and, with --trust, every
 * signer trusted); 1 a signature is invalid, the document was changed after signing, or a signer is not
 * trusted; 2 not a signed PDF, unreadable, or bad arguments.
 * Output names no path (the file may sit in a folder named after a case) and never a stack trace.
 */
import { fromPem } from '../../shared/identity';
import { certificateFingerprint, verifyPdf, type SignatureProblem, type SignatureReport } from '../../shared/signing';

/** What a command may touch: output lines, the environment and files. Tests pass fakes. */
export interface CommandIo {
  /** One line of output, without its newline. */
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
}

export const verifyUsage = 'Usage: attest verify FILE.pdf [--trust CERT.pem]...';

const PROBLEM_TEXT: Readonly<Record<SignatureProblem, string>> = {
  'digest-mismatch': 'the signed bytes were changed after signing',
  'bad-signature': 'the signature does not match the certificate',
  'byte-range-invalid': 'the signature does not say soundly which bytes it covers',
  'not-whole-document': 'bytes were added after this signature',
  'unsupported-subfilter': 'this kind of PDF signature is not supported',
  'cms-unreadable': 'the signature data cannot be read',
  'certificate-unreadable': "the signer's certificate is missing or cannot be read",
  untrusted: 'the signer is not one of the --trust certificates and does not chain to one',
  'certificate-expired': "the signer's certificate had expired at the signing time",
  'certificate-not-yet-valid': "the signer's certificate was not yet valid at the signing time",
  'unsupported-algorithm': 'the signature uses an algorithm this version cannot check',
  'signing-certificate-missing': 'the signature does not name its certificate (ESS signing-certificate)',
  'signing-certificate-mismatch': 'the signature names a different certificate than the one it carries',
  'signing-time-attribute': 'the signature carries a signingTime attribute, which PAdES forbids',
};

/** Problems that change no verdict on their own, shown as warnings. */
const WARNINGS: ReadonlySet<SignatureProblem> = new Set(['certificate-expired', 'certificate-not-yet-valid', 'signing-certificate-missing', 'signing-time-attribute', 'not-whole-document', 'untrusted']);

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

/** Certificates to trust: PEM (one or more blocks) or DER. */
export function readCertificates(bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder('latin1').decode(bytes);
  if (!text.includes('-----BEGIN')) return [bytes];
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => fromPem(block));
}

async function describe(report: SignatureReport, index: number, total: number, trustGiven: boolean): Promise<string[]> {
  const ok = report.digestValid && report.signatureValid;
  const lines = [`Signature ${index + 1} of ${total}${report.fieldName ? ` (field ${report.fieldName})` : ''}: ${ok ? 'valid' : 'INVALID'}`];
  lines.push(`  Signer:      ${report.signerName ?? 'unknown'}`);
  lines.push(`  Signed at:   ${report.signingTime ? `${report.signingTime.replace('.000Z', 'Z')} (time claimed by the signer)` : 'not stated'}`);
  lines.push(`  Coverage:    ${report.coversWholeDocument ? 'the whole document' : report.byteRange ? 'not the whole document: later signatures or changes follow' : 'unknown'}`);
  lines.push(`  Certificate: ${report.signerCertificate ? `SHA-256 ${await certificateFingerprint(report.signerCertificate)}` : 'none'}`);
  lines.push(`  Trust:       ${!trustGiven ? 'not checked (give --trust CERT.pem)' : report.trusted ? 'trusted' : 'NOT trusted'}`);
  for (const problem of report.problems) {
    if (problem === 'untrusted') continue; // already said on the Trust line
    lines.push(`  ${WARNINGS.has(problem) ? 'Warning' : 'Problem'}:     ${PROBLEM_TEXT[problem]}`);
  }
  return lines;
}

/** Runs `verify` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const files: string[] = [];
  const trustPaths: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--trust') {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        io.stderr(`attest verify: --trust needs a certificate file.\n${verifyUsage}`);
        return 2;
      }
      trustPaths.push(value);
    } else if (arg.startsWith('--')) {
      io.stderr(`attest verify: unknown option ${arg}.\n${verifyUsage}`);
      return 2;
    } else {
      files.push(arg);
    }
  }
  const [file] = files;
  if (file === undefined || files.length > 1) {
    io.stderr(`attest verify: give exactly one PDF file.\n${verifyUsage}`);
    return 2;
  }

  const trusted: Uint8Array[] = [];
  for (const path of trustPaths) {
    try {
      const found = readCertificates(await io.readFile(path));
      if (found.length === 0) throw new Error('no certificate');
      trusted.push(...found);
    } catch (error) {
      io.stderr(`attest verify: a --trust file could not be read as a certificate (PEM or DER)${errorCode(error)}.`);
      return 2;
    }
  }

  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`attest verify: the file could not be read${errorCode(error)}.`);
    return 2;
  }

  const result = await verifyPdf(bytes, trustPaths.length > 0 ? { trusted } : {});
  io.stdout(`File SHA-256: ${result.sha256}`);
  switch (result.kind) {
    case 'not-pdf':
      io.stdout('Verdict: NOT A PDF. This file is not a PDF document.');
      return 2;
    case 'unreadable':
      io.stdout('Verdict: UNREADABLE. This PDF is damaged or incomplete and carries no signature that can be found.');
      return 2;
    case 'unsigned':
      io.stdout('Verdict: NOT SIGNED. This PDF carries no digital signature.');
      return 2;
    case 'signed':
      break;
  }
  const total = result.signatures.length;
  for (const [index, report] of result.signatures.entries()) {
    for (const line of await describe(report, index, total, trustPaths.length > 0)) io.stdout(line);
  }
  const untrusted = trustPaths.length > 0 && result.signatures.some((s) => s.trusted !== true);
  const plural = total === 1 ? 'signature' : 'signatures';
  if (!result.signatures.every((s) => s.digestValid && s.signatureValid)) {
    io.stdout(`Verdict: INVALID. At least one of ${total} ${plural} does not verify: do not rely on this document.`);
    return 1;
  }
  if (!result.wholeDocumentCovered) {
    io.stdout(`Verdict: MODIFIED. The ${plural} verify, but the document was changed or added to after the last signature.`);
    return 1;
  }
  if (untrusted) {
    io.stdout(`Verdict: UNTRUSTED. The ${plural} verify and the document is intact, but not every signer is trusted.`);
    return 1;
  }
  io.stdout(`Verdict: VALID. ${total} ${plural}, the document is intact since the last signature${trustPaths.length > 0 ? ', every signer trusted' : ''}.`);
  return 0;
}
