/**
 * The anonymised report variant (issue #7), checked with outside tools: canary strings put into every
 * identifying field of the examination must not come out of pdftotext, the PDF bytes or pdfinfo;
 * the full report of the same input prints them (the positive control that lets the test fail).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Examination } from '../../../shared/domain/examination';
import { en } from '../../../shared/i18n';
import { ageBand, anonymiseReport, buildAnonymisedReportModel, buildReportModel, renderPdf, type ReportInput } from '../../../shared/report';
import { buildAdmissionExam, buildMinorExam } from '../domain/fixtures';
import { CASE_NUMBER, loadFonts, oracle, pdfinfo, qpdfCheck, reportInput, withOpinion } from './helpers';

const fonts = loadFonts();
const HEADINGS = Object.values(en.report.sections);
const flat = (s: string) => s.replace(/\s+/g, ' ');
const A = en.report.anonymised;

/** Distinct strings that occur nowhere else, one per identifying field. */
const CANARY = {
  given: 'Zqxgivencanary',
  family: 'Wvkfamilycanary',
  alias: 'Jjaliascanary',
  idNumber: 'IDCANARY-7731',
  birthDate: '1987-11-23',
  ownWords: 'Owncanaryword',
  witness: 'Witcanaryness',
  interpreter: 'Interpcanary Tolk',
  nurse: 'Nursecanary Present',
  birthplace: 'Birthcanaryville',
  nationality: 'Canarystanian',
  requester: 'Requestercanary',
} as const;

function canaryExam(): Examination {
  const exam = withOpinion(
    buildAdmissionExam({
      identity: { givenName: CANARY.given, familyName: CANARY.family, aliases: [CANARY.alias], idNumber: CANARY.idNumber, dateOfBirth: CANARY.birthDate, birthplace: CANARY.birthplace, nationality: CANARY.nationality },
      encounter: { requester: { type: 'prosecutor', name: CANARY.requester, reference: null } },
      account: {
        ownWords: `"My name is ${CANARY.given} ${CANARY.family}. ${CANARY.ownWords}: they hit me with a baton."`,
        episodes: [{ ...buildAdmissionExam().account?.episodes?.[0], id: 'episode-1', witnesses: CANARY.witness }],
      },
      setting: { personsPresent: [{ name: CANARY.nurse, role: 'nurse', affiliation: 'Prison health unit', gender: 'female', inEarshot: true, inSight: true }] },
      interpreter: { name: CANARY.interpreter },
    }),
  );
  // The clinician writes the person's name into a kept free text: the sweep takes it out.
  return { ...exam, opinion: { ...exam.opinion, conclusions: `The findings of Mr ${CANARY.family} are highly consistent with the allegations.` } };
}

/** Every form a canary could take in the output: as typed, and the birth date as a day. */
const needles = Object.values(CANARY)
  .flatMap((v) => [v, ...v.split(' ').filter((w) => /canary/i.test(w))])
  .concat(['23/11/1987', '23.11.1987']);

async function render(name: string, anonymised: boolean, exam: Examination = canaryExam(), patch: Partial<ReportInput> = {}) {
  const input = reportInput(exam, patch);
  const model = anonymised ? buildAnonymisedReportModel(input) : buildReportModel(input);
  const out = await renderPdf(model, fonts);
  const pdf = oracle(out.bytes, name);
  return { ...out, ...pdf, model, info: pdfinfo(pdf.file), raw: readFileSync(pdf.file).toString('latin1') };
}

