/**
 * `attest import FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--out CASE.json] [--accept-verdict] [--lang xx]`:
 * reads the case file a signed Attest report carries (issue #18), after verifying the report with
 * the same verdicts as `attest verify`, and only from the revision the author's signature covers:
 * its SHA-256 must be the one printed on the signed pages, and it must be an `attest-case` v1 file
 * that the schema accepts. It prints what would be imported (signers, verdict, the file's and the
 * case file's hashes) and, with --out, writes the case file exactly as attached (same bytes, same
 * SHA-256) and beside it `<name>.provenance.json` (verdict, signers, hashes, when received).
 *
 * Refused with the reason: a verdict other than VALID (unless --accept-verdict: the verdict is then
 * kept in the provenance file), no attached case file, a hash that does not match the signed pages,
 * an anonymised report (its case file is the anonymised examination, not a record), an attachment
 * that is not JSON, of another format or version, invalid, or over 20 MB.
 * Exit codes: 0 read (and written); 1 refused for the verdict or a hash mismatch (3 for SIGNER NOT
 * TRUSTED, as `verify`); 2 bad usage or invalid input. Output names no path and no case data beyond
 * the case number. Messages are in the message language (--lang, else LC_ALL / LC_MESSAGES / LANG; the
 * `cli.import` group of the catalogs); verdict words, format names, file names and hashes stay as they are.
 */
import { MAX_RECEIVED_ATTACHMENT_BYTES, receiveReport, type ReceivedRefusal, type ReceivedResult } from '../../shared/interop/receivedReport';
import { VERDICT_EXIT_CODES, VERDICT_WORDS, type Verdict } from '../../shared/signing/verdict';
import { catalogs, type Catalog, type Language } from '../../shared/i18n';
import { readTrust, type CommandIo } from './verify';
import { argsLanguage, cliText, columns, padTo } from '../language';

const importSynopsis = 'attest import FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--out CASE.json] [--accept-verdict] [--lang xx]';
export const importUsage = `Usage: ${importSynopsis}`;

/** The most issues of an invalid case file listed (then "… and N more."). */
const MAX_ISSUES = 20;

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

/** Why the case file was not read, in `language`; verdict words, format names and hashes stay identifiers. */
function refusalLines(refusal: ReceivedRefusal, language: Language): string[] {
  const refused = (reason: string): string[] => [cliText(language, 'import.refused', { reason })];
  switch (refusal.code) {
    case 'not-signed':
      return refused(cliText(language, 'import.refusal.notSigned', { verdict: VERDICT_WORDS[refusal.verdict] }));
    case 'verdict':
      return refused(cliText(language, 'import.refusal.verdict', { verdict: VERDICT_WORDS[refusal.verdict] }));
    case 'no-attachment':
      return refused(cliText(language, 'import.refusal.noAttachment'));
    case 'too-large':
      return refused(cliText(language, 'import.refusal.tooLarge', { limit: String(refusal.limit / (1024 * 1024)) }));
    case 'attachment-unreadable':
      return refused(cliText(language, 'import.refusal.attachmentUnreadable', { detail: refusal.detail }));
    case 'hash-mismatch':
      return refused(cliText(language, 'import.refusal.hashMismatch', { sha256: refusal.attachmentSha256 }));
    case 'anonymised':
      return refused(cliText(language, 'import.refusal.anonymised'));
    case 'not-json':
      return refused(cliText(language, 'import.refusal.notJson'));
    case 'other-version':
      return refused(
        refusal.format === 'attest-case'
          ? cliText(language, 'import.refusal.otherVersion', { version: refusal.formatVersion ?? cliText(language, 'import.refusal.unknownVersion') })
          : cliText(language, 'import.refusal.otherFormat'),
      );
    case 'invalid-case-file': {
      const count = refusal.issues.length;
      return [
        cliText(language, 'import.invalidCaseFile'),
        ...refusal.issues.slice(0, MAX_ISSUES).map((i) => `  ${i.path === '' ? cliText(language, 'render.wholeFile') : i.path}: ${i.message}`),
        ...(count > MAX_ISSUES ? [`  ${cliText(language, 'render.more', { count: count - MAX_ISSUES })}`] : []),
      ];
    }
  }
}

function exitCodeOf(result: Extract<ReceivedResult, { ok: false }>): number {
  const r = result.refusal;
  if (r.code === 'verdict') return VERDICT_EXIT_CODES[r.verdict];
  if (r.code === 'hash-mismatch') return 1;
  return 2;
}

type LabelKey = keyof Catalog['cli']['import']['label'];

/** The labels padded to the longest of the language, so that the values line up. */
function labeller(language: Language): (key: LabelKey) => string {
  const labels = catalogs[language].cli.import.label;
  const width = Math.max(...Object.values(labels).map((label) => columns(label))) + 1;
  return (key) => padTo(labels[key], width);
}

