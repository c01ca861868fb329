/** CSV and JSON export: RFC 4180, formula injection, hidden cells, key order, and the canary. */
import { catalogs, en, supportedLanguages } from '../../../shared/i18n';
import { describe, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { computeStatistics } from '../../../shared/stats/compute';
import { statFactsOf } from '../../../shared/stats/facts';
import { suppressStatistics } from '../../../shared/stats/suppress';
import { SUPPRESSED_MARKER, csvField, fromJson, toCsv, toJson } from '../../../shared/stats/export';
import { buildAdmissionExam } from '../domain/fixtures';
import { many, prng, fact } from './helpers';

const Q1 = { from: '2025-01-01', to: '2025-03-31' } as const;

/** A strict RFC 4180 reader: records of fields; fails on a stray quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i += 1;
        if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after closing quote at ${String(i)}`);
      } else {
        field += ch;
        i += 1;
      }
    } else if (ch === '"') {
      if (field !== '') throw new Error(`quote inside unquoted field at ${String(i)}`);
      quoted = true;
      i += 1;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${String(i)}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || record.length > 0) throw new Error('last record lacks CRLF');
  return records;
}

/** The sections of a parsed CSV by name: header record and data records. */
function sections(records: string[][]): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  let current: string[][] | null = null;
  for (const record of records) {
    if (record.length === 1 && record[0] === '') current = null;
    else if (record[0] === 'section' && current === null) {
      current = [];
      out.set(record[1] ?? '', current);
    } else current?.push(record);
  }
  return out;
}

function published(facts = [...many(12, { arrivedFromPlace: 'Station A', injuriesDocumented: true, lesions: [{ type: 'contusion', consistency: 'consistent' }] }), ...many(3, { arrivedFromPlace: 'Station A', facilityCode: 'PRISON-02' }), ...many(9, { facilityCode: 'PRISON-03', arrivedFromPlace: 'Station A' })]) {
  return suppressStatistics(computeStatistics(facts, Q1));
}

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });

  it('neutralises formulas: = + - @ tab and carriage return get a leading quote', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe('"\'\rcmd"');
    expect(csvField('Station =1')).toBe('Station =1');
  });
});

describe('toCsv', () => {
  it('is valid RFC 4180 with CRLF line ends and one section per table, each with its header', () => {
    const csv = toCsv(published(), 'en', 'ids');
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const byName = sections(parseCsv(csv));
    expect([...byName.keys()]).toEqual(['about', 'summary', 'by_month', 'by_facility', 'by_arrived_from_type', 'by_arrived_from_place', 'lesions_by_type_and_consistency']);
    for (const [name, records] of byName) {
      const width = records[0]?.length;
      expect(records.length, name).toBeGreaterThan(1);
      for (const record of records) expect(record.length, name).toBe(width);
    }
    expect(byName.get('by_month')?.[0]).toEqual([
      'kind',
      'key',
      'admissions',
      'examined',
      'examined_with_arrival_time',
      'examined_within_24h',
      'injuries_documented',
      'allegations',
      'share_within_24h_pct',
      'share_injuries_pct',
      'share_allegations_pct',
    ]);
  });

  it('writes hidden cells as [c] and shown cells as numbers', () => {
    const byName = sections(parseCsv(toCsv(published(), 'en', 'ids')));
    const facilities = byName.get('by_facility') ?? [];
    const row = (code: string) => facilities.find((r) => r[1] === code);
    expect(row('PRISON-01')?.slice(2, 4)).toEqual(['12', '12']);
    expect(row('PRISON-02')?.slice(2, 4)).toEqual([SUPPRESSED_MARKER, SUPPRESSED_MARKER]);
    // Secondary: 9 would give PRISON-02's 3 away as 24 − 12 − 9.
    expect(row('PRISON-03')?.slice(2, 4)).toEqual([SUPPRESSED_MARKER, SUPPRESSED_MARKER]);
    expect(facilities.at(-1)?.slice(0, 4)).toEqual(['total', '', '24', '24']);
    const lesions = byName.get('lesions_by_type_and_consistency') ?? [];
    expect(lesions[0]).toEqual(['lesion_type', 'not_consistent', 'consistent', 'highly_consistent', 'typical', 'diagnostic', 'not_graded', 'total']);
    expect(lesions.find((r) => r[0] === 'contusion')).toEqual(['contusion', '0', '12', '0', '0', '0', '0', '12']);
    expect(lesions.at(-1)?.[0]).toBe('total');
  });

  it('escapes place names and neutralises formulas in them', () => {
    const facts = [...many(5, { arrivedFromPlace: '=cmd|"/c calc"!A1' }), ...many(6, { arrivedFromPlace: 'Station "North", block 2' }), ...many(5, { arrivedFromPlace: '@Post' })];
    const csv = toCsv(published(facts), 'en', 'ids');
    const places = sections(parseCsv(csv)).get('by_arrived_from_place') ?? [];
    expect(places.slice(1).map((r) => r[1])).toEqual(["'=cmd|\"/c calc\"!A1", "'@Post", 'Station "North", block 2', '']);
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
  });
});

