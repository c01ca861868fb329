/**
 * Who is trusted (shared/signing/trust.ts), through verifyPdf and `attest verify`: a signer issued by a
 * trusted institution CA; the same signer revoked by a CRL the recipient holds (given with --crl, or as
 * *.crl in a --trust folder); a certificate that is not for signing; one not yet valid at the signing
 * time; and a CA that is trusted does not vouch for a certificate it did not sign.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as verify, type CommandIo } from '../../../cli/commands/verify';
import { signPdf, verifyPdf } from '../../../shared/signing';
import { makePdf } from './helpers';
import { makeIdentity, toPem, type TestIdentity } from './testIdentity';

const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });

/** A CRL issued and signed by `ca`, revoking `revoked` (DER certificates) since `at`. */
async function makeCrl(ca: TestIdentity, revoked: readonly Uint8Array[], at: Date): Promise<Uint8Array> {
  const caCert = pkijs.Certificate.fromBER(new Uint8Array(ca.certificate));
  const crl = new pkijs.CertificateRevocationList();
  crl.version = 1;
  crl.issuer = caCert.subject;
  crl.thisUpdate = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(at.getTime() - 60_000) });
  crl.nextUpdate = new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: new Date(Date.now() + 30 * 86_400_000) });
  crl.revokedCertificates = revoked.map((der) => new pkijs.RevokedCertificate({ userCertificate: pkijs.Certificate.fromBER(new Uint8Array(der)).serialNumber, revocationDate: new pkijs.Time({ type: pkijs.TimeType.UTCTime, value: at }) }));
  await crl.sign(ca.privateKey, 'SHA-256', engine);
  const schema: unknown = crl.toSchema(true);
  if (!(schema instanceof asn1js.Sequence)) throw new Error("CRL schema");
  return new Uint8Array(schema.toBER(false));
}

function toPemCrl(der: Uint8Array): string {
  return toPem(der).replace(/CERTIFICATE/g, 'X509 CRL');
}

let ca: TestIdentity;
let leaf: TestIdentity;
let signedByLeaf: Uint8Array;
const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);

beforeAll(async () => {
  ca = await makeIdentity({ commonName: 'Centre for Forensic Medicine CA', keyUsage: ['keyCertSign', 'cRLSign'] });
  leaf = await makeIdentity({ commonName: 'Dr Carol Leaf', issuer: ca, ca: false, notBefore: new Date(Date.now() - 2 * 86_400_000) });
  signedByLeaf = await signPdf(await makePdf(), leaf, { signingTime, certify: { permission: 2 } });
});

