/**
 * PDF/A-3b (ISO 19005-3, level B) for every document `renderPdf` makes: what the standard asks beyond
 * what pdf-lib writes by itself.
 * - XMP metadata (uncompressed stream, catalog /Metadata) with the PDF/A identification (pdfaid:part 3,
 *   pdfaid:conformance B) and the same title, creator tool, producer and dates as the Info dictionary
 *   (the Info dictionary holds no author, so the XMP has no dc:creator either);
 * - an output intent (GTS_PDFA1) with the sRGB ICC profile, since every colour is DeviceRGB;
 * - the file identifier (trailer /ID), derived from the document's own strings so a rendering is
 *   repeatable;
 * - optionally, one associated file (catalog /AF, /AFRelationship /Source, MIME type in /Subtype,
 *   /Params with /Size and dates, /F and /UF, /Desc, in the /EmbeddedFiles name tree): the case data
 *   the document is made from, attached before signing so the signature covers it.
 * Fonts are embedded subsets already (typeset.ts), nothing is encrypted and no script is added.
 */
import { AFRelationship, PDFHexString, PDFName, PDFString, type PDFDocument } from '@cantoo/pdf-lib';
import { fromBase64, sha256, utf8 } from '../bytes';
import { SRGB_ICC_BASE64, SRGB_ICC_NAME } from './srgbIcc';

/** A file attached to the document as its source data (PDF/A-3 associated file). */
export interface PdfAttachment {
  /** Its name inside the PDF: no case data (a fixed name such as `attest-case.json`). */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** MIME type, e.g. `application/json`. */
  readonly mimeType: string;
  /** The file specification's /Desc. */
  readonly description: string;
}

export interface PdfAOptions {
  readonly title: string;
  /** Creation and modification date (the Info dictionary's and the XMP's), or null when unknown. */
  readonly date: Date | null;
  readonly creator: string;
  readonly producer: string;
  /** Strings that make the document unique (its id), hashed into the file identifier. */
  readonly identity: string;
  readonly attachment?: PdfAttachment;
}

function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${String(c.codePointAt(0))};`);
}

/** ISO 8601 in UTC without fractions: the same instant as pdf-lib's `D:YYYYMMDDHHmmSSZ`. */
function xmpDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The XMP packet (UTF-8). */
export function xmpPacket(options: Pick<PdfAOptions, 'title' | 'date' | 'creator' | 'producer'>): string {
  const dates = options.date === null ? '' : `<xmp:CreateDate>${xmpDate(options.date)}</xmp:CreateDate><xmp:ModifyDate>${xmpDate(options.date)}</xmp:ModifyDate><xmp:MetadataDate>${xmpDate(options.date)}</xmp:MetadataDate>`;
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
    '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(options.title)}</rdf:li></rdf:Alt></dc:title>`,
    `<xmp:CreatorTool>${xmlEscape(options.creator)}</xmp:CreatorTool>${dates}`,
    `<pdf:Producer>${xmlEscape(options.producer)}</pdf:Producer>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
}

/**
 * Makes `doc` PDF/A-3b: XMP, output intent, file identifier and the associated file. Call after the
 * Info dictionary is set (title, creator, producer, dates) and before saving.
 */
export async function applyPdfA(doc: PDFDocument, options: PdfAOptions): Promise<void> {
  const { context, catalog } = doc;
  const metadata = context.stream(utf8(xmpPacket(options)), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(metadata));

  const icc = context.flateStream(fromBase64(SRGB_ICC_BASE64), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_ICC_NAME),
    Info: PDFString.of(SRGB_ICC_NAME),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: context.register(icc),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));

  const id = PDFHexString.of(
    Array.from((await sha256(utf8(options.identity))).subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(''),
  );
  context.trailerInfo.ID = context.obj([id, id]);

  if (options.attachment) {
    const a = options.attachment;
    await doc.attach(a.bytes, a.name, {
      mimeType: a.mimeType,
      description: a.description,
      afRelationship: AFRelationship.Source,
      ...(options.date === null ? {} : { creationDate: options.date, modificationDate: options.date }),
    });
  }
}
