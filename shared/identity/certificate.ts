/**
 * The clinician's signing key and X.509 certificate: a self-signed one made here, and what a
 * recipient (or the settings screen) needs to know about any certificate. PKI.js over WebCrypto
 * (`globalThis.crypto`), so it runs unchanged in the renderer, in Node tests and in the CLI.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { equalBytes, own, sha256, toHex, type Bytes } from '../bytes';
import { IdentityError } from './errors';
import { colonHex } from './pem';
import type { ClinicianProfile } from './profile';

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  givenName: '2.5.4.42',
  email: '1.2.840.113549.1.9.1',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
} as const;

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN',
  [OID.surname]: 'SN',
  [OID.serialNumber]: 'serialNumber',
  [OID.country]: 'C',
  [OID.locality]: 'L',
  [OID.state]: 'ST',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.title]: 'title',
  [OID.givenName]: 'GN',
  [OID.email]: 'emailAddress',
};

const CURVES: Readonly<Record<string, string>> = { [OID.p256]: 'P-256', [OID.p384]: 'P-384', [OID.p521]: 'P-521' };

/** A WebCrypto engine for PKI.js over the platform's `crypto`, never a global PKI.js setting. */
export function cryptoEngine(): pkijs.CryptoEngine {
  return new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });
}


/** Parses DER as a certificate; `malformed` when it is not one. */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  try {
    // A copy in its own ArrayBuffer: a view may share a larger buffer, and PKI.js reads whole buffers.
    return pkijs.Certificate.fromBER(own(der).buffer);
  } catch (cause) {
    throw new IdentityError('malformed', { cause, detail: 'certificate' });
  }
}

/** SHA-1, for key identifiers only (RFC 5280 §4.2.1.2 method 1): `shared/bytes.ts` offers SHA-2 alone. */
async function sha1(bytes: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', own(bytes)));
}

/** The key-usage bits digitalSignature (0), nonRepudiation (1) and keyCertSign (5): 1100 0100, 2 unused bits. */
const KEY_USAGE_BITS = new Uint8Array([0b1100_0100]);

/** Printable characters of X.520's PrintableString, the type of the `serialNumber` attribute. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]{1,64}$/u;

function attribute(type: string, value: asn1js.Utf8String | asn1js.PrintableString): asn1js.Set {
  return new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] });
}

/**
 * The subject of a self-signed certificate: CN = name, O = institution (when given), and the
 * registration number as `serialNumber` (X.520's attribute for a subject's identifier) when it is
 * plain enough for a PrintableString. The rest of the profile is on the signed reports, not here.
 * One attribute per RDN (PKI.js would put them all in one multi-valued RDN, which viewers show as
 * `CN=… + O=…`), so the encoding is built here and handed to PKI.js as parsed bytes.
 */
function subjectOf(profile: ClinicianProfile): pkijs.RelativeDistinguishedNames {
  const rdns = [attribute(OID.commonName, new asn1js.Utf8String({ value: profile.name.trim() }))];
  const institution = profile.institution.trim();
  if (institution !== '') rdns.push(attribute(OID.organization, new asn1js.Utf8String({ value: institution })));
  const registration = profile.registrationNumber.trim();
  if (PRINTABLE.test(registration)) rdns.push(attribute(OID.serialNumber, new asn1js.PrintableString({ value: registration })));
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false));
}

/** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function timeOf(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? pkijs.TimeType.UTCTime : pkijs.TimeType.GeneralizedTime, value: date });
}

/** A positive 16-byte serial number without a leading zero byte (RFC 5280: positive, at most 20 bytes). */
function randomSerial(): asn1js.Integer {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes.buffer });
}

export interface SelfSignedIdentity {
  /** Extractable, so that it can be wrapped by the vault once; drop it afterwards. */
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** The certificate, DER. */
  readonly certificate: Bytes;
}

/**
 * A new ECDSA P-256 key pair and a self-signed certificate (SHA-256) for `profile`: cA = true
 * (critical) so that a recipient can choose to trust it as an anchor (NSS, and so `pdfsig`, insists),
 * key usage digitalSignature + nonRepudiation + keyCertSign (critical), subject and authority key
 * identifiers, a random serial, valid from a minute before `now` (clock skew) for `validityYears`.
 */
