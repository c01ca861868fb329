/**
 * Reading a PDF's Document Security Store (PAdES B-LT, ISO 32000-2 §12.8.4.3) as any tool may have
 * written it: the DSS and its arrays direct or indirect, VRI present or absent, a VRI entry's /Cert,
 * /CRL and /OCSP arrays direct or indirect (some tools list data only there). Input is hostile:
 * bounded, and what cannot be read is left out, never thrown.
 */
import { decodeStream, type PdfFile, type State } from './pdfFile';
import { PdfArray, PdfRef, PdfStream, type PdfDict, type PdfValue } from './pdfObjects';

export interface DssData {
  readonly certificates: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly ocspResponses: Uint8Array[];
  /** The indirect object each stream read is, for a later update that keeps it. */
  readonly refs: { readonly der: Uint8Array; readonly num: number; readonly generation: number }[];
}

const MAX_ITEMS = 1000;
const MAX_VRI = 500;
const MAX_STREAM = 8 * 1024 * 1024;

/** The DSS of the file's latest revision (or of `revision`). */
export function readDss(file: PdfFile, revision = file.revisions.length): DssData {
  const out: DssData = { certificates: [], crls: [], ocspResponses: [], refs: [] };
  let state: State;
  let dss: PdfDict | null;
  try {
    state = file.state(revision);
    const catalog = file.dict(state, file.trailer(revision).get('Root'));
    dss = file.dict(state, catalog?.get('DSS'));
  } catch {
    return out;
  }
  if (!dss) return out;
  const seen = new Set<string>();
  const collect = (list: PdfValue | undefined, into: Uint8Array[]): void => {
    let array: PdfValue;
    try {
      array = file.resolve(state, list);
    } catch {
      return;
    }
    if (!(array instanceof PdfArray)) return;
    for (const item of array.items.slice(0, MAX_ITEMS)) {
      const id = item instanceof PdfRef ? `${String(item.num)} ${String(item.gen)}` : null;
      if (id !== null && seen.has(id)) continue;
      try {
        const stream = file.resolve(state, item);
        if (!(stream instanceof PdfStream)) continue;
        const der = decodeStream(stream, MAX_STREAM);
        into.push(der);
        if (item instanceof PdfRef && id !== null) {
          seen.add(id);
          out.refs.push({ der, num: item.num, generation: item.gen });
        }
      } catch {
        // A stream that cannot be decoded is validation data not used.
      }
    }
  };
  collect(dss.get('Certs'), out.certificates);
  collect(dss.get('CRLs'), out.crls);
  collect(dss.get('OCSPs'), out.ocspResponses);
  try {
    const vri = file.dict(state, dss.get('VRI'));
    if (vri) {
      for (const value of [...vri.map.values()].slice(0, MAX_VRI)) {
        const entry = file.dict(state, value);
        if (!entry) continue;
        collect(entry.get('Cert'), out.certificates);
        collect(entry.get('CRL'), out.crls);
        collect(entry.get('OCSP'), out.ocspResponses);
      }
    }
  } catch {
    // An unreadable VRI: the top-level arrays still count.
  }
  return out;
}
