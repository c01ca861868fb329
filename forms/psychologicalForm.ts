/** The psychological evaluation on its own (report section VIII; IP22 ch. VI). Version 1. */
import type { FormDefinition } from './model';
import { psychologicalSection } from './sections/psychological';

export const psychologicalFormV1: FormDefinition = {
  id: 'psychological-evaluation',
  version: 1,
  schema: 'examination',
  title: 'form.psychologicalEvaluation',
  sections: [psychologicalSection],
};
