/**
 * PKCS#12 (RFC 7292) files: import the key and certificate an institution issued (`.p12`/`.pfx`),
 * and export the clinician's own for another program. Read and written with asn1js and WebCrypto;
 * the PKCS#12 MAC key derivation (its own KDF, over a UTF-16 password) is PKI.js's.
 *
 * Read: password integrity with an HMAC (SHA-1, SHA-256, SHA-384, SHA-512), bags in clear or
 * encrypted with PBES2 (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/192/256-CBC): what OpenSSL 3
 * writes by default. The legacy algorithms (RC2, 3DES, PKCS#12 PBE: `openssl pkcs12 -legacy`,
 * Windows before 2019) have no WebCrypto implementation: `unsupported`, after the MAC has told a
 * wrong password apart.
 *
 * Written: the layout of `openssl pkcs12 -export` — certificates in an encrypted SafeContents, the
 * key in a shrouded key bag, both under PBES2 AES-256-CBC + PBKDF2-HMAC-SHA-256 — with a SHA-256 MAC.
 * PBKDF2 runs 600,000 rounds by default (the vault's own figure; the file leaves the machine, so it
 * gets the same protection as the vault); OpenSSL's default is only 2,048. The MAC keeps OpenSSL's
 * 2,048 rounds: it guards integrity, not secrecy, and its KDF runs in JavaScript.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { randomBytes, utf8, type Bytes } from '../vault/encoding';
import { algorithmOfIdentifier, cryptoEngine, matchesPrivateKey, parseCertificate } from './certificate';
import { IdentityError } from './errors';
import { MAX_PKCS12_BYTES } from './limits';

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  pbmac1: '1.2.840.113549.1.5.14',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  hmacWithSha256: '1.2.840.113549.2.9',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

const AES_CBC: Readonly<Record<string, number>> = {
  '2.16.840.1.101.3.4.1.2': 128,
  '2.16.840.1.101.3.4.1.22': 192,
  '2.16.840.1.101.3.4.1.42': 256,
};
const PRF_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};
const DIGEST: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** Default PBKDF2 rounds of `exportPkcs12`; the lowest accepted is OpenSSL's default, 2,048. */
export const PKCS12_DEFAULT_ITERATIONS = 600_000;
export const PKCS12_MIN_ITERATIONS = 2_048;
const MAC_ITERATIONS = 2_048;
export { MAX_PKCS12_BYTES };

// ---------------------------------------------------------------------------------------------
// Reading DER with asn1js. Every shape check throws `malformed`, naming the structure only.

type Node = asn1js.AsnType;

function malformed(what: string, cause?: unknown): IdentityError {
  return new IdentityError('malformed', cause === undefined ? { detail: what } : { cause, detail: what });
}

function parseDer(bytes: Uint8Array, what: string): Node {
  const parsed = asn1js.fromBER(new Uint8Array(bytes));
  if (parsed.offset === -1 || parsed.result.error !== '') throw malformed(what);
  return parsed.result;
}

function isUniversal(node: Node, tag: number): boolean {
  return node.idBlock.tagClass === 1 && node.idBlock.tagNumber === tag;
}

function isContext(node: Node, tag: number): boolean {
  return node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag;
}

/** The value block of any parsed node, read by shape (a constructed OCTET STRING is no `Constructed`). */
function blockOf(node: Node): { readonly value?: unknown; readonly valueHexView?: unknown } {
  const block: unknown = node.valueBlock;
  return typeof block === 'object' && block !== null ? block : {};
}

/** The elements of a SEQUENCE or SET (or of an explicit tag). */
function children(node: Node | undefined, what: string): Node[] {
  if (node === undefined || !node.idBlock.isConstructed) throw malformed(what);
  const value = blockOf(node).value;
  if (!Array.isArray(value)) throw malformed(what);
  return value as Node[];
}

function sequence(node: Node | undefined, what: string): Node[] {
  if (node === undefined || !(isUniversal(node, 16) || isUniversal(node, 17))) throw malformed(what);
  return children(node, what);
}

function oidOf(node: Node | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw malformed(what);
  return node.valueBlock.toString();
}

function integerOf(node: Node | undefined, what: string): number {
  if (!(node instanceof asn1js.Integer)) throw malformed(what);
  const value = node.valueBlock.valueDec;
  if (!Number.isSafeInteger(value)) throw malformed(what);
  return value;
}

