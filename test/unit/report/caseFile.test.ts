/**
 * The case file (shared/report/caseFile.ts): what it accepts, how it names problems, and the report
 * input it makes (clinician's profession as a label, photographs numbered in the examination's order,
 * a photograph without a display copy printed as unavailable, an absent audit head printed as such).
 */
import { describe, expect, it } from 'vitest';
import { exampleCaseFile } from '../../../cli/example';
import { en } from '../../../shared/i18n';
import { buildReportModel, renderPdf } from '../../../shared/report';
import { CASE_FILE_FORMAT_VERSION, CASE_FILE_MESSAGES, CaseFile, caseFileJsonSchema, caseFilePhotos, formatPath, parseCaseFile, reportInputFromCaseFile } from '../../../shared/report/caseFile';
import { buildAdmissionExam, FIXTURE_NOW } from '../domain/fixtures';
import { loadFonts, oracle } from './helpers';

const NOW = { now: new Date('2026-01-01T00:00:00Z') };
const flat = (s: string) => s.replace(/\s+/g, ' ');

function issuesOf(input: unknown, options = NOW) {
  const result = parseCaseFile(input, options);
  return result.success ? [] : result.issues;
}

describe('CaseFile', () => {
  it('accepts the example case file, as an object and after a JSON round trip', () => {
    const example = exampleCaseFile();
    expect(CaseFile.safeParse(example).success).toBe(true);
    const parsed = parseCaseFile(JSON.parse(JSON.stringify(example)), NOW);
    expect(parsed.success).toBe(true);
    expect(CASE_FILE_FORMAT_VERSION).toBe(1);
  });

  it('accepts the domain fixture as the examination of a case file', () => {
    const file = { ...exampleCaseFile(), issuedAt: '2025-03-11T09:30:00+01:00', examination: buildAdmissionExam(), photos: [] };
    expect(issuesOf(file, { now: FIXTURE_NOW })).toEqual([]);
  });

  it('checks the examination against now: a date after now is refused, the same file is fine later', () => {
    const file = exampleCaseFile();
    expect(issuesOf(file, { now: new Date('2025-03-10T15:00:00+01:00') }).map((i) => i.path)).toEqual(expect.arrayContaining(['examination.encounter.timing.examEndAt', 'issuedAt']));
    expect(issuesOf(file, NOW)).toEqual([]);
  });

  it('names each problem by its path, with English text from the domain catalog', () => {
    const example = exampleCaseFile();
    const exam = example.examination;
    const lesions = exam.findings?.lesions ?? [];
    const broken = {
      ...example,
      documentId: 'not-a-uuid',
      reportVersion: 0,
      clinician: { ...example.clinician, profession: 'surgeon' },
      examination: { ...exam, findings: { ...exam.findings, lesions: [lesions[0], { ...lesions[1], mark: { chart: 'body_male_front', x: 'a', y: 10 } }, lesions[2]] } },
    };
    expect(issuesOf(broken)).toEqual([
      { path: 'documentId', message: CASE_FILE_MESSAGES['caseFile.error.uuid'] },
      { path: 'reportVersion', message: 'This number is too small: at least 1.' },
      { path: 'clinician.profession', message: en.domain.error.notInList },
      { path: 'examination.findings.lesions[1].mark.x', message: en.domain.error.notANumber },
    ]);
  });

  it('reports the format and version alone when they are wrong, and refuses what is not an object', () => {
    expect(issuesOf({ ...exampleCaseFile(), formatVersion: 3, examination: 'x' })).toEqual([
      { path: 'formatVersion', message: 'This case file has format version 3; this version of Attest reads version 1 only. Use the Attest that wrote it, or a newer one.' },
    ]);
    expect(issuesOf({ formatVersion: 1 })).toEqual([{ path: 'format', message: en.domain.error.required }]);
    expect(issuesOf([])).toEqual([{ path: '', message: 'This is not an Attest case file: "format" must be "attest-case".' }]);
    expect(issuesOf(null)).toHaveLength(1);
  });

  it('refuses a photo for no photograph, two copies of one photograph, and a previous version not below this one', () => {
    const example = exampleCaseFile();
    const photos = example.photos ?? [];
    const file = { ...example, reportVersion: 2, previousVersion: { version: 2, sha256: 'a'.repeat(64), signedAt: '2025-03-11T10:40:00+01:00' }, photos: [...photos, { ...photos[0], photographId: 'photo-7' }, photos[1]] };
    expect(issuesOf(file)).toEqual([
      { path: 'photos[2].photographId', message: 'No photograph with this id in examination.findings.photographs.' },
      { path: 'photos[3].photographId', message: 'This photograph has two display copies; give one.' },
      { path: 'previousVersion.version', message: 'The previous version must be lower than reportVersion.' },
    ]);
  });

  it('formats paths as a JSON reader writes them', () => {
    expect(formatPath([])).toBe('');
    expect(formatPath(['examination', 'findings', 'lesions', 0, 'mark', 'x'])).toBe('examination.findings.lesions[0].mark.x');
    expect(formatPath(['photos', 2])).toBe('photos[2]');
  });

  it('derives its JSON Schema from the zod schema', () => {
    const schema = caseFileJsonSchema() as { $schema: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(schema.properties)).toEqual(Object.keys(CaseFile.shape));
  });
});

