import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { certificateFingerprint, signPdf, SigningError, verifyPdf, type SigningIdentity } from '../../../shared/signing';
import { extractSignature, hasCommand, makePdf, opensslPrint, opensslVerify, pdfsig, pdftotext, qpdfCheck, scratchDir } from './helpers';
import { makeIdentity, toPem, type TestIdentity } from './testIdentity';

const scratch = scratchDir('attest-sign-');
afterAll(() => { scratch.remove(); });

let plain: Uint8Array;
let alice: TestIdentity;
let bob: TestIdentity;
let signed: Uint8Array;
let cosigned: Uint8Array;
const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
  plain = await makePdf();
  alice = await makeIdentity({ commonName: 'Dr Alice Examiner' });
  bob = await makeIdentity({ commonName: 'Dr Bob Reviewer' });
  signed = await signPdf(plain, alice, {
    signingTime,
    name: 'Dr Alice Examiner',
    reason: 'Author of the medico-legal report',
    location: 'Genève',
    widget: { pageIndex: 0, rect: [50, 60, 300, 130] },
  });
  cosigned = await signPdf(signed, bob, { signingTime: new Date(signingTime.getTime() + 60_000), reason: 'Peer review' });
});

function byteRangeOf(pdf: Uint8Array, index: number): number[] {
  const source = new TextDecoder('latin1').decode(pdf);
  const all = [...source.matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/g)].map((m) => m.slice(1).map(Number));
  const range = all[index];
  if (!range) throw new Error(`no ByteRange #${index}`);
  return range;
}

