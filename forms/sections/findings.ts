/**
 * Physical findings (domain guide B11). The section itself asks the explicit "no injuries seen"
 * answer; the lesions and photographs are drawn by the findings workspace (body charts, lesion
 * table, photographs) with the field sets of ./lesion.ts and ./photograph.ts, so they are not fields
 * here and the generic renderer draws no list for them. This answer also shows the lesion-list
 * finding of rule E7 ("injuries seen, none charted"), which the clinician resolves here. Findings
 * about one lesion's details (`findings.lesions.2.shape`) are placed by the lesion editor
 * (`lesionFieldForFinding`). Locked until the person consents to the physical examination (E3).
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
      // Asked as "Were injuries seen?": Yes stores noInjuriesSeen = false.
      asksNegation: true,
      width: 'half',
      showsFindingsAt: ['findings.lesions'],
    },
  ],
};
