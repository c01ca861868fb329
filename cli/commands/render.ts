/**
 * `attest render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy consent-based|automatic] [--lang xx]`:
 * renders the unsigned medico-legal report (or, with --intake, the admission-examination record) of a
 * case file (shared/report/caseFile.ts). With --variant, the document a referral sends instead of
 * the full report, made exactly as the app makes it (issue #19): the anonymised report, or the
 * summary of the signed report given with --report (whose SHA-256 it cites). Without the app's
 * interactive review, the command prints every free-text passage it changed or flags: what was
 * replaced by the withheld mark and why, and what looks identifying but matched nothing known, so
 * that a tester's or recipient's pipeline can check it. With --cert, the signature block prints that certificate's
 * SHA-256 fingerprint, so a report later signed with it names its signer's certificate. --policy is
 * the jurisdiction's reporting policy the report states it is issued under (rule E13); consent-based
 * when not given, as in the app's settings. --lang is the document's language (its headings, labels,
 * structured values, dates and numbers, and the PDF's /Lang; free text stays as typed): one of the
 * registered catalogs, English when not given.
 *
 * The case file is checked first, the examination against today's date (no date in the future): each
 * problem is printed with its field path (`examination.findings.lesions[0].mark.x: …`), and nothing is
 * written. Exit codes: 0 written; 1 rendering failed; 2 bad arguments, an unreadable or invalid case file.
 */
import { certificateInfo } from '../../shared/identity';
import { certificateFingerprint } from '../../shared/signing';
import { anonymisedAttachment, anonymiseReport, reportAttachment, type PdfAttachment, buildIntakeRecordModel, buildReportModel, renderPdf, reviewSummary, type DocumentReview, type MatchReason, type MissingCharacter, type ReportModel } from '../../shared/report';
import { sha256Hex } from '../../shared/vault/encoding';
import { ReportingPolicy } from '../../shared/domain/vocab';
import { DEFAULT_REPORTING_POLICY, parseCaseFile, reportInputFromCaseFile, type CaseFile } from '../../shared/report/caseFile';
import { defaultLanguage, type Language } from '../../shared/i18n';
import { parseArgs } from '../args';
import { cliText, messageLanguage, parseLanguage } from '../language';
import { loadReportFonts } from '../fonts';
import { errorCode } from '../io';
import type { CommandIo } from './verify';
import { readCertificates } from './verify';

export const renderUsage = 'Usage: attest render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy consent-based|automatic] [--lang xx]';

const VARIANTS = ['anonymised', 'summary'] as const;
type Variant = (typeof VARIANTS)[number];

/** Words for the reasons a passage was changed or flagged, as printed. */
const REASONS: Readonly<Record<MatchReason, string>> = {
  name: 'a name in the record',
  number: 'a number in the record',
  date: 'a date in the record',
  phrase: 'a place, address or contact in the record',
  term: 'withheld on request',
  ambiguousName: 'a name in the record that is also an ordinary word',
  shortName: 'a name in the record of one or two letters',
  sharedName: 'a name in the record shared with the clinician or a kept institution',
  shortNumber: 'a short number in the record',
  capitalised: 'a capitalised word outside the report’s vocabulary',
  nearName: 'one letter away from a name in the record',
  digits: 'a run of digits',
  unknownDate: 'a date',
  email: 'an e-mail address',
  birthYear: 'the year of birth',
};

/** The passages of a review that were changed or flagged, as lines for stdout (the text as recorded, quoted by JSON). */
export function reviewLines(review: DocumentReview, language: Language = 'en'): string[] {
  const lines = [
    cliText(language, 'freeText', {
      passages: cliText(language, 'passages', { count: review.passages.length }),
      replacements: cliText(language, 'replacements', { count: review.replaced }),
      flags: cliText(language, 'flags', { count: review.flagged }),
    }),
  ];
  for (const passage of review.passages) {
    if (passage.matches.length === 0) continue;
    lines.push(`  ${passage.path}: ${JSON.stringify(passage.printed)}`);
    for (const m of passage.matches) lines.push(`    ${m.action === 'replace' ? 'replaced' : 'flagged '} ${JSON.stringify(passage.text.slice(m.start, m.end))}: ${REASONS[m.reason]}`);
  }
  return lines;
}

