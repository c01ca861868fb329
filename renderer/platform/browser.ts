/**
 * The platform in a plain browser (`npm run web`, end-to-end tests): files go out as downloads and
 * come in through a file input.
 */
import { MAX_IPC_FILE_BYTES, SaveFileRequest, type AppInfo, type FileKind } from '../../shared/ipc';
import type { Platform } from '../../shared/platform';

const accept: Record<FileKind, string> = {
  pdf: 'application/pdf,.pdf',
  backup: '.attest-backup',
  json: 'application/json,.json',
  csv: 'text/csv,.csv',
  image: 'image/jpeg,image/png,.jpg,.jpeg,.png',
};

const mimeTypes: Record<FileKind, string> = {
  pdf: 'application/pdf',
  backup: 'application/octet-stream',
  json: 'application/json',
  csv: 'text/csv',
  image: 'application/octet-stream',
};

/** Only https links leave the app, in a new browsing context without opener or referrer. */
export function isAllowedExternalLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export function createBrowserPlatform(info: { version: string }, doc: Document = document): Platform {
  return {
    kind: 'browser',
    appInfo: () => Promise.resolve<AppInfo>({ name: 'Attest', version: info.version, platform: 'browser' }),

    saveFile(request) {
      const { suggestedName, kind, bytes } = SaveFileRequest.parse(request);
      const blob = new Blob([bytes], { type: mimeTypes[kind] });
      const url = URL.createObjectURL(blob);
      const link = doc.createElement('a');
      link.href = url;
      link.download = suggestedName;
      link.rel = 'noopener';
      doc.body.append(link);
      link.click();
      link.remove();
      // Revoke after the download has started; the browser keeps its own reference.
      setTimeout(() => { URL.revokeObjectURL(url); }, 10_000);
      return Promise.resolve({ status: 'saved' });
    },

    openFile({ kind }) {
      return new Promise((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = accept[kind];
        input.addEventListener('cancel', () => { resolve({ status: 'cancelled' }); });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) {
            resolve({ status: 'cancelled' });
            return;
          }
          if (file.size > MAX_IPC_FILE_BYTES) {
            reject(new Error('The file is too large.'));
            return;
          }
          file.arrayBuffer().then(
            (buffer) => { resolve({ status: 'opened', name: file.name.slice(0, 255), bytes: new Uint8Array(buffer) }); },
            (error: unknown) => { reject(error instanceof Error ? error : new Error('The file could not be read.')); },
          );
        });
        input.click();
      });
    },

    openExternalLink(url) {
      if (!isAllowedExternalLink(url)) return Promise.resolve(false);
      window.open(url, '_blank', 'noopener,noreferrer');
      return Promise.resolve(true);
    },
  };
}
