/**
 * Certificates trusted when verifying reports (Settings › Trusted certificates): a colleague's
 * self-signed Attest certificate (a `signer`, trusted by its exact fingerprint) or a certification
 * authority's (`ca`). The install's own identity certificate is always trusted and never listed.
 * One row of the `vault` table, key `trust` (no migration: the table is key/value, and backups carry
 * every row of it but the failed-attempt counter):
 *
 *   { format: 1, revision, updatedAt,
 *     body: sealed by the codec (table `vault`, id `trust`, schema 1):
 *           { certificates: [{ id, der (Base64), fingerprint, commonName, organisation,
 *                              notBefore, notAfter, addedAt, kind }] } }
 *
 * No case data. Each certificate added or removed leaves one audit event (recordType `settings`,
 * recordId the entry's id, detail its SHA-256 only), written in the same transaction as the row.
 * A file is checked whole before anything is written: one refused certificate refuses the file.
 */
import { z } from 'zod';
import { CertificateFacts, TRUST_KINDS, type TrustKind } from '../../../shared/trust/facts';
import { TrustError } from '../../../shared/trust/errors';
import { fromBase64, toBase64 } from '../../../shared/vault/encoding';
import type { RecordCodec, SealContext } from '../codec';
import type { AttestDatabase } from '../database';
import { LOCAL_ACTOR_ID, type AuditRepository } from './auditRepository';

/** PKI.js and the parsers load on first use (as the identity's do). */
const pki = () => import('../../../shared/trust');

export const TRUST_ROW = 'trust';
const SCHEMA_VERSION = 1;
const CONTEXT: SealContext = { table: 'vault', id: TRUST_ROW, schemaVersion: SCHEMA_VERSION };
/** Certificates kept at most: a list to read, not a trust store. */
export const MAX_TRUSTED_CERTIFICATES = 200;

/** A certificate this install trusts besides its own identity. */
export interface TrustedCertificate {
  /** Random id of the entry (UUID): what `remove` takes and audit events name. */
  readonly id: string;
  /** The certificate, DER, exactly as imported. */
  readonly der: Uint8Array<ArrayBuffer>;
  /** SHA-256 of the DER, `AB:CD:…` (`certificateFingerprint`). */
  readonly fingerprint: string;
  /** The subject's common name (CN), or null when it has none. */
  readonly commonName: string | null;
  /** The subject's organisation (O), or null. */
  readonly organisation: string | null;
  /** ISO 8601 UTC. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** When it was added here, ISO 8601 UTC. */
  readonly addedAt: string;
  /** `signer`: trusted by its exact fingerprint only; `ca`: may issue trusted signers. */
  readonly kind: TrustKind;
}

export interface TrustRepository {
  /** The trusted certificates, in the order they were added (empty when none). */
  list(): Promise<TrustedCertificate[]>;
  /**
   * Adds every certificate of a PEM file (one or more CERTIFICATE blocks) or of a DER file, and
   * returns those added. Refuses the whole file with a `TrustError`, storing nothing, when one of them
   * is not a certificate, is already trusted, is this install's own identity certificate, is not yet
   * valid, or is neither a self-signed signing certificate nor a CA's (`wrong-usage`). An expired
   * certificate is added (reports it signed while valid stay verifiable).
   */
  add(bytes: Uint8Array): Promise<TrustedCertificate[]>;
  /** Removes one certificate (`TrustError` `not-found` when it is not listed). */
  remove(id: string): Promise<void>;
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(100_000);
const StoredCertificate = CertificateFacts.extend({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  der: Base64,
  addedAt: z.iso.datetime(),
  kind: z.enum(TRUST_KINDS),
});
type StoredCertificate = z.infer<typeof StoredCertificate>;
const TrustBody = z.strictObject({ certificates: z.array(StoredCertificate).max(MAX_TRUSTED_CERTIFICATES) });
type TrustBody = z.infer<typeof TrustBody>;

const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const StoredBuffer = z.custom<ArrayBuffer>(isArrayBuffer);
const TrustRowValue = z.object({
  format: z.literal(1),
  revision: z.int().min(1),
  updatedAt: z.iso.datetime(),
  body: z.object({ codec: z.string(), payload: z.union([z.string(), StoredBuffer]), iv: StoredBuffer.optional() }),
});
type TrustRowValue = z.infer<typeof TrustRowValue>;

/** What `add` takes, checked at the boundary (the size is checked by the parser, with its own message). */
const AddInput = z.instanceof(Uint8Array);

function toTrusted(entry: StoredCertificate): TrustedCertificate {
  return { ...entry, der: fromBase64(entry.der) };
}

/** `AB:CD:…` → `abcd…`, the audit chain's form of a SHA-256. */
function auditSha256(fingerprint: string): string {
  return fingerprint.replaceAll(':', '').toLowerCase();
}

export function createTrustRepository({
  db,
  audit,
  codec,
  now,
  newId,
  ownCertificates,
}: {
  readonly db: AttestDatabase;
  readonly audit: AuditRepository;
  readonly codec: RecordCodec;
  readonly now: () => Date;
  readonly newId: () => string;
  /** The install's own identity certificates (DER): always trusted, so never added. */
  readonly ownCertificates: () => Promise<readonly Uint8Array[]>;
}): TrustRepository {
  async function readRow(): Promise<{ readonly row: TrustRowValue | null; readonly body: TrustBody }> {
    const stored = await db.vault.get(TRUST_ROW);
    if (stored === undefined) return { row: null, body: { certificates: [] } };
    const row = TrustRowValue.safeParse(stored.value);
    if (!row.success) throw new TrustError('unreadable');
    const { codec: codecId, payload, iv } = row.data.body;
    // A body that does not open (changed, moved, another vault) fails loudly: CodecError from the codec.
    const opened = TrustBody.safeParse(await codec.open(CONTEXT, iv === undefined ? { codec: codecId, payload } : { codec: codecId, payload, iv }));
    if (!opened.success) throw new TrustError('unreadable');
    return { row: row.data, body: opened.data };
  }

  /**
   * Seals `body` and writes it with one audit event, if the row is still at the revision read before;
   * otherwise `changed` and nothing is written. Returns the row as written.
   */
  async function write(previous: TrustRowValue | null, body: TrustBody, event: { readonly action: 'create' | 'delete'; readonly id: string; readonly fingerprint: string }): Promise<TrustRowValue> {
    const sealed = await codec.seal(CONTEXT, body);
    const at = now().toISOString();
    const value: TrustRowValue = {
      format: 1,
      revision: (previous?.revision ?? 0) + 1,
      updatedAt: at,
      body: sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv },
    };
    await audit.recordWith(
      [db.vault],
      { at, actor: LOCAL_ACTOR_ID, action: event.action, recordType: 'settings', recordId: event.id, detail: { sha256: auditSha256(event.fingerprint) } },
      async () => {
        const current = await db.vault.get(TRUST_ROW);
        const currentRevision = (current?.value as { revision?: unknown } | undefined)?.revision ?? null;
        if (currentRevision !== (previous?.revision ?? null)) throw new TrustError('changed');
        await db.vault.put({ key: TRUST_ROW, value });
      },
    );
    return value;
  }

