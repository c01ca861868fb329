/**
 * Creating, unlocking and re-keying a vault: either secret opens it, a wrong one is refused with the
 * right reason, the keys never leave WebCrypto, and a new passphrase leaves the data readable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PBKDF2_ITERATIONS,
  MIN_PBKDF2_ITERATIONS,
  changePassphrase,
  createVault,
  keyringNeedsRewrap,
  openRecord,
  parseKeyring,
  parseRecoveryKey,
  replaceRecoveryKey,
  sealRecord,
  unlockDelayMs,
  unlockWithPassphrase,
  unlockWithRecoveryKey,
  type Keyring,
} from '../../../shared/vault';
import { fromBase64, toBase64 } from '../../../shared/vault/encoding';
import { loadStrengthMeter } from '../../../shared/vault/strength';
import { OTHER_PASSPHRASE, PASSPHRASE, TEST_KDF, flipped, testVault, vaultErrorOf, vaultErrorOfSync } from './helpers';

const where = { table: 'caseBodies', id: 'c0ffee00-0000-4000-8000-000000000001', schemaVersion: 1 };
const record = { identity: { givenName: 'Canary', familyName: 'Witness' }, account: 'He said he was beaten at the station.' };

// The passphrase check loads zxcvbn-ts's dictionaries: seconds on a busy machine, not a test's 5 s.
beforeAll(async () => {
  await loadStrengthMeter();
}, 60_000);

describe('createVault', () => {
  it('returns a JSON keyring that parses back, a recovery key to write down, and working keys', async () => {
    const { keyring, recoveryKey, keys } = await createVault(PASSPHRASE, { ...TEST_KDF, now: () => new Date('2026-05-02T08:00:00Z') });
    const stored: unknown = JSON.parse(JSON.stringify(keyring));
    expect(parseKeyring(stored)).toEqual(keyring);
    expect(keyring).toMatchObject({ version: 1, createdAt: '2026-05-02T08:00:00.000Z', kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations: 1_000 }, recoveryKdf: { name: 'HKDF', hash: 'SHA-256' } });
    expect(fromBase64(keyring.kdf.salt)).toHaveLength(16);
    expect(recoveryKey).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){7}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(parseRecoveryKey(recoveryKey)).toHaveLength(20);
    // Neither the passphrase nor the recovery key is in what is stored.
    const text = JSON.stringify(keyring);
    expect(text).not.toContain(PASSPHRASE);
    expect(text).not.toContain(recoveryKey.replaceAll('-', '').slice(0, 8));
    const sealed = await sealRecord(keys.dataKey, where, record);
    expect(await openRecord(keys.dataKey, where, sealed)).toEqual(record);
  });

  it('gives every vault its own salts, wraps and recovery key', async () => {
    const [a, b] = await Promise.all([testVault(), testVault()]);
    expect(a.keyring.kdf.salt).not.toBe(b.keyring.kdf.salt);
    expect(a.keyring.recoveryKdf.salt).not.toBe(b.keyring.recoveryKdf.salt);
    expect(a.keyring.wrappedByPassphrase.ciphertext).not.toBe(b.keyring.wrappedByPassphrase.ciphertext);
    expect(a.recoveryKey).not.toBe(b.recoveryKey);
    const sealed = await sealRecord(a.keys.dataKey, where, record);
    expect((await vaultErrorOf(openRecord(b.keys.dataKey, where, sealed))).code).toBe('tampered-record');
  });

  it('refuses a passphrase below the minimum, and says what the minimum is', async () => {
    for (const weak of ['', 'short', 'password1234', 'aaaaaaaaaaaaaaaa']) {
      const error = await vaultErrorOf(createVault(weak, TEST_KDF));
      expect(error.code, weak).toBe('weak-passphrase');
      expect(error.message).toContain('12 characters');
      expect(error.messageKey).toBe('vault.error.weakPassphrase');
    }
  });

  it('defaults to at least 600,000 PBKDF2 rounds and refuses fewer without the explicit test option', async () => {
    expect(DEFAULT_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    expect(MIN_PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { keyring } = await createVault(PASSPHRASE);
    expect(keyring.kdf.iterations).toBe(DEFAULT_PBKDF2_ITERATIONS);
    expect(keyringNeedsRewrap(keyring)).toBe(false);

    for (const iterations of [1_000, MIN_PBKDF2_ITERATIONS - 1]) {
      const error = await vaultErrorOf(createVault(PASSPHRASE, { iterations }));
      expect(error.code).toBe('weak-kdf');
      expect(error.message).toContain('600000');
      expect((await vaultErrorOf(changePassphrase(keyring, { passphrase: PASSPHRASE }, OTHER_PASSPHRASE, { iterations }))).code).toBe('weak-kdf');
    }
    await expect(createVault(PASSPHRASE, { iterations: 0, allowInsecureIterationsForTests: true })).rejects.toBeInstanceOf(RangeError);
    const test = await createVault(PASSPHRASE, TEST_KDF);
    expect(keyringNeedsRewrap(test.keyring)).toBe(true);
  });
});

describe('unlocking', () => {
  it('opens with the passphrase: the keys decrypt what the vault sealed when it was created', async () => {
    const { keyring, keys } = await testVault();
    const sealed = await sealRecord(keys.dataKey, where, record);
    const unlocked = await unlockWithPassphrase(keyring, PASSPHRASE);
    expect(await openRecord(unlocked.dataKey, where, sealed)).toEqual(record);
  });

  it('treats the passphrase as the same whichever Unicode form the keyboard produced', async () => {
    const composed = 'café crème brûlée au lait';
    const { keyring } = await testVault(composed.normalize('NFC'));
    await expect(unlockWithPassphrase(keyring, composed.normalize('NFD'))).resolves.toBeDefined();
  });

  it.each([
    ['another passphrase', OTHER_PASSPHRASE],
    ['a wrong case', PASSPHRASE.toUpperCase()],
    ['a trailing space', `${PASSPHRASE} `],
    ['an empty passphrase', ''],
  ])('refuses %s with wrong-passphrase and a message for the person', async (_label, attempt) => {
    const { keyring } = await testVault();
    const error = await vaultErrorOf(unlockWithPassphrase(keyring, attempt));
    expect(error.code).toBe('wrong-passphrase');
    expect(error.messageKey).toBe('vault.error.wrongPassphrase');
    expect(error.message).toMatch(/does not unlock/);
    expect(error.message).not.toContain(attempt || '\u0000');
  });

  it('opens with the recovery key: its keys decrypt what the passphrase keys encrypted', async () => {
    const { keyring, recoveryKey } = await testVault();
    const byPassphrase = await unlockWithPassphrase(keyring, PASSPHRASE);
    const sealed = await sealRecord(byPassphrase.dataKey, where, record);
    // Typed back from paper: lower case, spaces instead of dashes, O for 0 and l for 1.
    const typed = recoveryKey.toLowerCase().replaceAll('-', ' ').replaceAll('0', 'o').replaceAll('1', 'l');
    const byRecovery = await unlockWithRecoveryKey(keyring, typed);
    expect(await openRecord(byRecovery.dataKey, where, sealed)).toEqual(record);
  });

  it('refuses a well-formed recovery key of another vault with wrong-recovery-key, and a mistyped one with its group', async () => {
    const [mine, theirs] = await Promise.all([testVault(), testVault()]);
    expect((await vaultErrorOf(unlockWithRecoveryKey(mine.keyring, theirs.recoveryKey))).code).toBe('wrong-recovery-key');
    const groups = mine.recoveryKey.split('-');
    const third = groups[2] ?? '';
    groups[2] = `${third.startsWith('7') ? '8' : '7'}${third.slice(1)}`;
    const error = await vaultErrorOf(unlockWithRecoveryKey(mine.keyring, groups.join('-')));
    expect(error.code).toBe('recovery-key-typo');
    expect(error.params).toEqual({ group: 3 });
    expect(error.message).toContain('Group 3');
  });

  it('refuses a keyring whose wrap was changed on disk, whichever secret is tried', async () => {
    const { keyring, recoveryKey } = await testVault();
    const damaged: Keyring = {
      ...keyring,
      wrappedByPassphrase: { ...keyring.wrappedByPassphrase, ciphertext: toBase64(flipped(fromBase64(keyring.wrappedByPassphrase.ciphertext), 5)) },
      wrappedByRecovery: { ...keyring.wrappedByRecovery, iv: toBase64(flipped(fromBase64(keyring.wrappedByRecovery.iv), 0)) },
    };
    expect((await vaultErrorOf(unlockWithPassphrase(damaged, PASSPHRASE))).code).toBe('wrong-passphrase');
    expect((await vaultErrorOf(unlockWithRecoveryKey(damaged, recoveryKey))).code).toBe('wrong-recovery-key');
  });

  it('does not open the passphrase wrap with the recovery slot swapped in (each wrap is bound to its slot)', async () => {
    const { keyring, recoveryKey } = await testVault();
    const swapped: Keyring = { ...keyring, wrappedByRecovery: keyring.wrappedByPassphrase, wrappedByPassphrase: keyring.wrappedByRecovery };
    expect((await vaultErrorOf(unlockWithPassphrase(swapped, PASSPHRASE))).code).toBe('wrong-passphrase');
    expect((await vaultErrorOf(unlockWithRecoveryKey(swapped, recoveryKey))).code).toBe('wrong-recovery-key');
  });

  it('hands out non-extractable keys only, each limited to its use', async () => {
    const created = await testVault();
    const unlocked = [created.keys, await unlockWithPassphrase(created.keyring, PASSPHRASE), await unlockWithRecoveryKey(created.keyring, created.recoveryKey)];
    for (const keys of unlocked) {
      for (const key of [keys.dataKey, keys.indexKey, keys.wrapKey]) {
        expect(key.extractable).toBe(false);
        await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
        await expect(crypto.subtle.exportKey('jwk', key)).rejects.toThrow();
      }
      expect(keys.dataKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
      expect([...keys.dataKey.usages].sort()).toEqual(['decrypt', 'encrypt']);
      expect(keys.indexKey.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
      expect([...keys.indexKey.usages]).toEqual(['sign']);
      expect([...keys.wrapKey.usages].sort()).toEqual(['unwrapKey', 'wrapKey']);
    }
  });
});

describe('changing the passphrase', () => {
  it('keeps every record readable, and the old passphrase stops working', async () => {
    const { keyring, recoveryKey, keys } = await testVault();
    const sealed = await sealRecord(keys.dataKey, where, record);
    const changed = await changePassphrase(keyring, { passphrase: PASSPHRASE }, OTHER_PASSPHRASE, TEST_KDF);

    expect(changed.kdf.salt).not.toBe(keyring.kdf.salt);
    expect(changed.wrappedByRecovery).toEqual(keyring.wrappedByRecovery);
    expect((await vaultErrorOf(unlockWithPassphrase(changed, PASSPHRASE))).code).toBe('wrong-passphrase');
    const unlocked = await unlockWithPassphrase(changed, OTHER_PASSPHRASE);
    expect(await openRecord(unlocked.dataKey, where, sealed)).toEqual(record);
    // The recovery key still opens the changed vault.
    const recovered = await unlockWithRecoveryKey(changed, recoveryKey);
    expect(await openRecord(recovered.dataKey, where, sealed)).toEqual(record);
  });

  it('lets the recovery key set a new passphrase when the old one is forgotten', async () => {
    const { keyring, recoveryKey, keys } = await testVault();
    const sealed = await sealRecord(keys.dataKey, where, record);
    const reset = await changePassphrase(keyring, { recoveryKey }, OTHER_PASSPHRASE, TEST_KDF);
    expect(await openRecord((await unlockWithPassphrase(reset, OTHER_PASSPHRASE)).dataKey, where, sealed)).toEqual(record);
  });

  it('needs the right current secret and a strong new passphrase, and changes nothing otherwise', async () => {
    const { keyring, recoveryKey } = await testVault();
    const other = await testVault();
    expect((await vaultErrorOf(changePassphrase(keyring, { passphrase: OTHER_PASSPHRASE }, OTHER_PASSPHRASE, TEST_KDF))).code).toBe('wrong-passphrase');
    expect((await vaultErrorOf(changePassphrase(keyring, { recoveryKey: other.recoveryKey }, OTHER_PASSPHRASE, TEST_KDF))).code).toBe('wrong-recovery-key');
    expect((await vaultErrorOf(changePassphrase(keyring, { recoveryKey }, 'password1234', TEST_KDF))).code).toBe('weak-passphrase');
    await expect(unlockWithPassphrase(keyring, PASSPHRASE)).resolves.toBeDefined();
  });

  it('replaces a lost recovery key: the new one opens the same data, the old one no longer does', async () => {
    const { keyring, recoveryKey, keys } = await testVault();
    const sealed = await sealRecord(keys.dataKey, where, record);
    const replaced = await replaceRecoveryKey(keyring, { passphrase: PASSPHRASE });
    expect(replaced.recoveryKey).not.toBe(recoveryKey);
    expect(replaced.keyring.wrappedByPassphrase).toEqual(keyring.wrappedByPassphrase);
    expect((await vaultErrorOf(unlockWithRecoveryKey(replaced.keyring, recoveryKey))).code).toBe('wrong-recovery-key');
    expect(await openRecord((await unlockWithRecoveryKey(replaced.keyring, replaced.recoveryKey)).dataKey, where, sealed)).toEqual(record);
  });
});

describe('parseKeyring', () => {
  let stored: Record<string, unknown> = {};
  beforeAll(async () => {
    const { keyring } = await testVault();
    stored = JSON.parse(JSON.stringify(keyring)) as Record<string, unknown>;
  });

  it.each<[string, (k: Record<string, unknown>) => unknown, RegExp]>([
    ['not an object', () => 'keyring', /\(keyring\)/],
    ['no passphrase wrap', (k) => Object.fromEntries(Object.entries(k).filter(([key]) => key !== 'wrappedByPassphrase')), /wrappedByPassphrase/],
    ['an IV that is not Base64', (k) => ({ ...k, wrappedByPassphrase: { iv: 'not base64!', ciphertext: 'AAAA' } }), /wrappedByPassphrase\.iv/],
    ['a 16-byte IV', (k) => ({ ...k, wrappedByRecovery: { ...(k.wrappedByRecovery as object), iv: toBase64(new Uint8Array(16)) } }), /wrappedByRecovery\.iv: must decode to exactly 12 bytes/],
    ['a short salt', (k) => ({ ...k, kdf: { ...(k.kdf as object), salt: toBase64(new Uint8Array(4)) } }), /kdf\.salt/],
    ['another KDF', (k) => ({ ...k, kdf: { ...(k.kdf as object), name: 'scrypt' } }), /kdf\.name/],
    ['hostile iterations', (k) => ({ ...k, kdf: { ...(k.kdf as object), iterations: 1e12 } }), /kdf\.iterations/],
    ['an unknown field', (k) => ({ ...k, plaintextKey: 'AAAA' }), /plaintextKey|Unrecognized/],
  ])('refuses a keyring with %s, saying where (never the value)', (_label, damage, where) => {
    const error = vaultErrorOfSync(() => parseKeyring(damage(stored)));
    expect(error.code).toBe('malformed-keyring');
    expect(error.message).toMatch(/damaged or incomplete/);
    expect(error.details.join('\n')).toMatch(where);
    expect(error.details.join('\n')).not.toContain('AAAA');
  });

  it('says a keyring from a newer version needs an update, rather than calling it damaged', () => {
    const error = vaultErrorOfSync(() => parseKeyring({ ...stored, version: 2 }));
    expect(error.code).toBe('unsupported-keyring');
    expect(error.message).toMatch(/newer version of Attest/);
  });

  it('checks the keyring again when unlocking, so a damaged one is reported as such', async () => {
    const damaged = { ...stored, kdf: { ...(stored.kdf as object), iterations: -1 } } as unknown as Keyring;
    expect((await vaultErrorOf(unlockWithPassphrase(damaged, PASSPHRASE))).code).toBe('malformed-keyring');
  });
});

describe('unlockDelayMs', () => {
  it('lets three attempts through, then doubles from one second up to a minute', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100].map(unlockDelayMs)).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
    expect(unlockDelayMs(Number.POSITIVE_INFINITY)).toBe(60_000);
    expect(unlockDelayMs(-1)).toBe(0);
    expect(unlockDelayMs(Number.NaN)).toBe(0);
  });
});
