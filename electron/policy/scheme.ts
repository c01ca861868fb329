/**
 * Where: main process, pure (Electron types only). How the `app:` scheme is registered.
 */
import type { CustomScheme } from 'electron';
import { APP_SCHEME } from '../../shared/ipc';

/**
 * `app:` as a standard, secure scheme: pages get a real origin (`app://attest`, to which IndexedDB
 * is bound), a secure context (WebCrypto, camera) and `fetch`. The CSP is not bypassed, CORS and
 * service workers are off.
 */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: false,
    stream: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    allowExtensions: false,
    // Keep compiled JavaScript of the (immutable, hashed) bundles between starts: a faster start.
    codeCache: true,
  },
};
