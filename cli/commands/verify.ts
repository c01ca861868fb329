/**
 * `attest verify FILE.pdf [--trust CERT|DIR]... [--crl CRL]...`: checks every signature in a PDF
 * report, every revision made after each, and whether each signer is trusted, with the same
 * verification and the same verdicts as the app's "Verify a report" (shared/signing).
 *
 * Exit codes: 0 VALID; 3 SIGNER NOT TRUSTED (intact, but a signer is not trusted here); 1 MODIFIED or
 * INVALID; 2 not a signed PDF, unreadable, or bad arguments (a --trust file that is not a certificate).
 * Output names no path (the file may sit in a folder named after a case) and never a stack trace.
 */
import { fromPem } from '../../shared/identity/pem';
import { catalogs } from '../../shared/i18n';
import { cliText, messageLanguage } from '../language';
// The verification modules only (not shared/signing's index): `attest verify` loads no PDF writer, fonts or report code.
import { describeChange } from '../../shared/signing/describe';
import { VERDICT_EXIT_CODES, VERDICT_WORDS, type TrustProblem } from '../../shared/signing/verdict';
import type { TrustInput } from '../../shared/signing/trust';
import { isInvalidating, verifyPdf, type PdfVerification, type SignatureProblem, type SignatureReport } from '../../shared/signing/verify';
import { parseCertificate } from '../../shared/signing/certificate';

/** What a command may touch: output lines, the environment and files. Tests pass fakes. */
export interface CommandIo {
  /** One line of output, without its newline. */
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => Promise<Uint8Array>;
  readonly writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
  /** The names in a folder, or null when `path` is not a folder. Absent: no folders. */
  readonly readDir?: (path: string) => Promise<string[] | null>;
}

export const verifyUsage = 'Usage: attest verify FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--lang xx]';

const PROBLEM_TEXT: Readonly<Record<SignatureProblem, string>> = {
  'digest-mismatch': 'the signed bytes were changed after signing',
  'bad-signature': 'the signature does not match the certificate',
  'byte-range-invalid': 'the signature does not cover the document soundly: its byte ranges do not surround exactly its own signature value',
  'range-not-revision': 'the signed bytes do not end where a version (revision) of the document ends',
  'signature-hidden': "a later revision removed this signature from the document's form, so PDF readers no longer show it",
  'signer-not-named': 'made with a certificate other than the one the document names for this signature',
  'unsupported-subfilter': 'this kind of PDF signature is not supported',
  'timestamp-imprint-mismatch': 'the timestamp does not cover these bytes',
  'signature-timestamp-invalid': 'the timestamp attached to this signature does not stamp it, or its own signature does not verify',
  'cms-unreadable': 'the signature data cannot be read',
  'certificate-unreadable': "the signer's certificate is missing or cannot be read",
  'unsupported-algorithm': 'the signature uses an algorithm this version cannot check',
  'signing-certificate-missing': 'the signature does not name its certificate (ESS signing-certificate)',
  'signing-certificate-mismatch': 'the signature names a different certificate than the one it carries',
  'signing-time-attribute': 'the signature carries a signingTime attribute, which PAdES forbids',
};

const TRUST_TEXT: Readonly<Record<TrustProblem, string>> = {
  'not-trusted': 'not one of the --trust certificates, and not issued under a --trust CA',
  expired: 'the certificate had expired at the signing time',
  'not-yet-valid': 'the certificate was not yet valid at the signing time',
  revoked: 'the certificate was revoked',
  'key-usage': 'the certificate is not for signing (key usage)',
  'chain-invalid': 'the certificate chain to the trusted CA is not valid',
};

const VERDICT_TEXT: Readonly<Record<PdfVerification['verdict'], string>> = {
  valid: 'Every signature is intact, nothing was changed after any of them that they do not allow, and every signer is trusted',
  'signer-not-trusted': 'The signatures are intact and nothing was changed that they do not allow, but not every signer is trusted: compare the fingerprint with one you know, or give --trust',
  modified: 'The document was changed after signing in a way its signatures do not allow, or a signature was hidden: do not rely on what it shows',
  invalid: 'At least one signature does not verify: do not rely on this document',
  'not-pdf': 'This file is not a PDF document',
  unreadable: 'This PDF is damaged or incomplete: its structure cannot be read',
  unsigned: 'This PDF carries no digital signature',
};

