/**
 * `attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [options]`: signs a PDF
 * report (PAdES B-B, by incremental update) with the identity in a PKCS#12 file whose password is read
 * from the environment variable VAR (never from the command line, where other users and shell history
 * would see it).
 *
 * The first signature of a report is its author's: a certification signature (DocMDP /P 2: only
 * signing allowed afterwards) in the field the report prepared over its signature box, and only by the
 * clinician the report names (the certificate it names, or else the same name). A signed report takes
 * only countersignatures, with `--countersign ROLE` (second-reader, peer-review, supervisor): an
 * approval signature locking its field, in the next empty countersignature box, by someone other than
 * the author. A report that verification calls MODIFIED or INVALID is not signed without `--force`.
 *
 * Exit codes: 0 signed and written; 1 refused or failed (wrong password, a signer the report does not
 * name, a MODIFIED or INVALID document, a signature that would not verify); 2 bad arguments or a file
 * that cannot be read, written, or is not a readable PDF.
 */
import { IdentityError, importPkcs12, signingCertificateProblem } from '../../shared/identity';
import { certificateFingerprint, COUNTERSIGN_ROLE_TEXT, COUNTERSIGN_ROLES, countersignReason, describeChange, signPdfDetailed, SigningError, VERDICT_WORDS, verifyPdf, type CountersignRole, type SignOptions, type TimestampOutcome } from '../../shared/signing';
import { httpTimestampTransport, type TimestampPolicy, type TimestampTransport } from '../../shared/signing/timestamp';
import { readCertificates } from './verify';
import { equalBytes } from '../../shared/signing/bytes';
import { parseCertificate, subjectCommonName } from '../../shared/signing/certificate';
import { signatureFields } from '../../shared/signing/fields';
import { parseArgs } from '../args';
import { loadReportFonts } from '../fonts';
import { argsLanguage, cliText } from '../language';
import { catalogs, type CliMessageKey, type Language } from '../../shared/i18n';
import type { CommandIo } from './verify';

/** An identity error's text (`error.wrongPassword`) from the `identity` catalog in `language`. */
function identityText(language: Language, key: `error.${string}`): string {
  const table = catalogs[language].identity.error as Readonly<Record<string, string>>;
  return table[key.slice('error.'.length)] ?? key;
}

export type { CommandIo } from './verify';

const signSynopsis =
  'attest sign FILE.pdf --p12 ID.p12 --password-env VAR --out SIGNED.pdf [--countersign second-reader|peer-review|supervisor] [--comment TEXT] [--reason TEXT] [--location TEXT] [--name TEXT] [--force] [--tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]] [--lang xx]';
export const signUsage = `Usage: ${signSynopsis}`;

/** The words of the countersignature box on the page: the report's, in English like the rest of the box (its language is not known here); the app's are in the language chosen. */
const ROLE_TEXT: Readonly<Record<CountersignRole, string>> = COUNTERSIGN_ROLE_TEXT;

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
}

