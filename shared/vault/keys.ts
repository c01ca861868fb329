/**
 * The vault's keys: creating a vault, unlocking it with the passphrase or the recovery key, changing
 * the passphrase, and the keyring (the JSON that is stored) with its zod schema.
 *
 * One random 256-bit root secret is wrapped twice with AES-GCM: under a key derived from the
 * passphrase (PBKDF2-SHA-256, 600,000 rounds by default) and under a key derived from the recovery
 * key (HKDF-SHA-256: 160 random bits need no stretching, and stretching would only slow recovery).
 * Unlocking unwraps the root straight into a non-extractable HKDF key (`unwrapKey`), so its bytes
 * never reach JavaScript, and derives from it, with distinct labels:
 *   - `dataKey`  AES-256-GCM, seals records and attachments (`seal.ts`);
 *   - `indexKey` HMAC-SHA-256, the blind index (`blindIndex.ts`);
 *   - `wrapKey`  AES-256-GCM, wraps other keys such as signing keys (`wrap.ts`).
 * None is stored; changing the passphrase rewraps the root and leaves every record as it is.
 * "Replace all keys" (`startRotation`, then renderer/db/repos/keyRotation.ts) makes a new root and
 * re-seals every record under it, so that old secrets and old wraps stop mattering.
 */
import { z } from 'zod';
import { fromBase64, randomBytes, toBase64, utf8, wipe, type Bytes } from './encoding';
import { VaultError } from './errors';
import { formatRecoveryKey, parseRecoveryKey, RECOVERY_KEY_BYTES } from './recoveryKey';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength } from './strength';