const KIND_TEXT: Readonly<Record<SignatureReport['kind'], string>> = {
  certification: 'certification signature (the author\'s)',
  approval: 'approval signature',
  timestamp: 'document timestamp',
};

const PERMISSION_TEXT: Readonly<Record<1 | 2 | 3, string>> = {
  1: 'no later changes allowed',
  2: 'later changes allowed: signatures only',
  3: 'later changes allowed: signatures and annotations',
};

const ROLE_TEXT = { 'second-reader': 'second reader', 'peer-review': 'peer review', supervisor: 'supervisor' } as const;

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

/** Certificates to trust: PEM (one or more blocks) or DER. Each must parse as an X.509 certificate. */
export function readCertificates(bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const found = text.includes('-----BEGIN') ? (text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((block) => fromPem(block)) : [bytes];
  for (const der of found) if (!parseCertificate(der)) throw new Error('not a certificate');
  return found;
}

/** CRLs: PEM (X509 CRL blocks) or DER. */
function readCrls(bytes: Uint8Array): Uint8Array[] {
  const text = new TextDecoder('latin1').decode(bytes);
  if (!text.includes('-----BEGIN')) return [bytes];
  return (text.match(/-----BEGIN X509 CRL-----[\s\S]*?-----END X509 CRL-----/g) ?? []).map((block) => fromPem(block.replace(/X509 CRL/g, 'CERTIFICATE')));
}

const CERT_FILE = /\.(pem|crt|cer|der)$/i;
const CRL_FILE = /\.crl$/i;

/** Reads --trust (a certificate file, or a folder of *.pem/*.crt/*.cer/*.der and *.crl) and --crl arguments. */
export async function readTrust(trustPaths: readonly string[], crlPaths: readonly string[], io: CommandIo): Promise<TrustInput | string> {
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const path of trustPaths) {
    const names = io.readDir ? await io.readDir(path).catch(() => null) : null;
    const files = names === null ? [{ path, kind: 'cert' as const }] : names.filter((n) => CERT_FILE.test(n) || CRL_FILE.test(n)).sort().map((n) => ({ path: `${path.replace(/\/+$/, '')}/${n}`, kind: CRL_FILE.test(n) ? ('crl' as const) : ('cert' as const) }));
    if (names !== null && files.length === 0) return 'a --trust folder holds no certificate (*.pem, *.crt, *.cer, *.der)';
    for (const file of files) {
      try {
        const bytes = await io.readFile(file.path);
        if (file.kind === 'crl') crls.push(...readCrls(bytes));
        else {
          const found = readCertificates(bytes);
          if (found.length === 0) throw new Error('no certificate');
          certificates.push(...found);
        }
      } catch (error) {
        return `a --trust file could not be read as a ${file.kind === 'crl' ? 'CRL' : 'certificate (PEM or DER)'}${errorCode(error)}`;
      }
    }
  }
  for (const path of crlPaths) {
    try {
      crls.push(...readCrls(await io.readFile(path)));
    } catch (error) {
      return `a --crl file could not be read${errorCode(error)}`;
    }
  }
  return { certificates, crls };
}

