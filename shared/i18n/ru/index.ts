/**
 * One language's catalog: its namespaces and its `meta`. This file is the same in every language
 * folder (copy it as is); shared/i18n/index.ts registers the folder.
 */
import { app } from './app';
import { backup } from './backup';
import { cli } from './cli';
import { domain } from './domain';
import { findings } from './findings';
import { form } from './form';
import { identity } from './identity';
import { meta } from './meta';
import { referral } from './referral';
import { report } from './report';
import { signing } from './signing';
import { trust } from './trust';
import { vault } from './vault';

export const catalog = { app, domain, form, vault, backup, findings, identity, report, signing, referral, trust, cli } as const;
export { meta };
