/**
 * Seeding for end-to-end tests: a draft written into IndexedDB as an earlier version stored it, so
 * that a test can start from a complete examination without typing it all through the form.
 */
import type { Page } from '@playwright/test';
import type { Examination } from '../../../shared/domain/examination';

/**
 * Writes a draft as an earlier version stored it (a case row and a plain body) and clears the mark of
 * a complete resealing pass, as an import of old data does: the next unlock seals it.
 */
export async function seedDraft(page: Page, seed: { readonly id: string; readonly caseNumber: string }, exam: Examination): Promise<void> {
  await page.evaluate(
    async ({ id, caseNumber, examination }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('attest');
        open.onsuccess = () => { resolve(open.result); };
        open.onerror = () => { reject(new Error('open failed')); };
      });
      const tx = db.transaction(['cases', 'caseBodies', 'vault'], 'readwrite');
      const at = new Date().toISOString();
      const timing = examination.encounter?.timing;
      tx.objectStore('cases').put({
        id,
        caseNumber,
        encounterType: 'admission',
        facilityCode: 'PRISON-01',
        status: 'draft',
        createdAt: at,
        updatedAt: at,
        arrivalAt: timing?.arrivalAt ?? null,
        examStartAt: timing?.examStartAt ?? null,
        revision: 2,
        searchKeys: [],
      });
      tx.objectStore('caseBodies').put({ id, schemaVersion: 2, body: { codec: 'plain-json-1', payload: JSON.stringify({ schemaVersion: 2, openedAt: at, examination }) } });
      // As an import of old data must: the next unlock looks for plain bodies again and seals them.
      tx.objectStore('vault').delete('resealedThrough');
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => { resolve(); };
        tx.onerror = () => { reject(new Error('seed failed')); };
      });
      db.close();
    },
    { ...seed, examination: exam },
  );
}