describe('signPdf: one signature', () => {
  it('appends an incremental update and leaves every earlier byte as it was', () => {
    expect(signed.length).toBeGreaterThan(plain.length);
    expect(signed.subarray(0, plain.length)).toEqual(plain);
  });

  it('is valid for pdfsig, covers the whole document and names the signer', () => {
    const out = pdfsig(scratch.write('signed.pdf', signed));
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signer Certificate Common Name: Dr Alice Examiner');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Signature Field Name: Signature1');
  });

  it('carries a CMS that openssl verifies, with ESS signing-certificate-v2 and no signingTime attribute', () => {
    const { cms, content } = extractSignature(signed, byteRangeOf(signed, 0));
    const cmsPath = scratch.write('signed.p7s', cms);
    const result = opensslVerify(cmsPath, scratch.write('signed.content', content));
    expect(result.output).toContain('Verification successful');
    expect(result.status).toBe(0);
    const printed = opensslPrint(cmsPath);
    expect(printed).toMatch(/id-smime-aa-signingCertificateV2|signingCertificateV2/);
    expect(printed).toContain('messageDigest');
    expect(printed).toContain('contentType');
    expect(printed).not.toContain('signingTime');
  });

  it('is structurally sound for qpdf and keeps the page text', () => {
    const path = scratch.write('signed-check.pdf', signed);
    const check = qpdfCheck(path);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
    expect(pdftotext(path)).toContain('Istanbul Protocol medico-legal report');
  });

  it('writes the signature field, widget and AcroForm as the standard asks', () => {
    const source = new TextDecoder('latin1').decode(signed.subarray(plain.length));
    expect(source).toContain('/Filter /Adobe.PPKLite');
    expect(source).toContain('/SubFilter /ETSI.CAdES.detached');
    expect(source).toContain('/SigFlags 3');
    expect(source).toContain('/Rect [ 50 60 300 130 ]');
    expect(source).toMatch(/\/M \(D:\d{14}\+00'00'\)/);
  });

  it('is valid for verifyPdf, with signer, time, fingerprint and coverage', async () => {
    const result = await verifyPdf(signed);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(true);
    expect(result.wholeDocumentCovered).toBe(true);
    expect(result.signatures).toHaveLength(1);
    const [signature] = result.signatures;
    expect(signature).toMatchObject({
      fieldName: 'Signature1',
      subFilter: 'ETSI.CAdES.detached',
      signerName: 'Dr Alice Examiner',
      signingTime: signingTime.toISOString(),
      digestValid: true,
      signatureValid: true,
      coversWholeDocument: true,
      trusted: null,
      problems: [],
    });
    expect(signature?.signerCertificate).toEqual(alice.certificate);
    const fingerprint = await certificateFingerprint(alice.certificate);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fingerprint.replace(/:/g, '').toLowerCase()).toBe(signature?.certificateSha256);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(signed)));
    expect(result.sha256).toBe(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
  });

  it('signs with an RSA identity too', async () => {
    const rsa = await makeIdentity({ commonName: 'Institution RSA Signer', algorithm: 'RSA' });
    const pdf = await signPdf(plain, rsa, { signingTime });
    const out = pdfsig(scratch.write('rsa.pdf', pdf));
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Institution RSA Signer');
    const { cms, content } = extractSignature(pdf, byteRangeOf(pdf, 0));
    expect(opensslVerify(scratch.write('rsa.p7s', cms), scratch.write('rsa.content', content)).status).toBe(0);
    const result = await verifyPdf(pdf);
    expect(result.valid).toBe(true);
    expect(result.signatures[0]?.signerName).toBe('Institution RSA Signer');
  });

  it('includes the issuer chain, and a certificate issued by a CA verifies', async () => {
    const ca = await makeIdentity({ commonName: 'Test Institution CA' });
    const leaf = await makeIdentity({ commonName: 'Dr Carol Leaf', issuer: ca, ca: false });
    const pdf = await signPdf(plain, leaf, { signingTime });
    const result = await verifyPdf(pdf, { trusted: [ca.certificate] });
    expect(result.valid).toBe(true);
    expect(result.signatures[0]).toMatchObject({ signerName: 'Dr Carol Leaf', trusted: true, problems: [] });
    const printed = opensslPrint(scratch.write('chain.p7s', extractSignature(pdf, byteRangeOf(pdf, 0)).cms));
    expect(printed).toContain('Test Institution CA');
  });

  it('signs a file that does not end with a newline', async () => {
    const trimmed = plain.subarray(0, plain.length - 1);
    expect(trimmed.at(-1)).not.toBe(0x0a);
    const pdf = await signPdf(trimmed, alice, { signingTime });
    expect(pdf.subarray(0, trimmed.length)).toEqual(trimmed);
    expect(pdfsig(scratch.write('no-newline.pdf', pdf))).toContain('Signature is Valid.');
    expect((await verifyPdf(pdf)).valid).toBe(true);
  });

  it('signs a PDF saved with object streams, and names the field as asked', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Saved with object streams', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
    const compact = await doc.save({ useObjectStreams: true });
    const pdf = await signPdf(compact, alice, { signingTime, fieldName: 'ExaminerSignature', widget: { pageIndex: 0, rect: [10, 10, 200, 60] } });
    const path = scratch.write('objstm.pdf', pdf);
    expect(pdfsig(path)).toContain('Signature is Valid.');
    expect(qpdfCheck(path).status).toBe(0);
    const result = await verifyPdf(pdf);
    expect(result.valid).toBe(true);
    expect(result.signatures[0]?.fieldName).toBe('ExaminerSignature');
  });

  it('refuses a non-PDF, a duplicate field name, a missing page and a too small placeholder, with SigningError', async () => {
    await expect(signPdf(new TextEncoder().encode('hello'), alice, { signingTime })).rejects.toBeInstanceOf(SigningError);
    await expect(signPdf(signed, bob, { signingTime, fieldName: 'Signature1' })).rejects.toMatchObject({ code: 'field-exists' });
    await expect(signPdf(plain, alice, { signingTime, widget: { pageIndex: 3, rect: [0, 0, 10, 10] } })).rejects.toMatchObject({ code: 'bad-widget' });
    const ca = await makeIdentity({ commonName: 'CA' });
    const leaf = await makeIdentity({ commonName: 'Leaf', issuer: ca, ca: false, algorithm: 'RSA' });
    await expect(signPdf(plain, leaf, { signingTime, placeholderBytes: 1024 })).rejects.toMatchObject({ code: 'placeholder-too-small' });
  });
});

