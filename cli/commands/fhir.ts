/**
 * `attest fhir CASE.json [--anonymised] [--transaction] [--report SIGNED.pdf] [--out BUNDLE.json] [--lang xx]`:
 * the case as a FHIR R4 Bundle (shared/fhir; docs/fhir-mapping.md). With --report, the signed PDF is
 * verified first and added as a DocumentReference with a Provenance per signature; a PDF whose
 * signatures are not intact is refused.
 *
 * `attest stats STATISTICS.json --format measure-report|dhis2 [--dhis2-mapping MAPPING.json] [--out FILE] [--lang xx]`:
 * converts the app's statistics export (already suppressed) into a FHIR MeasureReport or a DHIS2
 * dataValueSets payload.
 *
 * Without --out the JSON goes to stdout and nothing else does. Messages are in the CLI's language
 * (--lang, else the locale). Exit codes: 0 written; 1 the output could not be written or the report is
 * not validly signed; 2 bad arguments or input. No path or case data is printed.
 */
import { caseToFhirBundle, Dhis2Mapping, statisticsToDhis2, statisticsToMeasureReport, type SignedReport } from '../../shared/fhir';
import type { Language } from '../../shared/i18n';
import { verifyPdf } from '../../shared/signing/verify';
import { parseStatisticsJson } from '../../shared/stats/parse';
import { parseArgs } from '../args';
import { errorCode } from '../io';
import { cliText, messageLanguage, parseLanguage } from '../language';
import { loadCaseFile } from './render';
import type { CommandIo } from './verify';

export const fhirUsage = 'Usage: attest fhir CASE.json [--anonymised] [--transaction] [--report SIGNED.pdf] [--out BUNDLE.json] [--lang xx]';
export const statsUsage = 'Usage: attest stats STATISTICS.json --format measure-report|dhis2 [--dhis2-mapping MAPPING.json] [--out FILE.json] [--lang xx]';

async function output(io: CommandIo, out: string | undefined, json: unknown, language: Language, done: string): Promise<number> {
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (out === undefined) {
    io.stdout(text.trimEnd());
    io.stderr(done);
    return 0;
  }
  try {
    await io.writeFile(out, new TextEncoder().encode(text));
  } catch (error) {
    io.stderr(cliText(language, 'outputFailed', { code: errorCode(error) }));
    return 1;
  }
  io.stdout(done);
  return 0;
}

async function readJson(io: CommandIo, path: string): Promise<{ ok: true; json: unknown } | { ok: false; code: string }> {
  try {
    const bytes = await io.readFile(path);
    return { ok: true, json: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown };
  } catch (error) {
    return { ok: false, code: errorCode(error) };
  }
}

