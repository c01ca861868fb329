import type { CatalogMeta } from '../languages';
export const meta: CatalogMeta = { language: 'fr', reviewed: false };
