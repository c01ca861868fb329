/**
 * The vault's stored rows (keyring, failed attempts) and the sealing of records earlier versions
 * stored in clear: after it, IndexedDB holds none of the names or the account, yet the case reads
 * back and is found by exact name and number.
 */
import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { openRepositories } from '../../renderer/db/repos';
import { reencryptPlainRecords, RESEALED_MARKER } from '../../renderer/db/repos/reencrypt';
import { openVaultRepository } from '../../renderer/db/repos/vaultRepository';
import { sha256SearchKeyer } from '../../renderer/db/searchKeys';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, VaultError } from '../../shared/vault';
import { freshDatabase } from './helpers';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const PASSPHRASE = 'tiger lamp ocean violin';

describe('vault repository', () => {
  it('has no keyring before the first run, then stores and reads it back parsed', async () => {
    const { db } = freshDatabase();
    const vault = await openVaultRepository({ db });
    expect(await vault.readKeyring()).toBeNull();
    const { keyring } = await createVault(PASSPHRASE, TEST_KDF);
    await vault.writeKeyring(keyring);
    expect(await vault.readKeyring()).toEqual(keyring);
    vault.close();
  });

  it('refuses a damaged keyring with a VaultError rather than returning it', async () => {
    const { db } = freshDatabase();
    const vault = await openVaultRepository({ db });
    await db.vault.put({ key: 'keyring', value: { version: 1, kdf: 'nonsense' } });
    await expect(vault.readKeyring()).rejects.toBeInstanceOf(VaultError);
    vault.close();
  });

  it('counts failed attempts with their time, and resets them', async () => {
    const { db } = freshDatabase();
    const vault = await openVaultRepository({ db, now: () => new Date('2026-05-02T10:00:00Z') });
    expect(await vault.failedAttempts()).toEqual({ count: 0, lastAt: null });
    await vault.recordFailedAttempt();
    expect(await vault.recordFailedAttempt()).toEqual({ count: 2, lastAt: '2026-05-02T10:00:00.000Z' });
    expect(await vault.failedAttempts()).toEqual({ count: 2, lastAt: '2026-05-02T10:00:00.000Z' });
    await vault.resetFailedAttempts();
    expect((await vault.failedAttempts()).count).toBe(0);
    vault.close();
  });
});

