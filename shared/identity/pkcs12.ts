/**
 * PKCS#12 (RFC 7292) files: import the key and certificate an institution issued (`.p12`/`.pfx`),
 * and export the clinician's own for another program. The structures, the MAC (its own KDF over a
 * UTF-16 password) and PBES2 are PKI.js's (`PFX`, `AuthenticatedSafe`, `SafeContents`, `SafeBag`,
 * `PKCS8ShroudedKeyBag`, `CertBag`); what PKI.js leaves to its caller is decided here:
 *
 * - a MAC is required, and checked before anything inside the file is decrypted or trusted (PKI.js
 *   would also accept a file signed by any key it carries: public-key integrity mode is refused);
 * - only what OpenSSL 3 writes by default is decrypted: PBES2 with PBKDF2 (HMAC-SHA-1/256/384/512)
 *   and AES-128/192/256-CBC, MAC over SHA-1/256/384/512. The legacy algorithms (RC2, 3DES, the
 *   PKCS#12 SHA-1 PBEs: `openssl pkcs12 -legacy`, Windows before 2019) are `unsupported`, after the
 *   MAC has told a wrong password apart. Checked before PKI.js is asked to decrypt;
 * - iteration counts are bounded, so that a hostile file cannot keep the app busy for hours (PKI.js
 *   runs whatever count the file names; the MAC's KDF runs in JavaScript, on the calling thread).
 *
 * Written: the layout of `openssl pkcs12 -export` — certificates in an encrypted SafeContents, the
 * key in a shrouded key bag, both under PBES2 AES-256-CBC + PBKDF2-HMAC-SHA-256 — with a SHA-256 MAC.
 * PBKDF2 runs 600,000 rounds by default (the vault's own figure; the file leaves the machine, so it
 * gets the same protection as the vault); OpenSSL's default is only 2,048. The MAC keeps OpenSSL's
 * 2,048 rounds: it guards integrity, not secrecy, and its KDF runs in JavaScript.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { own, utf8, type Bytes } from '../bytes';
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
const MAC_DIGEST: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

/** Default PBKDF2 rounds of `exportPkcs12`; the lowest accepted is OpenSSL's default, 2,048. */
export const PKCS12_DEFAULT_ITERATIONS = 600_000;
export const PKCS12_MIN_ITERATIONS = 2_048;
const MAC_ITERATIONS = 2_048;
/** Highest counts read: PBKDF2 is native and asynchronous (10M: seconds); the MAC KDF blocks (1M: about 2 s). */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const MAX_MAC_ITERATIONS = 1_000_000;
/** Nested SafeContents bags deeper than this are refused. */
const MAX_NESTING = 4;
export { MAX_PKCS12_BYTES };

function malformed(what: string, cause?: unknown): IdentityError {
  return new IdentityError('malformed', cause === undefined ? { detail: what } : { cause, detail: what });
}

function unsupported(what: string): IdentityError {
  return new IdentityError('unsupported', { detail: what });
}

/** Runs a PKI.js parse step: any failure of its own is `malformed`, naming the structure only. */
async function parsing<T>(what: string, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (cause) {
    if (cause instanceof IdentityError) throw cause;
    throw malformed(what, cause);
  }
}

/** A password as PKI.js takes it: UTF-8 bytes (PBES2 uses them as they are, the MAC KDF as UTF-16, as OpenSSL 3 does). */
function passwordBuffer(password: string): ArrayBuffer {
  return own(utf8(password)).buffer;
}

function isSafeCount(count: number | undefined, max: number): count is number {
  return count !== undefined && Number.isSafeInteger(count) && count >= 1 && count <= max;
}

/** The MAC must be there, of an allowed digest, with a bounded count: checked before PKI.js computes it. */
function checkMacData(macData: pkijs.MacData | undefined): void {
  if (macData === undefined) throw unsupported('no MAC');
  const algorithm = macData.mac.digestAlgorithm.algorithmId;
  if (algorithm === OID.pbmac1) throw unsupported('PBMAC1');
  if (MAC_DIGEST[algorithm] === undefined) throw unsupported(`MAC ${algorithm}`);
  if (!isSafeCount(macData.iterations ?? 1, MAX_MAC_ITERATIONS)) throw malformed('MAC iterations');
}

