/**
 * A passphrase strength estimate that a reviewer can check by hand. It guesses how many bits an
 * attacker must search, character by character:
 *
 * 1. The passphrase is NFKC-normalised (as when it is turned into a key) and read as code points.
 * 2. Pool size = the sum of the classes present: lower-case a–z 26, upper-case A–Z 26, digits 10,
 *    ASCII symbols and space 33, any other character (accented or non-Latin letters) 64.
 * 3. Each character is worth log2(pool) bits, except a character that repeats the one before it
 *    ("aa") or continues a run with the same step ("abc", "321"): 1 bit.
 * 4. Any of the common passwords below found inside (also after undoing 0→o, 1→i, 3→e, 4→a, 5→s,
 *    7→t, @→a, $→s) is worth log2(list size) bits in total, whatever its length.
 * 5. Bits to score: < 28 → 0, < 40 → 1, < 55 → 2, < 70 → 3, otherwise 4.
 *
 * The minimum is 12 characters and score 3. It over-rates dictionary words that are not in the list
 * (a real attacker has bigger lists); it is a guide for the person, and PBKDF2's cost is the defence.
 */

/** Shortest passphrase accepted for a vault. */
export const MIN_PASSPHRASE_LENGTH = 12;
/** Lowest score accepted for a vault. */
export const MIN_PASSPHRASE_SCORE = 3;

export type PassphraseScore = 0 | 1 | 2 | 3 | 4;

export type StrengthFeedbackKey = `vault.strength.feedback.${'tooShort' | 'common' | 'repeated' | 'sequence' | 'oneClass' | 'addWords'}`;

export interface PassphraseStrength {
  readonly score: PassphraseScore;
  /** Whether a vault may be created with (or changed to) this passphrase. */
  readonly meetsMinimum: boolean;
  /** Advice to show, as keys of the `vault` catalog (`{{minimum}}` is `MIN_PASSPHRASE_LENGTH`). */
  readonly feedbackKeys: readonly StrengthFeedbackKey[];
  /** The word for the score, as a key of the `vault` catalog. */
  readonly labelKey: `vault.strength.score.${'veryWeak' | 'weak' | 'fair' | 'strong' | 'veryStrong'}`;
  /** The estimate of step 3–4, rounded down. */
  readonly estimatedBits: number;
}

/**
 * Among the most used passwords in published leak analyses, plus keyboard runs and a few words
 * this app's users are likely to try. Lower case; matched as substrings, so keep entries ≥ 5 long.
 */
const COMMON = [
  'password', 'passw0rd', '123456', '1234567', '12345678', '123456789', '1234567890', '654321', '111111', '000000',
  '121212', '123123', '112233', '666666', '696969', 'qwerty', 'qwertz', 'azerty', 'asdfgh', 'zxcvbn', '1q2w3e',
  '1qaz2wsx', 'zaq12wsx', 'qazwsx', 'abc123', 'abcdef', 'letmein', 'welcome', 'iloveyou', 'admin', 'monkey',
  'dragon', 'football', 'baseball', 'soccer', 'master', 'sunshine', 'princess', 'shadow', 'superman', 'batman',
  'trustno1', 'starwars', 'whatever', 'freedom', 'hello', 'charlie', 'michael', 'jordan', 'liverpool', 'chelsea',
  'arsenal', 'secret', 'changeme', 'default', 'access', 'computer', 'internet', 'summer', 'winter', 'spring',
  'autumn', 'flower', 'cookie', 'pokemon', 'killer', 'hunter', 'ranger', 'matrix', 'bonjour', 'soleil',
  'motdepasse', 'contrasena', 'contraseña', 'tequiero', 'doctor', 'hospital', 'prison', 'attest', 'clinic',
] as const;

// Longest first, so that "123456789" counts once, not also as "123456".
const LONGEST_FIRST = [...COMMON].sort((a, b) => b.length - a.length);

const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

const SCORE_LABELS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;

