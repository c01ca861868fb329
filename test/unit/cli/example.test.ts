/**
 * `attest example`, checked with outside tools: poppler's pdfsig and pdftotext, qpdf, and (when
 * installed) an NSS database that trusts the demo certificate. Then what a reader does with the
 * result: verify it, co-sign it with a second identity, and see one flipped byte break it.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as sign } from '../../../cli/commands/sign';
import { run as verify } from '../../../cli/commands/verify';
import { run as example } from '../../../cli/commands/example';
import { EXAMPLE_CLINICIAN, EXAMPLE_INTERPRETER, EXAMPLE_OWN_WORDS, EXAMPLE_PERSON, exampleCaseFile } from '../../../cli/example';
import { ARM_JPEG_BASE64, ARM_JPEG_SHA256, BACK_JPEG_BASE64, BACK_JPEG_SHA256 } from '../../../cli/exampleAssets';
import { hitTest } from '../../../shared/bodyCharts';
import { en } from '../../../shared/i18n';
import { createSelfSignedIdentity, exportPkcs12, toPem } from '../../../shared/identity';
import { fixtureLesions } from '../domain/fixtures';
import { hasCommand, pdfsig, pdftotext, qpdfCheck, scratchDir } from '../signing/helpers';
import { attest, capture } from './helpers';

const scratch = scratchDir('attest-cli-example-');
afterAll(() => { scratch.remove(); });

const dir = join(scratch.dir, 'example');
const report = join(dir, 'report.pdf');
const cert = join(dir, 'identity.cert.pem');
let stdout = '';
let stderr = '';
let status: number | null = null;
let password = '';

const flat = (s: string) => s.replace(/\s+/g, ' ');

/** pdfsig's output cut into one block per signature made (pdfsig also lists the empty countersignature fields the report prepares). */
function signatureBlocks(output: string): string[] {
  return output.split(/^Signature #\d+:$/m).slice(1).filter((block) => block.includes('Signature Validation:'));
}

beforeAll(() => {
  ({ status, stdout, stderr } = attest(['example', '--out', dir]));
  password = /^Password of identity\.p12 \(shown this once, stored nowhere\): (\S+)$/m.exec(stdout)?.[1] ?? '';
}, 60_000);

describe('attest example --out DIR', () => {
  it('writes case.json, identity.p12, identity.cert.pem and report.pdf, and prints the password once', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    for (const name of ['case.json', 'identity.p12', 'identity.cert.pem', 'report.pdf']) {
      expect(stdout).toContain(`  ${name} `);
      expect(statSync(join(dir, name)).size).toBeGreaterThan(0);
    }
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(stdout.split(password)).toHaveLength(2);
    expect(readFileSync(join(dir, 'case.json'), 'utf8')).not.toContain(password);
    expect(readFileSync(cert, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    // The password opens the PKCS#12 (OpenSSL as the outside reader).
    const bags = execFileSync('openssl', ['pkcs12', '-in', join(dir, 'identity.p12'), '-nokeys', '-passin', `pass:${password}`], { encoding: 'utf8' });
    expect(bags).toContain('serialNumber = RPPS-10101234567');
  });

  it('signs the report so that pdfsig finds one valid signature over the whole document', () => {
    const out = pdfsig(report);
    const blocks = signatureBlocks(out);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toContain('Signature Validation: Signature is Valid.');
    expect(blocks[0]).toContain('Total document signed');
    expect(blocks[0]).toContain(`Signer Certificate Common Name: ${EXAMPLE_CLINICIAN.name}`);
  });

  it.skipIf(!hasCommand('certutil'))('is trusted by pdfsig once the demo certificate is in an NSS database', () => {
    const nss = scratchDir('attest-cli-nss-');
    try {
      const db = `sql:${nss.dir}`;
      execFileSync('certutil', ['-N', '-d', db, '--empty-password']);
      execFileSync('certutil', ['-A', '-d', db, '-n', 'example', '-t', 'CT,C,C', '-i', cert]);
      const out = pdfsig(report, ['-nssdir', db]);
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Certificate Validation: Certificate is Trusted.');
    } finally {
      nss.remove();
    }
  });

  it('prints the seventeen Annex IV headings in order, and the Greek, Cyrillic and accented text exactly', () => {
    const text = pdftotext(report);
    const headings = Object.values(en.report.sections);
    expect(headings).toHaveLength(17);
    expect(headings[0]).toBe('I. Case information');
    expect(headings[16]).toBe('XVII. Relevant annexes');
    let at = -1;
    for (const heading of headings) {
      const index = text.indexOf(heading, at + 1);
      expect(index, heading).toBeGreaterThan(at);
      at = index;
    }
    expect(text).toContain(`${EXAMPLE_PERSON.givenName} ${EXAMPLE_PERSON.familyName}`);
    expect(text).toContain('Αλέξανδρος Ζωή Соколов-Müller');
    expect(flat(text)).toContain(flat(EXAMPLE_OWN_WORDS));
    expect(text).toContain(EXAMPLE_INTERPRETER);
    expect(text).toContain('Θεσσαλονίκη');
    expect(text).toContain('Dr Zoë Lefèvre-Núñez');
    expect(text).toContain('Conseil national de l’Ordre des médecins');
  });

  it('passes qpdf --check', () => {
    const check = qpdfCheck(report);
    expect(check.output).toContain('No syntax or stream encoding errors found');
    expect(check.status).toBe(0);
  });

  it('prints each photograph with the SHA-256 of its original and embeds both images', () => {
    const text = flat(pdftotext(report));
    for (const [base64, sha] of [[BACK_JPEG_BASE64, BACK_JPEG_SHA256], [ARM_JPEG_BASE64, ARM_JPEG_SHA256]] as const) {
      expect(createHash('sha256').update(Buffer.from(base64, 'base64')).digest('hex')).toBe(sha);
      expect(text).toContain(sha);
    }
    const images = execFileSync('pdfimages', ['-list', report], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(2);
  });

  it('verifies with attest verify --trust identity.cert.pem (exit 0)', async () => {
    const v = capture();
    expect(await verify([report, '--trust', cert], v.io)).toBe(0);
    expect(v.out.at(-1)).toMatch(/^Verdict: VALID\. Every signature is intact/);
    expect(v.out.join('\n')).toContain("certification signature (the author's), later changes allowed: signatures only");
    expect(v.out.join('\n')).toContain(`Signer:      ${EXAMPLE_CLINICIAN.name}`);
  });

  it('takes a countersignature from a second identity in the box the report prepared: pdfsig finds two valid signatures, the second over the whole document', async () => {
    const reviewer = await createSelfSignedIdentity(
      { name: 'Dr Олена Коваленко', profession: 'physician', qualifications: 'MD, forensic pathology', registrationBody: 'Medical council', registrationNumber: 'MC-778', institution: 'Forensic medical service', role: 'forensic' },
      { now: new Date() },
    );
    const p12 = scratch.write('reviewer.p12', await exportPkcs12(reviewer.privateKey, reviewer.certificate, 'peer review pass', [], { iterations: 2048 }));
    const reviewerCert = scratch.write('reviewer.pem', toPem(reviewer.certificate));
    const cosigned = join(scratch.dir, 'cosigned.pdf');
    const s = capture({ REVIEWER_PASSWORD: 'peer review pass' });
    expect(await sign([report, '--p12', p12, '--password-env', 'REVIEWER_PASSWORD', '--out', cosigned, '--countersign', 'peer-review'], s.io)).toBe(0);
    expect(s.out.join('\n')).toContain('Signed by Dr Олена Коваленко, countersigned as peer review (field Countersignature1');

    const blocks = signatureBlocks(pdfsig(cosigned));
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(block).toContain('Signature Validation: Signature is Valid.');
    expect(blocks[0]).not.toContain('Total document signed');
    expect(blocks[1]).toContain('Total document signed');
    expect(blocks[1]).toContain('Signer Certificate Common Name: Dr Олена Коваленко');

    const v = capture();
    expect(await verify([cosigned, '--trust', cert, '--trust', reviewerCert], v.io)).toBe(0);
    expect(v.out.at(-1)).toMatch(/^Verdict: VALID\./);
    expect(v.out.join('\n')).toContain('Signature 2 of 2 (field Countersignature1): intact, approval signature, countersignature as peer review');
    // The countersignature box on the printed page says who countersigned, in what role, with the certificate's fingerprint.
    const printed = flat(pdftotext(cosigned));
    expect(printed).toMatch(/Countersigned \(peer review\), \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC Dr Олена Коваленко Certificate SHA-256:/);
    const reviewerFingerprint = createHash('sha256').update(reviewer.certificate).digest('hex').toUpperCase().match(/../g)?.join(':') ?? '';
    expect(printed).toContain(reviewerFingerprint.slice(0, 47));
    expect(qpdfCheck(cosigned).status).toBe(0);
  }, 30_000);

  it('breaks on one flipped byte inside the signed range: pdfsig says "Digest Mismatch." and verify exits 1', async () => {
    const bytes = new Uint8Array(readFileSync(report));
    const text = new TextDecoder('latin1').decode(bytes);
    const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(text);
    const firstEnd = Number(range?.[2]);
    const at = text.indexOf('/MediaBox') + 2;
    expect(at).toBeGreaterThan(1);
    expect(at).toBeLessThan(firstEnd);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    const flipped = join(scratch.dir, 'flipped.pdf');
    writeFileSync(flipped, bytes);
    expect(pdfsig(flipped)).toContain('Digest Mismatch.');
    const v = capture();
    expect(await verify([flipped, '--trust', cert], v.io)).toBe(1);
    expect(v.out.at(-1)).toMatch(/^Verdict: INVALID\./);
  });

  it('refuses a folder that already holds the files, and bad arguments, with exit 2 and nothing written', async () => {
    const before = readFileSync(report);
    const again = capture();
    expect(await example(['--out', dir], again.io)).toBe(2);
    expect(again.err.join('\n')).toContain('already holds case.json');
    expect(readFileSync(report).equals(before)).toBe(true);
    expect(await example([], capture().io)).toBe(2);
    expect(await example(['--out'], capture().io)).toBe(2);
    expect(await example(['--out', join(scratch.dir, 'x'), '--force'], capture().io)).toBe(2);
    expect(existsSync(join(scratch.dir, 'x'))).toBe(false);
  });
});

describe('lesion marks of the example and of the domain fixture', () => {
  it('lie inside the body charts (300 × 620), in the region each lesion names', () => {
    for (const lesion of [...(exampleCaseFile().examination.findings?.lesions ?? []), ...fixtureLesions()]) {
      const { chart, x, y } = lesion.mark ?? { chart: 'body_male_front', x: -1, y: -1 };
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(300);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(620);
      const hit = hitTest(chart, x, y);
      expect(hit?.region, `${lesion.id} on ${chart}`).toBe(lesion.region);
      if (lesion.side !== 'bilateral') expect(hit?.side, lesion.id).toBe(lesion.side);
    }
  });
});
