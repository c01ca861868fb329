/**
 * PAdES baseline B-B signing by incremental update (ISO 32000-1 §12.8, ETSI EN 319 142-1).
 *
 * The signature is always appended to the input bytes, never written over them, so the first signature
 * and a co-signature (peer review) are made the same way and an earlier signature stays valid: its
 * /ByteRange still covers exactly the bytes it covered.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, rgb, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';
import type { FallbackFont } from '../report/typeset';
import { ascii, concat, equalBytes, latin1, sha256, toHex, type Bytes } from './bytes';
import { createCadesSignature } from './cms';
import { formatPdfDate } from './pdfDate';
import { PdfFile, PdfStructureError } from './pdfFile';
import type { CountersignRole } from './verdict';
import { requestTimestamp, TimestampError, type TimestampFailure, type TimestampPolicy, type TimestampTransport } from './timestamp';

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
  /** Where the visible signature block is (drawn by the report renderer); the widget covers it. Absent: invisible widget. */
  readonly widget?: { readonly pageIndex: number; readonly rect: readonly [number, number, number, number] };
  /** Bytes reserved for the CMS (default 16384: P-256 or RSA-4096 with a chain of a few certificates). */
  readonly placeholderBytes?: number;
  /**
   * Fill this empty signature field, which the document already has (the report prepares one for its
   * author and boxes for countersignatures), instead of adding a field. If the field names the
   * certificate that must sign it (/SV /Cert /Subject), signing with another is refused.
   */
  readonly field?: string;
  /**
   * A certification signature (DocMDP, ISO 32000-1 §12.8.2.2): the first signature of the document,
   * stating which later changes are allowed: 1 none, 2 signing (the Attest report author's), 3 signing
   * and annotations. Refused on a document that is already signed.
   */
  readonly certify?: { readonly permission: 1 | 2 | 3 };
  /** An approval signature by a second clinician, in a stated role, locking its own field (FieldMDP). */
  readonly countersign?: { readonly role: CountersignRole };
  /**
   * Lines to draw in the prepared field's box (a countersignature box), so that the printed page says
   * who countersigned; `font` is a TrueType font, embedded as a subset. Only with `field`.
   */
  readonly appearance?: {
    readonly lines: readonly string[];
    readonly font: Uint8Array;
    /** Fonts for other scripts (Arabic, Chinese, emoji), embedded as subsets only when the lines use them. */
    readonly fallbacks?: readonly FallbackFont[];
    /** The document's language (BCP 47): an RTL language sets the lines' base direction. */
    readonly language?: string;
  };
  /**
   * PAdES B-T: a timestamp authority to stamp the signature value (RFC 3161, with a nonce), its answer
   * checked before it is used (timestamp.ts). When it cannot be reached or its answer is not
   * acceptable, the signature is made without (B-B) and `signPdfDetailed` says why.
   */
  readonly timestamp?: { readonly transport: TimestampTransport; readonly policy?: TimestampPolicy };
}

/** What became of the signature-time-stamp a signing asked for. */
export type TimestampOutcome =
  | { readonly status: 'attested'; readonly time: Date; readonly tsaName: string | null; readonly token: Uint8Array }
  | { readonly status: 'failed'; readonly code: TimestampFailure; readonly message: string };

export type SigningErrorCode =
  | 'not-pdf'
  | 'unreadable-pdf'
  | 'field-exists'
  | 'no-such-field'
  | 'field-signed'
  | 'wrong-signer'
  | 'already-signed'
  | 'bad-widget'
  | 'placeholder-too-small'
  | 'bad-identity';

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