describe('signPdf: co-signature (peer review)', () => {
  it('keeps the first signature valid but no longer covering everything, and the second covering the whole', () => {
    expect(cosigned.subarray(0, signed.length)).toEqual(signed);
    const out = pdfsig(scratch.write('cosigned.pdf', cosigned));
    const [first = '', second = ''] = out.split(/Signature #2:/);
    expect(first).toContain('Signature #1:');
    expect(first).toContain('Signer Certificate Common Name: Dr Alice Examiner');
    expect(first).toContain('Not total document signed');
    expect(first).toContain('Signature Validation: Signature is Valid.');
    expect(second).toContain('Signature Field Name: Signature2');
    expect(second).toContain('Signer Certificate Common Name: Dr Bob Reviewer');
    expect(second).toContain('Total document signed');
    expect(second).not.toContain('Not total document signed');
    expect(second).toContain('Signature Validation: Signature is Valid.');
    expect(qpdfCheck(scratch.write('cosigned-check.pdf', cosigned)).status).toBe(0);
    for (const index of [0, 1]) {
      const { cms, content } = extractSignature(cosigned, byteRangeOf(cosigned, index));
      expect(opensslVerify(scratch.write(`co${index}.p7s`, cms), scratch.write(`co${index}.content`, content)).status).toBe(0);
    }
  });

  it('reports both signatures in file order, the whole document covered by the last', async () => {
    const result = await verifyPdf(cosigned);
    expect(result.valid).toBe(true);
    expect(result.wholeDocumentCovered).toBe(true);
    expect(result.signatures.map((s) => [s.fieldName, s.signerName, s.digestValid, s.signatureValid, s.coversWholeDocument])).toEqual([
      ['Signature1', 'Dr Alice Examiner', true, true, false],
      ['Signature2', 'Dr Bob Reviewer', true, true, true],
    ]);
    expect(result.signatures.every((s) => s.problems.length === 0)).toBe(true);
  });

  it('takes a third signature the same way', async () => {
    const carol = await makeIdentity({ commonName: 'Dr Carol Third', algorithm: 'RSA' });
    const third = await signPdf(cosigned, carol, { signingTime });
    const result = await verifyPdf(third);
    expect(result.valid).toBe(true);
    expect(result.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'Signature3']);
    expect((pdfsig(scratch.write('third.pdf', third)).match(/Signature is Valid\./g) ?? []).length).toBe(3);
  });
});

describe('verifyPdf: tampering', () => {
  it('catches one flipped byte inside the signed range (pdfsig: Digest Mismatch)', async () => {
    const tampered = signed.slice();
    const at = new TextDecoder('latin1').decode(tampered).indexOf('Istanbul Protocol');
    const index = at >= 0 ? at : 200;
    tampered[index] = (tampered[index] ?? 0) ^ 0x01;
    expect(pdfsig(scratch.write('flipped.pdf', tampered))).toContain('Digest Mismatch.');
    const result = await verifyPdf(tampered);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.digestValid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('digest-mismatch');
  });

  it('catches a flipped byte in the page content stream too (compressed data, not text)', async () => {
    const tampered = signed.slice();
    const source = new TextDecoder('latin1').decode(tampered);
    const stream = source.indexOf('stream\n', source.indexOf('/Length'));
    tampered[stream + 12] = (tampered[stream + 12] ?? 0) ^ 0x20;
    const result = await verifyPdf(tampered);
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.digestValid).toBe(false);
  });

  it('catches a changed signature value (bad signature, digest still right)', async () => {
    const tampered = signed.slice();
    const [, , gapEnd = 0] = byteRangeOf(signed, 0);
    const { cms } = extractSignature(signed, byteRangeOf(signed, 0));
    // The last bytes of the CMS are the signature value; change one hex digit there.
    const [, length = 0] = byteRangeOf(signed, 0);
    const at = length + 1 + cms.length * 2 - 4;
    tampered[at] = tampered[at] === 0x30 ? 0x31 : 0x30;
    expect(at).toBeLessThan(gapEnd);
    const result = await verifyPdf(tampered);
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.digestValid).toBe(true);
    expect(result.signatures[0]?.signatureValid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('bad-signature');
  });

  it('flags bytes appended after the last signature: each signature valid, the document not covered', async () => {
    const appended = new Uint8Array([...signed, ...new TextEncoder().encode('\n% appended after signing\n')]);
    const result = await verifyPdf(appended);
    expect(result.kind).toBe('signed');
    expect(result.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: false });
    expect(result.signatures[0]?.problems).toContain('not-whole-document');
    expect(result.wholeDocumentCovered).toBe(false);
    expect(result.valid).toBe(false);
    expect(pdfsig(scratch.write('appended.pdf', appended))).toContain('Not total document signed');
  });

  it('flags an incremental update that changes the page after signing', async () => {
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPage(0).drawText('No injuries found.', { x: 50, y: 500, font, size: 14 });
    const changed = await doc.commit({ useObjectStreams: false });
    const result = await verifyPdf(changed);
    expect(result.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: false });
    expect(result.valid).toBe(false);
  });
});

