/**
 * The case file: one JSON document holding everything a report is made from outside the app (the
 * command line's `attest render`, scripted tests, an exchange between two installations). Versioned:
 * `format: "attest-case"`, `formatVersion: 1`. A reader refuses any other version rather than guess.
 *
 * Its schema is the single source of truth: `attest schema` prints the JSON Schema derived from it
 * by zod (`caseFileJsonSchema`), never written by hand. The examination inside is checked by the
 * domain's own schema (`examinationSchema({ now })`: no date in the future), so a case file is held to
 * the same rules as a record typed in the app.
 *
 * Photographs: the examination's metadata carries the SHA-256 of each ORIGINAL image, and that is the
 * hash the report prints. `photos[].jpegBase64` is only the display copy printed in the report (JPEG,
 * without metadata, at most 2048 px); it is never hashed against the original, which the case file
 * does not carry.
 */
import { z } from 'zod';
import type { Examination } from '../domain/examination';
import { examinationDraftSchema, examinationSchema } from '../domain/examination';
import { MAX_PHOTOGRAPHS } from '../domain/findings';
import { isDomainMessageKey, describeIssue } from '../domain/issues';
import { resolveMessage } from '../i18n/messages';
import { ItemId, NameText, NoteText, NarrativeText, typeError } from '../domain/text';
import { DRAFT_TIME_CHECKS, IsoDateTime, timeChecks, type PlausibilityOptions, type TimeChecks } from '../domain/time';
import type { ReportingPolicy } from '../domain/vocab';
import { ClinicianProfile } from '../identity/profile';
import { fromBase64, utf8 } from '../bytes';
import type { ReportInput, ReportPhoto } from './build';
import { vocabLabel } from './format';

export const CASE_FILE_FORMAT = 'attest-case';
/** Raise with every change that makes an older reader misread a newer file (and keep reading the old). */
export const CASE_FILE_FORMAT_VERSION = 1;

/** Largest display copy accepted, as base64 characters (about 12 MB of JPEG). */
const MAX_PHOTO_BASE64 = 16 * 1024 * 1024;
/** Largest original accepted, as base64 characters (about 60 MB of image, the app's own limit per stored image). */
const MAX_ORIGINAL_BASE64 = 86 * 1024 * 1024;
/** Largest thumbnail accepted, as base64 characters. */
const MAX_THUMB_BASE64 = 2 * 1024 * 1024;

/**
 * Messages of the case-file checks themselves (the examination's come from the domain catalog,
 * `domain.error.*`). English only for now, like the command line that prints them.
 */
export const CASE_FILE_MESSAGES = {
  'caseFile.error.format': 'This is not an Attest case file: "format" must be "attest-case".',
  'caseFile.error.formatVersion': 'This case file has format version {{version}}; this version of Attest reads version 1 only. Use the Attest that wrote it, or a newer one.',
  'caseFile.error.caseNumber': 'The case number must be 1 to 64 letters, digits, dots, hyphens, underscores or slashes, starting with a letter or digit.',
  'caseFile.error.uuid': 'This must be a UUID, e.g. 3f1c2b7a-9d4e-4c1b-8a2f-5e6d7c8b9a01.',
  'caseFile.error.notBase64': 'This must be the image encoded in standard Base64.',
  'caseFile.error.notJpeg': 'This is not a JPEG image: display copies must be JPEG.',
  'caseFile.error.unknownPhotograph': 'No photograph with this id in examination.findings.photographs.',
  'caseFile.error.duplicatePhotograph': 'This photograph has two display copies; give one.',
  'caseFile.error.previousVersion': 'The previous version must be lower than reportVersion.',
  'caseFile.error.hash': 'This must be a SHA-256 digest: 64 lowercase hexadecimal characters.',
  'caseFile.error.notImage': 'This is not a JPEG or PNG image of the type stated.',
} as const;
export type CaseFileMessageKey = keyof typeof CASE_FILE_MESSAGES;

