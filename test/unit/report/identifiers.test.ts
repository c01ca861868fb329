/**
 * Identifiers found in every form they take (issue #19): names folded (case, accents, compatibility
 * forms, invisible characters, homoglyphs, transliteration), parts of double names, numbers with any
 * separators, dates in their written forms; ambiguous names highlighted rather than replaced
 * blindly; what looks identifying but matched nothing known flagged; hostile input.
 */
import { describe, expect, it } from 'vitest';
import { fold, foldString } from '../../../shared/report/fold';
import { identifierMatcher, identifiersOfExamination, transliterate, type IdentifierSpec, type TextMatch } from '../../../shared/report/identifiers';
import { reportVocabulary } from '../../../shared/report/vocabulary';
import { DATE_LANGUAGES, findWrittenDates } from '../../../shared/report/writtenDates';
import { buildAdmissionExam } from '../domain/fixtures';

const MARK = '[withheld]';
const SPEC: IdentifierSpec = {
  names: [
    { value: 'Zoë', source: 'identity.givenName', role: 'person' },
    { value: 'Brandtvik-Okonkwo', source: 'identity.familyName', role: 'person' },
    { value: 'Ирина Соколова', source: 'identity.emergencyContact.name', role: 'other' },
  ],
  numbers: [
    { value: 'RT-5510-233', source: 'identity.idNumber' },
    { value: '+30 69 1234 5678', source: 'identity.emergencyContact.contact' },
  ],
  dates: [
    { value: '1991-02-14', source: 'identity.dateOfBirth', birth: true },
    { value: '2025-03-10T09:00:00+01:00', source: 'encounter.timing.arrivalAt', birth: false },
  ],
  phrases: [{ value: '12 rue des Lilas, Villeurbanne', source: 'identity.emergencyContact.contact' }],
};
const matcher = identifierMatcher(SPEC, { vocabulary: reportVocabulary(), protectedText: ['Dr Amal Haddad', 'Prison health unit, Lyon-Corbas'] });
const redact = (text: string) => matcher.redact(text, MARK);
const shown = (text: string, matches: readonly TextMatch[]) => matches.map((m) => `${m.action}:${m.reason}:${text.slice(m.start, m.end)}`);

describe('folding', () => {
  it('compares case, accents, compatibility forms, invisible characters and homoglyphs as a reader would', () => {
    for (const form of ['Zoë', 'ZOË', 'zoe', 'Zoe\u0308', 'Ｚｏｅ', 'Zo\u200Be', 'Z\u00ADoe', 'Zоe' /* Cyrillic о */]) expect(foldString(form), form).toBe('zoe');
    expect(foldString('Straße Øster Łódź')).toBe('strasse oster lodz');
    expect(foldString('١٢٣ ۴۵۶')).toBe('123 456');
  });

  it('keeps where each folded character came from, also past a surrogate pair and a combining mark', () => {
    const text = '😀 Zoe\u0308!';
    const f = fold(text);
    const at = f.text.indexOf('zoe');
    expect(text.slice(f.from[at] ?? -1, f.to[at + 2] ?? -1)).toBe('Zoe\u0308');
  });

  it('spells Cyrillic and Greek names in Latin letters', () => {
    expect(transliterate('Соколова')).toBe('sokolova');
    expect(transliterate('Ирина')).toBe('irina');
    expect(transliterate('Αλέξανδρος')).toBe('alexandros');
    expect(transliterate('Zoe')).toBeNull();
  });
});

