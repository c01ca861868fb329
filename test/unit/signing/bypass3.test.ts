/**
 * The third review of the verifier, beyond what attacks.test.ts checks for every corpus entry:
 *  - the effects of bypass3.ts that poppler's text of the attack file alone does not show: the
 *    signed revision showing the true content (the forgery is not already in what Alice saw), and
 *    what pdf.js (the app's preview, Firefox) shows;
 *  - hostile sound PDFs that keep verifyPdf busy for seconds to minutes on files of a few hundred
 *    kilobytes (each in a child process, killed at a timeout);
 *  - trust: a colleague's self-signed certificate made as common tools make one (basicConstraints
 *    cA=true, no keyUsage), once trusted, vouches for any certificate its key issues, one in Alice's
 *    very name included.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPdf, verifyPdf } from '../../../shared/signing';
import * as b3 from './attacks/bypass3';
import { FALSE_TEXT } from './attacks/forge';
import { GENUINE_OPINION } from './attacks/formField';
import { genuineReport, type Genuine } from './attacks/genuine';
import { textOf } from './attacks/oracles';
import { appendUpdate, bytesOf, concatBytes, latin1, readXref } from './attacks/pdfWriter';
import { makePdf, scratchDir, verifyWithin } from './helpers';
import { makeIdentity, type TestIdentity } from './testIdentity';

const scratch = scratchDir('attest-bypass3-');
afterAll(() => { scratch.remove(); });

let g: Genuine;
beforeAll(async () => { g = await genuineReport(); }, 60_000);

/** The file as it was when Alice certified it: the bytes up to the end of the revision before the attacker's last one. */
function beforeLastUpdate(bytes: Uint8Array): Uint8Array {
  const text = latin1(bytes);
  const ends = [...text.matchAll(/%%EOF\r?\n?/g)].map((m) => m.index + m[0].length);
  const end = ends.at(-2);
  if (end === undefined) throw new Error('no earlier revision');
  return bytes.subarray(0, end);
}

async function pdfjsDocument(bytes: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
  return { pdfjs, document };
}

/** Whether pdf.js shows the optional content on page 1 (each marked-content section with /OC, as pdf.js judges its visibility). */
async function pdfjsOptionalContentVisible(bytes: Uint8Array): Promise<boolean[]> {
  const { pdfjs, document } = await pdfjsDocument(bytes);
  try {
    const config = await document.getOptionalContentConfig();
    const ops = await (await document.getPage(1)).getOperatorList();
    const out: boolean[] = [];
    ops.fnArray.forEach((fn, i) => {
      const args = ops.argsArray[i] as unknown[];
      if (fn === pdfjs.OPS.beginMarkedContentProps && args[0] === 'OC') out.push(Boolean(config.isVisible(args[1] as Parameters<typeof config.isVisible>[0])));
    });
    return out;
  } finally {
    await document.destroy();
  }
}

async function pdfjsPageCount(bytes: Uint8Array): Promise<number> {
  const { document } = await pdfjsDocument(bytes);
  try {
    return document.numPages;
  } finally {
    await document.destroy();
  }
}

/** pdf.js's annotations on page 1: subtype, field value, text contents. */
async function pdfjsAnnotations(bytes: Uint8Array): Promise<{ subtype: string; fieldValue: unknown; contents: string | undefined }[]> {
  const { document } = await pdfjsDocument(bytes);
  try {
    const annotations = (await (await document.getPage(1)).getAnnotations()) as { subtype: string; fieldValue?: unknown; contentsObj?: { str?: string } }[];
    return annotations.map((a) => ({ subtype: a.subtype, fieldValue: a.fieldValue, contents: a.contentsObj?.str }));
  } finally {
    await document.destroy();
  }
}

