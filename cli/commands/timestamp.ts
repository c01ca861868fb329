/**
 * `attest timestamp FILE.pdf --tsa URL --out STAMPED.pdf [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]`:
 * adds a document timestamp (/DocTimeStamp, ETSI.RFC3161) by incremental update, as PAdES allows after
 * a certified signature: the time the document existed is then attested by the timestamp authority,
 * for a report signed offline (B-B), and over long-term validation data (B-LTA).
 *
 * Exit codes: 0 stamped and written; 1 the TSA failed or its answer was refused, or the document is
 * MODIFIED/INVALID; 2 bad arguments or a file that cannot be read or written.
 */
import { describeChange, TimestampError, timestampPdf, SigningError, VERDICT_WORDS, verifyPdf } from '../../shared/signing';
import { catalogs } from '../../shared/i18n';
import { parseArgs } from '../args';
import { argsLanguage, cliText } from '../language';
import { timestampOption } from './sign';
import type { CommandIo } from './verify';

const timestampSynopsis = 'attest timestamp FILE.pdf --tsa URL --out STAMPED.pdf [--tsa-trust CERT.pem] [--tsa-credentials-env VAR] [--lang xx]';
export const timestampUsage = `Usage: ${timestampSynopsis}`;

export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const language = argsLanguage(argv, io.env);
  const T = catalogs[language].cli.timestamp;
  const fail = (message: string): number => {
    io.stderr(`attest timestamp: ${message}\n${cliText(language, 'usage', { synopsis: timestampSynopsis })}`);
    return 2;
  };
  const parsed = parseArgs(argv, { options: ['--tsa', '--tsa-trust', '--tsa-credentials-env', '--out', '--lang'], flags: [] }, language);
  if (!parsed.ok) return fail(parsed.error);
  const { values, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined || !values.has('--tsa')) return fail(T.needArguments);
  const tsa = await timestampOption(values, io, language);
  if (tsa === null || typeof tsa === 'string') return fail(tsa ?? T.giveTsa);
  let pdf: Uint8Array;
  try {
    pdf = await io.readFile(input);
  } catch {
    io.stderr(`attest timestamp: ${T.pdfUnreadable}`);
    return 2;
  }
  const before = await verifyPdf(pdf, { trust: { certificates: [] } });
  if (before.kind === 'not-pdf' || before.kind === 'unreadable') {
    io.stderr(`attest timestamp: ${before.kind === 'not-pdf' ? T.notPdf : T.pdfDamaged}`);
    return 2;
  }
  if (before.verdict === 'modified' || before.verdict === 'invalid') {
    io.stderr(`attest timestamp: ${cliText(language, 'timestamp.refused', { verdict: VERDICT_WORDS[before.verdict] })}`);
    for (const change of before.changes.slice(0, 5)) io.stderr(`  - ${describeChange(change, language)}`);
    return 1;
  }
  let stamped: Awaited<ReturnType<typeof timestampPdf>>;
  try {
    stamped = await timestampPdf(pdf, tsa.transport, tsa.policy);
  } catch (error) {
    if (error instanceof TimestampError) {
      io.stderr(`attest timestamp: ${cliText(language, 'timestamp.tsaFailed', { message: error.message })}`);
      return 1;
    }
    io.stderr(`attest timestamp: ${error instanceof SigningError ? `${error.message}.` : T.failed}`);
    return error instanceof SigningError && (error.code === 'not-pdf' || error.code === 'unreadable-pdf') ? 2 : 1;
  }
  // What was made is checked as a recipient would check it before it is written.
  const check = await verifyPdf(stamped.pdf, { trust: { certificates: [] } });
  const made = check.signatures.at(-1);
  if (!made || made.kind !== 'timestamp' || !made.coversWholeDocument || !made.digestValid || !made.signatureValid || check.changes.length > before.changes.length) {
    io.stderr(`attest timestamp: ${T.didNotVerify}`);
    return 1;
  }
  try {
    await io.writeFile(out, stamped.pdf);
  } catch {
    io.stderr(`attest timestamp: ${T.unwritable}`);
    return 2;
  }
  io.stdout(cliText(language, 'timestamp.added', { authority: stamped.tsaName ?? catalogs[language].cli.verify.theAuthority, time: stamped.time.toISOString().replace('.000Z', 'Z'), revision: String(check.revisions), sha256: check.sha256 }));
  return 0;
}
