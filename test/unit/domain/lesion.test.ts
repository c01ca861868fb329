/**
 * The structured injury finding and photograph metadata (domain guide C, B11): what a draft refuses,
 * E7 per lesion (each missing detail at its own field), E4 for the new photographs, and the
 * numbering helpers.
 */
import { describe, expect, it } from 'vitest';
import { examinationDraftSchema, type Examination } from '../../../shared/domain/examination';
import { Findings, Lesion, LesionMark, Photograph, findingsSchema, lesionLabel, nextLesionNo } from '../../../shared/domain/findings';
import { describeIssues, type DescribedIssue } from '../../../shared/domain/issues';
import { canFinalise } from '../../../shared/domain/rules/evaluate';
import { ATTRIBUTIONS_WITHOUT_MECHANISM, findingsRule, hasAttribution, isLesionComplete, lesionIssues } from '../../../shared/domain/rules/findings';
import { isIntimateSite, photographyRule } from '../../../shared/domain/rules/photography';
import { timeChecks } from '../../../shared/domain/time';
import { ATTRIBUTIONS } from '../../../shared/domain/vocab';
import { FIXTURE_CONTEXT, FIXTURE_NOW, buildAdmissionExam, buildLesion, buildPhotograph, fixtureLesions, fixturePhotographs } from './fixtures';
import { englishOf, summary } from './helpers';

/** The schema issues of a findings section, as `path messageKey`. */
function findingsIssues(findings: unknown): string[] {
  const result = Findings.safeParse(findings);
  return result.success ? [] : describeIssues(result.error).map((i) => `${i.path} ${i.messageKey}`);
}

function describedIssues(findings: unknown): DescribedIssue[] {
  const result = Findings.safeParse(findings);
  return result.success ? [] : describeIssues(result.error);
}

/** A valid findings section: the fixture's three lesions and two photographs, with `patch` on top. */
function findingsWith(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return { noInjuriesSeen: false, lesions: fixtureLesions(), lastLesionNo: 3, photographs: fixturePhotographs(), ...patch };
}

function examWithLesions(lesions: Lesion[], photographs: Photograph[] = []): Examination {
  return buildAdmissionExam({ findings: { noInjuriesSeen: false, lesions, lastLesionNo: Math.max(0, ...lesions.map((l) => l.lesionNo)) || null, photographs } });
}

describe('the fixture', () => {
  it('has three complete lesions and two photographs, valid as a draft and finalisable', () => {
    const exam = buildAdmissionExam();
    expect(exam.findings?.lesions.map(lesionLabel)).toEqual(['L1', 'L2', 'L3']);
    expect(exam.findings?.photographs?.length).toBe(2);
    expect(examinationDraftSchema.safeParse(exam).success).toBe(true);
    expect(exam.findings?.lesions.every(isLesionComplete)).toBe(true);
    expect(findingsRule(exam)).toEqual([]);
    expect(photographyRule(exam)).toEqual([]);
    expect(canFinalise(exam, FIXTURE_CONTEXT).ready).toBe(true);
  });
});