function describe(report: SignatureReport, total: number, revisions: number): string[] {
  const ok = report.digestValid && report.signatureValid && !report.problems.some(isInvalidating);
  const kind = `${KIND_TEXT[report.kind]}${report.docMdpPermission ? `, ${PERMISSION_TEXT[report.docMdpPermission]}` : ''}${report.role ? `, countersignature as ${ROLE_TEXT[report.role]}` : ''}`;
  const lines = [`Signature ${String(report.index)} of ${String(total)}${report.fieldName ? ` (field ${report.fieldName})` : ''}: ${ok ? 'intact' : 'BROKEN'}, ${kind}`];
  lines.push(`  Signer:      ${report.signerName ?? 'unknown'}`);
  lines.push(`  Certificate: ${report.fingerprint ? `SHA-256 ${report.fingerprint}` : 'none'}`);
  const time = report.signingTime ? report.signingTime.replace('.000Z', 'Z') : null;
  const authority = report.kind === 'timestamp' ? report.signerName : (report.signatureTimestamp?.tsaName ?? null);
  lines.push(`  Signed at:   ${time ? `${time} (${report.timeSource === 'timestamp' ? `time attested by ${authority ?? 'the timestamp authority'}` : 'time claimed by the signer'})` : 'not stated'}`);
  const stamp = report.signatureTimestamp;
  if (stamp && report.timeSource !== 'timestamp') {
    const why = stamp.trust.status === 'not-checked' ? 'trust not checked' : `NOT TRUSTED: ${stamp.trust.problems.map((p) => TRUST_TEXT[p]).join('; ')}`;
    lines.push(`  Timestamp:   ${stamp.time.replace('.000Z', 'Z')} by ${stamp.tsaName ?? 'an unnamed authority'} (${why}); the time above is the signer's claim`);
  }
  if (report.reason) lines.push(`  Reason:      ${report.reason}`);
  lines.push(`  Covers:      ${report.revision === null ? 'no revision of the document' : `revision ${String(report.revision)} of ${String(revisions)}${report.coversWholeDocument ? ' (the whole file)' : ''}`}`);
  const trust = report.trust;
  lines.push(
    `  Trust:       ${
      trust.status === 'trusted'
        ? `trusted (${trust.via === 'ca' ? `issued under the trusted CA ${trust.anchor ?? ''}` : 'this certificate is one of the --trust certificates'}${trust.revocationChecked ? ', revocation checked' : ''})`
        : trust.status === 'not-checked'
          ? 'not checked'
          : `NOT TRUSTED: ${trust.problems.map((p) => (p === 'revoked' && trust.revocationTime ? `the certificate was revoked on ${trust.revocationTime.replace('.000Z', 'Z')}` : TRUST_TEXT[p])).join('; ')}`
    }`,
  );
  for (const problem of report.problems) lines.push(`  ${isInvalidating(problem) || problem === 'signature-hidden' || problem === 'range-not-revision' ? 'Problem' : 'Warning'}:     ${PROBLEM_TEXT[problem]}`);
  return lines;
}

/** Runs `verify` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const files: string[] = [];
  const trustPaths: string[] = [];
  const crlPaths: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') {
      lang = argv[i + 1];
      i += 1;
    } else if (arg === '--trust' || arg === '--crl') {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        io.stderr(`attest verify: ${arg} needs a ${arg === '--trust' ? 'certificate file or folder' : 'CRL file'}.\n${verifyUsage}`);
        return 2;
      }
      (arg === '--trust' ? trustPaths : crlPaths).push(value);
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

  const trust = await readTrust(trustPaths, crlPaths, io);
  if (typeof trust === 'string') {
    io.stderr(`attest verify: ${trust}.\n${verifyUsage}`);
    return 2;
  }

  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`attest verify: the file could not be read${errorCode(error)}.`);
    return 2;
  }

  const language = messageLanguage(lang, io.env);
  const result = await verifyPdf(bytes, { trust });
  io.stdout(`File SHA-256: ${result.sha256}`);
  if (result.kind === 'signed') {
    io.stdout(`Revisions:    ${String(result.revisions)}`);
    const total = result.signatures.length;
    for (const report of result.signatures) for (const line of describe(report, total, result.revisions)) io.stdout(line);
    if (result.changes.length > 0) {
      io.stdout(cliText(language, 'changes'));
      for (const change of result.changes) io.stdout(`  - ${describeChange(change, language)}`);
    }
  } else if (result.kind === 'unreadable' && result.structureProblem) {
    io.stdout(`Structure:    ${result.structureProblem}`);
  }
  if (trustPaths.length === 0 && result.kind === 'signed') io.stdout('No --trust given: no signer can be trusted. Give the signer\'s certificate (or its institution\'s CA) with --trust.');
  // The verdict in the message language (--lang, else LC_ALL / LC_MESSAGES / LANG); the exit code is the stable identifier.
  if (language === 'en') io.stdout(`Verdict: ${VERDICT_WORDS[result.verdict]}. ${VERDICT_TEXT[result.verdict]}.`);
  else {
    const S = catalogs[language].signing;
    io.stdout(cliText(language, 'verdict', { word: S.verify.verdictWord[result.verdict], text: result.verdict === 'signer-not-trusted' ? S.cli.notTrusted : S.verify.verdict[result.verdict] }));
  }
  return VERDICT_EXIT_CODES[result.verdict];
}
