/**
 * Physical findings (domain guide B11, C): the explicit "no injuries seen" answer, one structured
 * finding per lesion, and the photographs that supplement (never replace) their written description.
 *
 * "No injuries seen" is an explicit answer, never inferred from an empty list: an empty list may
 * just mean the clinician has not charted yet. `noInjuriesSeen: true` with lesions is a
 * contradiction and is refused even in a draft.
 *
 * A draft may describe a lesion only in part (every detail is nullish; rule E7 says what the
 * finalised record needs), but refuses what cannot be true in any draft: two lesions with one
 * number, a number above `lastLesionNo`, a size together with "not measurable", the same photograph
 * imported twice, a photograph linked to a lesion that does not exist.
 */
import { z } from 'zod';
import { numberInRange } from './number';
import { ItemId, NameText, NoteText, ShortText, codeSet, list, typeError } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { Attribution, BodyRegion, BodySide, ChartId, ConsistencyLevel, LESION_COLOURS, LesionAge, LesionBorders, LesionColour, LesionLevel, LesionShape, LesionStatus, LesionSurface, LesionType, LesionView, YesNo } from './vocab';

/** Highest lesion number (L1…L999). */
export const MAX_LESIONS = 999;
/** Most photographs one examination holds. */
export const MAX_PHOTOGRAPHS = 500;
/** Size of the body-chart coordinate space: a mark's x and y lie in 0…CHART_EXTENT on every chart. */
export const CHART_EXTENT = 2000;
/** Largest lesion dimension in cm: the length of a body, which catches a size typed in mm. */
export const MAX_LESION_CM = 200;
/** Largest photograph side in pixels (far above any camera; catches a corrupt header). */
export const MAX_IMAGE_SIDE = 100_000;

/** Image types a photograph may have: what cameras produce and every PDF reader shows. */
export const PHOTOGRAPH_MIME_TYPES = ['image/jpeg', 'image/png'] as const;
/** Where a photograph's time comes from: the camera's EXIF data, or typed by the clinician. */
export const TAKEN_AT_SOURCES = ['exif', 'entered'] as const;

const lesionNumber = numberInRange(1, MAX_LESIONS, { integer: true });
const centimetres = numberInRange(0, MAX_LESION_CM, { unit: 'cm' });
const chartCoordinate = numberInRange(0, CHART_EXTENT);

/** Where a lesion is marked on a body chart (Annex III charts; domain guide C "diagram_coords"). */
export const LesionMark = z.strictObject({
  chart: ChartId,
  x: chartCoordinate,
  y: chartCoordinate,
});
export type LesionMark = z.infer<typeof LesionMark>;

/**
 * A structured injury finding (domain guide C), in the order of the guide. Rule E7 says which
 * details the finalised record needs (see `lesionIssues` in rules/findings.ts).
 */
export const Lesion = z.strictObject({
  id: ItemId,
  /** L1, L2…: matches the body diagram label and the photographs. Never reused (see `lastLesionNo`). */
  lesionNo: lesionNumber,
  /** The numbered mark on a body chart; region, view and side are filled from it but stay editable. */
  mark: LesionMark.nullish(),
  type: LesionType.nullish(),
  /** What the lesion is, when `type` is `other`. */
  typeOther: ShortText.nullish(),
  status: LesionStatus.nullish(),
  region: BodyRegion.nullish(),
  view: LesionView.nullish(),
  /** The person's side, never the viewer's. */
  side: BodySide.nullish(),
  /** Distances from anatomical landmarks: "6 cm below the acromion". */
  landmarks: ShortText.nullish(),
  lengthCm: centimetres.nullish(),
  widthCm: centimetres.nullish(),
  depthCm: centimetres.nullish(),
  /** The lesion cannot be measured (tenderness only, diffuse swelling); `notMeasurableReason` says why. */
  notMeasurable: YesNo.nullish(),
  notMeasurableReason: NoteText.nullish(),
  shape: LesionShape.nullish(),
  /** The object the pattern reproduces, when `shape` is `patterned` (a boot sole, a baton's end). */
  patternObject: ShortText.nullish(),
  colours: codeSet(LesionColour, LESION_COLOURS.length).nullish(),
  surface: LesionSurface.nullish(),
  borders: LesionBorders.nullish(),
  level: LesionLevel.nullish(),
  /** Symmetry, pattern and count: "bilateral wrists", "three parallel lines". */
  pattern: NoteText.nullish(),
  /** Associated signs: tenderness, reduced motion, numbness, hair loss. */
  associated: NoteText.nullish(),
  ageEstimate: LesionAge.nullish(),
  ageNote: NoteText.nullish(),
  /** How the person explains the lesion (IP ch. V methods or a non-torture cause). */
  attribution: Attribution.nullish(),
  attributionNote: NoteText.nullish(),
  /** Other plausible causes the clinician considered, including self-infliction (IP22 ¶386). */
  differential: NoteText.nullish(),
  /** How consistent the lesion is with the attribution (IP22 ≈¶380–383); required when attributed (E7). */
  consistency: ConsistencyLevel.nullish(),
  /** Why this level. */
  rationale: NoteText.nullish(),
});
export type Lesion = z.infer<typeof Lesion>;

