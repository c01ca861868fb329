/**
 * Making and signing a report version in the app. Signing is the last step: the report is built from
 * the saved examination, rendered, signed with the clinician's key (PAdES B-B, visible block on the
 * last page), and only then stored; storing version 1 locks the examination. A later version carries
 * every addendum so far and cites the previous version's SHA-256. The report states the reporting
 * policy (rule E13) read from the settings when it is made; a referral's documents state the policy
 * the referral was started under, as its cover letter does.
 *
 * The PDF and signing code is loaded on demand (it is large and only needed here).
 */
import type { i18n, TFunction } from 'i18next';
import type { ClinicianProfile } from '../../shared/identity';
import type { ReportClinician } from '../../shared/report';
import type { Authority } from '../../shared/domain/authority';
import type { Examination } from '../../shared/domain/examination';
import type { Referral } from '../../shared/domain/referral';
import { LOCAL_ACTOR_ID, type Addendum, type ReferralDocument, type ReferralDocumentKind, type Repositories, type ReportVersion } from '../db/repos';
import { toLocalIso } from '../forms/format';
import { sha256Hex } from '../../shared/vault/encoding';
import { reportFonts } from './fonts';

export type MakeReportErrorCode = 'no-identity' | 'no-key' | 'photo-unreadable' | 'render-failed' | 'sign-failed' | 'store-failed' | 'export-failed';

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
  readonly now?: () => Date;
}

/** The clinician as the report prints them: the profession as its English label. */
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

export async function makeSignedReport(request: MakeReportRequest): Promise<ReportVersion> {
  const { repos, caseId, exam, place, previous } = request;
  const now = request.now ?? (() => new Date());
  const identity = await repos.identity.get();
  if (!identity?.certificate) throw new MakeReportError('no-identity');
  const signer = await repos.identity.signingIdentity();
  if (!signer) throw new MakeReportError('no-key');

  const [{ buildReportModel, renderPdf }, { signPdf, certificateFingerprint }, fonts, settings] = await Promise.all([
    import('../../shared/report'),
    import('../../shared/signing'),
    reportFonts(),
    repos.settings.get(),
  ]);

  const photos = [];
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

  const signedAt = now();
  const issuedAt = toLocalIso(signedAt);
  const last = previous.at(-1);
  const addenda: Addendum[] = [...(last?.addenda ?? [])];
  if (request.addendum) addenda.push({ ...request.addendum, at: issuedAt });
  const version = (last?.version ?? 0) + 1;
  const documentId = crypto.randomUUID();
  const profile = identity.profile;
  const t = request.i18n.getFixedT('en');

  let pdf: Uint8Array;
  let block: { pageIndex: number; rect: readonly [number, number, number, number] };
  try {
    const model = buildReportModel({
      exam,
      caseNumber: request.caseNumber,
      documentId,
      reportVersion: version,
      issuedAt,
      place,
      clinician: reportClinician(profile, t),
      certificateFingerprint: await certificateFingerprint(identity.certificate),
      auditHead: await repos.audit.head(),
      ...(last === undefined ? {} : { previousVersion: { version: last.version, sha256: last.sha256, signedAt: last.signedAt } }),
      addenda,
      photos,
      reportingPolicy: settings.reportingPolicy,
    });
    const rendered = await renderPdf(model, fonts);
    pdf = rendered.bytes;
    block = { pageIndex: rendered.signatureBlock.pageIndex, rect: rendered.signatureBlock.rect };
  } catch (cause) {
    throw new MakeReportError('render-failed', { cause });
  }

  let signed: Uint8Array;
  try {
    signed = await signPdf(pdf, { privateKey: signer.privateKey, certificate: signer.certificate, chain: signer.chain }, {
      signingTime: signedAt,
      name: profile.name,
      reason: version === 1 ? 'Medico-legal report' : `Medico-legal report, version ${String(version)} (addendum)`,
      location: place,
      widget: block,
    });
  } catch (cause) {
    throw new MakeReportError('sign-failed', { cause });
  }

  try {
    return await repos.reports.storeSigned({ caseId, documentId, version, signedAt: issuedAt, place, addenda, bytes: signed });
  } catch (cause) {
    throw new MakeReportError('store-failed', { cause });
  }
}

/**
 * The admission examination record (shorter than the report, from the same model code) for the
 * medical file or the person's copy: unsigned, made from the record as it stands, and its export
 * recorded in the audit chain (by case id, size and hash, never content).
 */
