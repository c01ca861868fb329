/**
 * Sealed records and attachments: they round-trip, every seal has its own IV, and any change to what
 * is stored (a ciphertext byte, the tag, the IV) or to where it is read from (table, id, schema
 * version) makes opening fail loudly with `tampered-record`, never return altered data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { additionalDataOf, openBytes, openRecord, sealBytes, sealRecord, type SealContext, type SealedBytes, type UnlockedKeys } from '../../../shared/vault';
import { flipped, testVault, vaultErrorOf, vaultErrorOfSync } from './helpers';

const where: SealContext = { table: 'caseBodies', id: '0b9f3c1e-6a52-4c1d-9a57-1d6f2b7c8e90', schemaVersion: 3 };
const record = {
  identity: { givenName: 'María José', familyName: 'López', idNumber: 'P-7781' },
  account: { ownWords: 'Они били меня дубинкой. <script>alert(1)</script>\u202e 😀' },
  findings: [{ region: 'back', kind: 'bruise', sizeMm: [40, 15] }],
};

let keys: UnlockedKeys;
beforeAll(async () => {
  ({ keys } = await testVault());
});

async function expectTampered(opened: Promise<unknown>): Promise<void> {
  const error = await vaultErrorOf(opened);
  expect(error.code).toBe('tampered-record');
  expect(error.message).toMatch(/could not be decrypted/);
}

describe('records', () => {
  it('round-trips any JSON value exactly, and the ciphertext does not contain it', async () => {
    const sealed = await sealRecord(keys.dataKey, where, record);
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.ciphertext.length).toBe(new TextEncoder().encode(JSON.stringify(record)).length + 16);
    expect(await openRecord(keys.dataKey, where, sealed)).toEqual(record);
    const asText = new TextDecoder('latin1').decode(sealed.ciphertext);
    for (const canary of ['López', 'P-7781', 'bruise', 'givenName']) expect(asText).not.toContain(canary);
    for (const value of [null, 0, 'text', [], { nested: { deep: [1, 2, 3] } }]) {
      expect(await openRecord(keys.dataKey, where, await sealRecord(keys.dataKey, where, value))).toEqual(value);
    }
  });

  it('draws a fresh IV for every seal: 1,000 seals of the same record, 1,000 different IVs and ciphertexts', async () => {
    const seals = await Promise.all(Array.from({ length: 1_000 }, () => sealRecord(keys.dataKey, where, record)));
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    expect(new Set(seals.map((s) => hex(s.iv))).size).toBe(1_000);
    expect(new Set(seals.map((s) => hex(s.ciphertext))).size).toBe(1_000);
  });

  it('refuses to seal what is not JSON', async () => {
    await expect(sealRecord(keys.dataKey, where, undefined)).rejects.toThrow(TypeError);
  });
});

describe('tampering', () => {
  let sealed: SealedBytes;
  beforeAll(async () => {
    sealed = await sealRecord(keys.dataKey, where, record);
  });

  it('still opens untouched (the baseline of the cases below)', async () => {
    expect(await openRecord(keys.dataKey, where, sealed)).toEqual(record);
  });

  it('fails on one flipped bit anywhere in the ciphertext body', async () => {
    const bodyLength = sealed.ciphertext.length - 16;
    for (const index of [0, 1, Math.floor(bodyLength / 2), bodyLength - 1]) {
      await expectTampered(openRecord(keys.dataKey, where, { ...sealed, ciphertext: flipped(sealed.ciphertext, index) }));
    }
  });

  it('fails on one flipped bit in the authentication tag, or a cut-off tag', async () => {
    const length = sealed.ciphertext.length;
    for (const index of [length - 16, length - 1]) {
      await expectTampered(openRecord(keys.dataKey, where, { ...sealed, ciphertext: flipped(sealed.ciphertext, index) }));
    }
    await expectTampered(openRecord(keys.dataKey, where, { ...sealed, ciphertext: sealed.ciphertext.slice(0, length - 1) }));
    await expectTampered(openRecord(keys.dataKey, where, { ...sealed, ciphertext: sealed.ciphertext.slice(0, 15) }));
  });

  it('fails on one flipped bit in the IV, or an IV of another length', async () => {
    for (const index of [0, 11]) await expectTampered(openRecord(keys.dataKey, where, { ...sealed, iv: flipped(sealed.iv, index) }));
    const longer = new Uint8Array(16);
    longer.set(sealed.iv);
    await expectTampered(openRecord(keys.dataKey, where, { ...sealed, iv: longer }));
  });

  it.each<[string, SealContext]>([
    ['another table', { ...where, table: 'attachments' }],
    ['another id (a body moved to another case)', { ...where, id: '0b9f3c1e-6a52-4c1d-9a57-1d6f2b7c8e91' }],
    ['an id differing in case only', { ...where, id: where.id.toUpperCase() }],
    ['another schema version (a downgrade)', { ...where, schemaVersion: 2 }],
    ['another schema version (an upgrade)', { ...where, schemaVersion: 4 }],
  ])('fails when read as %s (the additional data)', async (_label, context) => {
    await expectTampered(openRecord(keys.dataKey, context, sealed));
  });

  it('fails under another vault\'s key', async () => {
    const other = await testVault();
    await expectTampered(openRecord(other.keys.dataKey, where, sealed));
  });
});

describe('additional data', () => {
  it('is the ASCII bytes of table|id|schemaVersion', () => {
    expect(new TextDecoder().decode(additionalDataOf(where))).toBe(`caseBodies|${where.id}|3`);
    expect(Array.from(additionalDataOf({ table: 't', id: 'a/1', schemaVersion: 0 }))).toEqual([0x74, 0x7c, 0x61, 0x2f, 0x31, 0x7c, 0x30]);
  });

  it('carries the revision as a fourth part, so that a body of another revision (or none) does not open', async () => {
    const at2 = { ...where, revision: 2 };
    expect(new TextDecoder().decode(additionalDataOf(at2))).toBe(`caseBodies|${where.id}|3|2`);
    const sealed = await sealRecord(keys.dataKey, at2, record);
    expect(await openRecord(keys.dataKey, at2, sealed)).toEqual(record);
    await expectTampered(openRecord(keys.dataKey, { ...where, revision: 3 }, sealed));
    await expectTampered(openRecord(keys.dataKey, where, sealed));
    expect(() => additionalDataOf({ ...where, revision: 0 })).toThrow();
    expect(() => additionalDataOf({ ...where, revision: 1.5 })).toThrow();
  });

  it.each<[string, SealContext]>([
    ['a | in the id (which would make "a|b"+"c" read as "a"+"b|c")', { table: 'caseBodies', id: 'a|b', schemaVersion: 1 }],
    ['a | in the table', { table: 'case|Bodies', id: 'a', schemaVersion: 1 }],
    ['an empty id', { table: 'caseBodies', id: '', schemaVersion: 1 }],
    ['a space in the id', { table: 'caseBodies', id: 'a b', schemaVersion: 1 }],
    ['a non-ASCII id', { table: 'caseBodies', id: 'é', schemaVersion: 1 }],
    ['an id of 201 characters', { table: 'caseBodies', id: 'x'.repeat(201), schemaVersion: 1 }],
    ['a fractional schema version', { table: 'caseBodies', id: 'a', schemaVersion: 1.5 }],
    ['a negative schema version', { table: 'caseBodies', id: 'a', schemaVersion: -1 }],
    ['a table starting with a digit', { table: '1cases', id: 'a', schemaVersion: 1 }],
  ])('refuses a context with %s, so no two contexts share additional data', async (_label, context) => {
    expect(vaultErrorOfSync(() => additionalDataOf(context)).code).toBe('invalid-context');
    expect((await vaultErrorOf(sealRecord(keys.dataKey, context, record))).code).toBe('invalid-context');
  });
});

describe('attachments (bytes)', () => {
  const photo: SealContext = { table: 'attachments', id: 'photo-1', schemaVersion: 1 };

  it('round-trips bytes exactly, including an empty file and a 5 MB one', async () => {
    const jpeg = new Uint8Array(5 * 1024 * 1024);
    for (let offset = 0; offset < jpeg.length; offset += 65_536) crypto.getRandomValues(jpeg.subarray(offset, offset + 65_536));
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0xff, 0xd8, 0xff, 0xe0), jpeg]) {
      const sealed = await sealBytes(keys.dataKey, photo, bytes);
      expect(sealed.ciphertext.length).toBe(bytes.length + 16);
      // Buffer.equals: a deep equality over 5 million elements takes seconds.
      expect(Buffer.from(await openBytes(keys.dataKey, photo, sealed)).equals(bytes)).toBe(true);
    }
  });

  it('fails loudly on a flipped byte, IV or context, as records do', async () => {
    const sealed = await sealBytes(keys.dataKey, photo, Uint8Array.of(1, 2, 3, 4, 5));
    await expectTampered(openBytes(keys.dataKey, photo, { ...sealed, ciphertext: flipped(sealed.ciphertext, 2) }));
    await expectTampered(openBytes(keys.dataKey, photo, { ...sealed, iv: flipped(sealed.iv, 5) }));
    await expectTampered(openBytes(keys.dataKey, { ...photo, id: 'photo-2' }, sealed));
  });

  it('reports authentic bytes opened as a record as malformed, not as tampered', async () => {
    const sealed = await sealBytes(keys.dataKey, where, Uint8Array.of(0xff, 0xfe, 0x00));
    expect((await vaultErrorOf(openRecord(keys.dataKey, where, sealed))).code).toBe('malformed-record');
  });
});
