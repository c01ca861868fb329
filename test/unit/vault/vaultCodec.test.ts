/**
 * The renderer's adapters over the vault: the record codec stores binary AES-GCM bodies and refuses
 * anything else with a CodecError; the search keyer is the blind index.
 */
import { describe, expect, it } from 'vitest';
import { CodecError, plainJsonCodec, type SealedBody } from '../../../renderer/db/codec';
import { createVaultCodec } from '../../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../../renderer/db/vaultSearchKeyer';
import { VaultError, blindIndexKeys } from '../../../shared/vault';
import { flipped, testVault } from './helpers';

const where = { table: 'caseBodies', id: 'c0ffee00-0000-4000-8000-000000000001', schemaVersion: 1 };
const body = { schemaVersion: 1, openedAt: '2026-05-02T07:00:00.000Z', examination: { identity: { familyName: 'Canary' } } };

async function codecError(promise: Promise<unknown>): Promise<CodecError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('Expected a CodecError.');
}

describe('createVaultCodec', () => {
  it('seals to an aes-gcm-1 body of exact ArrayBuffers, and opens it', async () => {
    const { keys } = await testVault();
    const codec = createVaultCodec(keys.dataKey);
    expect(codec.id).toBe('aes-gcm-1');
    const sealed = await codec.seal(where, body);
    expect(sealed.codec).toBe('aes-gcm-1');
    expect(sealed.payload).toBeInstanceOf(ArrayBuffer);
    expect(sealed.iv).toBeInstanceOf(ArrayBuffer);
    expect(sealed.iv?.byteLength).toBe(12);
    expect(await codec.open(where, sealed)).toEqual(body);
  });

  it('refuses a body of another codec, or one whose parts are not binary, with a CodecError', async () => {
    const { keys } = await testVault();
    const codec = createVaultCodec(keys.dataKey);
    const sealed = await codec.seal(where, body);
    const foreign: SealedBody[] = [
      await plainJsonCodec.seal(where, body),
      { ...sealed, codec: 'aes-gcm-2' },
      { codec: 'aes-gcm-1', payload: 'text' },
      { codec: 'aes-gcm-1', payload: sealed.payload },
    ];
    for (const stored of foreign) expect((await codecError(codec.open(where, stored))).message).toMatch(/cannot read/);
    // …and the plain codec refuses vault bodies in turn.
    await expect(plainJsonCodec.open(where, sealed)).rejects.toBeInstanceOf(CodecError);
  });

  it('turns tampering, a moved body or another vault into a CodecError caused by the VaultError', async () => {
    const [mine, theirs] = await Promise.all([testVault(), testVault()]);
    const codec = createVaultCodec(mine.keys.dataKey);
    const sealed = await codec.seal(where, body);
    const payload = new Uint8Array(sealed.payload as ArrayBuffer);
    const attempts = [
      codec.open(where, { ...sealed, payload: flipped(payload, 3).buffer }),
      codec.open({ ...where, id: 'c0ffee00-0000-4000-8000-000000000002' }, sealed),
      createVaultCodec(theirs.keys.dataKey).open(where, sealed),
    ];
    for (const attempt of attempts) {
      const error = await codecError(attempt);
      expect(error.cause).toBeInstanceOf(VaultError);
      expect((error.cause as VaultError).code).toBe('tampered-record');
      expect(error.message).toMatch(/could not be decrypted/);
    }
  });
});

describe('createVaultSearchKeyer', () => {
  it('is the blind index, under the id hmac-1', async () => {
    const { keys } = await testVault();
    const keyer = createVaultSearchKeyer(keys.indexKey);
    expect(keyer.id).toBe('hmac-1');
    expect(await keyer.keys('name', ['López', 'lópez'])).toEqual(await blindIndexKeys(keys.indexKey, 'name', ['López']));
  });
});
