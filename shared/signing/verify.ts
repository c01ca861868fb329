/**
 * Revision-aware verification of the signatures in a PDF (issue #13): one code path for the app's
 * "Verify a report" and `attest verify`.
 *
 *  1. The file is read as a conforming reader reads it: the cross-reference chain from the last
 *     `startxref`, grouped into revisions (pdfFile.ts). A file without a sound chain is UNREADABLE,
 *     whatever it contains: this is what rejects 50 MB of junk behind a `%PDF` header at once.
 *  2. Every signature is found, in every revision: each revision's form is walked for signature
 *     fields, and every `/ByteRange` in the bytes is traced to the object holding it, so a signature
 *     a later revision removed from the form, or never listed, is still found and reported.
 *  3. Each signature is checked: its /ByteRange must be [0 a b c] with the gap exactly its own
 *     /Contents string (no signature wrapping), end where a revision ends, and sit in that revision;
 *     the CMS must verify over those bytes.
 *  4. Every revision after the first signature is compared with the one before, object by object,
 *     and what changed is judged against what the signatures before it allow (diff.ts).
 *  5. Each signer's certificate is judged against what is trusted here (trust.ts).
 * The verdict (verdict.ts) is the worst of INVALID, MODIFIED, SIGNER NOT TRUSTED, else VALID.
 *
 * Input is a file from anywhere: nothing here throws on it.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { concat, digest, equalBytes, latin1, own, sha256, toHex, colonHex, type Bytes } from './bytes';
import { hashByOid } from './algorithms';
import { certificateSha256Hex, parseCertificate, subjectCommonName } from './certificate';
import { verifyCadesSignature, type CmsProblem } from './cms';
import { judgeRevision, mapRoles, type RevisionContext, type RoleMap } from './diff';
import { readDss } from './dss';
import { PdfFile, PdfStructureError } from './pdfFile';
import { PdfArray, PdfDict, PdfName, PdfRef, PdfString, sameValue, type PdfValue } from './pdfObjects';
import { parsePdfDate } from './pdfDate';
import { evaluateTrust, type TrustInput, type TrustResult } from './trust';
import { readTimestampToken, type CheckedToken } from './timestamp';
import { COUNTERSIGN_ROLES, verdictOf, type Change, type CountersignRole, type SignatureKind, type Verdict } from './verdict';

export { certificateFingerprint } from './certificate';

export type SignatureProblem =
  | CmsProblem
  /** The /ByteRange is not [0 a b c] around exactly this signature's own /Contents. */
  | 'byte-range-invalid'
  /** The signed bytes do not end where a revision of the document ends, or the signature is not in the revision it signs. */
  | 'range-not-revision'
  /** A later revision removed the signature from the form, or it was never in one. */
  | 'signature-hidden'
  /** The signature field names the certificate that must sign it (a seed value), and another signed. */
  | 'signer-not-named'
  | 'unsupported-subfilter'
  /** A document timestamp whose token does not cover these bytes. */
  | 'timestamp-imprint-mismatch'
  /** The signature carries a signature-time-stamp token that is unreadable, or does not stamp this signature, or whose signature fails. */
  | 'signature-timestamp-invalid';

/** Problems that make a signature INVALID (the others make the document MODIFIED, or are warnings). */
const INVALIDATING: ReadonlySet<SignatureProblem> = new Set<SignatureProblem>([
  'cms-unreadable',
  'certificate-unreadable',
  'digest-mismatch',
  'bad-signature',
  'unsupported-algorithm',
  'signing-certificate-mismatch',
  'byte-range-invalid',
  'unsupported-subfilter',
  'signer-not-named',
  'timestamp-imprint-mismatch',
  'signature-timestamp-invalid',
]);
const MODIFYING: ReadonlySet<SignatureProblem> = new Set<SignatureProblem>(['range-not-revision', 'signature-hidden']);

export function isInvalidating(problem: SignatureProblem): boolean {
  return INVALIDATING.has(problem);
}