describe('trust through an institution CA', () => {
  it('trusts a signer issued by a trusted CA, and says which CA', async () => {
    const result = await verifyPdf(signedByLeaf, { trust: { certificates: [ca.certificate] } });
    expect(result.verdict).toBe('valid');
    expect(result.signatures[0]?.trust).toMatchObject({ status: 'trusted', via: 'ca', problems: [] });
  });

  it('does not trust it once a CRL the recipient holds revokes it', async () => {
    const crl = await makeCrl(ca, [leaf.certificate], new Date(signingTime.getTime() - 60_000));
    const result = await verifyPdf(signedByLeaf, { trust: { certificates: [ca.certificate], crls: [crl] } });
    expect(result.verdict).toBe('signer-not-trusted');
    expect(result.signatures[0]?.trust.status).toBe('not-trusted');
    expect(result.signatures[0]?.trust.problems).toContain('revoked');
    // A CRL that revokes someone else changes nothing, and says revocation was checked.
    const other = await makeIdentity({ commonName: 'Dr Other', issuer: ca, ca: false });
    const unrelated = await makeCrl(ca, [other.certificate], new Date());
    const clean = await verifyPdf(signedByLeaf, { trust: { certificates: [ca.certificate], crls: [unrelated] } });
    expect(clean.verdict).toBe('valid');
    expect(clean.signatures[0]?.trust).toMatchObject({ status: 'trusted', revocationChecked: true });
  });

  it('counts a revocation dated after the signing time, since that time is only claimed by the signer (PAdES B-B)', async () => {
    const later = await makeCrl(ca, [leaf.certificate], new Date(signingTime.getTime() + 30 * 60_000));
    const result = await verifyPdf(signedByLeaf, { trust: { certificates: [ca.certificate], crls: [later] } });
    expect(result.signatures[0]?.timeSource).toBe('claimed');
    expect(result.signatures[0]?.trust.problems).toContain('revoked');
  });

  it('refuses a CRL not signed by the CA (a forged revocation list is no list)', async () => {
    const forger = await makeIdentity({ commonName: 'Centre for Forensic Medicine CA', keyUsage: ['keyCertSign', 'cRLSign'] });
    const forged = await makeCrl(forger, [leaf.certificate], new Date(signingTime.getTime() - 60_000));
    const result = await verifyPdf(signedByLeaf, { trust: { certificates: [ca.certificate], crls: [forged] } });
    expect(result.signatures[0]?.trust.status).toBe('trusted');
  });

  it('does not trust a certificate that is not for signing, or not yet valid at the signing time', async () => {
    const encipherOnly = await makeIdentity({ commonName: 'Dr Keys', issuer: ca, ca: false, keyUsage: ['keyEncipherment'] });
    const a = await verifyPdf(await signPdf(await makePdf(), encipherOnly, { signingTime }), { trust: { certificates: [ca.certificate] } });
    expect(a.signatures[0]?.trust.problems).toContain('key-usage');
    expect(a.verdict).toBe('signer-not-trusted');
    const future = await makeIdentity({ commonName: 'Dr Future', issuer: ca, ca: false, notBefore: new Date(Date.now() + 86_400_000), notAfter: new Date(Date.now() + 400 * 86_400_000) });
    const b = await verifyPdf(await signPdf(await makePdf(), future, { signingTime }), { trust: { certificates: [ca.certificate] } });
    expect(b.signatures[0]?.trust.problems).toContain('not-yet-valid');
  });

  it('attest verify: exit 3 with --crl naming the revocation, exit 0 without it; a --trust folder reads *.crl too', async () => {
    const crl = await makeCrl(ca, [leaf.certificate], new Date(signingTime.getTime() - 60_000));
    const files = new Map<string, Uint8Array>([
      ['/in/report.pdf', signedByLeaf],
      ['/trust/ca.pem', new TextEncoder().encode(toPem(ca.certificate))],
      ['/trust/revoked.crl', new TextEncoder().encode(toPemCrl(crl))],
      ['/ca.pem', new TextEncoder().encode(toPem(ca.certificate))],
      ['/revoked.crl', crl],
    ]);
    const run = async (...argv: string[]): Promise<{ code: number; text: string }> => {
      const out: string[] = [];
      const io: CommandIo = {
        stdout: (line) => out.push(line),
        stderr: (line) => out.push(line),
        env: {},
        readFile: (path) => (files.has(path) ? Promise.resolve(files.get(path) ?? new Uint8Array()) : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' }))),
        writeFile: () => Promise.reject(new Error('no writes')),
        readDir: (path) => Promise.resolve(path === '/trust' ? ['ca.pem', 'revoked.crl'] : null),
      };
      return { code: await verify(argv, io), text: out.join('\n') };
    };
    expect((await run('/in/report.pdf', '--trust', '/ca.pem')).code).toBe(0);
    const revoked = await run('/in/report.pdf', '--trust', '/ca.pem', '--crl', '/revoked.crl');
    expect(revoked.code).toBe(3);
    expect(revoked.text).toContain('NOT TRUSTED: the certificate was revoked');
    expect((await run('/in/report.pdf', '--trust', '/trust')).code).toBe(3);
  });
});
