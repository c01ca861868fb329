/** Findings helpers for end-to-end tests: consents that open the section, clicks on chart regions. */
import type { Page } from '@playwright/test';
import { admissionExaminationV1 } from '../../../forms';
import { allFields, type FieldDefinition } from '../../../forms/model';
import { chartDefinition, regionAnchor } from '../../../shared/bodyCharts';
import type { ChartId } from '../../../shared/domain/vocab';
import { enter } from './examForm';

export function def(p: string): FieldDefinition {
  const found = allFields(admissionExaminationV1).find((f) => f.pattern === p);
  if (!found) throw new Error(`no field ${p}`);
  return found.field;
}

/** Clicks a chart at the anchor of one region, the way a clinician taps the body outline. */
export async function clickRegion(page: Page, chart: ChartId, key: string): Promise<void> {
  const region = page.locator(`svg[data-chart="${chart}"] [data-region-key="${key}"]`).first();
  const box = await region.boundingBox();
  if (!box) throw new Error(`region ${key} not shown`);
  const polygon = chartDefinition(chart).regions.find((r) => r.key === key);
  if (!polygon) throw new Error(`no region ${key}`);
  const xs = polygon.points.map((p) => p[0]);
  const ys = polygon.points.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const anchor = regionAnchor(chart, key);
  await region.click({ position: { x: ((anchor.x - minX) / (maxX - minX)) * box.width, y: ((anchor.y - minY) / (maxY - minY)) * box.height } });
}

/** Consents that open the findings section and photographs. */
export async function consentToExaminationAndPhotographs(page: Page): Promise<void> {
  await enter(page, def('consent.physicalExam.decision'), 'consent.physicalExam.decision', 'given');
  await enter(page, def('consent.photography.decision'), 'consent.photography.decision', 'given');
}