describe('a lesion in a draft', () => {
  it('may hold only its id and number (charted, not yet described)', () => {
    expect(Lesion.safeParse({ id: 'l-1', lesionNo: 1 }).success).toBe(true);
    expect(findingsIssues({ lesions: [{ id: 'l-1', lesionNo: 1 }] })).toEqual([]);
  });

  it.each([0, 1000, 1.5])('refuses the lesion number %s', (lesionNo) => {
    expect(findingsIssues({ lesions: [{ id: 'l-1', lesionNo }] }).map((s) => s.split(' ')[0])).toEqual(['lesions.0.lesionNo']);
  });

  it('refuses fields it does not know', () => {
    expect(findingsIssues({ lesions: [{ id: 'l-1', lesionNo: 1, colour: 'red' }] })).toEqual(['lesions.0 domain.error.unknownField']);
  });

  it('refuses codes outside each vocabulary', () => {
    const lesion = { id: 'l-1', lesionNo: 1, type: 'bruise', status: 'old', region: 'arm', view: 'front', side: 'both', shape: 'square', surface: 'wet', borders: 'soft', level: 'high', ageEstimate: '2d', attribution: 'police', consistency: 'likely' };
    expect(findingsIssues({ lesions: [lesion] })).toEqual(
      ['type', 'status', 'region', 'view', 'side', 'shape', 'surface', 'borders', 'level', 'ageEstimate', 'attribution', 'consistency'].map((key) => `lesions.0.${key} domain.error.notInList`),
    );
  });

  it('takes colours as a set of codes: no unknown colour, no repeat', () => {
    expect(findingsIssues({ lesions: [buildLesion({ colours: ['red', 'yellow'] })] })).toEqual([]);
    expect(findingsIssues({ lesions: [{ ...buildLesion(), colours: ['red', 'orange'] }] })).toEqual(['lesions.0.colours.1 domain.error.notInList']);
    expect(findingsIssues({ lesions: [buildLesion({ colours: ['red', 'red'] })] })).toEqual(['lesions.0.colours domain.error.duplicateValue']);
  });

  it.each([
    ['lengthCm', 200.1],
    ['widthCm', -0.1],
    ['depthCm', 250],
  ] as const)('refuses %s = %s with the range and unit in the message', (key, value) => {
    const issues = describedIssues({ lesions: [buildLesion({ [key]: value })] });
    expect(issues).toEqual([{ path: `lesions.0.${key}`, messageKey: 'domain.error.outOfRangeUnit', params: { min: 0, max: 200, unit: 'cm' } }]);
    expect(englishOf(issues[0] as DescribedIssue)).toContain('between 0 and 200 cm');
  });

  it('takes decimal sizes, and a width before its length (typing order is free)', () => {
    expect(findingsIssues({ lesions: [buildLesion({ lengthCm: 0.5, widthCm: 0.3, depthCm: 0.1 })] })).toEqual([]);
    expect(findingsIssues({ lesions: [buildLesion({ lengthCm: null, widthCm: 2 })] })).toEqual([]);
  });

  it.each(['lengthCm', 'widthCm', 'depthCm'] as const)('refuses "not measurable" together with a %s', (key) => {
    const lesion = buildLesion({ lengthCm: null, widthCm: null, depthCm: null, notMeasurable: true, notMeasurableReason: 'Diffuse swelling', [key]: 2 });
    const issues = describedIssues({ lesions: [lesion] });
    expect(issues).toEqual([{ path: 'lesions.0.notMeasurable', messageKey: 'domain.error.sizeWithNotMeasurable', params: { lesionNo: 1 } }]);
    expect(englishOf(issues[0] as DescribedIssue)).toContain('L1');
  });

  it('accepts "not measurable" without a size, and a size when "not measurable" is unticked', () => {
    expect(findingsIssues({ lesions: [buildLesion({ lengthCm: null, widthCm: null, notMeasurable: true, notMeasurableReason: 'Tenderness only' })] })).toEqual([]);
    expect(findingsIssues({ lesions: [buildLesion({ notMeasurable: false })] })).toEqual([]);
  });

  describe('the chart mark', () => {
    it('accepts the corners of the chart', () => {
      expect(LesionMark.safeParse({ chart: 'head_front', x: 0, y: 2000 }).success).toBe(true);
    });

    it.each([
      [{ chart: 'body_male_front', x: 2000.5, y: 10 }, 'lesions.0.mark.x domain.error.outOfRange'],
      [{ chart: 'body_male_front', x: 10, y: -1 }, 'lesions.0.mark.y domain.error.outOfRange'],
      [{ chart: 'body_male_front', x: Number.NaN, y: 10 }, 'lesions.0.mark.x domain.error.notANumber'],
      [{ chart: 'body_male_front', x: 10, y: Number.POSITIVE_INFINITY }, 'lesions.0.mark.y domain.error.notANumber'],
      [{ chart: 'torso', x: 10, y: 10 }, 'lesions.0.mark.chart domain.error.notInList'],
      [{ chart: 'head_front', x: 10 }, 'lesions.0.mark.y domain.error.required'],
      [{ chart: 'head_front', x: 10, y: 10, z: 1 }, 'lesions.0.mark domain.error.unknownField'],
    ])('refuses the mark %j', (mark, expected) => {
      expect(findingsIssues({ lesions: [{ id: 'l-1', lesionNo: 1, mark }] })).toEqual([expected]);
    });
  });
});

