/**
 * Trusted certificates (renderer/db/repos/trustRepository.ts) with the real vault codec over
 * fake-indexeddb: what is added (a colleague's self-signed certificate as a signer, a CA, a PEM
 * bundle of both, an expired certificate), what is refused with nothing stored (not a certificate,
 * already trusted, the install's own certificate, not yet valid, wrong key usage, a leaf issued by a
 * CA), removal, the audit events (SHA-256 only), the row sealed, and a backup round trip.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { createVaultKeyWrapper } from '../../renderer/db/keyWrapper';
import { TRUST_ROW, openRepositories, type Repositories } from '../../renderer/db/repos';
import { bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import type { AttestDatabase } from '../../renderer/db/database';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createSelfSignedIdentity, toPem, type ClinicianProfile } from '../../shared/identity';
import { certificateFingerprint } from '../../shared/signing';
import { TrustError } from '../../shared/trust';
import { createVault, type UnlockedKeys } from '../../shared/vault';
import { AuditEvent } from '../../shared/vault/auditChain';
import { utf8 } from '../../shared/vault/encoding';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const NOW = new Date('2026-03-10T09:30:00Z');

const COLLEAGUE: ClinicianProfile = {
  name: 'Dr Colleague Trustnamé',
  profession: 'physician',
  qualifications: 'MD',
  registrationBody: 'Medical Council',
  registrationNumber: 'REG-42',
  institution: 'Canary Forensic Institute',
  role: 'forensic',
};
const ME: ClinicianProfile = { ...COLLEAGUE, name: 'Dr Own Identity', registrationNumber: 'REG-43' };

let idCounter = 0;
const newId = () => `40000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function openOver(db: AttestDatabase, keys: UnlockedKeys): Promise<Repositories> {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), keyWrapper: createVaultKeyWrapper(keys.wrapKey), now: () => NOW, newId });
}

async function fresh() {
  const { db, factory } = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  return { db, factory, vault, repos: await openOver(db, vault.keys) };
}

const engine = () => new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });

function name(cn: string, o?: string): pkijs.RelativeDistinguishedNames {
  const rdns = [new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) })];
  if (o !== undefined) rdns.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.10', value: new asn1js.Utf8String({ value: o }) }));
  return new pkijs.RelativeDistinguishedNames({ typesAndValues: rdns });
}

/** Key-usage BIT STRING from bit numbers (0 digitalSignature, 1 nonRepudiation, 2 keyEncipherment, 5 keyCertSign, 6 cRLSign). */
function keyUsage(bits: readonly number[]): asn1js.BitString {
  const byte = bits.reduce((sum, bit) => sum | (0x80 >> bit), 0);
  return new asn1js.BitString({ valueHex: new Uint8Array([byte]).buffer, unusedBits: 0 });
}

interface MadeCertificate {
  readonly der: Uint8Array;
  readonly keys: CryptoKeyPair;
  readonly subject: pkijs.RelativeDistinguishedNames;
}

/** A certificate made with PKI.js: self-signed unless `issuer` is given. */
async function makeCertificate(options: {
  readonly cn: string;
  readonly o?: string;
  readonly ca: boolean | null;
  readonly usage: readonly number[] | null;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly issuer?: MadeCertificate;
}): Promise<MadeCertificate> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: Math.floor(Math.random() * 1_000_000) + 1 });
  const subject = name(options.cn, options.o);
  certificate.subject = subject;
  certificate.issuer = options.issuer?.subject ?? name(options.cn, options.o);
  certificate.notBefore.value = options.notBefore ?? new Date('2025-01-01T00:00:00Z');
  certificate.notAfter.value = options.notAfter ?? new Date('2030-01-01T00:00:00Z');
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine());
  const extensions: pkijs.Extension[] = [];
  if (options.ca !== null) {
    const constraints = new pkijs.BasicConstraints({ cA: options.ca });
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: constraints.toSchema().toBER(false), parsedValue: constraints }));
  }
  if (options.usage !== null) {
    const usage = keyUsage(options.usage);
    extensions.push(new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: usage.toBER(false), parsedValue: usage }));
  }
  if (extensions.length > 0) certificate.extensions = extensions;
  await certificate.sign((options.issuer?.keys ?? keys).privateKey, 'SHA-256', engine());
  return { der: new Uint8Array(certificate.toSchema(true).toBER(false)), keys, subject };
}

