/**
 * Lays a report model out as an A4 PDF with pdf-lib: DejaVu Sans (fonts passed in by the caller,
 * so this runs in Node and in the browser alike), 20 mm margins, a running head, and on every page
 * a footer with the case number, version, document id and "Page x of y".
 *
 * Free text flows across pages line by line and is never clipped; table rows taller than a page are
 * split, with the header row repeated on each page. Body charts are drawn as vectors. Sections XVI
 * (signature) and XVII (annexes) are kept together, so the signature box is on the last page;
 * its rectangle is returned for the signer to place the signature widget there.
 *
 * The file is saved without object streams, because it is signed afterwards by incremental update.
 */
import { PDFArray, PDFDocument, PDFHexString, PDFName, rgb, type PDFFont, type PDFImage, type PDFPage } from '@cantoo/pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { chartDefinition } from '../bodyCharts';
import type { ChartFigure, KeyValueRow, ReportBlock, ReportModel, ReportSection, TableColumn } from './model';
import { Typesetter, type FallbackFont, type Line, type MissingCharacter } from './typeset';
import { applyPdfA, type PdfAttachment } from './pdfa';

/**
 * TrueType font files: the body font and its bold (DejaVu Sans), and the fonts for other scripts,
 * each loaded only when a document uses its script.
 */
export interface Fonts {
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  readonly fallbacks?: readonly FallbackFont[];
}

/** Where the signature widget goes: page index (0-based) and `[x1, y1, x2, y2]` in PDF points, origin bottom left. */
export interface SignatureBlockPlacement {
  readonly pageIndex: number;
  readonly rect: readonly [number, number, number, number];
}

export interface RenderedPdf {
  readonly bytes: Uint8Array;
  readonly signatureBlock: SignatureBlockPlacement;
  /** The countersignature boxes, in order (empty for documents without them). */
  readonly countersignatureBoxes: readonly SignatureBlockPlacement[];
  /** Names of the empty signature fields prepared in the file (with `RenderOptions.prepareSignatures`). */
  readonly fields: { readonly author: string | null; readonly countersignatures: readonly string[] };
  /**
   * Characters that no embedded font has, each printed as □ (and extracted as typed): to show the
   * clinician before signing. Empty when everything printed.
   */
  readonly missing: readonly MissingCharacter[];
}

export interface RenderOptions {
  /**
   * Prepare the signature fields in the document itself, so that they are part of what the author's
   * certification signature covers: the author's field over the signature box (naming, when given,
   * the certificate that must sign it: a seed value, ISO 32000-1 §12.7.4.5) and one locked field per
   * countersignature box. `signPdf` then fills them by name.
   */
  readonly prepareSignatures?: { readonly authorName: string; readonly authorCertificate?: Uint8Array };
  /**
   * The data the document is made from, attached as its PDF/A-3 associated file (`/AFRelationship
   * /Source`) before anything is signed. The model should print its SHA-256 (report section XVII).
   */
  readonly attachment?: PdfAttachment;
}

/** The prepared fields' names: the author's keeps the name signatures have always had here. */
export const AUTHOR_FIELD = 'Signature1';
export const COUNTERSIGNATURE_FIELD_PREFIX = 'Countersignature';

// A4 in points, 20 mm margins.
const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN = 56.69;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const TOP = PAGE_H - MARGIN;
const BOTTOM = MARGIN + 6;

const BODY = { size: 9.5, leading: 13.5 };
const SMALL = { size: 8.5, leading: 11.5 };
const TABLE = { size: 8, leading: 10.4, pad: 3 };
const LABEL_W = 160;

const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.4, 0.4, 0.43);
const RULE = rgb(0.62, 0.62, 0.66);
const TINT = rgb(0.94, 0.95, 0.96);
const MARK = rgb(0.78, 0.1, 0.1);
const WHITE = rgb(1, 1, 1);

/**
 * The fontkit pdf-lib is given, adapted in two ways:
 * - @pdf-lib/fontkit 1.x subsets through `encodeStream()`, but its subset also has an
 *   `encode(stream)` method, which @cantoo/pdf-lib mistakes for fontkit 2's argument-less `encode()`
 *   and calls without a stream (a TypeError). The subset handed out hides `encode`.
 * - `layout` maps each character to its glyph, without OpenType shaping: the fast path for the body
 *   font's left-to-right text (the full shaper costs about 1 ms per line; DejaVu Sans uses no Latin
 *   ligatures). Text that needs shaping is shaped by typeset.ts with fontkit's own layout
 *   (`realLayout`), whose glyphs it hands over through `pendingRun` for pdf-lib to subset and encode.
 */