/** Runs `fhir`; returns the exit code. */
export async function runFhir(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv, { options: ['--out', '--report', '--lang'], flags: ['--anonymised', '--transaction'] });
  const lang = parsed.ok ? parsed.args.values.get('--lang') : undefined;
  const language = messageLanguage(lang, io.env);
  if (!parsed.ok) {
    io.stderr(`attest fhir: ${parsed.error}\n${fhirUsage}`);
    return 2;
  }
  const { values, flags, positional } = parsed.args;
  if (lang !== undefined) {
    const check = parseLanguage(lang);
    if (!check.ok) {
      io.stderr(`attest fhir: ${check.error}\n${fhirUsage}`);
      return 2;
    }
  }
  const [input] = positional;
  if (input === undefined || positional.length > 1) {
    io.stderr(`${cliText(language, 'fhirOneCase')}\n${fhirUsage}`);
    return 2;
  }
  const file = await loadCaseFile(input, io, 'fhir', new Date());
  if (file === null) return 2;
  let signedReport: SignedReport | undefined;
  const reportPath = values.get('--report');
  if (reportPath !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = await io.readFile(reportPath);
    } catch (error) {
      io.stderr(cliText(language, 'fhirReportUnreadable', { code: errorCode(error) }));
      return 2;
    }
    const verification = await verifyPdf(bytes);
    // Intact signatures are required; whether each signer is trusted here is for the receiver to judge.
    if (verification.verdict !== 'valid' && verification.verdict !== 'signer-not-trusted') {
      io.stderr(cliText(language, 'fhirReportNotSigned', { verdict: verification.verdict }));
      return 1;
    }
    signedReport = {
      bytes,
      sha256: verification.sha256,
      verdict: verification.verdict,
      signatures: verification.signatures.map((s) => ({ kind: s.kind, role: s.role, signerName: s.signerName, fingerprint: s.fingerprint, signingTime: s.signingTime })),
    };
  }
  const variant = flags.has('--anonymised') ? 'anonymised' : 'full';
  const bundleType = flags.has('--transaction') ? 'transaction' : 'collection';
  const bundle = caseToFhirBundle(file, { variant, bundleType, language, ...(signedReport === undefined ? {} : { signedReport }) });
  const done = cliText(language, variant === 'anonymised' ? 'fhirWrittenAnonymised' : 'fhirWritten', { type: bundleType, count: String(bundle.entry?.length ?? 0) });
  return output(io, values.get('--out'), bundle, language, done);
}

/** Runs `stats`; returns the exit code. */
export async function runStats(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv, { options: ['--out', '--format', '--dhis2-mapping', '--lang'], flags: [] });
  const lang = parsed.ok ? parsed.args.values.get('--lang') : undefined;
  const language = messageLanguage(lang, io.env);
  if (!parsed.ok) {
    io.stderr(`attest stats: ${parsed.error}\n${statsUsage}`);
    return 2;
  }
  const { values, positional } = parsed.args;
  const format = values.get('--format');
  const [input] = positional;
  if (input === undefined || positional.length > 1 || (format !== 'measure-report' && format !== 'dhis2')) {
    io.stderr(`${cliText(language, 'statsArguments')}\n${statsUsage}`);
    return 2;
  }
  const mappingPath = values.get('--dhis2-mapping');
  if (format === 'dhis2' && mappingPath === undefined) {
    io.stderr(`${cliText(language, 'dhis2MappingMissing')}\n${statsUsage}`);
    return 2;
  }
  const read = await readJson(io, input);
  if (!read.ok) {
    io.stderr(cliText(language, 'statsUnreadable', { code: read.code }));
    return 2;
  }
  const stats = parseStatisticsJson(read.json);
  if (!stats.ok) {
    io.stderr(cliText(language, 'statsInvalid', { issue: stats.issues[0] ?? '' }));
    return 2;
  }
  const { from, to } = stats.stats.period;
  if (format === 'measure-report') {
    const report = statisticsToMeasureReport(stats.stats, { date: new Date().toISOString() });
    return output(io, values.get('--out'), report, language, cliText(language, 'measureReportWritten', { from, to }));
  }
  const mappingRead = await readJson(io, mappingPath ?? '');
  if (!mappingRead.ok) {
    io.stderr(cliText(language, 'dhis2MappingUnreadable', { code: mappingRead.code }));
    return 2;
  }
  const mapping = Dhis2Mapping.safeParse(mappingRead.json);
  if (!mapping.success) {
    const issue = mapping.error.issues[0];
    io.stderr(cliText(language, 'dhis2MappingInvalid', { issue: issue === undefined ? '' : `${issue.path.join('.')}: ${issue.message}` }));
    return 2;
  }
  const result = statisticsToDhis2(stats.stats, mapping.data);
  if (!result.ok) {
    io.stderr(cliText(language, 'dhis2Period', { from, to }));
    return 2;
  }
  return output(io, values.get('--out'), result.dataValueSet, language, cliText(language, 'dhis2Written', { values: String(result.dataValueSet.dataValues.length), hidden: String(result.suppressedLeftOut) }));
}