const wholeNumber = (min: number) =>
  z.int({ error: typeError('domain.error.wholeNumber') }).min(min, { error: 'domain.error.tooSmall' });

const CaseNumber = z
  .string({ error: typeError('domain.error.notText') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/u, { error: 'caseFile.error.caseNumber' satisfies CaseFileMessageKey });

const Uuid = z.uuid({ error: 'caseFile.error.uuid' satisfies CaseFileMessageKey });

/** A hexadecimal SHA-256 (audit-chain entry hash, a previous version's file hash). */
const Sha256Hex = z.string({ error: typeError('domain.error.notText') }).regex(/^[0-9a-f]{64}$/u, { error: 'caseFile.error.hash' satisfies CaseFileMessageKey });

function isJpeg(base64: string): boolean {
  try {
    const head = fromBase64(base64.slice(0, 8));
    return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  } catch {
    return false;
  }
}

function isPng(base64: string): boolean {
  try {
    const head = fromBase64(base64.slice(0, 12));
    return head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47;
  } catch {
    return false;
  }
}

const jpegBase64 = (max: number) =>
  z
    .base64({ error: 'caseFile.error.notBase64' satisfies CaseFileMessageKey })
    .max(max, { error: 'domain.error.tooLong' })
    .refine(isJpeg, { error: 'caseFile.error.notJpeg' satisfies CaseFileMessageKey });

/**
 * The photograph's original, exactly as received: its SHA-256 must be the one the examination's
 * metadata states (checked by the importer, which hashes it; zod cannot hash).
 */
export const CaseFileOriginal = z
  .strictObject({
    mime: z.enum(['image/jpeg', 'image/png'], { error: 'caseFile.error.notImage' satisfies CaseFileMessageKey }),
    base64: z.base64({ error: 'caseFile.error.notBase64' satisfies CaseFileMessageKey }).max(MAX_ORIGINAL_BASE64, { error: 'domain.error.tooLong' }),
  })
  .refine((original) => (original.mime === 'image/png' ? isPng(original.base64) : isJpeg(original.base64)), { error: 'caseFile.error.notImage' satisfies CaseFileMessageKey, path: ['base64'] });

/**
 * One photograph's images: which photograph of the examination it shows, and its display copy
 * (JPEG, base64). A case file exported from the app also carries the original and the thumbnail, so
 * that an import stores the photograph exactly as it was (its SHA-256 unchanged); a case file made
 * for `attest render` may carry the display copy only.
 */
export const CaseFilePhoto = z.strictObject({
  /** `examination.findings.photographs[].id`. */
  photographId: ItemId,
  /** The display copy (JPEG) in standard Base64. The report prints the original's SHA-256 from the metadata, not this copy's. */
  jpegBase64: jpegBase64(MAX_PHOTO_BASE64),
  /** The thumbnail (JPEG, long edge at most 320 px) in standard Base64. */
  thumbJpegBase64: jpegBase64(MAX_THUMB_BASE64).optional(),
  /** The original, byte for byte; its SHA-256 is `examination.findings.photographs[].sha256`. */
  original: CaseFileOriginal.optional(),
});

const Format = z.literal(CASE_FILE_FORMAT, { error: 'caseFile.error.format' satisfies CaseFileMessageKey });
const FormatVersion = z.literal(CASE_FILE_FORMAT_VERSION, { error: 'caseFile.error.formatVersion' satisfies CaseFileMessageKey });
/** What every version of the format shares: enough to tell a reader whether it can read the rest. */
const CaseFileHeader = z.looseObject({ format: Format, formatVersion: FormatVersion }, { error: 'caseFile.error.format' satisfies CaseFileMessageKey });

function buildCaseFileSchema(exam: z.ZodType<Examination>, t: TimeChecks) {
  return z
    .strictObject({
      format: Format,
      formatVersion: FormatVersion,
      /** The case's id in the installation that exported it (absent for a record made outside the app): an import that finds it already there asks before adding a copy. */
      caseId: Uuid.optional(),
      /** The case number printed on every page, e.g. `A-2026-00042`. */
      caseNumber: CaseNumber,
      /** UUID of this report document; a new version of the report keeps it. */
      documentId: Uuid,
      /** 1, then 2, 3… for versions carrying addenda. */
      reportVersion: wholeNumber(1),
      /** Date of the report, ISO 8601 with offset; not in the future. */
      issuedAt: t.pastDateTime,
      /** Place of signing. */
      place: NameText.min(1, { error: 'domain.error.required' }),
      /** The clinician who signs: the profile the app keeps (domain guide D3). */
      clinician: ClinicianProfile,
      examination: exam,
      photos: z.array(CaseFilePhoto, { error: typeError('domain.error.notList') }).max(MAX_PHOTOGRAPHS, { error: 'domain.error.tooManyItems' }).optional(),
      /** The head of the examination's audit chain when the report was made (absent for a record made outside the app). */
      auditHead: z.strictObject({ seq: wholeNumber(0), hash: Sha256Hex }).optional(),
      /** The signed version this one replaces. */
      previousVersion: z.strictObject({ version: wholeNumber(1), sha256: Sha256Hex, signedAt: IsoDateTime }).optional(),
      /** Additions since the previous version, each with its reason. */
      addenda: z.array(z.strictObject({ at: IsoDateTime, reason: NoteText.min(1, { error: 'domain.error.required' }), text: NarrativeText.min(1, { error: 'domain.error.required' }) })).max(100, { error: 'domain.error.tooManyItems' }).optional(),
    })
    .superRefine((file, ctx) => {
      const ids = new Set((file.examination.findings?.photographs ?? []).map((p) => p.id));
      const seen = new Set<string>();
      (file.photos ?? []).forEach((photo, index) => {
        if (!ids.has(photo.photographId)) ctx.addIssue({ code: 'custom', message: 'caseFile.error.unknownPhotograph', path: ['photos', index, 'photographId'], input: photo.photographId });
        else if (seen.has(photo.photographId)) ctx.addIssue({ code: 'custom', message: 'caseFile.error.duplicatePhotograph', path: ['photos', index, 'photographId'], input: photo.photographId });
        seen.add(photo.photographId);
      });
      if (file.previousVersion !== undefined && file.previousVersion.version >= file.reportVersion) {
        ctx.addIssue({ code: 'custom', message: 'caseFile.error.previousVersion', path: ['previousVersion', 'version'], input: file.previousVersion.version });
      }
    })
    .meta({
      title: 'Attest case file',
      description: `Everything an Istanbul Protocol medico-legal report is made from. format "${CASE_FILE_FORMAT}", formatVersion ${String(CASE_FILE_FORMAT_VERSION)}.`,
    });
}

/** The case file schema with the examination checked against `now` (no date in the future). Use it on input. */
export function caseFileSchema(options: PlausibilityOptions) {
  return buildCaseFileSchema(examinationSchema(options), timeChecks(options));
}

/** The case file schema without clock checks: the shape, for the JSON Schema and for types. */
export const CaseFile = buildCaseFileSchema(examinationDraftSchema, DRAFT_TIME_CHECKS);
export type CaseFile = z.infer<typeof CaseFile>;

/** A problem in a case file, for a person: where (`examination.findings.lesions[0].mark.x`) and what. */
export interface CaseFileIssue {
  readonly path: string;
  readonly message: string;
}

export type CaseFileParse = { readonly success: true; readonly data: CaseFile } | { readonly success: false; readonly issues: readonly CaseFileIssue[] };

/** `["examination","findings","lesions",0,"x"]` → `examination.findings.lesions[0].x`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${String(key)}]` : out === '' ? String(key) : `${out}.${String(key)}`), '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Readonly<Record<PropertyKey, unknown>>)[key];
  }
  return node;
}

function caseFileMessage(key: CaseFileMessageKey, params: Readonly<Record<string, string | number>>): string {
  return CASE_FILE_MESSAGES[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

/**
 * A problem in a case file with its message key (`caseFile.error.*` or `domain.*`) and parameters,
 * for a caller that words it in the reader's language (the app); `message` is the English text.
 */
export interface CaseFileIssueDetail extends CaseFileIssue {
  readonly messageKey: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export type CaseFileCheck = { readonly success: true; readonly data: CaseFile } | { readonly success: false; readonly issues: readonly CaseFileIssueDetail[] };

/** Describes one zod issue of a case file: the domain's text, plus zod's own when it says more. */
function describe(issue: z.core.$ZodIssue, input: unknown): CaseFileIssueDetail {
  const path = formatPath(issue.path);
  if (issue.message in CASE_FILE_MESSAGES) {
    const value = valueAt(input, issue.path);
    if (value === undefined) return { path, message: resolveMessage('domain.error.required'), messageKey: 'domain.error.required', params: {} };
    const params = { version: typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value) };
    return { path, message: caseFileMessage(issue.message as CaseFileMessageKey, params), messageKey: issue.message, params };
  }
  const described = describeIssue(issue);
  const text = resolveMessage(described.messageKey, described.params);
  // Issues zod raised on its own carry its developer English ("expected number, received string"):
  // useful to someone editing JSON, so it follows the plain message.
  const detail = isDomainMessageKey(issue.message) ? '' : ` (${issue.message})`;
  const params = Object.fromEntries(Object.entries(described.params).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'));
  return { path, message: `${text}${detail}`, messageKey: described.messageKey, params };
}

/**
 * Checks untrusted JSON (already `JSON.parse`d) as a case file, the examination checked against
 * `now`. Never throws on bad data: each problem comes back with its field path, message key and
 * English text.
 */
export function checkCaseFile(input: unknown, options: PlausibilityOptions): CaseFileCheck {
  // Format and version first: a file of another format or a newer version would otherwise bury the
  // one message that matters under a list of fields this version does not know.
  const header = CaseFileHeader.safeParse(input);
  if (!header.success) return { success: false, issues: header.error.issues.map((issue) => describe(issue, input)) };
  const result = caseFileSchema(options).safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: result.error.issues.map((issue) => describe(issue, input)) };
}

/**
 * Parses untrusted JSON (already `JSON.parse`d) as a case file, the examination checked against
 * `now`. Never throws on bad data: each problem comes back with its field path and English text.
 */
export function parseCaseFile(input: unknown, options: PlausibilityOptions): CaseFileParse {
  const checked = checkCaseFile(input, options);
  if (checked.success) return checked;
  return { success: false, issues: checked.issues.map(({ path, message }) => ({ path, message })) };
}

/**
 * The JSON Schema of the case file, derived from `CaseFile` by zod (draft 2020-12). Refinements
 * (no blank text, no date in the future, photo ids that exist, a JPEG display copy) cannot be said
 * in JSON Schema and are left out: the schema describes the shape and `attest render` checks the
 * rest. `io: 'input'` describes what a file may contain (before defaults), and `unrepresentable:
 * 'any'` turns any construct JSON Schema cannot express into `{}` rather than failing.
 */
export function caseFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CaseFile, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: `https://attest.invalid/schema/attest-case-${String(CASE_FILE_FORMAT_VERSION)}.json` };
}

