/**
 * Trusted time in the app (issue #17): the timestamp authority in Settings (sealed), signing through the
 * platform adapter's transport, and the queue of versions signed while no TSA answered. Real parts: the
 * loopback TSA of test/support/pki.ts (OpenSSL `ts -reply`), the HTTP forwarding Electron's main process
 * and `attest web` use (shared/tsaForward.ts), the vault codec over fake-indexeddb, and `pdfsig`.
 *
 * What a clinician or a court would notice: a version signed offline is stored and waits; once the TSA
 * answers, a document timestamp is appended, the file verifies (pdfsig and Attest, both signatures), and
 * a copy handed out before is still recognised; every bad answer leaves the signed file exactly as it
 * was, still waiting; the password never lies in clear in the database.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttestDatabase } from '../../renderer/db/database';
import { openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { signingTimestamp, stampWaiting } from '../../renderer/report/timestamping';
import { importPkcs12 } from '../../shared/identity';
import { AUTHOR_FIELD } from '../../shared/report/render';
import type { Platform } from '../../shared/platform';
import { signPdfDetailed, verifyPdf, type SigningIdentity } from '../../shared/signing';
import { forwardTimestampQuery } from '../../shared/tsaForward';
import { createVault } from '../../shared/vault';
import { sha256Hex } from '../../shared/vault/encoding';
import { opensslTsVerify, PKCS12_PASSWORD, startTestPki, type TestPki, type TsaMode } from '../support/pki';
import { extractSignature, makePreparedPdf, pdfsig, scratchDir } from '../unit/signing/helpers';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const scratch = scratchDir('attest-queue-');
let pki: TestPki;
let signer: SigningIdentity;
let unsigned: Uint8Array;

/** The platform's TSA door as Electron's main process and `attest web` implement it: real HTTP. */
const platform = { queryTimestampAuthority: (request) => forwardTimestampQuery(fetch, request) } as Pick<Platform, 'queryTimestampAuthority'> as Platform;

beforeAll(async () => {
  pki = await startTestPki();
  signer = await importPkcs12(new Uint8Array(readFileSync(pki.signerP12)), PKCS12_PASSWORD);
  unsigned = await makePreparedPdf({ authorName: 'Dr Amina Test' });
}, 30_000);

afterAll(async () => {
  await pki.close();
  scratch.remove();
});

async function setup(): Promise<{ db: AttestDatabase; repos: Repositories; caseId: string }> {
  const { db } = freshDatabase();
  const vault = await createVault('tiger lamp ocean violin', TEST_KDF);
  await db.open();
  await db.vault.put({ key: 'keyring', value: vault.keyring });
  const repos = await openRepositories({ db, codec: createVaultCodec(vault.keys.dataKey), searchKeyer: createVaultSearchKeyer(vault.keys.indexKey) });
  const summary = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  return { db, repos, caseId: summary.id };
}

/** Signs and stores version 1 as the app does (makeReport.signPreparedReport): token asked through the platform. */
async function signAndStore(repos: Repositories, caseId: string) {
  const timestamp = await signingTimestamp(repos, platform);
  const signed = await signPdfDetailed(unsigned, signer, { signingTime: new Date(), name: 'Dr Amina Test', certify: { permission: 2 }, field: AUTHOR_FIELD, ...(timestamp === null ? {} : { timestamp }) });
  const outcome = signed.timestamp;
  const version = await repos.reports.storeSigned({
    caseId,
    documentId: crypto.randomUUID(),
    version: 1,
    signedAt: '2026-05-02T10:00:00+02:00',
    place: 'Genève',
    addenda: [],
    bytes: signed.pdf,
    ...(outcome === null ? {} : { time: outcome.status === 'attested' ? { state: 'attested', tsaName: outcome.tsaName, attestedAt: outcome.time.toISOString() } : { state: 'waiting', failure: outcome.code } }),
  });
  return { version, bytes: signed.pdf, outcome };
}

/** A loopback port nothing listens on: the TSA is "offline". */
const OFFLINE_URL = 'http://127.0.0.1:9/tsa';

describe('timestamp authority settings', () => {
  it('are sealed in the vault: the password is nowhere in clear, and they read back', async () => {
    const s = await setup();
    await s.repos.timestampAuthority.save({ url: pki.tsaUrl, username: 'clinic', password: 'secret-tsa-pass-42', certificates: [new Uint8Array(pki.caCertificate)] });
    const row = await s.db.vault.get('tsa');
    expect(JSON.stringify(row, (_k, v: unknown) => (v instanceof ArrayBuffer ? Buffer.from(v).toString('latin1') : v))).not.toMatch(/secret-tsa-pass-42|clinic|127\.0\.0\.1/);
    const back = await s.repos.timestampAuthority.get();
    expect(back?.password).toBe('secret-tsa-pass-42');
    expect(Buffer.from(back?.certificates[0] ?? []).equals(Buffer.from(pki.caCertificate))).toBe(true);
    await expect(s.repos.timestampAuthority.save({ url: 'http://user:pw@127.0.0.1/tsa', username: null, password: null, certificates: [] })).rejects.toThrow(/not valid/);
    await expect(s.repos.timestampAuthority.save({ url: 'file:///etc/passwd', username: null, password: null, certificates: [] })).rejects.toThrow(/not valid/);
  });
});

