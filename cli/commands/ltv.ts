/**
 * `attest ltv FILE.pdf --out OUT.pdf [--crl-url URL] [--ocsp-url URL] [--tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]] [--lang xx]`:
 * adds long-term validation data (PAdES B-LT: a DSS with VRI, by incremental update): the certificates
 * of every signature's chain, and the CRLs and OCSP responses their certificates name (or those given
 * with --crl-url / --ocsp-url) that could be had; with --tsa, then a document timestamp over it (B-LTA),
 * so that the report can be validated offline years later.
 *
 * Exit codes: 0 written (every certificate has revocation data); 1 written but something could not be
 * had (a certificate without revocation data, the TSA failed), or the document is MODIFIED/INVALID and
 * nothing was written; 2 bad arguments or a file that cannot be read or written.
 */
import { SigningError, timestampPdf, TimestampError, VERDICT_WORDS, verifyPdf } from '../../shared/signing';
import { addValidationData, httpRevocationFetcher, type LtvGap } from '../../shared/signing/ltv';
import type { CliMessageKey, Language } from '../../shared/i18n';
import { parseArgs } from '../args';
import { cliText, messageLanguage } from '../language';
import { timestampOption } from './sign';
import type { CommandIo } from './verify';

export const ltvUsage = 'Usage: attest ltv FILE.pdf --out OUT.pdf [--crl-url URL] [--ocsp-url URL] [--tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]] [--lang xx]';

function httpUrl(value: string | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

const GAP_KEY: Readonly<Record<LtvGap['reason'], CliMessageKey>> = { 'no-source': 'ltvGapNoSource', unreachable: 'ltvGapUnreachable', unusable: 'ltvGapUnusable', stale: 'ltvGapStale' };

export async function run(argv: readonly string[], io: CommandIo, fetchImpl: typeof fetch = fetch): Promise<number> {
  const parsed = parseArgs(argv, { options: ['--out', '--crl-url', '--ocsp-url', '--tsa', '--tsa-trust', '--tsa-credentials-env', '--lang'], flags: [] });
  const language: Language = messageLanguage(parsed.ok ? parsed.args.values.get('--lang') : undefined, io.env);
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(language, key, params);
  if (!parsed.ok) {
    io.stderr(`attest ltv: ${parsed.error}\n${ltvUsage}`);
    return 2;
  }
  const { values, positional } = parsed.args;
  const [input] = positional;
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || out === undefined) {
    io.stderr(`${t('ltvArguments')}\n${ltvUsage}`);
    return 2;
  }
  const crlUrl = httpUrl(values.get('--crl-url'));
  const ocspUrl = httpUrl(values.get('--ocsp-url'));
  if (crlUrl === null || ocspUrl === null) {
    io.stderr(`${t('ltvBadUrl')}\n${ltvUsage}`);
    return 2;
  }
  const tsa = await timestampOption(values, io);
  if (typeof tsa === 'string') {
    io.stderr(`attest ltv: ${tsa}\n${ltvUsage}`);
    return 2;
  }
  let pdf: Uint8Array;
  try {
    pdf = await io.readFile(input);
  } catch {
    io.stderr(t('ltvReadFailed'));
    return 2;
  }
  const before = await verifyPdf(pdf, { trust: { certificates: [] } });
  if (before.kind !== 'signed') {
    io.stderr(t(before.kind === 'unsigned' ? 'ltvUnsigned' : 'ltvUnreadable'));
    return 2;
  }
  if (before.verdict === 'modified' || before.verdict === 'invalid') {
    io.stderr(t('ltvRefused', { verdict: VERDICT_WORDS[before.verdict] }));
    return 1;
  }
  let result: Awaited<ReturnType<typeof addValidationData>>;
  try {
    result = await addValidationData(pdf, { fetcher: httpRevocationFetcher(fetchImpl), ...(crlUrl ? { crlUrl } : {}), ...(ocspUrl ? { ocspUrl } : {}) });
  } catch (error) {
    io.stderr(error instanceof SigningError ? `attest ltv: ${error.message}` : t('ltvFailed'));
    return error instanceof SigningError ? 2 : 1;
  }
  // What was made is checked as a recipient would check it: the same signatures, intact, and no change they do not allow.
  const sameAsBefore = async (bytes: Uint8Array, extra: number): Promise<Awaited<ReturnType<typeof verifyPdf>> | null> => {
    const check = await verifyPdf(bytes, { trust: { certificates: [] } });
    const intact = check.signatures.every((s) => s.digestValid && s.signatureValid);
    return check.signatures.length === before.signatures.length + extra && intact && check.changes.length === before.changes.length ? check : null;
  };
  let final = result.pdf;
  let check = await sameAsBefore(final, 0);
  if (!check) {
    io.stderr(t('ltvCheckFailed'));
    return 1;
  }
  const lines = [
    t('ltvAdded', {
      revision: check.revisions,
      certificates: t('ltvCertificates', { count: result.added.certificates }),
      crls: t('ltvCrls', { count: result.added.crls }),
      ocsps: t('ltvOcsps', { count: result.added.ocspResponses }),
    }),
  ];
  let failed = false;
  for (const gap of result.gaps) {
    lines.push(t(GAP_KEY[gap.reason], { subject: gap.subject ?? '?' }));
    failed = true;
  }
  if (tsa) {
    try {
      const stamped = await timestampPdf(final, tsa.transport, tsa.policy);
      const stampedCheck = await sameAsBefore(stamped.pdf, 1);
      if (!stampedCheck) {
        io.stderr(t('ltvCheckFailed'));
        return 1;
      }
      final = stamped.pdf;
      check = stampedCheck;
      lines.push(t('ltvTimestamped', { tsa: stamped.tsaName ?? '?', time: stamped.time.toISOString().replace('.000Z', 'Z'), revision: check.revisions }));
    } catch (error) {
      // Nothing lost: the validation data is written (B-LT), and the timestamp can be added later.
      lines.push(t('ltvTimestampFailed', { reason: error instanceof TimestampError || error instanceof SigningError ? error.message : '?' }));
      failed = true;
    }
  }
  try {
    await io.writeFile(out, final);
  } catch {
    io.stderr(t('ltvWriteFailed'));
    return 2;
  }
  for (const line of lines) io.stdout(line);
  io.stdout(t('ltvSha', { sha: check.sha256 }));
  return failed ? 1 : 0;
}