describe('toJson', () => {
  it('has a fixed key order and marks hidden cells with null and suppressed: true', () => {
    const json = toJson(published());
    expect(json.endsWith('}\n')).toBe(true);
    const doc = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['format', 'version', 'period', 'suppression', 'total', 'byMonth', 'byFacility', 'byArrivedFromType', 'byArrivedFromPlace', 'lesions']);
    const facilities = doc.byFacility as Record<string, unknown>[];
    expect(Object.keys(facilities[0] ?? {})).toEqual(['kind', 'key', 'admissions', 'examined', 'timed', 'examinedWithin24h', 'injuries', 'allegations', 'shareWithin24h', 'shareInjuries', 'shareAllegations']);
    expect(facilities.find((r) => r.key === 'PRISON-02')?.admissions).toEqual({ value: null, suppressed: true });
    expect(facilities.find((r) => r.key === 'PRISON-02')?.shareInjuries).toEqual({ percent: null, suppressed: true });
    expect(facilities.find((r) => r.key === 'PRISON-01')?.admissions).toEqual({ value: 12, suppressed: false });
    expect(doc.period).toEqual(Q1);
  });

  it('keeps hostile place names as plain JSON strings', () => {
    const doc = JSON.parse(toJson(published(many(5, { arrivedFromPlace: '</script>"\\ =1' })))) as { byArrivedFromPlace: { key: string | null }[] };
    expect(doc.byArrivedFromPlace[0]?.key).toBe('</script>"\\ =1');
  });
});

describe('the lesion table’s unit (#19)', () => {
  it('is stated the same way on screen and in the CSV and JSON exports: lesions, with persons deciding what is hidden', () => {
    const stats = published();
    const note = parseCsv(toCsv(stats, 'en', 'ids')).find((r) => r[0] === 'note' && (r[1] ?? '').startsWith('lesions:'))?.[1] ?? '';
    expect(note).toBe('lesions: counts of lesions; a cell is hidden when fewer than 5 persons contribute to it');
    expect((JSON.parse(toJson(stats)) as { lesions: { unit: string } }).lesions.unit).toBe('lesions');
    const screen = en.signing.stats;
    expect(screen.lesions).toContain('(number of lesions)');
    expect(screen.lesions).not.toMatch(/persons/);
    expect(screen.lesionsUnit).toMatch(/counts lesions, not persons.*fewer than 5 persons/);
  });
});

describe('determinism', () => {
  it('gives byte-identical CSV and JSON for the same facts in any order', () => {
    const random = prng(3);
    const facts = Array.from({ length: 300 }, (_, i) => fact({ facilityCode: `P-${String(i % 7)}`, arrivedFromPlace: `Post ${String(i % 11)}`, allegation: random() < 0.4, injuriesDocumented: random() < 0.5 }));
    const reversed = [...facts].reverse();
    expect(toCsv(published(reversed), 'en', 'ids')).toBe(toCsv(published(facts), 'en', 'ids'));
    expect(toJson(published(reversed))).toBe(toJson(published(facts)));
  });
});

describe('canary: the export carries no name, id number or birth date', () => {
  it('holds for exports made from real examination records', () => {
    const exams: Examination[] = Array.from({ length: 7 }, () => buildAdmissionExam({ encounter: { timing: { arrivalAt: '2025-02-10T08:00:00+01:00', examStartAt: '2025-02-10T14:00:00+01:00', examEndAt: '2025-02-10T15:00:00+01:00' } } }));
    const facts = exams.map((exam) => statFactsOf(exam, {})).filter((f) => f !== null);
    const stats = suppressStatistics(computeStatistics(facts, Q1));
    expect(stats.total.admissions).toEqual({ value: 7, suppressed: false });
    for (const text of [toCsv(stats), toCsv(stats, 'en', 'ids'), toJson(stats)]) {
      for (const canary of ['Karim', 'Benali', 'P-2025-0042', '1990-05-17', 'Samira', 'Haddad', 'MED-12345', 'Oran', 'baton', 'lesion-1']) expect(text).not.toContain(canary);
      expect(text).toContain('Central police station');
    }
  });
});

