/**
 * The clinician's identity: the professional profile, the signing certificate (self-signed or
 * imported from an institution as PKCS#12) and the private key. One row of the `vault` table, key
 * `identity` (no migration: the table is key/value, backed up and restored with the keyring the key
 * depends on):
 *
 *   { format: 1, clinicianId, updatedAt,
 *     body:       sealed by the codec (table `vault`, id `identity`, schema 1):
 *                 { profile, source, certificate (Base64 DER), chain (Base64 DER[]) },
 *     signingKey: { iv, wrapped } — PKCS#8 wrapped by the vault's wrapKey (AES-GCM), or null }
 *
 * The profile is personal data of the clinician, so it is sealed; the certificate travels with it
 * (one seal, one read). The private key is never stored in clear, nor as a `CryptoKey` (IndexedDB
 * would write its bytes to disk unencrypted): it is wrapped under the label
 * `signing|<clinicianId>|<SHA-256 of the certificate>`, so a wrapped key moved to another row or
 * paired with another certificate does not unwrap. `clinicianId` (a UUID) is the audit actor of the
 * identity's own events.
 *
 * WebCrypto first (key generation, wrapping, sealing), then one short transaction that writes the row
 * and its audit event together (`audit.recordWith`).
 */
import { z } from 'zod';
import { ClinicianProfile } from '../../../shared/identity/profile';

/**
 * Certificates and PKCS#12 (PKI.js, asn1js) load on first use: the code is large, and the case list
 * after unlock does not need it.
 */
const pki = () => import('../../../shared/identity');
import { fromBase64, toBase64 } from '../../../shared/vault/encoding';
import type { AuditEventInput } from '../../../shared/vault/auditChain';
import type { RecordCodec, SealContext } from '../codec';
import type { AttestDatabase } from '../database';
import type { KeyWrapper } from '../keyWrapper';
import type { WrappedPrivateKey } from '../../../shared/vault/wrap';
import type { AuditRepository } from './auditRepository';

export const IDENTITY_ROW = 'identity';
const SCHEMA_VERSION = 1;
const CONTEXT: SealContext = { table: 'vault', id: IDENTITY_ROW, schemaVersion: SCHEMA_VERSION };

export type IdentitySource = 'self-signed' | 'pkcs12';

export interface StoredIdentity {
  /** The clinician's id: the audit actor, never a name. */
  readonly clinicianId: string;
  readonly profile: ClinicianProfile;
  /** How the key and certificate came; null while only the profile is saved. */
  readonly source: IdentitySource | null;
  /** The signing certificate, DER; null while only the profile is saved. */
  readonly certificate: Uint8Array<ArrayBuffer> | null;
  /** Issuer certificates that came with an imported PKCS#12, DER. */
  readonly chain: readonly Uint8Array<ArrayBuffer>[];
}

export interface SigningIdentity {
  /** Non-extractable, usable only to sign. */
  readonly privateKey: CryptoKey;
  readonly certificate: Uint8Array<ArrayBuffer>;
  readonly chain: readonly Uint8Array<ArrayBuffer>[];
}

export interface IdentityRepository {
  /** The profile and certificate, or null before the profile is first saved. */
  get(): Promise<StoredIdentity | null>;
  /** Checks and stores the profile (audited: update/settings). The certificate is not remade. */
  saveProfile(profile: ClinicianProfile): Promise<StoredIdentity>;
  /** Stores the profile, then a new ECDSA P-256 key and self-signed certificate for it (audited: create/settings). */
  createSelfSigned(profile: ClinicianProfile, now: Date): Promise<StoredIdentity>;
  /**
   * Opens a PKCS#12 and stores its key, certificate and chain (audited: create/settings), with
   * `profile` or, without one, the stored profile. `IdentityError` for the file, nothing stored:
   * also when its certificate cannot sign now (`certificate-expired`, `certificate-not-yet-valid`,
   * `certificate-ca-only`, `certificate-key-usage`; see shared/identity/signingPolicy.ts).
   */
  importPkcs12(bytes: Uint8Array, password: string, profile?: ClinicianProfile): Promise<StoredIdentity>;
  /** The key unwrapped for signing, with its certificate; null when there is no key yet. */
  signingIdentity(): Promise<SigningIdentity | null>;
}

