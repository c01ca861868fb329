/**
 * Passphrase strength, estimated by zxcvbn-ts (`@zxcvbn-ts/core`): it finds the cheapest way an
 * attacker would guess the passphrase (dictionary words, names, common passwords, l33t, keyboard
 * rows, repeats, sequences, dates) and estimates the number of guesses. Our score of those guesses:
 * < 10^3 → 0, < 10^6 → 1, < 10^10 → 2, < 10^12 → 3, otherwise 4. This is one step stricter than
 * zxcvbn's own score (whose 3 starts at 10^8): the threat is an offline attack on a stolen laptop's
 * key file, and 10^8 PBKDF2 guesses are hours for one GPU, 10^10 weeks. So the minimum, score 3, is
 * zxcvbn's top score ("very unguessable"); "Summer2024!!" or "doctorhospital12" (10^8) are refused.
 *
 * Dictionaries: the common passwords and diceware lists, English, French, European Spanish and
 * Arabic (names), i.e. every language of the app for which a zxcvbn-ts package exists (there is none
 * for Russian or Chinese), plus a few words this app's users are likely to try. A passphrase may be
 * in any language, whatever the UI's, so all of them are loaded. They are large (several MB), so
 * they are imported on demand (`loadStrengthMeter`), by the screens that choose a passphrase and by
 * `createVault` / `changePassphrase`, never at start-up.
 *
 * The minimum is 12 characters and score 3, as with the estimator this replaced (whose scale had the
 * same five steps). The NFKC-normalised passphrase is scored, as it is the one turned into a key.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** Shortest passphrase accepted for a vault. */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Lowest score accepted for a vault. */
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseScore = 0 | 1 | 2 | 3 | 4;

/** zxcvbn-ts's warning keys (`feedback.warning` with its default, key-only translations). */
export const strengthWarnings = [
  'straightRow', 'keyPattern', 'simpleRepeat', 'extendedRepeat', 'sequences', 'recentYears', 'dates', 'topTen', 'topHundred',
  'common', 'similarToCommon', 'wordByItself', 'namesByThemselves', 'commonNames', 'userInputs', 'pwned',
] as const;
/** zxcvbn-ts's suggestion keys. */
export const strengthSuggestions = [
  'l33t', 'reverseWords', 'allUppercase', 'capitalization', 'dates', 'recentYears', 'associatedYears', 'sequences', 'repeated',
  'longerKeyboardPattern', 'anotherWord', 'useWords', 'noNeed', 'pwned',
] as const;
export type StrengthWarning = (typeof strengthWarnings)[number];
export type StrengthSuggestion = (typeof strengthSuggestions)[number];

export interface PassphraseStrength {
  readonly score: PassphraseScore;
  /** Whether a vault may be created with (or changed to) this passphrase. */
  readonly meetsMinimum: boolean;
  /** Shorter than `MIN_PASSPHRASE_LENGTH` (advice `vault.strength.feedback.tooShort`, ours). */
  readonly tooShort: boolean;
  /** zxcvbn's main warning, if any: shown in the UI language (renderer/vault/strengthText.ts). */
  readonly warning: StrengthWarning | null;
  /** zxcvbn's suggestions; none once the passphrase meets the minimum. */
  readonly suggestions: readonly StrengthSuggestion[];
  /** Refused although long enough and zxcvbn has no suggestion (advice `vault.strength.feedback.addWords`, ours). */
  readonly addWords: boolean;
  /** The word for the score, as a key of the `vault` catalog. */
  readonly labelKey: `vault.strength.score.${'veryWeak' | 'weak' | 'fair' | 'strong' | 'veryStrong'}`;
  /** log10 of the estimated number of guesses. */
  readonly guessesLog10: number;
}

/** Scores one passphrase; synchronous once the dictionaries are loaded. */
export type StrengthMeter = (passphrase: string) => PassphraseStrength;

const SCORE_LABELS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;

/** log10(guesses) from which each score starts (1, 2, 3, 4). */
const SCORE_FLOORS = [3, 6, 10, 12] as const;

function scoreOf(guessesLog10: number): PassphraseScore {
  return SCORE_FLOORS.filter((floor) => guessesLog10 >= floor).length as PassphraseScore;
}

/** Words of this app's trade that its users are likely to try, ranked as a small dictionary. */
const APP_WORDS = ['attest', 'istanbul', 'protocol', 'clinic', 'clinician', 'doctor', 'hospital', 'prison', 'detention', 'torture', 'medical', 'forensic', 'report', 'vault'];

function isWarning(value: string | null): value is StrengthWarning {
  return value !== null && (strengthWarnings as readonly string[]).includes(value);
}
function isSuggestion(value: string): value is StrengthSuggestion {
  return (strengthSuggestions as readonly string[]).includes(value);
}

async function buildMeter(): Promise<StrengthMeter> {
  const [{ ZxcvbnFactory: Factory }, common, en, fr, es, ar] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-fr'),
    import('@zxcvbn-ts/language-es-es'),
    import('@zxcvbn-ts/language-ar'),
  ]);
  // language-ar names its lists without a suffix; prefix them so they do not replace another's.
  const arabic = Object.fromEntries(Object.entries(ar.dictionary).map(([name, words]) => [`${name}-ar`, words]));
  const zxcvbn: ZxcvbnFactory = new Factory({
    dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary, ...es.dictionary, ...arabic, 'attest-app': APP_WORDS },
    graphs: common.adjacencyGraphs,
    // No Levenshtein matching: with these dictionaries it costs 0.3–2 s a keystroke.
  });
  return (passphrase) => {
    const normalised = passphrase.normalize('NFKC');
    const result = zxcvbn.check(normalised);
    const score = normalised === '' ? 0 : scoreOf(result.guessesLog10);
    // Code points, not UTF-16 units: an emoji of several code points counts as several characters.
    const tooShort = Array.from(normalised).length < MIN_PASSPHRASE_LENGTH;
    const meetsMinimum = !tooShort && score >= MIN_PASSPHRASE_SCORE;
    const suggestions = normalised === '' || meetsMinimum ? [] : result.feedback.suggestions.filter(isSuggestion);
    return {
      score,
      meetsMinimum,
      tooShort,
      warning: normalised === '' || !isWarning(result.feedback.warning) ? null : result.feedback.warning,
      suggestions,
      addWords: !meetsMinimum && !tooShort && suggestions.length === 0,
      labelKey: `vault.strength.score.${SCORE_LABELS[score]}`,
      guessesLog10: result.guessesLog10,
    };
  };
}

let meter: Promise<StrengthMeter> | undefined;

/** Loads the estimator and its dictionaries once (dynamic import, a separate chunk of the build). */
export function loadStrengthMeter(): Promise<StrengthMeter> {
  meter ??= buildMeter().catch((error: unknown) => {
    meter = undefined;
    throw error;
  });
  return meter;
}

/** Estimates how hard a passphrase is to guess and what would improve it (loads the meter if needed). */
export async function passphraseStrength(passphrase: string): Promise<PassphraseStrength> {
  return (await loadStrengthMeter())(passphrase);
}
