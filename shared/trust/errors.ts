/**
 * The one error type of `shared/trust`, as `IdentityError` is for identities: a stable `code` for
 * callers, a message key into the `trust` catalog for screens, the English message for logs and
 * tests. None carries a certificate's bytes or a file name; `params` holds at most a date.
 */
import { catalogs, defaultLanguage, type Catalog } from '../i18n';

/** The English strings, read when an error is made (the renderer loads catalogs on demand). */
const trust = (): Catalog['trust'] => catalogs[defaultLanguage].trust;

export type TrustErrorCode =
  | 'not-certificate'
  | 'too-large'
  | 'too-many'
  | 'already-trusted'
  | 'own-identity'
  | 'not-yet-valid'
  | 'wrong-usage'
  | 'not-found'
  | 'changed'
  | 'unreadable';

type TrustErrorKey = keyof Catalog['trust']['error'];

const KEYS: Readonly<Record<TrustErrorCode, TrustErrorKey>> = {
  'not-certificate': 'notCertificate',
  'too-large': 'tooLarge',
  'too-many': 'tooMany',
  'already-trusted': 'alreadyTrusted',
  'own-identity': 'ownIdentity',
  'not-yet-valid': 'notYetValid',
  'wrong-usage': 'wrongUsage',
  'not-found': 'notFound',
  changed: 'changed',
  unreadable: 'unreadable',
};

/** Which certificate of a file (from 1) the refusal is about, when the file holds several. */
export interface TrustErrorPosition {
  readonly position: number;
  readonly count: number;
}

/** A certificate that was not added (nothing stored), or a list that could not be read or written. */
export class TrustError extends Error {
  override readonly name = 'TrustError';
  /** The key of the message in namespace `trust`, e.g. `error.notYetValid`. */
  readonly messageKey: `error.${TrustErrorKey}`;
  readonly params: Readonly<Record<string, string>>;
  readonly at: TrustErrorPosition | null;

  constructor(
    readonly code: TrustErrorCode,
    options: { readonly params?: Readonly<Record<string, string>>; readonly at?: TrustErrorPosition; readonly cause?: unknown } = {},
  ) {
    const key = KEYS[code];
    const params = options.params ?? {};
    super(
      trust().error[key].replace(/\{\{(\w+)\}\}/gu, (_, name: string) => params[name] ?? ''),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.messageKey = `error.${key}`;
    this.params = params;
    this.at = options.at ?? null;
  }
}