describe('names', () => {
  it('finds a name in every spelling, and a part of a double family name alone', () => {
    const text = 'Ms Brandtvik, ZOE, zoë, Zoe\u0308, Ｚｏｅ, Zo\u200Be and the Okonkwo family; Okonkwo’s cell; brandtvik okonkwo.';
    expect(redact(text)).toBe(`Ms ${MARK}, ${MARK}, ${MARK}, ${MARK}, ${MARK}, ${MARK} and the ${MARK} family; ${MARK}’s cell; ${MARK}.`);
  });

  it('makes a whole name one mark', () => {
    expect(redact('Zoë Brandtvik-Okonkwo said so.')).toBe(`${MARK} said so.`);
  });

  it('finds a relative named in Cyrillic when written in Latin letters, and in Cyrillic', () => {
    expect(redact('Her mother, Irina Sokolova, and Ирина Соколова.')).toBe(`Her mother, ${MARK}, and ${MARK}.`);
  });

  it('does not replace a word that only contains a name', () => {
    expect(redact('Zoetrope and Okonkwoland.')).toBe('Zoetrope and Okonkwoland.');
  });

  it('takes the names of others in the record, and not the signing clinician named among the persons present', () => {
    const exam = buildAdmissionExam({
      setting: { personsPresent: [{ name: 'Dr Amal Haddad', role: 'clinician' }, { name: 'Léa Martinez', role: 'nurse' }] },
      identity: { dependentChildren: { count: 1, arrangements: 'With his partner, Agnès Dupré, in Villeurbanne' } },
    });
    const m = identifierMatcher(identifiersOfExamination(exam), { vocabulary: reportVocabulary(), protectedText: ['Dr Amal Haddad'] });
    expect(m.redact('Seen with Léa Martinez and Dr Amal Haddad; his partner Agnès Dupré in Villeurbanne.', MARK)).toBe(`Seen with ${MARK} and Dr Amal Haddad; his partner ${MARK} in ${MARK}.`);
  });
});

describe('numbers', () => {
  it('ignores separators and spacing, and finds the digits alone', () => {
    for (const form of ['RT-5510-233', 'RT 5510 233', 'RT5510233', 'rt.5510.233', 'RT – 5510 – 233', 'RT  5510  233', '5510233', '5510 233', 'RT/5510/233']) {
      expect(redact(`ID ${form}.`), form).toBe(`ID ${MARK}.`);
    }
  });

  it('finds a phone number with or without its country code', () => {
    for (const form of ['+30 69 1234 5678', '0030 69 1234 5678', '69 1234 5678', '0691 234 5678', '+306912345678']) expect(redact(`Call ${form}.`), form).toMatch(/^Call \+?(00\d\d )?\[withheld\]\.$/u);
  });

  it('leaves other numbers alone', () => {
    expect(redact('Cell 5510, bed 233, 12 cm.')).toBe('Cell 5510, bed 233, 12 cm.');
  });
});

describe('dates', () => {
  it('finds the date of birth in the common written forms', () => {
    const forms = ['1991-02-14', '1991/2/14', '19910214', '14/02/1991', '14.02.1991', '14-02-1991', '14/2/91', '14.02.91', '02/14/1991', '2/14/91', '14 February 1991', '14th February 1991', '14th of February, 1991', '14 Feb. 1991', '14-Feb-91', 'February 14, 1991', 'Feb 14th 1991', 'february 14 1991', '14 FEBRUARY 1991', 'February 1991', '14 February', '14 / 02 / 1991'];
    for (const form of forms) expect(redact(`Born ${form}, he said.`), form).toBe(`Born ${MARK}, he said.`);
  });

  it('finds the day of a known event, and flags other dates without replacing them', () => {
    expect(redact('Arrived 10 March 2025 at 09:00.')).toBe(`Arrived ${MARK} at 09:00.`);
    const text = 'Seen again on 17/03/2025.';
    expect(shown(text, matcher.scan(text))).toEqual(['flag:unknownDate:17/03/2025']);
  });

  it('keeps month names in a table per language', () => {
    expect(DATE_LANGUAGES.en?.months).toHaveLength(12);
    const [date] = findWrittenDates(foldString('the 3rd of May 2001'));
    expect(date).toMatchObject({ start: 4, end: 19 });
    expect(date?.readings).toContainEqual({ year: 2001, month: 5, day: 3 });
  });
});

