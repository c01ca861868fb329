/**
 * Hostile and unusual text is data: stored exactly as typed, never interpreted. Only NUL and
 * unpaired surrogates are refused, with a message that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { examinationSchema, type Examination } from '../../../shared/domain/examination';
import { describeIssues } from '../../../shared/domain/issues';
import { freeText, hasText, isBlank, NameText, TEXT_LIMITS } from '../../../shared/domain/text';
import { buildAdmissionExam, FIXTURE_NOW } from './fixtures';
import { englishOf } from './helpers';

const schema = examinationSchema({ now: FIXTURE_NOW });

/** Parses an examination whose account is `ownWords` and whose given name is `givenName`. */
function parseWith(ownWords: string, givenName = 'Karim') {
  return schema.safeParse(buildAdmissionExam({ account: { ownWords }, identity: { givenName } }));
}

function ownWordsOf(exam: Examination | undefined): string | null | undefined {
  return exam?.account?.ownWords;
}

const hostile: [string, string][] = [
  ['HTML and script tags', '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b>'],
  ['a right-to-left override', 'He said \u202Egnitaeb\u202C then stopped'],
  ['every bidi control', '\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069'],
  ['emoji, with skin tone and joiners', 'Pain 😢 👍🏽 👨‍👩‍👧 🏳️‍🌈'],
  ['mixed scripts', 'Ils m’ont frappé — ضربوني — меня били — 他们打了我 — הם הכו אותי'],
  ['combining marks and zero-width characters', 'Z\u0351\u0359a\u0350l\u0346g\u0301o\u200B\u200C\u200D\uFEFF'],
  ['quotes, backslashes and template syntax', '"\'`\\ ${process.env} {{constructor}} %s %n'],
  ['SQL and formula injection', "'; DROP TABLE cases; -- =HYPERLINK(\"http://x\")"],
  ['control characters other than NUL', 'tab\tline\nreturn\rbell\u0007escape\u001B'],
  ['astral characters', '𝕿𝖔𝖗𝖙𝖚𝖗𝖊 𓀀 🀄'],
];

describe('hostile text is accepted as data, unchanged', () => {
  it.each(hostile)('accepts %s and stores it exactly', (_name, text) => {
    const result = parseWith(text, text.slice(0, 50));
    expect(result.error?.issues).toBeUndefined();
    expect(ownWordsOf(result.data)).toBe(text);
    expect(result.data?.identity?.givenName).toBe(text.slice(0, 50));
  });

  it('survives a JSON round trip unchanged (as stored and exported)', () => {
    const text = hostile.map(([, t]) => t).join('\n');
    const result = parseWith(text);
    const again = schema.safeParse(JSON.parse(JSON.stringify(result.data)));
    expect(ownWordsOf(again.data)).toBe(text);
  });
});

describe('length limits', () => {
  it(`accepts a narrative of exactly ${TEXT_LIMITS.narrative} characters`, () => {
    const text = 'a'.repeat(TEXT_LIMITS.narrative);
    expect(ownWordsOf(parseWith(text).data)).toBe(text);
  });

  it(`refuses ${TEXT_LIMITS.narrative + 1} characters, saying the maximum`, () => {
    const result = parseWith('a'.repeat(TEXT_LIMITS.narrative + 1));
    const issues = result.error ? describeIssues(result.error) : [];
    expect(issues).toEqual([{ path: 'account.ownWords', messageKey: 'domain.error.tooLong', params: { maximum: 100_000 } }]);
    expect(englishOf(issues[0] ?? { path: '', messageKey: 'domain.error.invalid', params: {} })).toBe('This text is too long: at most 100000 characters.');
  });

  it('counts code points: an emoji outside the basic plane is one character, not two', () => {
    expect(NameText.safeParse('😢'.repeat(TEXT_LIMITS.name)).success).toBe(true);
    expect(NameText.safeParse('😢'.repeat(TEXT_LIMITS.name + 1)).success).toBe(false);
  });

  it('limits names to 200 characters', () => {
    expect(NameText.safeParse('n'.repeat(200)).success).toBe(true);
    expect(NameText.safeParse('n'.repeat(201)).success).toBe(false);
  });
});

describe('NUL and broken characters are refused, never silently changed', () => {
  it.each(['\u0000', 'before\u0000after', 'a'.repeat(1000) + '\u0000'])('refuses NUL in %j with a message that says what to do', (text) => {
    const result = parseWith(text);
    const issues = result.error ? describeIssues(result.error) : [];
    expect(issues).toEqual([{ path: 'account.ownWords', messageKey: 'domain.error.nulCharacter', params: {} }]);
    expect(englishOf(issues[0] ?? { path: '', messageKey: 'domain.error.invalid', params: {} })).toMatch(/Remove it/);
  });

  it.each(['\uD800', 'end \uDBFF', '\uDC00 start', 'a\uDE00b'])('refuses the unpaired surrogate in %j', (text) => {
    const result = freeText(100).safeParse(text);
    expect(result.error ? describeIssues(result.error).map((i) => i.messageKey) : []).toEqual(['domain.error.malformedText']);
  });

  it('accepts the same surrogates when they pair into a character', () => {
    expect(freeText(100).safeParse('\uD83D\uDE22').success).toBe(true);
  });
});

describe('blank answers', () => {
  it.each([null, undefined, '', '   ', '\n\t'])('treats %j as no answer', (value) => {
    expect(isBlank(value)).toBe(true);
    expect(hasText(value)).toBe(false);
  });

  it('treats any visible character as an answer', () => {
    expect(hasText(' x ')).toBe(true);
    expect(hasText('😢')).toBe(true);
  });
});