describe('anonymised medico-legal report', () => {
  it('positive control: the full report prints every canary', async () => {
    const full = await render('canary-full', false);
    const text = flat(full.text);
    for (const value of [CANARY.given, CANARY.family, CANARY.alias, CANARY.idNumber, CANARY.birthDate, CANARY.ownWords, CANARY.witness, CANARY.interpreter, CANARY.nurse, CANARY.birthplace, CANARY.nationality, CANARY.requester]) {
      expect(text, value).toContain(value);
    }
  });

  it('prints no canary: not in pdftotext, not in the PDF bytes, not in pdfinfo', async () => {
    const anon = await render('canary-anonymised', true);
    const text = flat(anon.text);
    for (const needle of needles) {
      expect(text.toLowerCase(), needle).not.toContain(needle.toLowerCase());
      expect(anon.raw, needle).not.toContain(needle);
      expect(anon.info, needle).not.toContain(needle);
    }
    // Dates about the person keep only the month.
    expect(text).not.toMatch(/2025-03-(07|08|10)/);
    expect(text).toContain('2025-03');
    // The model itself carries none of them either (the renderer compresses nothing, but a font subset could hide text).
    const json = JSON.stringify(anon.model);
    for (const needle of needles) expect(json, needle).not.toContain(needle);
    expect(qpdfCheck(anon.file)).toContain('No syntax or stream encoding errors found');
  });

  it('says what was withheld, and gives an age band instead of the date of birth', async () => {
    const anon = await render('withheld', true);
    const text = flat(anon.text);
    expect(anon.pages[0]).toContain(A.title);
    expect(text).toContain(flat(A.notice));
    expect(text).toContain(flat(A.statement.replace('{{version}}', '1').replace('{{caseNumber}}', CASE_NUMBER)));
    expect(text).toContain(`${A.ageBand} 30–39 years`);
    expect(text).toContain(A.freeTextWithheld);
    expect(text).toContain(flat(A.episodeWithheld));
    expect(text).toContain('[withheld] are highly consistent with the allegations');
    // The clinician stays named: the report is evidence only with its author.
    expect(text).toContain('Dr Amal Haddad');
    expect(text).toContain('MED-12345');
    // Timeliness is kept as durations: 6 hours from arrival, 70 minutes of examination.
    expect(text).toContain(`${A.arrivalToExam} 6 h 0 min`);
    expect(text).toContain('Duration of the examination 1 h 10 min');
    expect(anon.info).toMatch(/^Title:\s+Medico-legal report \(anonymised\) A-2026-00042 v1$/m);
  });

  it('keeps the seventeen Annex IV headings in order, the lesion table, and the photographs by fingerprint only', async () => {
    const anon = await render('headings', true);
    let at = -1;
    for (const heading of HEADINGS) {
      const index = anon.text.indexOf(heading, at + 1);
      expect(index, heading).toBeGreaterThan(at);
      at = index;
    }
    const table = anon.text.slice(anon.text.indexOf('VII. Physical examination'), anon.text.indexOf('VIII. Psychological'));
    for (const label of ['L1', 'L2', 'L3']) expect(table).toMatch(new RegExp(`^${label}$`, 'm'));
    expect(flat(table)).toContain('Highly consistent with');
    expect(flat(table)).toContain('4 cm left of the midline');
    expect(table).toMatch(/Body, back \(male outline\): L1/);
    const photos = flat(anon.text.slice(anon.text.indexOf('IX. Photographs'), anon.text.indexOf('X. Diagnostic')));
    expect(photos).toContain('a'.repeat(64));
    expect(photos).toContain('b'.repeat(64));
    expect(photos).toContain(A.photoOmitted);
    expect(photos).not.toContain('Overview of the back');
    const images = execFileSync('pdfimages', ['-list', anon.file], { encoding: 'utf8' });
    expect(images.split('\n').filter((l) => /\bjpeg\b/.test(l))).toHaveLength(0);
    expect(anon.signatureBlock.pageIndex).toBe(anon.pageCount - 1);
  });

  it('prints no place of signing in the signature block (#19); the full report does', async () => {
    const anon = await render('no-place', true, canaryExam(), { place: 'Genève' });
    const signature = anon.text.slice(anon.text.indexOf(en.report.sections.signature));
    expect(anon.text).not.toContain('Genève');
    expect(signature).not.toMatch(/^Place\b/m);
    expect(flat(signature)).toContain('Date 2025-03-11 10:30');
    const full = await render('place', false, canaryExam(), { place: 'Genève' });
    expect(flat(full.text.slice(full.text.indexOf(en.report.sections.signature)))).toContain('Place Genève');
  });

  it.each(['consent-based', 'automatic'] as const)('states the %s reporting policy it is issued under, in section I', async (policy) => {
    const other = policy === 'automatic' ? 'consent-based' : 'automatic';
    const anon = await render(`policy-${policy}`, true, canaryExam(), { reportingPolicy: policy });
    const text = flat(anon.text);
    const sentence = flat(en.report.policy[policy]);
    expect(text).toContain(`${en.report.sub.reportingPolicy} ${sentence}`);
    expect(text.indexOf(sentence)).toBeLessThan(text.indexOf(en.report.sections.qualifications));
    expect(text).not.toContain(flat(en.report.policy[other]));
    for (const needle of needles) expect(text.toLowerCase(), needle).not.toContain(needle.toLowerCase());
  });

  it('bands ages, with minors kept apart', async () => {
    expect([ageBand(16), ageBand(18), ageBand(29), ageBand(30), ageBand(39), ageBand(47), ageBand(85), ageBand(null)]).toEqual([
      A.ageBandMinor,
      '18–29 years',
      '18–29 years',
      '30–39 years',
      '30–39 years',
      '40–49 years',
      '80 years or more',
      null,
    ]);
    const minor = await render('minor', true, withOpinion(buildMinorExam()));
    expect(flat(minor.text)).toContain(`${A.ageBand} ${A.ageBandMinor}`);
    expect(minor.text).not.toContain('2008-09-01');
    expect(minor.text).not.toContain('Nadia');
  });
});

