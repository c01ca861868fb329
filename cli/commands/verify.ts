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
import { catalogs, type Catalog, type CliMessageKey, type Language } from '../../shared/i18n';
import { argsLanguage, cliText, columns, padTo } from '../language';
// The verification modules only (not shared/signing's index): `attest verify` loads no PDF writer, fonts or report code.
import { describeChange } from '../../shared/signing/describe';
import { VERDICT_EXIT_CODES, VERDICT_WORDS } from '../../shared/signing/verdict';
import type { TrustInput } from '../../shared/signing/trust';
import { isInvalidating, verifyPdf, type SignatureReport } from '../../shared/signing/verify';
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

const verifySynopsis = 'attest verify FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--lang xx]';
export const verifyUsage = `Usage: ${verifySynopsis}`;

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
export async function readTrust(trustPaths: readonly string[], crlPaths: readonly string[], io: CommandIo, language: Language): Promise<TrustInput | string> {
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  for (const path of trustPaths) {
    const names = io.readDir ? await io.readDir(path).catch(() => null) : null;
    const files = names === null ? [{ path, kind: 'cert' as const }] : names.filter((n) => CERT_FILE.test(n) || CRL_FILE.test(n)).sort().map((n) => ({ path: `${path.replace(/\/+$/, '')}/${n}`, kind: CRL_FILE.test(n) ? ('crl' as const) : ('cert' as const) }));
    if (names !== null && files.length === 0) return cliText(language, 'verify.trustFolderEmpty');
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
        return cliText(language, file.kind === 'crl' ? 'verify.trustNotCrl' : 'verify.trustNotCertificate', { code: errorCode(error) });
      }
    }
  }
  for (const path of crlPaths) {
    try {
      crls.push(...readCrls(await io.readFile(path)));
    } catch (error) {
      return cliText(language, 'verify.crlUnreadable', { code: errorCode(error) });
    }
  }
  return { certificates, crls };
}

const REVOCATION_SOURCE = { crl: { file: 'revocationCrlFile', supplied: 'revocationCrlSupplied' }, ocsp: { file: 'revocationOcspFile', supplied: 'revocationOcspSupplied' } } as const;

/** What the revocation data used says about the signer's certificate, and where it came from (the file's DSS or given here). */
function revocationLine(trust: SignatureReport['trust'], language: Language): string | null {
  const finding = trust.revocation ?? null;
  if (!finding) return trust.via === 'ca' || trust.problems.includes('revoked') ? cliText(language, 'revocationNone') : null;
  const status =
    finding.status === 'good'
      ? cliText(language, 'revocationGood')
      : finding.status === 'revoked'
        ? finding.revocationTime
          ? cliText(language, 'revocationRevoked', { time: time(finding.revocationTime) })
          : cliText(language, 'revocationRevokedUndated')
        : finding.status === 'unknown'
          ? cliText(language, 'revocationUnknown')
          : cliText(language, 'revocationStale', { time: finding.nextUpdate ? time(finding.nextUpdate) : '?' });
  return cliText(language, 'revocation', {
    source: cliText(language, REVOCATION_SOURCE[finding.source][finding.origin]),
    issued: cliText(language, finding.source === 'crl' ? 'revocationIssued' : 'revocationProduced', { time: time(finding.issued) }),
    status,
  });
}

/** Labels padded to the longest of their group, so that the values line up in every language. */
function labeller(language: Language, keys: readonly LabelKey[]): (key: LabelKey) => string {
  const labels = catalogs[language].cli.verify.label;
  const width = Math.max(...keys.map((key) => columns(labels[key]))) + 1;
  return (key) => padTo(labels[key], width);
}

type LabelKey = keyof Catalog['cli']['verify']['label'];
const SIGNATURE_LABELS: readonly LabelKey[] = ['signer', 'certificate', 'signedAt', 'timestamp', 'reason', 'covers', 'trust', 'problem', 'warning'];
const FILE_LABELS: readonly LabelKey[] = ['file', 'revisions', 'structure'];

const time = (iso: string): string => iso.replace('.000Z', 'Z');

