// Limits of the identity module that screens need without loading PKI.js.

/** Larger PKCS#12 files are refused before parsing: a key and a few certificates take a few KB. */
export const MAX_PKCS12_BYTES = 1024 * 1024;
