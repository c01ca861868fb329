/**
 * The signature fields a document has, as its latest revision shows them: which are signed, which
 * are empty, and whom the document names as the signer of each (the Attest report prepares its
 * author's field naming the clinician, and locked boxes for countersignatures; shared/report/render.ts).
 * Used before signing to choose the field and to check that the signer is the one the report names.
 */
import { PdfFile } from './pdfFile';
import { PdfArray, type PdfDict, PdfRef, PdfString, type PdfValue } from './pdfObjects';

export interface SignatureField {
  /** Full dotted name. */
  readonly name: string;
  readonly signed: boolean;
  /** The clinician's name the report printed for this field (`/AttestSigner`), if any. */
  readonly signerName: string | null;
  /** DER certificates the field's seed value requires (`/SV /Cert /Subject`), or null when it names none. */
  readonly requiredCertificates: readonly Uint8Array[] | null;
  /** The field carries a lock (/Lock): a countersignature box. */
  readonly locked: boolean;
  /** The widget has an area on a page. */
  readonly visible: boolean;
}

/** The signature fields of `bytes`, in form order; throws PdfStructureError for a file with no sound structure. */
export function signatureFields(bytes: Uint8Array): SignatureField[] {
  const file = PdfFile.open(bytes);
  const last = file.revisions.length;
  const state = file.state(last);
  const catalog = file.dict(state, file.trailer(last).get('Root'));
  const form = file.dict(state, catalog?.get('AcroForm'));
  const fields = file.resolve(state, form?.get('Fields'));
  const out: SignatureField[] = [];
  if (!(fields instanceof PdfArray)) return out;
  const seen = new Set<number>();
  const stack: { value: PdfValue; prefix: string | null; ft: string | null; depth: number }[] = fields.items.map((value) => ({ value, prefix: null, ft: null, depth: 0 })).reverse();
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || item.depth > 32) continue;
    if (item.value instanceof PdfRef) {
      if (seen.has(item.value.num)) continue;
      seen.add(item.value.num);
    }
    const dict = file.dict(state, item.value);
    if (!dict) continue;
    const t = dict.get('T');
    const name = t instanceof PdfString ? (item.prefix === null ? t.text() : `${item.prefix}.${t.text()}`) : (item.prefix ?? '');
    const ft = dict.name('FT') ?? item.ft;
    const kids = file.resolve(state, dict.get('Kids'));
    if (kids instanceof PdfArray && kids.items.length > 0) {
      for (let i = kids.items.length - 1; i >= 0; i -= 1) stack.push({ value: kids.items[i] ?? null, prefix: name, ft, depth: item.depth + 1 });
      continue;
    }
    if (ft !== 'Sig') continue;
    out.push({
      name,
      signed: dict.get('V') !== undefined && dict.get('V') !== null,
      signerName: textOf(file.resolve(state, dict.get('AttestSigner'))),
      requiredCertificates: required(file, state, dict),
      locked: dict.get('Lock') !== undefined,
      visible: hasArea(file.resolve(state, dict.get('Rect'))),
    });
  }
  return out;
}

function textOf(value: PdfValue): string | null {
  return value instanceof PdfString ? value.text() : null;
}

function required(file: PdfFile, state: ReturnType<PdfFile['state']>, field: PdfDict): Uint8Array[] | null {
  const seed = file.dict(state, field.get('SV'));
  const cert = file.dict(state, seed?.get('Cert'));
  const subjects = file.resolve(state, cert?.get('Subject'));
  if (!(subjects instanceof PdfArray) || subjects.items.length === 0) return null;
  return subjects.items.map((item) => file.resolve(state, item)).filter((s): s is PdfString => s instanceof PdfString).map((s) => s.bytes);
}

function hasArea(rect: PdfValue): boolean {
  if (!(rect instanceof PdfArray) || rect.items.length !== 4) return false;
  const [x1, y1, x2, y2] = rect.items.map((n) => (typeof n === 'number' ? n : 0)) as [number, number, number, number];
  return Math.abs(x2 - x1) >= 0.5 && Math.abs(y2 - y1) >= 0.5;
}
