/**
 * Text lengths of the domain schema, named for the form: a field's `maxLength` is the schema's own
 * limit, so the input stops where validation would refuse (test/unit/forms checks they agree).
 */
import { TEXT_LIMITS } from '../../shared/domain/text';

/** A person's name, a witness, a unit. */
export const NAME = TEXT_LIMITS.name;
/** A place, a drug, a short answer. */
export const SHORT = TEXT_LIMITS.short;
/** A reason, a note, a plan. */
export const NOTE = TEXT_LIMITS.note;
/** The person's account and other narratives. */
export const NARRATIVE = TEXT_LIMITS.narrative;
