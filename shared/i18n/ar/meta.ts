import type { CatalogMeta } from '../languages';
export const meta: CatalogMeta = { language: 'ar', reviewed: false };
