/**
 * The one error type of `shared/identity`. Each failure has a stable `code` (what callers branch on),
 * a message key into the `identity` catalog (what a screen shows, in its language) and a `message` in
 * the default language's catalog (what a log or a test sees). None carries a password, a key or a file name.
 */
import { catalogs, defaultLanguage, type Catalog } from '../i18n';

/** The English strings, read when an error is made (the renderer loads catalogs on demand). */
const identity = (): Catalog['identity'] => catalogs[defaultLanguage].identity;

export type IdentityErrorCode =
  | 'wrong-password'
  | 'unsupported'
  | 'no-key'
  | 'no-certificate'
  | 'malformed'
  | 'no-pem'
  | 'key-mismatch'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'certificate-ca-only'
  | 'certificate-key-usage';

type IdentityErrorKey = keyof Catalog['identity']['error'];

const KEYS: Readonly<Record<IdentityErrorCode, IdentityErrorKey>> = {
  'wrong-password': 'wrongPassword',
  unsupported: 'unsupported',
  'no-key': 'noKey',
  'no-certificate': 'noCertificate',
  malformed: 'malformed',
  'no-pem': 'noPem',
  'key-mismatch': 'keyMismatch',
  'certificate-expired': 'certificateExpired',
  'certificate-not-yet-valid': 'certificateNotYetValid',
  'certificate-ca-only': 'certificateCaOnly',
  'certificate-key-usage': 'certificateKeyUsage',
};

/** A key, certificate or PKCS#12 operation that failed, with what to do next in `message`. */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  /** The key of the message in namespace `identity`, e.g. `error.wrongPassword`. */
  readonly messageKey: `error.${IdentityErrorKey}`;
  /** What was not understood (an algorithm OID, a structure name), never a value: for a log or a support request. */
  readonly detail: string | null;

  constructor(
    readonly code: IdentityErrorCode,
    options?: { readonly cause?: unknown; readonly detail?: string },
  ) {
    const key = KEYS[code];
    super(identity().error[key], options?.cause === undefined ? undefined : { cause: options.cause });
    this.messageKey = `error.${key}`;
    this.detail = options?.detail ?? null;
  }
}
