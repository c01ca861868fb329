/** The person's account of events on its own (domain guide B7; Annex IV V). Version 1. */
import type { FormDefinition } from './model';
import { accountSection } from './sections/account';

export const accountFormV1: FormDefinition = {
  id: 'account-of-events',
  version: 1,
  schema: 'examination',
  title: 'form.accountOfEvents',
  sections: [accountSection],
};
