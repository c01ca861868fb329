import type { CatalogMeta } from '../languages';
export const meta: CatalogMeta = { language: 'zh', reviewed: false };