/** A profile that was not stored: `fields` are the paths zod refused, `issues` their message keys. */
export class InvalidProfileError extends Error {
  override readonly name = 'InvalidProfileError';
  constructor(readonly issues: readonly { readonly path: string; readonly message: string; readonly params: Readonly<Record<string, string | number>> }[]) {
    super('The clinician profile was not saved: a value is not allowed.');
  }
}

export type IdentityStoreErrorCode = 'no-profile' | 'unreadable' | 'changed';

/** The identity row could not be used: no profile yet, a damaged row, or a change by another window. */
export class IdentityStoreError extends Error {
  override readonly name = 'IdentityStoreError';
  constructor(
    readonly code: IdentityStoreErrorCode,
    options?: { readonly cause?: unknown },
  ) {
    super(
      code === 'no-profile'
        ? 'Save the clinician profile before creating or importing a key.'
        : code === 'changed'
          ? 'The identity was changed elsewhere (another window) meanwhile. Nothing was saved; reload and try again.'
          : 'The stored clinician identity could not be read.',
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/).max(200_000);
const IdentityBody = z.strictObject({
  profile: z.unknown(),
  source: z.enum(['self-signed', 'pkcs12']).nullable(),
  certificate: Base64.nullable(),
  chain: z.array(Base64).max(20),
});
type IdentityBody = z.infer<typeof IdentityBody>;

const isArrayBuffer = (value: unknown): value is ArrayBuffer => Object.prototype.toString.call(value) === '[object ArrayBuffer]';
const StoredBuffer = z.custom<ArrayBuffer>(isArrayBuffer);
const IdentityRowValue = z.object({
  format: z.literal(1),
  clinicianId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  updatedAt: z.iso.datetime(),
  body: z.object({ codec: z.string(), payload: z.union([z.string(), StoredBuffer]), iv: StoredBuffer.optional() }),
  signingKey: z.object({ iv: StoredBuffer, wrapped: StoredBuffer }).nullable(),
});
type IdentityRowValue = z.infer<typeof IdentityRowValue>;

function exact(bytes: Uint8Array): ArrayBuffer {
  return new Uint8Array(bytes).buffer;
}

function wrapLabel(clinicianId: string, certificateSha256Hex: string): string {
  return `signing|${clinicianId}|${certificateSha256Hex}`;
}

/** How key rotation re-wraps the signing key (shared/vault/wrap.ts `rewrapPrivateKey`, old wrapKey to new). */
export type SigningKeyRewrap = (wrapped: WrappedPrivateKey, label: string, algorithm: EcKeyImportParams | RsaHashedImportParams, usages: KeyUsage[]) => Promise<WrappedPrivateKey>;

/**
 * Key rotation (keyRotation.ts): the stored identity row with its body opened by `from` and sealed
 * again by `to`, and its signing key re-wrapped by `rewrap` under the certificate's label, for the
 * caller to write in place of `value`. Throws (`IdentityStoreError`, `CodecError`) when the row does
 * not read; nothing is written here.
 */
export async function resealIdentityValue(value: unknown, from: RecordCodec, to: RecordCodec, rewrap: SigningKeyRewrap): Promise<unknown> {
  const row = IdentityRowValue.safeParse(value);
  if (!row.success) throw new IdentityStoreError('unreadable');
  const { codec: codecId, payload, iv } = row.data.body;
  const opened = IdentityBody.safeParse(await from.open(CONTEXT, iv === undefined ? { codec: codecId, payload } : { codec: codecId, payload, iv }));
  if (!opened.success) throw new IdentityStoreError('unreadable');
  const sealed = await to.seal(CONTEXT, opened.data);
  let signingKey = row.data.signingKey;
  if (signingKey !== null && opened.data.certificate !== null) {
    const certificate = fromBase64(opened.data.certificate);
    const identity = await pki();
    const { sha256Hex } = await identity.certificateInfo(certificate);
    const wrapped = await rewrap({ iv: new Uint8Array(signingKey.iv), wrapped: new Uint8Array(signingKey.wrapped) }, wrapLabel(row.data.clinicianId, sha256Hex), identity.signingAlgorithmOf(certificate), ['sign']);
    signingKey = { iv: exact(wrapped.iv), wrapped: exact(wrapped.wrapped) };
  }
  const next: IdentityRowValue = { ...row.data, body: sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv }, signingKey };
  return next;
}

function parseProfile(profile: unknown): ClinicianProfile {
  const parsed = ClinicianProfile.safeParse(profile);
  if (parsed.success) return parsed.data;
  throw new InvalidProfileError(
    parsed.error.issues.map((issue) => {
      const params: Record<string, string | number> = {};
      if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint')) params.maximum = Number(issue.maximum);
      return { path: issue.path.join('.'), message: issue.message, params };
    }),
  );
}

/**
 * The clinician's id as stored in clear beside the sealed identity (the audit actor), or null when no
 * identity is saved or the row is not readable. Read at unlock, before any event is written.
 */
export async function storedClinicianId(db: AttestDatabase): Promise<string | null> {
  const stored = await db.vault.get(IDENTITY_ROW);
  const parsed = z.object({ clinicianId: IdentityRowValue.shape.clinicianId }).safeParse(stored?.value);
  return parsed.success ? parsed.data.clinicianId : null;
}

export function createIdentityRepository({
  db,
  audit,
  codec,
  keyWrapper,
  now,
  newId,
  onClinician = () => undefined,
}: {
  readonly db: AttestDatabase;
  readonly audit: AuditRepository;
  readonly codec: RecordCodec;
  readonly keyWrapper: KeyWrapper;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Told the clinician's id whenever the identity is written (the audit actor from then on). */
  readonly onClinician?: (clinicianId: string) => void;
}): IdentityRepository {
  async function readRow(): Promise<{ readonly row: IdentityRowValue; readonly body: IdentityBody; readonly profile: ClinicianProfile } | null> {
    const stored = await db.vault.get(IDENTITY_ROW);
    if (stored === undefined) return null;
    const row = IdentityRowValue.safeParse(stored.value);
    if (!row.success) throw new IdentityStoreError('unreadable');
    // A body that does not open (changed, moved, another vault) fails loudly: CodecError from the codec.
    const { codec: codecId, payload, iv } = row.data.body;
    const opened = IdentityBody.safeParse(await codec.open(CONTEXT, iv === undefined ? { codec: codecId, payload } : { codec: codecId, payload, iv }));
    if (!opened.success) throw new IdentityStoreError('unreadable');
    const profile = ClinicianProfile.safeParse(opened.data.profile);
    if (!profile.success) throw new IdentityStoreError('unreadable');
    return { row: row.data, body: opened.data, profile: profile.data };
  }

  function toStored(clinicianId: string, body: IdentityBody, profile: ClinicianProfile): StoredIdentity {
    return {
      clinicianId,
      profile,
      source: body.source,
      certificate: body.certificate === null ? null : fromBase64(body.certificate),
      chain: body.chain.map(fromBase64),
    };
  }

  /**
   * Seals `body` and writes the row with its audit event, if the row is still the one read before
   * (`previous`: its updatedAt, or null for none); otherwise `changed` and nothing is written.
   */
  async function write(
    previous: IdentityRowValue | null,
    clinicianId: string,
    body: IdentityBody,
    signingKey: IdentityRowValue['signingKey'],
    event: Pick<AuditEventInput, 'action' | 'detail'>,
  ): Promise<void> {
    const sealed = await codec.seal(CONTEXT, body);
    const at = now().toISOString();
    const value: IdentityRowValue = { format: 1, clinicianId, updatedAt: at, body: sealed.iv === undefined ? { codec: sealed.codec, payload: sealed.payload } : { codec: sealed.codec, payload: sealed.payload, iv: sealed.iv }, signingKey };
    const input: AuditEventInput = { at, actor: clinicianId, recordType: 'settings', recordId: clinicianId, action: event.action, ...(event.detail === undefined ? {} : { detail: event.detail }) };
    await audit.recordWith([db.vault], input, async () => {
      const current = await db.vault.get(IDENTITY_ROW);
      const currentAt = (current?.value as { updatedAt?: unknown } | undefined)?.updatedAt ?? null;
      if (currentAt !== (previous?.updatedAt ?? null)) throw new IdentityStoreError('changed');
      await db.vault.put({ key: IDENTITY_ROW, value });
    });
    onClinician(clinicianId);
  }

  /** Wraps the key under the certificate's label and stores it with the certificate (the key is then dropped by the caller). */
  async function storeKey(
    previous: IdentityRowValue | null,
    clinicianId: string,
    profile: ClinicianProfile,
    privateKey: CryptoKey,
    certificate: Uint8Array,
    chain: readonly Uint8Array[],
    source: IdentitySource,
  ): Promise<StoredIdentity> {
    const { sha256Hex } = await (await pki()).certificateInfo(certificate);
    const wrapped = await keyWrapper.wrap(privateKey, wrapLabel(clinicianId, sha256Hex));
    const body: IdentityBody = { profile, source, certificate: toBase64(certificate), chain: chain.map((extra) => toBase64(extra)) };
    await write(previous, clinicianId, body, { iv: exact(wrapped.iv), wrapped: exact(wrapped.wrapped) }, { action: 'create', detail: { sha256: sha256Hex } });
    return toStored(clinicianId, body, profile);
  }

  return {
    async get() {
      const current = await readRow();
      return current === null ? null : toStored(current.row.clinicianId, current.body, current.profile);
    },

    async saveProfile(rawProfile) {
      const profile = parseProfile(rawProfile);
      const current = await readRow();
      const clinicianId = current?.row.clinicianId ?? newId();
      const body: IdentityBody = current === null ? { profile, source: null, certificate: null, chain: [] } : { ...current.body, profile };
      await write(current?.row ?? null, clinicianId, body, current?.row.signingKey ?? null, { action: 'update' });
      return toStored(clinicianId, body, profile);
    },

    async createSelfSigned(rawProfile, at) {
      const profile = parseProfile(rawProfile);
      const current = await readRow();
      const clinicianId = current?.row.clinicianId ?? newId();
      const identity = await (await pki()).createSelfSignedIdentity(profile, { now: at });
      return storeKey(current?.row ?? null, clinicianId, profile, identity.privateKey, identity.certificate, [], 'self-signed');
    },

    async importPkcs12(bytes, password, rawProfile) {
      const current = await readRow();
      const profile = rawProfile === undefined ? current?.profile : parseProfile(rawProfile);
      if (profile === undefined) throw new IdentityStoreError('no-profile');
      const identity = await pki();
      const imported = await identity.importPkcs12(bytes, password);
      // Only a certificate that can sign reports now is stored: expired, not yet valid, or not for signing is refused here.
      identity.assertSigningCertificate(imported.certificate, now());
      const clinicianId = current?.row.clinicianId ?? newId();
      return storeKey(current?.row ?? null, clinicianId, profile, imported.privateKey, imported.certificate, imported.chain, 'pkcs12');
    },

    async signingIdentity() {
      const current = await readRow();
      if (current === null || current.row.signingKey === null || current.body.certificate === null) return null;
      const certificate = fromBase64(current.body.certificate);
      const { sha256Hex } = await (await pki()).certificateInfo(certificate);
      const privateKey = await keyWrapper.unwrap(
        { iv: new Uint8Array(current.row.signingKey.iv), wrapped: new Uint8Array(current.row.signingKey.wrapped) },
        wrapLabel(current.row.clinicianId, sha256Hex),
        (await pki()).signingAlgorithmOf(certificate),
        ['sign'],
      );
      return { privateKey, certificate, chain: current.body.chain.map(fromBase64) };
    },
  };
}