export async function createSelfSignedIdentity(profile: ClinicianProfile, options: { readonly now: Date; readonly validityYears?: number }): Promise<SelfSignedIdentity> {
  const years = options.validityYears ?? 3;
  if (!Number.isInteger(years) || years < 1 || years > 30) throw new RangeError('validityYears must be a whole number from 1 to 30.');
  const subtle = globalThis.crypto.subtle;
  const engine = cryptoEngine();
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);

  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = randomSerial();
  const subject = subjectOf(profile);
  certificate.subject = subject;
  certificate.issuer = subjectOf(profile);
  const notBefore = new Date(options.now.getTime() - 60_000);
  const notAfter = new Date(notBefore.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + years);
  certificate.notBefore = timeOf(notBefore);
  certificate.notAfter = timeOf(notAfter);
  await certificate.subjectPublicKeyInfo.importKey(pair.publicKey, engine);

  // Key identifier, method 1 of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits.
  const keyId = await sha1(new Uint8Array(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView));
  const basicConstraints = new pkijs.BasicConstraints({ cA: true });
  const keyUsage = new asn1js.BitString({ valueHex: KEY_USAGE_BITS.buffer, unusedBits: 2 });
  const subjectKeyId = new asn1js.OctetString({ valueHex: keyId.buffer });
  const authorityKeyId = new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: keyId.buffer }) });
  certificate.extensions = [
    new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: basicConstraints.toSchema().toBER(false), parsedValue: basicConstraints }),
    new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: keyUsage.toBER(false), parsedValue: keyUsage }),
    new pkijs.Extension({ extnID: OID.subjectKeyIdentifier, critical: false, extnValue: subjectKeyId.toBER(false), parsedValue: subjectKeyId }),
    new pkijs.Extension({ extnID: OID.authorityKeyIdentifier, critical: false, extnValue: authorityKeyId.toSchema().toBER(false), parsedValue: authorityKeyId }),
  ];
  await certificate.sign(pair.privateKey, 'SHA-256', engine);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, certificate: new Uint8Array(certificate.toSchema(true).toBER(false)) };
}

/** What the WebCrypto signing algorithm of a certificate's key is, for importing or unwrapping its private key. */
export type SigningKeyAlgorithm = { readonly name: 'ECDSA'; readonly namedCurve: string } | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: 'SHA-256' };

/** The algorithm of the certificate's public key; `unsupported` for anything but EC (P-256/384/521) and RSA. */
export function signingAlgorithmOf(certificate: Uint8Array | pkijs.Certificate): SigningKeyAlgorithm {
  const parsed = certificate instanceof Uint8Array ? parseCertificate(certificate) : certificate;
  return algorithmOfSpki(parsed.subjectPublicKeyInfo);
}

/** The algorithm of a SubjectPublicKeyInfo or a PrivateKeyInfo's AlgorithmIdentifier. */
export function algorithmOfIdentifier(algorithm: pkijs.AlgorithmIdentifier): SigningKeyAlgorithm {
  if (algorithm.algorithmId === OID.rsaEncryption) return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (algorithm.algorithmId === OID.ecPublicKey) {
    const params: unknown = algorithm.algorithmParams;
    const curve = params instanceof asn1js.ObjectIdentifier ? CURVES[params.valueBlock.toString()] : undefined;
    if (curve !== undefined) return { name: 'ECDSA', namedCurve: curve };
    throw new IdentityError('unsupported', { detail: 'curve' });
  }
  throw new IdentityError('unsupported', { detail: `key ${algorithm.algorithmId}` });
}

function algorithmOfSpki(spki: pkijs.PublicKeyInfo): SigningKeyAlgorithm {
  return algorithmOfIdentifier(spki.algorithm);
}

/** The certificate's public key in WebCrypto, for `verify`. */
export async function publicKeyOf(certificate: Uint8Array): Promise<CryptoKey> {
  const parsed = parseCertificate(certificate);
  const algorithm = algorithmOfSpki(parsed.subjectPublicKeyInfo);
  const spki = parsed.subjectPublicKeyInfo.toSchema().toBER(false);
  return globalThis.crypto.subtle.importKey('spki', spki, algorithm, true, ['verify']);
}

/**
 * True when the (extractable) private key is the partner of the certificate's public key: same
 * curve point, or same RSA modulus and exponent. Compared on the JWK fields, so encodings differ freely.
 */
export async function matchesPrivateKey(privateKey: CryptoKey, certificate: Uint8Array): Promise<boolean> {
  if (!privateKey.extractable) throw new TypeError('matchesPrivateKey needs an extractable private key.');
  const subtle = globalThis.crypto.subtle;
  let publicJwk: JsonWebKey;
  try {
    publicJwk = await subtle.exportKey('jwk', await publicKeyOf(certificate));
  } catch (cause) {
    if (cause instanceof IdentityError) throw cause;
    throw new IdentityError('malformed', { cause, detail: 'public key' });
  }
  const privateJwk = await subtle.exportKey('jwk', privateKey);
  if (publicJwk.kty !== privateJwk.kty) return false;
  if (publicJwk.kty === 'EC') return publicJwk.crv === privateJwk.crv && publicJwk.x === privateJwk.x && publicJwk.y === privateJwk.y;
  return publicJwk.n === privateJwk.n && publicJwk.e === privateJwk.e;
}