interface FontkitGlyph {
  readonly id: number;
  readonly advanceWidth: number;
}
interface FontkitSubset {
  includeGlyph(glyph: unknown): number;
  encodeStream(): unknown;
  readonly cff?: unknown;
}
interface FontkitFont {
  createSubset(): FontkitSubset;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
  layout(text: string, ...rest: unknown[]): { glyphs: FontkitGlyph[]; positions: unknown[] };
  /** fontkit's own layout (shaping), for typeset.ts. */
  realLayout?: FontkitFont['layout'];
  /** Glyphs typeset.ts has shaped, handed to pdf-lib's next `encodeText` on this font. */
  pendingRun?: { glyphs: FontkitGlyph[]; positions: unknown[] } | null;
}
/**
 * fontkit 1.x writes a subset's `loca` in the short format (offsets / 2) when it is small, which
 * needs every glyph's data to have an even length. DejaVu's glyphs have; Noto's (Naskh Arabic,
 * Sans SC) need not, and their subsets came out with cut glyphs (blank on the page). Each glyph's
 * data is padded to an even length as it is added (a no-op for DejaVu).
 */
function padGlyphs(subset: unknown): void {
  const s = subset as { _addGlyph?: (gid: number) => number; glyf?: Uint8Array[]; offset?: number };
  const addGlyph = s._addGlyph;
  if (typeof addGlyph !== 'function') return;
  s._addGlyph = (gid: number) => {
    const index = addGlyph.call(s, gid);
    const glyf = s.glyf ?? [];
    const data = glyf[index];
    if (data && data.length % 2 === 1) {
      const Ctor = data.constructor as new (length: number) => Uint8Array;
      const padded = new Ctor(data.length + 1);
      padded.set(data);
      glyf[index] = padded;
      s.offset = (s.offset ?? 0) + 1;
    }
    return index;
  };
}

