/**
 * "Replace all keys" (issue #20 item 3): a whole key rotation of 10,000 examinations (each with its
 * statistics-facts row) and 20,000 photograph rows (thirds of 4 KB thumbnails, 16 KB display copies
 * and 32 KB originals, random bytes), through `runKeyRotation` over fake-indexeddb in Node, as
 * `name: median unit (min–max, n=3)`, goal ≤ 120 s. Each run rotates again the keys the previous run
 * left (every row is re-sealed each time), and checks at the end that a case opens and is found by
 * name under the new keys alone. Progress is reported to the pass's `onProgress` as in the app.
 * Run: `node --import tsx test/bench/rotation.ts` (also part of `npm run bench`).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase } from '../../renderer/db/database';
import { openRepositories } from '../../renderer/db/repos';
import { createVaultCodec } from '../../renderer/db/vaultCodec';
import { createVaultSearchKeyer } from '../../renderer/db/vaultSearchKeyer';
import { createVault, startRotation, type Keyring, type UnlockedKeys } from '../../shared/vault';
import { seedCases } from './seed';
import { summarise } from './stats';

const EXAMINATIONS = 10_000;
const PHOTO_ROWS = 20_000;
const RUNS = 3;
const GOAL_S = 120;
const PASSPHRASES = ['tiger lamp ocean violin', 'cedar lantern orbit meadow 42', 'harbour quill saffron tundra 7', 'granite willow comet parsley 9'];
const KDF = { iterations: 1_000, allowInsecureIterationsForTests: true } as const;
const VARIANTS = [
  { variant: 'thumb', bytes: 4 * 1024 },
  { variant: 'display', bytes: 16 * 1024 },
  { variant: 'original', bytes: 32 * 1024 },
] as const;

async function main(): Promise<void> {
  const factory = new IDBFactory();
  const db = createDatabase({ name: 'attest-bench-rotation', indexedDB: factory, IDBKeyRange });
  await db.open();
  const created = await createVault(PASSPHRASES[0] ?? '', KDF);
  let keyring: Keyring = created.keyring;
  let keys: UnlockedKeys = created.keys;
  await db.vault.put({ key: 'keyring', value: keyring });

  const codec = createVaultCodec(keys.dataKey);
  const seed = await seedCases(EXAMINATIONS, new Date('2026-06-01T00:00:00Z'), { codec, searchKeyer: createVaultSearchKeyer(keys.indexKey), statistics: true });
  await db.transaction('rw', db.cases, db.caseBodies, db.statFacts, async () => {
    await db.cases.bulkPut(seed.cases.map((c) => c.row));
    await db.caseBodies.bulkPut(seed.cases.map((c) => c.body));
    await db.statFacts.bulkPut(seed.cases.map((c) => c.facts));
  });
  const pool = new Uint8Array(32 * 1024);
  crypto.getRandomValues(pool);
  for (let start = 0; start < PHOTO_ROWS; start += 600) {
    const rows = [];
    for (let i = start; i < Math.min(PHOTO_ROWS, start + 600); i += 1) {
      const owner = seed.cases[Math.floor(i / 2) % seed.cases.length];
      const { variant, bytes } = VARIANTS[i % 3] ?? VARIANTS[0];
      const attachmentId = `00000000-0000-4000-8000-${String(Math.floor(i / 3)).padStart(12, '0')}`;
      const id = `${attachmentId}:${variant}`;
      const plain = pool.slice(0, bytes);
      plain[0] = i & 0xff;
      const sealed = await codec.sealBytes({ table: 'attachments', id, schemaVersion: 1 }, plain);
      rows.push({ id, caseId: owner?.row.id ?? '', attachmentId, variant, schemaVersion: 1, iv: sealed.iv.slice().buffer, data: new Blob([sealed.ciphertext], { type: 'application/octet-stream' }), createdAt: '2026-06-01T00:00:00.000Z' });
    }
    await db.attachments.bulkPut(rows);
  }

  const repos = await openRepositories({ db, codec, searchKeyer: createVaultSearchKeyer(keys.indexKey) });
  const seconds: number[] = [];
  // CPU time of this process too: on a shared machine the wall clock also counts other processes' turns.
  const cpuSeconds: number[] = [];
  let reports = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const started = await startRotation(keyring, { passphrase: PASSPHRASES[run] ?? '' }, PASSPHRASES[run + 1] ?? '', KDF);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await repos.vaultKeys.beginRotation(started.rotation);
    const result = await repos.vaultKeys.runRotation({ previous: keys, next: started.next, onProgress: () => { reports += 1; } });
    seconds.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
    if (result === null || result.unreadable !== 0 || result.resealed < EXAMINATIONS * 2 + PHOTO_ROWS) throw new Error(`rotation ${String(run)} incomplete: ${JSON.stringify(result)}`);
    keyring = started.rotation.next;
    keys = started.next;
  }
  // Under the last keys alone: a case opens, and its person is found by name.
  const check = await openRepositories({ db: createDatabase({ name: 'attest-bench-rotation', indexedDB: factory, IDBKeyRange }), codec: createVaultCodec(keys.dataKey), searchKeyer: createVaultSearchKeyer(keys.indexKey) });
  const sample = seed.cases[1234];
  if (sample === undefined || (await check.cases.get(sample.row.id)) === null) throw new Error('a case does not open after the rotation');
  const found = await check.cases.list({ search: sample.fullName, limit: 500 });
  if (!found.items.some((item) => item.id === sample.row.id)) throw new Error('search by name no longer finds a case after the rotation');
  console.log(summarise(`rotation: replace all keys, ${EXAMINATIONS.toLocaleString('en')} examinations + ${PHOTO_ROWS.toLocaleString('en')} photo rows (4/16/32 KB), fake-indexeddb, ${String(reports)} progress reports`, seconds, 's', 1, GOAL_S));
  console.log(summarise('rotation: the same, CPU time of the process (user + system)', cpuSeconds, 's', 1));
  check.close();
  repos.close();
}

await main();
