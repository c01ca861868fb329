/**
 * What each revision after a signature changed, and whether the signatures before it allow that
 * (ISO 32000-1 §12.8.2, ETSI EN 319 142-1 §5.4; the idea and the small named rules follow pyHanko's
 * difference analysis). Allowed after a signature, and only these:
 *   - a new signature: its signature dictionary, a new signature field and widget (listed in
 *     /AcroForm /Fields and the page's /Annots), their appearance streams, /SigFlags;
 *   - filling a signature field the document already had, empty: its /V and /AP;
 *   - a DSS dictionary and what it holds, document timestamps, the catalog's /Extensions;
 *   - with a certification signature of /P 3, annotations other than signature widgets.
 * Anything else is a `Change` (verdict.ts). Stricter than the standard on purpose: /P 2 allows
 * filling in form fields, but Attest reports have no fillable fields, so a field value that appears
 * after signing is a modification. After a certification signature a new signature widget may not
 * paint on the page (the "sneaky signature" attack): visible countersignatures go in the empty
 * fields the author's report prepared.
 */
import type { Change, ChangeCode } from './verdict';
import { type PdfFile, PdfStructureError, decodeStream, type State } from './pdfFile';
import { PdfArray, PdfDict, PdfRef, PdfStream, PdfString, changedKeys, hasRepeatedKeys, sameValue, type PdfValue } from './pdfObjects';

type RoleKind =
  | 'catalog'
  | 'catalog-entry'
  | 'pages'
  | 'page'
  | 'contents'
  | 'resources'
  | 'annots'
  | 'annot'
  | 'annot-ap'
  | 'acroform'
  | 'acroform-res'
  | 'fields'
  | 'field'
  | 'field-value'
  | 'field-ap'
  | 'sig'
  | 'dss'
  | 'perms'
  | 'metadata'
  | 'encrypt';

interface Role {
  readonly kind: RoleKind;
  readonly page?: number;
  readonly field?: string;
  /** The field or annotation an appearance or value belongs to. */
  readonly owner?: number;
  readonly key?: string;
}

export interface RoleMap {
  readonly roles: ReadonlyMap<number, readonly Role[]>;
  /** Some reachable object could not be read: what it refers to is unknown, so nothing may be taken as unused. */
  readonly unreadable: boolean;
  /** Signature dictionaries reachable as a signature field's /V, with the field's full name. */
  readonly signatureFields: ReadonlyMap<number, { readonly field: string; readonly fieldNum: number | null }>;
  /** Page object numbers in page order. */
  readonly pages: readonly number[];
}

const MAX_WORK = 4_000_000;

/**
 * Back-pointers a deep walk does not follow: an annotation's /P (its page) and a page-tree node's
 * /Parent. Every other /P and /Parent is content (an optional-content policy, a field's inherited
 * value) and is followed.
 */
function isBackPointer(dict: PdfDict, key: string): boolean {
  if (key === 'P') return dict.get('Rect') !== undefined && dict.get('Subtype') !== undefined;
  if (key === 'Parent') {
    const type = dict.name('Type');
    return type === 'Page' || type === 'Pages' || dict.get('Kids') !== undefined || dict.get('Contents') !== undefined || dict.get('MediaBox') !== undefined;
  }
  return false;
}

