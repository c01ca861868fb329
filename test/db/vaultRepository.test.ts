/**
 * The case repository over the vault (AES-GCM codec + HMAC blind index): what reaches IndexedDB holds
 * no name, no identity number and no account, yet exact search and reading back still work, a new
 * connection with the keys from a fresh unlock reads the case, and a body moved to another case's
 * row is refused rather than shown.
 */
import { IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { CodecError } from '../../renderer/db/codec';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, unlockWithPassphrase, type UnlockedKeys } from '../../shared/vault';
import { freshDatabase } from './helpers';

const PASSPHRASE = 'tiger lamp ocean violin';
const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const CANARIES = ['Zyxwanda', 'Qorvath', 'ZX-99417', 'Kvetchnikov', 'canary-account-7731'];

let idCounter = 0;
const newId = () => `20000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

function draft(givenName: string, familyName: string, idNumber: string) {
  return {
    schemaVersion: 1,
    formId: 'admission-examination',
    formVersion: 1,
    encounter: { type: 'admission', timing: { arrivalAt: '2026-05-02T08:00:00+02:00', examStartAt: null } },
    identity: { givenName, familyName, idNumber, aliases: ['Kvetchnikov'] },
    account: { ownWords: 'canary-account-7731: they kept me standing all night.' },
  };
}

function open(db: ReturnType<typeof createDatabase>, keys: UnlockedKeys) {
  return openRepositories({ db, codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey), newId });
}

/** Every byte IndexedDB holds for the case tables, as text, to look for the canaries in. */
async function rawText(db: ReturnType<typeof createDatabase>): Promise<string> {
  const [cases, bodies] = await Promise.all([db.cases.toArray(), db.caseBodies.toArray()]);
  const binary = bodies.flatMap((row) => [row.body.payload, row.body.iv]).map((part) => (part instanceof ArrayBuffer ? new TextDecoder('latin1').decode(part) : String(part)));
  return [JSON.stringify(cases), JSON.stringify(bodies), ...binary].join('\n');
}

describe('case repository over the vault', () => {
  it('stores nothing readable, yet finds the case by exact name and number and reads it back', async () => {
    const { db, factory, name } = freshDatabase();
    const { keyring, keys } = await createVault(PASSPHRASE, TEST_KDF);
    const repos = await open(db, keys);
    const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
    const examination = draft('Zyxwanda', 'Qorvath', 'ZX-99417');
    await repos.cases.saveExamination(created.id, examination, created.revision);

    const stored = await db.caseBodies.get(created.id);
    expect(stored?.body.codec).toBe('aes-gcm-1');
    expect(stored?.body.payload).toBeInstanceOf(ArrayBuffer);
    const raw = await rawText(db);
    for (const canary of CANARIES) expect(raw).not.toContain(canary);
    expect((await db.cases.get(created.id))?.searchKeys.length).toBeGreaterThan(0);

    for (const term of ['Qorvath', 'zyxwanda qorvath', 'QORVATH  ZYXWANDA', 'zx-99417', 'kvetchnikov']) {
      expect((await repos.cases.list({ search: term })).items.map((i) => i.id), term).toEqual([created.id]);
    }
    expect((await repos.cases.list({ search: 'Qorvat' })).total).toBe(0);
    expect((await repos.cases.get(created.id))?.body.examination).toEqual(examination);
    repos.close();

    // The next session: a new connection, keys from a fresh unlock.
    const again = await open(createDatabase({ name, indexedDB: factory, IDBKeyRange }), await unlockWithPassphrase(keyring, PASSPHRASE));
    expect((await again.cases.list({ search: 'zyxwanda' })).items.map((i) => i.id)).toEqual([created.id]);
    expect((await again.cases.get(created.id))?.body.examination).toEqual(examination);
    again.close();
  });

  it('refuses a body moved to another case, and cannot be read or searched with another vault\'s keys', async () => {
    const { db } = freshDatabase();
    const [mine, theirs] = await Promise.all([createVault(PASSPHRASE, TEST_KDF), createVault(PASSPHRASE, TEST_KDF)]);
    const repos = await open(db, mine.keys);
    const a = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    const b = await repos.cases.create({ encounterType: 'admission', facilityCode: null });
    await repos.cases.saveExamination(a.id, draft('Zyxwanda', 'Qorvath', 'ZX-99417'), a.revision);

    // Someone with the disk copies case A's sealed body into case B's row.
    const bodyOfA = await db.caseBodies.get(a.id);
    if (!bodyOfA) throw new Error('case A has no body');
    await db.caseBodies.put({ ...bodyOfA, id: b.id });
    const error = await repos.cases.get(b.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CodecError);
    expect(String(error)).toMatch(/could not be decrypted/);

    const stranger = await open(db, theirs.keys);
    await expect(stranger.cases.get(a.id)).rejects.toBeInstanceOf(CodecError);
    expect((await stranger.cases.list({ search: 'Qorvath' })).total).toBe(0);
    repos.close();
  });
});
