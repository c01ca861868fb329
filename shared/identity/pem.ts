/** PEM armour (RFC 7468) and the colon-hex form of fingerprints. */
import { fromBase64, toBase64, type Bytes } from '../bytes';
import { IdentityError } from './errors';

/** DER bytes as a PEM block, lines of 64 characters, ending with a newline. */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = toBase64(der);
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * The bytes of the first PEM block in `text`, whatever its label (text around it is ignored, as
 * OpenSSL does). Throws `IdentityError` `no-pem` when there is none or its Base64 is broken.
 */
export function fromPem(text: string): Bytes {
  const match = /-----BEGIN ([A-Z0-9 ]{1,64})-----([\s\S]*?)-----END \1-----/u.exec(text);
  if (match === null) throw new IdentityError('no-pem');
  const body = (match[2] ?? '').replace(/\s+/gu, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/u.test(body) || body.length % 4 !== 0) throw new IdentityError('no-pem', { detail: 'base64' });
  return fromBase64(body);
}

/** `AB:CD:…`, the way `openssl x509 -fingerprint` and most viewers show a digest. */
export function colonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}
