/**
 * Message catalogs, as plain data so that the renderer (through i18next), the report builder and the
 * CLI all read the same strings. English is complete; French and Spanish follow the same shape
 * (`Catalog` makes a missing key a type error once they are added).
 */
import { app } from './en/app';
import { backup } from './en/backup';
import { domain } from './en/domain';
import { findings } from './en/findings';
import { form } from './en/form';
import { identity } from './en/identity';
import { signing } from './en/signing';
import { vault } from './en/vault';
import { referral } from './en/referral';
import { report } from './en/report';
import { trust } from './en/trust';

export const defaultLanguage = 'en';
export const supportedLanguages = ['en'] as const;
export type Language = (typeof supportedLanguages)[number];

/** Namespaces of a catalog. Each language provides every namespace. */
export const en = { app, domain, form, vault, backup, findings, identity, report, signing, referral, trust } as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** The shape every language's catalog must have. */
export type Catalog = Widen<typeof en>;

export const catalogs: Record<Language, Catalog> = { en };
export const namespaces = Object.keys(en) as (keyof Catalog)[];
