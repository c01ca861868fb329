/** Section II, the clinician's qualifications (Annex IV II), and III, the statement on veracity. */
import { fmt } from '../format';
import type { ReportInput } from '../input';
import type { ReportSection } from '../model';
import { R, keyValue, optional, required, statement } from './common';

export function qualifications(input: ReportInput): ReportSection {
  const c = input.clinician;
  return {
    key: 'qualifications',
    heading: R.sections.qualifications,
    blocks: keyValue([
      ...required([
        [R.label.name, c.name],
        [R.label.profession, c.profession],
        [R.label.qualifications, c.qualifications],
        [R.label.registration, fmt(R.label.registrationValue, { body: c.registrationBody, number: c.registrationNumber })],
        [R.label.institution, c.institution],
      ]),
      ...optional([[R.label.role, c.role ? R.value.examinerRole[c.role] : null]]),
    ]),
  };
}

export function veracity(input: ReportInput): ReportSection {
  return { key: 'veracity', heading: R.sections.veracity, blocks: [statement(fmt(R.statement.veracity, { name: input.clinician.name }))] };
}
