/**
 * A form field's value changed after signing. ISO 32000-1 §12.8.2.2 lets a certification with P=2 or
 * P=3 be followed by form filling, and an approval signature says nothing about later form filling
 * unless a FieldMDP lock names the field: viewers accept a new /V (and its new appearance) silently.
 * pyHanko grades such a revision "form filling" and accepts it unless the field is locked
 * (`test_form_field_postsign_modify`, `test_form_field_in_group_locked_postsign_modify_failure`), and
 * the Shadow Attacks paper (Mainka et al., NDSS 2021, "replace" class) shows a signed form whose
 * field values an attacker fills in afterwards to change what the document says.
 *
 * An Attest report has no field a reader is meant to fill after the author signs: every field that
 * held a value when a signature was made is part of what was signed, so changing it is
 * `form-field-changed`, whatever the DocMDP level.
 */
import type { Genuine } from './genuine';
import { FALSE_RECT, FALSE_TEXT, HELVETICA_BOLD, annotsOf, appearance, refArray, rewritten, type Rect } from './forge';
import { appendUpdate, literal, mapDocument, ref, type ObjectDef } from './pdfWriter';

/** What the author's form field says in the genuine document. */
export const GENUINE_OPINION = 'Findings consistent with the allegation';
export const OPINION_FIELD = 'Opinion';

/**
 * A text field "Opinion" on page 1 (over the confidentiality line) holding the genuine opinion, with
 * its appearance, and an AcroForm for it: the document the author is then asked to sign. `extra`
 * objects (shadow bodies, say) are written first, in the same revision.
 */
export function withOpinionField(unsigned: Uint8Array, extra?: (nums: { readonly field: number; readonly ap: number; readonly next: number }) => ObjectDef[]): Uint8Array {
  const map = mapDocument(unsigned);
  const page = map.pageNums[0];
  if (page === undefined) throw new Error('no page 1');
  const [field, ap, font, newForm] = [map.next, map.next + 1, map.next + 2, map.next + 3];
  // The report's own AcroForm (its prepared signature fields) gains the field and a /DR for its font.
  const form: ObjectDef[] =
    map.acroForm === null
      ? [{ num: newForm, body: `<< /Fields [${ref(field)}] /DR << /Font << /FAtt ${ref(font)} >> >> /DA (/FAtt 13 Tf 0 g) >>` }, rewritten(unsigned, map.root, { AcroForm: ref(newForm) })]
      : [rewritten(unsigned, map.acroForm, { Fields: refArray([...map.fields.values(), field]), DR: `<< /Font << /FAtt ${ref(font)} >> >>`, DA: '(/FAtt 13 Tf 0 g)' })];
  return appendUpdate(unsigned, {
    objects: [
      ...(extra?.({ field, ap, next: map.next + 4 }) ?? []),
      { num: font, body: HELVETICA_BOLD },
      { num: ap, body: appearance(FALSE_RECT, GENUINE_OPINION) },
      { num: field, body: opinionField(page, FALSE_RECT, GENUINE_OPINION, ap) },
      ...form,
      rewritten(unsigned, page, { Annots: refArray([...annotsOf(unsigned, page), field]) }),
    ],
  });
}

function opinionField(page: number, rect: Rect, value: string, ap: number): string {
  return `<< /Type /Annot /Subtype /Widget /FT /Tx /T ${literal(OPINION_FIELD)} /V ${literal(value)} /DA (/FAtt 13 Tf 0 g) /Rect [${rect.join(' ')}] /F 4 /P ${ref(page)} /AP << /N ${ref(ap)} >> >>`;
}

/** The author certifies the report with its Opinion field; the forger then fills in the false opinion (new /V and appearance). */
export async function formValueChanged(g: Genuine): Promise<Uint8Array> {
  const signed = await g.certify(withOpinionField(g.unsigned));
  const map = mapDocument(signed);
  const field = map.fields.get(OPINION_FIELD);
  const page = map.pageNums[0];
  if (field === undefined || page === undefined) throw new Error('no Opinion field');
  const ap = map.next;
  return appendUpdate(signed, {
    objects: [
      { num: ap, body: appearance(FALSE_RECT, FALSE_TEXT) },
      rewritten(signed, field, { V: literal(FALSE_TEXT), AP: `<< /N ${ref(ap)} >>` }),
    ],
  });
}

/** The genuine variant of the above, for the corpus' controls: certified with the Opinion field, nothing after. */
export function formFieldGenuine(g: Genuine): Promise<Uint8Array> {
  return g.certify(withOpinionField(g.unsigned));
}
