/**
 * PAdES B-T with a real RFC 3161 timestamp authority on 127.0.0.1 (OpenSSL's `openssl ts -reply`), and
 * revocation from a CRL made by `openssl ca` (issue #17). One PKI and one TSA for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFArray, PDFDocument, PDFHexString, PDFName, StandardFonts } from '@cantoo/pdf-lib';
import { run as sign } from '../../../cli/commands/sign';
import { run as stampCommand } from '../../../cli/commands/timestamp';
import { run as verify } from '../../../cli/commands/verify';
import { importPkcs12 } from '../../../shared/identity';
import { signPdfDetailed, verifyPdf, type SigningIdentity } from '../../../shared/signing';
import { sha256, toHex } from '../../../shared/signing/bytes';
import { verifyCadesSignature } from '../../../shared/signing/cms';
import { httpTimestampTransport, requestTimestamp } from '../../../shared/signing/timestamp';
import { opensslTsVerify, PKCS12_PASSWORD, startTestPki, type TestPki } from '../../support/pki';
import { capture } from '../cli/helpers';
import { extractSignature, makePreparedPdf, pdfsig, scratchDir } from './helpers';

const scratch = scratchDir('attest-tsa-');
let pki: TestPki;
let signer: SigningIdentity;
let report: Uint8Array;
let setupMs = 0;

beforeAll(async () => {
  const start = Date.now();
  pki = await startTestPki();
  setupMs = Date.now() - start;
  signer = await importPkcs12(new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(pki.signerP12))), PKCS12_PASSWORD);
  report = await makePreparedPdf({ authorName: 'Dr Amina Test' });
}, 30_000);

afterAll(async () => {
  await pki.close();
  scratch.remove();
});

/** The token in the file's first signature, with the signature value it should stamp. */
async function tokenIn(pdf: Uint8Array): Promise<{ token: Uint8Array; signatureValue: Uint8Array }> {
  const result = await verifyPdf(pdf);
  const range = result.signatures[0]?.byteRange ?? [];
  const { cms, content } = extractSignature(pdf, range);
  const cades = await verifyCadesSignature(cms, [content], true);
  if (!cades.timestampToken || !cades.signatureValue) throw new Error('no signature-time-stamp token in the file');
  return { token: cades.timestampToken, signatureValue: cades.signatureValue };
}

