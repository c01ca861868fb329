/**
 * Making and signing a report version in the app. Signing is the last step, and a deliberate one, in
 * two halves: `prepare…` builds the report from the saved examination and renders it, without the
 * key; the signing dialog shows those very bytes and asks for the passphrase again; `signPrepared…`
 * then signs exactly those bytes with the clinician's key (PAdES B-B, visible block on the last
 * page) and only then stores them; storing version 1 locks the examination. A later version carries
 * every addendum so far and cites the previous version's SHA-256. The report states the reporting
 * policy (rule E13) read from the settings when it is made; a referral's documents state the policy
 * the referral was started under, as its cover letter does.
 *
 * The PDF and signing code is loaded on demand (it is large and only needed here).
 */
import type { i18n, TFunction } from 'i18next';
import type { ClinicianProfile } from '../../shared/identity';
import type { DocumentReview, MissingCharacter, RenderOptions, ReportClinician, ReportPhoto, ReviewDecisions } from '../../shared/report';
import type { SetAsideValue } from '../../shared/report/input';
import type { Authority } from '../../shared/domain/authority';
import type { Examination } from '../../shared/domain/examination';
import type { Referral } from '../../shared/domain/referral';
import { defaultLanguage, isLanguage, type Language } from '../../shared/i18n';
import { LOCAL_ACTOR_ID, type Addendum, type ReferralDocument, type ReferralDocumentKind, type Repositories, type ReportVersion } from '../db/repos';
import { toLocalIso } from '../forms/format';
import { sha256Hex } from '../../shared/vault/encoding';
import type { SigningConsent } from '../vault/context';
import type { Platform } from '../../shared/platform';
import type { TimestampFailure } from '../../shared/signing';
import { signingTimestamp } from './timestamping';
import { reportFonts } from './fonts';
import { loadUiLanguage } from '../app/i18n';

export type MakeReportErrorCode = 'no-identity' | 'no-key' | 'photo-unreadable' | 'render-failed' | 'not-confirmed' | 'sign-failed' | 'store-failed' | 'export-failed' | 'countersign-refused';

export class MakeReportError extends Error {
  override readonly name = 'MakeReportError';
  constructor(readonly code: MakeReportErrorCode, options?: { cause?: unknown }) {
    super(`The report could not be made (${code}).`, options);
  }
}

export interface MakeReportRequest {
  readonly repos: Repositories;
  readonly i18n: i18n;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly exam: Examination;
  readonly place: string;
  /** The versions already signed, oldest first (empty for version 1). */
  readonly previous: readonly ReportVersion[];
  /** The addendum that makes this version (absent for version 1). */
  readonly addendum?: Omit<Addendum, 'at'>;
  /** The language of the document (headings, labels, structured values); default: the UI language. */
  readonly language?: Language;
  readonly now?: () => Date;
}

/** The document's language: the one asked for, else the UI language if it has a catalog, else the default. */
export function documentLanguage(request: { readonly i18n: i18n; readonly language?: Language }): Language {
  if (request.language !== undefined) return request.language;
  const ui = request.i18n.resolvedLanguage ?? request.i18n.language;
  return isLanguage(ui) ? ui : defaultLanguage;
}

/**
 * The document's language, with its whole catalog loaded (the renderer fetches a language's strings on
 * demand; a report in another language than the UI's loads it here, before anything is built).
 */
async function loadDocumentLanguage(request: { readonly i18n: i18n; readonly language?: Language }): Promise<Language> {
  const language = documentLanguage(request);
  await loadUiLanguage(request.i18n, language);
  return language;
}

/**
 * The default language of the person's own copy: the language recorded for the copy when there is
 * one, else the first language recorded as one the person speaks, when it has a catalog (a tag such
 * as `ar-EG` counts as `ar`); else none (the caller then uses the UI language).
 */