/** The photographs of the examination, numbered in their order, each with its display copy (empty when the case file has none: the report says the image is unavailable). */
export function caseFilePhotos(file: CaseFile): ReportPhoto[] {
  const copies = new Map((file.photos ?? []).map((p) => [p.photographId, p.jpegBase64]));
  return (file.examination.findings?.photographs ?? []).map((photograph, index) => {
    const base64 = copies.get(photograph.id);
    return { number: index + 1, photograph, jpeg: base64 === undefined ? new Uint8Array(0) : fromBase64(base64) };
  });
}

/**
 * The reporting policy a case file's report is issued under when the caller names none: the app's
 * own default setting (consent-based, IP22 ¶179–181). `attest render --policy` chooses it.
 */
export const DEFAULT_REPORTING_POLICY: ReportingPolicy = 'consent-based';

/**
 * What the report builder needs from a case file; the certificate's fingerprint comes from the
 * signer, when known, and the reporting policy from the caller (the jurisdiction's, not the case's).
 */
export function reportInputFromCaseFile(file: CaseFile, options: { readonly certificateFingerprint: string | null; readonly reportingPolicy?: ReportingPolicy }): ReportInput {
  const c = file.clinician;
  return {
    exam: file.examination,
    caseNumber: file.caseNumber,
    documentId: file.documentId,
    reportVersion: file.reportVersion,
    issuedAt: file.issuedAt,
    place: file.place,
    clinician: {
      name: c.name,
      profession: vocabLabel('examinerProfession', c.profession) ?? c.profession,
      qualifications: c.qualifications,
      registrationBody: c.registrationBody,
      registrationNumber: c.registrationNumber,
      institution: c.institution,
      ...(c.role === undefined ? {} : { role: c.role }),
    },
    certificateFingerprint: options.certificateFingerprint,
    auditHead: file.auditHead ?? null,
    ...(file.previousVersion === undefined ? {} : { previousVersion: file.previousVersion }),
    ...(file.addenda === undefined ? {} : { addenda: file.addenda }),
    photos: caseFilePhotos(file),
    reportingPolicy: options.reportingPolicy ?? DEFAULT_REPORTING_POLICY,
  };
}

