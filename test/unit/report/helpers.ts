/**
 * Helpers of the report tests: fonts from node_modules, a report input around the domain fixture,
 * and the outside oracles (poppler's pdftotext and pdfinfo, qpdf) run on the bytes written to a
 * temporary file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Examination } from '../../../shared/domain/examination';
import type { Photograph } from '../../../shared/domain/findings';
import { scriptFallbacks } from '../../../cli/fonts';
import type { Fonts, ReportInput, ReportPhoto } from '../../../shared/report';
import { QUADRANTS_JPEG } from '../photos/craft';

const FONT_DIR = join(process.cwd(), 'node_modules/dejavu-fonts-ttf/ttf');

/** DejaVu Sans and its bold, and the fonts of other scripts (read when a document uses them), as the CLI has them. */
export function loadFonts(): Fonts {
  return { regular: new Uint8Array(readFileSync(join(FONT_DIR, 'DejaVuSans.ttf'))), bold: new Uint8Array(readFileSync(join(FONT_DIR, 'DejaVuSans-Bold.ttf'))), fallbacks: scriptFallbacks() };
}

export const CASE_NUMBER = 'A-2026-00042';
export const DOCUMENT_ID = '3f1c2b7a-9d4e-4c1b-8a2f-5e6d7c8b9a01';
export const AUDIT_HASH = 'c0ffee'.repeat(10) + 'abcd';

/** The photographs of an examination with a small real JPEG as display copy each. */
export function photosOf(exam: Examination, jpeg: Uint8Array = QUADRANTS_JPEG): ReportPhoto[] {
  return (exam.findings?.photographs ?? []).map((photograph: Photograph, index) => ({ number: index + 1, photograph, jpeg }));
}

export function reportInput(exam: Examination, patch: Partial<ReportInput> = {}): ReportInput {
  return {
    exam,
    caseNumber: CASE_NUMBER,
    documentId: DOCUMENT_ID,
    reportVersion: 1,
    issuedAt: '2025-03-11T10:30:00+01:00',
    place: 'Lyon',
    clinician: {
      name: 'Dr Amal Haddad',
      profession: 'Physician',
      qualifications: 'MD; diploma in forensic medicine; 8 years of examining detainees and survivors of torture',
      registrationBody: 'Conseil de l’Ordre des médecins',
      registrationNumber: 'MED-12345',
      institution: 'Prison health unit, Lyon-Corbas',
      role: 'forensic',
    },
    certificateFingerprint: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
    auditHead: { seq: 57, hash: AUDIT_HASH },
    photos: photosOf(exam),
    reportingPolicy: 'consent-based',
    ...patch,
  };
}

/** A complete opinion section (read by the report builder from `exam.opinion`). */
export const OPINION = {
  physicalSymptoms: 'Back pain since the first night, worse lying down; pain in the left arm on lifting.',
  diagnosticTests: 'No imaging was available in the facility.',
  consultations: null,
  physicalInterpretation: 'The tramline bruise of the back and the bruise of the left arm correlate with the alleged beating with a baton.',
  psychologicalInterpretation: 'Sleep disturbance and intrusive memories are expected reactions to the events described.',
  overallConsistency: 'highly_consistent',
  overallRationale: 'Taken together, the findings fit the account closely and few other causes explain all of them.',
  conclusions: 'The physical and psychological findings are highly consistent with the allegations.',
  recommendations: 'Radiograph of the back if pain persists; follow-up by the mental-health team.',
  limitations: 'No imaging; examination time limited to 70 minutes.',
  examinedFreely: true,
  restrictionsDetails: null,
  truthfulness: true,
  noFindingOmitted: true,
} as const;

export function withOpinion(exam: Examination, opinion: NonNullable<Examination['opinion']> = OPINION): Examination {
  return { ...exam, opinion };
}

export interface Oracle {
  readonly file: string;
  readonly text: string;
  readonly pages: string[];
  readonly pageCount: number;
}

let dir: string | null = null;
function tmp(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'attest-report-'));
  return dir;
}

/** Writes the PDF and reads it back with the outside tools. */
export function oracle(bytes: Uint8Array, name: string): Oracle {
  const file = join(tmp(), `${name}.pdf`);
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 'NaN');
  return { file, text, pages: text.split('\f').slice(0, pageCount), pageCount };
}

export function pdfinfo(file: string): string {
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
}

/** qpdf --check: exit 0 and "No syntax or stream encoding errors found". */
export function qpdfCheck(file: string): string {
  return execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
}

export function toPng(file: string, prefix: string, resolution = 80): void {
  execFileSync('pdftoppm', ['-png', '-r', String(resolution), file, prefix]);
}
