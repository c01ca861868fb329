/**
 * PKCS#12 files both ways, with OpenSSL 3 as the other party: files it writes (EC and RSA, default
 * algorithms, `-legacy`, with an issuer certificate) import; a wrong password says so; files Attest
 * writes open in `openssl pkcs12` and come back through `importPkcs12`; the imported key signs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  IdentityError,
  PKCS12_MIN_ITERATIONS,
  certificateInfo,
  createSelfSignedIdentity,
  exportPkcs12,
  fromPem,
  importPkcs12,
  matchesPrivateKey,
  publicKeyOf,
  signingAlgorithmOf,
  toPem,
} from '../../../shared/identity';
import { PROFILE, hasLegacyProvider, openssl, opensslPkcs12, opensslStatus, scratch } from './helpers';

const PASSWORD = 'correct horse 42';
const work = scratch();
afterAll(() => { work.done(); });

async function errorOf(promise: Promise<unknown>): Promise<IdentityError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IdentityError) return error;
    throw error;
  }
  throw new Error('expected an IdentityError');
}

async function signsAndVerifies(privateKey: CryptoKey, certificate: Uint8Array): Promise<boolean> {
  const algorithm = signingAlgorithmOf(certificate);
  const params = algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const data = new TextEncoder().encode('the signed report');
  const signature = await crypto.subtle.sign(params, privateKey, data);
  return crypto.subtle.verify(params, await publicKeyOf(certificate), signature, data);
}

describe('importing a PKCS#12 written by OpenSSL 3', () => {
  for (const key of ['ec', 'rsa'] as const) {
    it(`imports an ${key.toUpperCase()} key and its certificate (default PBES2 AES-256-CBC, SHA-256 MAC)`, async () => {
      const made = opensslPkcs12(work, key, PASSWORD);
      expect(opensslStatus(['pkcs12', '-in', work.path(`${key}.p12`), '-passin', `pass:${PASSWORD}`, '-info', '-noout']).out).toContain('PBES2, PBKDF2, AES-256-CBC');
      const imported = await importPkcs12(made.p12, PASSWORD);
      expect(imported.certificate).toEqual(fromPem(made.certPem));
      expect(imported.chain).toEqual([]);
      expect(imported.privateKey.extractable).toBe(true);
      expect(await matchesPrivateKey(imported.privateKey, imported.certificate)).toBe(true);
      expect(await signsAndVerifies(imported.privateKey, imported.certificate)).toBe(true);
      const info = await certificateInfo(imported.certificate);
      expect(info.commonName).toBe(`Institution issued ${key}`);
      expect(info.keyAlgorithm).toBe(key === 'ec' ? 'ECDSA P-256' : 'RSA');
      if (key === 'rsa') expect(info.keyBits).toBe(2048);
      // The same key as OpenSSL's: its PKCS#8 is the one in the PEM file.
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', imported.privateKey));
      const fromOpenssl = fromPem(openssl(['pkey', '-in', work.path(`${key}.key.pem`)]));
      const again = await crypto.subtle.importKey('pkcs8', fromOpenssl, signingAlgorithmOf(imported.certificate), true, ['sign']);
      expect(await crypto.subtle.exportKey('jwk', again)).toMatchObject({ d: (await crypto.subtle.exportKey('jwk', imported.privateKey)).d });
      expect(pkcs8.length).toBeGreaterThan(0);
    });
  }

  it('says "wrong password" for a wrong password, and for an empty one', async () => {
    const made = opensslPkcs12(work, 'ec', PASSWORD, [], 'wrong');
    expect((await errorOf(importPkcs12(made.p12, 'correct horse 43'))).code).toBe('wrong-password');
    expect((await errorOf(importPkcs12(made.p12, ''))).code).toBe('wrong-password');
  });

  it('imports with a non-ASCII password (UTF-8 for PBES2, UTF-16 for the MAC, as OpenSSL)', async () => {
    const password = 'mot de passe déjà vu ü';
    const made = opensslPkcs12(work, 'ec', password, [], 'utf8');
    const imported = await importPkcs12(made.p12, password);
    expect(imported.certificate).toEqual(fromPem(made.certPem));
  });

  it('keeps an issuer certificate given with -certfile as the chain, apart from the end-entity certificate', async () => {
    const ca = opensslPkcs12(work, 'ec', PASSWORD, [], 'ca');
    const made = opensslPkcs12(work, 'rsa', PASSWORD, ['-certfile', work.path('ca.cert.pem')], 'withchain');
    const imported = await importPkcs12(made.p12, PASSWORD);
    expect(imported.certificate).toEqual(fromPem(made.certPem));
    expect(imported.chain).toEqual([fromPem(ca.certPem)]);
  });

  it.runIf(hasLegacyProvider())('refuses a -legacy file (RC2/3DES) as unsupported, but still tells a wrong password', async () => {
    const made = opensslPkcs12(work, 'ec', PASSWORD, ['-legacy'], 'legacy');
    expect(opensslStatus(['pkcs12', '-in', work.path('legacy.p12'), '-passin', `pass:${PASSWORD}`, '-info', '-noout', '-legacy']).out).toMatch(/RC2|3DES|pbeWithSHA1/);
    expect((await errorOf(importPkcs12(made.p12, PASSWORD))).code).toBe('unsupported');
    expect((await errorOf(importPkcs12(made.p12, 'nope'))).code).toBe('wrong-password');
  });

  it('says "no key" for a file of certificates only, and "malformed" for anything else', async () => {
    opensslPkcs12(work, 'ec', PASSWORD, [], 'nokey');
    openssl(['pkcs12', '-export', '-nokeys', '-in', work.path('nokey.cert.pem'), '-out', work.path('certs-only.p12'), '-passout', `pass:${PASSWORD}`]);
    expect((await errorOf(importPkcs12(work.read('certs-only.p12'), PASSWORD))).code).toBe('no-key');
    expect((await errorOf(importPkcs12(new TextEncoder().encode('%PDF-1.7 not a key file'), PASSWORD))).code).toBe('malformed');
    expect((await errorOf(importPkcs12(new Uint8Array(0), PASSWORD))).code).toBe('malformed');
    const truncated = work.read('nokey.p12').subarray(0, 200);
    expect((await errorOf(importPkcs12(truncated, PASSWORD))).code).toBe('malformed');
  });

  it('says "no certificate" when no certificate in the file belongs to the key', async () => {
    opensslPkcs12(work, 'ec', PASSWORD, [], 'mismatch-a');
    opensslPkcs12(work, 'ec', PASSWORD, [], 'mismatch-b');
    // -nocerts + a foreign certificate through -certfile: a key with only somebody else's certificate.
    openssl(['pkcs12', '-export', '-inkey', work.path('mismatch-a.key.pem'), '-nocerts', '-certfile', work.path('mismatch-b.cert.pem'), '-out', work.path('mismatch.p12'), '-passout', `pass:${PASSWORD}`]);
    expect((await errorOf(importPkcs12(work.read('mismatch.p12'), PASSWORD))).code).toBe('no-certificate');
  });
});

describe('exporting a PKCS#12', async () => {
  const identity = await createSelfSignedIdentity(PROFILE, { now: new Date() });
  // The test uses fewer PBKDF2 rounds than the default 600,000 to stay quick; the format is the same.
  const p12 = await exportPkcs12(identity.privateKey, identity.certificate, PASSWORD, [], { iterations: 10_000 });
  const file = work.write('attest.p12', p12);

  it('opens in openssl pkcs12 with the algorithms documented (PBES2 AES-256-CBC, PBKDF2-SHA-256, SHA-256 MAC)', () => {
    const info = opensslStatus(['pkcs12', '-in', file, '-passin', `pass:${PASSWORD}`, '-info', '-nodes']);
    expect(info.status).toBe(0);
    expect(info.out).toContain('MAC: sha256, Iteration 2048');
    expect(info.out).toContain('PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256');
    expect(info.out).toContain('Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256');
    // The certificate and key OpenSSL finds are ours.
    expect(fromPem(info.out.slice(info.out.indexOf('-----BEGIN CERTIFICATE-----')))).toEqual(identity.certificate);
    const keyPem = info.out.slice(info.out.indexOf('-----BEGIN PRIVATE KEY-----'));
    const publicFromKey = openssl(['pkey', '-pubout'], { input: keyPem });
    const publicFromCert = openssl(['x509', '-pubkey', '-noout', '-in', work.write('attest-cert.pem', toPem(identity.certificate))]);
    expect(publicFromKey).toBe(publicFromCert);
  });

  it('is refused by openssl with a wrong password', () => {
    const result = opensslStatus(['pkcs12', '-in', file, '-passin', 'pass:wrong', '-info', '-nodes']);
    expect(result.status).not.toBe(0);
    expect(result.out).toMatch(/mac verify (failure|error)/i);
  });

  it('round-trips through importPkcs12, with a chain, and the key still signs', async () => {
    const issuer = await createSelfSignedIdentity({ ...PROFILE, name: 'Issuing CA' }, { now: new Date() });
    const withChain = await exportPkcs12(identity.privateKey, identity.certificate, PASSWORD, [issuer.certificate], { iterations: PKCS12_MIN_ITERATIONS });
    const back = await importPkcs12(withChain, PASSWORD);
    expect(back.certificate).toEqual(identity.certificate);
    expect(back.chain).toEqual([issuer.certificate]);
    expect(await signsAndVerifies(back.privateKey, identity.certificate)).toBe(true);
    expect((await errorOf(importPkcs12(withChain, 'wrong'))).code).toBe('wrong-password');
  });

  it('re-exports an RSA key imported from OpenSSL, which OpenSSL reads back', async () => {
    const made = opensslPkcs12(work, 'rsa', PASSWORD, [], 'rsa-again');
    const imported = await importPkcs12(made.p12, PASSWORD);
    const again = work.write('rsa-again-attest.p12', await exportPkcs12(imported.privateKey, imported.certificate, 'другой пароль', [], { iterations: PKCS12_MIN_ITERATIONS }));
    const out = openssl(['pkcs12', '-in', again, '-passin', 'pass:другой пароль', '-nodes']);
    expect(out).toContain('-----BEGIN PRIVATE KEY-----');
    expect(fromPem(out.slice(out.indexOf('-----BEGIN CERTIFICATE-----')))).toEqual(fromPem(made.certPem));
  });

  it('refuses a key that is not the certificate\'s, and too few rounds', async () => {
    const other = await createSelfSignedIdentity(PROFILE, { now: new Date() });
    expect((await errorOf(exportPkcs12(other.privateKey, identity.certificate, PASSWORD, [], { iterations: PKCS12_MIN_ITERATIONS }))).code).toBe('key-mismatch');
    await expect(exportPkcs12(identity.privateKey, identity.certificate, PASSWORD, [], { iterations: 1000 })).rejects.toThrow(RangeError);
  });
});