export async function makeIntakeRecord(request: Omit<MakeReportRequest, 'previous' | 'addendum'>): Promise<Uint8Array> {
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
  const t = request.i18n.getFixedT('en');
  const profile = identity.profile;
  let bytes: Uint8Array;
  try {
    const model = buildIntakeRecordModel({
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
  readonly now?: () => Date;
}

/**
 * The documents of a referral (issue #7), each rendered, signed and stored with the referral: when
 * the anonymised report is what is sent, its signed variant (identity and identifying details
 * removed, photographs left out); when the summary is, the signed summary of the version (citing its
 * SHA-256); then the signed cover letter, which cites the referred version's SHA-256 and, when there
 * is one, the enclosed variant's. Each states the referral's reporting policy.
 */
export async function makeReferralDocuments(request: MakeReferralDocumentsRequest): Promise<ReferralDocument[]> {
  const { repos, caseId, exam, version, referral, authority } = request;
  const now = request.now ?? (() => new Date());
  const content = referral.content;
  if (content === null || content === undefined) throw new MakeReportError('render-failed');
  const identity = await repos.identity.get();
  if (!identity?.certificate) throw new MakeReportError('no-identity');
  const signing = await repos.identity.signingIdentity();
  if (!signing) throw new MakeReportError('no-key');
  const signer = signing;
  const [{ buildAnonymisedReportModel, buildCoverLetterModel, buildSummaryReportModel, renderPdf }, { signPdf, certificateFingerprint }, fonts] = await Promise.all([
    import('../../shared/report'),
    import('../../shared/signing'),
    reportFonts(),
  ]);
  const profile = identity.profile;
  const clinician = reportClinician(profile, request.i18n.getFixedT('en'));
  const fingerprint = await certificateFingerprint(identity.certificate);
  const anonymised = content === 'anonymised';

  async function signAndStore(kind: ReferralDocumentKind, documentId: string, reason: string, render: () => Promise<{ bytes: Uint8Array; signatureBlock: { pageIndex: number; rect: readonly [number, number, number, number] } }>): Promise<ReferralDocument> {
    const signedAt = now();
    let rendered: Awaited<ReturnType<typeof render>>;
    try {
      rendered = await render();
    } catch (cause) {
      throw new MakeReportError('render-failed', { cause });
    }
    let signed: Uint8Array;
    try {
      signed = await signPdf(rendered.bytes, { privateKey: signer.privateKey, certificate: signer.certificate, chain: signer.chain }, {
        signingTime: signedAt,
        // The anonymised documents carry no place: it could point at the facility, hence the person.
        name: profile.name,
        reason,
        location: anonymised ? '' : version.place,
        widget: { pageIndex: rendered.signatureBlock.pageIndex, rect: rendered.signatureBlock.rect },
      });
    } catch (cause) {
      throw new MakeReportError('sign-failed', { cause });
    }
    try {
      return await repos.referrals.storeDocument({ caseId, referralId: referral.id, documentId, kind, bytes: signed });
    } catch (cause) {
      throw new MakeReportError('store-failed', { cause });
    }
  }

  const documents: ReferralDocument[] = [];
  if (anonymised) {
    const documentId = crypto.randomUUID();
    const photos = (exam.findings?.photographs ?? []).map((photograph, index) => ({ number: index + 1, photograph, jpeg: new Uint8Array() }));
    documents.push(
      await signAndStore('anonymised_report', documentId, 'Anonymised medico-legal report', async () => {
        const model = buildAnonymisedReportModel({
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
        });
        return renderPdf(model, fonts);
      }),
    );
  } else if (content === 'summary') {
    const documentId = crypto.randomUUID();
    documents.push(
      await signAndStore('summary_report', documentId, 'Summary of the medico-legal report', () =>
        renderPdf(
          buildSummaryReportModel({
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
          }),
          fonts,
        ),
      ),
    );
  }
  const enclosure = documents[0]?.sha256 ?? null;
  const letterId = crypto.randomUUID();
  documents.push(
    await signAndStore('cover_letter', letterId, 'Referral cover letter', () =>
      renderPdf(
        buildCoverLetterModel({
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
            enclosureSha256: enclosure,
            personInformed: referral.personInformed === true,
            personInformedAt: referral.personInformedAt ?? null,
            copyTo: referral.copyTo ?? null,
            noCopyReason: referral.noCopyReason ?? null,
            policy: referral.policy,
          },
          anonymised,
        }),
        fonts,
      ),
    ),
  );
  return documents;
}
