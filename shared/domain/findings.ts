/**
 * Physical findings (domain guide B11, C). This is the typed place the lesion issue fills: `Lesion`
 * is a placeholder with only an id and its number, and `PhotographRef` only what rule E4 needs.
 *
 * "No injuries seen" is an explicit answer, never inferred from an empty list: an empty list may
 * just mean the clinician has not charted yet. `noInjuriesSeen: true` with lesions is a
 * contradiction and is refused even in a draft.
 */
import { z } from 'zod';
import { numberInRange } from './number';
import { ItemId, list } from './text';
import { YesNo } from './vocab';

/** Highest lesion number (L1…L999). */
export const MAX_LESIONS = 999;

/** A structured injury finding. Placeholder: the lesion issue adds type, region, size, consistency… */
export const Lesion = z.strictObject({
  id: ItemId,
  /** L1, L2…: matches the body diagram label and the photographs. */
  lesionNo: numberInRange(1, MAX_LESIONS, { integer: true }),
});
export type Lesion = z.infer<typeof Lesion>;

/** A photograph taken during the examination. Placeholder: the photograph issue adds the rest. */
export const PhotographRef = z.strictObject({
  id: ItemId,
  /** An intimate image needs its own sub-consent (E4). */
  intimate: YesNo,
  lesionNo: numberInRange(1, MAX_LESIONS, { integer: true }).nullish(),
});
export type PhotographRef = z.infer<typeof PhotographRef>;

/** The findings section: the explicit "no injuries seen" answer, the lesion list and photographs. */
export const Findings = z
  .strictObject({
    /** `null` until the clinician answers. */
    noInjuriesSeen: YesNo.nullish(),
    /** Absent until the first lesion is charted: a form that only answers "no injuries seen" stays valid. */
    lesions: list(Lesion, MAX_LESIONS).default([]),
    photographs: list(PhotographRef, 500).nullish(),
  })
  .superRefine((findings, ctx) => {
    if (findings.noInjuriesSeen === true && findings.lesions.length > 0) {
      ctx.addIssue({ code: 'custom', message: 'domain.error.noInjuriesWithLesions', path: ['noInjuriesSeen'], input: true, params: { count: findings.lesions.length } });
    }
    const numbers = new Set<number>();
    const ids = new Set<string>();
    findings.lesions.forEach((lesion, index) => {
      // Lesion numbers label the diagram and the photographs, so each must be unique.
      if (numbers.has(lesion.lesionNo)) {
        ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateLesionNo', path: ['lesions', index, 'lesionNo'], input: lesion.lesionNo, params: { lesionNo: lesion.lesionNo } });
      }
      if (ids.has(lesion.id)) ctx.addIssue({ code: 'custom', message: 'domain.error.duplicateId', path: ['lesions', index, 'id'], input: lesion.id });
      numbers.add(lesion.lesionNo);
      ids.add(lesion.id);
    });
  });
export type Findings = z.infer<typeof Findings>;