describe('the timestamp queue', () => {
  it('signs B-T when the TSA answers: the version is attested by it, nothing is queued', async () => {
    const s = await setup();
    await s.repos.timestampAuthority.save({ url: pki.tsaUrl, username: null, password: null, certificates: [new Uint8Array(pki.caCertificate)] });
    const { version, outcome } = await signAndStore(s.repos, s.caseId);
    expect(outcome?.status).toBe('attested');
    expect(version.time).toMatchObject({ state: 'attested', tsaName: 'Attest Test TSA', via: 'signature' });
    expect(await s.repos.timestamps.waiting()).toEqual([]);
  }, 30_000);

  it('offline: signs B-B and queues; TSA reachable: the document timestamp is added and the file verifies with both', async () => {
    const s = await setup();
    await s.repos.timestampAuthority.save({ url: OFFLINE_URL, username: null, password: null, certificates: [new Uint8Array(pki.caCertificate)] });
    const { version, bytes, outcome } = await signAndStore(s.repos, s.caseId);
    expect(outcome).toMatchObject({ status: 'failed', code: 'unreachable' });
    expect(version.time).toMatchObject({ state: 'waiting', attempts: 0, lastFailure: 'unreachable' });
    expect((await s.repos.timestamps.waiting()).map((w) => w.id)).toEqual([version.documentId]);

    // Still offline: nothing changes but the recorded attempt.
    expect(await stampWaiting(s.repos, platform)).toEqual({ stamped: 0, waiting: 1, failure: 'unreachable' });
    expect(Buffer.from(await s.repos.reports.pdf(s.caseId, 1)).equals(Buffer.from(bytes))).toBe(true);
    expect((await s.repos.reports.versions(s.caseId))[0]?.time).toMatchObject({ state: 'waiting', attempts: 1, lastFailure: 'unreachable' });

    // The TSA can be reached.
    pki.setMode('ok');
    await s.repos.timestampAuthority.save({ url: pki.tsaUrl, username: null, password: null, certificates: [new Uint8Array(pki.caCertificate)] });
    expect(await stampWaiting(s.repos, platform)).toEqual({ stamped: 1, waiting: 0, failure: null });
    const [stored] = await s.repos.reports.versions(s.caseId);
    expect(stored?.time).toMatchObject({ state: 'attested', tsaName: 'Attest Test TSA', via: 'document' });
    const stamped = await s.repos.reports.pdf(s.caseId, 1);
    // An incremental update: the signed file is a prefix, untouched.
    expect(stamped.length).toBeGreaterThan(bytes.length);
    expect(Buffer.from(stamped.subarray(0, bytes.length)).equals(Buffer.from(bytes))).toBe(true);
    expect(stored?.sha256).toBe(await sha256Hex(stamped));

    const path = scratch.write('queued.pdf', stamped);
    // poppler checks the author's signature and sees the timestamp over the whole file (it does not validate RFC 3161 itself)…
    const poppler = pdfsig(path);
    expect(poppler).toMatch(/Signature Field Name: Signature1[\s\S]*?Signature is Valid/);
    expect(poppler).toMatch(/Signature Field Name: Timestamp1\n\s+- Signer Certificate Common Name: Attest Test TSA[\s\S]*?Total document signed/);
    const verified = await verifyPdf(stamped, { trust: { certificates: [new Uint8Array(pki.caCertificate)] } });
    // …and OpenSSL checks the document timestamp's token over the bytes its /ByteRange covers, chained to the test CA.
    const { cms, content } = extractSignature(stamped, verified.signatures[1]?.byteRange ?? []);
    const openssl = opensslTsVerify(pki, cms, await sha256Hex(content));
    expect(openssl.output).toContain('Verification: OK');
    expect(verified.signatures.map((sig) => sig.kind)).toEqual(['certification', 'timestamp']);
    expect(verified.signatures[1]).toMatchObject({ signerName: 'Attest Test TSA', timeSource: 'timestamp' });
    expect(verified.verdict).toBe('valid');

    // A copy handed out before the timestamp is still this version; the audit chain holds.
    expect((await s.repos.reports.findBySha256(await sha256Hex(bytes)))?.version).toBe(1);
    expect((await s.repos.audit.verify()).ok).toBe(true);
    expect(await s.repos.timestamps.waiting()).toEqual([]);
  }, 60_000);

  it('keeps the B-B file exactly, still waiting, on every bad answer', async () => {
    const s = await setup();
    await s.repos.timestampAuthority.save({ url: OFFLINE_URL, username: null, password: null, certificates: [new Uint8Array(pki.caCertificate)] });
    const { bytes } = await signAndStore(s.repos, s.caseId);
    const cases: readonly [TsaMode, Uint8Array, string][] = [
      ['garbage', pki.caCertificate, 'garbage'],
      ['wrong-nonce', pki.caCertificate, 'wrong-nonce'],
      ['other-digest', pki.caCertificate, 'wrong-imprint'],
      ['rejection', pki.caCertificate, 'rejected'],
      // A TSA whose certificate does not chain to the one configured (the signer's, not a CA's).
      ['ok', pki.signerCertificate, 'tsa-not-trusted'],
    ];
    for (const [mode, anchor, expected] of cases) {
      pki.setMode(mode);
      await s.repos.timestampAuthority.save({ url: pki.tsaUrl, username: null, password: null, certificates: [new Uint8Array(anchor)] });
      const result = await stampWaiting(s.repos, platform);
      expect({ mode, ...result }).toEqual({ mode, stamped: 0, waiting: 1, failure: expected });
      expect(Buffer.from(await s.repos.reports.pdf(s.caseId, 1)).equals(Buffer.from(bytes))).toBe(true);
      expect((await s.repos.reports.versions(s.caseId))[0]?.time).toMatchObject({ state: 'waiting', lastFailure: expected });
    }
    pki.setMode('ok');
  }, 60_000);
});