describe('the export’s language (#15)', () => {
  it('writes the notes in the chosen language, and keeps the format’s identifiers in every language', () => {
    const stats = published();
    for (const language of supportedLanguages) {
      const N = catalogs[language].signing.stats.export;
      const records = parseCsv(toCsv(stats, language, 'ids'));
      expect(records.filter((r) => r[0] === 'note').map((r) => r[1])).toEqual([N.noteSuppressed.replace('{{marker}}', SUPPRESSED_MARKER).replace('{{minPersons}}', String(stats.minPersons)), N.noteAdmissions, N.noteKinds, N.noteLesions]);
      expect(sections(records).get('by_month')?.[0]?.slice(0, 3)).toEqual(['kind', 'key', 'admissions']);
    }
    expect(toCsv(stats)).toBe(toCsv(stats, 'en'));
  });
});

describe('the CSV header: in the language, or stable identifiers (#15)', () => {
  /** The records of a section, found by its section record's second field. */
  function sectionOf(records: string[][], sectionWord: string, title: string): string[][] {
    const start = records.findIndex((r) => r[0] === sectionWord && r[1] === title);
    if (start < 0) return [];
    const end = records.findIndex((r, i) => i > start && r.length === 1 && r[0] === '');
    return records.slice(start + 1, end < 0 ? undefined : end);
  }

  it('names sections and columns in each language by default, as the screen does, and keeps the data cells identical', () => {
    const stats = published();
    const ids = parseCsv(toCsv(stats, 'en', 'ids'));
    for (const language of supportedLanguages) {
      const S = catalogs[language].signing.stats;
      const H = S.export.header;
      const records = parseCsv(toCsv(stats, language));
      const byMonth = sectionOf(records, H.section, S.byMonth);
      expect(byMonth[0], language).toEqual([H.kind, H.key, ...Object.values(S.count), ...Object.values(S.share)]);
      const lesions = sectionOf(records, H.section, S.lesions);
      expect(lesions[0]?.[0]).toBe(S.lesionType);
      expect(lesions[0]?.slice(1, -1)).toEqual(stats.lesions.columns.map((c) => (c === null ? S.noConsistency : catalogs[language].domain.vocab.consistency[c])));
      expect(lesions[0]?.at(-1)).toBe(S.rowTotal);
      // Only the header and section records differ from the identifier mode: the figures are the same.
      const data = (rs: string[][]) => rs.filter((r) => !['section', 'kind', 'field', 'lesion_type', H.section, H.kind, H.field, S.lesionType, 'note'].includes(r[0] ?? ''));
      expect(data(records)).toEqual(data(ids));
      expect(records.length).toBe(ids.length);
    }
    expect(toCsv(stats, 'fr')).not.toBe(toCsv(stats, 'fr', 'ids'));
    expect(parseCsv(toCsv(stats, 'fr', 'ids')).filter((r) => r[0] === 'section').map((r) => r[1])).toEqual(['about', 'summary', 'by_month', 'by_facility', 'by_arrived_from_type', 'by_arrived_from_place', 'lesions_by_type_and_consistency']);
  });

  it('JSON keeps identifiers, and reads back to the same CSV in either mode; a changed export is refused', () => {
    const stats = published();
    const json = toJson(stats);
    expect(JSON.parse(json)).toMatchObject({ format: 'attest-statistics', version: 1, total: { admissions: { suppressed: false } } });
    const back = fromJson(json);
    if (!back.ok) throw new Error(back.problems.join(', '));
    for (const header of ['language', 'ids'] as const) expect(toCsv(back.stats, 'ar', header)).toBe(toCsv(stats, 'ar', header));
    const changed = JSON.parse(json) as { total: { admissions: unknown } };
    changed.total.admissions = { value: -3, suppressed: false };
    const refused = fromJson(JSON.stringify(changed));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? '' : refused.problems[0]).toMatch(/^total\.admissions/);
    expect(fromJson('{ "format": "attest-statistics"')).toMatchObject({ ok: false });
  });
});