/** PBES2 with PBKDF2 and AES-CBC, a 16-byte IV and a bounded count; `unsupported` for any other scheme. */
async function checkPbes2(algorithm: pkijs.AlgorithmIdentifier, what: string): Promise<void> {
  if (algorithm.algorithmId !== OID.pbes2) throw unsupported(`encryption ${algorithm.algorithmId}`);
  const pbes2 = await parsing(`${what} PBES2`, () => new pkijs.PBES2Params({ schema: algorithm.algorithmParams }));
  const kdfId = pbes2.keyDerivationFunc.algorithmId;
  if (kdfId !== OID.pbkdf2) throw unsupported(`KDF ${kdfId}`);
  const pbkdf2 = await parsing(`${what} PBKDF2`, () => new pkijs.PBKDF2Params({ schema: pbes2.keyDerivationFunc.algorithmParams }));
  if (!(pbkdf2.salt instanceof asn1js.OctetString)) throw unsupported('PBKDF2 salt source');
  if (pbkdf2.prf !== undefined && PRF_HASH[pbkdf2.prf.algorithmId] === undefined) throw unsupported(`PRF ${pbkdf2.prf.algorithmId}`);
  const cipherId = pbes2.encryptionScheme.algorithmId;
  if (AES_CBC[cipherId] === undefined) throw unsupported(`cipher ${cipherId}`);
  const iv: unknown = pbes2.encryptionScheme.algorithmParams;
  if (!(iv instanceof asn1js.OctetString) || iv.valueBlock.valueHexView.length !== 16) throw malformed(`${what} IV`);
  if (!isSafeCount(pbkdf2.iterationCount, MAX_PBKDF2_ITERATIONS)) throw malformed(`${what} iterations`);
}

/** A failed decryption: bad padding (WebCrypto's OperationError) is a wrong password, anything else a damaged file. */
function decryptionError(cause: unknown, what: string): IdentityError {
  if (cause instanceof IdentityError) return cause;
  const name = typeof cause === 'object' && cause !== null && 'name' in cause ? cause.name : null;
  return name === 'OperationError' ? new IdentityError('wrong-password', { cause, detail: what }) : malformed(what, cause);
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
  /** PKCS#8, decrypted. */
  readonly keys: Bytes[];
  /** DER, exactly as in the file. */
  readonly certificates: Bytes[];
}

/** The SafeContents PKI.js decrypted and parsed, checked for shape (its typings say `any`). */
function safeContentsOf(authenticatedSafe: pkijs.AuthenticatedSafe): pkijs.SafeContents[] {
  const parsed: unknown = authenticatedSafe.parsedValue;
  const list: unknown = typeof parsed === 'object' && parsed !== null && 'safeContents' in parsed ? parsed.safeContents : null;
  if (!Array.isArray(list)) throw malformed('AuthenticatedSafe');
  return list.map((entry: unknown) => {
    const value: unknown = typeof entry === 'object' && entry !== null && 'value' in entry ? entry.value : null;
    if (!(value instanceof pkijs.SafeContents)) throw malformed('SafeContents');
    return value;
  });
}

