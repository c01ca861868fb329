/**
 * Countersigning a colleague's report in the app (issue #17 item 4), as `attest sign --countersign`
 * does: verify first; an INVALID or MODIFIED file, one's own report, or a report whose boxes are all
 * signed is refused (`countersignPlan`). Then, as for signing a report, in two halves: `prepare…`
 * reads the received file and this install's identity without the key, the signing dialog shows those
 * very pages and asks for the passphrase again, and `signPrepared…` signs exactly those bytes (an
 * approval signature in the next countersignature box, its role and the comment in the reason, the box
 * drawn with who countersigned, in what role and when, in the chosen language), checks that the result
 * verifies with the author's signature still intact, and records the act in the audit chain. The
 * countersigned file is then saved through the platform adapter; nothing of the received report is
 * stored here.
 *
 * Also, on the author's install: which stored version a countersigned file is (`recogniseCountersigned`).
 */
import type { i18n } from 'i18next';
import type { Platform } from '../../shared/platform';
import type { Language } from '../../shared/i18n';
import type { CountersignRefusal, CountersignRole, PdfVerification, TimestampFailure } from '../../shared/signing';
import { sha256Hex } from '../../shared/vault/encoding';
import { LOCAL_ACTOR_ID, type KeptCountersigner, type Repositories, type StoredReportMatch } from '../db/repos';
import type { SigningConsent } from '../vault/context';
import { loadUiLanguage } from '../app/i18n';
import { checkConsent, checkUnchanged, MakeReportError, type PreparedDocument, type PreparedSigner } from './makeReport';
import { reportFonts } from './fonts';
import { signingTimestamp } from './timestamping';

const signing = () => import('../../shared/signing');

/** A refusal found when the dialog prepares (the file or this install changed since it was verified). */
export class CountersignRefusedError extends MakeReportError {
  constructor(readonly refusal: CountersignRefusal) {
    super('countersign-refused');
  }
}

/** Verifies `bytes` against what this install trusts, as "Verify a report" does. */
export async function verifyHere(repos: Repositories, bytes: Uint8Array): Promise<PdfVerification> {
  const [{ verifyPdf }, identity, trusted, tsa] = await Promise.all([
    signing(),
    repos.identity.get().catch(() => null),
    repos.trust.list().catch(() => []),
    repos.timestampAuthority.get().catch(() => null),
  ]);
  const own = identity?.certificate ? [identity.certificate] : [];
  return verifyPdf(bytes, { trust: { certificates: [...own, ...trusted.map((c) => c.der)], own }, ...(tsa ? { timestampTrust: { certificates: tsa.certificates } } : {}) });
}

/** Whether this install can countersign the verified file (in which box), or why not; `no-identity` without a signing key. */
export async function countersignability(repos: Repositories, result: PdfVerification, bytes: Uint8Array): Promise<{ readonly field: string } | { readonly refusal: CountersignRefusal | 'no-identity' }> {
  const identity = await repos.identity.get().catch(() => null);
  if (!identity?.certificate) return { refusal: 'no-identity' };
  const { countersignPlan } = await signing();
  const { signatureFields } = await import('../../shared/signing/fields');
  let fields: ReturnType<typeof signatureFields> = [];
  try {
    fields = result.kind === 'signed' ? signatureFields(bytes) : [];
  } catch {
    return { refusal: 'not-signed' };
  }
  return countersignPlan(result, fields, identity.certificate);
}

export interface CountersignRequest {
  readonly repos: Repositories;
  readonly i18n: i18n;
  /** The received file, exactly as opened. */
  readonly bytes: Uint8Array;
  readonly role: CountersignRole;
  readonly comment: string;
  /** The language of the box's words (role, certificate); the comment stays as typed. */
  readonly language: Language;
}

/** A received report ready to countersign: the bytes to sign, the box, and who signs. */
export interface PreparedCountersignature {
  readonly document: PreparedDocument;
  readonly signer: PreparedSigner;
  readonly field: string;
  readonly role: CountersignRole;
  readonly comment: string;
  readonly language: Language;
  readonly i18n: i18n;
}

/** Checks the received file again and reads who will sign: no key is used. */
export async function prepareCountersignature(request: CountersignRequest): Promise<PreparedCountersignature> {
  const { repos, bytes } = request;
  const identity = await repos.identity.get();
  if (!identity?.certificate) throw new MakeReportError('no-identity');
  const pdf = new Uint8Array(bytes);
  const plan = await countersignability(repos, await verifyHere(repos, pdf), pdf);
  if ('refusal' in plan) throw plan.refusal === 'no-identity' ? new MakeReportError('no-identity') : new CountersignRefusedError(plan.refusal);
  const { certificateFingerprint } = await signing();
  const [fingerprint, sha256] = await Promise.all([certificateFingerprint(identity.certificate), sha256Hex(pdf), loadUiLanguage(request.i18n, request.language)]);
  return {
    document: { kind: 'received_report', documentId: crypto.randomUUID(), pdf, sha256, block: { pageIndex: 0, rect: [0, 0, 0, 0] }, field: plan.field, missing: [] },
    signer: { name: identity.profile.name, fingerprint },
    field: plan.field,
    role: request.role,
    comment: request.comment.trim(),
    language: request.language,
    i18n: request.i18n,
  };
}

/** The countersigned file, and why its signature carries no timestamp when one was asked for and none could be had. */
export interface Countersigned {
  readonly pdf: Uint8Array<ArrayBuffer>;
  readonly sha256: string;
  readonly timestampFailure: TimestampFailure | null;
}

