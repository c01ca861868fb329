/**
 * The record of a copy of a signed report handed over after signing (issue #14 item 7): what the
 * form may store, checked against the clock and the signature of its version, and the overdue index
 * a case row has once a copy is recorded as given.
 */
import { describe, expect, it } from 'vitest';
import { CopyHandover, copyHandoverSchema, withCopyHandedOver } from '../../../shared/domain/copyHandover';

const NOW = new Date('2026-05-10T12:00:00Z');
const SIGNED = '2026-05-02T09:00:30Z';
const valid = {
  id: '6a1d7c1e-0000-4000-8000-000000000001',
  reportVersion: 2,
  givenTo: ['lawyer'],
  deliveryMethod: 'sealed_letter',
  givenAt: '2026-05-02T11:00:00+02:00',
  language: 'fr-CA',
  note: null,
};
const check = (over: Record<string, unknown>) => {
  const result = copyHandoverSchema({ now: NOW, signedAt: SIGNED }).safeParse({ ...valid, ...over });
  return result.success ? 'ok' : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('copy handed over after signing', () => {
  it('accepts the exam vocabularies, a BCP 47 tag and an optional note', () => {
    expect(check({})).toBe('ok');
    expect(check({ givenTo: ['person', 'lawyer'], deliveryMethod: 'hand_delivery', language: 'prs', note: 'Read to him with the interpreter' })).toBe('ok');
    expect(check({ note: undefined })).toBe('ok');
  });

  it('refuses a time before the version was signed, compared to the minute, and one in the future', () => {
    // 11:00 at UTC+02:00 is 09:00Z: the minute of the signature is accepted (the form enters minutes).
    expect(check({ givenAt: '2026-05-02T09:00:00Z' })).toBe('ok');
    expect(check({ givenAt: '2026-05-02T08:59:00Z' })).toEqual(['givenAt: domain.error.copyBeforeSigned']);
    expect(check({ givenAt: '2026-05-10T12:04:00Z' })).toBe('ok'); // within the clock tolerance
    expect(check({ givenAt: '2026-05-10T13:00:00Z' })).toEqual(['givenAt: domain.error.futureDate']);
    expect(check({ givenAt: '2026-05-02 11:00' })).toEqual(['givenAt: domain.error.dateTimeFormat']);
  });

  it('refuses a missing recipient, codes outside the vocabularies, repeats, a language that is not a tag, extra fields', () => {
    expect(check({ givenTo: [] })).toEqual(['givenTo: domain.rule.copyRecipientRequired']);
    expect(check({ givenTo: ['person', 'person'] })).toEqual(['givenTo: domain.error.duplicateValue']);
    expect(check({ givenTo: ['family'] })).toHaveLength(1);
    expect(check({ deliveryMethod: 'email' })).toHaveLength(1);
    expect(check({ deliveryMethod: null })).toHaveLength(1);
    expect(check({ language: 'Arabic' })).toEqual(['language: domain.error.languageTag']);
    expect(check({ reportVersion: 0 })).toEqual(['reportVersion: domain.error.reportVersion']);
    expect(check({ name: 'Karim Benali' })).toHaveLength(1);
    // Stored records are read without the clock: a record stays readable whatever the clock says.
    expect(CopyHandover.safeParse({ ...valid, givenAt: '2030-01-01T00:00:00Z' }).success).toBe(true);
  });

  it('a case row owes no copy once one is recorded as given, and keeps its other index fields', () => {
    const row = { id: 'c1', status: 'signed', copyOwed: 1, copyUnchecked: 1, reexaminationDue: 1, waitNoReasonMs: 90_000_000 } as const;
    const next = withCopyHandedOver(row);
    expect(next).toEqual({ id: 'c1', status: 'signed', reexaminationDue: 1, waitNoReasonMs: 90_000_000 });
    expect(row).toHaveProperty('copyOwed', 1); // not changed in place
  });
});