/** PBKDF2 rounds for a new passphrase wrap: OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;
/** Fewest rounds production code accepts when it wraps; lower needs the explicit test option. */
export const MIN_PBKDF2_ITERATIONS = 600_000;
/** Most rounds a stored keyring may ask for: a damaged or hostile keyring must not hang the app. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

const SALT_BYTES = 16;
const ROOT_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

// Additional data of the two wraps: a wrap copied into the other slot does not open.
const PASSPHRASE_WRAP = 'attest-keyring-1|passphrase';
const RECOVERY_WRAP = 'attest-keyring-1|recovery';
const RECOVERY_KEK_INFO = 'attest-keyring-1|recovery-kek';
// HKDF labels of the keys derived from the root. Changing one makes every vault unreadable.
const DATA_KEY_INFO = 'attest-vault-1|records';
const INDEX_KEY_INFO = 'attest-vault-1|blind-index';
const WRAP_KEY_INFO = 'attest-vault-1|key-wrap';
// During a key rotation each root is wrapped under a key derived from the other (HKDF label below),
// so that either generation's passphrase or recovery key opens both until the rotation ends.
const ROTATION_KEK_INFO = 'attest-vault-1|rotation';
const NEXT_ROOT_WRAP = 'attest-rotation-1|next-root';
const PREVIOUS_ROOT_WRAP = 'attest-rotation-1|previous-root';
const AUDIT_KEY_INFO = 'attest-vault-1|audit-chain';

const subtle = () => globalThis.crypto.subtle;

/** Base64 text of `min`–`max` bytes. The length is computed, not decoded: zod runs it on invalid text too. */
function base64Bytes(min: number, max: number = min) {
  return z.base64().refine(
    (text) => {
      const length = (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
      return length >= min && length <= max;
    },
    min === max ? `must decode to exactly ${min} bytes` : `must decode to ${min}–${max} bytes`,
  );
}

const WrappedKey = z.strictObject({
  iv: base64Bytes(IV_BYTES),
  ciphertext: base64Bytes(ROOT_BYTES + TAG_BYTES),
});

/** The stored keyring: everything needed to unlock, nothing that unlocks by itself. */
export const keyringSchema = z.strictObject({
  version: z.literal(1),
  createdAt: z.iso.datetime().optional(),
  kdf: z.strictObject({
    name: z.literal('PBKDF2'),
    hash: z.literal('SHA-256'),
    iterations: z.int().min(1).max(MAX_PBKDF2_ITERATIONS),
    salt: base64Bytes(SALT_BYTES, 64),
  }),
  wrappedByPassphrase: WrappedKey,
  recoveryKdf: z.strictObject({
    name: z.literal('HKDF'),
    hash: z.literal('SHA-256'),
    salt: base64Bytes(SALT_BYTES, 64),
  }),
  wrappedByRecovery: WrappedKey,
});

export type Keyring = z.infer<typeof keyringSchema>;

/**
 * A key rotation under way ("Replace all keys"), stored beside the keyring until every sealed row is
 * under the new root: `next` is the new root's keyring (the new passphrase, the new recovery key), and
 * each root is wrapped under a key derived from the other, so that whichever secret the clinician
 * types at the next unlock (old or new) yields both roots and the rotation resumes. When it ends,
 * `next` replaces the keyring and this record is deleted: from then on the old secrets open nothing.
 */
export const rotationSchema = z.strictObject({
  version: z.literal(1),
  /** When it started (UTC ISO): also tells one rotation from another. */
  startedAt: z.iso.datetime(),
  next: keyringSchema,
  nextByPrevious: WrappedKey,
  previousByNext: WrappedKey,
});
export type PendingRotation = z.infer<typeof rotationSchema>;
type WrappedKey = z.infer<typeof WrappedKey>;

/** The keys of an unlocked vault: non-extractable, in memory only; forget them to lock. */
export interface UnlockedKeys {
  /** AES-256-GCM, encrypt and decrypt: seals records and attachments. */
  readonly dataKey: CryptoKey;
  /** HMAC-SHA-256, sign: blind-index keys for exact-match search. */
  readonly indexKey: CryptoKey;
  /** AES-256-GCM, wrapKey and unwrapKey: keeps signing keys wrapped at rest. */
  readonly wrapKey: CryptoKey;
  /** HMAC-SHA-256, sign and verify: seals the audit chain's entries and anchor (shared/vault/auditKey.ts). */
  readonly auditKey: CryptoKey;
}

/** What proves the person may change the vault: the current passphrase, or the recovery key. */
export type VaultSecret = { readonly passphrase: string } | { readonly recoveryKey: string };

export interface KdfOptions {
  /** PBKDF2 rounds for the passphrase wrap; `DEFAULT_PBKDF2_ITERATIONS` when absent. */
  readonly iterations?: number;
  /**
   * Tests only: accept `iterations` below `MIN_PBKDF2_ITERATIONS`, so that a test derives a key in
   * milliseconds. Production code never sets it.
   */
  readonly allowInsecureIterationsForTests?: boolean;
}

export interface CreateVaultOptions extends KdfOptions {
  readonly now?: () => Date;
}

export interface CreatedVault {
  /** To store (it is JSON); useless without the passphrase or the recovery key. */
  readonly keyring: Keyring;
  /** To show once, for the person to write on paper; never stored. */
  readonly recoveryKey: string;
  readonly keys: UnlockedKeys;
}

/**
 * Reads a stored keyring. Throws `VaultError` `unsupported-keyring` for one written by a newer
 * version, `malformed-keyring` (with `details`: which fields, never their values) for anything else.
 */
export function parseKeyring(value: unknown): Keyring {
  if (typeof value === 'object' && value !== null && 'version' in value && typeof value.version === 'number' && value.version > 1) {
    throw new VaultError('unsupported-keyring');
  }
  const parsed = keyringSchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(keyring)'}: ${issue.message}`);
    throw new VaultError('malformed-keyring', {}, { details });
  }
  return parsed.data;
}

/** Reads a stored rotation record; throws `VaultError` `malformed-keyring` when it is damaged. */
export function parseRotation(value: unknown): PendingRotation {
  const parsed = rotationSchema.safeParse(value);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `rotation.${issue.path.join('.')}: ${issue.message}`);
    throw new VaultError('malformed-keyring', {}, { details });
  }
  return parsed.data;
}

/** Whether the passphrase wrap uses fewer rounds than a new one would: rewrap at the next unlock. */
export function keyringNeedsRewrap(keyring: Keyring): boolean {
  return keyring.kdf.iterations < DEFAULT_PBKDF2_ITERATIONS;
}