describe('bypass3: what the viewers show before and after the forger\u2019s update', () => {
  it('optional content: hidden in what Alice certified, shown after, in poppler and pdf.js', async () => {
    const attack = await b3.optionalContentPolicyFlipped(g);
    const signed = beforeLastUpdate(attack);
    expect(await textOf(scratch.write('oc-signed.pdf', signed), 1)).not.toContain(FALSE_TEXT);
    expect(await textOf(scratch.write('oc-attack.pdf', attack), 1)).toContain(FALSE_TEXT);
    expect(await pdfjsOptionalContentVisible(signed)).toEqual([false]);
    expect(await pdfjsOptionalContentVisible(attack)).toEqual([true]);
  }, 30_000);

  it('an inherited field value: the genuine opinion when signed, the false one after, in poppler and pdf.js', async () => {
    const attack = await b3.fieldValueFromParent(g);
    const signed = beforeLastUpdate(attack);
    expect(await textOf(scratch.write('parent-signed.pdf', signed), 1)).toContain(GENUINE_OPINION);
    expect((await pdfjsAnnotations(signed)).find((a) => a.subtype === 'Widget')?.fieldValue).toBe(GENUINE_OPINION);
    expect((await pdfjsAnnotations(attack)).find((a) => a.subtype === 'Widget')?.fieldValue).toBe(FALSE_TEXT);
  }, 30_000);

  it('a /DR font swapped: poppler draws the genuine opinion when signed, a blank after', async () => {
    const attack = await b3.formResourcesFontSwapped(g);
    expect(await textOf(scratch.write('dr-signed.pdf', beforeLastUpdate(attack)), 1)).toContain(GENUINE_OPINION);
    expect(await textOf(scratch.write('dr-attack.pdf', attack), 1)).not.toContain(GENUINE_OPINION);
  }, 30_000);

  it('an indirect /Count: pdf.js shows 10 pages when signed, 8 after', async () => {
    const attack = await b3.pageCountIndirect(g);
    expect(await pdfjsPageCount(beforeLastUpdate(attack))).toBe(10);
    expect(await pdfjsPageCount(attack)).toBe(8);
  }, 30_000);

  it('/Annots inherited from an orphan /Parent: pdf.js draws a FreeText with the false finding on page 1 after signing', async () => {
    const attack = await b3.orphanParentAnnots(g);
    expect(await pdfjsAnnotations(beforeLastUpdate(attack))).toEqual([]);
    expect(await pdfjsAnnotations(attack)).toEqual([{ subtype: 'FreeText', fieldValue: undefined, contents: FALSE_TEXT }]);
  }, 30_000);

  it('a prepared signature field over page 1 paints nothing in what Alice certified', async () => {
    const attack = await b3.preparedFieldOverContentSigned(g);
    expect(await textOf(scratch.write('witness-signed.pdf', beforeLastUpdate(attack)), 1)).not.toContain(FALSE_TEXT);
  }, 30_000);
});

const BUDGET_MS = 2_000;


/** The `startxref` of the last revision of `pdf` (whatever its kind of cross-reference). */
function lastStartxref(pdf: Uint8Array): number {
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(latin1(pdf.subarray(Math.max(0, pdf.length - 64))));
  if (!match) throw new Error('no startxref at the end');
  return Number(match[1]);
}

/**
 * 600 classic cross-reference sections chained by /Prev with no `startxref … %%EOF` of their own,
 * then 40,000 `startxref ` words in a comment, then the last section's tail (430 KB). revisionEndOf()
 * looks for each section's own `startxref <offset> %%EOF` from the section to the end of the file:
 * every section walks every word (quadratic).
 */
function manySectionsManyStartxrefs(certified: Uint8Array): Uint8Array {
  const xref = readXref(certified);
  const parts: Uint8Array[] = [certified, bytesOf('\n')];
  let length = certified.length + 1;
  let prev = xref.startxref;
  for (let i = 0; i < 600; i += 1) {
    const section = bytesOf(`xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${String(xref.size)} /Root ${xref.root ?? ''} /Prev ${String(prev)} >>\n`);
    prev = length;
    parts.push(section);
    length += section.length;
  }
  parts.push(bytesOf(`%${'startxref '.repeat(40_000)}\nstartxref\n${String(prev)}\n%%EOF\n`));
  return concatBytes(parts);
}

/**
 * One cross-reference stream with /Size 2,000,000 (/W [1 4 0], all entries free but its own), 40 KB
 * deflated: readStreamSection() makes a Map entry per row, readChain() copies it, state() copies it
 * again for every later revision (three tiny ones here).
 */
async function hugeXrefStream(certified: Uint8Array): Promise<Uint8Array> {
  const { deflateSync } = await import('node:zlib');
  const xref = readXref(certified);
  const size = 2_000_000;
  const at = certified.length + 1;
  const rows = new Uint8Array((size - 1) * 5);
  const self = (size - 2) * 5; // the row of object size - 1, the stream itself (/Index [1 size-1])
  rows.set([1, (at >>> 24) & 0xff, (at >>> 16) & 0xff, (at >>> 8) & 0xff, at & 0xff], self);
  const data = new Uint8Array(deflateSync(rows, { level: 9 }));
  let pdf = concatBytes([
    certified,
    bytesOf(`\n${String(size - 1)} 0 obj\n<< /Type /XRef /Size ${String(size)} /W [1 4 0] /Index [1 ${String(size - 1)}] /Root ${xref.root ?? ''} /Prev ${String(xref.startxref)} /Filter /FlateDecode /Length ${String(data.length)} >>\nstream\n`),
    data,
    bytesOf(`\nendstream\nendobj\nstartxref\n${String(at)}\n%%EOF\n`),
  ]);
  for (let i = 0; i < 3; i += 1) {
    const start = pdf.length;
    pdf = concatBytes([pdf, bytesOf(`xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${String(size)} /Root ${xref.root ?? ''} /Prev ${String(lastStartxref(pdf))} >>\nstartxref\n${String(start)}\n%%EOF\n`)]);
  }
  return pdf;
}