/** The top-level or nested field called `name` (full dotted name), or null. */
function findField(acroForm: PDFDict | undefined, name: string): { ref: PDFRef | null; dict: PDFDict } | null {
  let found: { ref: PDFRef | null; dict: PDFDict } | null = null;
  const seen = new Set<PDFDict>();
  const visit = (array: PDFArray | undefined, prefix: string | null, depth: number): void => {
    if (!array || depth > 32 || found) return;
    for (let i = 0; i < array.size(); i += 1) {
      const raw = array.get(i);
      const field = array.lookupMaybe(i, PDFDict);
      if (!field || seen.has(field)) continue;
      seen.add(field);
      const title = field.lookupMaybe(PDFName.of('T'), PDFString, PDFHexString)?.decodeText();
      const full = title === undefined ? prefix : prefix === null ? title : `${prefix}.${title}`;
      if (full === name) {
        found = { ref: raw instanceof PDFRef ? raw : null, dict: field };
        return;
      }
      visit(field.lookupMaybe(PDFName.of('Kids'), PDFArray), full, depth + 1);
    }
  };
  visit(acroForm?.lookupMaybe(PDFName.of('Fields'), PDFArray), null, 0);
  return found;
}

/** The DER certificates a field's seed value requires (/SV /Cert /Subject), or null when it names none. */
function requiredSigners(field: PDFDict): Uint8Array[] | null {
  const seed = field.lookupMaybe(PDFName.of('SV'), PDFDict);
  const cert = seed?.lookupMaybe(PDFName.of('Cert'), PDFDict);
  const subjects = cert?.lookupMaybe(PDFName.of('Subject'), PDFArray);
  if (!subjects || subjects.size() === 0) return null;
  const out: Uint8Array[] = [];
  for (let i = 0; i < subjects.size(); i += 1) {
    const item = subjects.lookup(i);
    if (item instanceof PDFHexString) out.push(item.asBytes());
    else if (item instanceof PDFString) out.push(item.asBytes());
  }
  return out;
}