/** A lowercase hexadecimal SHA-256 digest of a photograph's original bytes (IP22 ¶403: originals hashed). */
export const PhotographSha256 = z.string({ error: typeError('domain.error.notText') }).regex(/^[0-9a-f]{64}$/, { error: 'domain.error.sha256Format' });

/** The id of the stored (encrypted) original image: opaque, e.g. a UUID. */
export const AttachmentId = ItemId;

/**
 * Builds the schema of one photograph's metadata. The image itself is stored apart as an attachment,
 * never edited; `sha256` is the hash of its original bytes, so a printed report can prove which
 * image it shows.
 */
export function photographSchema(t: TimeChecks) {
  return z.strictObject({
    id: ItemId,
    attachmentId: AttachmentId,
    sha256: PhotographSha256,
    mime: z.enum(PHOTOGRAPH_MIME_TYPES, { error: 'domain.error.imageType' }),
    width: numberInRange(1, MAX_IMAGE_SIDE, { integer: true }),
    height: numberInRange(1, MAX_IMAGE_SIDE, { integer: true }),
    /** When the image entered the record; set by the app. Not checked against the clock: no one could correct it. */
    importedAt: t.dateTime,
    /** When the photograph was taken (report section IX). */
    takenAt: t.pastDateTime.nullish(),
    takenAtSource: z.enum(TAKEN_AT_SOURCES, { error: 'domain.error.notInList' }).nullish(),
    takenBy: NameText.nullish(),
    caption: ShortText.nullish(),
    /** A ruler and colour scale are in the frame (IP22 ¶402: close-ups with a scale). */
    scaleInFrame: YesNo.nullish(),
    /** An intimate image: needs its own sub-consent (E4) and is shown only to those allowed to see it. */
    intimate: YesNo,
    /** The lesions it shows, by lesion id (not number: numbers are labels). */
    lesionIds: codeSet(ItemId, MAX_LESIONS).default([]),
  });
}

/** A photograph of a draft (no clock checks). */
export const Photograph = photographSchema(DRAFT_TIME_CHECKS);
export type Photograph = z.infer<typeof Photograph>;

/** The dimensions of a lesion, for "a size together with not measurable". */
const DIMENSIONS = ['lengthCm', 'widthCm', 'depthCm'] as const;

/**
 * Builds the findings section schema over the given time checks. examination.ts uses the static
 * `Findings` below; `findingsSchema(t)` adds "not in the future" to the photographs' `takenAt`.
 */
