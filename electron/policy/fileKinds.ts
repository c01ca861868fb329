/**
 * Where: main process, pure (Electron types only). Which files each dialog offers.
 */
import type { FileFilter } from 'electron';
import type { FileKind } from '../../shared/ipc';

/**
 * The dialog filter for each kind of file the app saves or opens. The extensions match those the
 * browser platform accepts (renderer/platform/browser.ts), so a file saved in one opens in the other.
 */
export const fileFilters: Readonly<Record<FileKind, readonly FileFilter[]>> = {
  pdf: [{ name: 'PDF document', extensions: ['pdf'] }],
  backup: [{ name: 'Attest backup', extensions: ['attest-backup'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  ndjson: [{ name: 'JSON lines (NDJSON)', extensions: ['ndjson'] }],
  csv: [{ name: 'CSV table', extensions: ['csv'] }],
  image: [{ name: 'Image', extensions: ['jpg', 'jpeg', 'png'] }],
  certificate: [{ name: 'Certificate', extensions: ['pem', 'der', 'crt', 'cer', 'p12', 'pfx'] }],
};

/** A fresh, mutable copy of the filters of `kind`, as Electron's dialog options want them. */
export function filtersFor(kind: FileKind): FileFilter[] {
  return fileFilters[kind].map((filter) => ({ name: filter.name, extensions: [...filter.extensions] }));
}
