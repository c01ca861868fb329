/**
 * statFactsOfRecord: the light parse path the statistics screen uses on stored drafts. It must give
 * the same facts as the full examination schema followed by statFactsOf, refuse a record whose
 * counted fields are malformed, and not be misled by fields it does not read.
 */
import { describe, expect, it } from 'vitest';
import { examinationDraftSchema } from '../../../shared/domain/examination';
import { statFactsOf, statFactsOfRecord } from '../../../shared/stats/facts';
import { buildAdmissionExam } from '../domain/fixtures';
import { prng } from './helpers';

/** The fixture as it is stored: plain JSON, no prototypes. */
function stored(patch: (exam: Record<string, unknown>) => void = () => undefined): unknown {
  const exam = JSON.parse(JSON.stringify(buildAdmissionExam())) as Record<string, unknown>;
  patch(exam);
  return exam;
}

function section(exam: Record<string, unknown>, name: string): Record<string, unknown> {
  return exam[name] as Record<string, unknown>;
}

describe('statFactsOfRecord', () => {
  it('gives the same facts as the full schema on a valid examination', () => {
    const record = stored();
    const full = examinationDraftSchema.parse(record);
    expect(statFactsOfRecord(record, { thresholdHours: 12 })).toEqual({ ok: true, facts: statFactsOf(full, { thresholdHours: 12 }) });
  });

  it('agrees with the full schema on randomly varied valid records', () => {
    const next = prng(7);
    const types = ['admission', 'transfer_in', 'return_from_police_custody', 'post_incident', null] as const;
    const places = ['police_station', 'court', 'hospital', null] as const;
    for (let i = 0; i < 200; i += 1) {
      const record = stored((exam) => {
        const encounter = section(exam, 'encounter');
        encounter.type = types[Math.floor(next() * types.length)] ?? null;
        const timing = encounter.timing as Record<string, unknown>;
        if (next() < 0.2) timing.arrivalAt = null;
        if (next() < 0.2) {
          timing.examStartAt = null;
          timing.examEndAt = null;
        }
        section(exam, 'provenance').arrivedFromType = places[Math.floor(next() * places.length)] ?? null;
        section(exam, 'account').allegationPresent = next() < 0.5 ? 'yes' : 'no';
        if (next() < 0.3) section(exam, 'findings').lesions = [];
      });
      const full = examinationDraftSchema.safeParse(record);
      if (!full.success) continue;
      expect(statFactsOfRecord(record)).toEqual({ ok: true, facts: statFactsOf(full.data) });
    }
  });

  it('refuses a record whose counted fields are malformed', () => {
    const bad: ((exam: Record<string, unknown>) => void)[] = [
      (exam) => { (section(exam, 'encounter').timing as Record<string, unknown>).arrivalAt = '10/03/2025 08:00'; },
      (exam) => { section(exam, 'encounter').type = 'holiday'; },
      (exam) => { section(exam, 'provenance').arrivedFromType = 'spaceship'; },
      (exam) => { section(exam, 'account').allegationPresent = true; },
      (exam) => { section(exam, 'findings').lesions = [{ type: 'bruise-ish', consistency: 'consistent' }]; },
      (exam) => { section(exam, 'findings').lesions = [{ type: 'contusion', consistency: 'very' }]; },
      (exam) => { section(exam, 'encounter').facilityCode = 42; },
      (exam) => { exam.encounter = 'admission'; },
    ];
    for (const patch of bad) {
      const record = stored(patch);
      expect(examinationDraftSchema.safeParse(record).success).toBe(false);
      expect(statFactsOfRecord(record)).toEqual({ ok: false });
    }
  });

  it('reads no identity field: an identity of any shape changes nothing', () => {
    const record = stored((exam) => { exam.identity = { givenName: 'CANARY', dateOfBirth: 'not a date' }; });
    const result = statFactsOfRecord(record);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('CANARY');
    expect(result).toEqual(statFactsOfRecord(stored()));
  });

  it('returns null facts for a record without arrival or examination time', () => {
    const record = stored((exam) => { exam.encounter = { type: 'admission' }; });
    expect(statFactsOfRecord(record)).toEqual({ ok: true, facts: null });
  });
});
