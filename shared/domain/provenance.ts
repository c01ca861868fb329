/**
 * Provenance and the custody chain (domain guide B3): where the person comes from, who arrested
 * them, the earlier places of detention (Annex IV V.3), who escorted them, and the injuries the
 * reception register already noted (Mandela r.7(d)). This is the chronology the report's section V
 * is written from, and what a later investigation needs to identify the responsible authority.
 */
import { z } from 'zod';
import { NameText, NoteText, ShortText, list } from './text';
import { DRAFT_TIME_CHECKS, requireOrder, type TimeChecks } from './time';
import { ArrivedFromType, YesNo } from './vocab';

/** The arresting authority: unit, and officers if the person knows them. */
export const ArrestingAuthority = z.strictObject({
  unit: ShortText.nullish(),
  officers: NoteText.nullish(),
});

/** Builds the commitment order schema (r.7(b); Havana r.20–21). */
export function commitmentOrderSchema(t: TimeChecks) {
  return z.strictObject({
    /** Whether a valid commitment order was seen at reception. */
    seen: YesNo.nullish(),
    reference: ShortText.nullish(),
    issuedBy: NameText.nullish(),
    issuedOn: t.pastDate.nullish(),
  });
}

/** Builds the schema of one earlier place of detention, `{ place, from, to, authority }`. */
export function priorPlaceSchema(t: TimeChecks) {
  return z
    .strictObject({
      place: ShortText.nullish(),
      from: t.pastDateTime.nullish(),
      to: t.pastDateTime.nullish(),
      authority: ShortText.nullish(),
    })
    .superRefine((period, ctx) => {
      requireOrder(ctx, period.from, period.to, ['to'], 'domain.error.periodEndBeforeStart');
    });
}

/** Injuries written in the reception register when the person arrived. */
export const RegisterInjuries = z.strictObject({
  noted: YesNo.nullish(),
  details: NoteText.nullish(),
});

/** Builds the provenance schema over the given time checks. */
export function provenanceSchema(t: TimeChecks) {
  return z.strictObject({
    arrivedFromType: ArrivedFromType.nullish(),
    arrivedFromName: ShortText.nullish(),
    arrestingAuthority: ArrestingAuthority.nullish(),
    arrestAt: t.pastDateTime.nullish(),
    arrestPlace: ShortText.nullish(),
    commitmentOrder: commitmentOrderSchema(t).nullish(),
    priorPlacesOfDetention: list(priorPlaceSchema(t), 50).nullish(),
    /** Who brought the person ("accompanied by", Annex IV I). */
    escort: NoteText.nullish(),
    registerInjuries: RegisterInjuries.nullish(),
  });
}

/** The provenance section of a draft (no clock checks). */
export const Provenance = provenanceSchema(DRAFT_TIME_CHECKS);
export type Provenance = z.infer<typeof Provenance>;
export type PriorPlaceOfDetention = z.infer<ReturnType<typeof priorPlaceSchema>>;