async function readSafeContents(contents: pkijs.SafeContents, password: ArrayBuffer, bags: Bags, depth: number): Promise<void> {
  if (depth > MAX_NESTING) throw malformed('nested SafeContents');
  for (const bag of contents.safeBags) {
    const value: unknown = bag.bagValue;
    if (bag.bagId === OID.shroudedKeyBag && value instanceof pkijs.PKCS8ShroudedKeyBag) {
      await checkPbes2(value.encryptionAlgorithm, 'key bag');
      // What PKCS8ShroudedKeyBag.parseInternalValues does (protected in PKI.js's typings), keeping the PKCS#8 bytes.
      const encrypted = new pkijs.EncryptedData({ encryptedContentInfo: new pkijs.EncryptedContentInfo({ contentEncryptionAlgorithm: value.encryptionAlgorithm, encryptedContent: value.encryptedData }) });
      try {
        bags.keys.push(new Uint8Array(await encrypted.decrypt({ password }, cryptoEngine())));
      } catch (cause) {
        throw decryptionError(cause, 'key bag');
      }
    } else if (bag.bagId === OID.keyBag && value instanceof pkijs.PrivateKeyInfo) {
      bags.keys.push(new Uint8Array(value.toSchema().toBER(false)));
    } else if (bag.bagId === OID.certBag && value instanceof pkijs.CertBag) {
      // Attribute certificates and others are skipped: only X.509 can sign a PDF.
      if (value.certId !== OID.x509Certificate) continue;
      const octets: unknown = value.certValue;
      if (!(octets instanceof asn1js.OctetString)) throw malformed('CertBag value');
      bags.certificates.push(new Uint8Array(octets.getValue()));
    } else if (bag.bagId === OID.safeContentsBag && value instanceof pkijs.SafeContents) {
      await readSafeContents(value, password, bags, depth + 1);
    }
    // CRL and secret bags carry nothing Attest uses.
  }
}

