import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-examination-bodies';
import { migration0003 } from './0003-settings';
import { migration0004 } from './0004-vault-and-audit';
import { migration0005 } from './0005-attachments';
import { migration0006 } from './0006-reports';
import { migration0007 } from './0007-referrals';
import { migration0008 } from './0008-stat-facts';
import { migration0009 } from './0009-overdue-index';
import { migration0010 } from './0010-copy-owed-index';
import { migration0011 } from './0011-copy-handovers';
import { migration0012 } from './0012-pending-edits';
import { migration0013 } from './0013-case-list-order';
import { migration0014 } from './0014-timestamps';
import { migration0015 } from './0015-countersignatures';
import { migration0016 } from './0016-received-cases';
import { migration0017 } from './0017-fhir-outbox';
import { migration0018 } from './0018-audit-record-index';
import type { Migration } from './types';

/** Every migration, in order. Append only. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018];

export type { Migration } from './types';
