import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { openRepositories } from '../../renderer/db/repos';
import { interpreterOpen, lastInterpreter, RECENT_CASES } from '../../renderer/forms/lastInterpreter';
import { freshDatabase } from './helpers';

let idCounter = 0;
const newId = () => `20000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(interpreter: Record<string, unknown> | null) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission' },
    ...(interpreter === null ? {} : { interpreter }),
  };
}

async function setup() {
  const { db } = freshDatabase();
  let t = Date.parse('2026-05-02T07:00:00Z');
  const repos = await openRepositories({ codec: plainJsonCodec, db, newId, now: () => new Date((t += 60_000)) });
  async function caseWith(interpreter: Record<string, unknown> | null): Promise<string> {
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await repos.cases.saveExamination(created.id, draft(interpreter), created.revision);
    return created.id;
  }
  return { repos, caseWith };
}

const telephone = { status: 'used', type: 'telephone', language: 'ar', name: 'Service Tarjama, op. 14', gender: 'female', confidentialityUndertaking: true };

describe('the last interpreter service, carried into a new case', () => {
  it('offers the interpreter of the most recent case that used a professional or telephone interpreter, without the undertaking', async () => {
    const { repos, caseWith } = await setup();
    await caseWith({ ...telephone, name: 'An older service' });
    await caseWith(telephone);
    await caseWith(null);
    await caseWith({ status: 'not_needed' });
    const current = await caseWith(null);
    expect(await lastInterpreter(repos.cases, current)).toEqual({ type: 'telephone', language: 'ar', name: 'Service Tarjama, op. 14', gender: 'female' });
  });

  it('never offers a staff member, a fellow detainee or a family member (rule E6), nor an interpreter not used', async () => {
    const { repos, caseWith } = await setup();
    await caseWith({ status: 'used', type: 'professional', language: 'fa', name: 'Older professional' });
    await caseWith({ status: 'used', type: 'co_detainee', language: 'ar', name: 'A fellow detainee' });
    await caseWith({ status: 'used', type: 'staff', language: 'ar', name: 'An officer' });
    await caseWith({ status: 'used', type: 'family', language: 'ar', name: 'A brother' });
    await caseWith({ status: 'none_available', type: 'professional', noneAvailableReason: 'none' });
    const current = await caseWith(null);
    expect(await lastInterpreter(repos.cases, current)).toEqual({ type: 'professional', language: 'fa', name: 'Older professional' });
  });

  it(`looks no further back than the last ${String(RECENT_CASES)} cases, and not at the case itself`, async () => {
    const { repos, caseWith } = await setup();
    await caseWith(telephone);
    for (let i = 0; i < RECENT_CASES; i += 1) await caseWith(null);
    const current = await caseWith(telephone);
    expect(await lastInterpreter(repos.cases, current)).toBeNull();
  });

  it('carries each valid answer of a draft that also holds an invalid one (a draft keeps what was typed)', async () => {
    const { repos, caseWith } = await setup();
    await caseWith({ status: 'used', type: 'professional', language: 'not a language tag!', name: 'Ms Interpreter', gender: 'unknown-value' });
    const current = await caseWith(null);
    expect(await lastInterpreter(repos.cases, current)).toEqual({ type: 'professional', name: 'Ms Interpreter' });
  });

  it('is offered only while the case has no interpreter chosen', () => {
    expect(interpreterOpen(draft(null))).toBe(true);
    expect(interpreterOpen(draft({ status: 'used' }))).toBe(true);
    expect(interpreterOpen(draft({ status: 'not_needed' }))).toBe(false);
    expect(interpreterOpen(draft({ status: 'used', type: 'professional' }))).toBe(false);
    expect(interpreterOpen(draft({ status: 'used', name: 'Someone' }))).toBe(false);
  });
});