describe('lesion numbers in a draft', () => {
  it('refuses two lesions with the same number, or the same id', () => {
    const [first] = fixtureLesions();
    if (first === undefined) throw new Error('fixture');
    expect(findingsIssues(findingsWith({ lesions: [first, { ...first, id: 'lesion-9' }], photographs: [] }))).toEqual(['lesions.1.lesionNo domain.error.duplicateLesionNo']);
    expect(findingsIssues(findingsWith({ lesions: [first, { ...first, lesionNo: 2 }], photographs: [] }))).toEqual(['lesions.1.id domain.error.duplicateId']);
  });

  it('refuses a lesion numbered above lastLesionNo, at that lesion', () => {
    const issues = describedIssues(findingsWith({ lastLesionNo: 2 }));
    expect(issues).toEqual([{ path: 'lesions.2.lesionNo', messageKey: 'domain.error.lesionNoAboveLast', params: { lesionNo: 3, last: 2 } }]);
    expect(englishOf(issues[0] as DescribedIssue)).toContain('L3');
  });

  it('accepts lastLesionNo above every number (a deleted lesion leaves a gap), and no lastLesionNo at all', () => {
    expect(findingsIssues(findingsWith({ lastLesionNo: 7 }))).toEqual([]);
    expect(findingsIssues(findingsWith({ lastLesionNo: null }))).toEqual([]);
    expect(findingsIssues(findingsWith({ lastLesionNo: 1000 }))).toEqual(['lastLesionNo domain.error.outOfRange']);
  });
});

