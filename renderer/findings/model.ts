/**
 * Reading the findings of a draft as the workspace shows them. The draft is stored as typed, so it
 * may hold invalid values: these readers take what is there (an id, a number, a mark) and never
 * throw, so that one bad value does not hide a lesion or a photograph from the clinician.
 */
import { getAt } from '../../forms/model';
import { CHART_IDS, type ChartId } from '../../shared/domain/vocab';

export interface LesionView {
  readonly index: number;
  readonly id: string;
  readonly lesionNo: number;
  readonly label: string;
  readonly mark: { readonly chart: ChartId; readonly x: number; readonly y: number } | null;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface PhotoView {
  readonly index: number;
  readonly number: number;
  readonly id: string;
  readonly attachmentId: string;
  readonly sha256: string;
  readonly intimate: boolean;
  readonly lesionIds: readonly string[];
  readonly raw: Readonly<Record<string, unknown>>;
}

const CHARTS = new Set<string>(CHART_IDS);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function markOf(value: unknown): LesionView['mark'] {
  if (!isRecord(value)) return null;
  const { chart, x, y } = value;
  if (typeof chart !== 'string' || !CHARTS.has(chart) || typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return { chart: chart as ChartId, x, y };
}

export function lesionLabelOf(lesionNo: number): string {
  return `L${String(lesionNo)}`;
}

/** The lesions of a draft, in list order, each with its index in the stored list. */
export function lesionsOf(draft: unknown): LesionView[] {
  const list = getAt(draft, 'findings.lesions');
  if (!Array.isArray(list)) return [];
  const out: LesionView[] = [];
  list.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.lesionNo !== 'number') return;
    out.push({ index, id: item.id, lesionNo: item.lesionNo, label: lesionLabelOf(item.lesionNo), mark: markOf(item.mark), raw: item });
  });
  return out;
}

/** The photographs of a draft, numbered from 1 in list order (the report numbers them the same way). */
export function photosOf(draft: unknown): PhotoView[] {
  const list = getAt(draft, 'findings.photographs');
  if (!Array.isArray(list)) return [];
  const out: PhotoView[] = [];
  list.forEach((item: unknown, index) => {
    if (!isRecord(item) || typeof item.id !== 'string' || typeof item.attachmentId !== 'string') return;
    const lesionIds = Array.isArray(item.lesionIds) ? item.lesionIds.filter((v): v is string => typeof v === 'string') : [];
    out.push({
      index,
      number: index + 1,
      id: item.id,
      attachmentId: item.attachmentId,
      sha256: typeof item.sha256 === 'string' ? item.sha256 : '',
      intimate: item.intimate === true,
      lesionIds,
      raw: item,
    });
  });
  return out;
}

/**
 * The number the next lesion gets: one more than any number ever given (`lastLesionNo` remembers
 * deleted ones), so a number a report has cited is never given to another lesion.
 */
export function nextLesionNumber(draft: unknown): number {
  const last = getAt(draft, 'findings.lastLesionNo');
  const highest = lesionsOf(draft).reduce((max, lesion) => Math.max(max, lesion.lesionNo), 0);
  return Math.max(typeof last === 'number' && Number.isFinite(last) ? last : 0, highest) + 1;
}

/** Chart coordinates kept to a tenth of a unit: enough to redraw the mark, no false precision. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 10) / 10;
}