describe('PAdES B-T with the loopback TSA', () => {
  it('signs through `attest sign --tsa`, and OpenSSL, pdfsig and `attest verify` agree the time is attested', async () => {
    pki.setMode('ok');
    const input = scratch.write('report.pdf', report);
    const out = `${scratch.dir}/signed-bt.pdf`;
    const signing = capture({ P12_PASS: PKCS12_PASSWORD });
    const code = await sign([input, '--p12', pki.signerP12, '--password-env', 'P12_PASS', '--out', out, '--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem], signing.io);
    expect(signing.err).toEqual([]);
    expect(code).toBe(0);
    expect(signing.out.join('\n')).toMatch(/Time attested by Attest Test TSA: \d{4}-\d\d-\d\dT/);
    const signed = new Uint8Array(await signing.io.readFile(out));

    // The token in the file, checked by OpenSSL alone: the imprint is the SHA-256 of the signature value, the chain the test CA.
    const { token, signatureValue } = await tokenIn(signed);
    const openssl = opensslTsVerify(pki, token, toHex(await sha256(signatureValue)));
    expect(openssl.output).toContain('Verification: OK');
    expect(openssl.status).toBe(0);
    // …and over another digest it fails: the check can fail.
    expect(opensslTsVerify(pki, token, toHex(await sha256(new Uint8Array([1, 2, 3])))).status).not.toBe(0);

    expect(pdfsig(out)).toContain('Signature is Valid');

    const checking = capture();
    const verdict = await verify([out, '--trust', pki.caPem, '--crl', pki.crlPath], checking.io);
    const text = checking.out.join('\n');
    expect(text).toContain('time attested by Attest Test TSA');
    expect(text).not.toContain('time claimed by the signer');
    expect(text).toContain('Verdict: VALID');
    expect(verdict).toBe(0);
  }, 30_000);

  it('keeps the time claimed when the TSA is not trusted here, and says by whom it was stamped', async () => {
    pki.setMode('ok');
    const { pdf } = await signPdfDetailed(report, signer, { signingTime: new Date(), certify: { permission: 2 }, timestamp: { transport: httpTimestampTransport(fetch, pki.tsaUrl) } });
    // Trusting only the signer's own certificate: the TSA's chain leads nowhere trusted.
    const result = await verifyPdf(pdf, { trust: { certificates: [signer.certificate] } });
    const signature = result.signatures[0];
    expect(signature?.signatureTimestamp?.tsaName).toBe('Attest Test TSA');
    expect(signature?.signatureTimestamp?.trust.status).toBe('not-trusted');
    expect(signature?.timeSource).toBe('claimed');
  }, 30_000);

  it('reports a revoked signer with the revocation time from the CRL', async () => {
    const input = scratch.write('report-r.pdf', await makePreparedPdf({ authorName: 'Dr Revoked Test' }));
    const out = `${scratch.dir}/signed-revoked.pdf`;
    const signing = capture({ P12_PASS: PKCS12_PASSWORD });
    expect(await sign([input, '--p12', pki.revokedP12, '--password-env', 'P12_PASS', '--out', out], signing.io)).toBe(0);
    const checking = capture();
    const code = await verify([out, '--trust', pki.caPem, '--crl', pki.crlPath], checking.io);
    const text = checking.out.join('\n');
    expect(text).toContain(`the certificate was revoked on ${pki.revokedAt.toISOString().replace('.000Z', 'Z')}`);
    expect(text).toContain('Verdict: SIGNER NOT TRUSTED');
    expect(code).toBe(3);
  }, 30_000);

  describe('a TSA that fails: the signature is made as B-B and says why', () => {
    const cases = [
      { mode: 'garbage', code: 'garbage' },
      { mode: 'wrong-nonce', code: 'wrong-nonce' },
      { mode: 'other-digest', code: 'wrong-imprint' },
      { mode: 'rejection', code: 'rejected' },
      { mode: 'timeout', code: 'timeout' },
    ] as const;
    for (const { mode, code } of cases) {
      it(`${mode} → ${code}`, async () => {
        pki.setMode(mode);
        const { pdf, timestamp } = await signPdfDetailed(report, signer, { signingTime: new Date(), certify: { permission: 2 }, timestamp: { transport: httpTimestampTransport(fetch, pki.tsaUrl, { timeoutMs: 400 }) } });
        expect(timestamp).toMatchObject({ status: 'failed', code });
        const result = await verifyPdf(pdf, { trust: { certificates: [pki.caCertificate] } });
        expect(result.verdict).toBe('valid');
        expect(result.signatures[0]?.timeSource).toBe('claimed');
        expect(result.signatures[0]?.signatureTimestamp).toBeNull();
      }, 30_000);
    }

    it('a TSA that does not chain to the configured anchor → tsa-not-trusted', async () => {
      pki.setMode('ok');
      const { timestamp } = await signPdfDetailed(report, signer, { signingTime: new Date(), certify: { permission: 2 }, timestamp: { transport: httpTimestampTransport(fetch, pki.tsaUrl), policy: { anchors: [signer.certificate] } } });
      expect(timestamp).toMatchObject({ status: 'failed', code: 'tsa-not-trusted' });
    }, 30_000);

    it('no TSA listening → unreachable, in the CLI too', async () => {
      const input = scratch.write('report-off.pdf', report);
      const signing = capture({ P12_PASS: PKCS12_PASSWORD });
      const code = await sign([input, '--p12', pki.signerP12, '--password-env', 'P12_PASS', '--out', `${scratch.dir}/off.pdf`, '--tsa', 'http://127.0.0.1:9/tsa'], signing.io);
      expect(code).toBe(0);
      expect(signing.out.join('\n')).toContain('No timestamp: the timestamp authority could not be reached. The signature is kept as PAdES B-B');
    }, 30_000);
  });

  it('set-up cost of the PKI and TSA stays small', () => {
    // Reported, and bounded loosely: one OpenSSL PKI per test file.
    console.info(`test PKI set-up: ${String(setupMs)} ms`);
    expect(setupMs).toBeLessThan(15_000);
  });
});

describe('document timestamps (offline first)', () => {
  it('signs offline as B-B, then `attest timestamp` adds a /DocTimeStamp that OpenSSL confirms, and the file verifies VALID with both', async () => {
    const input = scratch.write('report-dts.pdf', report);
    const offline = `${scratch.dir}/offline.pdf`;
    const signing = capture({ P12_PASS: PKCS12_PASSWORD });
    expect(await sign([input, '--p12', pki.signerP12, '--password-env', 'P12_PASS', '--out', offline, '--tsa', 'http://127.0.0.1:9/tsa'], signing.io)).toBe(0);
    expect(signing.out.join('\n')).toContain('PAdES B-B');

    pki.setMode('ok');
    const stampedPath = `${scratch.dir}/stamped.pdf`;
    const stamping = capture();
    const code = await stampCommand([offline, '--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem, '--out', stampedPath], stamping.io);
    expect(stamping.err).toEqual([]);
    expect(code).toBe(0);
    expect(stamping.out.join('\n')).toContain('Document timestamp added: time attested by Attest Test TSA');
    const stamped = new Uint8Array(await stamping.io.readFile(stampedPath));

    // The token in /Contents stamps exactly the bytes its /ByteRange covers, by OpenSSL's own check.
    const result = await verifyPdf(stamped, { trust: { certificates: [pki.caCertificate] } });
    const dts = result.signatures.find((s) => s.kind === 'timestamp');
    const { cms, content } = extractSignature(stamped, dts?.byteRange ?? []);
    expect(opensslTsVerify(pki, cms, toHex(await sha256(content))).status).toBe(0);
    expect(result.signatures.map((s) => s.kind)).toEqual(['certification', 'timestamp']);
    expect(result.changes).toEqual([]);
    expect(result.verdict).toBe('valid');

    const checking = capture();
    expect(await verify([stampedPath, '--trust', pki.caPem], checking.io)).toBe(0);
    const text = checking.out.join('\n');
    expect(text).toMatch(/Signature 2 of 2.*intact, document timestamp/);
    expect(text).toContain('time attested by Attest Test TSA');
    expect(text).toContain('Verdict: VALID');
  }, 60_000);

  it('timestamp-only anchors (Settings › Timestamp authority) attest a time but never make a signer trusted, even when the anchor is the CA that issued the signer', async () => {
    const input = scratch.write('report-tsa-only.pdf', report);
    const offline = `${scratch.dir}/tsa-only-offline.pdf`;
    const signing = capture({ P12_PASS: PKCS12_PASSWORD });
    expect(await sign([input, '--p12', pki.signerP12, '--password-env', 'P12_PASS', '--out', offline, '--tsa', 'http://127.0.0.1:9/tsa'], signing.io)).toBe(0);
    pki.setMode('ok');
    const stampedPath = `${scratch.dir}/tsa-only-stamped.pdf`;
    expect(await stampCommand([offline, '--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem, '--out', stampedPath], capture().io)).toBe(0);
    const stamped = new Uint8Array(await capture().io.readFile(stampedPath));
    // The same CA issued the author's certificate and the TSA's: as a timestamp anchor it vouches for the TSA only.
    const result = await verifyPdf(stamped, { trust: { certificates: [] }, timestampTrust: { certificates: [pki.caCertificate] } });
    const [author, dts] = result.signatures;
    expect(dts?.kind).toBe('timestamp');
    expect(dts?.trust.status).toBe('trusted');
    expect(author?.trust.status).toBe('not-trusted');
    expect(result.verdict).toBe('signer-not-trusted');
    // Given as general trust, the same CA makes both trusted: the difference is the option, not the file.
    expect((await verifyPdf(stamped, { trust: { certificates: [pki.caCertificate] } })).verdict).toBe('valid');
  }, 60_000);

  it('a TSA that is down leaves the file unchanged, with a clear message', async () => {
    const input = scratch.write('report-down.pdf', report);
    const signing = capture({ P12_PASS: PKCS12_PASSWORD });
    const signedPath = `${scratch.dir}/down-signed.pdf`;
    expect(await sign([input, '--p12', pki.signerP12, '--password-env', 'P12_PASS', '--out', signedPath], signing.io)).toBe(0);
    pki.setMode('garbage');
    const stamping = capture();
    expect(await stampCommand([signedPath, '--tsa', pki.tsaUrl, '--out', `${scratch.dir}/never.pdf`], stamping.io)).toBe(1);
    expect(stamping.err.join('\n')).toContain('answered with something that is not a timestamp; the file is unchanged');
    await expect(stamping.io.readFile(`${scratch.dir}/never.pdf`)).rejects.toThrow();
  }, 60_000);

  it('attack: a DocTimeStamp revision that also changes page content is MODIFIED, the change named', async () => {
    pki.setMode('ok');
    const { pdf: certified } = await signPdfDetailed(report, signer, { signingTime: new Date(), certify: { permission: 2 } });
    // The attacker's update: a genuine document timestamp, and in the same revision new text drawn on page 1.
    const doc = await PDFDocument.load(certified, { forIncrementalUpdate: true, updateMetadata: false });
    const page = doc.getPages()[0];
    if (!page) throw new Error('no page');
    page.drawText('Conclusion: no signs of ill-treatment', { x: 50, y: 700, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
    const holeHex = 2 * 12288;
    const sig = doc.context.register(doc.context.obj({ Type: 'DocTimeStamp', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.RFC3161', ByteRange: [0, PDFName.of('**********'), PDFName.of('**********'), PDFName.of('**********')], Contents: PDFHexString.of('0'.repeat(holeHex)) }));
    const widget = doc.context.register(doc.context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: sig, T: PDFHexString.fromText('Timestamp1'), F: 132, P: page.ref }));
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots) annots.push(widget);
    else page.node.set(PDFName.of('Annots'), doc.context.obj([widget]));
    const form = doc.catalog.getOrCreateAcroForm().dict;
    form.lookup(PDFName.of('Fields'), PDFArray).push(widget);
    form.registerChange();
    page.node.registerChange();
    const bytes = await doc.commit({ useObjectStreams: false });
    const text = new TextDecoder('latin1').decode(bytes);
    const holeStart = text.lastIndexOf(`<${'0'.repeat(holeHex)}>`);
    const holeEnd = holeStart + holeHex + 2;
    const rangeAt = text.lastIndexOf('/ByteRange');
    const placeholder = /\/ByteRange\s*\[[^\]]*\]/.exec(text.slice(rangeAt))?.[0] ?? '';
    bytes.set(new TextEncoder().encode(`/ByteRange [0 ${String(holeStart)} ${String(holeEnd)} ${String(bytes.length - holeEnd)}]`.padEnd(placeholder.length, ' ')), rangeAt);
    const token = await requestTimestamp(httpTimestampTransport(fetch, pki.tsaUrl), new Uint8Array([...bytes.subarray(0, holeStart), ...bytes.subarray(holeEnd)]));
    bytes.set(new TextEncoder().encode(toHex(token.token)), holeStart + 1);

    const result = await verifyPdf(bytes, { trust: { certificates: [pki.caCertificate] } });
    // The timestamp itself is genuine…
    const dts = result.signatures.find((s) => s.kind === 'timestamp');
    expect(dts?.digestValid && dts.signatureValid).toBe(true);
    // …but what else its revision did is not allowed after the certification.
    expect(result.verdict).toBe('modified');
    expect(result.changes.map((c) => c.code)).toContain('page-content');
  }, 60_000);
});
