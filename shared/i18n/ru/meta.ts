import type { CatalogMeta } from '../languages';
export const meta: CatalogMeta = { language: 'ru', reviewed: false };
