/**
 * PAdES baseline B-B signing by incremental update (ISO 32000-1 §12.8, ETSI EN 319 142-1).
 *
 * The signature is always appended to the input bytes, never written over them, so the first signature
 * and a co-signature (peer review) are made the same way and an earlier signature stays valid: its
 * /ByteRange still covers exactly the bytes it covered.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString } from '@cantoo/pdf-lib';
import { ascii, concat, equalBytes, latin1, sha256, toHex, type Bytes } from './bytes';
import { createCadesSignature } from './cms';
import { formatPdfDate } from './pdfDate';

export interface SigningIdentity {
  /** ECDSA P-256 (SHA-256) or RSASSA-PKCS1-v1_5 (SHA-256); non-extractable is fine. */
  readonly privateKey: CryptoKey;
  /** DER X.509 of the signer. */
  readonly certificate: Uint8Array;
  /** DER issuer certificates (from a PKCS#12), included in the CMS. */
  readonly chain?: readonly Uint8Array[];
}

export interface SignOptions {
  /** Written to /M; CAdES B-B carries no signingTime attribute. */
  readonly signingTime: Date;
  readonly name?: string;
  readonly reason?: string;
  readonly location?: string;
  readonly contactInfo?: string;
  /** Default 'Signature1', 'Signature2'…, the first not already in the document. */
  readonly fieldName?: string;
  /** Where the visible signature block is (drawn by the report renderer); the widget covers it. Absent: invisible widget. */
  readonly widget?: { readonly pageIndex: number; readonly rect: readonly [number, number, number, number] };
  /** Bytes reserved for the CMS (default 16384: P-256 or RSA-4096 with a chain of a few certificates). */
  readonly placeholderBytes?: number;
}

export type SigningErrorCode = 'not-pdf' | 'unreadable-pdf' | 'field-exists' | 'bad-widget' | 'placeholder-too-small' | 'bad-identity';

/** A signing failure a person can act on; `message` says what to do. */
export class SigningError extends Error {
  override readonly name = 'SigningError';
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_PLACEHOLDER_BYTES = 16384;
const BYTE_RANGE_MARK = '**********';

/** Every field's /T in the AcroForm tree (partial names are enough to keep ours unique at the top). */
function fieldNames(acroForm: PDFDict | undefined): Set<string> {
  const names = new Set<string>();
  const seen = new Set<PDFDict>();
  const visit = (array: PDFArray | undefined, depth: number): void => {
    if (!array || depth > 32) return;
    for (let i = 0; i < array.size(); i += 1) {
      const field = array.lookupMaybe(i, PDFDict);
      if (!field || seen.has(field)) continue;
      seen.add(field);
      const title = field.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString);
      if (title) names.add(title.decodeText());
      visit(field.lookupMaybe(PDFName.of('Kids'), PDFArray), depth + 1);
    }
  };
  visit(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), 0);
  return names;
}

function textValue(text: string): PDFHexString {
  // Hex UTF-16 with BOM: any script, and nothing in a name can break out of the string.
  return PDFHexString.fromText(text);
}

function findOnce(haystack: string, pattern: RegExp, what: string): RegExpExecArray {
  const match = pattern.exec(haystack);
  if (!match) throw new Error(`Internal error: the ${what} placeholder was not written.`);
  return match;
}

/**
 * Signs `pdf` (PAdES B-B, SubFilter ETSI.CAdES.detached, SHA-256) and returns the input bytes with
 * one incremental update appended: the signature field and widget, the updated AcroForm (/SigFlags 3)
 * and page /Annots, and the signature dictionary whose /Contents holds the CMS.
 */