describe('names that are ordinary words, or very short: highlighted, not replaced blindly', () => {
  const exam = buildAdmissionExam({ identity: { givenName: 'Rose', familyName: 'Hope', aliases: ['Li'] } });
  const m = identifierMatcher(identifiersOfExamination(exam), { vocabulary: reportVocabulary(), protectedText: [] });

  it('replaces them where the text shows they are the name', () => {
    expect(m.redact('Ms Hope was seen. I examined Rose today. Mrs Li and Rose Hope agreed.', MARK)).toBe(`Ms ${MARK} was seen. I examined ${MARK} today. Mrs ${MARK} and ${MARK} agreed.`);
  });

  it('flags them everywhere else, for the clinician to decide', () => {
    const text = 'There is hope of recovery. A rose tattoo. Rose reported pain. Li is short.';
    const matches = m.scan(text);
    expect(m.redact(text, MARK)).toBe(text);
    expect(shown(text, matches)).toEqual(['flag:ambiguousName:hope', 'flag:ambiguousName:rose', 'flag:ambiguousName:Rose', 'flag:shortName:Li']);
  });

  it('flags a name the person shares with the signing clinician instead of removing it from the signature', () => {
    const shared = identifierMatcher(identifiersOfExamination(buildAdmissionExam({ identity: { givenName: 'Amal', familyName: 'Okonkwo' } })), { vocabulary: reportVocabulary(), protectedText: ['Dr Amal Haddad'] });
    expect(shared.redact('Dr Amal Haddad examined Amal Okonkwo. Amal said so.', MARK)).toBe(`Dr Amal Haddad examined ${MARK}. Amal said so.`);
    expect(shown('Amal said so.', shared.scan('Amal said so.'))).toEqual(['flag:sharedName:Amal']);
  });
});

describe('what looks identifying but matched nothing known is flagged', () => {
  it('flags capitalised words outside the vocabulary, near-names, digit runs, e-mail addresses and the year of birth', () => {
    const text = 'Transferred from Fresnes by Brandtvick, cell B-214, 4 cm wound, e-mail x.y@example.org, born 1991; Physical examination in 2024.';
    expect(shown(text, matcher.scan(text))).toEqual(['flag:capitalised:Fresnes', 'flag:nearName:Brandtvick', 'flag:digits:B-214', 'flag:email:x.y@example.org', 'flag:birthYear:1991']);
  });

  it('flags nothing in the report’s own words', () => {
    const text = 'The Physical examination found a Contusion; Highly consistent with the allegation. Review in one week.';
    expect(matcher.scan(text)).toEqual([]);
  });
});

describe('hostile input', () => {
  it('treats regular-expression characters in values as text', () => {
    const m = identifierMatcher({ names: [{ value: 'A.*B (x)+ [y]', source: 's', role: 'person' }], numbers: [{ value: '(12)*34?56', source: 'n' }], dates: [], phrases: [{ value: 'Rue (du) Lac* $1 |', source: 'p' }] }, { vocabulary: reportVocabulary() });
    expect(m.redact('AAAB xx yy 123456 zzz', MARK)).toBe(`AAAB xx yy ${MARK} zzz`);
    expect(m.redact('Lives at rue du Lac 1 now', MARK)).toBe(`Lives at ${MARK} now`);
  });

  it('survives empty, blank and punctuation-only values, and an invalid date', () => {
    const m = identifierMatcher({ names: [{ value: '', source: 'a', role: 'person' }, { value: ' - ', source: 'b', role: 'person' }], numbers: [{ value: '--', source: 'c' }], dates: [{ value: 'not a date', source: 'd', birth: true }], phrases: [{ value: '...', source: 'e' }] }, { vocabulary: reportVocabulary() });
    expect(m.redact('Nothing - to -- see...', MARK)).toBe('Nothing - to -- see...');
  });

  it('keeps every character around a replacement: emoji, right-to-left text, bidi controls', () => {
    const text = '👨‍👩‍👧 \u202EZoë\u202C مرحبا Okonkwo 😀';
    expect(redact(text)).toBe(`👨‍👩‍👧 \u202E${MARK}\u202C مرحبا ${MARK} 😀`);
  });

  it('finds names in scripts written without spaces', () => {
    const m = identifierMatcher({ names: [{ value: '王伟', source: 'identity.givenName', role: 'person' }], numbers: [], dates: [], phrases: [] }, { vocabulary: reportVocabulary() });
    expect(m.redact('病人王伟说他被打了。', MARK)).toBe(`病人${MARK}说他被打了。`);
  });

  it('scans a long narrative quickly', () => {
    const text = 'The person walked 12 km to Fresnes on 10/11/2020 with Zoe and 4410 others. '.repeat(1_400);
    const started = performance.now();
    const matches = matcher.scan(text);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(matches.filter((m) => m.action === 'replace')).toHaveLength(1_400);
    expect(redact(text)).not.toMatch(/zoe/i);
  });

  it('a text of digits and separators does not hang the number patterns', () => {
    const text = `${'5-5-1-0 '.repeat(5_000)}RT5510233`;
    const started = performance.now();
    expect(redact(text).endsWith(MARK)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