function poolSize(chars: readonly string[]): number {
  const has = (pattern: RegExp) => chars.some((c) => pattern.test(c));
  let pool = 0;
  if (has(/^[a-z]$/)) pool += 26;
  if (has(/^[A-Z]$/)) pool += 26;
  if (has(/^[0-9]$/)) pool += 10;
  if (has(/^[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/)) pool += 33;
  if (has(/^[^\x20-\x7e]$/u)) pool += 64;
  return pool;
}

/** Marks the characters covered by a common password; returns how many such passwords were found. */
function markCommon(chars: readonly string[], covered: boolean[]): number {
  // One code point in, one out ('İ' lower-cases to two), so that indices stay those of `chars`.
  const lower = chars.map((c) => (Array.from(c.toLowerCase()).length === 1 ? c.toLowerCase() : c));
  const unleet = lower.map((c) => LEET[c] ?? c);
  let found = 0;
  for (const form of [lower, unleet]) {
    const text = form.join('');
    for (const word of LONGEST_FIRST) {
      const wordChars = Array.from(word);
      for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
        // `indexOf` counts UTF-16 units; map back to a code point index.
        const start = Array.from(text.slice(0, at)).length;
        if (covered.slice(start, start + wordChars.length).every(Boolean)) continue;
        for (let i = start; i < start + wordChars.length; i += 1) covered[i] = true;
        found += 1;
      }
    }
  }
  return found;
}

/** Estimates how hard a passphrase is to guess (see the method above) and what would improve it. */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  // Code points, not grapheme clusters: an emoji of several code points counts as several characters.
  const chars = Array.from(passphrase.normalize('NFKC'));
  const pool = poolSize(chars);
  const perChar = Math.log2(Math.max(pool, 1));
  const covered = chars.map(() => false);
  const commonCount = markCommon(chars, covered);

  let bits = commonCount * Math.log2(COMMON.length);
  let longestRepeat = 1;
  let repeat = 1;
  let longestRun = 1;
  let run = 1;
  let previousStep: number | null = null;
  chars.forEach((char, i) => {
    const code = char.codePointAt(0) ?? 0;
    const before = i > 0 ? chars[i - 1]?.codePointAt(0) : undefined;
    const step = before === undefined ? null : code - before;
    repeat = step === 0 ? repeat + 1 : 1;
    run = step !== null && Math.abs(step) === 1 ? (previousStep === step ? run + 1 : 2) : 1;
    longestRepeat = Math.max(longestRepeat, repeat);
    longestRun = Math.max(longestRun, run);
    previousStep = step;
    // A repeat, or the third character onwards of a run ("abc"): 1 bit.
    if (!covered[i]) bits += repeat > 1 || run >= 3 ? 1 : perChar;
  });

  const score: PassphraseScore = bits < 28 ? 0 : bits < 40 ? 1 : bits < 55 ? 2 : bits < 70 ? 3 : 4;
  const longEnough = chars.length >= MIN_PASSPHRASE_LENGTH;
  const feedback: StrengthFeedbackKey[] = [];
  if (!longEnough) feedback.push('vault.strength.feedback.tooShort');
  if (commonCount > 0) feedback.push('vault.strength.feedback.common');
  if (longestRepeat >= 3) feedback.push('vault.strength.feedback.repeated');
  if (longestRun >= 3) feedback.push('vault.strength.feedback.sequence');
  if (score < MIN_PASSPHRASE_SCORE && chars.length > 0 && pool <= 33) feedback.push('vault.strength.feedback.oneClass');
  if (score < MIN_PASSPHRASE_SCORE && longEnough) feedback.push('vault.strength.feedback.addWords');

  return {
    score,
    meetsMinimum: longEnough && score >= MIN_PASSPHRASE_SCORE,
    feedbackKeys: feedback,
    labelKey: `vault.strength.score.${SCORE_LABELS[score]}`,
    estimatedBits: Math.floor(bits),
  };
}