/** A form XObject filling the field's box: white ground, then the lines, each cut to the box's width. */
async function appearanceStream(doc: PDFDocument, field: PDFDict, appearance: NonNullable<SignOptions['appearance']>): Promise<PDFRef> {
  const rect = field.lookupMaybe(PDFName.of('Rect'), PDFArray);
  const numbers = rect ? rect.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : 0)) : [0, 0, 0, 0];
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = numbers;
  const width = Math.abs(x2 - x1);
  const height = Math.abs(y2 - y1);
  // The report's typesetter (shaping, bidi, script fonts as subsets), loaded only when an appearance is
  // drawn (verification never needs it): an Arabic or Chinese name prints as it does in the report.
  const [{ fontkitForPdf }, { Typesetter }] = await Promise.all([import('../report/render'), import('../report/typeset')]);
  doc.registerFontkit(fontkitForPdf as never);
  let font: PDFFont;
  try {
    font = await doc.embedFont(appearance.font, { subset: true });
  } catch (error) {
    throw new SigningError('bad-widget', `The appearance font could not be read (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const size = 7;
  const leading = 9;
  const shown = appearance.lines.slice(0, Math.max(1, Math.floor((height - 6) / leading)));
  const ts = await Typesetter.create(doc, { regular: font, bold: font }, appearance.fallbacks ?? [], shown.join('\n'), '', appearance.language ?? 'en');
  // Hostile text (controls, bidi overrides, glyphs no font has) is made drawable as the report does.
  const fit = (value: string) => {
    let text = value;
    let line = ts.line(text, false, size);
    while (text.length > 0 && line.width > width - 10) {
      text = `${Array.from(text).slice(0, -2).join('')}…`;
      line = ts.line(text, false, size);
    }
    return line;
  };
  const ops = [`q 1 1 1 rg 0.5 0.5 ${(width - 1).toFixed(2)} ${(height - 1).toFixed(2)} re f Q`];
  const fonts = new Map<PDFFont, PDFName>();
  const keyOf = (used: PDFFont): PDFName => {
    let key = fonts.get(used);
    if (key === undefined) {
      key = PDFName.of(`F${String(fonts.size + 1)}`);
      fonts.set(used, key);
    }
    return key;
  };
  // The typesetter draws on a page; here it draws into the form XObject's content instead.
  const embedded = new Map<PDFRef, PDFFont>([[font.ref, font], ...ts.weight(false).fallbacks.map((f): [PDFRef, PDFFont] => [f.font.ref, f.font])]);
  const sink = {
    node: { newFontDictionary: (_name: string, ref: PDFRef) => keyOf(embedded.get(ref) ?? font) },
    pushOperators: (...operators: { toString(): string }[]) => { for (const op of operators) ops.push(op.toString()); },
    drawText: (text: string, o: { x: number; y: number; size: number; font: PDFFont }) => {
      ops.push(`q 0.1 0.1 0.12 rg BT ${keyOf(o.font).toString()} ${String(o.size)} Tf 1 0 0 1 ${o.x.toFixed(2)} ${o.y.toFixed(2)} Tm ${o.font.encodeText(text).toString()} Tj ET Q`);
    },
  };
  shown.forEach((value, i) => {
    ts.draw(sink as unknown as PDFPage, fit(value), 5, height - 10 - i * leading, false, rgb(0.1, 0.1, 0.12));
  });
  const resources = Object.fromEntries([...fonts].map(([f, key]) => [key.asString().slice(1), f.ref]));
  const stream = doc.context.stream(ops.join('\n'), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: { Font: resources } });
  return doc.context.register(stream);
}

/** A new signature widget on its page (/Annots) and in the form (/Fields), both created when absent. */
function attachWidget(page: PDFPage, acroForm: PDFDict, widgetRef: PDFRef): void {
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (annots) annots.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), page.doc.context.obj([widgetRef]));
  const fields = acroForm.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (fields) fields.push(widgetRef);
  else acroForm.set(PDFName.of('Fields'), page.doc.context.obj([widgetRef]));
  page.node.registerChange();
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
  return (await signPdfDetailed(pdf, identity, options)).pdf;
}

/** `signPdf`, also saying whether the signature carries a signature-time-stamp (B-T) or not (B-B), and why not. */
export async function signPdfDetailed(pdf: Uint8Array, identity: SigningIdentity, options: SignOptions): Promise<{ readonly pdf: Uint8Array; readonly timestamp: TimestampOutcome | null }> {
  if (latin1(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0) throw new SigningError('not-pdf', 'This file is not a PDF.');
  const placeholderBytes = options.placeholderBytes ?? DEFAULT_PLACEHOLDER_BYTES;
  if (!Number.isInteger(placeholderBytes) || placeholderBytes < 1024) throw new SigningError('placeholder-too-small', 'placeholderBytes must be a whole number of at least 1024.');
  if (Number.isNaN(options.signingTime.getTime())) throw new SigningError('bad-identity', 'The signing time is not a valid date.');

  // The update must start on a line of its own: appending after "%%EOF" with no newline would glue
  // the first new object to it. Adding one end-of-line is itself an append, so earlier bytes stay put.
  const last = pdf[pdf.length - 1];
  const base: Bytes = last === 0x0a || last === 0x0d ? concat([pdf]) : concat([pdf, ascii('\n')]);

  // The structure first, as the verifier reads it: a file with no sound cross-reference chain (junk
  // behind a %PDF header, a file cut short) is refused at once instead of being parsed at length.
  let structure: PdfFile;
  try {
    structure = PdfFile.open(base);
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read for signing (${error instanceof PdfStructureError ? error.message : 'damaged structure'}).`);
  }
  const alreadySigned = structure.mentionsByteRange();
  if (options.certify && alreadySigned) throw new SigningError('already-signed', 'A certification signature must be the first signature of a document; this one is already signed.');

  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(base, { forIncrementalUpdate: true, updateMetadata: false });
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read for signing (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const { context, catalog } = doc;
  const acroForm = catalog.getOrCreateAcroForm().dict;

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
  if (options.certify) {
    sigDict.set(
      PDFName.of('Reference'),
      context.obj([{ Type: 'SigRef', TransformMethod: 'DocMDP', TransformParams: { Type: 'TransformParams', P: options.certify.permission, V: '1.2' } }]),
    );
  }
  if (options.countersign) {
    sigDict.set(PDFName.of('Reference'), context.obj([{ Type: 'SigRef', TransformMethod: 'FieldMDP', TransformParams: { Type: 'TransformParams', Action: 'All', V: '1.2' } }]));
    sigDict.set(PDFName.of('AttestRole'), PDFName.of(options.countersign.role));
  }
  const sigRef = context.register(sigDict);
  if (options.certify) catalog.set(PDFName.of('Perms'), context.obj({ DocMDP: sigRef }));

  if (options.field !== undefined) {
    // Fill a field the document prepared: its widget and place on the page are already signed over.
    const target = findField(acroForm, options.field);
    if (!target || target.dict.lookupMaybe(PDFName.of('FT'), PDFName)?.decodeText() !== 'Sig') throw new SigningError('no-such-field', `This document has no signature field named "${options.field}".`);
    if (target.dict.get(PDFName.of('V')) !== undefined) throw new SigningError('field-signed', `The signature field "${options.field}" is already signed.`);
    const required = requiredSigners(target.dict);
    if (required && !required.some((der) => equalBytes(der, identity.certificate))) {
      throw new SigningError('wrong-signer', 'This document names the certificate that must sign it, and the signing certificate is not that one.');
    }
    target.dict.set(PDFName.of('V'), sigRef);
    if (options.appearance) target.dict.set(PDFName.of('AP'), context.obj({ N: await appearanceStream(doc, target.dict, options.appearance) }));
  } else {
    const pages = doc.getPages();
    const pageIndex = options.widget?.pageIndex ?? 0;
    const page = pages[pageIndex];
    if (!page) throw new SigningError('bad-widget', `The signature widget is on page ${pageIndex + 1}, but the document has ${pages.length} page(s).`);
    const rect = options.widget?.rect ?? [0, 0, 0, 0];
    if (rect.some((n) => !Number.isFinite(n))) throw new SigningError('bad-widget', 'The signature widget rectangle must be four finite numbers.');

    const existing = fieldNames(acroForm);
    let fieldName: string | undefined;
    for (let n = 1; fieldName === undefined; n += 1) if (!existing.has(`Signature${n}`)) fieldName = `Signature${n}`;

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
    if (options.countersign) widget.set(PDFName.of('Lock'), context.obj({ Type: 'SigFieldLock', Action: 'All' }));
    if (options.widget) {
      // An empty appearance: the report renderer has already drawn the signature block under the widget,
      // and a viewer must not paint its own over it.
      const width = Math.abs(x2 - x1);
      const height = Math.abs(y2 - y1);
      const appearance = context.stream(new Uint8Array(0), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height], Resources: {} });
      widget.set(PDFName.of('AP'), context.obj({ N: context.register(appearance) }));
    }
    attachWidget(page, acroForm, context.register(widget));
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3)); // SignaturesExist | AppendOnly
  acroForm.registerChange();

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
  let outcome: TimestampOutcome | null = null;
  const tsa = options.timestamp;
  const stamp = tsa
    ? async (signatureValue: Uint8Array): Promise<Uint8Array | null> => {
        try {
          const token = await requestTimestamp(tsa.transport, signatureValue, tsa.policy);
          outcome = { status: 'attested', time: token.time, tsaName: token.tsaName, token: token.token };
          return token.token;
        } catch (error) {
          // Offline first: no acceptable timestamp is no reason not to sign; the caller says the signature is B-B.
          outcome = error instanceof TimestampError ? { status: 'failed', code: error.code, message: error.message } : { status: 'failed', code: 'garbage', message: 'the timestamp could not be checked' };
          return null;
        }
      }
    : undefined;
  try {
    cms = await createCadesSignature({ contentDigest, privateKey: identity.privateKey, certificate: identity.certificate, chain: identity.chain ?? [], ...(stamp ? { timestamp: stamp } : {}) });
  } catch (error) {
    throw new SigningError('bad-identity', `The signing identity could not sign (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  if (cms.length > placeholderBytes) {
    throw new SigningError('placeholder-too-small', `The signature needs ${cms.length} bytes but only ${placeholderBytes} were reserved: sign again with a larger placeholderBytes.`);
  }
  prepared.set(ascii(toHex(cms)), contentsStart + 1);
  return { pdf: prepared, timestamp: outcome };
}


/**
 * Adds a document timestamp (ISO 32000-2 §12.8.5, PAdES: /Type /DocTimeStamp, /SubFilter ETSI.RFC3161)
 * by incremental update: an invisible signature field whose /Contents is an RFC 3161 token over the
 * bytes its /ByteRange covers, asked of the TSA behind `transport` and checked (timestamp.ts) before the
 * file is returned. Used after an offline signing (the queued timestamp) and over a DSS (B-LTA).
 * Throws TimestampError when no acceptable token could be had, and SigningError on an unusable PDF.
 */
export async function timestampPdf(pdf: Uint8Array, transport: TimestampTransport, policy: TimestampPolicy = {}, placeholderBytes = 12288): Promise<{ readonly pdf: Uint8Array; readonly time: Date; readonly tsaName: string | null }> {
  if (latin1(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0) throw new SigningError('not-pdf', 'This file is not a PDF.');
  const last = pdf[pdf.length - 1];
  const base: Bytes = last === 0x0a || last === 0x0d ? concat([pdf]) : concat([pdf, ascii('\n')]);
  try {
    PdfFile.open(base);
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read (${error instanceof PdfStructureError ? error.message : 'damaged structure'}).`);
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(base, { forIncrementalUpdate: true, updateMetadata: false });
  } catch (error) {
    throw new SigningError('unreadable-pdf', `This PDF could not be read (${error instanceof Error ? error.message : 'unknown error'}).`);
  }
  const { context, catalog } = doc;
  const acroForm = catalog.getOrCreateAcroForm().dict;
  const sigRef = context.register(
    context.obj({
      Type: 'DocTimeStamp',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.RFC3161',
      ByteRange: [0, PDFName.of(BYTE_RANGE_MARK), PDFName.of(BYTE_RANGE_MARK), PDFName.of(BYTE_RANGE_MARK)],
      Contents: PDFHexString.of('0'.repeat(placeholderBytes * 2)),
    }),
  );
  const page = doc.getPages()[0];
  if (!page) throw new SigningError('bad-widget', 'This PDF has no page.');
  const existing = fieldNames(acroForm);
  let fieldName: string | undefined;
  for (let n = 1; fieldName === undefined; n += 1) if (!existing.has(`Timestamp${n}`)) fieldName = `Timestamp${n}`;
  const widgetRef = context.register(context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], V: sigRef, T: textValue(fieldName), F: 132, P: page.ref }));
  attachWidget(page, acroForm, widgetRef);
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  acroForm.registerChange();

  const prepared = await doc.commit({ useObjectStreams: false });
  if (prepared.length <= base.length || !equalBytes(prepared.subarray(0, base.length), base)) throw new Error('Internal error: the incremental update rewrote earlier bytes.');
  const update = latin1(prepared.subarray(base.length));
  const rangeMatch = findOnce(update, /\/ByteRange\s*\[\s*0\s+\/\*{10}\s+\/\*{10}\s+\/\*{10}\s*\]/, 'ByteRange');
  const contentsMatch = findOnce(update, new RegExp(`/Contents\\s*<(0{${placeholderBytes * 2}})>`), 'Contents');
  const contentsStart = base.length + contentsMatch.index + contentsMatch[0].indexOf('<');
  const contentsEnd = contentsStart + placeholderBytes * 2 + 2;
  const rangeText = `/ByteRange [${[0, contentsStart, contentsEnd, prepared.length - contentsEnd].join(' ')}]`;
  if (rangeText.length > rangeMatch[0].length) throw new Error('Internal error: the ByteRange does not fit its placeholder.');
  prepared.set(ascii(rangeText.padEnd(rangeMatch[0].length, ' ')), base.length + rangeMatch.index);
  const stamp = await requestTimestamp(transport, concat([prepared.subarray(0, contentsStart), prepared.subarray(contentsEnd)]), policy);
  if (stamp.token.length > placeholderBytes) throw new SigningError('placeholder-too-small', `The timestamp needs ${stamp.token.length} bytes but only ${placeholderBytes} were reserved.`);
  prepared.set(ascii(toHex(stamp.token)), contentsStart + 1);
  return { pdf: prepared, time: stamp.time, tsaName: stamp.tsaName };
}
