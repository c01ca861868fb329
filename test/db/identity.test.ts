/**
 * The clinician's identity in the `vault` table (renderer/db/repos/identityRepository.ts), with the
 * real vault codec and key wrapper over fake-indexeddb.
 *
 * What matters: the private key is on disk only wrapped (no PKCS#8 bytes, no private scalar, no
 * CryptoKey anywhere in the stored rows), the profile only sealed; the key comes back
 * non-extractable and signs; a changed wrap fails loudly; an imported PKCS#12 is kept with its
 * chain; every change leaves an audit event and the chain verifies.
 */
import { describe, expect, it } from 'vitest';
import type { AttestDatabase } from '../../renderer/db/database';
import { createVaultKeyWrapper } from '../../renderer/db/keyWrapper';
import { IDENTITY_ROW, IdentityStoreError, InvalidProfileError, openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { IdentityError, certificateInfo, createSelfSignedIdentity, exportPkcs12, publicKeyOf, type ClinicianProfile } from '../../shared/identity';
import { VaultError, createVault, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { utf8 } from '../../shared/vault/encoding';
import { hasLegacyProvider, makeCertificate, opensslPkcs12, pkcs12Of, scratch, type TestCertificateOptions } from '../unit/identity/helpers';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const NOW = new Date('2026-03-10T09:30:00Z');

const PROFILE: ClinicianProfile = {
  name: 'Dr Canary Identitynamè',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'Medical Council',
  registrationNumber: 'REG-CANARY-91827',
  institution: 'Canary Forensic Institute',
  role: 'forensic',
};

async function vault(): Promise<{ keyring: Awaited<ReturnType<typeof createVault>>['keyring']; keys: UnlockedKeys }> {
  return createVault(PASSPHRASE, TEST_KDF);
}

function openOver(db: AttestDatabase, keys: UnlockedKeys, withWrapper = true): Promise<Repositories> {
  return openRepositories({
    db,
    codec: createVaultCodec(keys.dataKey),
    searchKeyer: createVaultSearchKeyer(keys.indexKey),
    ...(withWrapper ? { keyWrapper: createVaultKeyWrapper(keys.wrapKey) } : {}),
    now: () => NOW,
  });
}

/** Every byte sequence and string stored in every table, as one list to search in. */
async function storedBytes(db: AttestDatabase): Promise<{ readonly blobs: Uint8Array[]; readonly kinds: Set<string> }> {
  const blobs: Uint8Array[] = [];
  const kinds = new Set<string>();
  const walk = (value: unknown): void => {
    kinds.add(Object.prototype.toString.call(value));
    if (value instanceof ArrayBuffer) blobs.push(new Uint8Array(value));
    else if (ArrayBuffer.isView(value)) blobs.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else if (typeof value === 'string') blobs.push(utf8(value));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  for (const table of db.tables) walk(await table.toArray());
  return { blobs, kinds };
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i += 1) {
    for (let j = 0; j < needle.length; j += 1) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function base64url(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** The stored key, unwrapped here as EXTRACTABLE with the vault's wrap key: only a test may do this. */
async function storedPkcs8(db: AttestDatabase, keys: UnlockedKeys, certificate: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const row = (await db.vault.get(IDENTITY_ROW))?.value as { clinicianId: string; signingKey: { iv: ArrayBuffer; wrapped: ArrayBuffer } };
  const { sha256Hex } = await certificateInfo(certificate);
  const key = await crypto.subtle.unwrapKey(
    'pkcs8',
    row.signingKey.wrapped,
    keys.wrapKey,
    { name: 'AES-GCM', iv: row.signingKey.iv, additionalData: utf8(`attest-wrap-1|signing|${row.clinicianId}|${sha256Hex}`) },
    { name: 'ECDSA', namedCurve: 'P-256' },
    true,
    ['sign'],
  );
  return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
}

async function signs(privateKey: CryptoKey, certificate: Uint8Array): Promise<boolean> {
  const data = utf8('report bytes');
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, data);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await publicKeyOf(certificate), signature, data);
}

describe('the clinician identity store', () => {
  it('stores the profile sealed and the key only wrapped: no PKCS#8, no private scalar, no name in clear', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    expect(await repos.identity.get()).toBeNull();
    await repos.identity.saveProfile(PROFILE);
    const created = await repos.identity.createSelfSigned(PROFILE, NOW);
    expect(created.source).toBe('self-signed');
    expect(created.certificate).not.toBeNull();
    const certificate = created.certificate ?? new Uint8Array();

    const pkcs8 = await storedPkcs8(db, keys, certificate);
    const jwk = await crypto.subtle.exportKey('jwk', await crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']));
    const scalar = base64url(jwk.d ?? '');
    expect(scalar.length).toBe(32);
    const { blobs, kinds } = await storedBytes(db);
    // The search does see what is stored: the wrapped key itself is found.
    const stored = (await db.vault.get(IDENTITY_ROW))?.value as { signingKey: { wrapped: ArrayBuffer } };
    expect(blobs.some((blob) => contains(blob, new Uint8Array(stored.signingKey.wrapped)))).toBe(true);
    for (const blob of blobs) {
      expect(contains(blob, pkcs8)).toBe(false);
      expect(contains(blob, scalar)).toBe(false);
      expect(contains(blob, utf8(jwk.d ?? ''))).toBe(false);
      for (const canary of ['Canary', 'CANARY', 'Identitynam']) expect(contains(blob, utf8(canary))).toBe(false);
      // The certificate (which names the clinician) is inside the sealed body, not beside it.
      expect(contains(blob, certificate.subarray(0, 64))).toBe(false);
    }
    expect([...kinds].some((kind) => kind.includes('CryptoKey'))).toBe(false);
    repos.close();
  });

  it('gives back a non-extractable key that signs for its certificate, after a new unlock too', async () => {
    const { db, factory, name } = freshDatabase();
    const { keyring, keys } = await vault();
    const repos = await openOver(db, keys);
    await repos.identity.createSelfSigned(PROFILE, NOW);
    repos.close();

    const later = await unlockWithPassphrase(keyring, PASSPHRASE);
    const { createDatabase } = await import('../../renderer/db/database');
    const { IDBKeyRange } = await import('fake-indexeddb');
    const again = await openOver(createDatabase({ name, indexedDB: factory, IDBKeyRange }), later);
    const stored = await again.identity.get();
    expect(stored?.profile).toEqual(PROFILE);
    const signing = await again.identity.signingIdentity();
    expect(signing).not.toBeNull();
    if (signing === null) return;
    expect(signing.privateKey.extractable).toBe(false);
    expect(signing.privateKey.usages).toEqual(['sign']);
    await expect(crypto.subtle.exportKey('pkcs8', signing.privateKey)).rejects.toThrow();
    expect(signing.certificate).toEqual(stored?.certificate);
    expect(signing.chain).toEqual([]);
    expect(await signs(signing.privateKey, signing.certificate)).toBe(true);
    const info = await certificateInfo(signing.certificate);
    expect(info).toMatchObject({ commonName: PROFILE.name, isCA: true, selfSigned: true });
    again.close();
  });

  it('fails loudly when the wrapped key was changed, or belongs to another vault', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    await repos.identity.createSelfSigned(PROFILE, NOW);
    const row = await db.vault.get(IDENTITY_ROW);
    const value = row?.value as { signingKey: { iv: ArrayBuffer; wrapped: ArrayBuffer } };
    const original = value.signingKey.wrapped.slice(0);
    const flipped = new Uint8Array(value.signingKey.wrapped.slice(0));
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    await db.vault.put({ key: IDENTITY_ROW, value: { ...value, signingKey: { ...value.signingKey, wrapped: flipped.buffer } } });
    await expect(repos.identity.signingIdentity()).rejects.toMatchObject({ name: 'VaultError', code: 'tampered-record' });

    await db.vault.put({ key: IDENTITY_ROW, value: { ...value, signingKey: { ...value.signingKey, wrapped: original } } });
    expect(await repos.identity.signingIdentity()).not.toBeNull();
    const theirs = await vault();
    const foreign = await openRepositories({ db, codec: createVaultCodec(keys.dataKey), keyWrapper: createVaultKeyWrapper(theirs.keys.wrapKey) });
    await expect(foreign.identity.signingIdentity()).rejects.toBeInstanceOf(VaultError);
    // Another vault's data key cannot even open the profile.
    const stranger = await openRepositories({ db, codec: createVaultCodec(theirs.keys.dataKey), keyWrapper: createVaultKeyWrapper(theirs.keys.wrapKey) });
    await expect(stranger.identity.get()).rejects.toMatchObject({ name: 'CodecError' });
    repos.close();
  });

  it('stores an imported PKCS#12 with its chain, and keeps everything when the password is wrong', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    await expect(repos.identity.importPkcs12(new Uint8Array([1]), 'x')).rejects.toBeInstanceOf(IdentityStoreError);
    await repos.identity.saveProfile(PROFILE);

    const issued = await createSelfSignedIdentity({ ...PROFILE, name: 'Issued by the hospital' }, { now: NOW });
    const issuer = await createSelfSignedIdentity({ ...PROFILE, name: 'Hospital CA' }, { now: NOW });
    const p12 = await exportPkcs12(issued.privateKey, issued.certificate, 'institution pw', [issuer.certificate], { iterations: 2_048 });
    const eventsBefore = await repos.audit.count();
    await expect(repos.identity.importPkcs12(p12, 'wrong pw')).rejects.toMatchObject({ name: 'IdentityError', code: 'wrong-password' });
    expect(await repos.audit.count()).toBe(eventsBefore);
    expect((await repos.identity.get())?.certificate).toBeNull();

    const stored = await repos.identity.importPkcs12(p12, 'institution pw');
    expect(stored).toMatchObject({ source: 'pkcs12', profile: PROFILE });
    expect(stored.certificate).toEqual(issued.certificate);
    expect(stored.chain).toEqual([issuer.certificate]);
    const signing = await repos.identity.signingIdentity();
    expect(signing?.chain).toEqual([issuer.certificate]);
    expect(signing && (await signs(signing.privateKey, issued.certificate))).toBe(true);
    expect(signing?.privateKey.extractable).toBe(false);
    repos.close();
  });

  it('refuses each PKCS#12 that cannot give a signing identity now, with its own error, and leaves the stored identity untouched', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    await repos.identity.createSelfSigned(PROFILE, NOW);
    /** The stored row with its ArrayBuffers as byte lists, so that equality compares their contents. */
    const storedRow = async () => JSON.stringify(await db.vault.get(IDENTITY_ROW), (_key, value: unknown) => (value instanceof ArrayBuffer ? Array.from(new Uint8Array(value)) : value));
    const rowBefore = await storedRow();
    const identityBefore = await repos.identity.get();
    const eventsBefore = await repos.audit.count();

    const day = 24 * 3600_000;
    const password = 'institution pw';
    const valid = { notBefore: new Date(NOW.getTime() - day), notAfter: new Date(NOW.getTime() + 365 * day) };
    const fileOf = async (options: TestCertificateOptions) => {
      const made = await makeCertificate({ ...valid, ...options });
      return exportPkcs12(made.privateKey, made.certificate, password, [], { iterations: 2_048 });
    };
    const mine = await makeCertificate(valid);
    const somebodyElses = await makeCertificate(valid);
    const cases: [string, Uint8Array, string, string][] = [
      ['expired', await fileOf({ notBefore: new Date(NOW.getTime() - 400 * day), notAfter: new Date(NOW.getTime() - day) }), password, 'certificate-expired'],
      ['not yet valid', await fileOf({ notBefore: new Date(NOW.getTime() + day), notAfter: new Date(NOW.getTime() + 400 * day) }), password, 'certificate-not-yet-valid'],
      ['CA only', await fileOf({ ca: true, keyUsage: ['keyCertSign', 'cRLSign'] }), password, 'certificate-ca-only'],
      ['no signing usage', await fileOf({ ca: false, keyUsage: ['keyEncipherment'] }), password, 'certificate-key-usage'],
      ['a key with somebody else\'s certificate', await pkcs12Of(mine.privateKey, [somebodyElses.certificate], password), password, 'no-certificate'],
      ['wrong password', await fileOf({}), 'not the password', 'wrong-password'],
    ];
    const work = scratch();
    try {
      if (hasLegacyProvider()) cases.push(['legacy RC2/3DES', opensslPkcs12(work, 'ec', password, ['-legacy'], 'legacy').p12, password, 'unsupported']);
      for (const [what, file, given, code] of cases) {
        await expect(repos.identity.importPkcs12(file, given), what).rejects.toMatchObject({ name: 'IdentityError', code });
        expect(await storedRow(), what).toBe(rowBefore);
        expect(await repos.audit.count(), what).toBe(eventsBefore);
      }
    } finally {
      work.done();
    }
    expect(await repos.identity.get()).toEqual(identityBefore);
    expect(await repos.identity.signingIdentity()).not.toBeNull();
    // A good certificate with the same password is imported: each refusal was that file's.
    expect(await repos.identity.importPkcs12(await fileOf({}), password)).toMatchObject({ source: 'pkcs12' });
    expect(await storedRow()).not.toBe(rowBefore);
    repos.close();
  });

  it('appends an audit event for every change, by the clinician id, and the chain verifies', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    const saved = await repos.identity.saveProfile(PROFILE);
    const created = await repos.identity.createSelfSigned({ ...PROFILE, qualifications: 'MD, PhD' }, NOW);
    await repos.identity.saveProfile({ ...PROFILE, institution: 'Another institute' });
    expect(created.clinicianId).toBe(saved.clinicianId);

    const entries: unknown[] = [];
    for await (const row of repos.audit.exportEntries()) entries.push(row.event);
    const { sha256Hex } = await certificateInfo(created.certificate ?? new Uint8Array());
    expect(entries).toEqual([
      { seq: 1, at: NOW.toISOString(), actor: saved.clinicianId, action: 'update', recordType: 'settings', recordId: saved.clinicianId },
      { seq: 2, at: NOW.toISOString(), actor: saved.clinicianId, action: 'create', recordType: 'settings', recordId: saved.clinicianId, detail: { sha256: sha256Hex } },
      { seq: 3, at: NOW.toISOString(), actor: saved.clinicianId, action: 'update', recordType: 'settings', recordId: saved.clinicianId },
    ]);
    expect(await repos.audit.verify()).toMatchObject({ ok: true, count: 3 });
    // Saving the profile keeps the key and certificate.
    const after = await repos.identity.get();
    expect(after?.certificate).toEqual(created.certificate);
    expect(after?.profile.institution).toBe('Another institute');
    repos.close();
  });

  it('attributes case events to the clinician id once the identity is saved, and after the next unlock', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    const before = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const saved = await repos.identity.saveProfile(PROFILE);
    const after = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    repos.close();
    const reopened = await openOver(db, keys);
    const later = await reopened.cases.create({ encounterType: 'admission', facilityCode: null });
    const actors = new Map<string, string>();
    for await (const row of reopened.audit.exportEntries()) {
      const event = row.event as { action: string; recordId: string | null; actor: string };
      if (event.action === 'create' && event.recordId !== null) actors.set(event.recordId, event.actor);
    }
    expect(actors.get(before.id)).toBe('local-clinician');
    expect(actors.get(after.id)).toBe(saved.clinicianId);
    expect(actors.get(later.id)).toBe(saved.clinicianId);
    expect(await reopened.audit.verify()).toMatchObject({ ok: true });
    reopened.close();
  });

  it('refuses an invalid profile, and a key without the vault, storing nothing', async () => {
    const { db } = freshDatabase();
    const { keys } = await vault();
    const repos = await openOver(db, keys);
    const error = await repos.identity.saveProfile({ ...PROFILE, name: ' ', profession: 'surgeon' as 'physician' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidProfileError);
    expect((error as InvalidProfileError).issues.map((issue) => [issue.path, issue.message])).toEqual([
      ['name', 'domain.error.required'],
      ['profession', 'domain.error.notInList'],
    ]);
    const locked = await openOver(db, keys, false);
    await expect(locked.identity.createSelfSigned(PROFILE, NOW)).rejects.toMatchObject({ name: 'CodecError' });
    expect(await db.vault.get(IDENTITY_ROW)).toBeUndefined();
    expect(await repos.audit.count()).toBe(0);
    await expect(repos.identity.importPkcs12(new Uint8Array([0x30, 0x00]), 'pw', PROFILE)).rejects.toBeInstanceOf(IdentityError);
    repos.close();
  });
});
