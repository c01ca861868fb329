/**
 * The person's own account (domain guide B7; CPT §74(i); Annex IV V). It is recorded in the
 * person's own words; episodes structure it (when, where, who, how) without replacing it, using the
 * same attribution vocabulary as the lesion list so the two can be compared for consistency.
 */
import { z } from 'zod';
import { ItemId, NarrativeText, NoteText, ShortText, codeSet, list } from './text';
import { DRAFT_TIME_CHECKS, type TimeChecks } from './time';
import { ATTRIBUTIONS, AllegationAnswer, Attribution, BODY_REGIONS, BodyRegion, DisclosureAnswer, FearOfReprisal, YesNoUnknown } from './vocab';

/** Builds the schema of one episode of alleged ill-treatment. */
export function episodeSchema(t: TimeChecks) {
  return z.strictObject({
    id: ItemId.nullish(),
    /** When it happened, if the person knows the time. */
    occurredAt: t.pastDateTime.nullish(),
    /** When it happened, if only the day is known. */
    occurredOn: t.pastDate.nullish(),
    /** When it happened, in the person's terms ("the second night"). */
    whenDescription: ShortText.nullish(),
    place: ShortText.nullish(),
    /** Who did it: uniform, unit, rank, names if known. */
    perpetrators: NoteText.nullish(),
    methods: codeSet(Attribution, ATTRIBUTIONS.length).nullish(),
    methodsDetail: NoteText.nullish(),
    instrument: NoteText.nullish(),
    durationFrequency: NoteText.nullish(),
    /** Parts of the body affected, in the person's words. */
    bodyParts: NoteText.nullish(),
    bodyRegions: codeSet(BodyRegion, BODY_REGIONS.length).nullish(),
    witnesses: NoteText.nullish(),
    lossOfConsciousness: YesNoUnknown.nullish(),
    /** Asked sensitively; the person may decline to answer. */
    sexualViolence: DisclosureAnswer.nullish(),
    threats: NoteText.nullish(),
  });
}

/** Builds the account section schema over the given time checks. */
export function accountSchema(t: TimeChecks) {
  return z.strictObject({
    allegationPresent: AllegationAnswer.nullish(),
    /** The account as the person gave it, quoted. */
    ownWords: NarrativeText.nullish(),
    episodes: list(episodeSchema(t), 100).nullish(),
    symptomsSince: NarrativeText.nullish(),
    treatmentReceived: NoteText.nullish(),
    fearOfReprisal: FearOfReprisal.nullish(),
    /** From whom the person fears reprisal. */
    fearOfReprisalSource: NoteText.nullish(),
  });
}

/** The account section of a draft (no clock checks). */
export const Account = accountSchema(DRAFT_TIME_CHECKS);
export type Account = z.infer<typeof Account>;
export type Episode = z.infer<ReturnType<typeof episodeSchema>>;
