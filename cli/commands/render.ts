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
import { anonymisedAttachment, anonymiseReport, reportAttachment, type PdfAttachment, buildIntakeRecordModel, buildReportModel, renderPdf, reviewSummary, type DocumentReview, type MissingCharacter, type ReportModel } from '../../shared/report';
import { sha256Hex } from '../../shared/vault/encoding';
import { ReportingPolicy } from '../../shared/domain/vocab';
import { DEFAULT_REPORTING_POLICY, parseCaseFile, reportInputFromCaseFile, type CaseFile } from '../../shared/report/caseFile';
import { catalogs, defaultLanguage, type CliMessageKey, type Language } from '../../shared/i18n';
import { parseArgs } from '../args';
import { argsLanguage, cliText, columns, padTo, parseLanguage } from '../language';
import { loadReportFonts } from '../fonts';
import { errorCode } from '../io';
import type { CommandIo } from './verify';
import { readCertificates } from './verify';

const renderSynopsis = 'attest render CASE.json --out FILE.pdf [--intake | --variant anonymised|summary [--report SIGNED.pdf]] [--cert CERT.pem] [--policy consent-based|automatic] [--lang xx]';
export const renderUsage = `Usage: ${renderSynopsis}`;

const VARIANTS = ['anonymised', 'summary'] as const;
type Variant = (typeof VARIANTS)[number];

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
    const R = catalogs[language].cli.render;
    const width = Math.max(columns(R.replaced), columns(R.flagged));
    for (const m of passage.matches) {
      const action = m.action === 'replace' ? R.replaced : R.flagged;
      lines.push(`    ${padTo(action, width)} ${JSON.stringify(passage.text.slice(m.start, m.end))}: ${R.reason[m.reason]}`);
    }
  }
  return lines;
}

/** Most problems listed; a file with more is probably not a case file at all. */
const MAX_ISSUES = 40;

/** Where `JSON.parse` stopped, as line and column, when its message says; never a piece of the text. */
function jsonPosition(text: string, error: unknown): { line: number; column: number } | null {
  const match = error instanceof Error ? /at position (\d+)/.exec(error.message) : null;
  if (match === null) return null;
  const before = text.slice(0, Number(match[1]));
  return { line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

/**
 * Reads, parses and checks a case file; on failure prints why (prefixed with `command`) and returns
 * null. Used by `render`; `example` checks its own case the same way.
 */
export async function loadCaseFile(path: string, io: CommandIo, command: string, now: Date, language: Language = 'en'): Promise<CaseFile | null> {
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(language, key, params);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (error) {
    io.stderr(`attest ${command}: ${t('render.caseUnreadable', { code: errorCode(error) })}`);
    return null;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    io.stderr(`attest ${command}: ${t('render.notUtf8')}`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const at = jsonPosition(text, error);
    io.stderr(`attest ${command}: ${at === null ? t('render.notJson') : t('render.notJsonAt', at)}`);
    return null;
  }
  const parsed = parseCaseFile(json, { now });
  if (!parsed.success) {
    const count = parsed.issues.length;
    io.stderr(`attest ${command}: ${t('render.invalid', { count })}`);
    for (const issue of parsed.issues.slice(0, MAX_ISSUES)) io.stderr(`  ${issue.path === '' ? t('render.wholeFile') : issue.path}: ${issue.message}`);
    if (count > MAX_ISSUES) io.stderr(`  ${t('render.more', { count: count - MAX_ISSUES })}`);
    return null;
  }
  return parsed.data;
}

/** Runs `render` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const messages = argsLanguage(argv, io.env);
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(messages, key, params);
  const fail = (message: string): number => {
    io.stderr(`attest render: ${message}\n${t('usage', { synopsis: renderSynopsis })}`);
    return 2;
  };
  const parsed = parseArgs(argv, { options: ['--out', '--cert', '--policy', '--variant', '--report', '--lang'], flags: ['--intake'] }, messages);
  if (!parsed.ok) return fail(parsed.error);
  const { values, flags, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined) return fail(t('render.needInputAndOut'));

  const variantArg = values.get('--variant');
  const variant = variantArg === undefined ? null : (VARIANTS as readonly string[]).includes(variantArg) ? (variantArg as Variant) : undefined;
  if (variant === undefined || (variant !== null && flags.has('--intake'))) return fail(t('render.variant'));
  const reportPath = values.get('--report');
  if ((variant === 'summary') !== (reportPath !== undefined)) return fail(t('render.summaryReport'));
  let reportSha256: string | null = null;
  if (reportPath !== undefined) {
    try {
      reportSha256 = await sha256Hex(new Uint8Array(await io.readFile(reportPath)));
    } catch (error) {
      io.stderr(`attest render: ${t('render.reportUnreadable', { code: errorCode(error) })}`);
      return 2;
    }
  }

  const policy = ReportingPolicy.safeParse(values.get('--policy') ?? DEFAULT_REPORTING_POLICY);
  if (!policy.success) return fail(t('render.policy'));

  const langArg = values.get('--lang');
  const lang = langArg === undefined ? null : parseLanguage(langArg, messages);
  if (lang !== null && !lang.ok) return fail(lang.error);
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
      io.stderr(`attest render: ${t('render.certUnreadable', { code: errorCode(error) })}`);
      return 2;
    }
  }

  const caseFile = await loadCaseFile(input, io, 'render', new Date(), messages);
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
    io.stderr(`attest render: ${t('render.failed', { code: errorCode(error) })}`);
    return 1;
  }
  try {
    await io.writeFile(out, bytes);
  } catch (error) {
    io.stderr(`attest render: ${t('render.unwritable', { code: errorCode(error) })}`);
    return 2;
  }
  const what = catalogs[messages].cli.render.what[variant ?? (flags.has('--intake') ? 'intake' : 'report')];
  io.stdout(t('render.rendered', { what, caseNumber: caseFile.caseNumber, version: String(caseFile.reportVersion), size: (bytes.length / 1024).toFixed(0) }));
  if (review !== null) for (const line of reviewLines(review, messages)) io.stdout(line);
  // Before signing, the clinician sees what did not print: each such character is a □ on the page.
  if (missing.length > 0) {
    io.stderr(`attest render: ${t('render.missing', { count: missing.length })}`);
    for (const m of missing) io.stderr(`  ${t('render.missingAt', { codePoint: m.codePoint, character: m.character, where: m.where })}`);
  }
  return 0;
}