/** The bytes of an OCTET STRING, primitive or constructed (BER pieces), or of an implicitly tagged one. */
function octetsOf(node: Node | undefined, what: string): Bytes {
  if (node === undefined || !(isUniversal(node, 4) || node.idBlock.tagClass === 3)) throw malformed(what);
  if (node.idBlock.isConstructed) {
    const parts = children(node, what).map((part) => octetsOf(part, what));
    return concat(parts);
  }
  const hex = blockOf(node).valueHexView;
  if (!(hex instanceof Uint8Array)) throw malformed(what);
  return new Uint8Array(hex);
}

/** The one element inside an `[n] EXPLICIT` tag. */
function explicit(node: Node | undefined, tag: number, what: string): Node {
  if (node === undefined || !isContext(node, tag)) throw malformed(what);
  const [inner] = children(node, what);
  if (inner === undefined) throw malformed(what);
  return inner;
}

function concat(parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function der(node: asn1js.BaseBlock): Bytes {
  return new Uint8Array(node.toBER(false));
}

// ---------------------------------------------------------------------------------------------
// PBES2

interface Pbes2 {
  readonly salt: Bytes;
  readonly iterations: number;
  readonly hash: string;
  readonly aesBits: number;
  readonly iv: Bytes;
}

/** The PBES2 parameters of an AlgorithmIdentifier; `unsupported` for any other scheme. */
function pbes2Of(algorithm: Node | undefined, what: string): Pbes2 {
  const [oid, params] = sequence(algorithm, what);
  const id = oidOf(oid, what);
  if (id !== OID.pbes2) throw new IdentityError('unsupported', { detail: `encryption ${id}` });
  const [kdf, scheme] = sequence(params, `${what} PBES2`);
  const [kdfOid, kdfParams] = sequence(kdf, `${what} KDF`);
  const kdfId = oidOf(kdfOid, `${what} KDF`);
  if (kdfId !== OID.pbkdf2) throw new IdentityError('unsupported', { detail: `KDF ${kdfId}` });
  const fields = sequence(kdfParams, `${what} PBKDF2`);
  const salt = octetsOf(fields[0], `${what} salt`);
  const iterations = integerOf(fields[1], `${what} iterations`);
  let hash = 'SHA-1';
  for (const field of fields.slice(2)) {
    // keyLength (INTEGER) is implied by the cipher; prf is an AlgorithmIdentifier.
    if (field instanceof asn1js.Integer) continue;
    const prfId = oidOf(sequence(field, `${what} PRF`)[0], `${what} PRF`);
    const prf = PRF_HASH[prfId];
    if (prf === undefined) throw new IdentityError('unsupported', { detail: `PRF ${prfId}` });
    hash = prf;
  }
  const [cipherOid, ivNode] = sequence(scheme, `${what} cipher`);
  const cipherId = oidOf(cipherOid, `${what} cipher`);
  const aesBits = AES_CBC[cipherId];
  if (aesBits === undefined) throw new IdentityError('unsupported', { detail: `cipher ${cipherId}` });
  const iv = octetsOf(ivNode, `${what} IV`);
  if (iv.length !== 16 || iterations < 1 || iterations > 10_000_000) throw malformed(`${what} parameters`);
  return { salt, iterations, hash, aesBits, iv };
}

async function pbkdf2AesKey(password: string, params: { readonly salt: Bytes; readonly iterations: number; readonly hash: string; readonly aesBits: number }, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  const subtle = globalThis.crypto.subtle;
  // PBES2 takes the password as bytes; OpenSSL 3 passes its UTF-8 (the MAC alone uses UTF-16).
  const base = await subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', salt: params.salt, iterations: params.iterations, hash: params.hash }, base, { name: 'AES-CBC', length: params.aesBits }, false, [usage]);
}

/** Decrypts PBES2 content; a wrong password usually shows as bad padding. */
async function pbes2Decrypt(algorithm: Node | undefined, ciphertext: Bytes, password: string, what: string): Promise<Bytes> {
  const params = pbes2Of(algorithm, what);
  const key = await pbkdf2AesKey(password, params, 'decrypt');
  try {
    return new Uint8Array(await globalThis.crypto.subtle.decrypt({ name: 'AES-CBC', iv: params.iv }, key, ciphertext));
  } catch (cause) {
    throw new IdentityError('wrong-password', { cause, detail: what });
  }
}

async function pbes2Encrypt(plaintext: Bytes, password: string, iterations: number): Promise<{ readonly algorithm: asn1js.Sequence; readonly ciphertext: Bytes }> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = await pbkdf2AesKey(password, { salt, iterations, hash: 'SHA-256', aesBits: 256 }, 'encrypt');
  const ciphertext = new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, plaintext));
  const algorithm = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.pbes2 }),
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.ObjectIdentifier({ value: OID.pbkdf2 }),
              new asn1js.Sequence({
                value: [
                  new asn1js.OctetString({ valueHex: salt.buffer }),
                  new asn1js.Integer({ value: iterations }),
                  new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.hmacWithSha256 }), new asn1js.Null()] }),
                ],
              }),
            ],
          }),
          new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.aes256Cbc }), new asn1js.OctetString({ valueHex: iv.buffer })] }),
        ],
      }),
    ],
  });
  return { algorithm, ciphertext };
}

