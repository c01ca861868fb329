/**
 * The self-signed certificate, as OpenSSL (a recipient's tool) reads it: a CA that verifies itself,
 * named after the clinician, signed with ECDSA SHA-256; its fingerprint and PEM as Attest shows them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ClinicianProfile, IdentityError, certificateInfo, createSelfSignedIdentity, fromPem, matchesPrivateKey, publicKeyOf, toPem } from '../../../shared/identity';
import { PROFILE, openssl, opensslStatus, scratch } from './helpers';

const NOW = new Date('2026-03-10T09:30:00Z');
const work = scratch();
afterAll(() => { work.done(); });

describe('a self-signed identity', async () => {
  const identity = await createSelfSignedIdentity(PROFILE, { now: NOW });
  const pemFile = work.write('self.pem', toPem(identity.certificate));
  const derFile = work.write('self.der', identity.certificate);

  it('is a CA certificate for the clinician, signed with ECDSA SHA-256, as openssl x509 reads it', () => {
    const text = openssl(['x509', '-inform', 'DER', '-in', derFile, '-noout', '-text', '-nameopt', 'utf8']);
    expect(text).toContain('CA:TRUE');
    expect(text).toMatch(/X509v3 Basic Constraints: critical/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Non Repudiation, Certificate Sign/);
    expect(text).toContain('X509v3 Subject Key Identifier');
    expect(text).toContain('X509v3 Authority Key Identifier');
    expect(text).toContain('ecdsa-with-SHA256');
    expect(text).toContain('NIST CURVE: P-256');
    // One attribute per RDN: `CN=…, O=…`, not a multi-valued `CN=… + O=…`.
    expect(text).toContain(`Subject: CN=${PROFILE.name}, O=${PROFILE.institution}, serialNumber=${PROFILE.registrationNumber}\n`);
    expect(text).toContain(`Issuer: CN=${PROFILE.name}, O=${PROFILE.institution}, serialNumber=${PROFILE.registrationNumber}\n`);
    expect(text).toContain('Not Before: Mar 10 09:29:00 2026 GMT');
    expect(text).toContain('Not After : Mar 10 09:29:00 2029 GMT');
  });

  it('verifies against itself as the trust anchor (openssl verify)', () => {
    const result = opensslStatus(['verify', '-CAfile', pemFile, '-attime', String(Math.floor(NOW.getTime() / 1000) + 3600), pemFile]);
    expect(result.out).toContain(': OK');
    expect(result.status).toBe(0);
  });

  it('has a fresh positive 16-byte serial each time', async () => {
    const other = await createSelfSignedIdentity(PROFILE, { now: NOW });
    const [a, b] = await Promise.all([certificateInfo(identity.certificate), certificateInfo(other.certificate)]);
    expect(a.serialHex).toMatch(/^[0-7][0-9A-F]{31}$/);
    expect(a.serialHex).not.toBe(b.serialHex);
    expect(openssl(['x509', '-inform', 'DER', '-in', derFile, '-noout', '-serial']).trim()).toBe(`serial=${a.serialHex}`);
  });

  it('reports what openssl reports: fingerprint, subject, validity, CA, self-signed', async () => {
    const info = await certificateInfo(identity.certificate);
    const fingerprint = openssl(['x509', '-inform', 'DER', '-in', derFile, '-noout', '-fingerprint', '-sha256']).trim();
    expect(fingerprint).toBe(`sha256 Fingerprint=${info.sha256}`);
    expect(info.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(info.sha256Hex).toBe(info.sha256.replaceAll(':', '').toLowerCase());
    expect(info).toMatchObject({
      commonName: PROFILE.name,
      subject: `CN=${PROFILE.name}, O=${PROFILE.institution}, serialNumber=${PROFILE.registrationNumber}`,
      notBefore: '2026-03-10T09:29:00.000Z',
      notAfter: '2029-03-10T09:29:00.000Z',
      isCA: true,
      keyAlgorithm: 'ECDSA P-256',
      keyBits: 256,
      selfSigned: true,
    });
    expect(info.issuer).toBe(info.subject);
  });

  it('gives an extractable private key that matches the certificate and signs', async () => {
    expect(identity.privateKey.extractable).toBe(true);
    expect(await matchesPrivateKey(identity.privateKey, identity.certificate)).toBe(true);
    const data = new TextEncoder().encode('report');
    const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, identity.privateKey, data);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, await publicKeyOf(identity.certificate), signature, data)).toBe(true);
    const other = await createSelfSignedIdentity(PROFILE, { now: NOW });
    expect(await matchesPrivateKey(other.privateKey, identity.certificate)).toBe(false);
  });

  it('round-trips through PEM, which openssl reads to the same bytes', () => {
    const pem = toPem(identity.certificate);
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    expect(fromPem(`Subject: whatever\n${pem}trailing text`)).toEqual(identity.certificate);
    const back = openssl(['x509', '-in', pemFile, '-outform', 'PEM']);
    expect(fromPem(back)).toEqual(identity.certificate);
    expect(fromPem(toPem(new Uint8Array([1, 2, 3]), 'PRIVATE THING'))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses text without a PEM block, and bytes that are not a certificate', async () => {
    expect(() => fromPem('no armour here')).toThrow(IdentityError);
    expect(() => fromPem('-----BEGIN CERTIFICATE-----\n***\n-----END CERTIFICATE-----')).toThrow(expect.objectContaining({ code: 'no-pem' }) as Error);
    await expect(certificateInfo(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).rejects.toMatchObject({ code: 'malformed' });
  });
});

describe('names in the certificate', () => {
  it('omits O without an institution and serialNumber when the number is not printable', async () => {
    const { certificate } = await createSelfSignedIdentity({ ...PROFILE, institution: '', registrationNumber: 'Nº 12/α' }, { now: NOW, validityYears: 1 });
    const info = await certificateInfo(certificate);
    expect(info.subject).toBe(`CN=${PROFILE.name}`);
    expect(info.notAfter).toBe('2027-03-10T09:29:00.000Z');
  });

  it('validates the profile with message keys, field by field', () => {
    const result = ClinicianProfile.safeParse({ ...PROFILE, name: '  ', profession: 'surgeon', email: 'not an email', extra: 1 });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join('.') || issue.code, issue.message]));
    expect(byField).toMatchObject({
      name: 'domain.error.required',
      profession: 'domain.error.notInList',
      email: 'identity.profile.emailInvalid',
      unrecognized_keys: expect.any(String) as string,
    });
    expect(ClinicianProfile.safeParse({ ...PROFILE, qualifications: 'x\u0000' }).error?.issues[0]?.message).toBe('domain.error.nulCharacter');
    expect(ClinicianProfile.parse({ ...PROFILE, email: 'a.haddad@example.org' }).email).toBe('a.haddad@example.org');
  });
});
