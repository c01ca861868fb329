/**
 * The printed documents as pure data: ordered sections of blocks whose strings are already
 * translated and formatted. `build.ts` makes a model from an examination; `render.ts` lays a model
 * out as a PDF. Keeping the two apart lets the model be tested without a PDF, and lets the same
 * model be shown on screen later.
 */
import type { Photograph } from '../domain/findings';
import type { ChartId } from '../domain/vocab';

/** One label and its value, printed as two columns. */
export interface KeyValueRow {
  readonly label: string;
  readonly value: string;
}

/** A column of a table: its header and its share of the width (relative weight). */
export interface TableColumn {
  readonly header: string;
  readonly weight: number;
}

/** A numbered mark on a body chart, in chart units (y down). */
export interface ChartMark {
  readonly label: string;
  readonly x: number;
  readonly y: number;
}

/** One body chart with its marks. */
export interface ChartFigure {
  readonly chart: ChartId;
  readonly caption: string;
  readonly marks: readonly ChartMark[];
}

export type ReportBlock =
  /** A sub-heading inside a section. */
  | { readonly kind: 'heading'; readonly text: string }
  /** Free text; `quote` sets the person's own words apart. Line breaks in `text` are kept. */
  | { readonly kind: 'paragraph'; readonly text: string; readonly quote?: boolean }
  | { readonly kind: 'keyValue'; readonly rows: readonly KeyValueRow[] }
  /** A table; its header row repeats on every page it runs over. */
  | { readonly kind: 'table'; readonly columns: readonly TableColumn[]; readonly rows: readonly (readonly string[])[] }
  /** Body charts drawn as vectors, side by side, with a legend line under them. */
  | { readonly kind: 'charts'; readonly figures: readonly ChartFigure[]; readonly legend: string }
  /**
   * A photograph: the image (JPEG display copy) when it may be printed, else `notice` says why not.
   * `rows` give its date, author, scale, lesions and the SHA-256 of the original.
   */
  | {
      readonly kind: 'photo';
      readonly title: string;
      readonly caption: string;
      readonly jpeg: Uint8Array | null;
      readonly notice: string | null;
      /** Printed instead of the image if its bytes cannot be embedded. */
      readonly unavailable: string;
      readonly rows: readonly KeyValueRow[];
    }
  /** A declaration or a statement the reader must not miss, set in a ruled box. */
  | { readonly kind: 'statement'; readonly text: string }
  /**
   * The signature block: who signs, date and place, certificate, and an empty box where the digital
   * signature's widget goes (its rectangle is returned by `renderPdf`).
   */
  | {
      readonly kind: 'signature';
      readonly rows: readonly KeyValueRow[];
      readonly boxLabel: string;
      readonly boxNote?: string;
      /** Boxes below it for colleagues' countersignatures (second reader, peer review, supervisor), each an empty signature field once prepared. */
      readonly countersignatures?: { readonly count: number; readonly label: string; readonly note: string };
    };

export type ReportBlockKind = ReportBlock['kind'];

export interface ReportSection {
  /** A stable key (`caseInformation`, `annexes`…), for tests and later navigation. */
  readonly key: string;
  readonly heading: string;
  readonly blocks: readonly ReportBlock[];
}

/** A printed document: title page lines, sections, and the strings of the running head and footer. */
export interface ReportModel {
  /** `report` is the medico-legal report, full or anonymised; `summary` its signed summary; `coverLetter` the referral letter that goes with it. */
  readonly kind: 'report' | 'intake' | 'summary' | 'coverLetter';
  /** BCP 47 language of the strings (PDF /Lang). */
  readonly language: string;
  readonly title: string;
  readonly subtitle: string;
  /** Title-page lines under the subtitle (case number, version, date). */
  readonly lead: readonly KeyValueRow[];
  readonly notice: string;
  /** PDF metadata title. Never holds the person's name. */
  readonly metadataTitle: string;
  /** When the document was issued (ISO 8601): the PDF creation and modification dates. */
  readonly issuedAt: string;
  readonly runningHead: string;
  /** Left part of the footer on every page. */
  readonly footerLeft: string;
  /** "Page {{page}} of {{pages}}": filled for each page. */
  readonly footerPage: string;
  /** An extra footer line on the last page (the audit-chain head), or null. */
  readonly lastPageFooter: string | null;
  readonly sections: readonly ReportSection[];
}

/** A photograph as the caller provides it: its number in the report, metadata, and display copy. */
export interface ReportPhoto {
  readonly number: number;
  readonly photograph: Photograph;
  /** Display copy: JPEG, EXIF-free, at most 2048 px on its longer side. */
  readonly jpeg: Uint8Array;
}