describe('verifyPdf: inputs that are not a good signed PDF never throw', () => {
  it('not a PDF', async () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('Report of John Smith'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])]) {
      const result = await verifyPdf(bytes);
      expect(result).toMatchObject({ kind: 'not-pdf', valid: false, signatures: [], wholeDocumentCovered: false });
    }
  });

  it('unsigned', async () => {
    expect(await verifyPdf(plain)).toMatchObject({ kind: 'unsigned', valid: false, signatures: [] });
  });

  it('garbage after the header, and a truncated unsigned PDF: unreadable', async () => {
    const garbage = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...crypto.getRandomValues(new Uint8Array(4000))]);
    expect((await verifyPdf(garbage)).kind).toBe('unreadable');
    expect((await verifyPdf(plain.subarray(0, Math.floor(plain.length / 2)))).kind).toBe('unreadable');
  });

  it('a truncated signed PDF: signed, with an invalid byte range', async () => {
    const cut = signed.subarray(0, signed.length - 300);
    const result = await verifyPdf(cut);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('byte-range-invalid');
    // Cut inside the signature's /Contents: the CMS cannot be read either.
    const [, length = 0] = byteRangeOf(signed, 0);
    const deep = await verifyPdf(signed.subarray(0, length + 500));
    expect(deep.kind).toBe('signed');
    expect(deep.valid).toBe(false);
  });

  it('a malformed /ByteRange', async () => {
    const source = new TextDecoder('latin1').decode(signed);
    const match = /\/ByteRange \[[^\]]*\]/.exec(source);
    if (!match) throw new Error('no ByteRange');
    const broken = signed.slice();
    broken.set(new TextEncoder().encode('/ByteRange [0 abc 12 x]'.padEnd(match[0].length, ' ')), match.index);
    const result = await verifyPdf(broken);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(false);
    expect(result.signatures[0]).toMatchObject({ byteRange: null, digestValid: false, signatureValid: false });
    expect(result.signatures[0]?.problems).toContain('byte-range-invalid');
    // The CMS still names who signed.
    expect(result.signatures[0]?.signerName).toBe('Dr Alice Examiner');

    const shifted = signed.slice();
    const [, length = 0, gapEnd = 0, tail = 0] = byteRangeOf(signed, 0);
    shifted.set(new TextEncoder().encode(`/ByteRange [0 ${length + 2} ${gapEnd} ${tail}]`.padEnd(match[0].length, ' ')), match.index);
    const shiftedResult = await verifyPdf(shifted);
    expect(shiftedResult.valid).toBe(false);
    expect(shiftedResult.signatures[0]?.problems).toContain('byte-range-invalid');
  });

  it('a /Contents that is not hex', async () => {
    const broken = signed.slice();
    const [, length = 0] = byteRangeOf(signed, 0);
    broken.set(new TextEncoder().encode('zz'), length + 1);
    const result = await verifyPdf(broken);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('cms-unreadable');
  });

  it('a /Contents that is hex but not a CMS', async () => {
    const broken = signed.slice();
    const [, length = 0] = byteRangeOf(signed, 0);
    broken.set(new TextEncoder().encode('0102030405'), length + 1);
    const result = await verifyPdf(broken);
    expect(result).toMatchObject({ kind: 'signed', valid: false });
    expect(result.signatures[0]?.problems).toContain('cms-unreadable');
  });

  it('a signed PDF whose structure no longer parses still has its signature found by scanning', async () => {
    const broken = signed.slice();
    const source = new TextDecoder('latin1').decode(broken);
    // Wreck the catalog and the trailers: the parser finds no document, the bytes still hold the signature.
    for (const word of ['/Catalog', '/Root', 'trailer', 'startxref', 'xref']) {
      for (let at = source.indexOf(word); at >= 0; at = source.indexOf(word, at + 1)) broken.set(new TextEncoder().encode('#'.repeat(word.length)), at);
    }
    const result = await verifyPdf(broken);
    expect(result.kind).toBe('signed');
    expect(result.valid).toBe(false);
    expect(result.signatures[0]?.signerName).toBe('Dr Alice Examiner');
    expect(result.signatures[0]?.digestValid).toBe(false);
  });
});