// ---------------------------------------------------------------------------------------------
// The MAC (RFC 7292 appendix B KDF, UTF-16 password: PKI.js implements it).

function passwordBuffer(password: string): ArrayBuffer {
  return utf8(password).buffer;
}

async function checkMac(macData: Node, content: Bytes, password: string): Promise<void> {
  const fields = sequence(macData, 'MacData');
  const [digestAlgorithm, digest] = sequence(fields[0], 'MAC DigestInfo');
  const algorithmId = oidOf(sequence(digestAlgorithm, 'MAC algorithm')[0], 'MAC algorithm');
  if (algorithmId === OID.pbmac1) throw new IdentityError('unsupported', { detail: 'PBMAC1' });
  const hash = DIGEST[algorithmId];
  if (hash === undefined) throw new IdentityError('unsupported', { detail: `MAC ${algorithmId}` });
  const expected = octetsOf(digest, 'MAC value');
  const salt = octetsOf(fields[1], 'MAC salt');
  const iterations = fields[2] === undefined ? 1 : integerOf(fields[2], 'MAC iterations');
  if (iterations < 1 || iterations > 1_000_000) throw malformed('MAC iterations');
  let valid: boolean;
  try {
    valid = await cryptoEngine().verifyDataStampedWithPassword({
      password: passwordBuffer(password),
      hashAlgorithm: hash,
      salt: salt.buffer,
      iterationCount: iterations,
      contentToVerify: content.buffer,
      signatureToVerify: expected.buffer,
    });
  } catch (cause) {
    throw malformed('MAC', cause);
  }
  if (!valid) throw new IdentityError('wrong-password');
}