  return {
    async list() {
      return (await readRow()).body.certificates.map(toTrusted);
    },

    async add(input) {
      const bytes = AddInput.safeParse(input);
      if (!bytes.success) throw new TrustError('not-certificate');
      const { readCertificateFile, inspectCertificate, certificateFingerprint } = await pki();
      const ders = readCertificateFile(bytes.data);
      const current = await readRow();
      const own = new Set(await Promise.all((await ownCertificates()).map((der) => certificateFingerprint(der))));
      const trusted = new Set(current.body.certificates.map((c) => c.fingerprint));
      const at = now();
      const fresh: StoredCertificate[] = [];
      for (const [index, der] of ders.entries()) {
        const position = { position: index + 1, count: ders.length };
        let inspected: Awaited<ReturnType<typeof inspectCertificate>>;
        try {
          inspected = await inspectCertificate(der);
        } catch (error) {
          throw error instanceof TrustError ? new TrustError(error.code, { params: error.params, at: position, cause: error }) : error;
        }
        const { facts, kind } = inspected;
        // The same certificate twice in one file (a bundle assembled by hand) is added once.
        if (fresh.some((c) => c.fingerprint === facts.fingerprint)) continue;
        if (own.has(facts.fingerprint)) throw new TrustError('own-identity', { at: position });
        if (trusted.has(facts.fingerprint)) throw new TrustError('already-trusted', { at: position });
        if (at.getTime() < Date.parse(facts.notBefore)) throw new TrustError('not-yet-valid', { at: position, params: { date: facts.notBefore.slice(0, 10) } });
        if (kind === null) throw new TrustError('wrong-usage', { at: position });
        fresh.push({ ...facts, id: newId(), der: toBase64(inspected.der), addedAt: at.toISOString(), kind });
      }
      if (current.body.certificates.length + fresh.length > MAX_TRUSTED_CERTIFICATES) throw new TrustError('too-many');

      // One write per certificate, each with its own audit event in the same transaction. Everything
      // was checked above, so a refusal never leaves part of a file stored.
      let previous = current.row;
      let certificates = current.body.certificates;
      for (const entry of fresh) {
        certificates = [...certificates, entry];
        previous = await write(previous, { certificates }, { action: 'create', id: entry.id, fingerprint: entry.fingerprint });
      }
      return fresh.map(toTrusted);
    },

    async remove(id) {
      const current = await readRow();
      const entry = current.body.certificates.find((c) => c.id === id);
      if (entry === undefined) throw new TrustError('not-found');
      await write(current.row, { certificates: current.body.certificates.filter((c) => c.id !== id) }, { action: 'delete', id: entry.id, fingerprint: entry.fingerprint });
    },
  };
}