export interface SignatureReport {
  /** 1-based, in the order the signatures were made (by the revision they sign). */
  readonly index: number;
  readonly fieldName: string | null;
  readonly kind: SignatureKind;
  /** For a certification signature: the DocMDP permission (1 no changes, 2 signing, 3 signing and annotations). */
  readonly docMdpPermission: 1 | 2 | 3 | null;
  /** The signature locks its field (FieldMDP), as countersignatures do. */
  readonly fieldLock: boolean;
  readonly role: CountersignRole | null;
  readonly reason: string | null;
  readonly location: string | null;
  readonly subFilter: string | null;
  /** Subject CN of the signer's certificate. */
  readonly signerName: string | null;
  /** DER. */
  readonly signerCertificate: Uint8Array | null;
  /** Lowercase hex SHA-256 of the DER. */
  readonly certificateSha256: string | null;
  /** `AB:CD:…`, the one format used everywhere. */
  readonly fingerprint: string | null;
  /** From /M (claimed by the signer), or from the timestamp token for a document timestamp; ISO 8601 UTC. */
  readonly signingTime: string | null;
  readonly timeSource: 'claimed' | 'timestamp' | null;
  /**
   * The signature-time-stamp token over this signature's value (PAdES B-T), when it carries one that
   * verifies: when its authority is trusted here, `signingTime` is its time (`timeSource` 'timestamp') and
   * the signer's certificate is judged at that time.
   */
  readonly signatureTimestamp: { readonly time: string; readonly tsaName: string | null; readonly tsaCertificate: Uint8Array | null; readonly trust: TrustResult } | null;
  readonly byteRange: readonly number[] | null;
  /** The revision this signature signs (1-based), or null when it ends at no revision. */
  readonly revision: number | null;
  readonly digestValid: boolean;
  readonly signatureValid: boolean;
  /** The signed bytes reach the end of the file (later revisions may still be allowed ones). */
  readonly coversWholeDocument: boolean;
  /** Still reachable from the latest form. */
  readonly present: boolean;
  readonly trust: TrustResult;
  readonly problems: readonly SignatureProblem[];
}

export interface PdfVerification {
  readonly kind: 'signed' | 'unsigned' | 'not-pdf' | 'unreadable';
  readonly verdict: Verdict;
  /** In the order they were made. */
  readonly signatures: readonly SignatureReport[];
  /** Disallowed changes after signatures, in revision order. */
  readonly changes: readonly Change[];
  /** How many revisions the file has (0 when not read). */
  readonly revisions: number;
  /** For an unreadable file: what is wrong with its structure, in English, for logs and the CLI's detail line. */
  readonly structureProblem: string | null;
  /** Lowercase hex SHA-256 of the whole file. */
  readonly sha256: string;
}

export interface VerifyOptions {
  /** What is trusted here. Absent: trust is not checked, and the verdict is at best SIGNER NOT TRUSTED. */
  readonly trust?: TrustInput;
  /**
   * Trusted as timestamp authorities only (the app's Settings › Timestamp authority): they attest a
   * time, never make a signer trusted, even when what is given is a CA that also issued signers.
   */
  readonly timestampTrust?: TrustInput;
}

/** What a timestamp authority is judged against: what is trusted here plus the timestamp-only anchors. */
function timestampTrustOf(options: VerifyOptions): TrustInput | undefined {
  const extra = options.timestampTrust;
  if (!extra) return options.trust;
  const base = options.trust;
  return {
    certificates: [...(base?.certificates ?? []), ...extra.certificates],
    crls: [...(base?.crls ?? []), ...(extra.crls ?? [])],
    ocspResponses: [...(base?.ocspResponses ?? []), ...(extra.ocspResponses ?? [])],
    ...(base?.own ? { own: base.own } : {}),
  };
}

interface Candidate {
  readonly num: number;
  /** Null when the signature dictionary cannot be read at all: a signature is there, broken. */
  readonly dict: PdfDict | null;
  /** The section (oldest first) whose entry defines the dictionary; null for one found outside every revision. */
  readonly section: number | null;
  /** The dictionary was read from the file itself (not from an object stream). */
  readonly inFile: boolean;
  fieldName: string | null;
  fieldNum: number | null;
  present: boolean;
}