/** Every object reachable from the trailer, with the roles through which it is reached. */
export function mapRoles(file: PdfFile, state: State, trailer: PdfDict, budget: { work: number } = { work: 0 }): RoleMap {
  const roles = new Map<number, Role[]>();
  const visited = new Set<string>();
  const signatureFields = new Map<number, { field: string; fieldNum: number | null }>();
  const pages: number[] = [];
  let unreadable = false;

  const record = (num: number, role: Role): boolean => {
    // Once per kind of role; an appearance or value shared by several fields or annotations once per owner,
    // so that a change to it is judged against every field that shows it.
    const key = `${String(num)}:${role.kind}:${role.owner === undefined ? '' : String(role.owner)}`;
    if (visited.has(key)) return false;
    visited.add(key);
    const list = roles.get(num);
    if (list) {
      if (list.length < 64) list.push(role);
    } else {
      roles.set(num, [role]);
    }
    return true;
  };

  /** Resolves one level, recording the role of an indirect object; null when already visited under this role. */
  const enter = (value: PdfValue | undefined, role: Role): PdfValue | undefined => {
    // One budget for every revision's walk: a thousand revisions of a large document is an attack on time.
    budget.work += 1;
    if (budget.work > MAX_WORK) throw new PdfStructureError('the document has too many objects to analyse');
    if (value instanceof PdfRef) {
      if (!record(value.num, role)) return undefined;
      try {
        return file.object(state, value.num)?.value ?? null;
      } catch {
        unreadable = true; // judged where it changed; and what it refers to cannot be known
        return null;
      }
    }
    return value;
  };

  const deep = (start: PdfValue | undefined, role: Role): void => {
    const stack: PdfValue[] = [];
    const first = enter(start, role);
    if (first !== undefined) stack.push(first);
    while (stack.length > 0) {
      const value = stack.pop() ?? null;
      const children: PdfValue[] = [];
      if (value instanceof PdfArray) for (const item of value.items) children.push(item);
      else if (value instanceof PdfDict || value instanceof PdfStream) {
        const dict = value instanceof PdfStream ? value.dict : value;
        for (const [key, child] of dict.map) if (!isBackPointer(dict, key)) children.push(child);
        for (const [key, child] of dict.duplicates) if (!isBackPointer(dict, key)) children.push(child);
      }
      for (const child of children) {
        const next = enter(child, role);
        if (next !== undefined && (next instanceof PdfArray || next instanceof PdfDict || next instanceof PdfStream)) stack.push(next);
      }
    }
  };

  const catalogRef = trailer.get('Root');
  const catalog = enter(catalogRef, { kind: 'catalog' });
  const info = trailer.get('Info');
  if (info !== undefined) deep(info, { kind: 'metadata', key: 'Info' });
  if (trailer.get('Encrypt') !== undefined) deep(trailer.get('Encrypt'), { kind: 'encrypt' });
  if (!(catalog instanceof PdfDict)) return { roles, signatureFields, pages, unreadable };

  for (const [key, value] of catalog.map) {
    if (key === 'Pages') {
      // Depth-first, in order: pages are numbered as a viewer numbers them.
      const stack: PdfValue[] = [value];
      while (stack.length > 0) {
        const nodeRef = stack.pop() ?? null;
        const provisional = nodeRef instanceof PdfRef ? file.dict(state, nodeRef) : nodeRef instanceof PdfDict ? nodeRef : null;
        if (!provisional) continue;
        const isTree = provisional.name('Type') === 'Pages' || (provisional.get('Kids') !== undefined && provisional.name('Type') !== 'Page');
        if (isTree) {
          const node = enter(nodeRef, { kind: 'pages' });
          if (!(node instanceof PdfDict)) continue;
          const kids = enter(node.get('Kids'), { kind: 'pages' });
          // /Count and /Type too: an indirect /Count redefined after signing changes how many pages viewers show.
          for (const [k, v] of node.map) if (k !== 'Kids' && k !== 'Parent') deep(v, { kind: 'pages', key: k });
          if (kids instanceof PdfArray) for (let i = kids.items.length - 1; i >= 0; i -= 1) stack.push(kids.items[i] ?? null);
          continue;
        }
        const pageNo = pages.length + 1;
        const page = enter(nodeRef, { kind: 'page', page: pageNo });
        if (!(page instanceof PdfDict)) continue;
        if (nodeRef instanceof PdfRef) pages.push(nodeRef.num);
        // Inherited attributes (MediaBox, CropBox, Resources, Rotate) come through /Parent, even from a
        // node outside the tree: viewers that inherit that way show what the node says.
        let ancestor = page.get('Parent');
        for (let depth = 0; ancestor instanceof PdfRef && depth < 32; depth += 1) {
          const node = enter(ancestor, { kind: 'resources', page: pageNo, key: 'Parent' });
          if (!(node instanceof PdfDict)) break;
          // Everything such a node says, not only the inheritable attributes: pdf.js inherits /Annots and /AA too.
          for (const [key, v] of node.map) if (key !== 'Kids' && key !== 'Parent') deep(v, { kind: 'resources', page: pageNo, key });
          ancestor = node.get('Parent');
        }
        for (const [k, v] of page.map) {
          if (k === 'Parent') continue;
          if (k === 'Contents') deep(v, { kind: 'contents', page: pageNo });
          else if (k === 'Annots') {
            const annots = enter(v, { kind: 'annots', page: pageNo });
            if (annots instanceof PdfArray) {
              for (const item of annots.items) {
                const owner = item instanceof PdfRef ? item.num : undefined;
                const annot = enter(item, { kind: 'annot', page: pageNo, ...(owner === undefined ? {} : { owner }) });
                if (!(annot instanceof PdfDict)) continue;
                const title = annot.get('T');
                const widgetField = title instanceof PdfString ? title.text() : undefined;
                for (const [ak, av] of annot.map) {
                  if (ak === 'P') continue;
                  // A widget's parent field gives it inherited /V, /DA, /FT, /Ff: part of what is drawn.
                  if (ak === 'Parent') { deep(av, { kind: 'field', ...(widgetField === undefined ? {} : { field: widgetField }) }); continue; }
                  if (ak === 'AP') deep(av, { kind: 'annot-ap', page: pageNo, ...(owner === undefined ? {} : { owner }) });
                  else if (ak === 'V' && annot.name('FT') === 'Sig') deep(av, { kind: 'sig', page: pageNo, ...(widgetField === undefined ? {} : { field: widgetField }) });
                  else deep(av, { kind: 'annot', page: pageNo, ...(owner === undefined ? {} : { owner }) });
                }
              }
            }
          } else deep(v, { kind: 'resources', page: pageNo, key: k });
        }
      }
    } else if (key === 'AcroForm') {
      const form = enter(value, { kind: 'acroform' });
      if (!(form instanceof PdfDict)) continue;
      for (const [fk, fv] of form.map) {
        if (fk === 'Fields') {
          const fields = enter(fv, { kind: 'fields' });
          if (!(fields instanceof PdfArray)) continue;
          const stack: { ref: PdfValue; prefix: string | null; ft: string | null; depth: number }[] = fields.items.map((ref) => ({ ref, prefix: null, ft: null, depth: 0 })).reverse();
          while (stack.length > 0) {
            const item = stack.pop();
            if (!item || item.depth > 32) continue;
            const peek = item.ref instanceof PdfRef ? file.dict(state, item.ref) : item.ref instanceof PdfDict ? item.ref : null;
            if (!peek) continue;
            const partial = peek.get('T');
            const name = partial instanceof PdfString ? (item.prefix === null ? partial.text() : `${item.prefix}.${partial.text()}`) : (item.prefix ?? '');
            const ft = peek.name('FT') ?? item.ft;
            const fieldNum = item.ref instanceof PdfRef ? item.ref.num : undefined;
            const field = enter(item.ref, { kind: 'field', field: name });
            if (!(field instanceof PdfDict)) continue;
            for (const [k, v] of field.map) {
              if (k === 'P') continue;
              if (k === 'Parent') {
                // Inherited attributes come from the parent, even one outside /Fields.
                deep(v, { kind: 'field', field: name });
                continue;
              }
              if (k === 'Kids') {
                const kids = enter(v, { kind: 'fields', field: name });
                if (kids instanceof PdfArray) for (let i = kids.items.length - 1; i >= 0; i -= 1) stack.push({ ref: kids.items[i] ?? null, prefix: name, ft, depth: item.depth + 1 });
              } else if (k === 'V' && ft === 'Sig') {
                if (v instanceof PdfRef && !signatureFields.has(v.num)) signatureFields.set(v.num, { field: name, fieldNum: fieldNum ?? null });
                deep(v, { kind: 'sig', field: name });
              } else if (k === 'V' || k === 'DV') {
                deep(v, { kind: 'field-value', field: name });
              } else if (k === 'AP') {
                deep(v, { kind: 'field-ap', field: name, ...(fieldNum === undefined ? {} : { owner: fieldNum }) });
              } else {
                deep(v, { kind: 'field', field: name });
              }
            }
          }
        } else if (fk === 'DR') {
          deep(fv, { kind: 'acroform-res' });
        } else {
          deep(fv, { kind: 'acroform', key: fk });
        }
      }
    } else if (key === 'DSS') {
      deep(value, { kind: 'dss' });
    } else if (key === 'Perms') {
      deep(value, { kind: 'perms' });
    } else if (key === 'Metadata') {
      deep(value, { kind: 'metadata', key: 'Metadata' });
    } else if (key !== 'Type') {
      deep(value, { kind: 'catalog-entry', key });
    }
  }
  return { roles, signatureFields, pages, unreadable };
}