async function colleagueCertificate(now = NOW, validityYears = 3): Promise<Uint8Array> {
  return (await createSelfSignedIdentity(COLLEAGUE, { now, validityYears })).certificate;
}

async function refusal(promise: Promise<unknown>): Promise<TrustError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrustError);
  return error as TrustError;
}

describe('trusted certificates', () => {
  it('adds a colleague’s self-signed certificate as a signer and a CA as a ca, sealed, each with an audit event', async () => {
    const { db, repos } = await fresh();
    expect(await repos.trust.list()).toEqual([]);
    const colleague = await colleagueCertificate();
    const [signer] = await repos.trust.add(colleague);
    expect(signer).toMatchObject({
      fingerprint: await certificateFingerprint(colleague),
      commonName: COLLEAGUE.name,
      organisation: COLLEAGUE.institution,
      kind: 'signer',
      addedAt: NOW.toISOString(),
    });
    expect(signer?.fingerprint).toMatch(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(Array.from(signer?.der ?? [])).toEqual(Array.from(colleague));

    const ca = await makeCertificate({ cn: 'Institute Root CA', o: 'Institute', ca: true, usage: [5, 6] });
    const [authority] = await repos.trust.add(utf8(toPem(ca.der)));
    expect(authority).toMatchObject({ kind: 'ca', commonName: 'Institute Root CA', organisation: 'Institute', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z' });

    const listed = await repos.trust.list();
    expect(listed.map((c) => c.kind)).toEqual(['signer', 'ca']);

    // Sealed: no name, no organisation, no certificate bytes in clear in the vault row.
    const row = JSON.stringify((await db.vault.get(TRUST_ROW))?.value);
    expect(row).not.toContain('Colleague');
    expect(row).not.toContain('Institute');
    expect(row).not.toContain(Buffer.from(colleague).toString('base64').slice(0, 40));

    // One event per certificate, the SHA-256 only.
    const events = (await db.audit.toArray()).map((entry) => AuditEvent.parse(entry.event)).filter((e) => e.recordType === 'settings');
    expect(events).toEqual([
      expect.objectContaining({ action: 'create', recordId: signer?.id, detail: { sha256: signer?.fingerprint.replaceAll(':', '').toLowerCase() } }),
      expect.objectContaining({ action: 'create', recordId: authority?.id, detail: { sha256: authority?.fingerprint.replaceAll(':', '').toLowerCase() } }),
    ]);
    expect((await repos.audit.verify()).ok).toBe(true);
  });

  it('adds every certificate of a PEM bundle (a CA and an intermediate), skipping a repeated one', async () => {
    const { repos } = await fresh();
    const root = await makeCertificate({ cn: 'Root', ca: true, usage: [5, 6] });
    const intermediate = await makeCertificate({ cn: 'Intermediate', ca: true, usage: [5, 6], issuer: root });
    const pem = `Bag attributes\n${toPem(root.der)}${toPem(intermediate.der)}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${toPem(root.der)}`;
    const added = await repos.trust.add(utf8(pem));
    expect(added.map((c) => [c.commonName, c.kind])).toEqual([['Root', 'ca'], ['Intermediate', 'ca']]);
    expect(await repos.trust.list()).toHaveLength(2);
  });

  it('adds an expired certificate (old reports stay verifiable) and says when it expired', async () => {
    const { repos } = await fresh();
    const expired = await colleagueCertificate(new Date('2021-01-01T00:00:00Z'), 1);
    const [added] = await repos.trust.add(expired);
    expect(added?.notAfter.slice(0, 10)).toBe('2021-12-31');
    expect(Date.parse(added?.notAfter ?? '')).toBeLessThan(NOW.getTime());
  });

  it('refuses, storing nothing and writing no event: not a certificate, duplicates, own certificate, not yet valid, wrong usage', async () => {
    const { db, repos } = await fresh();
    const colleague = await colleagueCertificate();
    await repos.trust.add(colleague);
    await repos.identity.saveProfile(ME);
    const own = await repos.identity.createSelfSigned(ME, NOW);
    const eventsBefore = await db.audit.count();
    const rowBefore = (await db.vault.get(TRUST_ROW))?.value;

    expect((await refusal(repos.trust.add(utf8('hello, not a certificate')))).code).toBe('not-certificate');
    expect((await refusal(repos.trust.add(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])))).code).toBe('not-certificate');
    expect((await refusal(repos.trust.add(new Uint8Array()))).code).toBe('not-certificate');
    expect((await refusal(repos.trust.add(utf8('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')))).code).toBe('not-certificate');
    // DER with bytes after the certificate is not taken as a certificate.
    expect((await refusal(repos.trust.add(new Uint8Array([...colleague, 0])))).code).toBe('not-certificate');
    expect((await refusal(repos.trust.add(new Uint8Array(2 * 1024 * 1024).fill(0x41)))).code).toBe('too-large');

    const again = await refusal(repos.trust.add(utf8(toPem(colleague))));
    expect(again.code).toBe('already-trusted');
    expect(again.message).toBe('This certificate is already trusted. Nothing was added.');

    expect((await refusal(repos.trust.add(own.certificate ?? new Uint8Array()))).code).toBe('own-identity');

    const future = await colleagueCertificate(new Date('2027-06-01T00:00:00Z'));
    const notYet = await refusal(repos.trust.add(future));
    expect(notYet.code).toBe('not-yet-valid');
    expect(notYet.params.date).toBe('2027-05-31');

    // Self-signed, but only for key encipherment: neither a signer nor a CA.
    const encipherOnly = await makeCertificate({ cn: 'Mail server', ca: false, usage: [2] });
    expect((await refusal(repos.trust.add(encipherOnly.der))).code).toBe('wrong-usage');
    // A CA that may not sign certificates.
    const crlOnly = await makeCertificate({ cn: 'CRL signer', ca: true, usage: [6] });
    expect((await refusal(repos.trust.add(crlOnly.der))).code).toBe('wrong-usage');
    // A clinician's certificate issued by an authority: the authority is what to add.
    const root = await makeCertificate({ cn: 'Root', ca: true, usage: [5, 6] });
    const leaf = await makeCertificate({ cn: 'Dr Issued', ca: false, usage: [0, 1], issuer: root });
    expect((await refusal(repos.trust.add(leaf.der))).code).toBe('wrong-usage');

    // A bundle whose second certificate is refused stores nothing, not even the first.
    const bundle = await refusal(repos.trust.add(utf8(`${toPem(root.der)}${toPem(leaf.der)}`)));
    expect(bundle.code).toBe('wrong-usage');
    expect(bundle.at).toEqual({ position: 2, count: 2 });

    expect(await db.audit.count()).toBe(eventsBefore);
    expect((await db.vault.get(TRUST_ROW))?.value).toEqual(rowBefore);
    expect((await repos.trust.list()).map((c) => c.commonName)).toEqual([COLLEAGUE.name]);
  });

  it('removes a certificate with an audit event; an unknown id is not-found', async () => {
    const { db, repos } = await fresh();
    const [added] = await repos.trust.add(await colleagueCertificate());
    await repos.trust.remove(added?.id ?? '');
    expect(await repos.trust.list()).toEqual([]);
    const last = (await db.audit.toArray()).at(-1)?.event;
    expect(last).toMatchObject({ action: 'delete', recordType: 'settings', recordId: added?.id, detail: { sha256: added?.fingerprint.replaceAll(':', '').toLowerCase() } });
    expect((await refusal(repos.trust.remove(added?.id ?? ''))).code).toBe('not-found');
    // Removed, it may be added again.
    expect(await repos.trust.add(added?.der ?? new Uint8Array())).toHaveLength(1);
  });

  it('travels in a backup and comes back from a restore', async () => {
    const source = await fresh();
    const colleague = await colleagueCertificate();
    const ca = await makeCertificate({ cn: 'Institute Root CA', ca: true, usage: [5, 6] });
    await source.repos.trust.add(colleague);
    await source.repos.trust.add(ca.der);
    const before = await source.repos.trust.list();

    const chunks: Uint8Array[] = [];
    for await (const chunk of createBackupRepository({ db: source.db, indexedDB: source.factory, IDBKeyRange }).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF })) chunks.push(chunk);
    const file = new Uint8Array(Buffer.concat(chunks));
    source.repos.close();

    const target = freshDatabase();
    await target.db.open();
    await createBackupRepository({ db: target.db, indexedDB: target.factory, IDBKeyRange }).restoreBackup({ bytes: bytePieces(file, 4096), secret: { passphrase: PASSPHRASE } });
    const restored = await openOver(target.db, source.vault.keys);
    expect(await restored.trust.list()).toEqual(before);
    // Still refused as a duplicate after the restore.
    expect((await refusal(restored.trust.add(colleague))).code).toBe('already-trusted');
  });
});