const MAX_SIGNATURE_KEYS = 200;
const SUPPORTED_SUBFILTERS = new Set(['ETSI.CAdES.detached', 'adbe.pkcs7.detached']);
const TIMESTAMP_SUBFILTER = 'ETSI.RFC3161';
const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';

function textOf(value: PdfValue | undefined): string | null {
  if (value instanceof PdfString) return value.text();
  if (value instanceof PdfName) return value.name;
  return null;
}

function byteRangeOf(file: PdfFile, dict: PdfDict, state: ReturnType<PdfFile['state']>): number[] | null {
  const value = file.resolve(state, dict.get('ByteRange'));
  if (!(value instanceof PdfArray) || value.items.length !== 4) return null;
  const out: number[] = [];
  for (const item of value.items) {
    if (typeof item !== 'number' || !Number.isSafeInteger(item) || item < 0) return null;
    out.push(item);
  }
  return out;
}

/** Signature dictionaries in every revision: through the form, and wherever a /ByteRange stands in the bytes. */
function findSignatures(file: PdfFile, rolesOf: (revision: number) => RoleMap): Candidate[] {
  const found = new Map<string, Candidate>();
  const finalRevision = file.revisions.length;
  const add = (revision: number, num: number, field: { field: string; fieldNum: number | null } | null): void => {
    const state = file.state(revision);
    const entry = state.get(num);
    if (!entry || entry.type === 'f') {
      // A form that names a signature that is not there: a broken signature, not no signature.
      if (field) found.set(`missing:${String(num)}`, { num, dict: null, section: null, inFile: false, fieldName: field.field, fieldNum: field.fieldNum, present: false });
      return;
    }
    const key = file.cacheKey(state, num, entry);
    const existing = found.get(key);
    if (existing) {
      if (field && existing.fieldName === null) {
        existing.fieldName = field.field;
        existing.fieldNum = field.fieldNum;
      }
      return;
    }
    let dict: PdfDict | null = null;
    let readable = true;
    try {
      const value = file.object(state, num)?.value;
      dict = value instanceof PdfDict ? value : null;
    } catch {
      readable = false;
    }
    // Not a signature dictionary: skip it, unless a signature field points at it or it cannot even be read (then it is a broken signature).
    if (readable && (!dict || dict.get('ByteRange') === undefined) && !field) return;
    found.set(key, { num, dict: dict?.get('ByteRange') === undefined ? null : dict, section: entry.section, inFile: entry.type === 'n', fieldName: field?.field ?? null, fieldNum: field?.fieldNum ?? null, present: false });
  };
  for (let revision = 1; revision <= finalRevision; revision += 1) {
    let roles: RoleMap;
    try {
      roles = rolesOf(revision);
    } catch {
      continue;
    }
    for (const [num, field] of roles.signatureFields) add(revision, num, field);
  }
  // Signature dictionaries no form lists: traced from the bytes to the object their revision's cross-reference places there.
  const offsets = file.byteRangeOffsets();
  // A report carries a few signatures; thousands of /ByteRange keys are an attack on the verifier's time.
  if (offsets.length > MAX_SIGNATURE_KEYS) throw new PdfStructureError(`more than ${String(MAX_SIGNATURE_KEYS)} /ByteRange keys`);
  for (const offset of offsets) {
    const revision = file.revisionAt(offset);
    let listed = false;
    if (revision) {
      let best: { num: number; offset: number } | null = null;
      for (const index of revision.sections) {
        for (const [num, entry] of file.sections[index]?.entries ?? []) {
          if (entry.type === 'n' && entry.offset <= offset && (!best || entry.offset > best.offset)) best = { num, offset: entry.offset };
        }
      }
      if (best) {
        const span = (() => {
          try {
            return file.object(file.state(revision.number), best.num)?.span ?? null;
          } catch {
            return null;
          }
        })();
        if (span && span.start <= offset && offset < span.end) {
          listed = true;
          add(revision.number, best.num, null);
        }
      }
    }
    if (!listed) {
      // A signature dictionary no cross-reference lists (a revision skipped by /Prev, bytes appended
      // without a cross-reference): read where it stands, so that it is reported, hidden.
      const around = file.objectAround(offset);
      const dict = around?.value instanceof PdfDict ? around.value : null;
      found.set(`unlisted:${String(offset)}`, { num: around?.num ?? -1, dict: dict?.get('ByteRange') === undefined ? null : dict, section: null, inFile: true, fieldName: null, fieldNum: null, present: false });
    }
  }
  // Which are still in the latest form.
  const latest = rolesOf(finalRevision);
  const finalState = file.state(finalRevision);
  for (const candidate of found.values()) {
    const field = latest.signatureFields.get(candidate.num);
    const entry = finalState.get(candidate.num);
    if (field && entry && entry.section === candidate.section) {
      candidate.present = true;
      candidate.fieldName = field.field;
      candidate.fieldNum = field.fieldNum;
    }
  }
  return [...found.values()];
}

