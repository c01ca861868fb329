// Pending edits: the draft as last typed, kept ahead of the full save, applied only on top of the
// stored revision it was typed on.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { openRepositories } from '../../renderer/db/repos';
import { freshDatabase } from './helpers';

let idCounter = 0;
const newId = () => `20000000-0000-4000-8000-${String(++idCounter).padStart(12, '0')}`;

const draft = (givenName: string) => ({ schemaVersion: 1, formId: 'admission-examination', formVersion: 1, encounter: { type: 'admission' }, identity: { givenName } });

async function setup() {
  const { db } = freshDatabase();
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const repos = await openRepositories({ codec: createVaultCodec(key), db, newId });
  const created = await repos.cases.create({ encounterType: 'admission', facilityCode: 'PRISON-01' });
  return { db, repos, created };
}

describe('pending edits', () => {
  it('keeps the draft sealed and gives it back on top of the revision it was typed on', async () => {
    const { db, repos, created } = await setup();
    expect(await repos.pendingEdits.keep(created.id, draft('Karim Benali'), () => ({ session: 's', seq: 3, bases: [created.revision] }))).toBe(true);
    const row = await db.pendingEdits.get(created.id);
    expect(JSON.stringify(row)).not.toContain('Karim');
    expect(new TextDecoder().decode(row?.body.payload as ArrayBuffer)).not.toContain('Karim');
    expect(await repos.pendingEdits.take(created.id, created.revision)).toEqual(draft('Karim Benali'));
  });

  it('drops a pending edit older than the stored revision, rather than writing it back over later work', async () => {
    const { db, repos, created } = await setup();
    await repos.pendingEdits.keep(created.id, draft('old'), () => ({ session: 's', seq: 1, bases: [created.revision] }));
    const saved = await repos.cases.saveExamination(created.id, draft('newer, saved by another window'), created.revision);
    expect(await repos.pendingEdits.take(created.id, saved.revision)).toBeNull();
    expect(await db.pendingEdits.get(created.id)).toBeUndefined();
  });

  it('applies on top of the revision a save in flight was making, and writes nothing when stamped out', async () => {
    const { repos, created } = await setup();
    await repos.pendingEdits.keep(created.id, draft('typed during the save'), () => ({ session: 's', seq: 5, bases: [created.revision, created.revision + 1] }));
    expect(await repos.pendingEdits.take(created.id, created.revision + 1)).toEqual(draft('typed during the save'));
    expect(await repos.pendingEdits.keep(created.id, draft('late'), () => null)).toBe(false);
    expect(await repos.pendingEdits.take(created.id, created.revision + 1)).toEqual(draft('typed during the save'));
  });

  it('is removed once a save holds it, but not when this window typed something after that save', async () => {
    const { db, repos, created } = await setup();
    await repos.pendingEdits.keep(created.id, draft('b'), () => ({ session: 's', seq: 7, bases: [1] }));
    await repos.pendingEdits.drop(created.id, 's', 6);
    expect(await db.pendingEdits.get(created.id)).toBeDefined();
    await repos.pendingEdits.drop(created.id, 's', 7);
    expect(await db.pendingEdits.get(created.id)).toBeUndefined();
    await repos.pendingEdits.keep(created.id, draft('from the window before a reload'), () => ({ session: 'earlier', seq: 99, bases: [1] }));
    await repos.pendingEdits.drop(created.id, 's', 1);
    expect(await db.pendingEdits.get(created.id)).toBeUndefined();
  });

  it('after a save conflict, the refused window discards only its own row', async () => {
    const { db, repos, created } = await setup();
    // Window A kept a change typed while its save was in flight: it would sit on revision + 1 ...
    await repos.pendingEdits.keep(created.id, draft('A, refused'), () => ({ session: 'A', seq: 4, bases: [created.revision, created.revision + 1] }));
    // ... which window B's save makes instead; A's save is refused and A discards its row.
    const saved = await repos.cases.saveExamination(created.id, draft('B, saved'), created.revision);
    expect(saved.revision).toBe(created.revision + 1);
    await repos.pendingEdits.discard(created.id, 'A');
    expect(await repos.pendingEdits.take(created.id, saved.revision)).toBeNull();
    // B's own kept change is not A's to discard.
    await repos.pendingEdits.keep(created.id, draft('B, typed on'), () => ({ session: 'B', seq: 9, bases: [saved.revision] }));
    await repos.pendingEdits.discard(created.id, 'A');
    expect(await db.pendingEdits.get(created.id)).toBeDefined();
    expect(await repos.pendingEdits.take(created.id, saved.revision)).toEqual(draft('B, typed on'));
  });

  it('does not open under another vault key, and is then removed', async () => {
    const { db, created } = await setup();
    const first = await openRepositories({ codec: createVaultCodec(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])), db, newId });
    await first.pendingEdits.keep(created.id, draft('x'), () => ({ session: 's', seq: 1, bases: [created.revision] }));
    const other = await openRepositories({ codec: createVaultCodec(await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])), db, newId });
    expect(await other.pendingEdits.take(created.id, created.revision)).toBeNull();
    expect(await db.pendingEdits.get(created.id)).toBeUndefined();
  });
});
