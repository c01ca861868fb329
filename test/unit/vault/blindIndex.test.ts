/**
 * The blind index: the same name gives the same key within a vault (so search works), unrelated keys
 * across vaults and kinds, and the normalisation of the case list (case, spacing, NFKC; accents kept).
 */
import { describe, expect, it } from 'vitest';
import { blindIndexKeys, unlockWithPassphrase, unlockWithRecoveryKey } from '../../../shared/vault';
import { sha256SearchKeyer } from '../../../renderer/db/searchKeys';
import { PASSPHRASE, testVault } from './helpers';

describe('blindIndexKeys', () => {
  it('gives one 128-bit hex key per distinct value, the same each time within a vault', async () => {
    const { keys } = await testVault();
    const first = await blindIndexKeys(keys.indexKey, 'name', ['María López', 'Ivan Petrov']);
    expect(first).toHaveLength(2);
    for (const key of first) expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(await blindIndexKeys(keys.indexKey, 'name', ['María López', 'Ivan Petrov'])).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });

  it('gives the same key after unlocking again, with the passphrase or the recovery key', async () => {
    const { keyring, keys, recoveryKey } = await testVault();
    const [before] = await blindIndexKeys(keys.indexKey, 'id', ['P-7781']);
    expect(await blindIndexKeys((await unlockWithPassphrase(keyring, PASSPHRASE)).indexKey, 'id', ['P-7781'])).toEqual([before]);
    expect(await blindIndexKeys((await unlockWithRecoveryKey(keyring, recoveryKey)).indexKey, 'id', ['P-7781'])).toEqual([before]);
  });

  it('gives unrelated keys in another vault, for another kind, and unlike the interim SHA-256 keys', async () => {
    const [a, b] = await Promise.all([testVault(), testVault()]);
    const [inA] = await blindIndexKeys(a.keys.indexKey, 'name', ['López']);
    const [inB] = await blindIndexKeys(b.keys.indexKey, 'name', ['López']);
    const [asId] = await blindIndexKeys(a.keys.indexKey, 'id', ['López']);
    const [hashed] = await sha256SearchKeyer.keys('name', ['López']);
    expect(new Set([inA, inB, asId, hashed]).size).toBe(4);
  });

  it('normalises as the case list does: case, spacing and compatibility forms, but not accents', async () => {
    const { keys } = await testVault();
    const one = async (value: string) => (await blindIndexKeys(keys.indexKey, 'name', [value]))[0];
    const reference = await one('maría josé lópez');
    for (const typed of ['MARÍA JOSÉ LÓPEZ', '  María   José\tLópez ', 'Mari\u0301a Jose\u0301 Lo\u0301pez', 'ＭＡＲÍＡ josé lópez']) {
      expect(await one(typed), typed).toBe(reference);
    }
    expect(await one('Maria Jose Lopez')).not.toBe(reference);
    expect(await blindIndexKeys(keys.indexKey, 'name', ['', '   ', 'López', 'LÓPEZ'])).toHaveLength(1);
  });
});