/** The DSS's certificates, CRLs and OCSP responses (PAdES B-LT), for chains and revocation: dss.ts reads them however the file's tool wrote them. */
function validationData(file: PdfFile): { certificates: Uint8Array[]; crls: Uint8Array[]; ocspResponses: Uint8Array[] } {
  const { certificates, crls, ocspResponses } = readDss(file);
  return { certificates, crls, ocspResponses };
}

/** Verifies an RFC 3161 document timestamp: the token's imprint covers the signed bytes and its CMS verifies. */
async function verifyTimestampToken(cms: Uint8Array, content: readonly Uint8Array[]): Promise<{ signerCertificate: Uint8Array | null; certificates: Uint8Array[]; digestValid: boolean; signatureValid: boolean; time: string | null; problems: SignatureProblem[] }> {
  const fail = (problem: SignatureProblem) => ({ signerCertificate: null, certificates: [], digestValid: false, signatureValid: false, time: null, problems: [problem] });
  let signedData: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  try {
    const parsed = asn1js.fromBER(own(cms));
    if (parsed.offset === -1) return fail('cms-unreadable');
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== OID_TST_INFO || !signedData.encapContentInfo.eContent) return fail('cms-unreadable');
    tst = pkijs.TSTInfo.fromBER(own(new Uint8Array(signedData.encapContentInfo.eContent.getValue())));
  } catch {
    return fail('cms-unreadable');
  }
  const certificates: Uint8Array[] = [];
  for (const entry of signedData.certificates ?? []) if (entry instanceof pkijs.Certificate) certificates.push(new Uint8Array(entry.toSchema().toBER(false)));
  const hash = hashByOid(tst.messageImprint.hashAlgorithm.algorithmId);
  const problems: SignatureProblem[] = [];
  const digestValid = hash !== null && equalBytes(await digest(hash, content), tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!hash) problems.push('unsupported-algorithm');
  else if (!digestValid) problems.push('timestamp-imprint-mismatch');
  let signatureValid = false;
  let signerCertificate: Uint8Array | null = null;
  try {
    // PKI.js checks a TSTInfo's imprint over the timestamped bytes itself, so it needs them.
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true, data: concat(content).buffer });
    signatureValid = result.signatureVerified === true;
    if (result.signerCertificate) signerCertificate = new Uint8Array(result.signerCertificate.toSchema().toBER(false));
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) problems.push('bad-signature');
  return { signerCertificate, certificates, digestValid, signatureValid, time: tst.genTime.toISOString(), problems };
}

interface Checked {
  readonly candidate: Candidate;
  readonly report: Omit<SignatureReport, 'index' | 'trust' | 'signatureTimestamp'>;
  readonly certificates: readonly Uint8Array[];
  /** A signature-time-stamp token that verifies over the signature value. */
  readonly stamp: CheckedToken | null;
}

