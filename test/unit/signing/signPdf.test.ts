import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import { certificateFingerprint, describeChange, signPdf, SigningError, verifyPdf, type SigningIdentity } from '../../../shared/signing';
import { extractSignature, hasCommand, makePdf, makePreparedPdf, opensslPrint, opensslVerify, pdfsig, pdftotext, qpdfCheck, scratchDir } from './helpers';
import { makeIdentity, toPem, type TestIdentity } from './testIdentity';

const scratch = scratchDir('attest-sign-');
afterAll(() => { scratch.remove(); });

let plain: Uint8Array;
let alice: TestIdentity;
let bob: TestIdentity;
let signed: Uint8Array;
let cosigned: Uint8Array;
let trustAll: { trust: { certificates: Uint8Array[] } };
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
  trustAll = { trust: { certificates: [alice.certificate, bob.certificate] } };
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

  it('is intact for verifyPdf, with signer, time, fingerprint and coverage; VALID once the signer is trusted', async () => {
    const result = await verifyPdf(signed, trustAll);
    expect(result.kind).toBe('signed');
    expect(result.verdict).toBe('valid');
    expect(result.changes).toEqual([]);
    expect(result.signatures).toHaveLength(1);
    const [signature] = result.signatures;
    expect(signature).toMatchObject({
      index: 1,
      fieldName: 'Signature1',
      kind: 'approval',
      subFilter: 'ETSI.CAdES.detached',
      signerName: 'Dr Alice Examiner',
      signingTime: signingTime.toISOString(),
      timeSource: 'claimed',
      digestValid: true,
      signatureValid: true,
      coversWholeDocument: true,
      present: true,
      revision: 2,
      problems: [],
    });
    expect(signature?.trust).toMatchObject({ status: 'trusted', via: 'pinned', problems: [] });
    expect(signature?.signerCertificate).toEqual(alice.certificate);
    const fingerprint = await certificateFingerprint(alice.certificate);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(signature?.fingerprint).toBe(fingerprint);
    expect(fingerprint.replace(/:/g, '').toLowerCase()).toBe(signature?.certificateSha256);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(signed)));
    expect(result.sha256).toBe(Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''));
    // Without trust given, nobody is trusted: intact, but SIGNER NOT TRUSTED.
    expect((await verifyPdf(signed)).verdict).toBe('signer-not-trusted');
  });

  it('signs with an RSA identity too', async () => {
    const rsa = await makeIdentity({ commonName: 'Institution RSA Signer', algorithm: 'RSA' });
    const pdf = await signPdf(plain, rsa, { signingTime });
    const out = pdfsig(scratch.write('rsa.pdf', pdf));
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Institution RSA Signer');
    const { cms, content } = extractSignature(pdf, byteRangeOf(pdf, 0));
    expect(opensslVerify(scratch.write('rsa.p7s', cms), scratch.write('rsa.content', content)).status).toBe(0);
    const result = await verifyPdf(pdf, { trust: { certificates: [rsa.certificate] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures[0]?.signerName).toBe('Institution RSA Signer');
  });

  it('includes the issuer chain, and a certificate issued by a trusted CA is trusted through it', async () => {
    const ca = await makeIdentity({ commonName: 'Test Institution CA', keyUsage: ['keyCertSign', 'cRLSign'] });
    const leaf = await makeIdentity({ commonName: 'Dr Carol Leaf', issuer: ca, ca: false });
    const pdf = await signPdf(plain, leaf, { signingTime });
    const result = await verifyPdf(pdf, { trust: { certificates: [ca.certificate] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures[0]).toMatchObject({ signerName: 'Dr Carol Leaf', problems: [] });
    expect(result.signatures[0]?.trust).toMatchObject({ status: 'trusted', via: 'ca', anchor: await certificateFingerprint(ca.certificate) });
    const printed = opensslPrint(scratch.write('chain.p7s', extractSignature(pdf, byteRangeOf(pdf, 0)).cms));
    expect(printed).toContain('Test Institution CA');
  });

  it('signs a file that does not end with a newline', async () => {
    const trimmed = plain;
    expect(trimmed.at(-1)).not.toBe(0x0a);
    const pdf = await signPdf(trimmed, alice, { signingTime });
    expect(pdf.subarray(0, trimmed.length)).toEqual(trimmed);
    expect(pdfsig(scratch.write('no-newline.pdf', pdf))).toContain('Signature is Valid.');
    expect((await verifyPdf(pdf, trustAll)).verdict).toBe('valid');
  });

  it('signs a PDF saved with object streams', async () => {
    const doc = await PDFDocument.create();
    doc.addPage().drawText('Saved with object streams', { x: 50, y: 700, font: await doc.embedFont(StandardFonts.Helvetica) });
    const compact = await doc.save({ useObjectStreams: true });
    const pdf = await signPdf(compact, alice, { signingTime, widget: { pageIndex: 0, rect: [10, 10, 200, 60] } });
    const path = scratch.write('objstm.pdf', pdf);
    expect(pdfsig(path)).toContain('Signature is Valid.');
    expect(qpdfCheck(path).status).toBe(0);
    const result = await verifyPdf(pdf, trustAll);
    expect(result.verdict).toBe('valid');
    expect(result.signatures[0]?.fieldName).toBe('Signature1');
  });

  it('refuses a non-PDF, junk behind a PDF header, an unknown or signed field, a missing page and a too small placeholder, with SigningError', async () => {
    await expect(signPdf(new TextEncoder().encode('hello'), alice, { signingTime })).rejects.toBeInstanceOf(SigningError);
    const junk = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...crypto.getRandomValues(new Uint8Array(20000))]);
    await expect(signPdf(junk, alice, { signingTime })).rejects.toMatchObject({ code: 'unreadable-pdf' });
    await expect(signPdf(signed, bob, { signingTime, field: 'Nope' })).rejects.toMatchObject({ code: 'no-such-field' });
    await expect(signPdf(signed, bob, { signingTime, field: 'Signature1' })).rejects.toMatchObject({ code: 'field-signed' });
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

  it('reports both signatures in the order made, the revision each covers, and no change between them', async () => {
    const result = await verifyPdf(cosigned, trustAll);
    expect(result.verdict).toBe('valid');
    expect(result.revisions).toBe(3);
    expect(result.changes).toEqual([]);
    expect(result.signatures.map((s) => [s.index, s.fieldName, s.signerName, s.revision, s.digestValid, s.signatureValid, s.coversWholeDocument])).toEqual([
      [1, 'Signature1', 'Dr Alice Examiner', 2, true, true, false],
      [2, 'Signature2', 'Dr Bob Reviewer', 3, true, true, true],
    ]);
    expect(result.signatures.every((s) => s.problems.length === 0)).toBe(true);
  });

  it('takes a third signature the same way', async () => {
    const carol = await makeIdentity({ commonName: 'Dr Carol Third', algorithm: 'RSA' });
    const third = await signPdf(cosigned, carol, { signingTime });
    const result = await verifyPdf(third, { trust: { certificates: [alice.certificate, bob.certificate, carol.certificate] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures.map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2', 'Signature3']);
    expect((pdfsig(scratch.write('third.pdf', third)).match(/Signature is Valid\./g) ?? []).length).toBe(3);
  });
});

describe('signPdf: certification and countersignatures in prepared fields', () => {
  let prepared: Uint8Array;
  let certified: Uint8Array;
  let countersigned: Uint8Array;
  beforeAll(async () => {
    prepared = await makePreparedPdf({ authorName: 'Dr Alice Examiner', authorCertificate: alice.certificate });
    certified = await signPdf(prepared, alice, { signingTime, certify: { permission: 2 }, field: 'Signature1', reason: 'Author' });
    countersigned = await signPdf(certified, bob, { signingTime, countersign: { role: 'peer-review' }, field: 'Countersignature1', reason: 'Peer review' });
  });

  it('certifies with DocMDP /P 2 and the catalog /Perms, and pdfsig says both signatures are valid', async () => {
    const update = new TextDecoder('latin1').decode(certified.subarray(prepared.length));
    expect(update).toMatch(/\/TransformMethod \/DocMDP/);
    expect(update).toMatch(/\/P 2/);
    expect(update).toMatch(/\/Perms <<\s*\/DocMDP \d+ 0 R/);
    const out = pdfsig(scratch.write('countersigned.pdf', countersigned));
    expect((out.match(/Signature is Valid\./g) ?? []).length).toBe(2);
    expect(out).toContain('Signature Field Name: Countersignature1');
    const result = await verifyPdf(countersigned, trustAll);
    expect(result.verdict).toBe('valid');
    expect(result.changes).toEqual([]);
    expect(result.signatures.map((s) => [s.fieldName, s.kind, s.docMdpPermission, s.role, s.fieldLock])).toEqual([
      ['Signature1', 'certification', 2, null, false],
      ['Countersignature1', 'approval', null, 'peer-review', true],
    ]);
  });

  it('refuses to certify an already signed document, and to fill the author field with a certificate the document does not name', async () => {
    await expect(signPdf(certified, bob, { signingTime, certify: { permission: 2 } })).rejects.toMatchObject({ code: 'already-signed' });
    await expect(signPdf(prepared, bob, { signingTime, certify: { permission: 2 }, field: 'Signature1' })).rejects.toMatchObject({ code: 'wrong-signer' });
  });

  it('flags a countersignature added after a certification with /P 1 as MODIFIED (docmdp-no-changes)', async () => {
    const strict = await signPdf(prepared, alice, { signingTime, certify: { permission: 1 }, field: 'Signature1' });
    const breach = await signPdf(strict, bob, { signingTime, countersign: { role: 'supervisor' }, field: 'Countersignature1' });
    const result = await verifyPdf(breach, trustAll);
    expect(result.verdict).toBe('modified');
    expect(result.changes.map((c) => c.code)).toContain('docmdp-no-changes');
  });
});

describe('verifyPdf: tampering', () => {
  it('catches one flipped byte inside the signed range (pdfsig: Digest Mismatch)', async () => {
    const tampered = signed.slice();
    const at = new TextDecoder('latin1').decode(tampered).indexOf('Istanbul Protocol');
    const index = at >= 0 ? at : 200;
    tampered[index] = (tampered[index] ?? 0) ^ 0x01;
    expect(pdfsig(scratch.write('flipped.pdf', tampered))).toContain('Digest Mismatch.');
    const result = await verifyPdf(tampered, trustAll);
    expect(result.kind).toBe('signed');
    expect(result.verdict).toBe('invalid');
    expect(result.signatures[0]?.digestValid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('digest-mismatch');
  });

  it('catches a flipped byte in the page content stream too (compressed data, not text)', async () => {
    const tampered = signed.slice();
    const source = new TextDecoder('latin1').decode(tampered);
    const stream = source.indexOf('stream\n', source.indexOf('/Length'));
    tampered[stream + 12] = (tampered[stream + 12] ?? 0) ^ 0x20;
    const result = await verifyPdf(tampered, trustAll);
    expect(result.verdict).toBe('invalid');
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
    const result = await verifyPdf(tampered, trustAll);
    expect(result.verdict).toBe('invalid');
    expect(result.signatures[0]?.digestValid).toBe(true);
    expect(result.signatures[0]?.signatureValid).toBe(false);
    expect(result.signatures[0]?.problems).toContain('bad-signature');
  });

  it('calls bytes appended after the last signature without a cross-reference MODIFIED (revision-structure)', async () => {
    const appended = new Uint8Array([...signed, ...new TextEncoder().encode('\n% appended after signing\n')]);
    const result = await verifyPdf(appended, trustAll);
    expect(result.kind).toBe('signed');
    expect(result.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: false });
    expect(result.verdict).toBe('modified');
    expect(result.changes.map((c) => c.code)).toEqual(['revision-structure']);
    expect(pdfsig(scratch.write('appended.pdf', appended))).toContain('Not total document signed');
    // White space after the last %%EOF is no change at all.
    expect((await verifyPdf(new Uint8Array([...signed, 0x0a, 0x0a]), trustAll)).verdict).toBe('valid');
  });

  it('names an incremental update that changes the page after signing: page 1 content changed after signature 1', async () => {
    const doc = await PDFDocument.load(signed, { forIncrementalUpdate: true });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.getPage(0).drawText('No injuries found.', { x: 50, y: 500, font, size: 14 });
    const changed = await doc.commit({ useObjectStreams: false });
    const result = await verifyPdf(changed, trustAll);
    expect(result.signatures[0]).toMatchObject({ digestValid: true, signatureValid: true, coversWholeDocument: false });
    expect(result.verdict).toBe('modified');
    expect(result.changes).toContainEqual(expect.objectContaining({ code: 'page-content', page: 1, afterSignature: 1, revision: 3 }));
    const pageChange = result.changes.find((c) => c.code === 'page-content');
    if (!pageChange) throw new Error('no page-content change');
    expect(describeChange(pageChange)).toMatch(/^page 1 content changed after signature 1 \(revision 3/);
  });
});

describe('verifyPdf: inputs that are not a good signed PDF never throw', () => {
  it('not a PDF', async () => {
    for (const bytes of [new Uint8Array(0), new TextEncoder().encode('Report of John Smith'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])]) {
      const result = await verifyPdf(bytes);
      expect(result).toMatchObject({ kind: 'not-pdf', verdict: 'not-pdf', signatures: [], changes: [] });
    }
  });

  it('unsigned', async () => {
    expect(await verifyPdf(plain)).toMatchObject({ kind: 'unsigned', verdict: 'unsigned', signatures: [] });
  });

  it('a signed PDF cut short is INVALID: the signature is there, broken', async () => {
    const cut = await verifyPdf(signed.subarray(0, signed.length - 300), trustAll);
    expect(cut.kind).toBe('signed');
    expect(cut.verdict).toBe('invalid');
    expect(cut.signatures[0]?.problems).toContain('byte-range-invalid');
  });

  it('garbage after the header, a truncated unsigned PDF and a wrecked structure: unreadable, with the reason', async () => {
    const garbage = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...crypto.getRandomValues(new Uint8Array(4000))]);
    for (const bytes of [garbage, plain.subarray(0, Math.floor(plain.length / 2))]) {
      const result = await verifyPdf(bytes, trustAll);
      expect(result.kind).toBe('unreadable');
      expect(result.verdict).toBe('unreadable');
      expect(result.structureProblem).toMatch(/\S/);
    }
    const wrecked = signed.slice();
    const source = new TextDecoder('latin1').decode(wrecked);
    for (const word of ['/Catalog', '/Root', 'trailer', 'startxref', 'xref']) {
      for (let at = source.indexOf(word); at >= 0; at = source.indexOf(word, at + 1)) wrecked.set(new TextEncoder().encode('#'.repeat(word.length)), at);
    }
    expect((await verifyPdf(wrecked)).verdict).toBe('unreadable');
  });

  it('a malformed or shifted /ByteRange is INVALID', async () => {
    const source = new TextDecoder('latin1').decode(signed);
    const match = /\/ByteRange \[[^\]]*\]/.exec(source);
    if (!match) throw new Error('no ByteRange');
    const broken = signed.slice();
    broken.set(new TextEncoder().encode('/ByteRange [0 abc 12 x]'.padEnd(match[0].length, ' ')), match.index);
    const result = await verifyPdf(broken, trustAll);
    expect(result.verdict).toBe('invalid');
    expect(result.signatures[0]).toMatchObject({ byteRange: null, digestValid: false, signatureValid: false });
    expect(result.signatures[0]?.problems).toContain('byte-range-invalid');

    const shifted = signed.slice();
    const [, length = 0, gapEnd = 0, tail = 0] = byteRangeOf(signed, 0);
    shifted.set(new TextEncoder().encode(`/ByteRange [0 ${length + 2} ${gapEnd} ${tail}]`.padEnd(match[0].length, ' ')), match.index);
    const shiftedResult = await verifyPdf(shifted, trustAll);
    expect(shiftedResult.verdict).toBe('invalid');
    expect(shiftedResult.signatures[0]?.problems).toContain('byte-range-invalid');
  });

  it('a /Contents that is not hex makes the signature dictionary unreadable: the file is not VALID', async () => {
    const broken = signed.slice();
    const [, length = 0] = byteRangeOf(signed, 0);
    broken.set(new TextEncoder().encode('zz'), length + 1);
    const result = await verifyPdf(broken, trustAll);
    expect(result.verdict).toBe('invalid');
  });

  it('a /Contents that is hex but not a CMS', async () => {
    const broken = signed.slice();
    const [, length = 0] = byteRangeOf(signed, 0);
    broken.set(new TextEncoder().encode('0102030405'), length + 1);
    const result = await verifyPdf(broken, trustAll);
    expect(result).toMatchObject({ kind: 'signed', verdict: 'invalid' });
    expect(result.signatures[0]?.problems).toContain('cms-unreadable');
  });
});

describe('verifyPdf: trust and certificate time', () => {
  it('trusts a signer whose certificate is given, not one whose is not', async () => {
    const yes = await verifyPdf(signed, { trust: { certificates: [alice.certificate] } });
    expect(yes.signatures[0]?.trust.status).toBe('trusted');
    expect(yes.verdict).toBe('valid');
    const no = await verifyPdf(signed, { trust: { certificates: [bob.certificate] } });
    expect(no.signatures[0]?.trust).toMatchObject({ status: 'not-trusted', problems: ['not-trusted'] });
    expect(no.verdict).toBe('signer-not-trusted');
    const both = await verifyPdf(cosigned, { trust: { certificates: [alice.certificate] } });
    expect(both.signatures.map((s) => s.trust.status)).toEqual(['trusted', 'not-trusted']);
    expect(both.verdict).toBe('signer-not-trusted');
  });

  it('never lets a trusted self-signed clinician certificate (cA=true) vouch for a certificate it issued', async () => {
    // Attest certificates are cA=true for NSS; a clinician's key must still not make others trusted.
    const clinician = await makeIdentity({ commonName: 'Dr Alice Clinician', keyUsage: ['digitalSignature', 'nonRepudiation', 'keyCertSign'] });
    const minted = await makeIdentity({ commonName: 'Dr Alice Clinician', issuer: clinician, ca: false });
    const pdf = await signPdf(plain, minted, { signingTime });
    const result = await verifyPdf(pdf, { trust: { certificates: [clinician.certificate] } });
    expect(result.signatures[0]?.signatureValid).toBe(true);
    expect(result.signatures[0]?.trust.status).toBe('not-trusted');
    expect(result.verdict).toBe('signer-not-trusted');
  });

  it('is not fooled by a certificate that only copies the anchor name', async () => {
    const realCa = await makeIdentity({ commonName: 'Same Name CA', keyUsage: ['keyCertSign', 'cRLSign'] });
    const fakeCa = await makeIdentity({ commonName: 'Same Name CA', keyUsage: ['keyCertSign', 'cRLSign'] });
    const leaf = await makeIdentity({ commonName: 'Dr Mallory', issuer: fakeCa, ca: false });
    const pdf = await signPdf(plain, leaf, { signingTime });
    const result = await verifyPdf(pdf, { trust: { certificates: [realCa.certificate] } });
    expect(result.signatures[0]?.signatureValid).toBe(true);
    expect(result.signatures[0]?.trust.status).toBe('not-trusted');
  });

  it('does not trust a certificate that had expired at the signing time, even when given', async () => {
    const old = await makeIdentity({ commonName: 'Dr Expired', notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z') });
    const pdf = await signPdf(plain, old, { signingTime });
    const result = await verifyPdf(pdf, { trust: { certificates: [old.certificate] } });
    expect(result.signatures[0]?.trust).toMatchObject({ status: 'not-trusted', problems: ['expired'] });
    expect(result.verdict).toBe('signer-not-trusted');
  });

  it('gives a signature from identities that differ in algorithm the same verdict', async () => {
    const identities: SigningIdentity[] = [alice, await makeIdentity({ algorithm: 'RSA' })];
    for (const identity of identities) {
      const result = await verifyPdf(await signPdf(plain, identity, { signingTime }), { trust: { certificates: [identity.certificate] } });
      expect(result.verdict).toBe('valid');
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