/** Most problems listed; a file with more is probably not a case file at all. */
const MAX_ISSUES = 40;

/** Where `JSON.parse` stopped, as line and column, when its message says; never a piece of the text. */
function jsonPosition(text: string, error: unknown): string {
  const match = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  if (match === null) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/**
 * Reads, parses and checks a case file; on failure prints why (prefixed with `command`) and returns
 * null. Used by `render`; `example` checks its own case the same way.
 */
export async function loadCaseFile(path: string, io: CommandIo, command: string, now: Date): Promise<CaseFile | null> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (error) {
    io.stderr(`attest ${command}: the case file could not be read${errorCode(error)}.`);
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.stderr(`attest ${command}: the case file is not UTF-8 text. Give a JSON case file (attest schema prints its format).`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`attest ${command}: the case file is not valid JSON${jsonPosition(text, error)}.`);
    return null;
  }
  const parsed = parseCaseFile(json, { now });
  if (!parsed.success) {
    const count = parsed.issues.length;
    io.stderr(`attest ${command}: the case file is not valid (${count} ${count === 1 ? 'problem' : 'problems'}):`);
    for (const issue of parsed.issues.slice(0, MAX_ISSUES)) io.stderr(`  ${issue.path === '' ? '(the whole file)' : issue.path}: ${issue.message}`);
    if (count > MAX_ISSUES) io.stderr(`  … and ${count - MAX_ISSUES} more.`);
    return null;
  }
  return parsed.data;
}