async function importPrivateKey(pkcs8: Bytes): Promise<CryptoKey> {
  let info: pkijs.PrivateKeyInfo;
  try {
    info = pkijs.PrivateKeyInfo.fromBER(pkcs8.buffer);
  } catch (cause) {
    // Decrypted without a padding error yet not a key: a key bag under another password than the MAC.
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
 * (legacy encryption, no MAC, a key type other than EC P-256/384/521 or RSA), `no-key`,
 * `no-certificate` (none matches the key), `malformed`.
 */
export async function importPkcs12(bytes: Uint8Array, password: string): Promise<ImportedPkcs12> {
  if (bytes.length === 0 || bytes.length > MAX_PKCS12_BYTES) throw malformed('size');
  const pfx = await parsing('PFX', () => pkijs.PFX.fromBER(own(bytes).buffer));
  if (pfx.version !== 3) throw unsupported('PFX version');
  if (pfx.authSafe.contentType !== OID.data) throw unsupported('public-key integrity mode');
  checkMacData(pfx.macData);
  const engine = cryptoEngine();
  const secret = passwordBuffer(password);
  // PKI.js throws the same plain Error for a damaged structure and for a MAC that does not verify:
  // the structure is parsed first (a failure: malformed), then the MAC is checked over the same
  // bytes (a failure: the password is wrong). Nothing is decrypted before the MAC has verified.
  await parsing('AuthenticatedSafe', () => pfx.parseInternalValues({ password: secret, checkIntegrity: false }, engine));
  try {
    await pfx.parseInternalValues({ password: secret, checkIntegrity: true }, engine);
  } catch (cause) {
    throw new IdentityError('wrong-password', { cause });
  }
  const authenticatedSafe = pfx.parsedValue?.authenticatedSafe;
  if (authenticatedSafe === undefined) throw malformed('AuthenticatedSafe');

  for (const info of authenticatedSafe.safeContents) {
    if (info.contentType === OID.encryptedData) {
      // A copy: PKI.js's parsers rewrite the tags of the asn1js tree they read, which it reads again below.
      const content: unknown = info.content;
      if (!(content instanceof asn1js.BaseBlock)) throw malformed('EncryptedData');
      const encrypted = await parsing('EncryptedData', () => pkijs.EncryptedData.fromBER(content.toBER(false)));
      await checkPbes2(encrypted.encryptedContentInfo.contentEncryptionAlgorithm, 'certificate bag');
    } else if (info.contentType === OID.envelopedData) {
      throw unsupported('public-key privacy mode');
    } else if (info.contentType !== OID.data) {
      throw malformed(`ContentInfo ${info.contentType}`);
    }
  }
  try {
    await authenticatedSafe.parseInternalValues({ safeContents: authenticatedSafe.safeContents.map(() => ({ password: secret })) }, engine);
  } catch (cause) {
    throw decryptionError(cause, 'SafeContents');
  }

  const bags: Bags = { keys: [], certificates: [] };
  for (const contents of safeContentsOf(authenticatedSafe)) await readSafeContents(contents, secret, bags, 0);
  if (bags.keys.length === 0) throw new IdentityError('no-key');
  if (bags.keys.length > 1) throw unsupported('several keys');
  const [pkcs8] = bags.keys;
  if (pkcs8 === undefined) throw new IdentityError('no-key');
  const privateKey = await importPrivateKey(pkcs8);
  pkcs8.fill(0);

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

// PKI.js's type asks for an IV here that it never reads: it draws a fresh random one per encryption.
const AES_256_CBC = { name: 'AES-CBC', length: 256 } as pkijs.ContentEncryptionAlgorithm;

/** PBES2 parameters for PKI.js: AES-256-CBC, PBKDF2-HMAC-SHA-256 (a fresh object each time: PKI.js writes into it). */
function pbes2Parameters(password: ArrayBuffer, iterations: number): { password: ArrayBuffer; contentEncryptionAlgorithm: pkijs.ContentEncryptionAlgorithm; hmacHashAlgorithm: string; iterationCount: number } {
  return { password, contentEncryptionAlgorithm: AES_256_CBC, hmacHashAlgorithm: 'SHA-256', iterationCount: iterations };
}

function localKeyId(keyId: Bytes): pkijs.Attribute[] {
  return [new pkijs.Attribute({ type: OID.localKeyId, values: [new asn1js.OctetString({ valueHex: keyId })] })];
}

/** A certificate bag of the DER as given (not re-encoded by PKI.js). */
function certBag(certificate: Uint8Array, keyId: Bytes | null): pkijs.SafeBag {
  const bagValue = new pkijs.CertBag({ certId: OID.x509Certificate, certValue: new asn1js.OctetString({ valueHex: own(certificate) }) });
  return new pkijs.SafeBag({ bagId: OID.certBag, bagValue, ...(keyId === null ? {} : { bagAttributes: localKeyId(keyId) }) });
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
  const engine = cryptoEngine();
  const secret = passwordBuffer(password);
  // The id that ties key and certificate together, as OpenSSL makes it: SHA-1 of the certificate.
  const keyId = new Uint8Array(await subtle.digest('SHA-1', own(certificate)));

  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', privateKey));
  const shrouded = new pkijs.PKCS8ShroudedKeyBag({ parsedValue: pkijs.PrivateKeyInfo.fromBER(pkcs8.buffer) });
  await shrouded.makeInternalValues(pbes2Parameters(secret, iterations), engine);
  pkcs8.fill(0);

  const authenticatedSafe = new pkijs.AuthenticatedSafe({
    parsedValue: {
      safeContents: [
        { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: [certBag(certificate, keyId), ...chain.map((extra) => certBag(extra, null))] }) },
        { privacyMode: 0, value: new pkijs.SafeContents({ safeBags: [new pkijs.SafeBag({ bagId: OID.shroudedKeyBag, bagValue: shrouded, bagAttributes: localKeyId(keyId) })] }) },
      ],
    },
  });
  await authenticatedSafe.makeInternalValues({ safeContents: [pbes2Parameters(secret, iterations), {}] }, engine);
  const pfx = new pkijs.PFX({ parsedValue: { integrityMode: 0, authenticatedSafe } });
  await pfx.makeInternalValues({ password: secret, iterations: MAC_ITERATIONS, pbkdf2HashAlgorithm: { name: 'SHA-256' }, hmacHashAlgorithm: 'SHA-256' }, engine);
  return new Uint8Array(pfx.toSchema().toBER(false));
}
