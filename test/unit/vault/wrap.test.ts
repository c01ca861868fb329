/**
 * Signing keys at rest: wrapped by the vault's wrap key, they come back as non-extractable keys that
 * still sign, and only under the same vault and label.
 */
import { describe, expect, it } from 'vitest';
import { unlockWithPassphrase, unwrapPrivateKey, wrapPrivateKey } from '../../../shared/vault';
import { PASSPHRASE, flipped, testVault, vaultErrorOf } from './helpers';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

describe('wrapping a signing key', () => {
  it('unwraps, after a new unlock, into a non-extractable key whose signatures verify', async () => {
    const { keyring, keys } = await testVault();
    const pair = await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
    const wrapped = await wrapPrivateKey(keys.wrapKey, pair.privateKey, 'signing|clinician-1');
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    expect(Buffer.from(wrapped.wrapped).includes(Buffer.from(pkcs8.slice(-32)))).toBe(false);

    const later = await unlockWithPassphrase(keyring, PASSPHRASE);
    const privateKey = await unwrapPrivateKey(later.wrapKey, wrapped, 'signing|clinician-1', ECDSA, ['sign']);
    expect(privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', privateKey)).rejects.toThrow();
    const data = new TextEncoder().encode('report bytes');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pair.publicKey, signature, data)).toBe(true);
  });

  it('refuses a changed wrap, another label or another vault', async () => {
    const [mine, theirs] = await Promise.all([testVault(), testVault()]);
    const pair = await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
    const wrapped = await wrapPrivateKey(mine.keys.wrapKey, pair.privateKey, 'signing|clinician-1');
    for (const attempt of [
      unwrapPrivateKey(mine.keys.wrapKey, { ...wrapped, wrapped: flipped(wrapped.wrapped, 10) }, 'signing|clinician-1', ECDSA, ['sign']),
      unwrapPrivateKey(mine.keys.wrapKey, wrapped, 'signing|clinician-2', ECDSA, ['sign']),
      unwrapPrivateKey(theirs.keys.wrapKey, wrapped, 'signing|clinician-1', ECDSA, ['sign']),
    ]) {
      expect((await vaultErrorOf(attempt)).code).toBe('tampered-record');
    }
  });
});
