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
import { parseArgs } from '../args';
import { timestampOption } from './sign';
import type { CommandIo } from './verify';

export const timestampUsage = 'Usage: attest timestamp FILE.pdf --tsa URL --out STAMPED.pdf [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]';

export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(argv, { options: ['--tsa', '--tsa-trust', '--tsa-credentials-env', '--out'], flags: [] });
  if (!parsed.ok) {
    io.stderr(`attest timestamp: ${parsed.error}\n${timestampUsage}`);
    return 2;
  }
  const { values, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined || !values.has('--tsa')) {
    io.stderr(`attest timestamp: give one PDF, --tsa and --out.\n${timestampUsage}`);
    return 2;
  }
  const tsa = await timestampOption(values, io);
  if (tsa === null || typeof tsa === 'string') {
    io.stderr(`attest timestamp: ${tsa ?? 'give --tsa URL.'}\n${timestampUsage}`);
    return 2;
  }
  let pdf: Uint8Array;
  try {
    pdf = await io.readFile(input);
  } catch {
    io.stderr('attest timestamp: the PDF could not be read.');
    return 2;
  }
  const before = await verifyPdf(pdf, { trust: { certificates: [] } });
  if (before.kind === 'not-pdf' || before.kind === 'unreadable') {
    io.stderr(`attest timestamp: ${before.kind === 'not-pdf' ? 'this file is not a PDF' : 'this PDF cannot be read'}; nothing was added.`);
    return 2;
  }
  if (before.verdict === 'modified' || before.verdict === 'invalid') {
    io.stderr(`attest timestamp: verification calls this document ${VERDICT_WORDS[before.verdict]}; a timestamp would seem to vouch for it, so none was added.`);
    for (const change of before.changes.slice(0, 5)) io.stderr(`  - ${describeChange(change)}`);
    return 1;
  }
  let stamped: Awaited<ReturnType<typeof timestampPdf>>;
  try {
    stamped = await timestampPdf(pdf, tsa.transport, tsa.policy);
  } catch (error) {
    if (error instanceof TimestampError) {
      io.stderr(`attest timestamp: ${error.message}; the file is unchanged. Try again when the timestamp authority can be reached.`);
      return 1;
    }
    io.stderr(`attest timestamp: ${error instanceof SigningError ? error.message : 'the timestamp could not be added'}.`);
    return error instanceof SigningError && (error.code === 'not-pdf' || error.code === 'unreadable-pdf') ? 2 : 1;
  }
  // What was made is checked as a recipient would check it before it is written.
  const check = await verifyPdf(stamped.pdf, { trust: { certificates: [] } });
  const made = check.signatures.at(-1);
  if (!made || made.kind !== 'timestamp' || !made.coversWholeDocument || !made.digestValid || !made.signatureValid || check.changes.length > before.changes.length) {
    io.stderr('attest timestamp: the timestamped document did not verify; nothing was written.');
    return 1;
  }
  try {
    await io.writeFile(out, stamped.pdf);
  } catch {
    io.stderr('attest timestamp: the timestamped PDF could not be written.');
    return 2;
  }
  io.stdout(`Document timestamp added: time attested by ${stamped.tsaName ?? 'the timestamp authority'}: ${stamped.time.toISOString().replace('.000Z', 'Z')} (revision ${String(check.revisions)}). SHA-256 of the file: ${check.sha256}`);
  return 0;
}
