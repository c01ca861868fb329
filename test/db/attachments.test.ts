/**
 * Photographs in the `attachments` table (renderer/db/repos/attachmentRepository.ts), with the real
 * vault codec (Node's WebCrypto) over fake-indexeddb in the node environment, where a stored Blob
 * comes back as a Blob (under jsdom it would come back as `{}`).
 *
 * What a clinician would notice: a photograph comes back byte for byte; one changed or moved byte
 * makes it refuse to open rather than show something else; an import that fails stores nothing; a
 * deletion leaves a verifiable trace; a backup restores every photograph exactly, and a restore that
 * fails leaves the photographs already there as they were.
 */
import { IDBKeyRange, type IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { CodecError, plainJsonCodec } from '../../renderer/db/codec';
import type { AttachmentRow, AttestDatabase } from '../../renderer/db/database';
import { AttachmentExistsError, CaseNotFoundError, StoredRecordError, openRepositories, type Repositories, type StoredBytes } from '../../renderer/db/repos';
import { BLOB_PART_BYTES, BLOB_PART_TABLE, RESTORE_STAGING_DATABASE, bytePieces, createBackupRepository } from '../../renderer/db/repos/backupRepository';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { BackupError, createVault, parseKeyring, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { readBackupFully, writeBackup, type BackupRecord, type KdfDescriptor } from '../../shared/vault/backupFormat';
import { fromBase64, toHex } from '../../shared/vault/encoding';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const MIB = 1024 * 1024;

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 64 KiB per call.
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(out.subarray(at, Math.min(length, at + 65_536)));
  return out;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

interface Photo {
  readonly sha256: string;
  readonly variants: { readonly original: StoredBytes; readonly display: StoredBytes; readonly thumb: StoredBytes };
}

/** A photograph's three variants: random bytes (incompressible, like a JPEG), an original of `originalBytes`. */
async function photo(originalBytes = 50_000, originalMime = 'image/png'): Promise<Photo> {
  const original = randomBytes(originalBytes);
  return {
    sha256: await sha256Hex(original),
    variants: {
      original: { mime: originalMime, bytes: original },
      display: { mime: 'image/jpeg', bytes: randomBytes(40_000) },
      thumb: { mime: 'image/jpeg', bytes: randomBytes(3_000) },
    },
  };
}

function openOver(db: AttestDatabase, keys: UnlockedKeys, now?: () => Date): Promise<Repositories> {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), ...(now ? { now } : {}) });
}