/** Runs `render` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv, { options: ['--out', '--cert', '--policy', '--variant', '--report', '--lang'], flags: ['--intake'] });
  if (!parsed.ok) {
    io.stderr(`attest render: ${parsed.error}\n${renderUsage}`);
    return 2;
  }
  const { values, flags, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined) {
    io.stderr(`attest render: give one case file and --out.\n${renderUsage}`);
    return 2;
  }

  const variantArg = values.get('--variant');
  const variant = variantArg === undefined ? null : (VARIANTS as readonly string[]).includes(variantArg) ? (variantArg as Variant) : undefined;
  if (variant === undefined || (variant !== null && flags.has('--intake'))) {
    io.stderr(`attest render: --variant must be anonymised or summary, without --intake.\n${renderUsage}`);
    return 2;
  }
  const reportPath = values.get('--report');
  if ((variant === 'summary') !== (reportPath !== undefined)) {
    io.stderr(`attest render: the summary needs --report SIGNED.pdf (the signed report it summarises, whose SHA-256 it cites), and only the summary takes it.\n${renderUsage}`);
    return 2;
  }
  let reportSha256: string | null = null;
  if (reportPath !== undefined) {
    try {
      reportSha256 = await sha256Hex(new Uint8Array(await io.readFile(reportPath)));
    } catch (error) {
      io.stderr(`attest render: the --report file could not be read${errorCode(error)}.`);
      return 2;
    }
  }

  const policy = ReportingPolicy.safeParse(values.get('--policy') ?? DEFAULT_REPORTING_POLICY);
  if (!policy.success) {
    io.stderr(`attest render: --policy must be consent-based or automatic.\n${renderUsage}`);
    return 2;
  }

  const langArg = values.get('--lang');
  const lang = langArg === undefined ? null : parseLanguage(langArg);
  if (lang !== null && !lang.ok) {
    io.stderr(`attest render: ${lang.error}\n${renderUsage}`);
    return 2;
  }
  const language = lang?.language ?? defaultLanguage;

  let fingerprint: string | null = null;
  let certificateDer: Uint8Array | null = null;
  const certPath = values.get('--cert');
  if (certPath !== undefined) {
    try {
      const [certificate] = readCertificates(await io.readFile(certPath));
      if (certificate === undefined) throw new Error('no certificate');
      await certificateInfo(certificate); // parses it: a file that is not a certificate must not get a fingerprint printed
      fingerprint = await certificateFingerprint(certificate);
      certificateDer = certificate;
    } catch (error) {
      io.stderr(`attest render: the --cert file could not be read as a certificate (PEM or DER)${errorCode(error)}.`);
      return 2;
    }
  }

  const caseFile = await loadCaseFile(input, io, 'render', new Date());
  if (caseFile === null) return 2;

  let bytes: Uint8Array;
  let missing: readonly MissingCharacter[] = [];
  let review: DocumentReview | null = null;
  try {
    const reportInput = { ...reportInputFromCaseFile(caseFile, { certificateFingerprint: fingerprint, reportingPolicy: policy.data }), language };
    let model: ReportModel;
    // The data the document is made from, attached to it (PDF/A-3) and its SHA-256 printed in section XVII.
    let attachment: PdfAttachment | undefined;
    if (variant === 'anonymised') {
      // A document of its own, as in the app: its own id, no photographs' images; it carries the anonymised data only.
      const anonymisedInput = { ...reportInput, documentId: crypto.randomUUID(), photos: reportInput.photos.map((p) => ({ ...p, jpeg: new Uint8Array() })) };
      const attached = await anonymisedAttachment(anonymisedInput, anonymiseReport(anonymisedInput), caseFile.clinician);
      attachment = attached.attachment;
      ({ model, review } = anonymiseReport({ ...anonymisedInput, caseFile: attached.printed }));
    } else if (variant === 'summary') {
      ({ model, review } = reviewSummary({
        language,
        exam: reportInput.exam,
        caseNumber: reportInput.caseNumber,
        documentId: crypto.randomUUID(),
        issuedAt: reportInput.issuedAt,
        place: reportInput.place,
        clinician: reportInput.clinician,
        certificateFingerprint: fingerprint,
        reportingPolicy: policy.data,
        report: { version: caseFile.reportVersion, sha256: reportSha256 ?? '', signedAt: caseFile.issuedAt },
        ...(caseFile.addenda === undefined ? {} : { addenda: caseFile.addenda }),
      }));
    } else if (flags.has('--intake')) model = buildIntakeRecordModel(reportInput);
    else {
      const attached = await reportAttachment(caseFile);
      attachment = attached.attachment;
      model = buildReportModel({ ...reportInput, caseFile: attached.printed });
    }
    // The report prepares its signature fields: its author's, naming the --cert certificate when given, and the countersignature boxes.
    const prepare = flags.has('--intake') ? {} : { prepareSignatures: { authorName: caseFile.clinician.name, ...(certificateDer === null ? {} : { authorCertificate: certificateDer }) } };
    const rendered = await renderPdf(model, await loadReportFonts(), { ...prepare, ...(attachment === undefined ? {} : { attachment }) });
    bytes = rendered.bytes;
    missing = rendered.missing;
  } catch (error) {
    io.stderr(`attest render: the PDF could not be made${errorCode(error)}. Check that npm install completed (the report fonts come from dejavu-fonts-ttf).`);
    return 1;
  }
  try {
    await io.writeFile(out, bytes);
  } catch (error) {
    io.stderr(`attest render: the PDF could not be written${errorCode(error)}.`);
    return 2;
  }
  const what = variant === 'anonymised' ? 'anonymised medico-legal report' : variant === 'summary' ? 'summary of the medico-legal report' : flags.has('--intake') ? 'admission-examination record' : 'medico-legal report';
  io.stdout(`Rendered the ${what} of case ${caseFile.caseNumber}, version ${caseFile.reportVersion} (unsigned, ${(bytes.length / 1024).toFixed(0)} KB). Sign it with: attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf`);
  if (review !== null) for (const line of reviewLines(review, messageLanguage(langArg, io.env))) io.stdout(line);
  // Before signing, the clinician sees what did not print: each such character is a □ on the page.
  if (missing.length > 0) {
    io.stderr(`attest render: ${String(missing.length)} ${missing.length === 1 ? 'character has' : 'characters have'} no font and print as □ (check before signing):`);
    for (const m of missing) io.stderr(`  ${m.codePoint} ${m.character} in ${m.where}`);
  }
  return 0;
}
