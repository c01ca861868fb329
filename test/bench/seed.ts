/**
 * Realistic case data for the bench, computed in Node exactly as the app stores it: each case row
 * (listing metadata from `caseListingOf`, blind-index keys from the given keyer, the waiting index
 * from `awaitingExamSinceOf`) and its body sealed by the given codec (the vault's `createVaultCodec`
 * and `createVaultSearchKeyer` for what the app writes today; `plainJsonCodec` and
 * `sha256SearchKeyer`, the defaults, for the unencrypted baseline), holding an examination draft with
 * identity, encounter timing and an account. Deterministic but for the ids and the codec's IVs.
 */
import { CASE_SCHEMA_VERSION, ExaminationDraft, formatCaseNumber, type CaseBody, type CaseStatus, type EncounterType } from '../../shared/domain/case';
import { CONSISTENCY_LEVELS, type ArrivedFromType, type BodyRegion, type LesionType } from '../../shared/domain/vocab';
import { caseListingOf, normaliseSearchText } from '../../shared/domain/listing';
import { plainJsonCodec, type RecordCodec } from '../../renderer/db/codec';
import type { CaseBodyRow, CaseRow, StatFactsRow } from '../../renderer/db/database';
import { awaitingExamSinceOf, withOverdueIndex } from '../../renderer/db/repos/caseRepository';
import { statFactsRowOf } from '../../renderer/db/repos/statFactsRepository';
import { sha256SearchKeyer, type SearchKeyer } from '../../renderer/db/searchKeys';

const GIVEN = ['María José', 'Ahmed', 'Olena', 'Kwame', 'Nguyen', 'Fatima', 'Jean-Pierre', 'Aisha', 'Dmitri', 'Lucía', 'Mohammed', 'Chiara', 'Tomasz', 'Amina', 'Carlos', 'Yusuf', 'Ioana', 'Samuel', 'Leila', 'Jorge', 'Elif', 'Kofi', 'Sofia', 'Hassan', 'Anna', 'Mehmet', 'Zainab', 'Luis', 'Nadia', 'Pavel', 'Grace', 'Omar', 'Irina', 'Diego', 'Mariam', 'Viktor', 'Ana', 'Ibrahim', 'Khadija', 'João'];
const FAMILY = ['López', 'Haddad', 'Kovalenko', 'Mensah', 'Tran', 'Benali', 'Dubois', 'Okafor', 'Ivanov', 'García', 'Rahman', 'Rossi', 'Nowak', 'Diallo', 'Pereira', 'Yilmaz', 'Popescu', 'Owusu', 'Karimi', 'Fernández', 'Demir', 'Boateng', 'Papadopoulou', 'Hussein', 'Schmidt', 'Kaya', 'Abdullahi', 'Martínez', 'Petrova', 'Horváth', 'Mwangi', 'El-Amin', 'Sokolova', 'Ramírez', 'Nasser', 'Novák', 'Silva', 'Toure', 'Bakr', 'Costa'];
const TYPES: readonly EncounterType[] = ['admission', 'admission', 'admission', 'return_from_police_custody', 'post_incident', 'transfer_in', 'on_request', 'release'];
const OFFSETS = [0, 60, 120, -300, 180];
const ACCOUNT =
  'The person states that after the arrest on the evening before admission he was taken to the police station, held in a cell without a window, ' +
  'and questioned during the night. He reports being slapped on both sides of the face, kicked on the left thigh while standing against the wall, ' +
  'and handcuffed behind the back for several hours. He reports pain in the left thigh when walking and in both wrists. ';

/** mulberry32: a small deterministic generator, so every bench run stores the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An instant written with a time-zone offset, as a clinician's form stores it. */
function withOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface SeededCase {
  readonly row: CaseRow;
  readonly body: CaseBodyRow;
  /** Its statistics-facts row, as the case repository writes it with each save. */
  readonly facts: StatFactsRow;
  /** The values a clinician would search this case by. */
  readonly fullName: string;
  readonly idNumber: string;
}

export interface Seed {
  readonly cases: readonly SeededCase[];
  readonly counters: readonly { name: string; value: number }[];
  /** How many cases an exact search for `value` finds, as the repository's normalisation sees it. */
  matches(kind: 'name' | 'id', value: string): number;
}

