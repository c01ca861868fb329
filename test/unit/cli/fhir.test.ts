/**
 * `attest fhir` and `attest stats` (issue #18): the files a user gets, the messages in the CLI's
 * language, refusals with exit codes. The bundle's own correctness is test/unit/fhir's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, DocumentReference, MeasureReport } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFhir, runStats } from '../../../cli/commands/fhir';
import { EXAMPLE_PERSON, exampleCaseFile } from '../../../cli/example';
import { signPdf } from '../../../shared/signing';
import { computeStatistics, suppressStatistics, toJson } from '../../../shared/stats';
import { makePdf } from '../signing/helpers';
import { makeIdentity } from '../signing/testIdentity';
import { many } from '../stats/helpers';
import { attest, capture } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'attest-fhir-cli-'));
const casePath = join(dir, 'case.json');
const statsPath = join(dir, 'stats.json');
const mappingPath = join(dir, 'mapping.json');
const signedPath = join(dir, 'signed.pdf');
const unsignedPath = join(dir, 'unsigned.pdf');

beforeAll(async () => {
  writeFileSync(casePath, JSON.stringify(exampleCaseFile()));
  const stats = suppressStatistics(computeStatistics([...many(30, { date: '2025-01-10' }), ...many(20, { date: '2025-02-10', injuriesDocumented: true })], { from: '2025-01-01', to: '2025-02-28' }));
  writeFileSync(statsPath, toJson(stats));
  writeFileSync(mappingPath, JSON.stringify({ format: 'attest-dhis2-mapping', version: 1, orgUnit: 'DiszpKrYNg8', dataElements: { admissions: { dataElement: 'fbfJHSPpUQD' } } }));
  const plain = await makePdf();
  writeFileSync(unsignedPath, plain);
  writeFileSync(signedPath, await signPdf(plain, await makeIdentity({ commonName: 'Dr Alice Examiner' }), { signingTime: new Date() }));
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names what the file holds
const read = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('attest fhir', () => {
  it('writes the bundle, and the same bundle twice', async () => {
    const a = capture();
    expect(await runFhir([casePath, '--out', join(dir, 'a.json')], a.io)).toBe(0);
    expect(a.out).toEqual(['FHIR R4 bundle written (collection, 18 resources).']);
    const b = capture();
    expect(await runFhir([casePath, '--out', join(dir, 'b.json')], b.io)).toBe(0);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(read<Bundle>(join(dir, 'a.json')).entry?.[0]?.resource?.resourceType).toBe('Patient');
  });

  it('--anonymised --transaction: no name in the file, POST entries; the message in French with --lang fr', async () => {
    const c = capture();
    expect(await runFhir([casePath, '--anonymised', '--transaction', '--lang', 'fr', '--out', join(dir, 'anon.json')], c.io)).toBe(0);
    expect(c.out[0]).toMatch(/^Bundle FHIR R4 anonymisé écrit \(transaction, \d+ ressources\)/);
    const text = readFileSync(join(dir, 'anon.json'), 'utf8');
    expect(text).not.toContain(EXAMPLE_PERSON.familyName);
    expect((JSON.parse(text) as Bundle).entry?.every((e) => e.request?.method === 'POST')).toBe(true);
  });

  it('--report adds a verified signed PDF; an unsigned one is refused (exit 1) and nothing is written', async () => {
    const c = capture();
    expect(await runFhir([casePath, '--report', signedPath, '--out', join(dir, 'signed.json')], c.io)).toBe(0);
    const doc = read<Bundle>(join(dir, 'signed.json')).entry?.map((e) => e.resource).find((r): r is DocumentReference => r?.resourceType === 'DocumentReference');
    expect(doc?.content[0]?.attachment.size).toBe(readFileSync(signedPath).length);
    const u = capture();
    expect(await runFhir([casePath, '--report', unsignedPath, '--out', join(dir, 'unsigned.json')], u.io)).toBe(1);
    expect(u.err.join('\n')).toContain('verdict: unsigned');
    expect(() => readFileSync(join(dir, 'unsigned.json'))).toThrow();
  });

  it('from the real command line: JSON on stdout, the message on stderr in the locale’s language', () => {
    const result = attest(['fhir', casePath], { LANG: 'es_ES.UTF-8' });
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as Bundle).resourceType).toBe('Bundle');
    expect(result.stderr.trim()).toBe('Bundle FHIR R4 escrito (collection, 18 recursos).');
  }, 60_000);

  it('without a case file: exit 2, the message in the locale’s language', async () => {
    const none = capture({ LANG: 'ru_RU.UTF-8' });
    expect(await runFhir([], none.io)).toBe(2);
    expect(none.err[0]).toContain('attest fhir: укажите один файл случая.');
  });
});

describe('attest stats', () => {
  it('--format measure-report writes a MeasureReport for the export’s period', async () => {
    const c = capture();
    expect(await runStats([statsPath, '--format', 'measure-report', '--out', join(dir, 'mr.json')], c.io)).toBe(0);
    expect(c.out).toEqual(['FHIR R4 MeasureReport written for 2025-01-01 to 2025-02-28; hidden figures stay hidden.']);
    expect(read<MeasureReport>(join(dir, 'mr.json')).period).toEqual({ start: '2025-01-01', end: '2025-02-28' });
  });

  it('--format dhis2 writes data values through the mapping; without one, or with a bad one, exit 2', async () => {
    const c = capture();
    expect(await runStats([statsPath, '--format', 'dhis2', '--dhis2-mapping', mappingPath, '--out', join(dir, 'dhis2.json')], c.io)).toBe(0);
    expect(read<{ dataValues: unknown[] }>(join(dir, 'dhis2.json')).dataValues).toEqual([
      { dataElement: 'fbfJHSPpUQD', period: '202501', orgUnit: 'DiszpKrYNg8', value: '30' },
      { dataElement: 'fbfJHSPpUQD', period: '202502', orgUnit: 'DiszpKrYNg8', value: '20' },
    ]);
    const missing = capture();
    expect(await runStats([statsPath, '--format', 'dhis2'], missing.io)).toBe(2);
    expect(missing.err[0]?.split('\n')[0]).toBe('attest stats: --format dhis2 needs --dhis2-mapping with the mapping file.');
    const bad = capture();
    expect(await runStats([statsPath, '--format', 'dhis2', '--dhis2-mapping', statsPath], bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/^attest stats: the DHIS2 mapping file is not valid: /);
    const notStats = capture();
    expect(await runStats([casePath, '--format', 'measure-report'], notStats.io)).toBe(2);
    expect(notStats.err[0]).toMatch(/^attest stats: this is not an Attest statistics export/);
  });
});