export function findingsSchema(t: TimeChecks) {
  return z
    .strictObject({
      /** `null` until the clinician answers. */
      noInjuriesSeen: YesNo.nullish(),
      /** Absent until the first lesion is charted: a form that only answers "no injuries seen" stays valid. */
      lesions: list(Lesion, MAX_LESIONS).default([]),
      /**
       * The highest lesion number ever given in this record. A deleted L3 leaves a gap rather than
       * being reused, so the numbers a report, a photograph caption or a letter cited stay stable.
       */
      lastLesionNo: lesionNumber.nullish(),
      photographs: list(photographSchema(t), MAX_PHOTOGRAPHS).nullish(),
    })
    .superRefine((findings, ctx) => {
      if (findings.noInjuriesSeen === true && findings.lesions.length > 0) {
        ctx.addIssue({ code: 'custom', message: 'domain.error.noInjuriesWithLesions', path: ['noInjuriesSeen'], input: true, params: { count: findings.lesions.length } });
      }
      const numbers = new Set<number>();
      const lesionIds = new Set<string>();
      const last = findings.lastLesionNo;
      findings.lesions.forEach((lesion, index) => {
        // Lesion numbers label the diagram and the photographs, so each must be unique.
        if (numbers.has(lesion.lesionNo)) {
          ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateLesionNo', path: ['lesions', index, 'lesionNo'], input: lesion.lesionNo, params: { lesionNo: lesion.lesionNo } });
        }
        if (lesionIds.has(lesion.id)) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateId', path: ['lesions', index, 'id'], input: lesion.id });
        numbers.add(lesion.lesionNo);
        lesionIds.add(lesion.id);
        if (last !== null && last !== undefined && lesion.lesionNo > last) {
          ctx.addIssue({ code: 'custom', message: 'domain.error.lesionNoAboveLast', path: ['lesions', index, 'lesionNo'], input: lesion.lesionNo, params: { lesionNo: lesion.lesionNo, last } });
        }
        if (lesion.notMeasurable === true && DIMENSIONS.some((key) => lesion[key] !== null && lesion[key] !== undefined)) {
          ctx.addIssue({ code: 'custom', message: 'domain.error.sizeWithNotMeasurable', path: ['lesions', index, 'notMeasurable'], input: true, params: { lesionNo: lesion.lesionNo } });
        }
      });
      const photoIds = new Set<string>();
      const attachments = new Set<string>();
      const hashes = new Map<string, number>();
      (findings.photographs ?? []).forEach((photo, index) => {
        if (photoIds.has(photo.id)) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateId', path: ['photographs', index, 'id'], input: photo.id });
        if (attachments.has(photo.attachmentId)) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateId', path: ['photographs', index, 'attachmentId'], input: photo.attachmentId });
        // The same original imported twice would be counted, captioned and printed twice.
        const first = hashes.get(photo.sha256);
        if (first !== undefined) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicatePhotograph', path: ['photographs', index, 'sha256'], input: photo.sha256, params: { number: first + 1 } });
        photoIds.add(photo.id);
        attachments.add(photo.attachmentId);
        if (first === undefined) hashes.set(photo.sha256, index);
        photo.lesionIds.forEach((lesionId, linkIndex) => {
          if (!lesionIds.has(lesionId)) ctx.addIssue({ code: 'custom', message: 'domain.error.unknownLesionLink', path: ['photographs', index, 'lesionIds', linkIndex], input: lesionId });
        });
      });
    });
}

/** The findings section of a draft (no clock checks). */
export const Findings = findingsSchema(DRAFT_TIME_CHECKS);
export type Findings = z.infer<typeof Findings>;

/** The label of a lesion on the charts, in the table, the photographs and the report: `L3`. */
export function lesionLabel(lesion: Pick<Lesion, 'lesionNo'>): string {
  return `L${String(lesion.lesionNo)}`;
}

/** What `nextLesionNo` reads: a findings section, possibly incomplete. */
export interface LesionNumbering {
  readonly lesions?: readonly Pick<Lesion, 'lesionNo'>[] | null | undefined;
  readonly lastLesionNo?: number | null | undefined;
}

/**
 * The number of the next lesion: one above both `lastLesionNo` and every number in use, so a deleted
 * lesion's number is never given again. It may exceed `MAX_LESIONS`, which the schema refuses: the
 * chart offers no new mark then. Store the result as the new `lastLesionNo`.
 */
export function nextLesionNo(findings: LesionNumbering | null | undefined): number {
  const inUse = (findings?.lesions ?? []).reduce((max, lesion) => Math.max(max, lesion.lesionNo), 0);
  return Math.max(findings?.lastLesionNo ?? 0, inUse) + 1;
}
