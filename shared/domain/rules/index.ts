/** The rules of the admission examination (domain guide section E). */
export { consentRule, checkConsentItem, gates, isRegionExcluded, isSectionLocked, GATED_AREAS, type Gate, type GateReasonKey, type GatedArea } from './consent';
export { allegationConsistencyRule, copyConsistencyRule, injuriesConsistencyRule, refusalConsistencyRule, restrictionsConsistencyRule } from './consistency';
export { copyRule } from './copy';
export { canFinalise, evaluateRules, rules, type FinalisationCheck } from './evaluate';
export { ATTRIBUTIONS_WITHOUT_MECHANISM, absenceOfFindingsRule, absenceOfFindingsStatementRequired, findingsRule, hasAttribution, isLesionComplete, lesionIssues } from './findings';
export { ADULT_AGE_YEARS, ageAtExamination, isMinor, juvenileRule, type AgeAtExamination } from './juvenile';
export { languageRule, needsInterpreter, shareLanguage } from './language';
export { officerPresentRule } from './officers';
export {
  RESTRICTION_CODES,
  conclusionsRequired,
  declarationsRule,
  overallOpinionRequired,
  overallOpinionRule,
  restrictionsStatement,
  settingRestrictions,
  type RestrictionCode,
  type RestrictionsStatement,
} from './opinion';
export { INTIMATE_REGIONS, canTakePhotographs, isIntimateSite, photographyRule, type PhotographPermission } from './photography';
export { REEXAMINATION_ENCOUNTERS, reexaminationRule } from './reexamination';
export { requiredAnswersRule } from './required';
export { screeningRule } from './screening';
export { SIGNING_MESSAGE_KEYS, signingBlockers, type SigningClinician, type SigningContext } from './signing';
export { SECTION_STATES, sectionOf, sectionStatus, type SectionState, type SectionStatus } from './sectionStatus';
export { examClock, timelinessRule, type ExamClock } from './timeliness';
export {
  DEFAULT_THRESHOLD_HOURS,
  RULE_IDS,
  resolveContext,
  type MessageParams,
  type ResolvedRuleContext,
  type RuleContext,
  type RuleFinding,
  type RuleId,
  type RuleMessageKey,
  type Severity,
} from './types';
export { isWomenModuleApplicable, womenRule } from './women';
