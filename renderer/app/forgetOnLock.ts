/**
 * Screens that keep something in memory across visits (the case list remembers its last search,
 * which may be a name) register here how to forget it. Locking calls every registered function, so
 * nothing decrypted outlives the unlocked session, not even outside the React tree.
 */
const forgetters = new Set<() => void>();

/** Registers a function that drops remembered state. Returns a function that unregisters it. */
export function forgetOnLock(forget: () => void): () => void {
  forgetters.add(forget);
  return () => { forgetters.delete(forget); };
}

/** Drops every remembered state. Called by the vault when it locks. */
export function forgetAllOnLock(): void {
  for (const forget of forgetters) forget();
}