export const fontkitForPdf = {
  create(bytes: Uint8Array, postscriptName?: string): FontkitFont {
    const font = (fontkit as unknown as { create(b: Uint8Array, n?: string): FontkitFont }).create(bytes, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      padGlyphs(subset);
      return {
        includeGlyph: (glyph: unknown) => subset.includeGlyph(glyph),
        encodeStream: () => subset.encodeStream(),
        get cff() {
          return subset.cff;
        },
      };
    };
    font.realLayout = font.layout.bind(font);
    font.pendingRun = null;
    font.layout = (text: string) => {
      if (font.pendingRun) {
        const run = font.pendingRun;
        font.pendingRun = null;
        return run;
      }
      const glyphs: FontkitGlyph[] = [];
      for (const ch of text) glyphs.push(font.glyphForCodePoint(ch.codePointAt(0) ?? 0));
      return { glyphs, positions: glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
    };
    return font;
  },
};

/** Baseline of a line whose box starts at `top`. */
const baseline = (top: number, size: number, leading: number) => top - leading / 2 - size * 0.36;

class Writer {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  /** Top of the free space on the current page (PDF y, decreasing). */
  y = TOP;
  signature: SignatureBlockPlacement | null = null;
  countersignatures: SignatureBlockPlacement[] = [];
  private readonly images = new Map<Uint8Array, PDFImage | null>();

  constructor(
    readonly doc: PDFDocument,
    readonly ts: Typesetter,
    readonly model: ReportModel,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE_W, PAGE_H]);
    this.pages.push(this.page);
    this.y = TOP;
    if (this.pages.length > 1) {
      this.put(this.page, this.line(this.model.runningHead, false, 7.5), MARGIN, PAGE_H - 36, false, GREY);
      this.page.drawLine({ start: { x: MARGIN, y: PAGE_H - 41 }, end: { x: PAGE_W - MARGIN, y: PAGE_H - 41 }, thickness: 0.4, color: RULE });
    }
  }

  get atTop(): boolean {
    return this.y >= TOP - 0.01;
  }

  get remaining(): number {
    return this.y - BOTTOM;
  }

  /** Starts a new page unless `height` fits below the cursor. */
  ensure(height: number): void {
    if (height > this.remaining && !this.atTop) this.newPage();
  }

  gap(height: number): void {
    if (!this.atTop) this.y = Math.max(BOTTOM, this.y - height);
  }

  /** Cleaned and wrapped to `width` points (see typeset.ts). */
  lines(value: string, bold: boolean, size: number, width: number): Line[] {
    return this.ts.lines(value, bold, size, width);
  }

  line(value: string, bold: boolean, size: number): Line {
    return this.ts.line(value, bold, size);
  }

  /** Draws a line in the box starting at `x` (`box` wide, when known), the line's box top at `top`. */
  text(line: Line | undefined, x: number, top: number, bold: boolean, leading: number, color = INK, box?: number): void {
    if (line === undefined) return;
    this.put(this.page, line, x, baseline(top, line.size, leading), bold, color, box);
  }

  /**
   * Draws a line at baseline `y`. A right-to-left document is laid out mirrored: what a left-to-right
   * one puts at `x` it puts with its right edge at `PAGE_W - x`. In a left-to-right document, a
   * right-to-left paragraph stands at the right of its box.
   */
  put(page: PDFPage, line: Line, x: number, y: number, bold: boolean, color = INK, box?: number): void {
    let at = x;
    if (this.ts.rtl) at = PAGE_W - x - line.width;
    else if (line.rtl && box !== undefined) at = x + box - line.width;
    this.ts.draw(page, line, at, y, bold, color);
  }

  /** A rectangle's left edge: mirrored in a right-to-left document. */
  mx(x: number, width: number): number {
    return this.ts.rtl ? PAGE_W - x - width : x;
  }

  /** Draws wrapped lines at x, flowing onto new pages; `decorate` draws per-line extras (a quote bar). */
  flowLines(lines: readonly Line[], x: number, bold: boolean, leading: number, color = INK, decorate?: (top: number) => void, box?: number): void {
    for (const line of lines) {
      this.ensure(leading);
      decorate?.(this.y);
      this.text(line, x, this.y, bold, leading, color, box);
      this.y -= leading;
    }
  }

  image(bytes: Uint8Array): Promise<PDFImage | null> {
    const cached = this.images.get(bytes);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.doc.embedJpg(bytes).then(
      (img) => {
        this.images.set(bytes, img);
        return img;
      },
      () => {
        this.images.set(bytes, null);
        return null;
      },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Measuring (for keeping blocks together)

function keyValueLines(w: Writer, row: KeyValueRow, size: number, labelWidth: number, width: number): { label: Line[]; value: Line[] } {
  return {
    label: w.lines(row.label, false, size - 0.5, labelWidth - 8),
    value: w.lines(row.value, false, size, width - labelWidth),
  };
}

function measureBlock(w: Writer, block: ReportBlock): number {
  switch (block.kind) {
    case 'heading':
      return 10 + 15;
    case 'paragraph':
      return w.lines(block.text, false, BODY.size, CONTENT_W - (block.quote ? 14 : 0)).length * BODY.leading + 5;
    case 'statement':
      return w.lines(block.text, false, BODY.size, CONTENT_W - 20).length * BODY.leading + 16 + 6;
    case 'keyValue':
      return block.rows.reduce((h, row) => {
        const l = keyValueLines(w, row, BODY.size, LABEL_W, CONTENT_W);
        return h + Math.max(l.label.length, l.value.length) * BODY.leading + 2;
      }, 4);
    case 'signature':
      return signatureHeight(w, block.rows) + countersignatureHeight(block.countersignatures);
    default:
      return 200;
  }
}

/** The least of a block that must follow a heading on the same page (keep-with-next). */
async function leadHeight(w: Writer, block: ReportBlock | undefined): Promise<number> {
  if (block === undefined) return 0;
  switch (block.kind) {
    case 'heading':
      return 25 + 3 * BODY.leading;
    case 'table':
      return 20 + 4 * TABLE.leading;
    case 'charts':
      return chartRowHeight(w, block.figures.slice(0, 3));
    case 'photo':
      return (await photoLayout(w, block)).firstHeight;
    case 'signature':
      return measureBlock(w, block);
    default:
      return Math.min(measureBlock(w, block), 4 * BODY.leading);
  }
}

function measureSection(w: Writer, section: ReportSection): number {
  return 34 + section.blocks.reduce((h, b) => h + measureBlock(w, b), 0);
}

// ---------------------------------------------------------------------------------------------
// Blocks

function drawSectionHeading(w: Writer, heading: string, lead: number): void {
  // Keep the heading with the start of what follows.
  w.ensure(34 + lead);
  w.gap(14);
  const lines = w.lines(heading, true, 12, CONTENT_W);
  for (const line of lines) {
    w.text(line, MARGIN, w.y, true, 16);
    w.y -= 16;
  }
  w.page.drawLine({ start: { x: MARGIN, y: w.y - 1 }, end: { x: PAGE_W - MARGIN, y: w.y - 1 }, thickness: 0.6, color: RULE });
  w.y -= 8;
}

function drawSubHeading(w: Writer, value: string, lead: number): void {
  w.ensure(22 + lead);
  w.gap(6);
  const lines = w.lines(value, true, 10, CONTENT_W);
  w.flowLines(lines, MARGIN, true, 14);
  w.y -= 2;
}

function drawParagraph(w: Writer, value: string, quote: boolean): void {
  const indent = quote ? 14 : 0;
  const lines = w.lines(value, false, BODY.size, CONTENT_W - indent);
  const bar = quote ? (top: number) => { w.page.drawRectangle({ x: w.mx(MARGIN + 2, 2), y: top - BODY.leading, width: 2, height: BODY.leading, color: RULE }); } : undefined;
  w.flowLines(lines, MARGIN + indent, false, BODY.leading, INK, bar, CONTENT_W - indent);
  w.y -= 5;
}

function drawKeyValue(w: Writer, rows: readonly KeyValueRow[], x = MARGIN, width = CONTENT_W, labelWidth = LABEL_W): void {
  for (const row of rows) {
    const { label, value } = keyValueLines(w, row, BODY.size, labelWidth, width);
    const n = Math.max(label.length, value.length);
    // Short rows stay whole; long ones flow line by line.
    if (n <= 6) w.ensure(n * BODY.leading);
    for (let i = 0; i < n; i++) {
      w.ensure(BODY.leading);
      w.text(label[i], x, w.y, false, BODY.leading, GREY);
      w.text(value[i], x + labelWidth, w.y, false, BODY.leading);
      w.y -= BODY.leading;
    }
    w.y -= 2;
  }
  w.y -= 4;
}

function drawStatement(w: Writer, value: string): void {
  const pad = 8;
  const lines = w.lines(value, false, BODY.size, CONTENT_W - 2 * pad - 4);
  w.ensure(Math.min(lines.length, 4) * BODY.leading + 2 * pad);
  w.gap(2);
  let i = 0;
  while (i < lines.length) {
    // As many lines as fit on this page, in one tinted box; the rest continue on the next page.
    const fit = Math.max(1, Math.floor((w.remaining - 2 * pad) / BODY.leading));
    const chunk = lines.slice(i, i + fit);
    const height = chunk.length * BODY.leading + 2 * pad;
    w.page.drawRectangle({ x: MARGIN, y: w.y - height, width: CONTENT_W, height, color: TINT });
    w.page.drawRectangle({ x: w.mx(MARGIN, 2.5), y: w.y - height, width: 2.5, height, color: GREY });
    let top = w.y - pad;
    for (const line of chunk) {
      w.text(line, MARGIN + pad + 4, top, false, BODY.leading, INK, CONTENT_W - 2 * pad - 4);
      top -= BODY.leading;
    }
    w.y -= height;
    i += chunk.length;
    if (i < lines.length) w.newPage();
  }
  w.y -= 6;
}

function columnWidths(columns: readonly TableColumn[]): number[] {
  const total = columns.reduce((s, c) => s + c.weight, 0);
  return columns.map((c) => (CONTENT_W * c.weight) / total);
}

function drawTable(w: Writer, columns: readonly TableColumn[], rows: readonly (readonly string[])[]): void {
  const widths = columnWidths(columns);
  const { size, leading, pad } = TABLE;
  const headerLines = columns.map((c, i) => w.lines(c.header, true, size, (widths[i] ?? 0) - 2 * pad));
  const headerHeight = Math.max(...headerLines.map((l) => l.length)) * leading + 2 * pad;
  const header = () => {
    w.page.drawRectangle({ x: MARGIN, y: w.y - headerHeight, width: CONTENT_W, height: headerHeight, color: TINT });
    let x = MARGIN;
    headerLines.forEach((lines, i) => {
      lines.forEach((line, j) => { w.text(line, x + pad, w.y - pad - j * leading, true, leading); });
      x += widths[i] ?? 0;
    });
    w.y -= headerHeight;
    w.page.drawLine({ start: { x: MARGIN, y: w.y }, end: { x: PAGE_W - MARGIN, y: w.y }, thickness: 0.6, color: RULE });
  };
  w.ensure(headerHeight + leading * 3 + 2 * pad);
  header();
  for (const row of rows) {
    const cells = columns.map((_, i) => w.lines(row[i] ?? '', false, size, (widths[i] ?? 0) - 2 * pad));
    const n = Math.max(1, ...cells.map((c) => c.length));
    const full = n * leading + 2 * pad;
    const pageRoom = TOP - BOTTOM - headerHeight - 30;
    // A row that fits on a page is never split; a longer one is split between lines.
    if (full > w.remaining && (full <= pageRoom || w.remaining < leading * 3 + 2 * pad)) {
      w.newPage();
      header();
    }
    let from = 0;
    while (from < n) {
      const fit = Math.max(1, Math.floor((w.remaining - 2 * pad) / leading));
      const to = Math.min(n, from + fit);
      let x = MARGIN;
      cells.forEach((lines, i) => {
        for (let j = from; j < to; j++) w.text(lines[j], x + pad, w.y - pad - (j - from) * leading, j === 0 && i === 0, leading);
        x += widths[i] ?? 0;
      });
      w.y -= (to - from) * leading + 2 * pad;
      w.page.drawLine({ start: { x: MARGIN, y: w.y }, end: { x: PAGE_W - MARGIN, y: w.y }, thickness: 0.3, color: RULE });
      from = to;
      if (from < n) {
        w.newPage();
        header();
      }
    }
  }
  w.y -= 8;
}

function drawChartFigure(w: Writer, figure: ChartFigure, x: number, top: number, width: number, maxHeight: number): void {
  const def = chartDefinition(figure.chart);
  const scale = Math.min(width / def.width, maxHeight / def.height);
  const drawnW = def.width * scale;
  const ox = x + (width - drawnW) / 2;
  for (const region of def.regions) w.page.drawSvgPath(region.d, { x: ox, y: top, scale, borderColor: RULE, borderWidth: 0.35 / scale });
  for (const d of def.outline) w.page.drawSvgPath(d, { x: ox, y: top, scale, borderColor: INK, borderWidth: 0.8 / scale });
  for (const mark of figure.marks) {
    // Marks are stored in chart units; one outside the drawing (bad data) is pinned to its edge.
    const mx = ox + Math.min(Math.max(mark.x, 0), def.width) * scale;
    const my = top - Math.min(Math.max(mark.y, 0), def.height) * scale;
    w.page.drawCircle({ x: mx, y: my, size: 4, borderColor: MARK, borderWidth: 1.3, color: WHITE, opacity: 0.9 });
    w.page.drawCircle({ x: mx, y: my, size: 1.2, color: MARK });
    // Charts are not mirrored (anatomy keeps the person's left and right), nor their marks.
    const label = w.line(mark.label, true, 7);
    const lw = label.width;
    const lx = Math.min(mx + 5.5, x + width - lw - 1);
    w.page.drawRectangle({ x: lx - 1, y: my - 3, width: lw + 2, height: 9, color: WHITE, opacity: 0.85 });
    w.ts.draw(w.page, label, lx, my - 1.2, true, MARK);
  }
}

const CHARTS_PER_ROW = 3;
const CHART_GAP = 12;
const CHART_CELL_W = (CONTENT_W - CHART_GAP * (CHARTS_PER_ROW - 1)) / CHARTS_PER_ROW;
const CHART_MAX_H = 250;

function chartRowLayout(w: Writer, row: readonly ChartFigure[]): { heights: number[]; captions: Line[][]; height: number } {
  const heights = row.map((f) => {
    const def = chartDefinition(f.chart);
    return def.height * Math.min(CHART_CELL_W / def.width, CHART_MAX_H / def.height);
  });
  const captions = row.map((f) => w.lines(f.caption, false, SMALL.size - 0.5, CHART_CELL_W));
  return { heights, captions, height: Math.max(0, ...heights) + 6 + Math.max(0, ...captions.map((c) => c.length)) * SMALL.leading };
}

function chartRowHeight(w: Writer, row: readonly ChartFigure[]): number {
  return chartRowLayout(w, row).height + 6;
}

function drawCharts(w: Writer, figures: readonly ChartFigure[], legend: string): void {
  const perRow = CHARTS_PER_ROW;
  const gapX = CHART_GAP;
  const cellW = CHART_CELL_W;
  const maxH = CHART_MAX_H;
  for (let i = 0; i < figures.length; i += perRow) {
    const row = figures.slice(i, i + perRow);
    const { heights, captions, height: rowH } = chartRowLayout(w, row);
    w.ensure(rowH + 6);
    const top = w.y;
    row.forEach((figure, j) => {
      const x = MARGIN + j * (cellW + gapX);
      drawChartFigure(w, figure, x, top, cellW, maxH);
      let ct = top - Math.max(...heights) - 6;
      for (const line of captions[j] ?? []) {
        w.ts.draw(w.page, line, x + (cellW - line.width) / 2, baseline(ct, line.size, SMALL.leading), false, GREY);
        ct -= SMALL.leading;
      }
    });
    w.y = top - rowH - 6;
  }
  drawSmallParagraph(w, legend);
}

function drawSmallParagraph(w: Writer, value: string): void {
  const lines = w.lines(value, false, SMALL.size, CONTENT_W);
  w.flowLines(lines, MARGIN, false, SMALL.leading, GREY, undefined, CONTENT_W);
  w.y -= 5;
}

type PhotoBlock = Extract<ReportBlock, { kind: 'photo' }>;

async function photoLayout(w: Writer, block: PhotoBlock) {
  const titleText = block.caption === '' ? block.title : `${block.title}: ${block.caption}`;
  const title = w.lines(titleText, true, BODY.size, CONTENT_W);
  const img = block.jpeg ? await w.image(block.jpeg) : null;
  const notice = block.notice ?? (img === null ? block.unavailable : null);
  let drawW = CONTENT_W;
  let drawH = 0;
  let noticeLines: Line[] = [];
  if (img !== null && notice === null) {
    const s = Math.min(CONTENT_W / img.width, PHOTO_MAX_H / img.height);
    drawW = img.width * s;
    drawH = img.height * s;
  } else {
    // Wrapped with the bold face's widths: the first line is drawn bold and must still fit the box.
    noticeLines = w.lines(notice ?? '', true, BODY.size, CONTENT_W - 24);
    drawH = noticeLines.length * BODY.leading + 24;
  }
  // Title and image stay together with the first lines of the details.
  const firstHeight = 6 + title.length * BODY.leading + 3 + drawH + 5 + 3 * SMALL.leading;
  return { title, img, notice, drawW, drawH, noticeLines, firstHeight };
}

const PHOTO_MAX_H = 300;

async function drawPhoto(w: Writer, block: PhotoBlock): Promise<void> {
  const { title, img, notice, drawW, drawH, noticeLines, firstHeight } = await photoLayout(w, block);
  w.ensure(firstHeight);
  w.gap(6);
  w.flowLines(title, MARGIN, true, BODY.leading);
  w.y -= 3;
  if (img !== null && notice === null) {
    w.page.drawImage(img, { x: w.mx(MARGIN, drawW), y: w.y - drawH, width: drawW, height: drawH });
    w.page.drawRectangle({ x: w.mx(MARGIN, drawW), y: w.y - drawH, width: drawW, height: drawH, borderColor: RULE, borderWidth: 0.4 });
  } else {
    w.page.drawRectangle({ x: MARGIN, y: w.y - drawH, width: drawW, height: drawH, color: TINT, borderColor: RULE, borderWidth: 0.6, borderDashArray: [3, 2] });
    let top = w.y - 12;
    for (const line of noticeLines) {
      w.text(line, MARGIN + 12, top, line === noticeLines[0], BODY.leading);
      top -= BODY.leading;
    }
  }
  w.y -= drawH + 5;
  for (const row of block.rows) {
    const { label, value } = keyValueLines(w, row, SMALL.size, 130, CONTENT_W);
    const n = Math.max(label.length, value.length);
    for (let i = 0; i < n; i++) {
      w.ensure(SMALL.leading);
      w.text(label[i], MARGIN, w.y, false, SMALL.leading, GREY);
      w.text(value[i], MARGIN + 130, w.y, false, SMALL.leading);
      w.y -= SMALL.leading;
    }
  }
  w.y -= 10;
}

const SIG_BOX_W = 190;
const SIG_BOX_H = 86;

function signatureHeight(w: Writer, rows: readonly KeyValueRow[]): number {
  const width = CONTENT_W - SIG_BOX_W - 16;
  const textH = rows.reduce((h, row) => {
    const l = keyValueLines(w, row, SMALL.size, 120, width);
    return h + Math.max(l.label.length, l.value.length) * SMALL.leading + 1.5;
  }, 0);
  return Math.max(textH, SIG_BOX_H + 14) + 20;
}

const COSIGN_BOX_H = 62;

function countersignatureHeight(spec: { readonly count: number } | undefined): number {
  return spec === undefined || spec.count <= 0 ? 0 : COSIGN_BOX_H + 50;
}

/** A row of boxes, side by side, where colleagues' countersignatures go; the note above them, so an empty box stays blank and a filled one holds only what its signature drew. */
function drawCountersignatures(w: Writer, spec: { readonly count: number; readonly label: string; readonly note: string }): void {
  const count = Math.max(1, Math.min(3, spec.count));
  const gap = 16;
  const boxW = (CONTENT_W - gap * (count - 1)) / count;
  w.text(w.line(spec.label, true, SMALL.size), MARGIN, w.y, true, SMALL.leading, GREY);
  const note = w.lines(spec.note, false, 6.5, CONTENT_W).slice(0, 2);
  note.forEach((line, j) => { w.put(w.page, line, MARGIN, w.y - 20 - j * 8, false, GREY, CONTENT_W); });
  const by = w.y - 14 - note.length * 8 - 4 - COSIGN_BOX_H;
  for (let i = 0; i < count; i++) {
    const bx = w.mx(MARGIN + i * (boxW + gap), boxW);
    w.page.drawRectangle({ x: bx, y: by, width: boxW, height: COSIGN_BOX_H, borderColor: GREY, borderWidth: 0.6 });
    w.countersignatures.push({ pageIndex: w.pages.length - 1, rect: [bx, by, bx + boxW, by + COSIGN_BOX_H] });
  }
  w.y = by - 14;
}

function drawSignature(w: Writer, rows: readonly KeyValueRow[], boxLabel: string, boxNote: string | undefined, countersignatures?: { readonly count: number; readonly label: string; readonly note: string }): void {
  const height = signatureHeight(w, rows) + countersignatureHeight(countersignatures);
  w.ensure(height);
  w.gap(6);
  const top = w.y;
  const width = CONTENT_W - SIG_BOX_W - 16;
  let y = top;
  for (const row of rows) {
    const { label, value } = keyValueLines(w, row, SMALL.size, 120, width);
    const n = Math.max(label.length, value.length);
    for (let i = 0; i < n; i++) {
      w.put(w.page, label[i] ?? w.line('', false, SMALL.size - 0.5), MARGIN, baseline(y, SMALL.size - 0.5, SMALL.leading), false, GREY);
      w.put(w.page, value[i] ?? w.line('', false, SMALL.size), MARGIN + 120, baseline(y, SMALL.size, SMALL.leading), false);
      y -= SMALL.leading;
    }
    y -= 1.5;
  }
  const bxLogical = PAGE_W - MARGIN - SIG_BOX_W;
  const bx = w.mx(bxLogical, SIG_BOX_W);
  w.text(w.line(boxLabel, true, SMALL.size), bxLogical, top, true, SMALL.leading, GREY);
  const by = top - 14 - SIG_BOX_H;
  w.page.drawRectangle({ x: bx, y: by, width: SIG_BOX_W, height: SIG_BOX_H, borderColor: GREY, borderWidth: 0.6 });
  // Printed inside the box: a reader sees how to check the signature even where a viewer draws nothing there.
  if (boxNote !== undefined) {
    const lines = w.lines(boxNote, false, 6.5, SIG_BOX_W - 12).slice(0, Math.floor((SIG_BOX_H - 8) / 8));
    lines.forEach((line, i) => { w.put(w.page, line, bxLogical + 6, by + SIG_BOX_H - 12 - i * 8, false, GREY, SIG_BOX_W - 12); });
  }
  w.signature = { pageIndex: w.pages.length - 1, rect: [bx, by, bx + SIG_BOX_W, by + SIG_BOX_H] };
  w.y = Math.min(y, by) - 14;
  if (countersignatures !== undefined && countersignatures.count > 0) drawCountersignatures(w, countersignatures);
}

/**
 * Empty signature fields over the boxes (see RenderOptions.prepareSignatures): the author's at
 * `author`, one locked countersignature field per `countersignatures` box.
 */
export function prepareSignatureFields(
  doc: PDFDocument,
  author: SignatureBlockPlacement | null,
  countersignatureBoxes: readonly SignatureBlockPlacement[],
  prepare: NonNullable<RenderOptions['prepareSignatures']>,
): RenderedPdf['fields'] {
  const pages = doc.getPages();
  const { context } = doc;
  const form = doc.catalog.getOrCreateAcroForm().dict;
  const fields = context.obj([]);
  form.set(PDFName.of('Fields'), fields);
  const add = (name: string, place: SignatureBlockPlacement, extra: Record<string, unknown>): void => {
    const page = pages[place.pageIndex];
    if (!page) return;
    const [x1, y1, x2, y2] = place.rect;
    // An empty appearance: the box and its note are part of the page, a viewer draws nothing of its own.
    const appearance = context.register(context.stream(new Uint8Array(0), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, Math.abs(x2 - x1), Math.abs(y2 - y1)], Resources: {} }));
    const widget = context.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [x1, y1, x2, y2], T: PDFHexString.fromText(name), F: 132, P: page.ref, AP: { N: appearance } });
    for (const [key, value] of Object.entries(extra)) widget.set(PDFName.of(key), value as never);
    const ref = context.register(widget);
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (annots) annots.push(ref);
    else page.node.set(PDFName.of('Annots'), context.obj([ref]));
    fields.push(ref);
  };
  const signature = author;
  let authorField: string | null = null;
  if (signature) {
    const extra: Record<string, unknown> = { TU: PDFHexString.fromText(prepare.authorName), AttestSigner: PDFHexString.fromText(prepare.authorName) };
    if (prepare.authorCertificate) {
      let hex = '';
      for (const byte of prepare.authorCertificate) hex += byte.toString(16).padStart(2, '0');
      extra.SV = context.obj({ Type: 'SV', Cert: { Type: 'SVCert', Subject: [PDFHexString.of(hex)], Ff: 1 } });
    }
    add(AUTHOR_FIELD, signature, extra);
    authorField = AUTHOR_FIELD;
  }
  const countersignatures = countersignatureBoxes.map((place, i) => {
    const name = `${COUNTERSIGNATURE_FIELD_PREFIX}${String(i + 1)}`;
    add(name, place, { Lock: context.obj({ Type: 'SigFieldLock', Action: 'All' }) });
    return name;
  });
  return { author: authorField, countersignatures };
}