async function makeMac(content: Bytes, password: string): Promise<asn1js.Sequence> {
  const salt = randomBytes(16);
  const mac = await cryptoEngine().stampDataWithPassword({
    password: passwordBuffer(password),
    hashAlgorithm: 'SHA-256',
    salt: salt.buffer,
    iterationCount: MAC_ITERATIONS,
    contentToStamp: content.buffer,
  });
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.sha256 }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: mac })],
      }),
      new asn1js.OctetString({ valueHex: salt.buffer }),
      new asn1js.Integer({ value: MAC_ITERATIONS }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportedPkcs12 {
  /** Extractable, so that it can be wrapped by the vault once; drop it afterwards. */
  readonly privateKey: CryptoKey;
  /** The end-entity certificate (the one whose public key matches the private key), DER. */
  readonly certificate: Bytes;
  /** The other certificates in the file (issuers), DER, in file order. */
  readonly chain: Bytes[];
}

interface Bags {
  readonly keys: Bytes[];
  readonly certificates: Bytes[];
  /** SHA-1-ish ids that OpenSSL puts on a key and its certificate; a hint only, checked by key matching. */
  readonly keyIds: Map<Bytes, string>;
}

function localKeyIdOf(attributes: Node | undefined): string | null {
  if (attributes === undefined || !isUniversal(attributes, 17)) return null;
  for (const attribute of children(attributes, 'bag attributes')) {
    const [type, values] = sequence(attribute, 'bag attribute');
    if (oidOf(type, 'bag attribute') !== OID.localKeyId) continue;
    const [first] = children(values, 'localKeyId');
    return first === undefined ? null : Array.from(octetsOf(first, 'localKeyId')).join(',');
  }
  return null;
}

async function readSafeContents(bytes: Bytes, password: string, bags: Bags, depth: number): Promise<void> {
  if (depth > 4) throw malformed('nested SafeContents');
  for (const bag of sequence(parseDer(bytes, 'SafeContents'), 'SafeContents')) {
    const [bagId, bagValue, attributes] = sequence(bag, 'SafeBag');
    const id = oidOf(bagId, 'SafeBag');
    const value = explicit(bagValue, 0, 'SafeBag value');
    const keyId = localKeyIdOf(attributes);
    if (id === OID.shroudedKeyBag) {
      const [algorithm, encrypted] = sequence(value, 'EncryptedPrivateKeyInfo');
      const key = await pbes2Decrypt(algorithm, octetsOf(encrypted, 'encrypted key'), password, 'key bag');
      bags.keys.push(key);
      if (keyId !== null) bags.keyIds.set(key, keyId);
    } else if (id === OID.keyBag) {
      const key = der(value);
      bags.keys.push(key);
      if (keyId !== null) bags.keyIds.set(key, keyId);
    } else if (id === OID.certBag) {
      const [certType, certValue] = sequence(value, 'CertBag');
      // SDSI certificates and others are skipped: only X.509 can sign a PDF.
      if (oidOf(certType, 'CertBag') !== OID.x509Certificate) continue;
      const certificate = octetsOf(explicit(certValue, 0, 'CertBag value'), 'certificate');
      bags.certificates.push(certificate);
      if (keyId !== null) bags.keyIds.set(certificate, keyId);
    } else if (id === OID.safeContentsBag) {
      await readSafeContents(der(value), password, bags, depth + 1);
    }
    // CRL and secret bags carry nothing Attest uses.
  }
}

async function readContentInfo(info: Node, password: string, bags: Bags): Promise<void> {
  const [type, content] = sequence(info, 'ContentInfo');
  const id = oidOf(type, 'ContentInfo');
  if (id === OID.data) {
    await readSafeContents(octetsOf(explicit(content, 0, 'ContentInfo content'), 'data'), password, bags, 0);
  } else if (id === OID.encryptedData) {
    const [, encryptedContentInfo] = sequence(explicit(content, 0, 'EncryptedData'), 'EncryptedData');
    const [, algorithm, encrypted] = sequence(encryptedContentInfo, 'EncryptedContentInfo');
    if (encrypted === undefined) throw malformed('EncryptedContentInfo content');
    const plain = await pbes2Decrypt(algorithm, octetsOf(encrypted, 'encrypted content'), password, 'certificate bag');
    try {
      await readSafeContents(plain, password, bags, 0);
    } catch (cause) {
      // Decrypted without a padding error yet not DER: a wrong password in a file without a MAC.
      if (cause instanceof IdentityError && cause.code === 'malformed') throw new IdentityError('wrong-password', { cause });
      throw cause;
    }
  } else if (id === OID.envelopedData) {
    throw new IdentityError('unsupported', { detail: 'public-key privacy mode' });
  } else {
    throw malformed(`ContentInfo ${id}`);
  }
}

async function importPrivateKey(pkcs8: Bytes): Promise<CryptoKey> {
  let info: pkijs.PrivateKeyInfo;
  try {
    info = pkijs.PrivateKeyInfo.fromBER(new Uint8Array(pkcs8).buffer);
  } catch (cause) {
    throw new IdentityError('wrong-password', { cause, detail: 'PrivateKeyInfo' });
  }
  const algorithm = algorithmOfIdentifier(info.privateKeyAlgorithm);
  try {
    return await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
  } catch (cause) {
    throw new IdentityError('unsupported', { cause, detail: 'private key import' });
  }
}

/**
 * Opens a PKCS#12 file with its password: the private key (extractable, for wrapping), its
 * certificate and the other certificates. Throws `IdentityError`: `wrong-password`, `unsupported`
 * (legacy encryption, a key type other than EC P-256/384/521 or RSA), `no-key`, `no-certificate`
 * (none matches the key), `malformed`.
 */
export async function importPkcs12(bytes: Uint8Array, password: string): Promise<ImportedPkcs12> {
  if (bytes.length === 0 || bytes.length > MAX_PKCS12_BYTES) throw malformed('size');
  const pfx = sequence(parseDer(bytes, 'PFX'), 'PFX');
  const [version, authSafe, macData] = pfx;
  if (integerOf(version, 'PFX version') !== 3) throw new IdentityError('unsupported', { detail: 'PFX version' });
  const [authType, authContent] = sequence(authSafe, 'authSafe');
  if (oidOf(authType, 'authSafe') !== OID.data) throw new IdentityError('unsupported', { detail: 'public-key integrity mode' });
  const content = octetsOf(explicit(authContent, 0, 'authSafe content'), 'authSafe data');
  // The MAC first: it tells a wrong password apart before any decryption is attempted.
  if (macData !== undefined) await checkMac(macData, content, password);

  const bags: Bags = { keys: [], certificates: [], keyIds: new Map() };
  for (const info of sequence(parseDer(content, 'AuthenticatedSafe'), 'AuthenticatedSafe')) await readContentInfo(info, password, bags);
  if (bags.keys.length === 0) throw new IdentityError('no-key');
  if (bags.keys.length > 1) throw new IdentityError('unsupported', { detail: 'several keys' });
  const [pkcs8] = bags.keys;
  if (pkcs8 === undefined) throw new IdentityError('no-key');
  const privateKey = await importPrivateKey(pkcs8);

  let certificate: Bytes | undefined;
  for (const candidate of bags.certificates) {
    parseCertificate(candidate);
    let matches = false;
    try {
      matches = await matchesPrivateKey(privateKey, candidate);
    } catch (cause) {
      // A chain certificate of a key type Attest cannot use is still carried along.
      if (!(cause instanceof IdentityError)) throw cause;
    }
    if (matches) {
      certificate = candidate;
      break;
    }
  }
  if (certificate === undefined) throw new IdentityError('no-certificate');
  const chain = bags.certificates.filter((candidate) => candidate !== certificate);
  return { privateKey, certificate, chain };
}

// ---------------------------------------------------------------------------------------------
// Export

function localKeyIdAttributes(keyId: Bytes): asn1js.Set {
  return new asn1js.Set({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.localKeyId }), new asn1js.Set({ value: [new asn1js.OctetString({ valueHex: keyId.buffer })] })] })],
  });
}