function iterationsOf(options: KdfOptions): number {
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be a whole number from 1 to ${MAX_PBKDF2_ITERATIONS}.`);
  }
  if (iterations < MIN_PBKDF2_ITERATIONS && options.allowInsecureIterationsForTests !== true) {
    throw new VaultError('weak-kdf', { minimum: MIN_PBKDF2_ITERATIONS });
  }
  return iterations;
}

async function requireStrong(passphrase: string): Promise<void> {
  if (!(await passphraseStrength(passphrase)).meetsMinimum) throw new VaultError('weak-passphrase', { minimum: MIN_PASSPHRASE_LENGTH });
}

/** The key that wraps the root under a passphrase. NFKC, so the same passphrase typed on another system's keyboard still matches. */
async function passphraseKek(passphrase: string, salt: Bytes, iterations: number, usages: KeyUsage[]): Promise<CryptoKey> {
  const password = utf8(passphrase.normalize('NFKC'));
  try {
    const material = await subtle().importKey('raw', password, 'PBKDF2', false, ['deriveKey']);
    return await subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, usages);
  } finally {
    wipe(password);
  }
}

async function recoveryKek(recoveryBytes: Bytes, salt: Bytes, usages: KeyUsage[]): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', recoveryBytes, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(RECOVERY_KEK_INFO) }, material, { name: 'AES-GCM', length: 256 }, false, usages);
}

async function wrapRoot(kek: CryptoKey, root: Bytes, label: string): Promise<WrappedKey> {
  const iv = randomBytes(IV_BYTES);
  const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8(label) }, kek, root));
  return { iv: toBase64(iv), ciphertext: toBase64(ciphertext) };
}

/** Unwraps the root into a non-extractable HKDF key, or returns null when the KEK is not the right one. */
async function unwrapRoot(kek: CryptoKey, wrapped: WrappedKey, label: string): Promise<CryptoKey | null> {
  const params = { name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: utf8(label) };
  try {
    return await subtle().unwrapKey('raw', fromBase64(wrapped.ciphertext), kek, params, 'HKDF', false, ['deriveKey']);
  } catch {
    // AES-GCM cannot tell a wrong key from a damaged wrap; both mean "this secret does not open it".
    return null;
  }
}

/** The root's bytes, only to rewrap them; the caller wipes them. */
async function decryptRoot(kek: CryptoKey, wrapped: WrappedKey, label: string): Promise<Bytes | null> {
  try {
    const params = { name: 'AES-GCM', iv: fromBase64(wrapped.iv), additionalData: utf8(label) };
    return new Uint8Array(await subtle().decrypt(params, kek, fromBase64(wrapped.ciphertext)));
  } catch {
    return null;
  }
}

async function deriveKeys(root: CryptoKey): Promise<UnlockedKeys> {
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(info) });
  const [dataKey, indexKey, wrapKey, auditKey] = await Promise.all([
    subtle().deriveKey(hkdf(DATA_KEY_INFO), root, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().deriveKey(hkdf(INDEX_KEY_INFO), root, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    subtle().deriveKey(hkdf(WRAP_KEY_INFO), root, { name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']),
    subtle().deriveKey(hkdf(AUDIT_KEY_INFO), root, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']),
  ]);
  return { dataKey, indexKey, wrapKey, auditKey };
}

/** The recovery slot: a KEK from fresh recovery bytes, the wrap, and the key as the person writes it. */
async function newRecoverySlot(root: Bytes): Promise<{ recoveryKdf: Keyring['recoveryKdf']; wrappedByRecovery: WrappedKey; recoveryKey: string }> {
  const recoveryBytes = randomBytes(RECOVERY_KEY_BYTES);
  try {
    const salt = randomBytes(SALT_BYTES);
    const kek = await recoveryKek(recoveryBytes, salt, ['encrypt']);
    return {
      recoveryKdf: { name: 'HKDF', hash: 'SHA-256', salt: toBase64(salt) },
      wrappedByRecovery: await wrapRoot(kek, root, RECOVERY_WRAP),
      recoveryKey: formatRecoveryKey(recoveryBytes),
    };
  } finally {
    wipe(recoveryBytes);
  }
}

async function newPassphraseSlot(root: Bytes, passphrase: string, iterations: number): Promise<Pick<Keyring, 'kdf' | 'wrappedByPassphrase'>> {
  const salt = randomBytes(SALT_BYTES);
  const kek = await passphraseKek(passphrase, salt, iterations, ['encrypt']);
  return {
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    wrappedByPassphrase: await wrapRoot(kek, root, PASSPHRASE_WRAP),
  };
}

/**
 * Creates a vault: a random root secret wrapped by the passphrase and by a new recovery key. Throws
 * `VaultError` `weak-passphrase` when the passphrase does not meet the minimum (`passphraseStrength`),
 * `weak-kdf` for too few rounds without the test option.
 */
export async function createVault(passphrase: string, options: CreateVaultOptions = {}): Promise<CreatedVault> {
  await requireStrong(passphrase);
  const iterations = iterationsOf(options);
  const root = randomBytes(ROOT_BYTES);
  try {
    const passphraseSlot = await newPassphraseSlot(root, passphrase, iterations);
    const { recoveryKey, ...recoverySlot } = await newRecoverySlot(root);
    const rootKey = await subtle().importKey('raw', root, 'HKDF', false, ['deriveKey']);
    const createdAt = (options.now ?? (() => new Date()))().toISOString();
    const keyring: Keyring = { version: 1, createdAt, ...passphraseSlot, ...recoverySlot };
    return { keyring, recoveryKey, keys: await deriveKeys(rootKey) };
  } finally {
    wipe(root);
  }
}

/**
 * Unlocks with the passphrase. Throws `VaultError` `wrong-passphrase`, or `malformed-keyring` /
 * `unsupported-keyring` when the keyring cannot be read. Slow by design (PBKDF2): pace retries with
 * `unlockDelayMs`.
 */
export async function unlockWithPassphrase(keyring: Keyring, passphrase: string): Promise<UnlockedKeys> {
  return deriveKeys(await unlockRoot(keyring, { passphrase }));
}

/**
 * Unlocks with the recovery key as typed. Throws `VaultError` `recovery-key-length`,
 * `recovery-key-character` or `recovery-key-typo` when it is mistyped (see `parseRecoveryKey`),
 * `wrong-recovery-key` when it is well formed but belongs to another vault.
 */
export async function unlockWithRecoveryKey(keyring: Keyring, recoveryKey: string): Promise<UnlockedKeys> {
  return deriveKeys(await unlockRoot(keyring, { recoveryKey }));
}

/** The root as a non-extractable HKDF key, opened with either secret; throws as `unlockWith…` do. */
async function unlockRoot(keyring: Keyring, secret: VaultSecret): Promise<CryptoKey> {
  if ('passphrase' in secret) {
    const { kdf, wrappedByPassphrase } = parseKeyring(keyring);
    // An empty passphrase cannot have been chosen (minimum length); PBKDF2 need not run for it.
    if (secret.passphrase === '') throw new VaultError('wrong-passphrase');
    const kek = await passphraseKek(secret.passphrase, fromBase64(kdf.salt), kdf.iterations, ['unwrapKey']);
    const root = await unwrapRoot(kek, wrappedByPassphrase, PASSPHRASE_WRAP);
    if (root === null) throw new VaultError('wrong-passphrase');
    return root;
  }
  const { recoveryKdf, wrappedByRecovery } = parseKeyring(keyring);
  const recoveryBytes = parseRecoveryKey(secret.recoveryKey);
  let kek: CryptoKey;
  try {
    kek = await recoveryKek(recoveryBytes, fromBase64(recoveryKdf.salt), ['unwrapKey']);
  } finally {
    wipe(recoveryBytes);
  }
  const root = await unwrapRoot(kek, wrappedByRecovery, RECOVERY_WRAP);
  if (root === null) throw new VaultError('wrong-recovery-key');
  return root;
}

/** The key that wraps one root under the other during a rotation, derived from `root`. */
async function rotationKek(root: CryptoKey, usages: KeyUsage[]): Promise<CryptoKey> {
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8(ROTATION_KEK_INFO) }, root, { name: 'AES-GCM', length: 256 }, false, usages);
}

/** An unlocked vault: its keys, and during a rotation the previous generation's too. */
export interface VaultUnlock {
  /** The keys everything is (being) sealed under: the new root's during a rotation. */
  readonly keys: UnlockedKeys;
  /** During a rotation, the old root's keys (rows not re-sealed yet open with them); null otherwise. */
  readonly previous: UnlockedKeys | null;
}

/**
 * Unlocks with the passphrase or the recovery key, taking a rotation under way into account: either
 * generation's secret opens both roots. Without a rotation, as `unlockWithPassphrase` /
 * `unlockWithRecoveryKey`. Throws as they do when neither generation's secret matches.
 */
export async function unlockVault(keyring: Keyring, rotation: PendingRotation | null, secret: VaultSecret): Promise<VaultUnlock> {
  if (rotation === null) return { keys: await deriveKeys(await unlockRoot(keyring, secret)), previous: null };
  const pending = parseRotation(rotation);
  let next: CryptoKey | null = null;
  let previous: CryptoKey | null = null;
  try {
    // The new secrets first: the clinician chose them last.
    next = await unlockRoot(pending.next, secret);
    previous = await unwrapRoot(await rotationKek(next, ['unwrapKey']), pending.previousByNext, PREVIOUS_ROOT_WRAP);
  } catch (newError) {
    if (!(newError instanceof VaultError)) throw newError;
    try {
      previous = await unlockRoot(keyring, secret);
    } catch (oldError) {
      // A typo in a recovery key reads the same against both keyrings; a wrong secret is wrong for both.
      throw oldError instanceof VaultError ? oldError : newError;
    }
    next = await unwrapRoot(await rotationKek(previous, ['unwrapKey']), pending.nextByPrevious, NEXT_ROOT_WRAP);
  }
  if (next === null || previous === null) throw new VaultError('malformed-keyring', {}, { details: ['rotation: a root does not open the other'] });
  const [keys, previousKeys] = await Promise.all([deriveKeys(next), deriveKeys(previous)]);
  return { keys, previous: previousKeys };
}

/** The root's bytes, opened with either secret; the caller wipes them. */
async function openRoot(keyring: Keyring, secret: VaultSecret): Promise<Bytes> {
  if ('passphrase' in secret) {
    const kek = await passphraseKek(secret.passphrase, fromBase64(keyring.kdf.salt), keyring.kdf.iterations, ['decrypt']);
    const root = await decryptRoot(kek, keyring.wrappedByPassphrase, PASSPHRASE_WRAP);
    if (root === null) throw new VaultError('wrong-passphrase');
    return root;
  }
  const recoveryBytes = parseRecoveryKey(secret.recoveryKey);
  try {
    const kek = await recoveryKek(recoveryBytes, fromBase64(keyring.recoveryKdf.salt), ['decrypt']);
    const root = await decryptRoot(kek, keyring.wrappedByRecovery, RECOVERY_WRAP);
    if (root === null) throw new VaultError('wrong-recovery-key');
    return root;
  } finally {
    wipe(recoveryBytes);
  }
}

/**
 * A new keyring in which `newPassphrase` replaces the passphrase; the root, hence every key and every
 * record, stays the same, and the recovery key still works. Needs the current passphrase or the
 * recovery key (forgotten passphrase), not just an unlocked session: someone at an unlocked screen
 * cannot lock the clinician out. Throws as `unlockWith…` and `createVault` do.
 */
export async function changePassphrase(keyring: Keyring, current: VaultSecret, newPassphrase: string, options: KdfOptions = {}): Promise<Keyring> {
  const parsed = parseKeyring(keyring);
  await requireStrong(newPassphrase);
  const iterations = iterationsOf(options);
  const root = await openRoot(parsed, current);
  try {
    return { ...parsed, ...(await newPassphraseSlot(root, newPassphrase, iterations)) };
  } finally {
    wipe(root);
  }
}

/**
 * A new keyring with a new recovery key (to show once), for when the paper copy is lost or seen by
 * someone else. The old recovery key stops working; the passphrase and every record stay the same.
 */
export async function replaceRecoveryKey(keyring: Keyring, current: VaultSecret): Promise<{ keyring: Keyring; recoveryKey: string }> {
  const parsed = parseKeyring(keyring);
  const root = await openRoot(parsed, current);
  try {
    const { recoveryKey, ...recoverySlot } = await newRecoverySlot(root);
    return { keyring: { ...parsed, ...recoverySlot }, recoveryKey };
  } finally {
    wipe(root);
  }
}

export interface StartedRotation {
  /** To store beside the keyring (vault row `rotation`) BEFORE anything is re-sealed. */
  readonly rotation: PendingRotation;
  /** The new recovery key, to show once; it works as soon as `rotation` is stored. */
  readonly recoveryKey: string;
  /** The old root's keys: rows not re-sealed yet open with them. */
  readonly previous: UnlockedKeys;
  /** The new root's keys: everything is re-sealed under them. */
  readonly next: UnlockedKeys;
}

/**
 * Begins "Replace all keys": a new random root, wrapped under `newPassphrase` (which may be the same
 * passphrase typed again: fresh salt) and under a new recovery key, and the two roots wrapped under
 * each other. Needs the current passphrase or recovery key, as `changePassphrase` does. Nothing is
 * stored here; the caller stores `rotation`, re-seals every row, then makes `rotation.next` the
 * keyring (`renderer/db/repos/keyRotation.ts`). Throws as `changePassphrase` does.
 */
export async function startRotation(keyring: Keyring, current: VaultSecret, newPassphrase: string, options: CreateVaultOptions = {}): Promise<StartedRotation> {
  const parsed = parseKeyring(keyring);
  await requireStrong(newPassphrase);
  const iterations = iterationsOf(options);
  const oldRoot = await openRoot(parsed, current);
  const newRoot = randomBytes(ROOT_BYTES);
  try {
    const passphraseSlot = await newPassphraseSlot(newRoot, newPassphrase, iterations);
    const { recoveryKey, ...recoverySlot } = await newRecoverySlot(newRoot);
    const at = (options.now ?? (() => new Date()))().toISOString();
    const next: Keyring = { version: 1, createdAt: at, ...passphraseSlot, ...recoverySlot };
    const [oldKey, newKey] = await Promise.all([
      subtle().importKey('raw', oldRoot, 'HKDF', false, ['deriveKey']),
      subtle().importKey('raw', newRoot, 'HKDF', false, ['deriveKey']),
    ]);
    const rotation: PendingRotation = {
      version: 1,
      startedAt: at,
      next,
      nextByPrevious: await wrapRoot(await rotationKek(oldKey, ['encrypt']), newRoot, NEXT_ROOT_WRAP),
      previousByNext: await wrapRoot(await rotationKek(newKey, ['encrypt']), oldRoot, PREVIOUS_ROOT_WRAP),
    };
    const [previousKeys, nextKeys] = await Promise.all([deriveKeys(oldKey), deriveKeys(newKey)]);
    return { rotation, recoveryKey, previous: previousKeys, next: nextKeys };
  } finally {
    wipe(oldRoot);
    wipe(newRoot);
  }
}

/** Wrong attempts allowed before the unlock screen makes the person wait. */
export const FREE_UNLOCK_ATTEMPTS = 3;
/** Longest wait between attempts. */
export const MAX_UNLOCK_DELAY_MS = 60_000;

/**
 * How long the unlock screen waits before accepting another attempt after `failedAttempts` wrong
 * ones in a row: none for the first 3, then 1 s, 2 s, 4 s … doubling up to 60 s. It slows a person
 * at the keyboard; someone with a copy of the disk is slowed by PBKDF2 instead.
 */
export function unlockDelayMs(failedAttempts: number): number {
  if (Number.isNaN(failedAttempts) || failedAttempts < FREE_UNLOCK_ATTEMPTS) return 0;
  return Math.min(MAX_UNLOCK_DELAY_MS, 1000 * 2 ** (Math.floor(failedAttempts) - FREE_UNLOCK_ATTEMPTS));
}