export async function run(argv: readonly string[], io: CommandIo, now: () => Date = () => new Date()): Promise<number> {
  const language = argsLanguage(argv, io.env);
  const fail = (message: string): number => {
    io.stderr(`attest import: ${message}\n${cliText(language, 'usage', { synopsis: importSynopsis })}`);
    return 2;
  };
  const files: string[] = [];
  const trustPaths: string[] = [];
  const crlPaths: string[] = [];
  let out: string | undefined;
  let acceptVerdict = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--lang') {
      i += 1;
    } else if (arg === '--trust' || arg === '--crl' || arg === '--out') {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) return fail(arg === '--out' ? cliText(language, 'args.needsValue', { option: arg }) : cliText(language, arg === '--trust' ? 'verify.trustNeedsValue' : 'verify.crlNeedsValue'));
      if (arg === '--out') out = value;
      else (arg === '--trust' ? trustPaths : crlPaths).push(value);
    } else if (arg === '--accept-verdict') acceptVerdict = true;
    else if (arg.startsWith('--')) return fail(cliText(language, 'args.unknownOption', { option: arg }));
    else files.push(arg);
  }
  const [file] = files;
  if (file === undefined || files.length > 1) return fail(cliText(language, 'verify.oneFile'));
  const trust = await readTrust(trustPaths, crlPaths, io, language);
  if (typeof trust === 'string') return fail(trust);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`attest import: ${cliText(language, 'verify.unreadable', { code: errorCode(error) })}`);
    return 2;
  }

  const I = catalogs[language].cli.import;
  const V = catalogs[language].cli.verify;
  const label = labeller(language);
  const receivedAt = now();
  const result = await receiveReport(bytes, { trust, acceptVerdict, now: receivedAt, maxBytes: MAX_RECEIVED_ATTACHMENT_BYTES });
  const fileSha256 = result.ok ? result.report.fileSha256 : result.fileSha256;
  if (fileSha256 !== null) io.stdout(`${label('file')}${fileSha256}`);
  const signers = result.ok ? result.report.signers : result.signers;
  for (const s of signers) {
    const line = cliText(language, 'import.signer', { name: s.name ?? V.unknownSigner, kind: I.kind[s.kind], trust: s.trusted ? I.trusted : I.notTrusted, fingerprint: s.fingerprint ?? V.noCertificate, time: s.signingTime ?? V.notStated });
    io.stdout(`${label('signer')}${line}`);
  }
  if (!result.ok) {
    const word = (verdict: Verdict | null): string => (verdict === null ? I.noVerdict : VERDICT_WORDS[verdict]);
    io.stdout(`${label('verdict')}${word(result.verdict)}`);
    for (const line of refusalLines(result.refusal, language)) io.stderr(line.startsWith('  ') ? line : `attest import: ${line}`);
    return exitCodeOf(result);
  }
  const r = result.report;
  const verdict = VERDICT_WORDS[r.verdict];
  io.stdout(`${label('verdict')}${r.verdictAccepted ? cliText(language, 'import.accepted', { verdict }) : verdict}`);
  io.stdout(`${label('caseFile')}${cliText(language, 'import.caseFile', { name: r.attachment.name, sha256: r.attachment.sha256, count: r.attachment.bytes.length })}`);
  const findings = r.caseFile.examination.findings;
  io.stdout(
    `${label('case')}${cliText(language, 'import.case', {
      caseNumber: r.caseFile.caseNumber,
      version: String(r.caseFile.reportVersion),
      issuedAt: r.caseFile.issuedAt,
      lesions: cliText(language, 'import.lesions', { count: findings?.lesions.length ?? 0 }),
      photographs: cliText(language, 'import.photographs', { count: findings?.photographs?.length ?? 0 }),
    })}`,
  );
  if (out === undefined) {
    io.stdout(cliText(language, 'import.nothingWritten'));
    return 0;
  }
  const provenancePath = `${out.replace(/\.json$/i, '')}.provenance.json`;
  const provenance = {
    format: 'attest-received-provenance',
    formatVersion: 1,
    receivedAt: receivedAt.toISOString(),
    fileSha256: r.fileSha256,
    verdict: r.verdict,
    verdictAccepted: r.verdictAccepted,
    signers: r.signers,
    caseFile: { name: r.attachment.name, sha256: r.attachment.sha256 },
  };
  try {
    await io.writeFile(out, r.attachment.bytes);
    await io.writeFile(provenancePath, new TextEncoder().encode(`${JSON.stringify(provenance, null, 2)}\n`));
  } catch (error) {
    io.stderr(`attest import: ${cliText(language, 'import.unwritable', { code: errorCode(error) })}`);
    return 2;
  }
  io.stdout(cliText(language, 'import.wrote'));
  return 0;
}
