import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDatabase, type AttestDatabase } from '../../renderer/db/database';

let counter = 0;

/** A database in its own fresh fake IndexedDB, so tests never share state. */
export function freshDatabase(): { db: AttestDatabase; factory: IDBFactory; name: string } {
  const factory = new IDBFactory();
  counter += 1;
  const name = `attest-test-${counter}`;
  return { db: createDatabase({ name, indexedDB: factory, IDBKeyRange }), factory, name };
}