/**
 * Countersigns exactly the prepared bytes with this install's key, only with a fresh `consent` (the
 * passphrase typed again in the signing dialog); the result must verify, the author's signature
 * intact and nothing changed that the signatures do not allow, or nothing is returned.
 */
export async function signPreparedCountersignature(repos: Repositories, prepared: PreparedCountersignature, consent: SigningConsent, platform?: Platform, now: () => Date = () => new Date()): Promise<Countersigned> {
  checkConsent(consent);
  await checkUnchanged(prepared.document);
  const signer = await repos.identity.signingIdentity();
  if (!signer) throw new MakeReportError('no-key');
  const [{ signPdfDetailed, verifyPdf, countersignReason }, { equalBytes }, fonts] = await Promise.all([signing(), import('../../shared/signing/bytes'), reportFonts()]);
  const timestamp = platform === undefined ? null : await signingTimestamp(repos, platform);
  const signedAt = now();
  const t = prepared.i18n.getFixedT(prepared.language);
  const fingerprint = prepared.signer.fingerprint;
  const lines = [
    t('signing:countersign.box.heading', { role: t(`signing:countersign.box.role.${prepared.role}`), time: `${signedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` }),
    prepared.signer.name,
    t('signing:countersign.box.certificate'),
    fingerprint.slice(0, 47),
    fingerprint.slice(48),
    ...(prepared.comment === '' ? [] : [t('signing:countersign.box.comment', { comment: prepared.comment })]),
  ];
  const before = await verifyPdf(prepared.document.pdf, { trust: { certificates: [] } });
  let signed: Awaited<ReturnType<typeof signPdfDetailed>>;
  try {
    signed = await signPdfDetailed(prepared.document.pdf, { privateKey: signer.privateKey, certificate: signer.certificate, chain: signer.chain }, {
      signingTime: signedAt,
      name: prepared.signer.name,
      reason: countersignReason(prepared.role, prepared.comment),
      field: prepared.field,
      countersign: { role: prepared.role },
      appearance: { lines, font: fonts.regular, ...(fonts.fallbacks === undefined ? {} : { fallbacks: fonts.fallbacks }), language: prepared.language },
      ...(timestamp === null ? {} : { timestamp }),
    });
  } catch (cause) {
    throw new MakeReportError('sign-failed', { cause });
  }
  // What leaves here must verify: the new signature intact over the whole file, the author's still intact, no new change.
  const check = await verifyPdf(signed.pdf, { trust: { certificates: [signer.certificate] } });
  const made = check.signatures.find((s) => s.signerCertificate !== null && equalBytes(s.signerCertificate, signer.certificate) && s.coversWholeDocument);
  const intact = check.signatures.every((s) => s.digestValid && s.signatureValid);
  if (!made || !intact || made.problems.length > 0 || check.changes.length > before.changes.length) throw new MakeReportError('sign-failed');
  try {
    await repos.audit.append({ at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'sign', recordType: 'report', recordId: null, detail: { sha256: check.sha256 } });
  } catch (cause) {
    throw new MakeReportError('store-failed', { cause });
  }
  const outcome = signed.timestamp;
  return { pdf: new Uint8Array(signed.pdf), sha256: check.sha256, timestampFailure: outcome?.status === 'failed' ? outcome.code : null };
}

/** A countersigned file recognised on the author's install: the stored version it begins with, and the countersignatures after it. */
export interface Recognised {
  readonly match: StoredReportMatch;
  /** How many first bytes of the file are that version. */
  readonly versionLength: number;
  readonly countersigners: readonly KeptCountersigner[];
  /** The kept countersignature with this very file, when it was kept already. */
  readonly keptId: string | null;
}

/**
 * On the author's install: the stored version a countersigned file begins with (the longest signed
 * prefix whose SHA-256 is a stored version's), and the countersignatures made after it; null when
 * the file is a stored version itself, carries no countersignature after one, or no version matches
 * (then it is shown as a received report, and nothing is added).
 */
export async function recogniseCountersigned(repos: Repositories, result: PdfVerification, bytes: Uint8Array): Promise<Recognised | null> {
  if (result.kind !== 'signed') return null;
  const { signedPrefixes, countersignComment } = await signing();
  for (const end of signedPrefixes(result, bytes.length)) {
    const match = await repos.reports.findBySha256(await sha256Hex(bytes.subarray(0, end))).catch(() => null);
    if (match === null) continue;
    const after = result.signatures.filter((s) => s.kind === 'approval' && s.role !== null && s.byteRange !== null && (s.byteRange[2] ?? 0) + (s.byteRange[3] ?? 0) > end);
    if (after.length === 0) return null;
    const countersigners = after.map((s): KeptCountersigner => ({
      signerName: s.signerName,
      fingerprint: s.fingerprint,
      role: s.role ?? 'second-reader',
      comment: countersignComment(s.reason, s.role),
      signingTime: s.signingTime,
      timeSource: s.timeSource === 'timestamp' ? 'timestamp' : 'claimed',
      tsaName: s.timeSource === 'timestamp' ? (s.signatureTimestamp?.tsaName ?? null) : null,
    }));
    const kept = await repos.countersignatures.findBySha256(result.sha256).catch(() => null);
    return { match, versionLength: end, countersigners, keptId: kept?.id ?? null };
  }
  return null;
}