const ARRIVED_FROM: readonly { readonly type: ArrivedFromType; readonly names: readonly string[] }[] = [
  { type: 'police_station', names: ['Central Police Station', 'North District Police', 'Harbour Police Post', 'Riverside Station', 'East Gate Police', 'Airport Police Unit', 'Old Town Station', 'Hill Road Police'] },
  { type: 'police_station', names: ['Central Police Station', 'North District Police', 'Harbour Police Post'] },
  { type: 'gendarmerie', names: ['Gendarmerie Brigade 4', 'Gendarmerie Brigade 11'] },
  { type: 'court', names: ['Regional Court', 'Court of Appeal'] },
  { type: 'other_prison', names: ['Westfield Prison', 'Lakeside Remand Centre'] },
  { type: 'immigration', names: ['Border Holding Centre'] },
  { type: 'hospital', names: ['General Hospital'] },
  { type: 'liberty', names: [] },
];
/** A rare place, a few persons a year (see `statisticsPart`): it lands in the pooled "other places" row. */
const RARE_ORIGIN = { type: 'military', names: ['Camp Delta Outpost'] } as const satisfies (typeof ARRIVED_FROM)[number];
/** One arrival in 30,000 comes from the rare place: about 3 in the 100,000 of the statistics bench. */
const RARE_SHARE = 1 / 30_000;
/** Common lesions first: the draw below favours the start of the list. */
const SEEDED_LESION_TYPES: readonly LesionType[] = ['contusion', 'abrasion', 'haematoma', 'swelling', 'laceration', 'tenderness_only', 'ligature_restraint_mark', 'patterned_injury', 'burn_cigarette', 'fracture', 'electrical_mark', 'dental_injury'];
const SEEDED_REGIONS: readonly BodyRegion[] = ['face', 'forehead', 'scalp'];

/**
 * What the statistics bench adds to an examination: where the person arrived from, whether they make
 * an allegation, and lesions with a type and a consistency level. Drawn from its own generator, so the
 * base cases stay the same as without it.
 */
function statisticsPart(next: () => number): Record<string, unknown> {
  const draw = next();
  const origin = draw < RARE_SHARE ? RARE_ORIGIN : ARRIVED_FROM[Math.floor(((draw - RARE_SHARE) / (1 - RARE_SHARE)) * ARRIVED_FROM.length)] ?? ARRIVED_FROM[0];
  const name = origin && origin.names.length > 0 ? origin.names[Math.floor(Math.pow(next(), 2) * origin.names.length)] : null;
  const injured = next() < 0.3;
  const lesionCount = injured ? 1 + Math.floor(Math.pow(next(), 2) * 6) : 0;
  const lesions = Array.from({ length: lesionCount }, (_, i) => ({
    id: `l${String(i + 1)}`,
    lesionNo: i + 1,
    type: SEEDED_LESION_TYPES[Math.floor(Math.pow(next(), 2.5) * SEEDED_LESION_TYPES.length)] ?? 'contusion',
    region: SEEDED_REGIONS[Math.floor(next() * SEEDED_REGIONS.length)] ?? 'face',
    consistency: next() < 0.1 ? null : (CONSISTENCY_LEVELS[Math.floor(Math.pow(next(), 1.5) * CONSISTENCY_LEVELS.length)] ?? 'consistent'),
  }));
  return {
    provenance: { arrivedFromType: origin?.type ?? null, arrivedFromName: name ?? null },
    allegation: injured ? (next() < 0.6 ? 'yes' : 'no') : next() < 0.05 ? 'yes' : next() < 0.9 ? 'no' : 'declined',
    findings: { noInjuriesSeen: lesionCount === 0 ? 'yes' : 'no', lesions, lastLesionNo: lesionCount },
    // Most are seen within the day; some later, so the within-the-limit share is not 100 %.
    delayHours: next() < 0.85 ? 0.5 + next() * 20 : 24 + next() * 60,
  };
}

/**
 * `count` examinations, arriving over the last year before `now`, oldest first. With `statistics`,
 * each also has provenance, an allegation answer and lesions (see `statisticsPart`), a shorter account,
 * and some are examined after the 24-hour limit.
 */
