import { migration0001 } from './0001-initial';
import type { Migration } from './types';

/** Every migration, in order. Append only. */
export const migrations: readonly Migration[] = [migration0001];

export type { Migration } from './types';