async function checkSignature(file: PdfFile, candidate: Candidate): Promise<Checked> {
  const problems: SignatureProblem[] = [];
  const revisionOfEntry = candidate.section === null ? null : (file.revisions.find((r) => r.sections.includes(candidate.section ?? -1)) ?? null);
  const state = file.state(revisionOfEntry?.number ?? file.revisions.length);
  const dict = candidate.dict ?? new PdfDict(new Map(), 0, 0);
  const subFilter = textOf(file.resolve(state, dict.get('SubFilter')));
  const type = textOf(dict.get('Type'));
  const kindOfSignature: SignatureKind = type === 'DocTimeStamp' || subFilter === TIMESTAMP_SUBFILTER ? 'timestamp' : 'approval';
  let kind: SignatureKind = kindOfSignature;
  let docMdpPermission: 1 | 2 | 3 | null = null;
  let fieldLock = false;
  const references = file.resolve(state, dict.get('Reference'));
  if (references instanceof PdfArray) {
    for (const item of references.items.slice(0, 16)) {
      const reference = file.dict(state, item);
      const method = reference?.name('TransformMethod');
      if (method === 'DocMDP' && kind !== 'timestamp') {
        kind = 'certification';
        const params = file.dict(state, reference?.get('TransformParams'));
        const p = params?.get('P');
        docMdpPermission = p === 1 || p === 2 || p === 3 ? p : 2;
      } else if (method === 'FieldMDP') {
        fieldLock = true;
      }
    }
  }
  const roleName = textOf(dict.get('AttestRole'));
  const role = COUNTERSIGN_ROLES.find((r) => r === roleName) ?? null;

  const byteRange = byteRangeOf(file, dict, state);
  const contents = dict.get('Contents');
  const [rangeStart = -1, holeStart = -1, holeEnd = -1, tailLength = -1] = byteRange ?? [];
  const rangeEnd = holeEnd + tailLength;
  const holeSound =
    candidate.inFile &&
    byteRange !== null &&
    contents instanceof PdfString &&
    contents.hex &&
    rangeStart === 0 &&
    holeStart > 0 &&
    holeStart === contents.start &&
    holeEnd === contents.end &&
    tailLength >= 0 &&
    rangeEnd <= file.bytes.length;
  if (!holeSound) problems.push('byte-range-invalid');

  let revision: number | null = null;
  if (holeSound) {
    const signed = file.revisionEndingAt(rangeEnd);
    if (signed && revisionOfEntry && signed.number === revisionOfEntry.number) revision = signed.number;
    else problems.push('range-not-revision');
  }

  const supported = kind === 'timestamp' ? subFilter === TIMESTAMP_SUBFILTER : subFilter !== null && SUPPORTED_SUBFILTERS.has(subFilter);
  if (!supported) problems.push('unsupported-subfilter');

  const cms: Bytes | null = contents instanceof PdfString ? own(contents.bytes) : null;
  let digestValid = false;
  let signatureValid = false;
  let signerCertificate: Uint8Array | null = null;
  let certificates: readonly Uint8Array[] = [];
  let tokenTime: string | null = null;
  let stamp: CheckedToken | null = null;
  const content = holeSound ? [file.bytes.subarray(0, holeStart), file.bytes.subarray(holeEnd, rangeEnd)] : [new Uint8Array(0)];
  if (!cms || cms.length === 0) {
    problems.push('cms-unreadable');
  } else if (kind === 'timestamp') {
    const result = await verifyTimestampToken(cms, content);
    ({ signerCertificate, certificates, digestValid, signatureValid } = result);
    tokenTime = result.time;
    problems.push(...(holeSound ? result.problems : result.problems.filter((p) => p !== 'timestamp-imprint-mismatch')));
    if (!holeSound) digestValid = false;
  } else {
    const result = await verifyCadesSignature(cms, content, subFilter === 'ETSI.CAdES.detached');
    signerCertificate = result.signerCertificate;
    certificates = result.certificates;
    if (result.timestampToken && result.signatureValue) {
      const token = await readTimestampToken(result.timestampToken, [result.signatureValue]);
      if (token?.signatureValid) stamp = token;
      else problems.push('signature-timestamp-invalid');
    }
    if (holeSound) {
      digestValid = result.digestValid;
      signatureValid = supported && result.signatureValid;
      problems.push(...result.problems);
    } else {
      problems.push(...result.problems.filter((p) => p !== 'digest-mismatch'));
    }
  }

  // A field that names its signer (seed value /SV /Cert /Subject) must be signed by that certificate.
  if (signerCertificate && candidate.fieldNum !== null) {
    const field = file.dict(state, new PdfRef(candidate.fieldNum, 0));
    const seed = file.dict(state, field?.get('SV'));
    const certSeed = file.dict(state, seed?.get('Cert'));
    const subjects = file.resolve(state, certSeed?.get('Subject'));
    if (subjects instanceof PdfArray && subjects.items.length > 0) {
      const signer = signerCertificate;
      const named = subjects.items.some((item) => { const s = file.resolve(state, item); return s instanceof PdfString && equalBytes(s.bytes, signer); });
      if (!named) problems.push('signer-not-named');
    }
  }
  if (!candidate.present) problems.push('signature-hidden');

  const certificate = signerCertificate ? parseCertificate(signerCertificate) : null;
  const claimed = textOf(dict.get('M'));
  const signingTime = tokenTime ?? (claimed === null ? null : parsePdfDate(claimed));
  const sha = signerCertificate ? await certificateSha256Hex(signerCertificate) : null;
  return {
    candidate,
    certificates,
    stamp,
    report: {
      fieldName: candidate.fieldName,
      kind,
      docMdpPermission,
      fieldLock,
      role,
      reason: textOf(dict.get('Reason')),
      location: textOf(dict.get('Location')),
      subFilter,
      signerName: certificate ? subjectCommonName(certificate) : null,
      signerCertificate,
      certificateSha256: sha,
      fingerprint: sha === null ? null : colonHex(sha),
      signingTime,
      timeSource: tokenTime !== null ? 'timestamp' : signingTime !== null ? 'claimed' : null,
      byteRange,
      revision,
      digestValid,
      signatureValid,
      coversWholeDocument: holeSound && rangeEnd === file.bytes.length,
      present: candidate.present,
      problems: [...new Set(problems)],
    },
  };
}