describe('photographs in a draft', () => {
  it('accept the fixture and default lesion links to none', () => {
    const withoutLinks: Partial<Photograph> = buildPhotograph();
    delete withoutLinks.lesionIds;
    const parsed = Photograph.safeParse(withoutLinks);
    expect(parsed.success && parsed.data.lesionIds).toEqual([]);
  });

  it.each([
    ['sha256', 'A'.repeat(64), 'domain.error.sha256Format'],
    ['sha256', 'a'.repeat(63), 'domain.error.sha256Format'],
    ['sha256', `${'a'.repeat(63)}g`, 'domain.error.sha256Format'],
    ['mime', 'image/gif', 'domain.error.imageType'],
    ['mime', 'image/heic', 'domain.error.imageType'],
    ['width', 0, 'domain.error.outOfRange'],
    ['height', 1.5, 'domain.error.wholeNumber'],
    ['attachmentId', 'no spaces allowed', 'domain.error.idFormat'],
    ['importedAt', '2025-03-10T15:20:00', 'domain.error.dateTimeFormat'],
    ['takenAt', '10/03/2025 14:40', 'domain.error.dateTimeFormat'],
    ['takenAtSource', 'camera', 'domain.error.notInList'],
    ['intimate', undefined, 'domain.error.required'],
    ['intimate', 'no', 'domain.error.notYesNo'],
    ['scaleInFrame', 1, 'domain.error.notYesNo'],
  ] as const)('refuse %s = %j', (key, value, messageKey) => {
    const issues = describedIssues(findingsWith({ photographs: [{ ...buildPhotograph(), [key]: value }] }));
    expect(issues.map((i) => `${i.path} ${i.messageKey}`)).toEqual([`photographs.0.${key} ${messageKey}`]);
    englishOf(issues[0] as DescribedIssue);
  });

  it('refuse the same original imported twice, naming the first copy', () => {
    const issues = describedIssues(findingsWith({ photographs: [...fixturePhotographs(), buildPhotograph({ id: 'photo-3', attachmentId: 'att-3' })] }));
    expect(issues).toEqual([{ path: 'photographs.2.sha256', messageKey: 'domain.error.duplicatePhotograph', params: { number: 1 } }]);
    expect(englishOf(issues[0] as DescribedIssue)).toContain('photograph 1');
  });

  it('refuse two photographs with one id, or one stored attachment', () => {
    expect(findingsIssues(findingsWith({ photographs: [buildPhotograph(), buildPhotograph({ sha256: 'c'.repeat(64), attachmentId: 'att-2' })] }))).toEqual(['photographs.1.id domain.error.duplicateId']);
    expect(findingsIssues(findingsWith({ photographs: [buildPhotograph(), buildPhotograph({ id: 'photo-2', sha256: 'c'.repeat(64) })] }))).toEqual(['photographs.1.attachmentId domain.error.duplicateId']);
  });

  it('refuse a link to a lesion that does not exist, and the same link twice', () => {
    const issues = describedIssues(findingsWith({ photographs: [buildPhotograph({ lesionIds: ['lesion-1', 'lesion-9'] })] }));
    expect(issues).toEqual([{ path: 'photographs.0.lesionIds.1', messageKey: 'domain.error.unknownLesionLink', params: {} }]);
    englishOf(issues[0] as DescribedIssue);
    expect(findingsIssues(findingsWith({ photographs: [buildPhotograph({ lesionIds: ['lesion-1', 'lesion-1'] })] }))).toEqual(['photographs.0.lesionIds domain.error.duplicateValue']);
  });

  it('refuse links left behind when the lesions were removed', () => {
    expect(findingsIssues({ noInjuriesSeen: true, lesions: [], photographs: fixturePhotographs() })).toEqual([
      'photographs.0.lesionIds.0 domain.error.unknownLesionLink',
      'photographs.1.lesionIds.0 domain.error.unknownLesionLink',
    ]);
  });

  it('refuse a photograph taken in the future on input, not in a draft', () => {
    const future = findingsWith({ photographs: [buildPhotograph({ takenAt: '2025-03-12T10:00:00+01:00' })] });
    expect(findingsIssues(future)).toEqual([]);
    const onInput = findingsSchema(timeChecks({ now: FIXTURE_NOW })).safeParse(future);
    expect(onInput.success ? [] : describeIssues(onInput.error).map((i) => `${i.path} ${i.messageKey}`)).toEqual(['photographs.0.takenAt domain.error.futureDate']);
    // The import time is the app's own clock: never refused, whatever the clock said.
    const imported = findingsSchema(timeChecks({ now: FIXTURE_NOW })).safeParse(findingsWith({ photographs: [buildPhotograph({ importedAt: '2025-03-12T10:00:00+01:00' })] }));
    expect(imported.success).toBe(true);
  });
});

describe('numbering', () => {
  it('labels a lesion by its number', () => {
    expect(lesionLabel({ lesionNo: 3 })).toBe('L3');
    expect(lesionLabel(buildLesion({ lesionNo: 999 }))).toBe('L999');
  });

  it.each([
    ['no findings yet', null, 1],
    ['an empty section', {}, 1],
    ['lesions 1, 2, 5 and no last number', { lesions: [{ lesionNo: 1 }, { lesionNo: 2 }, { lesionNo: 5 }] }, 6],
    ['L2 and L3 deleted after L3 was given', { lesions: [{ lesionNo: 1 }], lastLesionNo: 3 }, 4],
    ['every lesion deleted', { lesions: [], lastLesionNo: 7 }, 8],
    ['a last number behind the lesions (an older draft)', { lesions: [{ lesionNo: 4 }], lastLesionNo: 2 }, 5],
  ] as const)('gives the next number after %s', (_name, findings, expected) => {
    expect(nextLesionNo(findings)).toBe(expected);
  });
});