function describe(report: SignatureReport, total: number, revisions: number, language: Language): string[] {
  const V = catalogs[language].cli.verify;
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(language, key, params);
  const label = labeller(language, SIGNATURE_LABELS);
  const ok = report.digestValid && report.signatureValid && !report.problems.some(isInvalidating);
  const kind = [V.kind[report.kind], ...(report.docMdpPermission ? [V.permission[`p${String(report.docMdpPermission)}` as 'p1' | 'p2' | 'p3']] : []), ...(report.role ? [t('verify.countersignatureAs', { role: V.role[report.role] })] : [])].join(V.separator);
  const head = { index: String(report.index), total: String(total), state: ok ? V.intact : V.broken, kind };
  const lines = [report.fieldName ? t('verify.signatureInField', { ...head, field: report.fieldName }) : t('verify.signature', head)];
  lines.push(`  ${label('signer')}${report.signerName ?? V.unknownSigner}`);
  lines.push(`  ${label('certificate')}${report.fingerprint ? `SHA-256 ${report.fingerprint}` : V.noCertificate}`);
  const authority = report.kind === 'timestamp' ? report.signerName : (report.signatureTimestamp?.tsaName ?? null);
  lines.push(`  ${label('signedAt')}${report.signingTime ? (report.timeSource === 'timestamp' ? t('verify.attested', { time: time(report.signingTime), authority: authority ?? V.theAuthority }) : t('verify.claimed', { time: time(report.signingTime) })) : V.notStated}`);
  const stamp = report.signatureTimestamp;
  if (stamp && report.timeSource !== 'timestamp') {
    const why = stamp.trust.status === 'not-checked' ? V.stampNotChecked : t('verify.notTrusted', { problems: stamp.trust.problems.map((p) => V.trustProblem[p]).join('; ') });
    lines.push(`  ${label('timestamp')}${t('verify.stamp', { time: time(stamp.time), authority: stamp.tsaName ?? V.unnamedAuthority, trust: why })}`);
  }
  if (report.reason) lines.push(`  ${label('reason')}${report.reason}`);
  const covers = { revision: String(report.revision), total: String(revisions) };
  lines.push(`  ${label('covers')}${report.revision === null ? V.coversNone : t(report.coversWholeDocument ? 'verify.coversWhole' : 'verify.coversPart', covers)}`);
  const trust = report.trust;
  const trusted = (): string => {
    if (trust.status !== 'trusted') return '';
    if (trust.via === 'ca') return t(trust.revocationChecked ? 'verify.trustedCaChecked' : 'verify.trustedCa', { anchor: trust.anchor ?? '' });
    return t(trust.revocationChecked ? 'verify.trustedCertChecked' : 'verify.trustedCert');
  };
  lines.push(
    `  ${label('trust')}${
      trust.status === 'trusted'
        ? trusted()
        : trust.status === 'not-checked'
          ? V.trustNotChecked
          : t('verify.notTrusted', { problems: trust.problems.map((p) => (p === 'revoked' && trust.revocationTime ? t('verify.revokedOn', { time: time(trust.revocationTime) }) : V.trustProblem[p])).join('; ') })
    }`,
  );
  const revocation = revocationLine(trust, language);
  if (revocation) lines.push(revocation);
  for (const problem of report.problems) lines.push(`  ${label(isInvalidating(problem) || problem === 'signature-hidden' || problem === 'range-not-revision' ? 'problem' : 'warning')}${V.problem[problem]}`);
  return lines;
}

/** Runs `verify` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const files: string[] = [];
  const trustPaths: string[] = [];
  const crlPaths: string[] = [];
  const language = argsLanguage(argv, io.env);
  const fail = (message: string): number => {
    io.stderr(`attest verify: ${message}\n${cliText(language, 'usage', { synopsis: verifySynopsis })}`);
    return 2;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') {
      i += 1;
    } else if (arg === '--trust' || arg === '--crl') {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) return fail(cliText(language, arg === '--trust' ? 'verify.trustNeedsValue' : 'verify.crlNeedsValue'));
      (arg === '--trust' ? trustPaths : crlPaths).push(value);
    } else if (arg.startsWith('--')) {
      return fail(cliText(language, 'args.unknownOption', { option: arg }));
    } else {
      files.push(arg);
    }
  }
  const [file] = files;
  if (file === undefined || files.length > 1) return fail(cliText(language, 'verify.oneFile'));

  const trust = await readTrust(trustPaths, crlPaths, io, language);
  if (typeof trust === 'string') return fail(trust);

  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`attest verify: ${cliText(language, 'verify.unreadable', { code: errorCode(error) })}`);
    return 2;
  }

  const result = await verifyPdf(bytes, { trust });
  const label = labeller(language, FILE_LABELS);
  io.stdout(`${label('file')}${result.sha256}`);
  if (result.kind === 'signed') {
    io.stdout(`${label('revisions')}${String(result.revisions)}`);
    const total = result.signatures.length;
    for (const report of result.signatures) for (const line of describe(report, total, result.revisions, language)) io.stdout(line);
    if (result.changes.length > 0) {
      io.stdout(cliText(language, 'changes'));
      for (const change of result.changes) io.stdout(`  - ${describeChange(change, language)}`);
    }
  } else if (result.kind === 'unreadable' && result.structureProblem) {
    io.stdout(`${label('structure')}${result.structureProblem}`);
  }
  if (trustPaths.length === 0 && result.kind === 'signed') io.stdout(cliText(language, 'verify.noTrust'));
  // The verdict in the message language (--lang, else LC_ALL / LC_MESSAGES / LANG); the exit code is the stable identifier.
  const word = language === 'en' ? VERDICT_WORDS[result.verdict] : catalogs[language].signing.verify.verdictWord[result.verdict];
  io.stdout(cliText(language, 'verdict', { word, text: catalogs[language].cli.verify.verdictText[result.verdict] }));
  return VERDICT_EXIT_CODES[result.verdict];
}