describe('the review of the anonymised report’s free text (#19)', () => {
  const said = 'Ms Okonkwo said Rose was with her at Fresnes, cell 4471. There is hope. I examined Hope Okonkwo; the rose tattoo is old.';
  const exam = (): Examination => {
    const base = withOpinion(buildAdmissionExam({ identity: { givenName: 'Hope', familyName: 'Okonkwo', aliases: ['Rose'] } }));
    return { ...base, opinion: { ...base.opinion, conclusions: said } };
  };
  const conclusions = (decisions = {}) => {
    const { model, review } = anonymiseReport(reportInput(exam()), decisions);
    const passage = review.passages.find((p) => p.path === 'opinion.conclusions');
    return { model, review, passage, strings: JSON.stringify(model) };
  };

  it('lists each printed passage with its replacements and flags; a name that is an ordinary word is highlighted, not replaced blindly', () => {
    const { review, passage, strings } = conclusions();
    // "Rose" capitalised inside a sentence is the name; "hope" and "rose" in lower case are words, highlighted only.
    expect(passage?.printed).toBe('Ms [withheld] said [withheld] was with her at Fresnes, cell 4471. There is hope. I examined [withheld]; the rose tattoo is old.');
    expect(passage?.matches.map((m) => `${m.action}:${m.reason}:${said.slice(m.start, m.end)}`)).toEqual([
      'replace:name:Okonkwo',
      'replace:name:Rose',
      'flag:capitalised:Fresnes',
      'flag:digits:4471',
      'flag:ambiguousName:hope',
      'replace:name:Hope Okonkwo',
      'flag:ambiguousName:rose',
    ]);
    expect(review.replaced).toBeGreaterThanOrEqual(2);
    expect(review.flagged).toBeGreaterThanOrEqual(4);
    // Only printed passages: the person's own words are withheld whole by the anonymised copy, so not listed.
    expect(review.passages.map((p) => p.path)).not.toContain('account.ownWords');
    expect(strings).toContain(passage?.printed);
  });

  it('applies the clinician’s decisions before the report is built: an occurrence, a value everywhere, a whole passage', () => {
    const hope = said.indexOf('hope');
    const { passage, strings } = conclusions({ spans: [{ path: 'opinion.conclusions', start: hope, end: hope + 4 }], terms: ['Fresnes', 'cell 4471'] });
    expect(passage?.printed).toBe('Ms [withheld] said [withheld] was with her at [withheld], [withheld]. There is [withheld]. I examined [withheld]; the rose tattoo is old.');
    expect(strings).not.toContain('Fresnes');
    const withheld = conclusions({ withheld: ['opinion.conclusions'] });
    expect(withheld.passage?.withheld).toBe(true);
    expect(withheld.strings).not.toContain('I examined');
    expect(withheld.strings).toContain(A.freeTextWithheld);
  });

  it('keeps a day-precise date the anonymised copy did not know of to its month', () => {
    const base = exam();
    const { strings } = conclusions();
    expect(base.screening?.vitals?.measuredAt ?? '').toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(strings).not.toContain((base.screening?.vitals?.measuredAt ?? 'x').slice(0, 10));
  });
});