describe('E7 each lesion is described completely', () => {
  const REQUIRED_IN_ORDER = ['type', 'status', 'region', 'view', 'side', 'lengthCm', 'shape', 'colours', 'borders'] as const;

  it('asks for every detail of a lesion that has only its number, each at its field, in form order', () => {
    const issues = lesionIssues({ id: 'l-1', lesionNo: 4 }, 2);
    expect(issues.map((f) => f.field)).toEqual(REQUIRED_IN_ORDER.map((key) => `findings.lesions.2.${key}`));
    for (const finding of issues) {
      expect(finding).toMatchObject({ ruleId: 'E7', severity: 'blocking', unanswered: true, params: { lesion: 'L4' } });
      expect(englishOf(finding)).toMatch(/^L4: /);
    }
    expect(isLesionComplete({ id: 'l-1', lesionNo: 4 })).toBe(false);
  });

  it.each([
    ['type', 'domain.rule.lesionTypeRequired'],
    ['status', 'domain.rule.lesionStatusRequired'],
    ['region', 'domain.rule.lesionRegionRequired'],
    ['view', 'domain.rule.lesionViewRequired'],
    ['side', 'domain.rule.lesionSideRequired'],
    ['shape', 'domain.rule.lesionShapeRequired'],
    ['borders', 'domain.rule.lesionBordersRequired'],
  ] as const)('reports a missing %s alone, at the lesion it belongs to', (key, messageKey) => {
    const lesions = fixtureLesions().map((lesion, index) => (index === 1 ? { ...lesion, [key]: null } : lesion));
    expect(summary(findingsRule(examWithLesions(lesions)))).toEqual([`blocking ${messageKey} @findings.lesions.1.${key}`]);
    expect(isLesionComplete(lesions[1] as Lesion)).toBe(false);
    // Undefined (never answered) counts as missing too.
    const without = Object.fromEntries(Object.entries(buildLesion()).filter(([name]) => name !== key)) as Lesion;
    expect(without).not.toHaveProperty(key);
    expect(summary(lesionIssues(without, 0))).toEqual([`blocking ${messageKey} @findings.lesions.0.${key}`]);
  });

  it('needs at least one colour', () => {
    expect(summary(lesionIssues(buildLesion({ colours: [] }), 0))).toEqual(['blocking domain.rule.lesionColourRequired @findings.lesions.0.colours']);
    expect(summary(lesionIssues(buildLesion({ colours: null }), 0))).toEqual(['blocking domain.rule.lesionColourRequired @findings.lesions.0.colours']);
    expect(lesionIssues(buildLesion({ colours: ['pale'] }), 0)).toEqual([]);
  });

  describe('size', () => {
    it('needs a length: a width alone is not a size', () => {
      expect(summary(lesionIssues(buildLesion({ lengthCm: null, widthCm: 3 }), 0))).toEqual(['blocking domain.rule.lesionSizeRequired @findings.lesions.0.lengthCm']);
      expect(lesionIssues(buildLesion({ lengthCm: 4, widthCm: null }), 0)).toEqual([]);
      expect(lesionIssues(buildLesion({ lengthCm: 0.2 }), 0)).toEqual([]);
    });

    it('or "not measurable" with its reason, then no length is asked', () => {
      const notMeasurable = buildLesion({ lengthCm: null, widthCm: null, notMeasurable: true, notMeasurableReason: null });
      const issues = lesionIssues(notMeasurable, 0);
      expect(summary(issues)).toEqual(['blocking domain.rule.lesionNotMeasurableReasonRequired @findings.lesions.0.notMeasurableReason']);
      expect(issues[0]?.unanswered).toBeUndefined();
      expect(summary(lesionIssues({ ...notMeasurable, notMeasurableReason: ' \n ' }, 0))).toHaveLength(1);
      expect(lesionIssues({ ...notMeasurable, notMeasurableReason: 'Tenderness without a visible lesion' }, 0)).toEqual([]);
    });

    it('"not measurable" answered no still needs the length', () => {
      expect(summary(lesionIssues(buildLesion({ lengthCm: null, notMeasurable: false, notMeasurableReason: 'x' }), 0))).toEqual(['blocking domain.rule.lesionSizeRequired @findings.lesions.0.lengthCm']);
    });
  });

  it('asks what the lesion is when its type is "other" (blocking, triggered by that answer)', () => {
    const issues = lesionIssues(buildLesion({ type: 'other', typeOther: null }), 0);
    expect(summary(issues)).toEqual(['blocking domain.rule.lesionTypeOtherRequired @findings.lesions.0.typeOther']);
    expect(issues[0]?.unanswered).toBeUndefined();
    expect(summary(lesionIssues(buildLesion({ type: 'other', typeOther: '   ' }), 0))).toHaveLength(1);
    expect(lesionIssues(buildLesion({ type: 'other', typeOther: 'Needle marks' }), 0)).toEqual([]);
    // Text left over from "other" does no harm once another type is chosen.
    expect(lesionIssues(buildLesion({ type: 'abrasion', typeOther: null }), 0)).toEqual([]);
  });

  it('asks for the object of a patterned lesion', () => {
    expect(summary(lesionIssues(buildLesion({ shape: 'patterned', patternObject: null }), 0))).toEqual(['blocking domain.rule.lesionPatternObjectRequired @findings.lesions.0.patternObject']);
    expect(summary(lesionIssues(buildLesion({ shape: 'patterned', patternObject: '' }), 0))).toHaveLength(1);
    expect(lesionIssues(buildLesion({ shape: 'patterned', patternObject: 'Boot sole' }), 0)).toEqual([]);
    expect(lesionIssues(buildLesion({ shape: 'linear', patternObject: null }), 0)).toEqual([]);
  });

  describe('attribution → consistency and rationale', () => {
    const attributed = ATTRIBUTIONS.filter((a) => !(ATTRIBUTIONS_WITHOUT_MECHANISM as readonly string[]).includes(a));

    it('treats every attribution but "unknown" and "no explanation given" as one to grade, non-torture causes included', () => {
      expect([...ATTRIBUTIONS_WITHOUT_MECHANISM].sort()).toEqual(['none_given', 'unknown']);
      expect(attributed).toEqual(expect.arrayContaining(['beating_blunt', 'falanga', 'self_inflicted', 'accident', 'pre_existing']));
      expect(attributed).toHaveLength(ATTRIBUTIONS.length - 2);
    });

    it.each(attributed)('%s needs a consistency level and a rationale', (attribution) => {
      const lesion = buildLesion({ attribution, consistency: null, rationale: null });
      expect(hasAttribution(lesion)).toBe(true);
      const issues = lesionIssues(lesion, 1);
      expect(summary(issues)).toEqual([
        'blocking domain.rule.lesionConsistencyRequired @findings.lesions.1.consistency',
        'blocking domain.rule.lesionRationaleRequired @findings.lesions.1.rationale',
      ]);
      expect(issues.every((f) => f.unanswered === undefined)).toBe(true);
    });

    it.each([...ATTRIBUTIONS_WITHOUT_MECHANISM, null, undefined])('%s needs neither', (attribution) => {
      const lesion = buildLesion({ attribution, consistency: null, rationale: null });
      expect(hasAttribution(lesion)).toBe(false);
      expect(lesionIssues(lesion, 0)).toEqual([]);
    });

    it('needs each of the two on its own, and a rationale with visible text', () => {
      expect(summary(lesionIssues(buildLesion({ consistency: null }), 0))).toEqual(['blocking domain.rule.lesionConsistencyRequired @findings.lesions.0.consistency']);
      expect(summary(lesionIssues(buildLesion({ rationale: '  ' }), 0))).toEqual(['blocking domain.rule.lesionRationaleRequired @findings.lesions.0.rationale']);
    });

    it('accepts a consistency level without an attribution (the clinician may grade anyway)', () => {
      expect(lesionIssues(buildLesion({ attribution: null, consistency: 'consistent', rationale: null }), 0)).toEqual([]);
    });
  });

  it('reports every lesion, with its own index and label', () => {
    const lesions = fixtureLesions();
    const exam = examWithLesions([{ ...(lesions[0] as Lesion), shape: null }, lesions[1] as Lesion, { ...(lesions[2] as Lesion), side: null }]);
    const findings = findingsRule(exam);
    expect(summary(findings)).toEqual(['blocking domain.rule.lesionShapeRequired @findings.lesions.0.shape', 'blocking domain.rule.lesionSideRequired @findings.lesions.2.side']);
    expect(findings.map((f) => englishOf(f).slice(0, 3))).toEqual(['L1:', 'L3:']);
  });

  it('still reports the lesions next to a "no injuries seen" contradiction (itself E17)', () => {
    const exam = buildAdmissionExam({ findings: { noInjuriesSeen: true, lesions: [buildLesion({ borders: null })], lastLesionNo: 1, photographs: [] } });
    expect(summary(findingsRule(exam))).toEqual(['blocking domain.rule.lesionBordersRequired @findings.lesions.0.borders']);
  });

  it('asks nothing about lesions while the physical examination is locked (E3 reports the data instead)', () => {
    const exam = buildAdmissionExam({ consent: { physicalExam: { decision: 'refused', reason: 'No' } }, findings: { lesions: [{ id: 'l-1', lesionNo: 1 }], lastLesionNo: 1, photographs: [] } });
    expect(findingsRule(exam)).toEqual([]);
  });

  it('blocks finalisation until each lesion is complete', () => {
    const exam = examWithLesions([buildLesion({ status: null })]);
    const check = canFinalise(exam, FIXTURE_CONTEXT);
    expect(check.ready).toBe(false);
    expect(summary(check.blocking)).toEqual(['blocking domain.rule.lesionStatusRequired @findings.lesions.0.status']);
    expect(canFinalise(examWithLesions([buildLesion()]), FIXTURE_CONTEXT).ready).toBe(true);
  });
});