describe('verifyPdf: trust and certificate time', () => {
  it('is trusted when the signer certificate is an anchor, untrusted against another', async () => {
    const yes = await verifyPdf(signed, { trusted: [alice.certificate] });
    expect(yes.signatures[0]?.trusted).toBe(true);
    expect(yes.signatures[0]?.problems).toEqual([]);
    const no = await verifyPdf(signed, { trusted: [bob.certificate] });
    expect(no.signatures[0]?.trusted).toBe(false);
    expect(no.signatures[0]?.problems).toContain('untrusted');
    const both = await verifyPdf(cosigned, { trusted: [alice.certificate] });
    expect(both.signatures.map((s) => s.trusted)).toEqual([true, false]);
  });

  it('is not fooled by a certificate that only copies the anchor name', async () => {
    const realCa = await makeIdentity({ commonName: 'Same Name CA' });
    const fakeCa = await makeIdentity({ commonName: 'Same Name CA' });
    const leaf = await makeIdentity({ commonName: 'Dr Mallory', issuer: fakeCa, ca: false });
    const pdf = await signPdf(plain, leaf, { signingTime });
    const result = await verifyPdf(pdf, { trusted: [realCa.certificate] });
    expect(result.signatures[0]?.signatureValid).toBe(true);
    expect(result.signatures[0]?.trusted).toBe(false);
  });

  it('reports a certificate that had expired at the signing time', async () => {
    const old = await makeIdentity({ commonName: 'Dr Expired', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    const pdf = await signPdf(plain, old, { signingTime });
    const result = await verifyPdf(pdf);
    expect(result.signatures[0]?.problems).toContain('certificate-expired');
  });

  it('gives a signature from identities that differ in algorithm the same verdict shape', async () => {
    const identities: SigningIdentity[] = [alice, await makeIdentity({ algorithm: 'RSA' })];
    for (const identity of identities) {
      const result = await verifyPdf(await signPdf(plain, identity, { signingTime }));
      expect(result.valid).toBe(true);
    }
  });
});

describe('pdfsig with an NSS database that trusts the signer (optional: needs certutil from libnss3-tools)', () => {
  it.skipIf(!hasCommand('certutil'))('says the certificate is trusted', () => {
    const nss = scratchDir('attest-nss-');
    try {
      const db = `sql:${nss.dir}`;
      execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
      execFileSync('certutil', ['-A', '-d', db, '-n', 'alice', '-t', 'CT,C,C', '-i', nss.write('alice.pem', toPem(alice.certificate))]);
      const out = pdfsig(scratch.write('nss.pdf', signed), ['-nssdir', db]);
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Certificate Validation: Certificate is Trusted.');
    } finally {
      nss.remove();
    }
  });
});