export function personsLanguage(exam: Examination): Language | undefined {
  const recorded = exam.consent?.copyToPerson?.copyLanguage;
  for (const tag of [...(recorded ? [recorded] : []), ...(exam.identity?.languages ?? [])]) {
    const primary = tag.split('-')[0]?.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return undefined;
}

/**
 * What the signing dialog says about the person's copy (the signed report is what is handed over):
 * nothing when no recorded language of the person has a catalog; that the document is in the
 * person's language; or an offer to make it in that language (one click).
 */
export function personsCopyState(persons: Language | undefined, documentIn: Language): 'none' | 'chosen' | 'offer' {
  if (persons === undefined) return 'none';
  return persons === documentIn ? 'chosen' : 'offer';
}

/** The clinician as the report prints them: the profession as its label in the document's language (`t` is fixed to it). */
function reportClinician(profile: ClinicianProfile, t: TFunction): ReportClinician {
  return {
    name: profile.name,
    profession: t(`domain:vocab.examinerProfession.${profile.profession}`),
    qualifications: profile.qualifications,
    registrationBody: profile.registrationBody,
    registrationNumber: profile.registrationNumber,
    institution: profile.institution,
    ...(profile.role === undefined ? {} : { role: profile.role }),
  };
}

/** Where the visible signature block is drawn (by the renderer); the signature's widget covers it. */
export interface SignatureBlock {
  readonly pageIndex: number;
  readonly rect: readonly [number, number, number, number];
}

/** The kinds of document signed in the app: the report (a version), and a referral's documents. */
export type SignedDocumentKind = 'report' | ReferralDocumentKind;

/**
 * One document ready to sign: the unsigned PDF exactly as the clinician previews it. Nothing renders
 * it again: the signature is made over these bytes (checked against `sha256` just before).
 */
export interface PreparedDocument {
  /** What is signed: one of this install's documents, or a colleague's report received to countersign. */
  readonly kind: SignedDocumentKind | 'received_report';
  readonly documentId: string;
  readonly pdf: Uint8Array<ArrayBuffer>;
  /** SHA-256 (hex) of `pdf` when it was rendered. */
  readonly sha256: string;
  readonly block: SignatureBlock;
  /** The empty signature field the document prepared for its author (over `block`), or null. */
  readonly field: string | null;
  /**
   * For a referral's anonymised report or summary: the free-text passages it prints, with what was
   * replaced and what is flagged, for the clinician to review before signing (issue #19).
   */
  readonly review?: DocumentReview;
  /** Characters no embedded font has: printed as □, listed to the clinician before signing. */
  readonly missing: readonly MissingCharacter[];
}

/** Who will sign: printed in the dialog before the key is used. */
export interface PreparedSigner {
  readonly name: string;
  /** SHA-256 of the certificate, `AB:CD:…`. */
  readonly fingerprint: string;
}

/** A report version rendered and ready to sign (`prepareReport`), signed by `signPreparedReport`. */
export interface PreparedReport {
  readonly document: PreparedDocument;
  readonly signer: PreparedSigner;
  readonly caseId: string;
  readonly version: number;
  readonly place: string;
  readonly addenda: readonly Addendum[];
}

/** How long a passphrase confirmation lets the key sign: one act of signing, not a session. */
const CONSENT_MAX_AGE_MS = 10 * 60_000;

export function checkConsent(consent: SigningConsent): void {
  // The type says a confirmation was made; this says it was made for this act, moments ago.
  if (typeof consent.at !== 'number' || Date.now() - consent.at > CONSENT_MAX_AGE_MS || Date.now() < consent.at) throw new MakeReportError('not-confirmed');
}

/** The bytes are still the ones rendered and previewed (a preview that consumed or changed them is caught here). */
export async function checkUnchanged(document: PreparedDocument): Promise<void> {
  let same = false;
  try {
    same = (await sha256Hex(document.pdf)) === document.sha256;
  } catch {
    same = false;
  }
  if (!same) throw new MakeReportError('sign-failed');
}

type Rendered = { bytes: Uint8Array; signatureBlock: SignatureBlock; fields: { readonly author: string | null }; missing: readonly MissingCharacter[] };

async function prepared(kind: SignedDocumentKind, documentId: string, render: () => Promise<Rendered>, review?: () => DocumentReview | undefined): Promise<PreparedDocument> {
  let rendered: Rendered;
  try {
    rendered = await render();
  } catch (cause) {
    throw new MakeReportError('render-failed', { cause });
  }
  const pdf = new Uint8Array(rendered.bytes);
  const reviewed = review?.();
  return { kind, documentId, pdf, sha256: await sha256Hex(pdf), block: { pageIndex: rendered.signatureBlock.pageIndex, rect: rendered.signatureBlock.rect }, field: rendered.fields.author, missing: rendered.missing, ...(reviewed === undefined ? {} : { review: reviewed }) };
}

/**
 * Renders the report version to sign (version 1, or the next with `addendum`) from the saved
 * examination, without touching the key: the first half of signing, before the clinician reads the
 * pages and confirms with the passphrase.
 */
export async function prepareReport(request: MakeReportRequest): Promise<PreparedReport> {
  const { repos, caseId, exam, place, previous } = request;
  const now = request.now ?? (() => new Date());
  const identity = await repos.identity.get();
  if (!identity?.certificate) throw new MakeReportError('no-identity');
  const certificate = identity.certificate;

  const [{ buildReportModel, renderPdf, reportAttachment }, { certificateFingerprint }, fonts, settings] = await Promise.all([
    import('../../shared/report'),
    import('../../shared/signing'),
    reportFonts(),
    repos.settings.get(),
  ]);

  const photos: ReportPhoto[] = [];
  for (const [index, photograph] of (exam.findings?.photographs ?? []).entries()) {
    let jpeg: Uint8Array | null;
    try {
      jpeg = (await repos.attachments.get(caseId, photograph.attachmentId, 'display'))?.bytes ?? null;
    } catch (cause) {
      throw new MakeReportError('photo-unreadable', { cause });
    }
    if (jpeg === null) throw new MakeReportError('photo-unreadable');
    photos.push({ number: index + 1, photograph, jpeg });
  }

  const issuedAt = toLocalIso(now());
  const last = previous.at(-1);
  const addenda: Addendum[] = [...(last?.addenda ?? [])];
  if (request.addendum) addenda.push({ ...request.addendum, at: issuedAt });
  const version = (last?.version ?? 0) + 1;
  const documentId = crypto.randomUUID();
  const profile = identity.profile;
  const language = await loadDocumentLanguage(request);
  const t = request.i18n.getFixedT(language);
  const fingerprint = await certificateFingerprint(identity.certificate);

  const document = await prepared('report', documentId, async () => {
    const auditHead = await repos.audit.head();
    const previousVersion = last === undefined ? undefined : { version: last.version, sha256: last.sha256, signedAt: last.signedAt };
    // The case file travels inside the report (PDF/A-3 associated file), its SHA-256 printed in section XVII.
    const attached = await reportAttachment({ caseNumber: request.caseNumber, documentId, reportVersion: version, issuedAt, place, clinician: profile, examination: exam, auditHead, previousVersion, addenda });
    const model = buildReportModel({
      language,
      exam,
      caseNumber: request.caseNumber,
      documentId,
      reportVersion: version,
      issuedAt,
      place,
      clinician: reportClinician(profile, t),
      certificateFingerprint: fingerprint,
      auditHead,
      ...(previousVersion === undefined ? {} : { previousVersion }),
      addenda,
      photos,
      reportingPolicy: settings.reportingPolicy,
      thresholdHours: settings.thresholdHours,
      caseFile: attached.printed,
    });
    // The document prepares its author's signature field (naming this certificate) and the countersignature boxes.
    return renderPdf(model, fonts, { prepareSignatures: { authorName: profile.name, authorCertificate: certificate }, attachment: attached.attachment });
  });
  return { document, signer: { name: profile.name, fingerprint }, caseId, version, place, addenda };
}

/**
 * Signs exactly the prepared report's bytes with the clinician's key (PAdES B-B, visible block on
 * the last page) and stores the signed version; storing version 1 locks the examination. Only with a
 * fresh `consent` (the passphrase typed again in the signing dialog).
 */
export async function signPreparedReport(repos: Repositories, report: PreparedReport, consent: SigningConsent, now: () => Date = () => new Date(), platform?: Platform): Promise<SignedReport> {
  checkConsent(consent);
  await checkUnchanged(report.document);
  const signer = await repos.identity.signingIdentity();
  if (!signer) throw new MakeReportError('no-key');
  const { signPdfDetailed } = await import('../../shared/signing');
  // With a timestamp authority configured, the signature asks it for a token (B-T), checked before anything is stored.
  const timestamp = platform === undefined ? null : await signingTimestamp(repos, platform);
  const signedAt = now();
  const { version, place } = report;

  let signed: Awaited<ReturnType<typeof signPdfDetailed>>;
  try {
    signed = await signPdfDetailed(report.document.pdf, { privateKey: signer.privateKey, certificate: signer.certificate, chain: signer.chain }, {
      signingTime: signedAt,
      name: report.signer.name,
      reason: version === 1 ? 'Medico-legal report' : `Medico-legal report, version ${String(version)} (addendum)`,
      location: place,
      // The author's signature certifies the report: afterwards only signing (countersignatures) is allowed.
      certify: { permission: 2 },
      ...(report.document.field === null ? { widget: report.document.block } : { field: report.document.field }),
      ...(timestamp === null ? {} : { timestamp }),
    });
  } catch (cause) {
    throw new MakeReportError('sign-failed', { cause });
  }
  const outcome = signed.timestamp;
  try {
    const stored = await repos.reports.storeSigned({
      caseId: report.caseId,
      documentId: report.document.documentId,
      version,
      signedAt: toLocalIso(signedAt),
      place,
      addenda: report.addenda,
      bytes: signed.pdf,
      // No acceptable token: the version is kept as signed (B-B) and waits for a document timestamp.
      ...(outcome === null ? {} : { time: outcome.status === 'attested' ? { state: 'attested', tsaName: outcome.tsaName, attestedAt: outcome.time.toISOString() } : { state: 'waiting', failure: outcome.code } }),
    });
    return { ...stored, timestampFailure: outcome?.status === 'failed' ? outcome.code : null };
  } catch (cause) {
    throw new MakeReportError('store-failed', { cause });
  }
}

/** A stored version, and why its signature carries no timestamp when one was asked for and none could be had. */
export type SignedReport = ReportVersion & { readonly timestampFailure: TimestampFailure | null };

/**
 * The admission examination record (shorter than the report, from the same model code) for the
 * medical file or the person's copy: unsigned, made from the record as it stands, and its export
 * recorded in the audit chain (by case id, size and hash, never content).
 */
export async function makeIntakeRecord(request: Omit<MakeReportRequest, 'previous' | 'addendum'> & { readonly setAside?: readonly SetAsideValue[] }): Promise<Uint8Array> {
  const { repos, caseId, exam, place } = request;
  const now = request.now ?? (() => new Date());
  const identity = await repos.identity.get();
  if (!identity) throw new MakeReportError('no-identity');
  const [{ buildIntakeRecordModel, renderPdf }, { certificateFingerprint }, fonts, settings] = await Promise.all([
    import('../../shared/report'),
    import('../../shared/signing'),
    reportFonts(),
    repos.settings.get(),
  ]);
  const language = await loadDocumentLanguage(request);
  const t = request.i18n.getFixedT(language);
  const profile = identity.profile;
  let bytes: Uint8Array;
  try {
    const model = buildIntakeRecordModel({
      language,
      exam,
      caseNumber: request.caseNumber,
      documentId: crypto.randomUUID(),
      reportVersion: 1,
      issuedAt: toLocalIso(now()),
      place,
      clinician: reportClinician(profile, t),
      certificateFingerprint: identity.certificate ? await certificateFingerprint(identity.certificate) : null,
      auditHead: await repos.audit.head(),
      photos: [],
      reportingPolicy: settings.reportingPolicy,
      thresholdHours: settings.thresholdHours,
      ...(request.setAside === undefined ? {} : { setAside: request.setAside }),
    });
    bytes = (await renderPdf(model, fonts)).bytes;
  } catch (cause) {
    throw new MakeReportError('render-failed', { cause });
  }
  try {
    const sha256 = await sha256Hex(bytes);
    await repos.audit.append({ at: now().toISOString(), actor: LOCAL_ACTOR_ID, action: 'export', recordType: 'case', recordId: caseId, detail: { sha256, bytes: bytes.length } });
  } catch (cause) {
    throw new MakeReportError('export-failed', { cause });
  }
  return bytes;
}

export interface MakeReferralDocumentsRequest {
  readonly repos: Repositories;
  readonly i18n: i18n;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly exam: Examination;
  /** The signed report version referred (its place, addenda and SHA-256). */
  readonly version: ReportVersion;
  readonly referral: Referral;
  readonly authority: Authority;
  /** What the clinician decided in the review of the anonymised report's or summary's free text (issue #19). */
  readonly decisions?: ReviewDecisions;
  /** The language of the referral's documents; default: the UI language. */
  readonly language?: Language;
  readonly now?: () => Date;
}

/**
 * The documents of a referral (issue #7), prepared, then each signed and stored with the referral:
 * when the anonymised report is what is sent, its signed variant (identity and identifying details
 * removed, photographs left out); when the summary is, the signed summary of the version (citing its
 * SHA-256); then the signed cover letter, which cites the referred version's SHA-256 and, when there
 * is one, the enclosed variant's as signed. Each states the referral's reporting policy.
 *
 * Because the letter cites the signed enclosure's hash, it can only be rendered once the enclosure
 * is signed: `prepareReferralDocuments` renders the enclosure (or, without one, the letter), and
 * `prepareCoverLetter` renders the letter afterwards, for the clinician to read before it is signed.
 */
export interface PreparedReferral {
  readonly signer: PreparedSigner;
  /** The anonymised report or the summary, when one is sent; null when only the letter is signed. */
  readonly enclosure: PreparedDocument | null;
  /** The cover letter, ready now when there is no enclosure; otherwise made by `prepareCoverLetter`. */
  readonly letter: PreparedDocument | null;
  /** What the letter needs, kept for `prepareCoverLetter` (no key in it). */
  readonly context: ReferralContext;
}

interface ReferralContext {
  readonly request: MakeReferralDocumentsRequest;
  readonly clinician: ReportClinician;
  readonly fonts: Awaited<ReturnType<typeof reportFonts>>;
  readonly anonymised: boolean;
  /** Each document prepares its author's signature field, naming the clinician's certificate. */
  readonly prepare: RenderOptions;
}

export async function prepareReferralDocuments(request: MakeReferralDocumentsRequest): Promise<PreparedReferral> {
  const { repos, exam, version, referral } = request;
  const now = request.now ?? (() => new Date());
  const content = referral.content;
  if (content === null || content === undefined) throw new MakeReportError('render-failed');
  const identity = await repos.identity.get();
  if (!identity?.certificate) throw new MakeReportError('no-identity');
  const [{ anonymiseReport, anonymisedAttachment, reviewSummary, renderPdf }, { certificateFingerprint }, fonts] = await Promise.all([
    import('../../shared/report'),
    import('../../shared/signing'),
    reportFonts(),
  ]);
  const profile = identity.profile;
  const language = await loadDocumentLanguage(request);
  const clinician = reportClinician(profile, request.i18n.getFixedT(language));
  const fingerprint = await certificateFingerprint(identity.certificate);
  const anonymised = content === 'anonymised';
  const prepare: RenderOptions = { prepareSignatures: { authorName: profile.name, authorCertificate: identity.certificate } };
  const context: ReferralContext = { request, clinician, fonts, anonymised, prepare };
  const signer = { name: profile.name, fingerprint };

  let enclosure: PreparedDocument | null = null;
  if (anonymised) {
    const documentId = crypto.randomUUID();
    const photos = (exam.findings?.photographs ?? []).map((photograph, index) => ({ number: index + 1, photograph, jpeg: new Uint8Array() }));
    let review: DocumentReview | undefined;
    enclosure = await prepared('anonymised_report', documentId, async () => {
      const input = {
        language,
        exam,
        caseNumber: request.caseNumber,
        documentId,
        reportVersion: version.version,
        issuedAt: toLocalIso(now()),
        place: version.place,
        clinician,
        certificateFingerprint: fingerprint,
        auditHead: await repos.audit.head(),
        addenda: version.addenda,
        photos,
        reportingPolicy: referral.policy,
      };
      // It carries the anonymised data only (a case file of the anonymised examination), its SHA-256 printed in section XVII.
      const attached = await anonymisedAttachment(input, anonymiseReport(input, request.decisions), profile);
      const anonymised = anonymiseReport({ ...input, caseFile: attached.printed }, request.decisions);
      review = anonymised.review;
      return renderPdf(anonymised.model, fonts, { ...prepare, attachment: attached.attachment });
    }, () => review);
  } else if (content === 'summary') {
    const documentId = crypto.randomUUID();
    let review: DocumentReview | undefined;
    enclosure = await prepared('summary_report', documentId, () => {
      const summary = reviewSummary(
        {
          language,
          exam,
          caseNumber: request.caseNumber,
          documentId,
          issuedAt: toLocalIso(now()),
          place: version.place,
          clinician,
          certificateFingerprint: fingerprint,
          reportingPolicy: referral.policy,
          report: { version: version.version, sha256: version.sha256, signedAt: version.signedAt },
          addenda: version.addenda,
        },
        request.decisions,
      );
      review = summary.review;
      return renderPdf(summary.model, fonts, prepare);
    }, () => review);
  }
  return { signer, enclosure, letter: enclosure === null ? await prepareCoverLetter({ context }, null) : null, context };
}

/** Renders the cover letter, citing the signed enclosure's SHA-256 (null when nothing is enclosed). */
export async function prepareCoverLetter(source: Pick<PreparedReferral, 'context'>, enclosureSha256: string | null): Promise<PreparedDocument> {
  const { request, clinician, fonts, anonymised, prepare } = source.context;
  const { version, referral, authority } = request;
  const content = referral.content;
  if (content === null || content === undefined) throw new MakeReportError('render-failed');
  const now = request.now ?? (() => new Date());
  const { buildCoverLetterModel, renderPdf } = await import('../../shared/report');
  const language = await loadDocumentLanguage(request);
  const letterId = crypto.randomUUID();
  return prepared('cover_letter', letterId, () =>
    renderPdf(
      buildCoverLetterModel({
        language,
        caseNumber: request.caseNumber,
        documentId: letterId,
        issuedAt: toLocalIso(now()),
        place: anonymised ? '' : version.place,
        clinician,
        authority: { name: authority.name, type: authority.type, contact: authority.contact },
        referral: {
          legalBasis: referral.legalBasis ?? null,
          content,
          channel: referral.channel ?? null,
          referenceNo: referral.referenceNo ?? null,
          reportVersion: version.version,
          reportSha256: version.sha256,
          enclosureSha256,
          personInformed: referral.personInformed === true,
          personInformedAt: referral.personInformedAt ?? null,
          copyTo: referral.copyTo ?? null,
          noCopyReason: referral.noCopyReason ?? null,
          policy: referral.policy,
        },
        anonymised,
      }),
      fonts,
      prepare,
    ),
  );
}

const REFERRAL_REASONS: Readonly<Record<ReferralDocumentKind, string>> = {
  anonymised_report: 'Anonymised medico-legal report',
  summary_report: 'Summary of the medico-legal report',
  cover_letter: 'Referral cover letter',
};

/**
 * Signs exactly one prepared referral document and stores it with the referral. Only with a fresh
 * `consent` (the passphrase typed again in the signing dialog).
 */
export async function signPreparedReferralDocument(referral: PreparedReferral, document: PreparedDocument, consent: SigningConsent, platform?: Platform): Promise<ReferralDocument> {
  checkConsent(consent);
  const { repos, caseId, version } = referral.context.request;
  const kind = document.kind;
  if (kind === 'report' || kind === 'received_report') throw new MakeReportError('sign-failed');
  await checkUnchanged(document);
  const signer = await repos.identity.signingIdentity();
  if (!signer) throw new MakeReportError('no-key');
  const { signPdfDetailed } = await import('../../shared/signing');
  // A token when the authority answers (B-T); otherwise the document is signed B-B (referral documents are not queued yet).
  const timestamp = platform === undefined ? null : await signingTimestamp(repos, platform);
  const now = referral.context.request.now ?? (() => new Date());
  let signed: Uint8Array;
  try {
    ({ pdf: signed } = await signPdfDetailed(document.pdf, { privateKey: signer.privateKey, certificate: signer.certificate, chain: signer.chain }, {
      signingTime: now(),
      // The anonymised documents carry no place: it could point at the facility, hence the person.
      name: referral.signer.name,
      reason: REFERRAL_REASONS[kind],
      location: referral.context.anonymised ? '' : version.place,
      certify: { permission: 2 },
      ...(document.field === null ? { widget: document.block } : { field: document.field }),
      ...(timestamp === null ? {} : { timestamp }),
    }));
  } catch (cause) {
    throw new MakeReportError('sign-failed', { cause });
  }
  try {
    return await repos.referrals.storeDocument({ caseId, referralId: referral.context.request.referral.id, documentId: document.documentId, kind, bytes: signed });
  } catch (cause) {
    throw new MakeReportError('store-failed', { cause });
  }
}
