/**
 * The attacker's tools shared by the generators: what the false statement looks like on the page, how
 * a dictionary is rewritten, and a signer that writes its own signature revision byte by byte (for
 * the attacks where the signature revision itself carries the payload: a visible widget painting the
 * false text, a second certification, a recycled signature value). The CMS is the project's own
 * (createCadesSignature), so a forged signature is cryptographically as good as a real one: only the
 * structure around it is hostile.
 */
import { PDFDict, PDFName, PDFRef } from '@cantoo/pdf-lib';
import { createCadesSignature } from '../../../../shared/signing/cms';
import { formatPdfDate } from '../../../../shared/signing/pdfDate';
import type { SigningIdentity } from '../../../../shared/signing';
import { appendUpdate, bytesOf, dictOf, hexText, latin1, literal, mapDocument, parseValue, ref, refNums, type ObjectDef, type UpdateSpec } from './pdfWriter';

/** What the forger wants a court to read on page 1. */
export const FALSE_TEXT = 'No injuries consistent with the allegation';
/** What the genuine report says on page 1, in the area the forger paints over (it is in the signed bytes). */
export const COVERED_TEXT = 'Confidential medical document.';
/** Where the false statement goes on page 1 (PDF points, x1 y1 x2 y2): over the confidentiality line. */
export const FALSE_RECT = [56, 671, 541, 693] as const;
/** The "persons present during the examination" rows on page 1 (police officers, nurse, interpreter). */
export const PERSONS_PRESENT_RECT = [56, 108, 541, 157] as const;

export type Rect = readonly [number, number, number, number];

export const HELVETICA_BOLD = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>';

/** Content stream operators: a white box over `rect`, and `text` in it with font resource `font`. */
export function whiteBoxWithText(rect: Rect, text: string, font = '/FAtt', size = 13): string {
  const [x1, y1, x2, y2] = rect;
  return `q 1 1 1 rg ${String(x1)} ${String(y1)} ${String(x2 - x1)} ${String(y2 - y1)} re f Q\nBT 0 0 0 rg ${font} ${String(size)} Tf ${String(x1 + 4)} ${String(y1 + (y2 - y1 - size) / 2 + 2)} Td ${literal(text)} Tj ET\n`;
}

export function whiteBox(rect: Rect): string {
  const [x1, y1, x2, y2] = rect;
  return `q 1 1 1 rg ${String(x1)} ${String(y1)} ${String(x2 - x1)} ${String(y2 - y1)} re f Q\n`;
}

/** A form XObject (appearance stream) of size `rect` painting a white box and `text`, with its own font. */
export function appearance(rect: Rect, text: string): ObjectDef['body'] {
  const [x1, y1, x2, y2] = rect;
  const local: Rect = [0, 0, x2 - x1, y2 - y1];
  return { dict: `/Type /XObject /Subtype /Form /BBox [${local.join(' ')}] /Resources << /Font << /FAtt ${HELVETICA_BOLD} >> >>`, data: whiteBoxWithText(local, text) };
}

/** `dict` with the given entries replaced (raw PDF syntax) or removed (null), serialised. */
export function rewrite(dict: PDFDict, entries: Readonly<Record<string, string | null>>): string {
  for (const [key, value] of Object.entries(entries)) {
    if (value === null) dict.delete(PDFName.of(key));
    else dict.set(PDFName.of(key), parseValue(value));
  }
  return dict.toString();
}

/** The raw text of an array of references. */
export const refArray = (nums: readonly number[]): string => `[${nums.map((n) => ref(n)).join(' ')}]`;

/** Object `num`'s dictionary rewritten (see `rewrite`), as an update object. */
export function rewritten(pdf: Uint8Array, num: number, entries: Readonly<Record<string, string | null>>): ObjectDef {
  return { num, body: rewrite(dictOf(pdf, num), entries) };
}

/** Object numbers of the annotations on a page (an indirect or direct /Annots array of references). */
export function annotsOf(pdf: Uint8Array, pageNum: number): number[] {
  const value = dictOf(pdf, pageNum).get(PDFName.of('Annots'));
  if (value instanceof PDFRef) throw new Error('an indirect /Annots array (our renderer and signer write it direct)');
  return refNums(value);
}

/** The page's dictionary with `font` added to its (direct) /Resources /Font as /FAtt. */
export function pageWithFont(pdf: Uint8Array, pageNum: number, extra: Readonly<Record<string, string | null>>, font = HELVETICA_BOLD): ObjectDef {
  const page = dictOf(pdf, pageNum);
  const resources = page.get(PDFName.of('Resources'));
  if (!(resources instanceof PDFDict)) throw new Error('page resources are not a direct dictionary');
  const fonts = resources.get(PDFName.of('Font'));
  if (!(fonts instanceof PDFDict)) throw new Error('page fonts are not a direct dictionary');
  fonts.set(PDFName.of('FAtt'), parseValue(font));
  return { num: pageNum, body: rewrite(page, extra) };
}

export interface SignRevisionInput {
  readonly identity: SigningIdentity;
  readonly signingTime: Date;
  readonly name?: string;
  /** More signature-dictionary entries, raw (a certification's /Reference, say). */
  readonly sigExtra?: string;
  /** The rest of the revision, given the signature dictionary's number and the next free one. */
  readonly build: (sigNum: number, next: number) => Omit<UpdateSpec, 'xref'>;
  readonly placeholderBytes?: number;
}

