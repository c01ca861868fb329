/**
 * The genuine documents every attack starts from: the example case's Istanbul Protocol report (nine
 * pages, rendered in-process as `attest example` renders it, with its signature fields prepared: the
 * author's naming Alice's certificate, and two locked countersignature boxes), certified by its
 * author Dr Alice (DocMDP permission 2: signing allowed), and a copy countersigned by Dr Bob as second
 * reader in the first box. Both are trusted by the verifier in the corpus tests; Mallory is the
 * attacker, with her own key and a self-signed certificate that bears exactly Alice's name. `legacy`
 * is the same report as Attest signed it before certification existed (issue #6): no prepared
 * fields, one approval signature with its widget over the signature block; such files are in the
 * archives, and the verifier must judge them too.
 *
 * `certify` and `countersign` are SignOptions the lead is adding to signPdf. The options go through
 * a variable typed `Parameters<typeof signPdf>[2] & Record<string, unknown>` so this file compiles
 * before and after they land; before, signPdf ignores them and writes approval signatures (which
 * changes what some attacks exercise, not what they must be called).
 */
import { EXAMPLE_CLINICIAN, exampleCaseFile } from '../../../../cli/example';
import { loadReportFonts } from '../../../../cli/fonts';
import { AUTHOR_FIELD, COUNTERSIGNATURE_FIELD_PREFIX, buildReportModel, renderPdf } from '../../../../shared/report';
import { DEFAULT_REPORTING_POLICY, reportInputFromCaseFile } from '../../../../shared/report/caseFile';
import { certificateFingerprint, signPdf } from '../../../../shared/signing';
import { makeIdentity, type TestIdentity } from '../testIdentity';

export type Permission = 1 | 2 | 3;
export type SignOptionsPlus = Parameters<typeof signPdf>[2] & Record<string, unknown>;

export const ALICE = 'Dr Alice Examiner';
export const BOB = 'Dr Bob Second-Reader';

export interface Genuine {
  /** The rendered report, before any signature. */
  readonly unsigned: Uint8Array;
  /** Where the renderer drew the signature block (page 9): Alice's widget covers it. */
  readonly signatureBlock: { readonly pageIndex: number; readonly rect: readonly [number, number, number, number] };
  /** Certified by Alice, permission 2. */
  readonly certified: Uint8Array;
  /** `certified` countersigned by Bob (second reader), in the first countersignature box. */
  readonly countersigned: Uint8Array;
  /** The report as signed before certification existed: no prepared fields, Alice's approval signature. */
  readonly legacy: Uint8Array;
  readonly alice: TestIdentity;
  readonly bob: TestIdentity;
  /** The forger: another key, a self-signed certificate with Alice's very name. */
  readonly mallory: TestIdentity;
  /** A timestamp authority: a certificate with the timeStamping extended key usage (RFC 3161 §2.3). */
  readonly tsa: TestIdentity;
  /** Signing times: Alice, then Bob a minute later, the attacker two minutes later. */
  readonly times: { readonly alice: Date; readonly bob: Date; readonly mallory: Date };
  /** Alice certifies `pdf` (any prepared variant of the report) in its author field, with the given DocMDP permission. */
  certify(pdf: Uint8Array, permission?: Permission): Promise<Uint8Array>;
  /** Bob countersigns `pdf` as second reader, in the first countersignature box. */
  countersign(pdf: Uint8Array): Promise<Uint8Array>;
}

let cached: Promise<Genuine> | undefined;

/** The genuine report, made once per process (about a second: render, three keys, two signatures). */
export function genuineReport(): Promise<Genuine> {
  cached ??= make();
  return cached;
}

async function make(): Promise<Genuine> {
  const [alice, bob, mallory, tsa] = await Promise.all([
    makeIdentity({ commonName: ALICE }),
    makeIdentity({ commonName: BOB }),
    makeIdentity({ commonName: ALICE }),
    makeIdentity({ commonName: 'Attest Test Timestamp Authority', ca: false, keyUsage: ['digitalSignature', 'nonRepudiation'], extKeyUsage: ['1.3.6.1.5.5.7.3.8'] }),
  ]);
  const caseFile = { ...exampleCaseFile(), clinician: { ...EXAMPLE_CLINICIAN, name: ALICE } };
  const model = buildReportModel(reportInputFromCaseFile(caseFile, { certificateFingerprint: await certificateFingerprint(alice.certificate), reportingPolicy: DEFAULT_REPORTING_POLICY }));
  const fonts = await loadReportFonts();
  const rendered = await renderPdf(model, fonts, { prepareSignatures: { authorName: ALICE, authorCertificate: alice.certificate } });
  if (rendered.fields.author !== AUTHOR_FIELD) throw new Error('the report prepared no author field');
  // Whole seconds: /M has no fractions, and the verifier reports the time back.
  const base = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
  const times = { alice: new Date(base), bob: new Date(base + 60_000), mallory: new Date(base + 120_000) };
  const signatureBlock = { pageIndex: rendered.signatureBlock.pageIndex, rect: [...rendered.signatureBlock.rect] as [number, number, number, number] };

  const certify = (pdf: Uint8Array, permission: Permission = 2): Promise<Uint8Array> => {
    const options: SignOptionsPlus = {
      signingTime: times.alice,
      name: ALICE,
      reason: 'Author of this medico-legal report',
      location: caseFile.place,
      field: AUTHOR_FIELD,
      certify: { permission },
    };
    return signPdf(pdf, alice, options);
  };
  const countersign = (pdf: Uint8Array): Promise<Uint8Array> => {
    const options: SignOptionsPlus = { signingTime: times.bob, name: BOB, reason: 'Second reader', field: `${COUNTERSIGNATURE_FIELD_PREFIX}1`, countersign: { role: 'second-reader' } };
    return signPdf(pdf, bob, options);
  };
  const certified = await certify(rendered.bytes);
  const countersigned = await countersign(certified);
  const legacyRendered = await renderPdf(model, fonts);
  const legacy = await signPdf(legacyRendered.bytes, alice, { signingTime: times.alice, name: ALICE, reason: 'Author of this medico-legal report', location: caseFile.place, widget: legacyRendered.signatureBlock });
  return { unsigned: rendered.bytes, signatureBlock, certified, countersigned, legacy, alice, bob, mallory, tsa, times, certify, countersign };
}
