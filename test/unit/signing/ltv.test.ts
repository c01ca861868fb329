/**
 * PAdES B-LT and B-LTA (issue #17): `attest ltv` adds a DSS (with VRI) from a real CRL distribution
 * point and a real OCSP responder (`openssl ocsp -index … -port` on 127.0.0.1), and `attest verify`
 * validates the file offline from what it carries, saying what it used. One PKI, one TSA and one OCSP
 * responder for the whole file.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from '@cantoo/pdf-lib';
import { run as sign } from '../../../cli/commands/sign';
import { run as ltv } from '../../../cli/commands/ltv';
import { run as verify } from '../../../cli/commands/verify';
import { verifyPdf } from '../../../shared/signing';
import { vriKey } from '../../../shared/signing/ltv';
import { fromHex, latin1 } from '../../../shared/signing/bytes';
import { PKCS12_PASSWORD, startTestPki, type TestPki } from '../../support/pki';
import { capture } from '../cli/helpers';
import { makePdf, pdfsig, qpdfCheck, scratchDir } from './helpers';

const scratch = scratchDir('attest-ltv-');
let pki: TestPki;
let ltvPki: NonNullable<TestPki['ltv']>;
let report: Uint8Array;

beforeAll(async () => {
  pki = await startTestPki({ ltv: true });
  if (!pki.ltv) throw new Error('no LTV certificates');
  ltvPki = pki.ltv;
  await pki.startOcsp();
  report = await makePdf();
}, 60_000);

afterAll(async () => {
  await pki.close();
  scratch.remove();
});

async function signWith(p12: string, name: string, extra: readonly string[] = []): Promise<string> {
  const input = scratch.write(`${name}-in.pdf`, report);
  const out = `${scratch.dir}/${name}.pdf`;
  const c = capture({ P12_PASS: PKCS12_PASSWORD });
  expect(await sign([input, '--p12', p12, '--password-env', 'P12_PASS', '--out', out, ...extra], c.io)).toBe(0);
  return out;
}

async function runLtv(input: string, name: string, extra: readonly string[] = []): Promise<{ code: number; out: string; text: string; err: string }> {
  const out = `${scratch.dir}/${name}.pdf`;
  const c = capture();
  const code = await ltv([input, '--out', out, ...extra], c.io);
  return { code, out, text: c.out.join('\n'), err: c.err.join('\n') };
}

/** `attest verify --trust ca.pem` with the network cut off: anything it needs must come from the file. */
async function verifyOffline(path: string, extra: readonly string[] = []): Promise<{ code: number; text: string; fetches: number }> {
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(() => Promise.reject(new Error('offline')));
  try {
    const c = capture();
    const code = await verify([path, '--trust', pki.caPem, ...extra], c.io);
    return { code, text: c.out.join('\n'), fetches: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

const iso = (date: Date): string => date.toISOString().replace('.000Z', 'Z');

describe('attest ltv and verify from the file', () => {
  it('B-LTA: a B-T signature, its CRL from --crl-url, then a document timestamp; verifies VALID offline with the CRL from the file', async () => {
    const signed = await signWith(pki.signerP12, 'lta-signed', ['--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem]);
    const before = await verifyOffline(signed);
    expect(before.text).toContain('Revocation:  no CRL or OCSP response');

    const made = await runLtv(signed, 'lta', ['--crl-url', ltvPki.crlUrl, '--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem]);
    expect(made.err).toBe('');
    expect(made.text).toMatch(/Long-term validation data added \(revision 3\): \d+ certificates, 1 CRL, 0 OCSP responses\./);
    expect(made.text).toMatch(/Document timestamp added over it \(PAdES B-LTA\): time attested by Attest Test TSA: .* \(revision 4\)\./);
    expect(made.code).toBe(0);

    const checked = await verifyOffline(made.out);
    expect(checked.fetches).toBe(0);
    expect(checked.text).toContain('Revisions:    4');
    expect(checked.text).toMatch(/Signature 1 of 2.*intact/);
    expect(checked.text).toMatch(/Signature 2 of 2.*intact, document timestamp/);
    expect(checked.text).toMatch(/Revocation: {2}CRL from the file, issued \d{4}-\d\d-\d\dT[\d:]+Z: not revoked/);
    expect(checked.text).toContain('time attested by Attest Test TSA');
    expect(checked.text).toContain('Verdict: VALID');
    expect(checked.code).toBe(0);

    // The same file without its DSS revisions is not VALID-with-revocation: the data really comes from the file.
    const bytes = new Uint8Array(readFileSync(made.out));
    const result = await verifyPdf(bytes, { trust: { certificates: [pki.caCertificate] } });
    expect(result.changes).toEqual([]);
    expect(result.signatures[0]?.trust.revocation).toMatchObject({ source: 'crl', origin: 'file', status: 'good' });

    // The VRI key is the upper-case SHA-1 of the signature's /Contents.
    const range = result.signatures[0]?.byteRange ?? [];
    const contents = fromHex(latin1(bytes.subarray((range[1] ?? 0) + 1, (range[2] ?? 0) - 1)));
    if (!contents) throw new Error('no contents');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const vri = doc.catalog.lookup(PDFName.of('DSS'), PDFDict).lookup(PDFName.of('VRI'), PDFDict);
    const entry = vri.lookupMaybe(PDFName.of(await vriKey(contents)), PDFDict);
    expect(entry?.lookupMaybe(PDFName.of('CRL'), PDFArray)?.size()).toBe(1);
    expect(entry?.lookupMaybe(PDFName.of('Cert'), PDFArray)?.size()).toBeGreaterThanOrEqual(2);

    expect(qpdfCheck(made.out).status).toBe(0);
    const poppler = pdfsig(made.out);
    expect(poppler).not.toContain('Digest Mismatch');
    expect(poppler.match(/Signature is Valid/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('B-B signature made B-LTA, verified two years later: revocation is judged at the document timestamp, from the CRL in the file', async () => {
    const signed = await signWith(pki.signerP12, 'later-signed');
    const made = await runLtv(signed, 'later', ['--crl-url', ltvPki.crlUrl, '--tsa', pki.tsaUrl, '--tsa-trust', pki.caPem]);
    expect(made.code).toBe(0);
    const bytes = new Uint8Array(readFileSync(made.out));
    const bb = new Uint8Array(readFileSync(signed));
    vi.useFakeTimers({ now: Date.now() + 2 * 365 * 86_400_000, toFake: ['Date'] });
    try {
      const later = await verifyPdf(bytes, { trust: { certificates: [pki.caCertificate] } });
      expect(later.verdict).toBe('valid');
      expect(later.signatures[0]?.timeSource).toBe('claimed');
      expect(later.signatures[0]?.trust.revocation).toMatchObject({ source: 'crl', origin: 'file', status: 'good' });
      expect(later.signatures[0]?.trust.revocationChecked).toBe(true);
      // Without the document timestamp, the same CRL two years on says nothing about now: expired, not "not revoked".
      const withoutProof = await verifyPdf(bb, { trust: { certificates: [pki.caCertificate], crls: [pki.crl] } });
      expect(withoutProof.signatures[0]?.trust.revocation).toMatchObject({ status: 'stale' });
      expect(withoutProof.signatures[0]?.trust.revocationChecked).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);

  it('OCSP good: the AIA responder is asked, and verify says "OCSP response from the file … not revoked"', async () => {
    const made = await runLtv(await signWith(ltvPki.goodP12, 'ocsp-good-signed'), 'ocsp-good');
    expect(made.text).toMatch(/\d+ certificates, 1 CRL, 1 OCSP response\./);
    expect(made.code).toBe(0);
    const checked = await verifyOffline(made.out);
    expect(checked.text).toMatch(/Revocation: {2}OCSP response from the file, produced \S+: not revoked/);
    expect(checked.text).toContain('Verdict: VALID');
    expect(checked.code).toBe(0);
  }, 30_000);

  it('OCSP revoked: SIGNER NOT TRUSTED, with the revocation time the responder states', async () => {
    const made = await runLtv(await signWith(ltvPki.revokedP12, 'ocsp-revoked-signed'), 'ocsp-revoked');
    expect(made.code).toBe(0);
    const checked = await verifyOffline(made.out);
    expect(checked.text).toContain(`Revocation:  OCSP response from the file`);
    expect(checked.text).toContain(`REVOKED on ${iso(ltvPki.revokedAt)}`);
    expect(checked.text).toContain(`the certificate was revoked on ${iso(ltvPki.revokedAt)}`);
    expect(checked.text).not.toContain('Verdict: VALID');
    expect(checked.code).toBe(3);
  }, 30_000);

  it('OCSP "unknown": a clear message, and the signer is not trusted (even though the CRL does not list it)', async () => {
    const made = await runLtv(await signWith(ltvPki.unknownP12, 'ocsp-unknown-signed'), 'ocsp-unknown');
    expect(made.code).toBe(0);
    const checked = await verifyOffline(made.out);
    expect(checked.text).toContain('status UNKNOWN: the responder does not know this certificate');
    expect(checked.text).toContain('NOT TRUSTED: the OCSP responder does not know this certificate');
    expect(checked.code).toBe(3);
  }, 30_000);

  it('an expired CRL: ltv says so and does not add it; verify with it says EXPIRED, never "not revoked"', async () => {
    const signed = await signWith(pki.signerP12, 'expired-signed');
    const made = await runLtv(signed, 'expired', ['--crl-url', ltvPki.expiredCrlUrl]);
    expect(made.text).toContain('No current revocation data for “Dr Amina Test”: the CRL or OCSP response obtained had expired');
    expect(made.text).toMatch(/0 CRLs/);
    expect(made.code).toBe(1);
    const checked = await verifyOffline(signed, ['--crl', `${pki.dir}/crl-expired.der`]);
    expect(checked.text).toMatch(/Revocation: {2}CRL given here, issued \S+: EXPIRED \(its next update was due \S+\)/);
    expect(checked.text).not.toContain('revocation checked');
    expect(checked.text).not.toContain(': not revoked');
  }, 30_000);

  it('a responder and distribution point that cannot be reached: said per certificate, exit 1, the DSS still written', async () => {
    const signed = await signWith(pki.signerP12, 'unreachable-signed');
    const made = await runLtv(signed, 'unreachable', ['--crl-url', 'http://127.0.0.1:9/crl', '--ocsp-url', 'http://127.0.0.1:9/']);
    expect(made.text).toContain('No revocation data for “Dr Amina Test”: its CRL distribution point and OCSP responder could not be reached.');
    expect(made.code).toBe(1);
    expect((await verifyPdf(new Uint8Array(readFileSync(made.out)))).changes).toEqual([]);
  }, 30_000);

  it('speaks the message language (--lang fr)', async () => {
    const made = await runLtv(await signWith(ltvPki.goodP12, 'fr-signed'), 'fr', ['--lang', 'fr']);
    expect(made.text).toContain('Données de validation à long terme ajoutées');
    const c = capture();
    await verify([made.out, '--trust', pki.caPem, '--lang', 'fr'], c.io);
    expect(c.out.join('\n')).toContain('réponse OCSP contenue dans le fichier');
  }, 30_000);
});

describe('revision rules after a DSS', () => {
  it('attack: a DSS update that also rewrites the page content is MODIFIED, the change named', async () => {
    const made = await runLtv(await signWith(ltvPki.goodP12, 'attack-signed'), 'attack-ltv');
    const bytes = new Uint8Array(readFileSync(made.out));
    const doc = await PDFDocument.load(bytes, { forIncrementalUpdate: true, updateMetadata: false });
    const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
    dss.set(PDFName.of('Certs'), doc.context.obj([...dss.lookup(PDFName.of('Certs'), PDFArray).asArray()]));
    dss.registerChange();
    const page = doc.getPages()[0];
    if (!page) throw new Error('no page');
    page.drawText('Findings: none', { x: 50, y: 50, size: 12 });
    const forged = await doc.commit({ useObjectStreams: false });
    const result = await verifyPdf(forged, { trust: { certificates: [pki.caCertificate] } });
    expect(result.verdict).toBe('modified');
    expect(result.changes.map((c) => c.code)).toContain('page-content');
  }, 30_000);

  it('attack: a DSS that replaces the catalog’s /OpenAction in the same update is MODIFIED', async () => {
    const made = await runLtv(await signWith(ltvPki.goodP12, 'attack2-signed'), 'attack2-ltv');
    const doc = await PDFDocument.load(new Uint8Array(readFileSync(made.out)), { forIncrementalUpdate: true, updateMetadata: false });
    doc.catalog.set(PDFName.of('OpenAction'), doc.context.obj({ S: 'JavaScript', JS: 'app.alert(1)' }));
    doc.catalog.registerChange();
    const result = await verifyPdf(await doc.commit({ useObjectStreams: false }), { trust: { certificates: [pki.caCertificate] } });
    expect(result.verdict).toBe('modified');
    expect(result.changes.some((c) => c.code === 'catalog-changed' && c.key === 'OpenAction')).toBe(true);
  }, 30_000);
});

describe("other tools' DSS layouts", () => {
  /** Adds a DSS the way another tool might: every array indirect, and the data only where `where` says. */
  async function craftDss(signedPath: string, where: 'indirect-arrays' | 'vri-only'): Promise<Uint8Array> {
    const doc = await PDFDocument.load(new Uint8Array(readFileSync(signedPath)), { forIncrementalUpdate: true, updateMetadata: false });
    const { context } = doc;
    const crlRef = context.register(context.flateStream(pki.crl));
    const certRef = context.register(context.stream(pki.caCertificate));
    const dss = context.obj({});
    if (where === 'indirect-arrays') {
      dss.set(PDFName.of('Certs'), context.register(context.obj([certRef])));
      dss.set(PDFName.of('CRLs'), context.register(context.obj([crlRef])));
    } else {
      // No top-level arrays: the data is listed in a VRI entry only (an indirect dictionary under any key).
      dss.set(PDFName.of('VRI'), context.register(context.obj({ ['0'.repeat(40)]: context.register(context.obj({ Cert: [certRef], CRL: context.register(context.obj([crlRef])) })) })));
    }
    doc.catalog.set(PDFName.of('DSS'), context.register(dss));
    doc.catalog.registerChange();
    return doc.commit({ useObjectStreams: false });
  }

  for (const where of ['indirect-arrays', 'vri-only'] as const) {
    it(`reads a DSS with ${where === 'indirect-arrays' ? 'indirect arrays and no VRI' : 'its data only in an indirect VRI entry'}: VALID, CRL from the file`, async () => {
      const signed = await signWith(pki.signerP12, `tool-${where}-signed`);
      const bytes = await craftDss(signed, where);
      const path = scratch.write(`tool-${where}.pdf`, bytes);
      const checked = await verifyOffline(path);
      expect(checked.text).toMatch(/Revocation: {2}CRL from the file, issued \S+: not revoked/);
      expect(checked.text).toContain('Verdict: VALID');
      expect(checked.code).toBe(0);
      // …and the same layout with the revoked signer says revoked: the data is really read.
      const revokedSigned = await signWith(pki.revokedP12, `tool-${where}-revoked`);
      const revoked = await verifyPdf(await craftDss(revokedSigned, where), { trust: { certificates: [pki.caCertificate] } });
      expect(revoked.signatures[0]?.trust.problems).toContain('revoked');
      expect(revoked.signatures[0]?.trust.revocationTime).toBe(pki.revokedAt.toISOString());
    }, 30_000);
  }

  it('keeps a DSS another tool wrote when `attest ltv` adds to it (its streams stay, the new ones are added)', async () => {
    const signed = await signWith(ltvPki.goodP12, 'merge-signed');
    const crafted = scratch.write('merge-crafted.pdf', await craftDss(signed, 'indirect-arrays'));
    const made = await runLtv(crafted, 'merge');
    expect(made.code).toBe(0);
    const doc = await PDFDocument.load(new Uint8Array(readFileSync(made.out)), { updateMetadata: false });
    const dss = doc.catalog.lookup(PDFName.of('DSS'), PDFDict);
    const crls = dss.lookup(PDFName.of('CRLs'), PDFArray);
    // The crafted CRL (the same list the distribution point serves) is not stored twice.
    expect(crls.size()).toBe(1);
    expect(crls.lookup(0)).toBeInstanceOf(PDFRawStream);
    expect(dss.lookup(PDFName.of('OCSPs'), PDFArray).size()).toBe(1);
    expect((await verifyPdf(new Uint8Array(readFileSync(made.out)))).changes).toEqual([]);
  }, 30_000);
});