/** What the signatures before a revision allow, and who they are. */
export interface RevisionContext {
  /** 1-based revision being judged. */
  readonly revision: number;
  /** 1-based index of the last signature before this revision. */
  readonly afterSignature: number;
  /** The DocMDP permission of a certification signature before this revision, or null. */
  readonly certification: 1 | 2 | 3 | null;
  /** Whether any signature precedes this revision (a certification added now breaks the rules). */
  readonly signedBefore: boolean;
  /** Object numbers of the signature dictionaries this revision adds, with whether each certifies and is a document timestamp. */
  readonly newSignatures: ReadonlyMap<number, { readonly certifies: boolean; readonly timestamp: boolean }>;
}

interface ChangedObject {
  readonly num: number;
  readonly before: PdfValue | undefined;
  readonly after: PdfValue | undefined;
  readonly inObjectStream: boolean;
  readonly unreadable: boolean;
}

/** Objects that revision `revision` defines differently from the revision before it. */
function changedObjects(file: PdfFile, revision: number): ChangedObject[] {
  const before = file.state(revision - 1);
  const after = file.state(revision);
  const numbers = new Set<number>();
  for (const index of file.revisions[revision - 1]?.sections ?? []) for (const num of file.sections[index]?.entries.keys() ?? []) numbers.add(num);
  // Objects in an object stream that this revision redefines change without an entry of their own.
  const redefinedContainers = new Set([...numbers].filter((num) => before.get(num)?.type === 'n'));
  if (redefinedContainers.size > 0) for (const [num, entry] of after) if (entry.type === 'c' && redefinedContainers.has(entry.stream)) numbers.add(num);
  const out: ChangedObject[] = [];
  for (const num of numbers) {
    const oldEntry = before.get(num);
    const newEntry = after.get(num);
    if (oldEntry && newEntry && file.cacheKey(before, num, oldEntry) === file.cacheKey(after, num, newEntry)) continue;
    let oldValue: PdfValue | undefined;
    let newValue: PdfValue | undefined;
    let unreadable = false;
    try {
      oldValue = oldEntry && oldEntry.type !== 'f' ? (file.objectAt(before, num, oldEntry)?.value ?? undefined) : undefined;
    } catch {
      oldValue = undefined;
    }
    try {
      newValue = newEntry && newEntry.type !== 'f' ? (file.objectAt(after, num, newEntry)?.value ?? undefined) : undefined;
    } catch {
      unreadable = true;
    }
    if (!unreadable && oldValue !== undefined && newValue !== undefined && sameValue(oldValue, newValue)) continue;
    if (!unreadable && oldValue === undefined && newValue === undefined) continue;
    out.push({ num, before: oldValue, after: newValue, inObjectStream: newEntry?.type === 'c' && oldValue !== undefined, unreadable });
  }
  return out;
}

