/**
 * The algorithms a PAdES signature may use here, between their ASN.1 object identifiers and WebCrypto.
 * ECDSA signatures travel in CMS and X.509 as DER `SEQUENCE { r INTEGER, s INTEGER }`; WebCrypto signs
 * and verifies the raw `r || s` form, so both conversions live here.
 */
import * as asn1js from 'asn1js';
import type * as pkijs from 'pkijs';
import { own, type Bytes } from './bytes';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  commonName: '2.5.4.3',
  ecPublicKey: '1.2.840.10045.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
} as const;

const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

export const HASH_OID: Readonly<Record<HashName, string>> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

const ECDSA_BY_OID: Readonly<Record<string, HashName>> = {
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

const RSA_BY_OID: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

const CURVE_BY_OID: Readonly<Record<string, { name: 'P-256' | 'P-384' | 'P-521'; size: number }>> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

export function hashByOid(oid: string): HashName | null {
  return HASH_BY_OID[oid] ?? null;
}

/** The signature algorithm identifier a CMS SignerInfo carries for a key of this kind. */
export function signatureAlgorithmOid(key: CryptoKey): string {
  if (key.algorithm.name === 'ECDSA') return '1.2.840.10045.4.3.2';
  if (key.algorithm.name === 'RSASSA-PKCS1-v1_5') return '1.2.840.113549.1.1.11';
  throw new Error(`Signing keys must be ECDSA or RSASSA-PKCS1-v1_5, not ${key.algorithm.name}.`);
}

/** Signs with SHA-256, returning the signature in its CMS (DER for ECDSA) form. */
export async function signForCms(key: CryptoKey, data: Uint8Array): Promise<Bytes> {
  if (key.algorithm.name === 'ECDSA') {
    const raw = new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, own(data)));
    return ecdsaRawToDer(raw);
  }
  if (key.algorithm.name === 'RSASSA-PKCS1-v1_5') {
    return new Uint8Array(await globalThis.crypto.subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, key, own(data)));
  }
  throw new Error(`Signing keys must be ECDSA or RSASSA-PKCS1-v1_5, not ${key.algorithm.name}.`);
}

function unsignedInteger(bytes: Uint8Array): Bytes {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  // DER INTEGERs are signed: a leading 1 bit needs a zero byte in front.
  return (trimmed[0] ?? 0) & 0x80 ? own(new Uint8Array([0, ...trimmed])) : own(trimmed);
}

export function ecdsaRawToDer(raw: Uint8Array): Bytes {
  const half = raw.length / 2;
  const sequence = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ valueHex: unsignedInteger(raw.subarray(0, half)) }),
      new asn1js.Integer({ valueHex: unsignedInteger(raw.subarray(half)) }),
    ],
  });
  return new Uint8Array(sequence.toBER(false));
}

/** DER (r, s) to WebCrypto's fixed-width r || s; null when the bytes are not such a pair. */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Bytes | null {
  const parsed = asn1js.fromBER(own(der));
  if (parsed.offset === -1 || parsed.offset !== der.byteLength) return null;
  const sequence = parsed.result;
  if (!(sequence instanceof asn1js.Sequence) || sequence.valueBlock.value.length !== 2) return null;
  const out = new Uint8Array(size * 2);
  for (const [index, element] of sequence.valueBlock.value.entries()) {
    if (!(element instanceof asn1js.Integer)) return null;
    let value = element.valueBlock.valueHexView;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return null;
    out.set(value, index * size + (size - value.length));
  }
  return out;
}

/**
 * Verifies `signature` over `data` with the public key in `spki`, for a signature algorithm given by
 * its OID (`rsaEncryption` and `id-ecPublicKey` as CMS allows, with `hash` from the digest algorithm).
 * Returns 'unsupported' for algorithms this code does not verify (RSA-PSS, Ed25519, DSA).
 */
export async function verifyWithPublicKey(
  spki: pkijs.PublicKeyInfo,
  algorithmOid: string,
  hash: HashName,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean | 'unsupported'> {
  const keyOid = spki.algorithm.algorithmId;
  const spkiDer = new Uint8Array(spki.toSchema().toBER(false));
  try {
    if (keyOid === OID.ecPublicKey) {
      const hashForAlgorithm = algorithmOid === OID.ecPublicKey ? hash : ECDSA_BY_OID[algorithmOid];
      const params = spki.algorithm.algorithmParams as unknown;
      const curveOid = params instanceof asn1js.ObjectIdentifier ? params.valueBlock.toString() : '';
      const curve = CURVE_BY_OID[curveOid];
      if (!hashForAlgorithm || !curve) return 'unsupported';
      const key = await globalThis.crypto.subtle.importKey('spki', spkiDer, { name: 'ECDSA', namedCurve: curve.name }, false, ['verify']);
      const raw = ecdsaDerToRaw(signature, curve.size);
      if (!raw) return false;
      return await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: hashForAlgorithm }, key, raw, own(data));
    }
    if (keyOid === OID.rsaEncryption) {
      const hashForAlgorithm = algorithmOid === OID.rsaEncryption ? hash : RSA_BY_OID[algorithmOid];
      if (!hashForAlgorithm) return 'unsupported';
      const key = await globalThis.crypto.subtle.importKey('spki', spkiDer, { name: 'RSASSA-PKCS1-v1_5', hash: hashForAlgorithm }, false, ['verify']);
      return await globalThis.crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, own(signature), own(data));
    }
  } catch {
    // A key WebCrypto refuses to import (malformed, odd size) cannot have made a valid signature.
    return false;
  }
  return 'unsupported';
}

/** The hash a certificate's own signature algorithm uses, for algorithms verifyWithPublicKey handles. */
export function hashOfSignatureAlgorithm(oid: string): HashName | null {
  return ECDSA_BY_OID[oid] ?? RSA_BY_OID[oid] ?? null;
}