export async function seedCases(
  count: number,
  now: Date,
  options: { readonly codec?: RecordCodec; readonly searchKeyer?: SearchKeyer; readonly seed?: number; readonly statistics?: boolean } = {},
): Promise<Seed> {
  const { codec = plainJsonCodec, searchKeyer = sha256SearchKeyer, seed = 42, statistics = false } = options;
  const next = random(seed);
  const nextExtra = random(seed + 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const span = 365 * 24 * 3_600_000;
  const arrivals = Array.from({ length: count }, () => now.getTime() - 3_600_000 - next() * span).sort((a, b) => a - b);
  const sequences = new Map<number, number>();
  const names = new Map<string, number>();
  const cases: SeededCase[] = [];

  for (const [i, arrivalMs] of arrivals.entries()) {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const idNumber = `P-${String(100_000 + i)}`;
    const offset = pick(OFFSETS);
    // One in a hundred is still waiting for the examination; the others were seen within a day.
    const waiting = next() < 0.01;
    const extra = statistics ? statisticsPart(nextExtra) : null;
    const examStartMs = waiting ? null : arrivalMs + (typeof extra?.delayHours === 'number' ? extra.delayHours : 0.5 + next() * 20) * 3_600_000;
    const createdMs = Math.min(arrivalMs + next() * 3_600_000, now.getTime() - 60_000);
    const ageDays = (now.getTime() - arrivalMs) / 86_400_000;
    const status: CaseStatus = ageDays < 3 ? 'draft' : next() < 0.7 ? 'signed' : next() < 0.5 ? 'referred' : 'finalised';
    const type = pick(TYPES);
    const facilityCode = `PRISON-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}`;

    const draft = ExaminationDraft.parse({
      schemaVersion: 1,
      formId: 'admission-examination',
      formVersion: 1,
      encounter: {
        type,
        facilityCode,
        timing: {
          arrivalAt: withOffset(arrivalMs, offset),
          examStartAt: examStartMs === null ? null : withOffset(examStartMs, offset),
          examEndAt: examStartMs === null ? null : withOffset(examStartMs + 45 * 60_000, offset),
        },
        examiner: { name: 'Dr A. Examiner', profession: 'physician', languages: ['en', 'fr'] },
      },
      identity: {
        givenName: given,
        familyName: family,
        aliases: next() < 0.1 ? [`${given.split(' ')[0] ?? given} ${family.slice(0, 3)}`] : [],
        dateOfBirth: `19${String(60 + Math.floor(next() * 40))}-0${String(1 + Math.floor(next() * 9))}-1${String(Math.floor(next() * 9))}`,
        sex: next() < 0.9 ? 'male' : 'female',
        idNumber,
        languages: [pick(['en', 'fr', 'ar', 'es', 'uk', 'pt'])],
      },
      account: extra ? { ownWords: ACCOUNT, allegationPresent: extra.allegation } : { ownWords: ACCOUNT.repeat(2 + Math.floor(next() * 4)) },
      ...(extra ? { provenance: extra.provenance, findings: extra.findings } : {}),
    });

    const listing = caseListingOf(draft);
    const [nameKeys, idKeys] = await Promise.all([searchKeyer.keys('name', listing.names), searchKeyer.keys('id', listing.idNumbers)]);
    const year = new Date(createdMs).getUTCFullYear();
    const sequence = (sequences.get(year) ?? 0) + 1;
    sequences.set(year, sequence);
    const id = crypto.randomUUID();
    const createdAt = new Date(createdMs).toISOString();
    const updatedAt = new Date(Math.min(createdMs + 2 * 3_600_000, now.getTime())).toISOString();
    const plainRow: CaseRow = {
      id,
      caseNumber: formatCaseNumber(year, sequence),
      encounterType: listing.encounterType ?? type,
      facilityCode,
      status,
      createdAt,
      updatedAt,
      arrivalAt: listing.arrivalAt,
      examStartAt: listing.examStartAt,
      revision: 2 + Math.floor(next() * 20),
      searchKeys: [...new Set([...nameKeys, ...idKeys])],
    };
    const awaitingExamSince = awaitingExamSinceOf(listing);
    if (awaitingExamSince !== undefined) plainRow.awaitingExamSince = awaitingExamSince;
    // The overdue dashboard's index fields, as a save sets them.
    const row = withOverdueIndex(plainRow, draft);
    const body: CaseBody = { schemaVersion: CASE_SCHEMA_VERSION, openedAt: createdAt, examination: draft };
    const sealed = await codec.seal({ table: 'caseBodies', id, schemaVersion: CASE_SCHEMA_VERSION }, body);
    for (const name of new Set(listing.names.map(normaliseSearchText))) names.set(name, (names.get(name) ?? 0) + 1);
    const facts = (await statFactsRowOf(codec, id, row.revision, draft)) ?? { id, revision: row.revision };
    cases.push({ row, body: { id, schemaVersion: CASE_SCHEMA_VERSION, body: sealed }, facts, fullName: `${given} ${family}`, idNumber });
  }

  return {
    cases,
    counters: [...sequences].map(([year, value]) => ({ name: `caseNumber:${year}`, value })),
    matches: (kind, value) => (kind === 'id' ? cases.filter((c) => normaliseSearchText(c.idNumber) === normaliseSearchText(value)).length : (names.get(normaliseSearchText(value)) ?? 0)),
  };
}
