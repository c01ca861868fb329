/**
 * Section IX, photographs (Annex IV IX; IP22 ¶402–403): each photograph numbered, with when and by
 * whom it was taken (and whether the time is the camera's), the scale, the lesions it shows, its
 * original's size, type, import time and SHA-256. Intimate images are not printed (rule E4): a box
 * says so, and the hash still binds the report to the original.
 */
import { lesionLabel } from '../../domain/findings';
import { fmt, formatDateTime, text } from '../format';
import type { ReportInput } from '../input';
import type { ReportBlock, ReportPhoto, ReportSection } from '../model';
import { R, RR, optional, paragraph, required, yn } from './common';

/**
 * Every photograph of the examination, numbered in record order, with its display copy when the
 * caller has one (`input.photos`, by photograph id); one without prints "image unavailable" and its
 * hash, so a photograph is never left out because its copy was not at hand. A display copy for a
 * photograph the record does not hold (a case file's own list) is printed too.
 */
export function reportPhotos(input: ReportInput): ReportPhoto[] {
  const given = new Map(input.photos.map((p) => [p.photograph.id, p]));
  const recorded = (input.exam.findings?.photographs ?? []).map((photograph, index): ReportPhoto => given.get(photograph.id) ?? { number: index + 1, photograph, jpeg: new Uint8Array() });
  const known = new Set(recorded.map((p) => p.photograph.id));
  return [...recorded, ...input.photos.filter((p) => !known.has(p.photograph.id))].sort((a, b) => a.number - b.number);
}

function photoBlocks(input: ReportInput): ReportBlock[] {
  const photos = reportPhotos(input);
  if (photos.length === 0) return paragraph(R.value.noPhotos);
  const labels = new Map((input.exam.findings?.lesions ?? []).map((l) => [l.id, lesionLabel(l)]));
  return photos.map(({ number, photograph: p, jpeg }): ReportBlock => {
      const source = p.takenAtSource === 'exif' ? R.label.takenAtExif : p.takenAtSource === 'entered' ? R.label.takenAtEntered : null;
      const taken = formatDateTime(p.takenAt);
      const rows = [
        ...required([
          [R.label.takenAt, taken && source ? fmt(R.label.takenAtSource, { at: taken, source }) : (taken ?? (source === null ? null : fmt(RR.value.timeSourceOnly, { source })))],
          [R.label.takenBy, p.takenBy],
          [R.label.scaleInFrame, yn(p.scaleInFrame)],
        ]),
        ...optional([[R.label.showsLesions, p.lesionIds.map((id) => labels.get(id) ?? id).join(', ')]]),
        { label: R.label.pixelSize, value: fmt(RR.value.pixelSizeType, { width: p.width, height: p.height, type: p.mime === 'image/png' ? 'PNG' : 'JPEG' }) },
        { label: RR.label.importedAt, value: formatDateTime(p.importedAt) ?? p.importedAt },
        { label: R.label.sha256, value: p.sha256 },
      ];
      // Intimate images are kept out of the report body: the report travels to authorities and
      // lawyers, while the image needs its own consent and restricted access (rule E4). The hash
      // still binds the report to the original, which can be produced on request.
      const restricted = p.intimate;
      return {
        kind: 'photo',
        title: fmt(R.photo.title, { number }),
        caption: text(p.caption) ?? '',
        jpeg: restricted || jpeg.length === 0 ? null : jpeg,
        notice: restricted ? `${R.value.restrictedPhoto} ${R.value.restrictedPhotoWhy}` : null,
        unavailable: R.value.imageUnavailable,
        rows,
      };
  });
}

export function photographs(input: ReportInput): ReportSection {
  return { key: 'photographs', heading: R.sections.photographs, blocks: photoBlocks(input) };
}
