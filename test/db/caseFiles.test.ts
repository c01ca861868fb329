/**
 * Case files in the app (issue #18 item 3), over fake-indexeddb with the real vault codec (Node's
 * WebCrypto): a case exported from one vault and imported into an empty one comes back with an equal
 * examination and its photographs byte for byte (SHA-256 of each original equal to the record's); a
 * case already there is never overwritten (refused unless "keep both", which gives a new id); a file
 * that is not JSON, of another version, with a photograph whose original does not match its hash, or
 * too large, is refused with its reason and nothing is stored; the bulk export of a period writes
 * one document per case and stops when cancelled.
 */
import { describe, expect, it } from 'vitest';
import { exampleCaseFile } from '../../cli/example';
import type { AttestDatabase } from '../../renderer/db/database';
import { AuditEvent } from '../../shared/vault/auditChain';
import { CaseExistsError, openRepositories, type Repositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { bulkExportLines, caseFileExport, fhirBundleExport, prepareCaseImport, storeCaseImport, type PreparedImport } from '../../renderer/interop/caseFiles';
import { MAX_CASE_FILE_BYTES } from '../../shared/interop/caseFileExchange';
import { fromBase64, sha256Hex, toBase64 } from '../../shared/bytes';
import { createVault } from '../../shared/vault';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const NOW = new Date('2026-05-02T08:00:00Z');

async function vault(): Promise<{ repos: Repositories; db: AttestDatabase }> {
  const fresh = freshDatabase();
  const created = await createVault('tiger lamp ocean violin', TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: created.keyring });
  const repos = await openRepositories({ db: fresh.db, codec: createVaultCodec(created.keys.dataKey), searchKeyer: createVaultSearchKeyer(created.keys.indexKey), now: () => NOW });
  return { repos, db: fresh.db };
}

const example = exampleCaseFile();
const jpegOf = (photographId: string) => fromBase64(example.photos?.find((p) => p.photographId === photographId)?.jpegBase64 ?? '');

/** A vault with the clinician's profile and the example examination, its two photographs stored (the example's JPEGs are their own originals). */
async function vaultWithExample(): Promise<{ repos: Repositories; db: AttestDatabase; caseId: string }> {
  const { repos, db } = await vault();
  await repos.identity.saveProfile(example.clinician);
  const summary = await repos.cases.create({ encounterType: 'admission', facilityCode: 'MA-LYON-CORBAS' });
  for (const photograph of example.examination.findings?.photographs ?? []) {
    const jpeg = jpegOf(photograph.id);
    await repos.attachments.put({ caseId: summary.id, attachmentId: photograph.attachmentId, sha256: photograph.sha256, variants: { original: { mime: 'image/jpeg', bytes: jpeg }, display: { mime: 'image/jpeg', bytes: jpeg }, thumb: { mime: 'image/jpeg', bytes: jpeg.slice(0, jpeg.length) } } });
  }
  await repos.cases.saveExamination(summary.id, example.examination, summary.revision);
  return { repos, db, caseId: summary.id };
}

function source(bytes: Uint8Array, size = bytes.length) {
  return { size, chunks: (async function* () { await Promise.resolve(); yield bytes; })() };
}

const noThumbnail = () => Promise.reject(new Error('every photograph of these files carries its thumbnail'));

async function importInto(repos: Repositories, bytes: Uint8Array): Promise<PreparedImport> {
  const checked = await prepareCaseImport(repos, source(bytes), NOW);
  if (!checked.ok) throw new Error(`refused: ${JSON.stringify(checked.refusal)}`);
  return checked.prepared;
}

async function snapshot(db: AttestDatabase) {
  return { cases: await db.cases.count(), bodies: await db.caseBodies.count(), attachments: await db.attachments.count(), audit: await db.audit.count(), facts: await db.statFacts.count() };
}