async function drawBlock(w: Writer, block: ReportBlock, next: ReportBlock | undefined): Promise<void> {
  switch (block.kind) {
    case 'heading':
      drawSubHeading(w, block.text, await leadHeight(w, next));
      return;
    case 'paragraph':
      drawParagraph(w, block.text, block.quote === true);
      return;
    case 'keyValue':
      drawKeyValue(w, block.rows);
      return;
    case 'table':
      drawTable(w, block.columns, block.rows);
      return;
    case 'charts':
      drawCharts(w, block.figures, block.legend);
      return;
    case 'photo':
      await drawPhoto(w, block);
      return;
    case 'statement':
      drawStatement(w, block.text);
      return;
    case 'signature':
      drawSignature(w, block.rows, block.boxLabel, block.boxNote, block.countersignatures);
      return;
  }
}

function drawTitle(w: Writer, model: ReportModel): void {
  for (const line of w.lines(model.title, true, 18, CONTENT_W)) {
    w.text(line, MARGIN, w.y, true, 24);
    w.y -= 24;
  }
  w.flowLines(w.lines(model.subtitle, false, 10.5, CONTENT_W), MARGIN, false, 15, GREY);
  w.y -= 6;
  drawKeyValue(w, model.lead);
  drawSmallParagraph(w, model.notice);
  w.page.drawLine({ start: { x: MARGIN, y: w.y }, end: { x: PAGE_W - MARGIN, y: w.y }, thickness: 1, color: INK });
  w.y -= 4;
}