export interface CertificateInfo {
  /** The subject as `CN=…, O=…` (RFC 4514 order reversed, as OpenSSL prints it: most general last). */
  readonly subject: string;
  readonly commonName: string | null;
  readonly issuer: string;
  /** The serial number, uppercase hex, as `openssl x509 -serial` prints it. */
  readonly serialHex: string;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly isCA: boolean;
  /** `ECDSA P-256` (P-384, P-521), `RSA`, or the algorithm's OID for anything else. */
  readonly keyAlgorithm: string;
  /** Size of an RSA modulus or an EC curve, in bits; null when unknown. */
  readonly keyBits: number | null;
  /** SHA-256 of the DER, `AB:CD:…`, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256: string;
  /** SHA-256 of the DER, lowercase hex without separators (the audit chain's form). */
  readonly sha256Hex: string;
  /** Issuer equals subject and the certificate's own key verifies its signature. */
  readonly selfSigned: boolean;
}

function valueText(value: pkijs.AttributeTypeAndValue['value']): string {
  const block: unknown = value;
  if (block instanceof asn1js.BaseStringBlock) return block.getValue();
  if (block instanceof asn1js.BaseBlock) return `#${toHex(new Uint8Array(block.toBER(false)))}`;
  return String(block);
}

function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues.map((entry) => `${ATTRIBUTE_NAMES[entry.type] ?? entry.type}=${valueText(entry.value)}`).join(', ');
}

/** Unsigned hex of a DER INTEGER's content (a leading 00 added only for the sign is dropped). */
function serialHexOf(serial: asn1js.Integer): string {
  let bytes = new Uint8Array(serial.valueBlock.valueHexView);
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return toHex(bytes).toUpperCase();
}

function keyDescription(spki: pkijs.PublicKeyInfo): { readonly keyAlgorithm: string; readonly keyBits: number | null } {
  try {
    const algorithm = algorithmOfSpki(spki);
    if (algorithm.name === 'ECDSA') return { keyAlgorithm: `ECDSA ${algorithm.namedCurve}`, keyBits: Number(algorithm.namedCurve.slice(2)) };
    const parsed: unknown = spki.parsedKey;
    const modulus = parsed instanceof pkijs.RSAPublicKey ? new Uint8Array(parsed.modulus.valueBlock.valueHexView) : null;
    if (modulus === null) return { keyAlgorithm: 'RSA', keyBits: null };
    let leading = 0;
    while (leading < modulus.length && modulus[leading] === 0) leading += 1;
    const first = modulus[leading] ?? 0;
    return { keyAlgorithm: 'RSA', keyBits: (modulus.length - leading - 1) * 8 + (first === 0 ? 0 : Math.floor(Math.log2(first)) + 1) };
  } catch {
    return { keyAlgorithm: spki.algorithm.algorithmId, keyBits: null };
  }
}

/** What a person needs to know about a certificate (DER) before handing it out or trusting it. */
export async function certificateInfo(der: Uint8Array): Promise<CertificateInfo> {
  const certificate = parseCertificate(der);
  const digest = await sha256(der);
  const constraints: unknown = certificate.extensions?.find((extension) => extension.extnID === OID.basicConstraints)?.parsedValue;
  const isCA = constraints instanceof pkijs.BasicConstraints && constraints.cA;
  const commonName = certificate.subject.typesAndValues.find((entry) => entry.type === OID.commonName);
  const sameName = equalBytes(new Uint8Array(certificate.subject.toSchema().toBER(false)), new Uint8Array(certificate.issuer.toSchema().toBER(false)));
  let selfSigned = false;
  if (sameName) {
    try {
      selfSigned = await certificate.verify(undefined, cryptoEngine());
    } catch {
      selfSigned = false;
    }
  }
  return {
    subject: nameText(certificate.subject),
    commonName: commonName === undefined ? null : valueText(commonName.value),
    issuer: nameText(certificate.issuer),
    serialHex: serialHexOf(certificate.serialNumber),
    notBefore: certificate.notBefore.value.toISOString(),
    notAfter: certificate.notAfter.value.toISOString(),
    isCA,
    ...keyDescription(certificate.subjectPublicKeyInfo),
    sha256: colonHex(digest),
    sha256Hex: toHex(digest),
    selfSigned,
  };
}
