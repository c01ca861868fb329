// A fresh in-memory IndexedDB for every test file.
import 'fake-indexeddb/auto';
