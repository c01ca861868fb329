// A fresh in-memory IndexedDB for every test file.
import 'fake-indexeddb/auto';
import { loadStrengthMeter } from '../../shared/vault/strength';

// createVault and changePassphrase check the passphrase with zxcvbn-ts, whose dictionaries take
// seconds to load on a busy machine: load them once per file here, not inside a test's 5 s budget.
await loadStrengthMeter();