const NOT_CHECKED: TrustResult = { status: 'not-checked', via: null, problems: [], revocationChecked: false, anchor: null };

function empty(kind: Exclude<PdfVerification['kind'], 'signed'>, sha: string, structureProblem: string | null = null, revisions = 0): PdfVerification {
  return { kind, verdict: kind, signatures: [], changes: [], revisions, structureProblem, sha256: sha };
}

/**
 * Verifies every signature in `bytes` and what changed after each. Never throws on bad input: a file
 * that is not a PDF, cannot be read, or carries a broken signature gets a verdict saying so.
 */
export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions = {}): Promise<PdfVerification> {
  const fileSha256 = toHex(await sha256(bytes));
  if (!latin1(bytes.subarray(0, 1024)).includes('%PDF-')) return empty('not-pdf', fileSha256);
  let file: PdfFile;
  try {
    file = PdfFile.open(bytes);
  } catch (error) {
    return empty('unreadable', fileSha256, error instanceof Error ? error.message : 'unreadable');
  }
  try {
    return await verifyFile(file, fileSha256, options);
  } catch (error) {
    // Defence in depth: whatever the analysis trips on in a hostile file makes it unreadable, never VALID.
    return empty('unreadable', fileSha256, error instanceof PdfStructureError ? error.message : 'the file could not be analysed', file.revisions.length);
  }
}