const MARK = '**********';

/**
 * Appends a signature revision written by hand: the signature dictionary (ETSI.CAdES.detached,
 * SHA-256) as the first object, then whatever `build` adds (field, widget, page, AcroForm, catalog),
 * with a classic cross-reference table; then fills /ByteRange and /Contents as signPdf does.
 */
export async function signRevision(pdf: Uint8Array, input: SignRevisionInput): Promise<Uint8Array> {
  const placeholder = input.placeholderBytes ?? 8192;
  const sigNum = mapDocument(pdf).next;
  const m = formatPdfDate(input.signingTime);
  const sigDict = `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 /${MARK} /${MARK} /${MARK}] /Contents <${'0'.repeat(placeholder * 2)}> /M ${literal(m)}${input.name === undefined ? '' : ` /Name ${hexText(input.name)}`}${input.sigExtra ? ` ${input.sigExtra}` : ''} >>`;
  const rest = input.build(sigNum, sigNum + 1);
  const prepared = appendUpdate(pdf, { ...rest, objects: [{ num: sigNum, body: sigDict }, ...(rest.objects ?? [])] });
  return fillSignature(prepared, pdf.length, input.identity);
}

/** Fills the first placeholder signature dictionary after `from` (ByteRange, then the CMS). */
export async function fillSignature(prepared: Uint8Array, from: number, identity: SigningIdentity): Promise<Uint8Array> {
  const source = latin1(prepared);
  const rangeAt = source.indexOf(`/ByteRange [0 /${MARK} /${MARK} /${MARK}]`, from);
  const contentsAt = source.indexOf('/Contents <', rangeAt) + '/Contents '.length;
  const contentsEnd = source.indexOf('>', contentsAt) + 1;
  const range = [0, contentsAt, contentsEnd, prepared.length - contentsEnd];
  const rangeText = `/ByteRange [${range.join(' ')}]`.padEnd(`/ByteRange [0 /${MARK} /${MARK} /${MARK}]`.length, ' ');
  const out = prepared.slice();
  out.set(bytesOf(rangeText), rangeAt);
  const signed = Buffer.concat([out.subarray(0, contentsAt), out.subarray(contentsEnd)]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', signed));
  const cms = await createCadesSignature({ contentDigest: digest, privateKey: identity.privateKey, certificate: identity.certificate, chain: identity.chain ?? [] });
  out.set(bytesOf(Buffer.from(cms).toString('hex')), contentsAt + 1);
  return out;
}

/**
 * The objects that put a new signature field (holding signature `sigNum`) on page `pageNum`: the
 * field-widget, the page with it in /Annots, the AcroForm with it in /Fields (created if absent, with
 * the catalog then rewritten to point at it).
 */
export function newSignatureField(pdf: Uint8Array, input: { readonly sigNum: number; readonly fieldNum: number; readonly name: string; readonly pageNum: number; readonly rect?: Rect; readonly appearanceNum?: number; readonly extraNum?: number }): ObjectDef[] {
  const map = mapDocument(pdf);
  const rect = input.rect ?? [0, 0, 0, 0];
  const widget = `<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [${rect.join(' ')}] /V ${ref(input.sigNum)} /T ${hexText(input.name)} /F 4 /P ${ref(input.pageNum)}${input.appearanceNum === undefined ? '' : ` /AP << /N ${ref(input.appearanceNum)} >>`} >>`;
  const objects: ObjectDef[] = [{ num: input.fieldNum, body: widget }];
  objects.push(rewritten(pdf, input.pageNum, { Annots: refArray([...annotsOf(pdf, input.pageNum), input.fieldNum]) }));
  if (map.acroForm === null) {
    const acroNum = input.extraNum ?? map.next + 50;
    objects.push({ num: acroNum, body: `<< /Fields ${refArray([input.fieldNum])} /SigFlags 3 >>` });
    objects.push(rewritten(pdf, map.root, { AcroForm: ref(acroNum) }));
  } else {
    objects.push(rewritten(pdf, map.acroForm, { Fields: refArray([...map.fields.values(), input.fieldNum]) }));
  }
  return objects;
}

/**
 * The objects of the classic incremental-saving manipulation of page `pageIndex`: two new content
 * streams (a `q` before the page's own, and `Q` plus the payload after it, so the page's graphics
 * state cannot leak into the payload) and the page rewritten to draw them, with the font /FAtt.
 */
export function overlayOnPage(pdf: Uint8Array, payload: string, options: { readonly pageIndex?: number; readonly first?: number } = {}): ObjectDef[] {
  const map = mapDocument(pdf);
  const pageNum = map.pageNums[options.pageIndex ?? 0];
  if (pageNum === undefined) throw new Error('no such page');
  const first = options.first ?? map.next;
  const contents = contentsOf(pdf, pageNum);
  return [
    { num: first, body: { data: 'q\n' } },
    { num: first + 1, body: { data: `Q\n${payload}`, compress: true } },
    pageWithFont(pdf, pageNum, { Contents: refArray([first, ...contents, first + 1]) }),
  ];
}

/** The object numbers of a page's content streams (/Contents a reference or an array of them). */
export function contentsOf(pdf: Uint8Array, pageNum: number): number[] {
  const value = dictOf(pdf, pageNum).get(PDFName.of('Contents'));
  return value instanceof PDFRef ? [value.objectNumber] : refNums(value);
}