describe('case file round trip', () => {
  it('export, then import into an empty vault: equal examination, every photograph byte for byte with its SHA-256, audited', async () => {
    const a = await vaultWithExample();
    const bytes = await caseFileExport(a.repos, a.caseId, NOW);
    const b = await vault();
    const prepared = await importInto(b.repos, bytes);
    expect(prepared.exists).toBe(false);
    const id = await storeCaseImport(b.repos, prepared, { keepBoth: false, thumbnail: noThumbnail });
    expect(id).toBe(a.caseId);

    const original = await a.repos.cases.get(a.caseId);
    const imported = await b.repos.cases.get(id);
    expect(imported?.body.examination).toEqual(original?.body.examination);
    expect(imported?.summary.status).toBe('draft');
    expect(imported?.summary.arrivalAt).toBe(original?.summary.arrivalAt);
    const photographs = example.examination.findings?.photographs ?? [];
    expect(photographs).toHaveLength(2);
    for (const photograph of photographs) {
      for (const variant of ['original', 'display', 'thumb'] as const) {
        const before = await a.repos.attachments.get(a.caseId, photograph.attachmentId, variant);
        const after = await b.repos.attachments.get(id, photograph.attachmentId, variant);
        expect(after?.mime).toBe(before?.mime);
        expect(await sha256Hex(after?.bytes ?? new Uint8Array())).toBe(await sha256Hex(before?.bytes ?? new Uint8Array(1)));
      }
      const stored = await b.repos.attachments.get(id, photograph.attachmentId, 'original');
      expect(await sha256Hex(stored?.bytes ?? new Uint8Array())).toBe(photograph.sha256);
    }
    // One event for the case and one per photograph, in a chain that verifies.
    const events: AuditEvent[] = [];
    for await (const row of b.repos.audit.exportEntries()) events.push(AuditEvent.parse(row.event));
    expect(events.map((e) => `${e.action}/${e.recordType}`)).toEqual(['create/case', 'create/photograph', 'create/photograph']);
    expect(events[0]?.detail).toEqual({ sha256: prepared.sha256, bytes: bytes.length, formatVersion: 1, count: 2, revision: 1 });
    expect(events[1]?.detail?.sha256).toBe(photographs[0]?.sha256);
    expect((await b.repos.audit.verify()).ok).toBe(true);
    // The statistics see the imported case.
    expect((await b.db.statFacts.get(id))?.date).toBeDefined();
  });

  it('never overwrites a case already there: refused unless "keep both", which adds a copy under a new id and new photograph ids', async () => {
    const a = await vaultWithExample();
    const bytes = await caseFileExport(a.repos, a.caseId, NOW);
    const before = await snapshot(a.db);
    const prepared = await importInto(a.repos, bytes);
    expect(prepared.exists).toBe(true);
    await expect(storeCaseImport(a.repos, prepared, { keepBoth: false, thumbnail: noThumbnail })).rejects.toBeInstanceOf(CaseExistsError);
    expect(await snapshot(a.db)).toEqual(before);

    const copyId = await storeCaseImport(a.repos, prepared, { keepBoth: true, thumbnail: noThumbnail });
    expect(copyId).not.toBe(a.caseId);
    const copy = await a.repos.cases.get(copyId);
    const kept = await a.repos.cases.get(a.caseId);
    expect(copy?.summary.caseNumber).not.toBe(kept?.summary.caseNumber);
    const copied = (copy?.body.examination as typeof example.examination).findings?.photographs ?? [];
    for (const [index, photograph] of (example.examination.findings?.photographs ?? []).entries()) {
      const moved = copied[index];
      expect(moved?.sha256).toBe(photograph.sha256);
      expect(moved?.attachmentId).not.toBe(photograph.attachmentId);
      const stored = await a.repos.attachments.get(copyId, moved?.attachmentId ?? '', 'original');
      expect(await sha256Hex(stored?.bytes ?? new Uint8Array())).toBe(photograph.sha256);
      // The first case's photographs are as they were.
      expect(await sha256Hex((await a.repos.attachments.get(a.caseId, photograph.attachmentId, 'original'))?.bytes ?? new Uint8Array())).toBe(photograph.sha256);
    }
    expect(await a.db.cases.count()).toBe(2);
  });

  it('exports the case as a FHIR R4 Bundle whose Media carry the photographs\' SHA-256', async () => {
    const a = await vaultWithExample();
    const bundle = JSON.parse(new TextDecoder().decode(await fhirBundleExport(a.repos, a.caseId, 'en', NOW))) as { resourceType: string; type: string; entry: { resource: { resourceType: string; identifier?: { value: string }[] } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    const media = bundle.entry.filter((e) => e.resource.resourceType === 'Media');
    expect(media.map((m) => m.resource.identifier?.[0]?.value)).toEqual((example.examination.findings?.photographs ?? []).map((p) => `ni:///sha-256;${Buffer.from(p.sha256, 'hex').toString('base64url')}`));
  });
});

describe('a case file that is refused changes nothing and says why', () => {
  async function refusal(bytes: Uint8Array, size?: number) {
    const b = await vault();
    const before = await snapshot(b.db);
    const checked = await prepareCaseImport(b.repos, source(bytes, size), NOW);
    expect(await snapshot(b.db)).toEqual(before);
    if (checked.ok) throw new Error('accepted');
    return checked.refusal;
  }

  it('not JSON, and not text', async () => {
    expect(await refusal(new TextEncoder().encode('{"format": "attest-case", '))).toEqual({ code: 'read', failure: { code: 'not-json' } });
    expect(await refusal(new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).toEqual({ code: 'read', failure: { code: 'not-text' } });
  });

  it('JSON of another version: one issue at formatVersion', async () => {
    const refused = await refusal(new TextEncoder().encode(JSON.stringify({ ...example, formatVersion: 2 })));
    expect(refused.code).toBe('invalid');
    if (refused.code !== 'invalid') return;
    expect(refused.issues.map((i) => [i.path, i.messageKey, i.params])).toEqual([['formatVersion', 'caseFile.error.formatVersion', { version: 2 }]]);
  });

  it('a photograph whose original does not have the hash the record states, or has no original', async () => {
    const a = await vaultWithExample();
    const file = JSON.parse(new TextDecoder().decode(await caseFileExport(a.repos, a.caseId, NOW))) as typeof example;
    const photos = file.photos ?? [];
    // Another real JPEG in place of the first original: a valid image, the wrong one.
    const swapped = { ...file, photos: photos.map((p, i) => (i === 0 ? { ...p, original: { mime: 'image/jpeg' as const, base64: photos[1]?.original?.base64 ?? '' } } : p)) };
    const refused = await refusal(new TextEncoder().encode(JSON.stringify(swapped)));
    expect(refused.code === 'invalid' && refused.issues.map((i) => [i.path, i.messageKey])).toEqual([['photos[0].original.base64', 'caseFile.error.originalHash']]);
    // As `attest render` takes it (display copies only): there is nothing to store the photographs from.
    const displayOnly = await refusal(new TextEncoder().encode(JSON.stringify(example)));
    expect(displayOnly.code === 'invalid' && displayOnly.issues.map((i) => [i.path, i.messageKey])).toEqual([
      ['examination.findings.photographs[0]', 'caseFile.error.noOriginal'],
      ['examination.findings.photographs[1]', 'caseFile.error.noOriginal'],
    ]);
    // A field the schema refuses is named by its path.
    const exam = file.examination;
    const badDate = await refusal(new TextEncoder().encode(JSON.stringify({ ...file, examination: { ...exam, encounter: { ...exam.encounter, timing: { ...exam.encounter?.timing, arrivalAt: 'yesterday' } } } })));
    expect(badDate.code === 'invalid' && badDate.issues.map((i) => i.path)).toEqual(['examination.encounter.timing.arrivalAt']);
  });

  it('a huge file: refused from its size before reading, and while reading when the size lied', async () => {
    expect(await refusal(new Uint8Array(10), MAX_CASE_FILE_BYTES + 1)).toEqual({ code: 'read', failure: { code: 'too-large', limitMegabytes: 256 } });
    const b = await vault();
    const chunk = new Uint8Array(16 * 1024 * 1024).fill(0x20);
    let served = 0;
    const lying = { size: 100, chunks: (async function* () { for (;;) { await Promise.resolve(); served += chunk.length; yield chunk; } })() };
    const checked = await prepareCaseImport(b.repos, lying, NOW);
    expect(!checked.ok && checked.refusal).toEqual({ code: 'read', failure: { code: 'too-large', limitMegabytes: 256 } });
    expect(served).toBeLessThanOrEqual(MAX_CASE_FILE_BYTES + chunk.length);
    expect(await b.db.cases.count()).toBe(0);
  });
});

describe('bulk export of a period', () => {
  it('writes one case file per case of the period (photographs included), one FHIR bundle per case, and stops when cancelled', async () => {
    const a = await vaultWithExample();
    // A second case in the period (arrival 2025-03-10), and one outside it.
    const second = await a.repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const exam = { ...example.examination, findings: { ...example.examination.findings, photographs: [] } };
    await a.repos.cases.saveExamination(second.id, exam, second.revision);
    const outside = await a.repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await a.repos.cases.saveExamination(outside.id, { ...exam, encounter: { ...exam.encounter, timing: { arrivalAt: '2025-04-02T09:00:00+02:00', examStartAt: '2025-04-02T10:00:00+02:00', examEndAt: null, delayReason: null } } }, outside.revision);

    const period = { from: '2025-03-01', to: '2025-03-31' };
    const progress: number[] = [];
    const lines: string[] = [];
    for await (const line of bulkExportLines(a.repos, { period, format: 'case-files', language: 'en', now: NOW, onProgress: (p) => progress.push(p.done) })) lines.push(new TextDecoder().decode(line));
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const files = lines.map((l) => JSON.parse(l) as typeof example);
    expect(files.map((f) => f.caseId).sort()).toEqual([a.caseId, second.id].sort());
    const withPhotos = files.find((f) => f.caseId === a.caseId);
    expect(withPhotos?.photos?.map((p) => p.original?.base64)).toEqual((example.examination.findings?.photographs ?? []).map((p) => toBase64(jpegOf(p.id))));
    expect(progress.at(-1)).toBe(2);
    // Each line imports on its own.
    const b = await vault();
    for (const line of lines) await storeCaseImport(b.repos, await importInto(b.repos, new TextEncoder().encode(line)), { keepBoth: false, thumbnail: noThumbnail });
    expect(await b.db.cases.count()).toBe(2);

    const bundles: { resourceType: string }[] = [];
    for await (const line of bulkExportLines(a.repos, { period, format: 'fhir', language: 'en', now: NOW })) bundles.push(JSON.parse(new TextDecoder().decode(line)) as { resourceType: string });
    expect(bundles.map((x) => x.resourceType)).toEqual(['Bundle', 'Bundle']);

    const controller = new AbortController();
    const cancelled: string[] = [];
    await expect(async () => {
      for await (const line of bulkExportLines(a.repos, { period, format: 'case-files', language: 'en', now: NOW, signal: controller.signal })) {
        cancelled.push(new TextDecoder().decode(line));
        controller.abort();
      }
    }).rejects.toThrow();
    expect(cancelled).toHaveLength(1);
  });
});
