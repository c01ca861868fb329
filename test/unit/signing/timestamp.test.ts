/**
 * PAdES B-T with a real RFC 3161 timestamp authority on 127.0.0.1 (OpenSSL's `openssl ts -reply`), and
 * revocation from a CRL made by `openssl ca` (issue #17). One PKI and one TSA for the whole file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as sign } from '../../../cli/commands/sign';
import { run as verify } from '../../../cli/commands/verify';
import { importPkcs12 } from '../../../shared/identity';
import { signPdfDetailed, verifyPdf, type SigningIdentity } from '../../../shared/signing';
import { sha256, toHex } from '../../../shared/signing/bytes';
import { verifyCadesSignature } from '../../../shared/signing/cms';
import { httpTimestampTransport } from '../../../shared/signing/timestamp';
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