export async function signPdf(pdf: Uint8Array, identity: SigningIdentity, options: SignOptions): Promise<Uint8Array> {
  if (latin1(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0) throw new SigningError('not-pdf', 'This file is not a PDF.');
  const placeholderBytes = options.placeholderBytes ?? DEFAULT_PLACEHOLDER_BYTES;
  if (!Number.isInteger(placeholderBytes) || placeholderBytes < 1024) throw new SigningError('placeholder-too-small', 'placeholderBytes must be a whole number of at least 1024.');
  if (Number.isNaN(options.signingTime.getTime())) throw new SigningError('bad-identity', 'The signing time is not a valid date.');

  // The update must start on a line of its own: appending after "%%EOF" with no newline would glue
  // the first new object to it. Adding one end-of-line is itself an append, so earlier bytes stay put.
  const last = pdf[pdf.length - 1];
  const base: Bytes = last === 0x0a || last === 0x0d ? concat([pdf]) : concat([pdf, ascii('\n')]);

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(base, { forIncrementalUpdate: true, updateMetadata: false });
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read for signing (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const { context, catalog } = doc;
  const pages = doc.getPages();
  const pageIndex = options.widget?.pageIndex ?? 0;
  const page = pages[pageIndex];
  if (!page) throw new SigningError('bad-widget', `The signature widget is on page ${pageIndex + 1}, but the document has ${pages.length} page(s).`);
  const rect = options.widget?.rect ?? [0, 0, 0, 0];
  if (rect.some((n) => !Number.isFinite(n))) throw new SigningError('bad-widget', 'The signature widget rectangle must be four finite numbers.');

  const acroForm = catalog.getOrCreateAcroForm().dict;
  const existing = fieldNames(acroForm);
  let fieldName = options.fieldName;
  if (fieldName === undefined) {
    for (let n = 1; fieldName === undefined; n += 1) if (!existing.has(`Signature${n}`)) fieldName = `Signature${n}`;
  } else if (existing.has(fieldName) || fieldName === '' || fieldName.includes('.')) {
    throw new SigningError('field-exists', `A field named "${fieldName}" already exists or the name is not allowed (empty or with a dot): choose another field name.`);
  }

  const sigDict = context.obj({
    Type: 'Sig',
    Filter: 'Adobe.PPKLite',
    SubFilter: 'ETSI.CAdES.detached',
    ByteRange: [0, PDFName.of(BYTE_RANGE_MARK), PDFName.of(BYTE_RANGE_MARK), PDFName.of(BYTE_RANGE_MARK)],
    Contents: PDFHexString.of('0'.repeat(placeholderBytes * 2)),
    M: PDFString.of(formatPdfDate(options.signingTime)),
  });
  if (options.name !== undefined) sigDict.set(PDFName.of('Name'), textValue(options.name));
  if (options.reason !== undefined) sigDict.set(PDFName.of('Reason'), textValue(options.reason));
  if (options.location !== undefined) sigDict.set(PDFName.of('Location'), textValue(options.location));
  if (options.contactInfo !== undefined) sigDict.set(PDFName.of('ContactInfo'), textValue(options.contactInfo));
  const sigRef = context.register(sigDict);

  const [x1, y1, x2, y2] = rect;
  const widget = context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    Rect: [x1, y1, x2, y2],
    V: sigRef,
    T: textValue(fieldName),
    F: 132, // Print | Locked
    P: page.ref,
  });
  if (options.widget) {
    // An empty appearance: the report renderer has already drawn the signature block under the widget,
    // and a viewer must not paint its own over it.
    const width = Math.abs(x2 - x1);
    const height = Math.abs(y2 - y1);
    const appearance = context.stream(new Uint8Array(0), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: {} });
    widget.set(PDFName.of('AP'), context.obj({ N: context.register(appearance) }));
  }
  const widgetRef = context.register(widget);

  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), context.obj([widgetRef]));

  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (fields) fields.push(widgetRef);
  else acroForm.set(PDFName.of('Fields'), context.obj([widgetRef]));
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3)); // SignaturesExist | AppendOnly
  acroForm.registerChange();
  page.node.registerChange();

  const prepared = await doc.commit({ useObjectStreams: false });
  if (prepared.length <= base.length || !equalBytes(prepared.subarray(0, base.length), base)) {
    throw new Error('Internal error: the incremental update rewrote earlier bytes.');
  }

  // Locate the placeholders in the appended part only: earlier signatures must not be touched.
  const update = latin1(prepared.subarray(base.length));
  const rangeMatch = findOnce(update, /\/ByteRange\s*\[\s*0\s+\/\*{10}\s+\/\*{10}\s+\/\*{10}\s*\]/, 'ByteRange');
  const contentsMatch = findOnce(update, new RegExp(`/Contents\\s*<(0{${placeholderBytes * 2}})>`), 'Contents');
  const contentsStart = base.length + contentsMatch.index + contentsMatch[0].indexOf('<');
  const contentsEnd = contentsStart + placeholderBytes * 2 + 2;
  const byteRange = [0, contentsStart, contentsEnd, prepared.length - contentsEnd] as const;

  const rangeText = `/ByteRange [${byteRange.join(' ')}]`;
  if (rangeText.length > rangeMatch[0].length) throw new Error('Internal error: the ByteRange does not fit its placeholder.');
  prepared.set(ascii(rangeText.padEnd(rangeMatch[0].length, ' ')), base.length + rangeMatch.index);

  const contentDigest = await sha256(concat([prepared.subarray(0, contentsStart), prepared.subarray(contentsEnd)]));
  let cms: Bytes;
  try {
    cms = await createCadesSignature({ contentDigest, privateKey: identity.privateKey, certificate: identity.certificate, chain: identity.chain ?? [] });
  } catch (error) {
    throw new SigningError('bad-identity', `The signing identity could not sign (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  if (cms.length > placeholderBytes) {
    throw new SigningError('placeholder-too-small', `The signature needs ${cms.length} bytes but only ${placeholderBytes} were reserved: sign again with a larger placeholderBytes.`);
  }
  prepared.set(ascii(toHex(cms)), contentsStart + 1);
  return prepared;
}

