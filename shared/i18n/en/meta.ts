import type { CatalogMeta } from '../languages';

/** English is the source language the others are translated from. */
export const meta: CatalogMeta = { language: 'en', reviewed: true };