function drawFooters(w: Writer, model: ReportModel): void {
  const total = w.pages.length;
  w.ts.where = 'footer';
  w.pages.forEach((page, index) => {
    const pageText = w.line(model.footerPage.replace('{{page}}', String(index + 1)).replace('{{pages}}', String(total)), false, 7.5);
    const pw = pageText.width;
    const leftLines = w.lines(model.footerLeft, false, 7.5, CONTENT_W - pw - 16);
    page.drawLine({ start: { x: MARGIN, y: 44 }, end: { x: PAGE_W - MARGIN, y: 44 }, thickness: 0.4, color: RULE });
    leftLines.forEach((line, i) => { w.put(page, line, MARGIN, 34 - i * 9, false, GREY); });
    w.put(page, pageText, PAGE_W - MARGIN - pw, 34, false, GREY);
    if (model.lastPageFooter !== null && index === total - 1) {
      w.lines(model.lastPageFooter, false, 6.5, CONTENT_W).slice(0, 2).forEach((line, i) => { w.put(page, line, MARGIN, 34 - leftLines.length * 9 - i * 8, false, GREY); });
    }
  });
}

/** Every string of a model, to see which scripts (and so which fonts) it needs. */
function modelText(model: ReportModel): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (value instanceof Uint8Array) return;
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(model);
  return out.join('\n');
}