async function verifyFile(file: PdfFile, fileSha256: string, options: VerifyOptions): Promise<PdfVerification> {
  // A document is a catalog with a page tree: a chain of cross-references over anything else is not one.
  const last = file.revisions.length;
  const catalog = file.dict(file.state(last), file.trailer(last).get('Root'));
  if (!catalog || catalog.get('Pages') === undefined) return empty('unreadable', fileSha256, 'the trailer names no document catalog with pages', last);
  const roleCache = new Map<number, RoleMap>();
  const budget = { work: 0 };
  const rolesOf = (revision: number): RoleMap => {
    let roles = roleCache.get(revision);
    if (!roles) {
      // A revision that defines nothing and keeps the trailer's references shows what the one before showed.
      const sections = file.revisions[revision - 1]?.sections ?? [];
      const empty = revision > 1 && sections.every((i) => (file.sections[i]?.entries.size ?? 0) === 0);
      const before = revision > 1 ? file.trailer(revision - 1) : null;
      const after = file.trailer(revision);
      const sameTrailer = before !== null && ['Root', 'Info', 'Encrypt'].every((key) => sameValue(before.get(key) ?? null, after.get(key) ?? null));
      roles = empty && sameTrailer ? rolesOf(revision - 1) : mapRoles(file, file.state(revision), after, budget);
      roleCache.set(revision, roles);
    }
    return roles;
  };
  const candidates = findSignatures(file, rolesOf);
  if (candidates.length === 0) return empty('unsigned', fileSha256, null, file.revisions.length);

  const checked: Checked[] = [];
  for (const candidate of candidates) checked.push(await checkSignature(file, candidate));
  checked.sort((a, b) => (a.report.revision ?? Number.MAX_SAFE_INTEGER) - (b.report.revision ?? Number.MAX_SAFE_INTEGER) || (a.report.byteRange?.[1] ?? 0) - (b.report.byteRange?.[1] ?? 0));

  const extra = validationData(file);
  // PAdES B-LTA: an intact document timestamp, from an authority trusted here, proves that the revisions
  // before it existed at its time. Revocations after that time do not undo a signature in them, so a
  // signature whose time is only claimed is judged for revocation at the earliest such proof, not now.
  const proofs: { revision: number; time: Date }[] = [];
  const stampTrust = timestampTrustOf(options);
  if (stampTrust) {
    for (const { report: stampReport, certificates } of checked) {
      const intact = stampReport.kind === 'timestamp' && stampReport.digestValid && stampReport.signatureValid && !stampReport.problems.some((p) => INVALIDATING.has(p) || MODIFYING.has(p));
      if (!intact || stampReport.revision === null || !stampReport.signingTime || !stampReport.signerCertificate) continue;
      const time = new Date(stampReport.signingTime);
      const tsaTrust = await evaluateTrust(stampReport.signerCertificate, time, stampTrust, { certificates: [...certificates, ...extra.certificates], crls: extra.crls, ocspResponses: extra.ocspResponses }, time, 'timestamping');
      if (tsaTrust.status === 'trusted') proofs.push({ revision: stampReport.revision, time });
    }
  }
  const existedBy = (revision: number | null): Date => {
    const now = new Date();
    if (revision === null) return now;
    const times = proofs.filter((p) => p.revision > revision).map((p) => p.time.getTime());
    return times.length > 0 ? new Date(Math.min(now.getTime(), ...times)) : now;
  };
  const signatures: SignatureReport[] = [];
  for (const [i, { report: checkedReport, certificates, stamp }] of checked.entries()) {
    let report: Omit<SignatureReport, 'index' | 'trust'> = { ...checkedReport, signatureTimestamp: null };
    if (stamp) {
      // PAdES B-T: the time is attested when the authority that stamped it is trusted here (a TSA's certificate, or its CA, among the trusted ones).
      const tsaTrust = stamp.tsaCertificate && stampTrust
        ? await evaluateTrust(stamp.tsaCertificate, stamp.time, stampTrust, { certificates: [...stamp.certificates, ...extra.certificates], crls: extra.crls, ocspResponses: extra.ocspResponses }, stamp.time, 'timestamping')
        : NOT_CHECKED;
      report = { ...report, signatureTimestamp: { time: stamp.time.toISOString(), tsaName: stamp.tsaName, tsaCertificate: stamp.tsaCertificate, trust: tsaTrust } };
      if (tsaTrust.status === 'trusted') report = { ...report, signingTime: stamp.time.toISOString(), timeSource: 'timestamp' };
    }
    const at = report.signingTime ? new Date(report.signingTime) : new Date();
    // A document timestamp is judged as a timestamp authority; every other signer only against `trust`.
    const judgedBy = report.kind === 'timestamp' ? stampTrust : options.trust;
    const trust = report.signerCertificate
      ? judgedBy
        ? await evaluateTrust(report.signerCertificate, at, judgedBy, { certificates: [...certificates, ...extra.certificates], crls: extra.crls, ocspResponses: extra.ocspResponses }, report.timeSource === 'timestamp' ? at : existedBy(report.revision), report.kind === 'timestamp' ? 'timestamping' : 'signing')
        : NOT_CHECKED
      : { ...NOT_CHECKED, status: 'not-trusted' as const, problems: ['not-trusted' as const] };
    signatures.push({ ...report, index: i + 1, trust });
  }

  // What each revision after the first signed one changed, judged against the signatures before it.
  const changes: Change[] = [];
  const placed = signatures.filter((s) => s.revision !== null);
  const firstSigned = Math.min(...placed.map((s) => s.revision ?? Number.MAX_SAFE_INTEGER));
  if (!Number.isFinite(firstSigned)) {
    // No signature sits in a revision of its own: every update after the original file is suspect.
    for (let revision = 2; revision <= file.revisions.length; revision += 1) {
      if (file.unlistedObjects(revision).length > 0) changes.push({ code: 'revision-structure', afterSignature: 1, revision });
    }
  } else {
    for (let revision = firstSigned + 1; revision <= file.revisions.length; revision += 1) {
      const before = placed.filter((s) => (s.revision ?? 0) < revision);
      const certifying = before.find((s) => s.kind === 'certification');
      const newSignatures = new Map<number, { certifies: boolean; timestamp: boolean }>();
      for (const [i, c] of checked.entries()) {
        if (c.report.revision === revision) newSignatures.set(c.candidate.num, { certifies: signatures[i]?.kind === 'certification', timestamp: signatures[i]?.kind === 'timestamp' });
      }
      const ctx: RevisionContext = {
        revision,
        afterSignature: before.at(-1)?.index ?? 1,
        certification: certifying?.docMdpPermission ?? null,
        signedBefore: before.length > 0,
        newSignatures,
      };
      changes.push(...judgeRevision(file, ctx, rolesOf(revision), () => rolesOf(revision - 1)));
      const anomalous = (file.revisions[revision - 1]?.sections ?? []).some((i) => (file.sections[i]?.anomalies.length ?? 0) > 0);
      if (anomalous || file.unlistedObjects(revision).length > 0) changes.push({ code: 'revision-structure', afterSignature: ctx.afterSignature, revision });
    }
    if (file.trailingGarbage) changes.push({ code: 'revision-structure', afterSignature: placed.at(-1)?.index ?? 1, revision: file.revisions.length + 1 });
    // A linearization dictionary whose length the updated file matches again: viewers then read the file
    // as linearized (its first-page cross-reference, its page count and first page), not as updated.
    const linearized = file.linearization();
    if (linearized && linearized.length === file.bytes.length && file.revisions.length > firstSigned) {
      changes.push({ code: 'revision-structure', afterSignature: placed.at(-1)?.index ?? 1, revision: file.revisions.length });
    }
  }

  const invalid = signatures.some((s) => s.problems.some((p) => INVALIDATING.has(p)));
  const modified = changes.length > 0 || signatures.some((s) => s.problems.some((p) => MODIFYING.has(p)));
  const untrusted = signatures.some((s) => s.trust.status !== 'trusted');
  return { kind: 'signed', verdict: verdictOf({ invalid, modified, untrusted }), signatures, changes, revisions: file.revisions.length, structureProblem: null, sha256: fileSha256 };
}
