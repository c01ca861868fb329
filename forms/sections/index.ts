/** One section definition per domain section, in the order of SECTION_IDS. */
import type { SectionId } from '../../shared/domain/examination';
import type { SectionDefinition } from '../model';
import { accountSection } from './account';
import { consentSection } from './consent';
import { encounterSection } from './encounter';
import { findingsSection } from './findings';
import { identitySection } from './identity';
import { interpreterSection } from './interpreter';
import { juvenileSection } from './juvenile';
import { opinionSection } from './opinion';
import { outcomeSection } from './outcome';
import { provenanceSection } from './provenance';
import { psychologicalSection } from './psychological';
import { screeningSection } from './screening';
import { settingSection } from './setting';
import { womenSection } from './women';

/** Every section by its id: a missing or misnamed section is a compile error. */
export const sections = {
  encounter: encounterSection,
  identity: identitySection,
  provenance: provenanceSection,
  setting: settingSection,
  interpreter: interpreterSection,
  consent: consentSection,
  account: accountSection,
  screening: screeningSection,
  women: womenSection,
  juvenile: juvenileSection,
  psychological: psychologicalSection,
  findings: findingsSection,
  opinion: opinionSection,
  outcome: outcomeSection,
} as const satisfies Record<SectionId, SectionDefinition>;

export {
  accountSection,
  consentSection,
  encounterSection,
  findingsSection,
  identitySection,
  interpreterSection,
  juvenileSection,
  opinionSection,
  outcomeSection,
  provenanceSection,
  psychologicalSection,
  screeningSection,
  settingSection,
  womenSection,
};