describe('E4 photographs of intimate areas', () => {
  const genital = buildLesion({ id: 'lesion-g', lesionNo: 1, region: 'genital', view: 'anterior', side: 'midline', mark: null });

  it('warns when a photograph of a genital or perineal lesion is not marked intimate', () => {
    const exam = examWithLesions([genital], [buildPhotograph({ lesionIds: ['lesion-g'] })]);
    const findings = photographyRule(exam);
    expect(summary(findings)).toEqual(['warning domain.rule.photographOfIntimateRegion @findings.photographs.0.intimate']);
    expect(englishOf(findings[0] as (typeof findings)[number])).toContain('L1');
  });

  it('reads the intimate area from the region or the genital/perineal chart', () => {
    expect(isIntimateSite({ region: 'perineal_anal' })).toBe(true);
    expect(isIntimateSite({ region: 'genital', mark: null })).toBe(true);
    expect(isIntimateSite({ region: null, mark: { chart: 'genital_perineal', x: 1, y: 1 } })).toBe(true);
    expect(isIntimateSite({ region: 'thigh', mark: { chart: 'body_male_front', x: 1, y: 1 } })).toBe(false);
    expect(isIntimateSite({})).toBe(false);
  });

  it('says nothing once the photograph is marked intimate and both consents allow it', () => {
    const exam = buildAdmissionExam({
      consent: { intimateExam: { decision: 'given', reason: null }, photography: { intimateImages: true } },
      findings: { lesions: [genital], lastLesionNo: 1, photographs: [buildPhotograph({ lesionIds: ['lesion-g'], intimate: true })] },
    });
    expect(photographyRule(exam)).toEqual([]);
  });

  it('says nothing about photographs of other areas, or linked to no lesion (identifying shot, overview)', () => {
    expect(photographyRule(examWithLesions([buildLesion({ region: 'thigh' })], [buildPhotograph()]))).toEqual([]);
    expect(photographyRule(examWithLesions([genital], [buildPhotograph({ lesionIds: [] })]))).toEqual([]);
  });
});
