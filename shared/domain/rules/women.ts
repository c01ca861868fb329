/**
 * E10 Women. The Bangkok Rules questions (r.6–8) may each be declined without blocking anything:
 * declining is the woman's right and needs no reason. If the clinician diagnoses sexual abuse, the
 * record must show that she was informed of her right to seek recourse from judicial authorities,
 * and when (r.7). Warnings cover psychological support, a requested female examiner (r.10), male
 * non-medical staff present (r.11) and an accompanying child not screened (r.9).
 */
import type { Examination } from '../examination';
import { blocking, warning, type RuleFinding } from './types';

/** Roles that are not health staff (Bangkok r.11: at a woman's examination, only if female and justified). */
const NON_MEDICAL_ROLES: readonly string[] = ['prison_officer', 'police', 'other'];

/** Whether the women-specific module applies: recorded sex female, or applied explicitly. */
export function isWomenModuleApplicable(exam: Examination): boolean {
  return exam.identity?.sex === 'female' || exam.women?.applies === true;
}

/** E10: judicial recourse when sexual abuse is diagnosed; Bangkok Rules reminders. */
export function womenRule(exam: Examination): RuleFinding[] {
  if (!isWomenModuleApplicable(exam)) return [];
  const women = exam.women;
  const out: RuleFinding[] = [];
  // A disclosure calls for the clinician's conclusion, which decides whether r.7 applies.
  if (women?.sexualAbuseBeforeAdmission?.answer === 'yes' && (women.sexualAbuseDiagnosed === null || women.sexualAbuseDiagnosed === undefined)) {
    out.push(blocking('E10', 'domain.rule.sexualAbuseDiagnosisRequired', 'women.sexualAbuseDiagnosed'));
  }
  if (women?.sexualAbuseDiagnosed === true) {
    if (women.informedOfJudicialRecourse !== true) out.push(blocking('E10', 'domain.rule.judicialRecourseRequired', 'women.informedOfJudicialRecourse'));
    else if (women.informedOfJudicialRecourseAt === null || women.informedOfJudicialRecourseAt === undefined) {
      out.push(blocking('E10', 'domain.rule.judicialRecourseDateRequired', 'women.informedOfJudicialRecourseAt'));
    }
    if (women.psychologicalSupportOffered !== true) out.push(warning('E10', 'domain.rule.psychologicalSupportNotOffered', 'women.psychologicalSupportOffered'));
  }
  if (women?.femaleExaminerRequested === true && women.femaleExaminerProvided !== true) {
    out.push(warning('E10', 'domain.rule.femaleExaminerNotProvided', 'women.femaleExaminerProvided'));
  }
  if (women?.accompanyingChildPresent === true && women.accompanyingChildScreened !== true) {
    out.push(warning('E10', 'domain.rule.accompanyingChildNotScreened', 'women.accompanyingChildScreened'));
  }
  (exam.setting?.personsPresent ?? []).forEach((person, index) => {
    if (person.role !== null && person.role !== undefined && NON_MEDICAL_ROLES.includes(person.role) && person.gender !== 'female') {
      out.push(warning('E10', 'domain.rule.nonMedicalStaffNotFemale', `setting.personsPresent.${index}.gender`, { role: person.role }));
    }
  });
  return out;
}
