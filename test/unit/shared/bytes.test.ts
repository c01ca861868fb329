/**
 * The one module of byte helpers (shared/bytes.ts), and the two folders that re-export it under
 * their own names: what callers rely on (lowercase hex, digests of views, constant results).
 */
import { describe, expect, it } from 'vitest';
import * as bytes from '../../../shared/bytes';
import * as signingBytes from '../../../shared/signing/bytes';
import * as encoding from '../../../shared/vault/encoding';

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('shared/bytes', () => {
  it('writes lowercase hex, two digits a byte, and reads PDF hex strings back', () => {
    expect(bytes.toHex(new Uint8Array([0x00, 0x0f, 0xab, 0xff]))).toBe('000fabff');
    expect(bytes.fromHex('00 0F\nab ff')).toEqual(new Uint8Array([0x00, 0x0f, 0xab, 0xff]));
    expect(bytes.fromHex('abc')).toEqual(new Uint8Array([0xab, 0xc0]));
    expect(bytes.fromHex('zz')).toBeNull();
  });

  it('hashes with SHA-256 (the FIPS 180 "abc" vector), the same for a view into a larger buffer and for parts', async () => {
    const abc = bytes.utf8('abc');
    expect(await bytes.sha256Hex(abc)).toBe(ABC_SHA256);
    expect(bytes.toHex(await bytes.sha256(abc))).toBe(ABC_SHA256);
    const framed = bytes.utf8('xxabcyy').subarray(2, 5);
    expect(await bytes.sha256Hex(framed)).toBe(ABC_SHA256);
    expect(bytes.toHex(await bytes.digest('SHA-256', [bytes.utf8('a'), bytes.utf8('bc')]))).toBe(ABC_SHA256);
    expect(framed.byteOffset).toBe(2);
  });

  it('concatenates, compares (equal content only) and orders bytes as DER SET OF does', () => {
    expect(bytes.concat([new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])])).toEqual(new Uint8Array([1, 2, 3]));
    expect(bytes.equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(bytes.equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(bytes.equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(bytes.compareBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBeLessThan(0);
    expect(bytes.compareBytes(new Uint8Array([2]), new Uint8Array([1, 9]))).toBeGreaterThan(0);
  });

  it('copies into an ArrayBuffer of its own, round-trips Base64 and text, and wipes', () => {
    const view = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    const copy = bytes.own(view);
    expect(copy.byteOffset).toBe(0);
    expect(copy.buffer.byteLength).toBe(2);
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(bytes.fromBase64(bytes.toBase64(all))).toEqual(all);
    expect(bytes.toBase64(bytes.utf8('déjà'))).toBe('ZMOpasOg');
    expect(bytes.latin1(bytes.ascii('%PDF-1.7'))).toBe('%PDF-1.7');
    bytes.wipe(copy);
    expect(copy).toEqual(new Uint8Array(2));
    expect(bytes.randomBytes(32)).toHaveLength(32);
  });

  it('is what shared/signing/bytes.ts and shared/vault/encoding.ts export under their names', () => {
    for (const name of ['ascii', 'compareBytes', 'concat', 'digest', 'equalBytes', 'fromHex', 'latin1', 'own', 'sha256', 'toHex'] as const) expect(signingBytes[name]).toBe(bytes[name]);
    for (const name of ['fromBase64', 'randomBytes', 'sha256Hex', 'toBase64', 'toHex', 'utf8', 'wipe'] as const) expect(encoding[name]).toBe(bytes[name]);
    expect(signingBytes.colonHex('ab01ff')).toBe('AB:01:FF');
  });
});
