/** Consent on its own (domain guide B6), e.g. recorded before a separate medico-legal examination. Version 1. */
import type { FormDefinition } from './model';
import { consentSection } from './sections/consent';

export const consentFormV1: FormDefinition = {
  id: 'consent',
  version: 1,
  schema: 'examination',
  title: 'form.consent',
  sections: [consentSection],
};