/**
 * An update whose catalog holds an array of 100,000 numbers, then 1,000 empty revisions (440 KB): the
 * roles of every revision are mapped afresh (mapRoles walks the array 1,001 times), and the catalog's
 * new key is judged once per revision after it.
 */
function bigArrayManyRevisions(certified: Uint8Array): Uint8Array {
  const xref = readXref(certified);
  const root = Number((xref.root ?? '').split(' ')[0]);
  const catalog = latin1(certified).slice(xref.entries.get(root)?.offset ?? 0);
  const body = catalog.slice(catalog.indexOf('<<'), catalog.indexOf('endobj')).trim();
  let pdf = appendUpdate(certified, { objects: [{ num: root, body: body.replace(/>>$/, `/Junk [${'0 '.repeat(100_000)}] >>`) }] });
  const parts: Uint8Array[] = [pdf];
  let length = pdf.length;
  let prev = lastStartxref(pdf);
  for (let i = 0; i < 1000; i += 1) {
    const revision = bytesOf(`xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size ${String(xref.size)} /Root ${xref.root ?? ''} /Prev ${String(prev)} >>\nstartxref\n${String(length)}\n%%EOF\n`);
    prev = length;
    parts.push(revision);
    length += revision.length;
  }
  pdf = concatBytes(parts);
  return pdf;
}

describe('bypass3: hostile sound PDFs are judged within the budget', () => {
  it('600 cross-reference sections without their own %%EOF and 40,000 startxref words (430 KB)', async () => {
    const result = await verifyWithin(scratch, manySectionsManyStartxrefs(g.certified), g.alice.certificate, 10_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 30_000);

  it('a cross-reference stream of 2,000,000 free entries, 40 KB deflated, and three empty revisions (150 KB)', async () => {
    const result = await verifyWithin(scratch, await hugeXrefStream(g.certified), g.alice.certificate, 10_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 30_000);

  it('a 100,000-item array in the catalog and 1,000 empty revisions (440 KB)', async () => {
    const result = await verifyWithin(scratch, bigArrayManyRevisions(g.certified), g.alice.certificate, 10_000);
    expect(result.verdict).not.toBe('valid');
    expect(result.elapsed, `took ${String(result.elapsed)} ms`).toBeLessThan(BUDGET_MS);
  }, 30_000);
});

const engine = new pkijs.CryptoEngine({ name: 'webcrypto', crypto: globalThis.crypto });

/** A self-signed certificate as `openssl req -x509` makes one: basicConstraints cA=true, no keyUsage. */
async function selfSignedWithoutKeyUsage(commonName: string): Promise<TestIdentity> {
  const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: 4242 });
  // The same name layout as testIdentity's, so that certificates it issues name it as their issuer.
  const name = new pkijs.RelativeDistinguishedNames({
    typesAndValues: [
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.6', value: new asn1js.PrintableString({ value: 'CH' }) }),
      new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: commonName }) }),
    ],
  });
  certificate.subject = name;
  certificate.issuer = name;
  certificate.notBefore.value = new Date(Date.now() - 86_400_000);
  certificate.notAfter.value = new Date(Date.now() + 365 * 86_400_000);
  const constraints = new pkijs.BasicConstraints({ cA: true });
  certificate.extensions = [new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: constraints.toSchema().toBER(false), parsedValue: constraints })];
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey, engine);
  await certificate.sign(keys.privateKey, 'SHA-256', engine);
  return { privateKey: keys.privateKey, publicKey: keys.publicKey, certificate: new Uint8Array(certificate.toSchema().toBER(false)), commonName };
}

describe('bypass3: trust', () => {
  it('a trusted colleague\u2019s self-signed cA=true certificate without keyUsage does not vouch for a certificate in Alice\u2019s name', async () => {
    const alice = await makeIdentity({ commonName: 'Dr Alice Examiner' });
    const bob = await selfSignedWithoutKeyUsage('Dr Bob Second-Reader');
    // Bob's key issues a certificate with Alice's very name, and signs a report with it.
    const fakeAlice = await makeIdentity({ commonName: 'Dr Alice Examiner', issuer: bob, ca: false });
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const forged = await signPdf(await makePdf(), fakeAlice, { signingTime, name: 'Dr Alice Examiner', certify: { permission: 2 } });
    const result = await verifyPdf(forged, { trust: { certificates: [alice.certificate, bob.certificate] } });
    expect(result.signatures[0]?.signerName).toBe('Dr Alice Examiner');
    expect(result.verdict, JSON.stringify(result.signatures[0]?.trust)).toBe('signer-not-trusted');
    // Bob's own signatures stay trusted (pinned by fingerprint).
    const own = await signPdf(await makePdf(), bob, { signingTime, name: 'Dr Bob Second-Reader', certify: { permission: 2 } });
    expect((await verifyPdf(own, { trust: { certificates: [alice.certificate, bob.certificate] } })).verdict).toBe('valid');
  }, 30_000);
});