function refNum(value: PdfValue | undefined): number | null {
  return value instanceof PdfRef ? value.num : null;
}

function refsOf(file: PdfFile, state: State, value: PdfValue | undefined): PdfValue[] {
  const resolved = file.resolve(state, value);
  return resolved instanceof PdfArray ? [...resolved.items] : [];
}

/**
 * Judges revision `ctx.revision`: returns the changes the signatures before it do not allow
 * (empty when it only signs, fills prepared signature fields, or adds validation data).
 */
export function judgeRevision(file: PdfFile, ctx: RevisionContext, rolesAfter: RoleMap, rolesBefore: () => RoleMap): Change[] {
  const { revision } = ctx;
  const before = file.state(revision - 1);
  const after = file.state(revision);
  const changes = new Map<string, Change>();
  const add = (code: ChangeCode, extra: { page?: number | undefined; field?: string | undefined; object?: number | undefined; key?: string | undefined } = {}): void => {
    const change: Change = {
      code,
      afterSignature: ctx.afterSignature,
      revision,
      ...(extra.page === undefined ? {} : { page: extra.page }),
      ...(extra.field === undefined ? {} : { field: extra.field }),
      ...(extra.object === undefined ? {} : { object: extra.object }),
      ...(extra.key === undefined ? {} : { key: extra.key }),
    };
    // One line per kind of change and place: a content stream rewritten in three objects is one change to read.
    const id = `${code}|${String(extra.page ?? '')}|${extra.field ?? ''}|${extra.key ?? ''}|${code === 'object-changed' || code === 'object-stream-redefines' ? String(extra.object ?? '') : ''}`;
    if (!changes.has(id)) changes.set(id, change);
  };

  const trailerBefore = file.trailer(revision - 1);
  const trailerAfter = file.trailer(revision);
  const rootBefore = refNum(trailerBefore.get('Root'));
  const rootAfter = refNum(trailerAfter.get('Root'));
  if (rootBefore !== rootAfter || !sameValue(trailerBefore.get('Root') ?? null, trailerAfter.get('Root') ?? null)) add('root-replaced', { key: 'Root' });
  if (!sameValue(trailerBefore.get('Info') ?? null, trailerAfter.get('Info') ?? null)) add('metadata-changed', { key: 'Info' });
  if (!sameValue(trailerBefore.get('Encrypt') ?? null, trailerAfter.get('Encrypt') ?? null)) add('encryption-changed', { key: 'Encrypt' });

  const signedFieldsBefore = rolesBefore().signatureFields;
  const sigFieldNumsBefore = new Set([...signedFieldsBefore.values()].map((f) => f.fieldNum).filter((n): n is number => n !== null));
  const certifying = [...ctx.newSignatures.values()].some((s) => s.certifies);
  if (certifying && ctx.signedBefore) add('certification-changed');
  if (ctx.certification === 1 && [...ctx.newSignatures.values()].some((s) => !s.timestamp)) add('docmdp-no-changes');

  const fieldTypeIn = (state: State, num: number): string | null => {
    let dict = file.dict(state, new PdfRef(num, 0));
    for (let depth = 0; dict && depth < 32; depth += 1) {
      const ft = dict.name('FT');
      if (ft) return ft;
      dict = file.dict(state, dict.get('Parent'));
    }
    return null;
  };
  const isSignatureWidget = (state: State, value: PdfValue | undefined): boolean => {
    const num = refNum(value);
    const dict = file.dict(state, value);
    if (!dict || dict.name('Subtype') !== 'Widget') return false;
    return num !== null ? fieldTypeIn(state, num) === 'Sig' : dict.name('FT') === 'Sig';
  };
  /** A new signature widget that paints something on its page. */
  const paints = (state: State, value: PdfValue | undefined): boolean => {
    const dict = file.dict(state, value);
    if (!dict) return false;
    // A flag word that is not a non-negative integer is ignored by viewers (all flags clear): so here.
    const raw = dict.get('F');
    const flags = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? raw : 0;
    const bit = (mask: number): boolean => Math.floor(flags / mask) % 2 === 1;
    // Hidden is never drawn; NoView without Print is never drawn either. NoView with Print still prints.
    if (bit(2) || (bit(32) && !bit(4))) return false;
    const rect = file.resolve(state, dict.get('Rect'));
    if (!(rect instanceof PdfArray) || rect.items.length !== 4) return false;
    const [x1, y1, x2, y2] = rect.items.map((n) => { const v = file.resolve(state, n); return typeof v === 'number' ? v : 0; }) as [number, number, number, number];
    if (Math.abs(x2 - x1) < 0.5 || Math.abs(y2 - y1) < 0.5) return false;
    // Without an appearance a viewer draws one of its own (a background, a border, a signature panel).
    const ap = file.dict(state, dict.get('AP'));
    const normal = ap ? file.resolve(state, ap.get('N')) : null;
    if (!normal || dict.get('MK') !== undefined) return true;
    const streams: PdfStream[] = [];
    if (normal instanceof PdfStream) streams.push(normal);
    else if (normal instanceof PdfDict) for (const v of normal.map.values()) { const s = file.resolve(state, v); if (s instanceof PdfStream) streams.push(s); }
    if (streams.length === 0) return true;
    return streams.some((s) => {
      try {
        return decodeStream(s, 1_000_000).some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
      } catch {
        return true;
      }
    });
  };

  /** A signature field that was empty before this revision and is signed by a signature this revision adds. */
  const filledNow = (num: number): boolean => {
    if (fieldTypeIn(before, num) !== 'Sig') return false;
    if (file.dict(before, new PdfRef(num, 0))?.get('V') !== undefined) return false;
    const value = file.dict(after, new PdfRef(num, 0))?.get('V');
    return value instanceof PdfRef && ctx.newSignatures.has(value.num);
  };
  /** Listed as a field in the form after this revision (a widget no form lists is not a signature field, whatever it claims). */
  const listedField = (num: number | null): boolean => num !== null && (rolesAfter.roles.get(num) ?? []).some((r) => r.kind === 'field');

  /** Judges a list of field references (/Fields or /Kids) that changed. */
  const judgeFieldList = (oldList: PdfValue[], newList: PdfValue[], field?: string): void => {
    const newNums = new Set(newList.map(refNum));
    for (const item of oldList) {
      const num = refNum(item);
      if (num !== null && newNums.has(num)) continue;
      const name = fieldName(file, before, item);
      add(num !== null && (sigFieldNumsBefore.has(num) || fieldTypeIn(before, num) === 'Sig') ? 'signature-field-changed' : 'form-field-changed', { field: name ?? field, object: num ?? undefined });
    }
    const oldNums = new Set(oldList.map(refNum));
    for (const item of newList) {
      const num = refNum(item);
      if (num !== null && oldNums.has(num)) continue;
      if (num === null || fieldTypeIn(after, num) !== 'Sig') {
        add('form-field-changed', { field: fieldName(file, after, item) ?? field, object: num ?? undefined });
        continue;
      }
      // After a signature, a new signature widget may not paint on a page: visible signatures go in the boxes the document prepared.
      if (!before.has(num) && paints(after, item)) add('visible-widget-added', { field: fieldName(file, after, item) ?? undefined, page: pageOfWidget(file, after, item, rolesAfter) });
      // Nor carry actions: a viewer that runs them (pdf.js) can change or hide other fields.
      const added = file.dict(after, item);
      if (!before.has(num) && (added?.get('A') !== undefined || added?.get('AA') !== undefined)) add('form-field-changed', { field: fieldName(file, after, item) ?? undefined, key: added.get('AA') !== undefined ? 'AA' : 'A' });
    }
  };

  const judgeAnnots = (oldList: PdfValue[], newList: PdfValue[], page: number | undefined): void => {
    const newNums = new Set(newList.map(refNum));
    for (const item of oldList) {
      const num = refNum(item);
      if (num !== null && newNums.has(num)) continue;
      if (num !== null && isSignatureWidget(before, item) && sigFieldNumsBefore.has(num)) add('signature-field-changed', { page, object: num, field: fieldName(file, before, item) ?? undefined });
      else if (ctx.certification !== 3 || isSignatureWidget(before, item)) add('annotation-changed', { page, object: num ?? undefined });
    }
    const oldNums = new Set(oldList.map(refNum));
    for (const item of newList) {
      const num = refNum(item);
      if (num !== null && oldNums.has(num)) continue;
      if (isSignatureWidget(after, item) && listedField(num)) {
        if ((num === null || !before.has(num)) && paints(after, item)) add('visible-widget-added', { page, field: fieldName(file, after, item) ?? undefined });
        continue;
      }
      const subtype = file.dict(after, item)?.name('Subtype');
      if (ctx.certification !== 3 || subtype === 'Widget') add('annotation-added', { page, object: num ?? undefined });
    }
  };

  for (const changed of changedObjects(file, revision)) {
    const { num } = changed;
    const isNew = changed.before === undefined;
    const deleted = changed.after === undefined && !changed.unreadable;
    const roleList = deleted ? (rolesBefore().roles.get(num) ?? []) : (rolesAfter.roles.get(num) ?? []);
    if (changed.unreadable) {
      add('object-changed', { object: num });
      continue;
    }
    // A repeated key written after signing: viewers read the last value and tools disagree; never an allowed change.
    if (changed.after !== undefined && hasRepeatedKeys(changed.after)) add('revision-structure', { object: num });
    // A reference written after signing that does not resolve exactly (another generation, a free or
    // missing object, object 0) makes some viewers rebuild the cross-reference by scanning the bytes.
    if (changed.after !== undefined && hasLooseReference(changed.after, after)) add('revision-structure', { object: num });
    if (roleList.length === 0) {
      // Not part of the document any reader shows, unless an object that cannot be read here may refer to it.
      if (rolesAfter.unreadable || rolesBefore().unreadable) add('object-changed', { object: num });
      continue;
    }
    const redefined = changed.inObjectStream;
    for (const role of roleList) {
      const report = (code: ChangeCode, extra: { page?: number | undefined; field?: string | undefined; key?: string | undefined } = {}): void => {
        add(redefined ? 'object-stream-redefines' : code, { ...extra, object: num });
      };
      const dictBefore = changed.before instanceof PdfDict ? changed.before : changed.before instanceof PdfStream ? changed.before.dict : null;
      const dictAfter = changed.after instanceof PdfDict ? changed.after : changed.after instanceof PdfStream ? changed.after.dict : null;
      switch (role.kind) {
        case 'catalog': {
          if (!dictAfter) { report('catalog-changed'); break; }
          // Another catalog altogether: "root-replaced" already says it; its entries would only repeat it.
          if (rootBefore !== rootAfter && num === rootAfter) break;
          const keys = dictBefore ? changedKeys(dictBefore, dictAfter) : [...dictAfter.map.keys()];
          for (const key of keys) {
            if (key === 'AcroForm') {
              const oldForm = dictBefore ? file.dict(before, dictBefore.get('AcroForm')) : null;
              const newForm = file.dict(after, dictAfter.get('AcroForm'));
              if (!newForm) report('form-field-changed', { key });
              else judgeForm(oldForm, newForm);
            } else if (key === 'DSS' || key === 'Extensions') {
              // Validation data and extension declarations: allowed (PAdES).
            } else if (key === 'Perms') {
              if (ctx.signedBefore || !certifying) report('certification-changed', { key });
            } else if (key === 'Metadata') {
              report('metadata-changed', { key });
            } else {
              report('catalog-changed', { key });
            }
          }
          break;
        }
        case 'acroform':
          if (role.key !== undefined) { report('form-field-changed', { key: role.key }); break; }
          if (dictAfter) judgeForm(dictBefore, dictAfter);
          else report('form-field-changed');
          break;
        case 'acroform-res':
          // The form's default resources draw fields without an appearance: signing never changes them.
          report('form-field-changed', { key: 'DR' });
          break;
        case 'fields':
          judgeFieldList(refsOf(file, before, changed.before ?? null), refsOf(file, after, changed.after ?? null), role.field);
          break;
        case 'field': {
          if (isNew) {
            if (fieldTypeIn(after, num) !== 'Sig') report('form-field-changed', { field: role.field });
            break;
          }
          const ft = fieldTypeIn(before, num);
          if (ft !== 'Sig') { report('form-field-changed', { field: role.field }); break; }
          // Filling an empty signature field: /V (a signature this revision adds) and its appearance, nothing else.
          const keys = dictBefore && dictAfter ? changedKeys(dictBefore, dictAfter) : ['?'];
          const fills = filledNow(num) && keys.every((k) => k === 'V' || k === 'AP');
          if (!fills) report('signature-field-changed', { field: role.field });
          // Only the locked boxes a report prepares for countersignatures may be drawn in when filled;
          // an empty field elsewhere may be signed, but not paint over the page.
          else if (dictBefore?.get('Lock') === undefined && keys.includes('AP') && paints(after, new PdfRef(num, 0))) report('visible-widget-added', { field: role.field, page: pageOfWidget(file, after, new PdfRef(num, 0), rolesAfter) });
          break;
        }
        case 'sig':
          if (!isNew || !ctx.newSignatures.has(num)) report('signature-field-changed', { field: role.field, page: role.page });
          break;
        case 'field-ap':
        case 'annot-ap': {
          if (isNew) break; // reached only through a widget or annotation that changed: judged there
          const owner = role.owner;
          // The appearance of a field signed in this very revision may change; any other appearance may not.
          if (owner !== undefined && filledNow(owner)) break;
          if (role.kind === 'annot-ap' && ctx.certification === 3 && owner !== undefined && !isSignatureWidget(before, new PdfRef(owner, 0))) break;
          report(owner !== undefined && sigFieldNumsBefore.has(owner) ? 'signature-field-changed' : 'annotation-changed', { page: role.page, field: role.field });
          break;
        }
        case 'annot': {
          if (isNew) break; // judged by the /Annots list that now holds it
          if (role.owner === num && isSignatureWidget(before, new PdfRef(num, 0)) && listedField(num)) break; // judged as a field
          if (ctx.certification === 3 && !isSignatureWidget(before, new PdfRef(role.owner ?? num, 0))) break;
          report('annotation-changed', { page: role.page });
          break;
        }
        case 'annots':
          judgeAnnots(refsOf(file, before, changed.before ?? null), refsOf(file, after, changed.after ?? null), role.page);
          break;
        case 'page': {
          if (!dictAfter || !dictBefore) { report('page-tree', { page: role.page }); break; }
          for (const key of changedKeys(dictBefore, dictAfter)) {
            if (key === 'Annots') {
              judgeAnnots(refsOf(file, before, dictBefore.get('Annots')), refsOf(file, after, dictAfter.get('Annots')), role.page);
            } else if (key === 'Contents') {
              report('page-content', { page: role.page });
            } else {
              report('page-resources', { page: role.page, key });
            }
          }
          break;
        }
        case 'contents':
          report('page-content', { page: role.page });
          break;
        case 'resources':
          report('page-resources', { page: role.page, key: role.key });
          break;
        case 'pages':
          report('page-tree', { key: role.key });
          break;
        case 'dss':
          break;
        case 'perms':
          if (ctx.signedBefore || !certifying) report('certification-changed');
          break;
        case 'metadata':
          report('metadata-changed', { key: role.key });
          break;
        case 'encrypt':
          report('encryption-changed');
          break;
        case 'field-value':
          report('form-field-changed', { field: role.field });
          break;
        case 'catalog-entry':
          report('catalog-changed', { key: role.key });
          break;
      }
    }
  }
  return [...changes.values()];

  function judgeForm(oldForm: PdfDict | null, newForm: PdfDict): void {
    const keys = oldForm ? changedKeys(oldForm, newForm) : [...newForm.map.keys()];
    for (const key of keys) {
      if (key === 'Fields') judgeFieldList(oldForm ? refsOf(file, before, oldForm.get('Fields')) : [], refsOf(file, after, newForm.get('Fields')));
      else if (key === 'SigFlags') continue;
      else add('form-field-changed', { key });
    }
  }
}

