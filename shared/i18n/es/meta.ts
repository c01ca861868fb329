import type { CatalogMeta } from '../languages';
export const meta: CatalogMeta = { language: 'es', reviewed: false };
