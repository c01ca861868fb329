/** The identity of a photograph as evidence: the SHA-256 of the file's bytes exactly as received. */
export { sha256Hex } from '../vault/encoding';
