/**
 * Physical findings (domain guide B11). For now only the explicit "no injuries seen" answer: the
 * lesion list and photographs come with their own issues. Until then this answer also shows the
 * lesion-list finding of rule E7 ("injuries seen, none charted"), which the clinician resolves here.
 * Locked until the person consents to the physical examination (E3).
 */
import type { SectionDefinition } from '../model';

export const findingsSection: SectionDefinition = {
  id: 'findings',
  title: 'findings.title',
  intro: 'findings.intro',
  gate: 'findings',
  fields: [
    {
      path: 'findings.noInjuriesSeen',
      kind: 'yesno',
      label: 'findings.noInjuriesSeen',
      help: 'findings.help.noInjuriesSeen',
      width: 'half',
      showsFindingsAt: ['findings.lesions'],
    },
  ],
};
