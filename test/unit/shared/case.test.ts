import { describe, expect, it } from 'vitest';
import { CaseSummary, EncounterType, NewCaseInput, formatCaseNumber } from '../../../shared/domain/case';
import { en } from '../../../shared/i18n';

describe('case metadata', () => {
  it('formats case numbers by year and sequence', () => {
    expect(formatCaseNumber(2026, 1)).toBe('A-2026-00001');
    expect(formatCaseNumber(2026, 123456)).toBe('A-2026-123456');
  });

  it('normalises the facility code and treats blank as none', () => {
    expect(NewCaseInput.parse({ encounterType: 'admission', facilityCode: ' prison-01 ' })).toEqual({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    expect(NewCaseInput.parse({ encounterType: 'admission', facilityCode: '   ' }).facilityCode).toBeNull();
  });

  it.each(['<b>x</b>', 'Mr Smith', 'A'.repeat(33), 'PRISON/01', '\u202eLIAJ'])('refuses %j as a facility code (no names, no markup)', (code) => {
    expect(NewCaseInput.safeParse({ encounterType: 'admission', facilityCode: code }).success).toBe(false);
  });

  it('drops fields the list does not know (no name can ride along) and refuses an unknown status', () => {
    const base = {
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      caseNumber: 'A-2026-00001',
      encounterType: 'admission',
      facilityCode: null,
      status: 'draft',
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:00.000Z',
      arrivalAt: null,
      examStartAt: null,
      revision: 1,
    };
    expect(CaseSummary.parse({ ...base, name: 'someone' })).not.toHaveProperty('name');
    expect(CaseSummary.safeParse({ ...base, status: 'deleted' }).success).toBe(false);
  });

  it('has an English label for every encounter type', () => {
    for (const type of EncounterType.options) expect(en.app.encounterType[type]).toMatch(/\w/);
  });
});