function safeBag(bagId: string, value: asn1js.BaseBlock, attributes: asn1js.Set | null): asn1js.Sequence {
  const parts: asn1js.BaseBlock[] = [new asn1js.ObjectIdentifier({ value: bagId }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [value] })];
  if (attributes !== null) parts.push(attributes);
  return new asn1js.Sequence({ value: parts });
}

function certBag(certificate: Bytes, keyId: Bytes | null): asn1js.Sequence {
  const value = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.x509Certificate }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: new Uint8Array(certificate).buffer })] }),
    ],
  });
  return safeBag(OID.certBag, value, keyId === null ? null : localKeyIdAttributes(keyId));
}

function dataContentInfo(bytes: Bytes): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [new asn1js.ObjectIdentifier({ value: OID.data }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: bytes.buffer })] })],
  });
}

/**
 * A PKCS#12 file of `privateKey` (extractable) and `certificate` (DER), with `chain` (issuers) if
 * given, under `password`. Readable by `openssl pkcs12` (OpenSSL 3), Windows, macOS, NSS and
 * `importPkcs12`. Throws `key-mismatch` when the key is not the certificate's.
 */
export async function exportPkcs12(privateKey: CryptoKey, certificate: Uint8Array, password: string, chain: readonly Uint8Array[] = [], options: { readonly iterations?: number } = {}): Promise<Bytes> {
  const iterations = options.iterations ?? PKCS12_DEFAULT_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < PKCS12_MIN_ITERATIONS) throw new RangeError(`PKCS#12 export needs at least ${String(PKCS12_MIN_ITERATIONS)} PBKDF2 rounds.`);
  for (const extra of chain) parseCertificate(extra);
  if (!(await matchesPrivateKey(privateKey, certificate))) throw new IdentityError('key-mismatch');
  const subtle = globalThis.crypto.subtle;
  // The id that ties key and certificate together, as OpenSSL makes it: SHA-1 of the certificate.
  const keyId = new Uint8Array(await subtle.digest('SHA-1', new Uint8Array(certificate)));

  const certificates = new asn1js.Sequence({ value: [certBag(new Uint8Array(certificate), keyId), ...chain.map((extra) => certBag(new Uint8Array(extra), null))] });
  const encryptedCertificates = await pbes2Encrypt(der(certificates), password, iterations);
  const certificateInfo = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: OID.encryptedData }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 },
        value: [
          new asn1js.Sequence({
            value: [
              new asn1js.Integer({ value: 0 }),
              new asn1js.Sequence({
                value: [
                  new asn1js.ObjectIdentifier({ value: OID.data }),
                  encryptedCertificates.algorithm,
                  new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: encryptedCertificates.ciphertext.buffer }),
                ],
              }),
            ],
          }),
        ],
      }),
    ],
  });

  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', privateKey));
  const encryptedKey = await pbes2Encrypt(pkcs8, password, iterations);
  pkcs8.fill(0);
  const keyBag = safeBag(OID.shroudedKeyBag, new asn1js.Sequence({ value: [encryptedKey.algorithm, new asn1js.OctetString({ valueHex: encryptedKey.ciphertext.buffer })] }), localKeyIdAttributes(keyId));
  const keyInfo = dataContentInfo(der(new asn1js.Sequence({ value: [keyBag] })));

  const authenticatedSafe = der(new asn1js.Sequence({ value: [certificateInfo, keyInfo] }));
  const mac = await makeMac(authenticatedSafe, password);
  return der(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 3 }), dataContentInfo(authenticatedSafe), mac] }));
}