/** The name of the case file attached to a report (PDF/A-3 associated file): fixed, never case data. */
export const CASE_FILE_ATTACHMENT_NAME = 'attest-case.json';
/** The name of the anonymised case file attached to the anonymised report. */
export const ANONYMISED_CASE_FILE_ATTACHMENT_NAME = 'attest-case-anonymised.json';

/** What a report is made from, as the case file its PDF carries: the record, without the photographs' display copies (the pages print them). */
export interface ReportCaseFileSource {
  readonly caseNumber: string;
  readonly documentId: string;
  readonly reportVersion: number;
  readonly issuedAt: string;
  readonly place: string;
  readonly clinician: ClinicianProfile;
  readonly examination: Examination;
  readonly auditHead?: { readonly seq: number; readonly hash: string } | null | undefined;
  readonly previousVersion?: { readonly version: number; readonly sha256: string; readonly signedAt: string } | undefined;
  readonly addenda?: readonly { readonly at: string; readonly reason: string; readonly text: string }[] | undefined;
}

/**
 * The case file a report carries. Photographs keep their metadata (with each original's SHA-256) in
 * the examination, but not their display copies: the report's pages hold the images, and a case
 * file of twenty 12 MP photographs would double the PDF.
 */
export function reportCaseFile(source: ReportCaseFileSource): CaseFile {
  return {
    format: CASE_FILE_FORMAT,
    formatVersion: CASE_FILE_FORMAT_VERSION,
    caseNumber: source.caseNumber,
    documentId: source.documentId,
    reportVersion: source.reportVersion,
    issuedAt: source.issuedAt,
    place: source.place,
    clinician: source.clinician,
    examination: source.examination,
    ...(source.auditHead ? { auditHead: { seq: source.auditHead.seq, hash: source.auditHead.hash } } : {}),
    ...(source.previousVersion ? { previousVersion: source.previousVersion } : {}),
    ...(source.addenda && source.addenda.length > 0 ? { addenda: source.addenda.map((a) => ({ at: a.at, reason: a.reason, text: a.text })) } : {}),
  };
}

/** The case file as the bytes attached (UTF-8 JSON, two-space indented: readable when opened from a PDF viewer). */
export function caseFileBytes(file: CaseFile): Uint8Array {
  return utf8(`${JSON.stringify(file, null, 2)}\n`);
}