/** A vault (its keyring stored, as the first-run screen does), repositories over it and one draft case. */
async function setup() {
  const fresh = freshDatabase();
  const vault = await createVault(PASSPHRASE, TEST_KDF);
  await fresh.db.open();
  await fresh.db.vault.put({ key: 'keyring', value: vault.keyring });
  const clock = { t: Date.parse('2026-05-02T08:00:00Z') };
  const repos = await openOver(fresh.db, vault.keys, () => new Date((clock.t += 1_000)));
  const caseId = (await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' })).id;
  return { ...fresh, vault, repos, caseId, clock };
}

async function storedBytes(row: AttachmentRow | undefined): Promise<Uint8Array<ArrayBuffer>> {
  if (!row) throw new Error('no row');
  return new Uint8Array(await row.data.arrayBuffer());
}

async function put(repos: Repositories, caseId: string, attachmentId: string, p: Photo): Promise<void> {
  await repos.attachments.put({ caseId, attachmentId, sha256: p.sha256, variants: p.variants });
}

async function expectPhoto(repos: Repositories, caseId: string, attachmentId: string, p: Photo): Promise<void> {
  for (const variant of ['original', 'display', 'thumb'] as const) {
    const got = await repos.attachments.get(caseId, attachmentId, variant);
    expect(got?.mime, variant).toBe(p.variants[variant].mime);
    // Compared as digests: a 5 MB toEqual diff would be unreadable.
    expect(await sha256Hex(new Uint8Array(got?.bytes ?? []))).toBe(await sha256Hex(p.variants[variant].bytes as Uint8Array<ArrayBuffer>));
    expect(got?.bytes.length).toBe(p.variants[variant].bytes.length);
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

const PHOTO_A = '7d3c1a52-2b3c-4d5e-8f90-a1b2c3d4e5f6';
const PHOTO_B = '8e4d2b63-3c4d-4e6f-9a01-b2c3d4e5f6a7';
const PHOTO_C = '9f5e3c74-4d5e-4f70-8b12-c3d4e5f6a7b8';

describe('attachments', () => {
  it('round-trips a 5 MB original and its variants, sealed in Blobs with nothing identifying in clear', async () => {
    const { db, repos, caseId } = await setup();
    const p = await photo(5 * MIB, 'image/jpeg');
    await put(repos, caseId, PHOTO_A, p);
    await expectPhoto(repos, caseId, PHOTO_A, p);
    expect(await repos.attachments.listIds(caseId)).toEqual([PHOTO_A]);

    const row = await db.attachments.get(`${PHOTO_A}:original`);
    // The row's fields, exactly: no MIME type, no size, no file name in clear.
    expect(Object.keys(row ?? {}).sort()).toEqual(['attachmentId', 'caseId', 'createdAt', 'data', 'id', 'iv', 'schemaVersion', 'variant']);
    expect(row?.data).toBeInstanceOf(Blob);
    expect(row?.data.type).toBe('application/octet-stream');
    expect(row?.iv.byteLength).toBe(12);
    const sealed = await storedBytes(row);
    // Ciphertext: the sealed header and the bytes, plus the 16-byte tag; the photo's bytes are not in it.
    expect(sealed.length).toBeGreaterThan(p.variants.original.bytes.length + 16);
    expect(toHex(sealed.subarray(0, 64))).not.toContain(toHex(p.variants.original.bytes.subarray(0, 16)));
    expect(new TextDecoder().decode(sealed.subarray(0, 200))).not.toContain('image/');

    // No index on a Blob or the IV.
    const schema = db.table('attachments').schema;
    expect(schema.primKey.name).toBe('id');
    expect(schema.indexes.map((i) => i.name).sort()).toEqual(['[caseId+createdAt]', 'attachmentId', 'caseId']);

    // One audit event for the whole photograph, with the original's digest and size, and the chain verifies.
    const events = (await db.audit.toArray()).map((entry) => entry.event as Record<string, unknown>);
    expect(events.filter((e) => e.recordType === 'photograph')).toEqual([
      expect.objectContaining({ action: 'create', recordType: 'photograph', recordId: PHOTO_A, detail: { sha256: p.sha256, bytes: 5 * MIB } }),
    ]);
    expect((await repos.audit.verify()).ok).toBe(true);
    expect(await repos.attachments.get(caseId, PHOTO_B, 'original')).toBeNull();
    repos.close();
  }, 60_000);

  it('refuses to open a changed ciphertext, a changed IV, a row moved to another id or case, or another vault\'s key', async () => {
    const { db, repos, caseId, vault } = await setup();
    const other = (await repos.cases.create({ encounterType: 'admission', facilityCode: null })).id;
    const p = await photo();
    await put(repos, caseId, PHOTO_A, p);
    await put(repos, caseId, PHOTO_B, await photo());
    const pristine = await db.attachments.toArray();
    const restore = async () => {
      await db.attachments.clear();
      await db.attachments.bulkAdd(pristine);
    };
    const rowOf = async (id: string): Promise<AttachmentRow> => {
      const row = await db.attachments.get(id);
      if (!row) throw new Error(`no row ${id}`);
      return row;
    };
    const fails = (caseIdAsked: string, attachmentId: string, variant: 'original' | 'display' | 'thumb') =>
      expect(repos.attachments.get(caseIdAsked, attachmentId, variant)).rejects.toBeInstanceOf(StoredRecordError);

    // One flipped bit anywhere in the ciphertext Blob: the start, the middle, the tag.
    for (const at of [0, 20_000, -1]) {
      const row = await rowOf(`${PHOTO_A}:display`);
      const bytes = await storedBytes(row);
      const index = at < 0 ? bytes.length + at : at;
      bytes[index] = (bytes[index] ?? 0) ^ 0x01;
      await db.attachments.put({ ...row, data: new Blob([bytes], { type: 'application/octet-stream' }) });
      await fails(caseId, PHOTO_A, 'display');
      await restore();
    }

    // A flipped IV byte; a truncated IV.
    {
      const row = await rowOf(`${PHOTO_A}:thumb`);
      const iv = new Uint8Array(row.iv.slice(0));
      iv[5] = (iv[5] ?? 0) ^ 0x80;
      await db.attachments.put({ ...row, iv: iv.buffer });
      await fails(caseId, PHOTO_A, 'thumb');
      await db.attachments.put({ ...row, iv: row.iv.slice(0, 11) });
      await fails(caseId, PHOTO_A, 'thumb');
      await restore();
    }

    // Photo A's thumb sealed data put in place of its display (another id), and of photo B's thumb.
    {
      const thumb = await rowOf(`${PHOTO_A}:thumb`);
      const display = await rowOf(`${PHOTO_A}:display`);
      await db.attachments.put({ ...display, iv: thumb.iv, data: thumb.data });
      await fails(caseId, PHOTO_A, 'display');
      const bThumb = await rowOf(`${PHOTO_B}:thumb`);
      await db.attachments.put({ ...bThumb, iv: thumb.iv, data: thumb.data });
      await fails(caseId, PHOTO_B, 'thumb');
      await restore();
    }

    // The row moved to another case: refused whichever case asks.
    {
      const row = await rowOf(`${PHOTO_A}:original`);
      await db.attachments.put({ ...row, caseId: other });
      await fails(other, PHOTO_A, 'original');
      await fails(caseId, PHOTO_A, 'original');
      await restore();
    }

    // An honest request for the wrong case sees nothing; the right one still opens.
    expect(await repos.attachments.get(other, PHOTO_A, 'original')).toBeNull();
    await expectPhoto(repos, caseId, PHOTO_A, p);

    // Another vault's key cannot open it.
    const stranger = await createVault('copper kettle under moonlight', TEST_KDF);
    const foreign = await openOver(db, stranger.keys);
    await expect(foreign.attachments.get(caseId, PHOTO_A, 'original')).rejects.toBeInstanceOf(StoredRecordError);
    foreign.close();
    expect(vault.keys.dataKey).not.toBe(stranger.keys.dataKey);
    repos.close();
  }, 60_000);

  it('stores all variants or none: a failed audit write, a duplicate id, a missing case, a wrong digest, no vault', async () => {
    const { db, repos, caseId } = await setup();
    const p = await photo();
    const auditBefore = await db.audit.count();

    // The audit event fails after the rows were added, inside the same transaction.
    const failAudit = () => {
      throw new Error('disk full');
    };
    db.audit.hook('creating', failAudit);
    await expect(put(repos, caseId, PHOTO_A, p)).rejects.toThrow('disk full');
    db.audit.hook('creating').unsubscribe(failAudit);
    expect(await db.attachments.count()).toBe(0);
    expect(await db.audit.count()).toBe(auditBefore);

    // The last variant fails to store: the first two are rolled back with it.
    const failThumb = (_key: unknown, row: AttachmentRow) => {
      if (row.variant === 'thumb') throw new Error('quota exceeded');
    };
    db.attachments.hook('creating', failThumb);
    await expect(put(repos, caseId, PHOTO_A, p)).rejects.toThrow('quota exceeded');
    db.attachments.hook('creating').unsubscribe(failThumb);
    expect(await db.attachments.count()).toBe(0);
    expect(await db.audit.count()).toBe(auditBefore);

    await put(repos, caseId, PHOTO_A, p);
    expect(await db.attachments.count()).toBe(3);
    // The same id again is refused, and the stored photograph is untouched.
    await expect(put(repos, caseId, PHOTO_A, await photo())).rejects.toBeInstanceOf(AttachmentExistsError);
    await expect(put(repos, '00000000-0000-4000-8000-000000000000', PHOTO_B, p)).rejects.toBeInstanceOf(CaseNotFoundError);
    await expect(repos.attachments.put({ caseId, attachmentId: PHOTO_B, sha256: '0'.repeat(64), variants: p.variants })).rejects.toThrow(/SHA-256/);
    await expect(repos.attachments.put({ caseId, attachmentId: 'not an id!', sha256: p.sha256, variants: p.variants })).rejects.toBeInstanceOf(TypeError);
    await expect(
      repos.attachments.put({ caseId, attachmentId: PHOTO_B, sha256: p.sha256, variants: { ...p.variants, thumb: { mime: 'text/html', bytes: new Uint8Array(10) } } }),
    ).rejects.toBeInstanceOf(TypeError);
    expect(await db.attachments.count()).toBe(3);
    await expectPhoto(repos, caseId, PHOTO_A, p);
    expect((await repos.audit.verify()).ok).toBe(true);

    // Without the vault's codec, photographs are refused, never stored in clear.
    const plain = await openRepositories({ db, codec: plainJsonCodec });
    await expect(put(plain, caseId, PHOTO_B, p)).rejects.toBeInstanceOf(CodecError);
    expect(await db.attachments.count()).toBe(3);

    // A finalised case's photographs are fixed.
    await db.cases.update(caseId, { status: 'finalised' });
    await expect(put(repos, caseId, PHOTO_B, p)).rejects.toBeInstanceOf(StoredRecordError);
    await expect(repos.attachments.remove(caseId, PHOTO_A)).rejects.toBeInstanceOf(StoredRecordError);
    expect(await repos.attachments.sweepUnreferenced(caseId, new Set(), new Date('2100-01-01T00:00:00Z'))).toBe(0);
    expect(await db.attachments.count()).toBe(3);
    repos.close();
  }, 60_000);

  it('removes and sweeps orphans, one audited deletion per photograph, and the chain verifies', async () => {
    const { db, repos, caseId, clock } = await setup();
    const other = (await repos.cases.create({ encounterType: 'admission', facilityCode: null })).id;
    await put(repos, caseId, PHOTO_A, await photo());
    await put(repos, caseId, PHOTO_B, await photo());
    const cutoff = new Date(clock.t + 500);
    await put(repos, caseId, PHOTO_C, await photo());
    const otherPhoto = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    await put(repos, other, otherPhoto, await photo());
    expect(await repos.attachments.listIds(caseId)).toEqual([PHOTO_A, PHOTO_B, PHOTO_C].sort());

    // A is referenced by the draft; B is an orphan older than the cut-off; C is newer (an import in progress).
    expect(await repos.attachments.sweepUnreferenced(caseId, new Set([PHOTO_A]), cutoff)).toBe(1);
    expect(await repos.attachments.listIds(caseId)).toEqual([PHOTO_A, PHOTO_C].sort());
    expect(await repos.attachments.get(caseId, PHOTO_B, 'thumb')).toBeNull();
    expect(await repos.attachments.listIds(other)).toEqual([otherPhoto]);
    // Nothing left to sweep.
    expect(await repos.attachments.sweepUnreferenced(caseId, new Set([PHOTO_A]), cutoff)).toBe(0);

    // Removing another case's photograph through this case does nothing.
    await repos.attachments.remove(caseId, otherPhoto);
    expect(await repos.attachments.listIds(other)).toEqual([otherPhoto]);

    await repos.attachments.remove(caseId, PHOTO_C);
    expect(await repos.attachments.listIds(caseId)).toEqual([PHOTO_A]);
    expect(await db.attachments.where('attachmentId').equals(PHOTO_C).count()).toBe(0);
    // Removing it again changes nothing and records nothing.
    const count = await db.audit.count();
    await repos.attachments.remove(caseId, PHOTO_C);
    expect(await db.audit.count()).toBe(count);

    const deletions = (await db.audit.toArray()).map((entry) => entry.event as Record<string, unknown>).filter((e) => e.action === 'delete');
    expect(deletions.map((e) => [e.recordType, e.recordId])).toEqual([
      ['photograph', PHOTO_B],
      ['photograph', PHOTO_C],
    ]);
    expect((await repos.audit.verify()).ok).toBe(true);
    repos.close();
  }, 60_000);
});

describe('attachments in backups', () => {
  async function source() {
    const s = await setup();
    const photos = new Map<string, Photo>();
    // 5 MB + a few bytes: several 1 MiB parts and a short last one.
    photos.set(PHOTO_A, await photo(5 * MIB + 123, 'image/jpeg'));
    photos.set(PHOTO_B, await photo(BLOB_PART_BYTES - 64));
    for (const [id, p] of photos) await put(s.repos, s.caseId, id, p);
    return { ...s, photos };
  }

  function backups(db: AttestDatabase, factory: IDBFactory) {
    return createBackupRepository({ db, indexedDB: factory, IDBKeyRange });
  }

  async function stagingLeft(factory: IDBFactory): Promise<boolean> {
    return (await factory.databases()).some((info) => info.name === RESTORE_STAGING_DATABASE);
  }

  it('restores every photograph byte for byte onto a fresh database, with parts of at most 1 MiB', async () => {
    const src = await source();
    const file = await collect(backups(src.db, src.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF }));
    const sourceRows = await src.db.attachments.toArray();

    // The file holds each ciphertext as parts of at most 1 MiB after its row, never inside the row's JSON.
    let kdf: KdfDescriptor | null = null;
    const full = await readBackupFully({ bytes: bytePieces(file), deriveKey: (found) => ((kdf = found), derive(found)) });
    const parts = full.records.filter((r) => r.table === BLOB_PART_TABLE);
    expect(Math.max(...parts.map((r) => r.value.length))).toBeLessThanOrEqual(BLOB_PART_BYTES);
    expect(parts.length).toBeGreaterThanOrEqual(6 + 2 + 2);
    const rowRecords = full.records.filter((r) => r.table === 'attachments');
    expect(rowRecords).toHaveLength(6);
    expect(Math.max(...rowRecords.map((r) => r.value.length))).toBeLessThan(1_000);
    expect(kdf).not.toBeNull();

    const target = freshDatabase();
    await target.db.open();
    const result = await backups(target.db, target.factory).restoreBackup({ bytes: bytePieces(file, 65_536), secret: { passphrase: PASSPHRASE } });
    expect(result.records).toBe(full.records.length - parts.length);
    expect(await stagingLeft(target.factory)).toBe(false);

    // Stored rows identical, ciphertexts byte for byte.
    const restoredRows = await target.db.attachments.toArray();
    const clearFields = (row: AttachmentRow) => [row.id, row.caseId, row.attachmentId, row.variant, row.schemaVersion, row.createdAt];
    expect(restoredRows.map(clearFields)).toEqual(sourceRows.map(clearFields));
    for (const [i, row] of restoredRows.entries()) {
      const before = sourceRows[i];
      expect(row.data).toBeInstanceOf(Blob);
      expect(row.data.type).toBe('application/octet-stream');
      expect(toHex(new Uint8Array(row.iv))).toBe(toHex(new Uint8Array(before?.iv ?? new ArrayBuffer(0))));
      expect(await sha256Hex(new Uint8Array(await row.data.arrayBuffer()))).toBe(await sha256Hex(new Uint8Array(await before?.data.arrayBuffer() ?? new ArrayBuffer(0))));
    }

    // The passphrase unlocks the restored keyring and every photograph opens, identical.
    const keyring = await target.db.vault.get('keyring');
    const keys = await unlockWithPassphrase(parseKeyring(keyring?.value), PASSPHRASE);
    const restored = await openOver(target.db, keys);
    expect(await restored.attachments.listIds(src.caseId)).toEqual([...src.photos.keys()].sort());
    for (const [id, p] of src.photos) await expectPhoto(restored, src.caseId, id, p);
    expect((await restored.audit.verify()).ok).toBe(true);
    restored.close();
    src.repos.close();
  }, 120_000);

  it('a restore that fails leaves the photographs already there untouched, whatever is wrong with the file', async () => {
    const src = await source();
    const file = await collect(backups(src.db, src.factory).exportBackup({ secret: { passphrase: PASSPHRASE }, ...TEST_KDF, chunkSize: 64 * 1024 }));

    const live = await setup();
    const livePhoto = await photo(2 * MIB);
    await put(live.repos, live.caseId, PHOTO_C, livePhoto);
    const liveRows = async () =>
      Promise.all((await live.db.attachments.toArray()).map(async (row) => `${row.id}|${row.caseId}|${toHex(new Uint8Array(row.iv))}|${await sha256Hex(new Uint8Array(await row.data.arrayBuffer()))}`));
    const before = await liveRows();
    const restore = (bytes: Uint8Array, passphrase = PASSPHRASE) =>
      backups(live.db, live.factory).restoreBackup({ bytes: bytePieces(bytes, 4096), secret: { passphrase } }).then(
        () => null,
        (error: unknown) => error,
      );

    // Re-encrypts a changed list of records under the same key: authentic files whose content the restore must refuse.
    let kdf: KdfDescriptor | null = null;
    const full = await readBackupFully({ bytes: bytePieces(file), deriveKey: (found) => ((kdf = found), derive(found)) });
    const rewrite = async (records: readonly BackupRecord[]) => {
      if (kdf === null) throw new Error('no kdf');
      const { appVersion, createdAt, databaseVersion } = full.manifest;
      const manifestBase = { appVersion, createdAt, databaseVersion };
      return collect(writeBackup({ key: await derive(kdf), kdf, manifestBase, records: asAsync(records) }));
    };
    const recs = full.records;
    const partIndexes = recs.flatMap((r, i) => (r.table === BLOB_PART_TABLE ? [i] : []));
    // The first of two consecutive parts: inside the 5 MB original, whose parts are all 1 MiB but the last.
    const firstPart = partIndexes.find((i) => recs[i + 1]?.table === BLOB_PART_TABLE) ?? -1;
    expect(firstPart).toBeGreaterThan(0);
    const without = (i: number) => recs.filter((_, j) => j !== i);
    const swapped = (i: number, j: number) => recs.map((r, k) => (k === i ? recs[j] : k === j ? recs[i] : r) as BackupRecord);
    const firstRow = recs.findIndex((r) => r.table === 'attachments');
    const bigger = recs.map((r, k) => {
      if (k !== firstRow) return r;
      const json = JSON.parse(new TextDecoder().decode(r.value)) as { data: { size: number } };
      json.data.size += 1;
      return { ...r, value: new TextEncoder().encode(JSON.stringify(json)) };
    });
    const badIv = recs.map((r, k) => {
      if (k !== firstRow) return r;
      const json = JSON.parse(new TextDecoder().decode(r.value)) as { iv: { base64: string } };
      json.iv.base64 = btoa(String.fromCharCode(...fromBase64(json.iv.base64).subarray(0, 11)));
      return { ...r, value: new TextEncoder().encode(JSON.stringify(json)) };
    });

    const cases: { name: string; bytes: Uint8Array; passphrase?: string }[] = [
      { name: 'truncated inside a photograph', bytes: file.slice(0, Math.floor(file.length * 0.6)) },
      { name: 'a flipped byte inside a photograph', bytes: flipped(file, Math.floor(file.length / 2)) },
      { name: 'wrong passphrase', bytes: file, passphrase: 'copper kettle under moonlight' },
      { name: 'a part missing', bytes: await rewrite(without(firstPart + 1)) },
      { name: 'the last part missing', bytes: await rewrite(without(partIndexes.at(-1) ?? 0)) },
      { name: 'two parts swapped', bytes: await rewrite(swapped(firstPart, firstPart + 1)) },
      { name: 'a part repeated', bytes: await rewrite([...recs.slice(0, firstPart + 1), recs[firstPart] as BackupRecord, ...recs.slice(firstPart + 1)]) },
      { name: 'a part before its row', bytes: await rewrite(swapped(firstRow, firstPart)) },
      { name: 'a row claiming one byte more than its parts', bytes: await rewrite(bigger) },
      { name: 'a row with an 11-byte IV', bytes: await rewrite(badIv) },
    ];
    for (const c of cases) {
      const error = await restore(c.bytes, c.passphrase);
      expect(error, c.name).toBeInstanceOf(BackupError);
      expect(await liveRows(), c.name).toEqual(before);
      expect(await stagingLeft(live.factory), c.name).toBe(false);
    }
    await expectPhoto(live.repos, live.caseId, PHOTO_C, livePhoto);

    // The rewriting itself is sound: the unchanged records restore.
    expect(await restore(await rewrite(recs))).toBeNull();
    expect(await live.db.attachments.count()).toBe(6);
    live.repos.close();
    src.repos.close();
  }, 180_000);
});

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

/** The backup key a header's PBKDF2 descriptor names, from the test passphrase (both usages, to rewrite files). */
async function derive(kdf: KdfDescriptor): Promise<CryptoKey> {
  if (kdf.name !== 'PBKDF2') throw new Error('passphrase backups only');
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(PASSPHRASE.normalize('NFKC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(kdf.salt), iterations: kdf.iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}