describe('reportInputFromCaseFile', () => {
  it('prints the profession as a label and numbers photographs in the examination’s order', () => {
    const file = exampleCaseFile();
    const input = reportInputFromCaseFile({ ...file, photos: [...(file.photos ?? [])].reverse() }, { certificateFingerprint: null });
    expect(input.clinician.profession).toBe('Physician');
    expect(input.photos.map((p) => [p.number, p.photograph.id])).toEqual([[1, 'photo-1'], [2, 'photo-2']]);
    expect(input.photos.every((p) => p.jpeg[0] === 0xff && p.jpeg[1] === 0xd8)).toBe(true);
    expect(input.auditHead).toBeNull();
    // The reporting policy is the caller's (the jurisdiction's), consent-based when none is named.
    expect(input.reportingPolicy).toBe('consent-based');
    expect(reportInputFromCaseFile(file, { certificateFingerprint: null, reportingPolicy: 'automatic' }).reportingPolicy).toBe('automatic');
  });

  it('prints a photograph without a display copy as unavailable (its hash still listed), and the audit head when given', async () => {
    const file = { ...exampleCaseFile(), photos: (exampleCaseFile().photos ?? []).slice(0, 1), auditHead: { seq: 57, hash: 'c0ffee'.repeat(10) + 'abcd' } };
    expect(caseFilePhotos(file).map((p) => p.jpeg.length > 0)).toEqual([true, false]);
    const pdf = oracle((await renderPdf(buildReportModel(reportInputFromCaseFile(file, { certificateFingerprint: null })), loadFonts())).bytes, 'case-file-photos');
    const text = flat(pdf.text);
    expect(text).toContain(en.report.value.imageUnavailable);
    expect(text).toContain(file.examination.findings?.photographs?.[1]?.sha256 ?? 'missing');
    expect(pdf.pages.at(-1)).toContain('c0ffee'.repeat(10));
  });

  it('says the audit chain head is not recorded when the case file has none, with no audit footer', async () => {
    const pdf = oracle((await renderPdf(buildReportModel(reportInputFromCaseFile(exampleCaseFile(), { certificateFingerprint: null })), loadFonts())).bytes, 'case-file-no-audit');
    const annexes = flat(pdf.text.slice(pdf.text.indexOf(en.report.sections.annexes)));
    expect(annexes).toContain(`${en.report.label.auditHead} ${en.report.value.notRecorded}`);
    expect(pdf.text).not.toContain('Audit chain head: entry');
  });
});
