// A fresh in-memory IndexedDB for every test file.
import 'fake-indexeddb/auto';
// createVault and changePassphrase load zxcvbn-ts's dictionaries on first use (about a second): only
// the files that create a vault pay it, within the 20 s test timeout (vitest.config.ts).
