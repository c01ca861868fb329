/**
 * The unlocked session behind the vault gate: it seals records left in clear before opening the
 * repositories, and locking (close) waits for a save in flight, as when the examination screen
 * flushes its autosave while the app tree unmounts, rather than losing it.
 */
import { describe, expect, it } from 'vitest';
import { plainJsonCodec } from '../../renderer/db/codec';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { openSession } from '../../renderer/vault/session';
import { createVault } from '../../shared/vault';

const TEST_KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;

const draft = (givenName: string) => ({
  schemaVersion: 1,
  formId: 'admission-examination',
  formVersion: 1,
  encounter: { type: 'admission', timing: { arrivalAt: null, examStartAt: null } },
  identity: { givenName },
});

describe('vault session', () => {
  it('seals plain records in the background after unlock, with progress, once; and a lock waits for the save in flight before closing', async () => {
    // A case saved in clear by an earlier version, in the app's own database.
    const plain = await openRepositories({ codec: plainJsonCodec });
    const old = await plain.cases.create({ encounterType: 'admission', facilityCode: null });
    await plain.cases.saveExamination(old.id, draft('Oldname'), old.revision);
    plain.close();

    const { keys } = await createVault('tiger lamp ocean violin', TEST_KDF);
    const session = await openSession(keys);
    // The check runs in the background, its progress told; the session is open meanwhile.
    const reseal = session.reseal;
    expect(reseal).not.toBeNull();
    await new Promise<void>((resolve) => {
      const check = () => { if (reseal?.current()?.done === true) resolve(); };
      reseal?.subscribe(check);
      check();
    });
    expect(reseal?.current()).toEqual({ checked: 1, total: 1, done: true });
    const raw = createDatabase();
    expect((await raw.caseBodies.get(old.id))?.body.codec).toBe('aes-gcm-1');
    expect((await session.repos.cases.get(old.id))?.body.examination).toEqual(draft('Oldname'));

    const created = await session.repos.cases.create({ encounterType: 'admission', facilityCode: null });
    // Not awaited: the autosave flushed by the unmount, then the lock.
    const saving = session.repos.cases.saveExamination(created.id, draft('Flushed'), created.revision);
    await session.close();
    await expect(saving).resolves.toMatchObject({ revision: created.revision + 1 });

    const again = await openSession(keys);
    // A complete pass is recorded: nothing runs at this unlock.
    expect(again.reseal).toBeNull();
    expect((await again.repos.cases.get(created.id))?.body.examination).toEqual(draft('Flushed'));
    expect((await again.repos.cases.list({ search: 'oldname' })).items.map((i) => i.id)).toEqual([old.id]);
    await again.close();
    raw.close();
  });
});
