/**
 * PKCS#12 files both ways, with OpenSSL 3 as the other party: files it writes (EC and RSA, default
 * algorithms, `-legacy`, with an issuer certificate) import; a wrong password says so; files Attest
 * writes open in `openssl pkcs12` and come back through `importPkcs12`; the imported key signs.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
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

const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });
const secret = new TextEncoder().encode(PASSWORD).buffer;

/**
 * A PKCS#12 of a fresh key and its certificate made with PKI.js directly, so that a test can write
 * what `exportPkcs12` never would: another key-bag algorithm, a MAC count, no MAC. The MAC is
 * computed over whatever the key bag says, so only the parts the test changes are wrong.
 */
async function craftedPkcs12(options: { readonly keyAlgorithm?: (algorithm: pkijs.AlgorithmIdentifier) => pkijs.AlgorithmIdentifier; readonly macIterations?: number }): Promise<Uint8Array> {
  const identity = await createSelfSignedIdentity(PROFILE, { now: new Date() });
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(await crypto.subtle.exportKey('pkcs8', identity.privateKey)) });
  const aes = { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm;
  await shrouded.makeInternalValues({ password: secret, contentEncryptionAlgorithm: aes, hmacHashAlgorithm: 'SHA-256', iterationCount: 2048 }, engine);
  if (options.keyAlgorithm) shrouded.encryptionAlgorithm = options.keyAlgorithm(shrouded.encryptionAlgorithm);
  const certificate = new pkijs.CertBag({ certId: '1.2.840.113549.1.9.22.1', certValue: new asn1js.OctetString({ valueHex: identity.certificate.buffer }) });
  const bags = [new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.3', bagValue: certificate }), new pkijs.SafeBag({ bagId: '1.2.840.113549.1.12.10.1.2', bagValue: shrouded })];
  const authenticatedSafe = new pkijs.AuthenticatedSafe({ parsedValue: { safeContents: [{ privacyMode: 0, value: new pkijs.SafeContents({ safeBags: bags }) }] } });
  await authenticatedSafe.makeInternalValues({ safeContents: [{}] }, engine);
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({ password: secret, iterations: 2048, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' }, engine);
  if (options.macIterations !== undefined && pfx.macData) pfx.macData.iterations = options.macIterations;
  return new Uint8Array(pfx.toSchema().toBER(false));
}

/** The key bag's PBES2 with its PBKDF2 count or its cipher replaced. */
function pbes2With(change: { readonly iterations?: number; readonly cipher?: string }): (algorithm: pkijs.AlgorithmIdentifier) => pkijs.AlgorithmIdentifier {
  return (algorithm) => {
    const pbes2 = new pkijs.PBES2Params({ schema: algorithm.algorithmParams });
    const kdf = new pkijs.PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams });
    if (change.iterations !== undefined) kdf.iterationCount = change.iterations;
    pbes2.keyDerivationFunc = new pkijs.AlgorithmIdentifier({ algorithmId: pbes2.keyDerivationFunc.algorithmId, algorithmParams: kdf.toSchema() });
    if (change.cipher !== undefined) pbes2.encryptionScheme = new pkijs.AlgorithmIdentifier({ algorithmId: change.cipher, algorithmParams: new asn1js.OctetString({ valueHex: new Uint8Array(8).buffer }) });
    return new pkijs.AlgorithmIdentifier({ algorithmId: algorithm.algorithmId, algorithmParams: pbes2.toSchema() });
  };
}

describe('hostile or outdated PKCS#12 files', () => {
  it('imports the crafted file when nothing was changed (the other tests change one thing each)', async () => {
    const imported = await importPkcs12(await craftedPkcs12({}), PASSWORD);
    expect(await matchesPrivateKey(imported.privateKey, imported.certificate)).toBe(true);
  });

  it('refuses a file without a MAC (openssl -nomac): its content could have been changed by anyone', async () => {
    const made = opensslPkcs12(work, 'ec', PASSWORD, ['-nomac'], 'nomac');
    expect((await errorOf(importPkcs12(made.p12, PASSWORD))).code).toBe('unsupported');
  });

  it('says "wrong password" for a file whose encrypted certificates were changed after its MAC was made', async () => {
    const made = opensslPkcs12(work, 'ec', PASSWORD, [], 'tampered');
    const pfx = pkijs.PFX.fromBER(new Uint8Array(made.p12).buffer);
    const content: unknown = pfx.authSafe.content;
    if (!(content instanceof asn1js.OctetString)) throw new Error('expected password integrity mode');
    const [certificates] = pkijs.AuthenticatedSafe.fromBER(content.getValue()).safeContents;
    if (certificates === undefined) throw new Error('expected a ContentInfo');
    const ciphertext = new Uint8Array(new pkijs.EncryptedData({ schema: certificates.content }).encryptedContentInfo.getEncryptedContent());
    // One bit of the ciphertext: the structure still parses, only the MAC can tell.
    const at = made.p12.indexOf(Buffer.from(ciphertext.subarray(0, 16))) + 40;
    expect(at).toBeGreaterThan(40);
    const tampered = new Uint8Array(made.p12);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    expect((await errorOf(importPkcs12(tampered, PASSWORD))).code).toBe('wrong-password');
    expect(await importPkcs12(made.p12, PASSWORD)).toMatchObject({ chain: [] });
  });

  it('refuses, in well under a second, a MAC or a PBKDF2 count that would keep the app busy for hours', async () => {
    for (const p12 of [await craftedPkcs12({ macIterations: 2 ** 31 - 1 }), await craftedPkcs12({ keyAlgorithm: pbes2With({ iterations: 2 ** 31 - 1 }) })]) {
      const start = performance.now();
      expect((await errorOf(importPkcs12(p12, PASSWORD))).code).toBe('malformed');
      expect(performance.now() - start).toBeLessThan(1_000);
    }
  });

  it('refuses legacy key encryption (PKCS#12 PBE with 3DES, PBES2 with DES-EDE3) as unsupported, with the right password', async () => {
    const pbeTripleDes = (): pkijs.AlgorithmIdentifier =>
      new pkijs.AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.12.1.3', algorithmParams: new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: new Uint8Array(8).buffer }), new asn1js.Integer({ value: 2048 })] }) });
    const unsupported = [await craftedPkcs12({ keyAlgorithm: pbeTripleDes }), await craftedPkcs12({ keyAlgorithm: pbes2With({ cipher: '1.2.840.113549.3.7' }) })];
    for (const p12 of unsupported) expect((await errorOf(importPkcs12(p12, PASSWORD))).code).toBe('unsupported');
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