describe('sealing records stored in clear by earlier versions', () => {
  const CANARIES = ['Zyxwanda', 'Qorvath', 'ZX-99417', 'canary-account-7731'];
  const examination = {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName: 'Zyxwanda', familyName: 'Qorvath', idNumber: 'ZX-99417' },
    account: { ownWords: 'canary-account-7731: they kept me standing all night.' },
  };

  it('seals every plain body in batches, re-keys the search, and the case still reads and is found', async () => {
    const { db } = freshDatabase();
    // The previous version: plain JSON bodies and SHA-256 search keys.
    const plain = await openRepositories({ db, codec: plainJsonCodec, searchKeyer: sha256SearchKeyer });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = await plain.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
      await plain.cases.saveExamination(created.id, examination, created.revision);
      ids.push(created.id);
    }
    const before = JSON.stringify(await db.caseBodies.toArray());
    for (const canary of CANARIES) expect(before).toContain(canary);
    plain.close();

    const { keys } = await createVault(PASSPHRASE, TEST_KDF);
    const codec = createVaultCodec(keys.dataKey);
    const searchKeyer = createVaultSearchKeyer(keys.indexKey);
    await db.open();
    // Pages of 3 bodies, batches of 2: both ends crossed.
    expect(await reencryptPlainRecords({ db, codec, searchKeyer, batchSize: 2, scanPageSize: 3 })).toEqual({ sealed: 5, unreadable: 0 });

    const bodies = await db.caseBodies.toArray();
    expect(bodies.map((row) => row.body.codec)).toEqual(bodies.map(() => 'aes-gcm-1'));
    const raw = [JSON.stringify(await db.cases.toArray()), ...bodies.map((row) => new TextDecoder('latin1').decode(row.body.payload as ArrayBuffer))].join('\n');
    for (const canary of CANARIES) expect(raw).not.toContain(canary);

    const repos = await openRepositories({ db, codec, searchKeyer });
    expect((await repos.cases.get(ids[0] ?? ''))?.body.examination).toEqual(examination);
    for (const term of ['zyxwanda qorvath', 'QORVATH', 'zx-99417']) {
      expect((await repos.cases.list({ search: term })).total, term).toBe(5);
    }
    // A second run reads only the marker the first left.
    expect((await db.vault.get(RESEALED_MARKER))?.value).toMatchObject({ codec: 'aes-gcm-1' });
    expect(await reencryptPlainRecords({ db, codec, searchKeyer })).toEqual({ sealed: 0, unreadable: 0, skipped: true });
    repos.close();
  });

  it('records a complete pass and skips the scan at later unlocks, until the marker is gone', async () => {
    const { db } = freshDatabase();
    const { keys } = await createVault(PASSPHRASE, TEST_KDF);
    const codec = createVaultCodec(keys.dataKey);
    const searchKeyer = createVaultSearchKeyer(keys.indexKey);
    const now = () => new Date('2026-05-02T10:00:00Z');
    // An empty database (a first run): the pass is complete at once.
    expect(await reencryptPlainRecords({ db, codec, searchKeyer, now })).toEqual({ sealed: 0, unreadable: 0 });
    expect((await db.vault.get(RESEALED_MARKER))?.value).toEqual({ codec: 'aes-gcm-1', at: '2026-05-02T10:00:00.000Z' });

    // A plain body appearing afterwards is not looked for (the app never writes one once the vault exists)...
    const plain = await openRepositories({ db, codec: plainJsonCodec, searchKeyer: sha256SearchKeyer });
    const created = await plain.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await plain.cases.saveExamination(created.id, examination, created.revision);
    plain.close();
    await db.open();
    expect(await reencryptPlainRecords({ db, codec, searchKeyer })).toEqual({ sealed: 0, unreadable: 0, skipped: true });
    expect((await db.caseBodies.get(created.id))?.body.codec).toBe('plain-json-1');

    // ...a marker for another codec, or none, means a full pass again.
    await db.vault.put({ key: RESEALED_MARKER, value: { codec: 'aes-gcm-0', at: '2026-05-01T10:00:00.000Z' } });
    expect(await reencryptPlainRecords({ db, codec, searchKeyer })).toEqual({ sealed: 1, unreadable: 0 });
    expect((await db.caseBodies.get(created.id))?.body.codec).toBe('aes-gcm-1');
    expect((await db.vault.get(RESEALED_MARKER))?.value).toMatchObject({ codec: 'aes-gcm-1' });
    db.close();
  });

  it('leaves no marker when a pass stops early, so the next unlock looks again', async () => {
    const { db } = freshDatabase();
    const { keys } = await createVault(PASSPHRASE, TEST_KDF);
    const codec = createVaultCodec(keys.dataKey);
    const searchKeyer = createVaultSearchKeyer(keys.indexKey);
    const plain = await openRepositories({ db, codec: plainJsonCodec, searchKeyer: sha256SearchKeyer });
    const created = await plain.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    await plain.cases.saveExamination(created.id, examination, created.revision);
    plain.close();
    await db.open();
    // Another window saves while the batch is being sealed: the pass writes nothing and stops.
    const sealing = {
      id: codec.id,
      open: (context: Parameters<typeof codec.open>[0], body: Parameters<typeof codec.open>[1]) => codec.open(context, body),
      async seal(context: Parameters<typeof codec.seal>[0], value: unknown) {
        const sealed = await codec.seal(context, value);
        const row = await db.cases.get(created.id);
        if (row) await db.cases.put({ ...row, revision: row.revision + 1 });
        return sealed;
      },
    };
    expect(await reencryptPlainRecords({ db, codec: sealing, searchKeyer })).toEqual({ sealed: 0, unreadable: 0 });
    expect(await db.vault.get(RESEALED_MARKER)).toBeUndefined();
    expect(await reencryptPlainRecords({ db, codec, searchKeyer })).toEqual({ sealed: 1, unreadable: 0 });
    expect(await db.vault.get(RESEALED_MARKER)).toBeDefined();
    db.close();
  });
});