/** Whether a value (not following references) holds a reference that `state` does not resolve to exactly that object and generation. */
function hasLooseReference(value: PdfValue, state: State, depth = 0): boolean {
  if (depth > 64) return true;
  if (value instanceof PdfRef) {
    const entry = state.get(value.num);
    if (value.num <= 0 || !entry || entry.type === 'f') return true;
    return entry.type === 'n' ? entry.gen !== value.gen : value.gen !== 0;
  }
  if (value instanceof PdfStream) return hasLooseReference(value.dict, state, depth + 1);
  if (value instanceof PdfDict) {
    for (const v of value.map.values()) if (hasLooseReference(v, state, depth + 1)) return true;
    return value.duplicates.some(([, v]) => hasLooseReference(v, state, depth + 1));
  }
  if (value instanceof PdfArray) return value.items.some((v) => hasLooseReference(v, state, depth + 1));
  return false;
}

function fieldName(file: PdfFile, state: State, value: PdfValue | undefined): string | null {
  const parts: string[] = [];
  let dict = file.dict(state, value);
  for (let depth = 0; dict && depth < 32; depth += 1) {
    const t = dict.get('T');
    if (t instanceof PdfString) parts.unshift(t.text());
    dict = file.dict(state, dict.get('Parent'));
  }
  return parts.length > 0 ? parts.join('.') : null;
}

function pageOfWidget(file: PdfFile, state: State, value: PdfValue | undefined, roles: RoleMap): number | undefined {
  const num = refNum(value);
  if (num !== null) {
    const role = roles.roles.get(num)?.find((r) => r.kind === 'annot');
    if (role?.page !== undefined) return role.page;
  }
  const dict = file.dict(state, value);
  const p = refNum(dict?.get('P'));
  if (p !== null) {
    const index = roles.pages.indexOf(p);
    if (index >= 0) return index + 1;
  }
  return undefined;
}

