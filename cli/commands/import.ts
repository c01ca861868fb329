/**
 * `attest import FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--out CASE.json] [--accept-verdict]`:
 * reads the case file a signed Attest report carries (issue #18), after verifying the report with
 * the same verdicts as `attest verify`, and only from the revision the author's signature covers:
 * its SHA-256 must be the one printed on the signed pages, and it must be an `attest-case` v1 file
 * that the schema accepts. It prints what would be imported (signers, verdict, the file's and the
 * case file's hashes) and, with --out, writes the case file exactly as attached (same bytes, same
 * SHA-256) and beside it `<name>.provenance.json` (verdict, signers, hashes, when received).
 *
 * Refused with the reason: a verdict other than VALID (unless --accept-verdict: the verdict is then
 * kept in the provenance file), no attached case file, a hash that does not match the signed pages,
 * an attachment that is not JSON, of another format or version, invalid, or over 20 MB.
 * Exit codes: 0 read (and written); 1 refused for the verdict or a hash mismatch (3 for SIGNER NOT
 * TRUSTED, as `verify`); 2 bad usage or invalid input. Output names no path and no case data beyond
 * the case number.
 */
import { MAX_RECEIVED_ATTACHMENT_BYTES, receiveReport, type ReceivedRefusal, type ReceivedResult } from '../../shared/interop/receivedReport';
import { VERDICT_EXIT_CODES, VERDICT_WORDS, type Verdict } from '../../shared/signing/verdict';
import { readTrust, type CommandIo } from './verify';
import { messageLanguage } from '../language';

export const importUsage = 'Usage: attest import FILE.pdf [--trust CERT.pem|DIR]... [--crl FILE.crl]... [--out CASE.json] [--accept-verdict]';

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

function refusalText(refusal: ReceivedRefusal): string {
  switch (refusal.code) {
    case 'not-signed':
      return `this is not a signed report (${VERDICT_WORDS[refusal.verdict]}); only a signed Attest report can be imported`;
    case 'verdict':
      return `the verification verdict is ${VERDICT_WORDS[refusal.verdict]}, not VALID; give --trust with the signer's certificate, or --accept-verdict to read it anyway with that verdict kept beside it`;
    case 'no-attachment':
      return 'the signed report carries no case file (no associated file with /AFRelationship /Source in the signed revision)';
    case 'too-large':
      return `the attached case file is larger than ${String(refusal.limit / (1024 * 1024))} MB, the most Attest reads`;
    case 'attachment-unreadable':
      return `the attached case file cannot be read out of the PDF (${refusal.detail})`;
    case 'hash-mismatch':
      return `the attached case file (SHA-256 ${refusal.attachmentSha256}) is not the one whose SHA-256 the signed pages print: it does not match what was signed`;
    case 'not-json':
      return 'the attached file is not JSON (UTF-8)';
    case 'other-version':
      return `the attached file is ${refusal.format === 'attest-case' ? `an attest-case file of format version ${refusal.formatVersion ?? 'unknown'}` : 'not an attest-case file'}; this version of Attest reads attest-case version 1 only`;
    case 'invalid-case-file':
      return `the attached case file is not valid:\n${refusal.issues.slice(0, 20).map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}`;
  }
}

function exitCodeOf(result: Extract<ReceivedResult, { ok: false }>): number {
  const r = result.refusal;
  if (r.code === 'verdict') return VERDICT_EXIT_CODES[r.verdict];
  if (r.code === 'hash-mismatch') return 1;
  return 2;
}

const word = (verdict: Verdict | null): string => (verdict === null ? 'none' : VERDICT_WORDS[verdict]);

export async function run(argv: readonly string[], io: CommandIo, now: () => Date = () => new Date()): Promise<number> {
  const files: string[] = [];
  const trustPaths: string[] = [];
  const crlPaths: string[] = [];
  let out: string | undefined;
  let acceptVerdict = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--trust' || arg === '--crl' || arg === '--out') {
      const value = argv[i + 1];
      i += 1;
      if (value === undefined) {
        io.stderr(`attest import: ${arg} needs a value.\n${importUsage}`);
        return 2;
      }
      if (arg === '--out') out = value;
      else (arg === '--trust' ? trustPaths : crlPaths).push(value);
    } else if (arg === '--accept-verdict') acceptVerdict = true;
    else if (arg.startsWith('--')) {
      io.stderr(`attest import: unknown option ${arg}.\n${importUsage}`);
      return 2;
    } else files.push(arg);
  }
  const [file] = files;
  if (file === undefined || files.length > 1) {
    io.stderr(`attest import: give exactly one PDF file.\n${importUsage}`);
    return 2;
  }
  const trust = await readTrust(trustPaths, crlPaths, io, messageLanguage(undefined, io.env));
  if (typeof trust === 'string') {
    io.stderr(`attest import: ${trust}.\n${importUsage}`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`attest import: the file could not be read${errorCode(error)}.`);
    return 2;
  }

  const receivedAt = now();
  const result = await receiveReport(bytes, { trust, acceptVerdict, now: receivedAt, maxBytes: MAX_RECEIVED_ATTACHMENT_BYTES });
  const fileSha256 = result.ok ? result.report.fileSha256 : result.fileSha256;
  if (fileSha256 !== null) io.stdout(`File SHA-256: ${fileSha256}`);
  const signers = result.ok ? result.report.signers : result.signers;
  for (const s of signers) io.stdout(`Signer:       ${s.name ?? 'unknown'} (${s.kind}, ${s.trusted ? 'trusted' : 'NOT TRUSTED'}), certificate SHA-256 ${s.fingerprint ?? 'none'}, signed at ${s.signingTime ?? 'not stated'}`);
  if (!result.ok) {
    io.stdout(`Verdict:      ${word(result.verdict)}`);
    io.stderr(`attest import: refused: ${refusalText(result.refusal)}.`);
    return exitCodeOf(result);
  }
  const r = result.report;
  io.stdout(`Verdict:      ${VERDICT_WORDS[r.verdict]}${r.verdictAccepted ? ' (accepted with --accept-verdict; kept in the provenance file)' : ''}`);
  io.stdout(`Case file:    ${r.attachment.name}, SHA-256 ${r.attachment.sha256} (matches the signed pages), ${String(r.attachment.bytes.length)} bytes`);
  io.stdout(`Case:         ${r.caseFile.caseNumber}, report version ${String(r.caseFile.reportVersion)}, issued ${r.caseFile.issuedAt}, ${String(r.caseFile.examination.findings?.lesions.length ?? 0)} lesion(s), ${String(r.caseFile.examination.findings?.photographs?.length ?? 0)} photograph(s) described`);
  if (out === undefined) {
    io.stdout('Nothing written: give --out CASE.json to write the case file.');
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
    io.stderr(`attest import: the case file could not be written${errorCode(error)}.`);
    return 2;
  }
  io.stdout('Wrote the case file and its provenance (verdict, signers, hashes) beside it.');
  return 0;
}
