import { describe, expect, it } from 'vitest';
import { admissionExaminationV1 } from '../../../forms';
import { assessDraft } from '../../../renderer/forms/assessment';
import { displayedMessages } from '../../../renderer/forms/placement';
import { FIXTURE_CONTEXT, buildAdmissionExam } from '../domain/fixtures';

describe('assessing a draft for the form', () => {
  it('a complete examination: nothing blocks, every section complete or not applicable', () => {
    const result = assessDraft(buildAdmissionExam(), FIXTURE_CONTEXT);
    expect(result.ready).toBe(true);
    expect(result.blockingCount).toBe(0);
    for (const section of Object.values(result.sections)) expect(['complete', 'not_applicable']).toContain(section.state);
  });

  it('an invalid value is reported at its field and does not hide the other findings', () => {
    const draft = buildAdmissionExam({ screening: { vitals: { pulse: 'fast' as unknown as number } }, setting: { securityPresentReason: null } });
    (draft.setting?.personsPresent ?? []).push({ name: 'Officer', role: 'police', affiliation: null, gender: 'male', inEarshot: true, inSight: true });
    const result = assessDraft(draft, FIXTURE_CONTEXT);
    expect(result.messages.get('screening.vitals.pulse')?.[0]).toMatchObject({ severity: 'error' });
    expect(result.sections.screening.state).toBe('invalid');
    // The officer-present rule still runs on the rest of the draft.
    expect(result.messages.get('setting.securityPresentReason')?.some((m) => m.severity === 'blocking')).toBe(true);
    expect(result.ready).toBe(false);
  });

  it('an empty draft: every missing answer is "needed", not an error, and sections behind consent are locked', () => {
    const result = assessDraft({ schemaVersion: 1, formId: 'admission-examination', formVersion: 1 }, FIXTURE_CONTEXT);
    const all = [...result.messages.values()].flat();
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((m) => m.severity === 'error')).toEqual([]);
    expect(result.sections.findings.state).toBe('locked');
    expect(result.sections.account.state).toBe('locked');
    expect(result.sections.juvenile.state).toBe('not_applicable');
  });

  it('checks dates against the time of each assessment: a date in the future becomes acceptable once that time has come', () => {
    const later = new Date(FIXTURE_CONTEXT.now.getTime() + 3 * 86_400_000);
    const draft = buildAdmissionExam();
    const timing = draft.encounter?.timing;
    if (timing === undefined) throw new Error('the fixture has encounter timing');
    const examStartAt = new Date(FIXTURE_CONTEXT.now.getTime() + 2 * 86_400_000).toISOString();
    const future = { ...draft, encounter: { ...draft.encounter, timing: { ...timing, examStartAt } } };
    const futureKeys = (ctx: typeof FIXTURE_CONTEXT) => (assessDraft(future, ctx).messages.get('encounter.timing.examStartAt') ?? []).map((m) => m.key);
    // Now, then two days later, then now again: the schema is built once and reads each call's time.
    expect(futureKeys(FIXTURE_CONTEXT)).toContain('domain.error.futureDate');
    expect(futureKeys({ ...FIXTURE_CONTEXT, now: later })).not.toContain('domain.error.futureDate');
    expect(futureKeys(FIXTURE_CONTEXT)).toContain('domain.error.futureDate');
  });

  it('never throws on something that is not an examination', () => {
    for (const junk of [null, 42, 'x', [], { formId: 7 }]) {
      const result = assessDraft(junk, FIXTURE_CONTEXT);
      expect(result.ready).toBe(false);
    }
  });

  it('places every message of an empty draft at a field the admission form draws', () => {
    const result = assessDraft({ schemaVersion: 1, formId: 'admission-examination', formVersion: 1 }, FIXTURE_CONTEXT);
    const at = displayedMessages(admissionExaminationV1, result.messages);
    const total = [...result.messages.values()].flat().length;
    const paths = new Set<string>();
    const walk = (fields: typeof admissionExaminationV1.sections[number]['fields'], base: string) => {
      for (const f of fields) {
        const p = base === '' ? f.path : `${base}.${f.path}`;
        paths.add(p);
        if (f.item) walk(f.item, `${p}.0`);
      }
    };
    for (const s of admissionExaminationV1.sections) walk(s.fields, '');
    const shown = [...paths].reduce((n, p) => n + at(p).length, 0);
    expect(shown).toBeGreaterThanOrEqual(total);
  });
});
