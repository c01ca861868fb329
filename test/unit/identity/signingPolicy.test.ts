/**
 * Which certificates may be the clinician's own signing certificate (shared/identity/signingPolicy.ts):
 * certificates made here with exactly the validity, basicConstraints and keyUsage each case needs,
 * Attest's own self-signed certificate, and one made by `openssl req -x509`.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import { IdentityError, assertSigningCertificate, createSelfSignedIdentity, fromPem, signingCertificateProblem } from '../../../shared/identity';
import { PROFILE, makeCertificate, openssl, scratch } from './helpers';

const NOW = new Date('2026-03-10T09:30:00Z');
const DAY = 24 * 3600_000;
const work = scratch();
afterAll(() => { work.done(); });

describe('signingCertificateProblem', () => {
  it('accepts Attest\'s own self-signed certificate (cA=true on purpose, with digitalSignature) for its whole validity', async () => {
    const own = await createSelfSignedIdentity(PROFILE, { now: NOW, validityYears: 3 });
    expect(signingCertificateProblem(own.certificate, NOW)).toBeNull();
    expect(signingCertificateProblem(own.certificate, new Date(NOW.getTime() + 2 * 365 * DAY))).toBeNull();
  });

  it('accepts a certificate made by openssl req -x509 (cA=true, no keyUsage: any use allowed)', () => {
    const key = work.path('req.key.pem');
    const cert = work.path('req.cert.pem');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Institution issued', '-days', '30']);
    expect(signingCertificateProblem(fromPem(work.read('req.cert.pem').toString('utf8')), new Date())).toBeNull();
  });

  it('says expired after notAfter and not yet valid before notBefore; both bounds are inside the validity', async () => {
    const notBefore = new Date(NOW.getTime() - 10 * DAY);
    const notAfter = new Date(NOW.getTime() + 10 * DAY);
    const { certificate } = await makeCertificate({ notBefore, notAfter });
    expect(signingCertificateProblem(certificate, NOW)).toBeNull();
    // X.509 times have whole seconds: the bounds as written in the certificate.
    expect(signingCertificateProblem(certificate, notBefore)).toBeNull();
    expect(signingCertificateProblem(certificate, notAfter)).toBeNull();
    expect(signingCertificateProblem(certificate, new Date(notAfter.getTime() + 1_000))).toBe('expired');
    expect(signingCertificateProblem(certificate, new Date(notBefore.getTime() - 1_000))).toBe('not-yet-valid');
    expect(signingCertificateProblem((await makeCertificate({ notBefore: new Date(NOW.getTime() - 400 * DAY), notAfter: new Date(NOW.getTime() - DAY) })).certificate, NOW)).toBe('expired');
  });

  it('says ca-only for a CA certificate that may only certify, and key-usage for any other that may not sign', async () => {
    const valid = { notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY) };
    const problemOf = async (options: Parameters<typeof makeCertificate>[0]) => signingCertificateProblem((await makeCertificate({ ...valid, ...options })).certificate, NOW);
    expect(await problemOf({ ca: true, keyUsage: ['keyCertSign', 'cRLSign'] })).toBe('ca-only');
    expect(await problemOf({ ca: false, keyUsage: ['keyEncipherment', 'dataEncipherment'] })).toBe('key-usage');
    expect(await problemOf({ ca: null, keyUsage: ['keyAgreement'] })).toBe('key-usage');
    expect(await problemOf({ ca: false, keyUsage: [] })).toBe('key-usage');
    // Either signing bit is enough, with or without cA.
    expect(await problemOf({ ca: true, keyUsage: ['digitalSignature', 'keyCertSign'] })).toBeNull();
    expect(await problemOf({ ca: false, keyUsage: ['nonRepudiation'] })).toBeNull();
    expect(await problemOf({ ca: false, keyUsage: ['digitalSignature'] })).toBeNull();
    expect(await problemOf({ ca: null, keyUsage: null })).toBeNull();
    expect(await problemOf({ ca: true, keyUsage: null })).toBeNull();
  });

  it('names the usage before the dates: an expired CA certificate is ca-only (a renewal would not help)', async () => {
    const { certificate } = await makeCertificate({ ca: true, keyUsage: ['keyCertSign'], notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
    expect(signingCertificateProblem(certificate, NOW)).toBe('ca-only');
  });

  it('treats a keyUsage it cannot read as not allowing signing (fail closed)', async () => {
    const { certificate } = await makeCertificate({ ca: false });
    const parsed = pkijs.Certificate.fromBER(certificate);
    // The keyUsage value replaced by an OCTET STRING whose first byte would have the signing bits set.
    const garbled = new asn1js.OctetString({ valueHex: new Uint8Array([0xc0]).buffer }).toBER(false);
    parsed.extensions = (parsed.extensions ?? []).map((extension) => (extension.extnID === '2.5.29.15' ? new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: garbled }) : extension));
    // Re-signing is not needed: the policy reads the certificate, the signature is checked elsewhere.
    const der = new Uint8Array(parsed.toSchema(true).toBER(false));
    expect(signingCertificateProblem(der, NOW)).toBe('key-usage');
  });

  it('throws malformed for bytes that are not a certificate', () => {
    expect(() => signingCertificateProblem(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), NOW)).toThrow(IdentityError);
  });
});

describe('assertSigningCertificate', () => {
  it('throws the IdentityError of each problem, with its message, and nothing for a good certificate', async () => {
    const cases = [
      [{ notAfter: new Date(NOW.getTime() - DAY), notBefore: new Date(NOW.getTime() - 9 * DAY) }, 'certificate-expired', 'error.certificateExpired'],
      [{ notBefore: new Date(NOW.getTime() + DAY), notAfter: new Date(NOW.getTime() + 9 * DAY) }, 'certificate-not-yet-valid', 'error.certificateNotYetValid'],
      [{ ca: true, keyUsage: ['keyCertSign'] }, 'certificate-ca-only', 'error.certificateCaOnly'],
      [{ keyUsage: ['keyEncipherment'] }, 'certificate-key-usage', 'error.certificateKeyUsage'],
    ] as const;
    for (const [options, code, messageKey] of cases) {
      const { certificate } = await makeCertificate({ notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY), ...options });
      let thrown: unknown = null;
      try {
        assertSigningCertificate(certificate, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IdentityError);
      expect(thrown).toMatchObject({ code, messageKey });
      expect((thrown as IdentityError).message.length).toBeGreaterThan(40);
    }
    const { certificate } = await makeCertificate({ notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + DAY) });
    expect(() => { assertSigningCertificate(certificate, NOW); }).not.toThrow();
  });
});