/** The strings drawn bold: title, headings, table headers and first cells, photo titles and notices, box labels, chart marks. */
function boldText(model: ReportModel): string {
  const out: string[] = [model.title];
  for (const section of model.sections) {
    out.push(section.heading);
    for (const block of section.blocks) {
      if (block.kind === 'heading') out.push(block.text);
      else if (block.kind === 'table') out.push(...block.columns.map((c) => c.header), ...block.rows.map((r) => r[0] ?? ''));
      else if (block.kind === 'photo') out.push(block.title, block.caption, block.notice ?? '', block.unavailable);
      else if (block.kind === 'signature') out.push(block.boxLabel, block.countersignatures?.label ?? '');
      else if (block.kind === 'charts') out.push(...block.figures.flatMap((f) => f.marks.map((m) => m.label)));
    }
  }
  return out.join('\n');
}

/**
 * Renders a report model to PDF bytes. Never fails on the content of the text; it fails only if the
 * fonts themselves cannot be read. Returns where the signature box is.
 */
export async function renderPdf(model: ReportModel, fonts: Fonts, options: RenderOptions = {}): Promise<RenderedPdf> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitForPdf as never);
  const [regularFont, boldFont]: PDFFont[] = await Promise.all([doc.embedFont(fonts.regular, { subset: true }), doc.embedFont(fonts.bold, { subset: true })]);
  const ts = await Typesetter.create(doc, { regular: regularFont as PDFFont, bold: boldFont as PDFFont }, fonts.fallbacks ?? [], modelText(model), boldText(model), model.language);
  const w = new Writer(doc, ts, model);

  drawTitle(w, model);
  const sections = model.sections;
  for (let s = 0; s < sections.length; s++) {
    const section = sections[s] as ReportSection;
    ts.where = section.heading;
    if (section.key === 'signature') {
      // The signature and everything after it go on one page, so the signature is on the last page.
      const rest = sections.slice(s).reduce((h, sec) => h + measureSection(w, sec), 0);
      if (rest > w.remaining && rest <= TOP - BOTTOM) w.newPage();
    }
    ts.where = section.heading;
    drawSectionHeading(w, section.heading, await leadHeight(w, section.blocks[0]));
    for (let b = 0; b < section.blocks.length; b++) await drawBlock(w, section.blocks[b] as ReportBlock, section.blocks[b + 1]);
  }
  drawFooters(w, model);

  // Metadata: the case number and version only; never the person's name.
  const issued = new Date(model.issuedAt);
  // eslint-disable-next-line no-control-regex
  doc.setTitle(model.metadataTitle.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ''), { showInWindowTitleBar: true });
  doc.setProducer('Attest');
  doc.setCreator('Attest');
  doc.setLanguage(model.language);
  const date = Number.isNaN(issued.getTime()) ? null : issued;
  if (date !== null) {
    doc.setCreationDate(date);
    doc.setModificationDate(date);
  }
  // PDF/A-3b: XMP agreeing with the Info dictionary, sRGB output intent, file identifier, associated file.
  await applyPdfA(doc, {
    title: doc.getTitle() ?? '',
    date,
    creator: 'Attest',
    producer: 'Attest',
    identity: `${model.kind}\n${model.metadataTitle}\n${model.footerLeft}\n${model.issuedAt}`,
    ...(options.attachment === undefined ? {} : { attachment: options.attachment }),
  });
  const fields = options.prepareSignatures ? prepareSignatureFields(doc, w.signature, w.countersignatures, options.prepareSignatures) : { author: null, countersignatures: [] };
  const bytes = await doc.save({ useObjectStreams: false });
  const lastIndex = w.pages.length - 1;
  const signatureBlock = w.signature ?? { pageIndex: lastIndex, rect: [PAGE_W - MARGIN - SIG_BOX_W, BOTTOM, PAGE_W - MARGIN, BOTTOM + SIG_BOX_H] as const };
  return { bytes, signatureBlock, countersignatureBoxes: w.countersignatures, fields, missing: ts.missing };
}
