/**
 * The one error type of the vault. Each failure has a stable `code` (what the caller branches on), a
 * message key into the `vault` catalog (what the screen shows, through i18next) and an English
 * `message` from the same catalog (what a log or a test sees). None of them carries a secret.
 */
import { catalogs, defaultLanguage, type Catalog } from '../i18n';

/** The English strings, read when an error is made (the renderer loads catalogs on demand). */
const vault = (): Catalog['vault'] => catalogs[defaultLanguage].vault;

export type VaultErrorCode =
  | 'wrong-passphrase'
  | 'wrong-recovery-key'
  | 'recovery-key-length'
  | 'recovery-key-character'
  | 'recovery-key-typo'
  | 'weak-passphrase'
  | 'weak-kdf'
  | 'malformed-keyring'
  | 'unsupported-keyring'
  | 'tampered-record'
  | 'rolled-back-record'
  | 'malformed-record'
  | 'invalid-context'
  | 'rotation-pending';

type VaultErrorKey = keyof Catalog['vault']['error'];

const KEYS: Readonly<Record<VaultErrorCode, VaultErrorKey>> = {
  'wrong-passphrase': 'wrongPassphrase',
  'wrong-recovery-key': 'wrongRecoveryKey',
  'recovery-key-length': 'recoveryKeyLength',
  'recovery-key-character': 'recoveryKeyCharacter',
  'recovery-key-typo': 'recoveryKeyTypo',
  'weak-passphrase': 'weakPassphrase',
  'weak-kdf': 'weakKdf',
  'malformed-keyring': 'malformedKeyring',
  'unsupported-keyring': 'unsupportedKeyring',
  'tampered-record': 'tamperedRecord',
  'rolled-back-record': 'rolledBackRecord',
  'malformed-record': 'malformedRecord',
  'invalid-context': 'invalidContext',
  'rotation-pending': 'rotationPending',
};

export type VaultMessageParams = Readonly<Record<string, string | number>>;

/** A vault operation that failed, with what the person should do next in `message`. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  /** The i18next key of the message, e.g. `vault.error.wrongPassphrase`. */
  readonly messageKey: `vault.error.${VaultErrorKey}`;
  /** Where a malformed input is wrong (paths and rules, never values), for a log or a support request. */
  readonly details: readonly string[];

  constructor(
    readonly code: VaultErrorCode,
    readonly params: VaultMessageParams = {},
    options?: { readonly cause?: unknown; readonly details?: readonly string[] },
  ) {
    const key = KEYS[code];
    super(
      vault().error[key].replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
        const value = params[name];
        return value === undefined ? whole : String(value);
      }),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.messageKey = `vault.error.${key}`;
    this.details = options?.details ?? [];
  }
}