/** Names compared as a person would: Unicode-normalised, case and spacing ignored. */
function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** Runs `sign` with the arguments after the command name; returns the exit code. */
export async function run(argv: readonly string[], io: CommandIo, now: () => Date = () => new Date()): Promise<number> {
  const language = argsLanguage(argv, io.env);
  const t = (key: CliMessageKey, params: Readonly<Record<string, string | number>> = {}): string => cliText(language, key, params);
  const S = catalogs[language].cli.sign;
  const fail = (message: string): number => {
    io.stderr(`attest sign: ${message}\n${t('usage', { synopsis: signSynopsis })}`);
    return 2;
  };
  const parsed = parseArgs(argv, { options: ['--p12', '--password-env', '--out', '--reason', '--location', '--name', '--countersign', '--comment', '--tsa', '--tsa-trust', '--tsa-credentials-env', '--lang'], flags: ['--force'] }, language);
  if (!parsed.ok) return fail(parsed.error);
  const { values, flags, positional } = parsed.args;
  const [input] = positional;
  const p12Path = values.get('--p12');
  const passwordVar = values.get('--password-env');
  const out = values.get('--out');
  if (input === undefined || positional.length > 1 || !p12Path || !passwordVar || !out) return fail(S.needArguments);
  const roleArg = values.get('--countersign');
  const role = roleArg === undefined ? null : (COUNTERSIGN_ROLES.find((r) => r === roleArg) ?? undefined);
  if (role === undefined) return fail(t('sign.role', { roles: COUNTERSIGN_ROLES.join(', ') }));
  const password = io.env[passwordVar];
  if (password === undefined) {
    io.stderr(`attest sign: ${t('sign.passwordUnset', { variable: passwordVar })}`);
    return 2;
  }

  let pdf: Uint8Array;
  let p12: Uint8Array;
  try {
    pdf = await io.readFile(input);
  } catch (error) {
    io.stderr(`attest sign: ${t('sign.pdfUnreadable', { code: errorCode(error) })}`);
    return 2;
  }
  try {
    p12 = await io.readFile(p12Path);
  } catch (error) {
    io.stderr(`attest sign: ${t('sign.p12Unreadable', { code: errorCode(error) })}`);
    return 2;
  }

  // What the document is now, with the same verification as `attest verify` (trust does not matter here).
  const before = await verifyPdf(pdf, { trust: { certificates: [] } });
  if (before.kind === 'not-pdf' || before.kind === 'unreadable') {
    io.stderr(`attest sign: ${before.kind === 'not-pdf' ? S.notPdf : t('sign.pdfDamaged', { problem: before.structureProblem ?? S.damagedStructure })}`);
    return 2;
  }
  if ((before.verdict === 'modified' || before.verdict === 'invalid') && !flags.has('--force')) {
    io.stderr(`attest sign: ${t('sign.refused', { verdict: VERDICT_WORDS[before.verdict] })}`);
    for (const change of before.changes.slice(0, 5)) io.stderr(`  - ${describeChange(change, language)}`);
    io.stderr(`  ${S.refusedHint}`);
    return 1;
  }

  let identity;
  try {
    identity = await importPkcs12(p12, password);
  } catch (error) {
    io.stderr(`attest sign: ${error instanceof IdentityError ? identityText(language, error.messageKey) : t('sign.p12Unusable', { code: errorCode(error) })}`);
    return 1;
  }
  const certificate = parseCertificate(identity.certificate);
  const signerName = certificate ? subjectCommonName(certificate) : null;
  const signingTime = now();
  // The same policy as importing an identity in the app: a certificate that cannot sign now makes a signature no one can rely on.
  const unusable = signingCertificateProblem(identity.certificate, signingTime);
  if (unusable !== null) {
    io.stderr(`attest sign: ${S.certificate[unusable]}`);
    return 1;
  }

  const fields = signatureFields(pdf);
  const signedAlready = before.kind === 'signed';
  let field: string | undefined;
  if (!signedAlready) {
    if (role !== null) {
      io.stderr(`attest sign: ${S.nothingToCountersign}`);
      return 2;
    }
    const author = fields.find((f) => !f.signed && !f.locked && f.visible) ?? null;
    if (author) {
      field = author.name;
      if (author.requiredCertificates === null && author.signerName !== null && (signerName === null || !sameName(author.signerName, signerName))) {
        io.stderr(`attest sign: ${t('sign.notTheAuthor', { author: author.signerName, signer: signerName ?? S.unnamed })}`);
        return 1;
      }
    }
  } else {
    const authorCertificate = before.signatures[0]?.signerCertificate ?? null;
    if (role === null) {
      io.stderr(`attest sign: ${t('sign.alreadySigned', { author: before.signatures[0]?.signerName ?? S.someone, roles: COUNTERSIGN_ROLES.join('|') })}`);
      return 1;
    }
    if (authorCertificate && equalBytes(authorCertificate, identity.certificate)) {
      io.stderr(`attest sign: ${S.ownReport}`);
      return 1;
    }
    field = fields.find((f) => !f.signed && f.locked && f.visible)?.name;
  }

  const comment = values.get('--comment');
  // A countersignature in a prepared box says on the page who countersigned, in what role and when.
  let appearance: SignOptions['appearance'];
  if (role !== null && field !== undefined) {
    const fingerprint = await certificateFingerprint(identity.certificate);
    const fonts = await loadReportFonts().catch(() => null);
    if (fonts) {
      appearance = {
        font: fonts.regular,
        ...(fonts.fallbacks === undefined ? {} : { fallbacks: fonts.fallbacks }),
        lines: [
          `Countersigned (${ROLE_TEXT[role]}), ${signingTime.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
          signerName ?? 'unknown signer',
          'Certificate SHA-256:',
          fingerprint.slice(0, 47),
          fingerprint.slice(48),
          ...(comment ? [`“${comment}”`] : []),
        ],
      };
    }
  }
  const reason = values.get('--reason') ?? (role === null ? 'Author of this medico-legal report' : countersignReason(role, comment));
  const location = values.get('--location');
  const name = values.get('--name') ?? signerName ?? undefined;
  const tsa = await timestampOption(values, io, language);
  if (typeof tsa === 'string') return fail(tsa);
  let signed: Uint8Array;
  let stamped: TimestampOutcome | null = null;
  try {
    ({ pdf: signed, timestamp: stamped } = await signPdfDetailed(pdf, identity, {
      ...(tsa ? { timestamp: tsa } : {}),
      signingTime,
      reason,
      ...(location === undefined ? {} : { location }),
      ...(name === undefined ? {} : { name }),
      ...(field === undefined ? {} : { field }),
      ...(appearance === undefined ? {} : { appearance }),
      ...(role === null ? { certify: { permission: 2 as const } } : { countersign: { role } }),
    }));
  } catch (error) {
    if (error instanceof SigningError) {
      io.stderr(`attest sign: ${error.code === 'wrong-signer' ? S.wrongSigner : error.message}`);
      return error.code === 'unreadable-pdf' || error.code === 'not-pdf' ? 2 : 1;
    }
    io.stderr(`attest sign: ${t('sign.failed', { detail: error instanceof Error ? ` (${error.message})` : '' })}`);
    return 1;
  }

  // Check what we made before writing it: a signature that does not verify, or a change it does not allow, must never leave here.
  const check = await verifyPdf(signed, { trust: { certificates: [identity.certificate] } });
  const made = check.signatures.find((s) => s.signerCertificate !== null && equalBytes(s.signerCertificate, identity.certificate) && s.coversWholeDocument);
  if (!made || !made.digestValid || !made.signatureValid || made.problems.length > 0 || check.changes.length > before.changes.length) {
    io.stderr(`attest sign: ${S.didNotVerify}`);
    return 1;
  }
  try {
    await io.writeFile(out, signed);
  } catch (error) {
    io.stderr(`attest sign: ${t('sign.unwritable', { code: errorCode(error) })}`);
    return 2;
  }
  const V = catalogs[language].cli.verify;
  const what = role === null ? S.certified : t('sign.countersigned', { role: V.role[role] });
  io.stdout(t('sign.signed', { signer: made.signerName ?? V.unknownSigner, what, field: made.fieldName ?? S.newField, count: check.signatures.length, sha256: check.sha256 }));
  const outcome = stamped;
  if (outcome?.status === 'attested') {
    io.stdout(t('sign.attested', { authority: outcome.tsaName ?? V.theAuthority, time: outcome.time.toISOString().replace('.000Z', 'Z') }));
  } else if (outcome?.status === 'failed') {
    io.stdout(t('sign.noTimestamp', { message: outcome.message }));
  }
  return 0;
}

/**
 * `--tsa URL [--tsa-trust CERT.pem] [--tsa-credentials-env VAR]`: the timestamp authority to ask, the
 * certificate (its CA, or itself) its answers must chain to, and an environment variable holding
 * `user:password` for HTTP basic authentication (never on the command line). Null without --tsa; a
 * string is what is wrong with the options.
 */
export async function timestampOption(values: ReadonlyMap<string, string>, io: CommandIo, language: Language = 'en'): Promise<{ transport: TimestampTransport; policy: TimestampPolicy } | null | string> {
  const S = catalogs[language].cli.sign;
  const url = values.get('--tsa');
  if (url === undefined) {
    return values.has('--tsa-trust') || values.has('--tsa-credentials-env') ? S.tsaOptions : null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return S.tsaUrl;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return S.tsaUrl;
  if (parsed.username || parsed.password) return S.tsaCredentialsInUrl;
  let anchors: Uint8Array[] = [];
  const trustPath = values.get('--tsa-trust');
  if (trustPath !== undefined) {
    try {
      anchors = readCertificates(await io.readFile(trustPath));
    } catch {
      return S.tsaTrust;
    }
  }
  const credentialsVar = values.get('--tsa-credentials-env');
  let credentials: { username: string; password: string } | null = null;
  if (credentialsVar !== undefined) {
    const value = io.env[credentialsVar];
    const colon = value?.indexOf(':') ?? -1;
    if (value === undefined || colon < 0) return cliText(language, 'sign.tsaCredentials', { variable: credentialsVar });
    credentials = { username: value.slice(0, colon), password: value.slice(colon + 1) };
  }
  return { transport: httpTimestampTransport(fetch, parsed.toString(), { timeoutMs: 10_000, ...(credentials ?? {}) }), policy: { anchors } };
}
