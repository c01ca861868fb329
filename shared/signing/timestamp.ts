/**
 * RFC 3161 timestamps (issue #17): asking a timestamp authority (TSA) for a token, checking what it
 * answers before anything is stored, and checking a token found in a file.
 *
 * A token is a CMS SignedData over a TSTInfo that states the SHA-2 digest of what was stamped (the
 * message imprint), the time, and the nonce the request carried. A token is accepted from a TSA only if
 * it answers the question asked (same imprint, same nonce), its signature verifies, its signer has the
 * extended key usage timeStamping, and, when anchors are configured, its certificate chains to one.
 *
 * The transport is given by the caller (the CLI's fetch, the app's platform adapter): this module is
 * pure, WebCrypto and Uint8Array only.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { HASH_OID, hashByOid } from './algorithms';
import { concat, digest, equalBytes, own, sha256 } from './bytes';
import { parseCertificate, subjectCommonName } from './certificate';
import { evaluateTrust, hasTimeStampingUsage, type TrustResult } from './trust';

export const OID_TST_INFO = '1.2.840.113549.1.9.16.1.4';
/** id-aa-signatureTimeStampToken (RFC 3161 appendix A): an unsigned attribute of a CAdES signer. */
export const OID_SIGNATURE_TIMESTAMP = '1.2.840.113549.1.9.16.2.14';

/** Sends a DER TimeStampReq and returns the DER TimeStampResp; throws when the TSA cannot be reached. */
export type TimestampTransport = (query: Uint8Array) => Promise<Uint8Array>;

export type TimestampFailure =
  /** No answer: offline, refused connection, DNS, HTTP error. */
  | 'unreachable'
  | 'timeout'
  /** The answer is not a TimeStampResp. */
  | 'garbage'
  /** The TSA answered with a status other than granted. */
  | 'rejected'
  | 'wrong-nonce'
  /** The token stamps another digest than the one asked for. */
  | 'wrong-imprint'
  | 'bad-signature'
  /** The token's signer lacks the extended key usage timeStamping. */
  | 'not-a-tsa'
  /** The TSA's certificate does not chain to a configured TSA anchor. */
  | 'tsa-not-trusted';

/** A TSA's failure, with what a person can do about it in `message`. */
export class TimestampError extends Error {
  override readonly name = 'TimestampError';
  constructor(
    readonly code: TimestampFailure,
    message: string,
  ) {
    super(message);
  }
}

export const TIMESTAMP_FAILURE_TEXT: Readonly<Record<TimestampFailure, string>> = {
  unreachable: 'the timestamp authority could not be reached',
  timeout: 'the timestamp authority did not answer in time',
  garbage: 'the timestamp authority answered with something that is not a timestamp',
  rejected: 'the timestamp authority refused the request',
  'wrong-nonce': "the timestamp authority's answer is not for this request (another nonce)",
  'wrong-imprint': 'the timestamp authority stamped other data than this signature',
  'bad-signature': "the timestamp's own signature does not verify",
  'not-a-tsa': "the timestamp was signed by a certificate that is not a timestamp authority's (no timeStamping usage)",
  'tsa-not-trusted': "the timestamp authority's certificate does not chain to the configured timestamp authority certificate",
};

export interface CheckedToken {
  /** DER of the token (ContentInfo). */
  readonly token: Uint8Array;
  readonly time: Date;
  readonly tsaCertificate: Uint8Array | null;
  /** Subject CN of the TSA's certificate. */
  readonly tsaName: string | null;
  /** Certificates the token carries (for chains). */
  readonly certificates: readonly Uint8Array[];
  readonly nonce: Uint8Array | null;
  readonly imprintValid: boolean;
  readonly signatureValid: boolean;
  /** The signer has extended key usage timeStamping. */
  readonly tsaUsage: boolean;
}

function integerBytes(value: asn1js.Integer | undefined): Uint8Array | null {
  return value ? new Uint8Array(value.valueBlock.valueHexView) : null;
}

/**
 * Reads a timestamp token and checks it against the data it should stamp (`content`, concatenated).
 * Returns null when it is not a token at all. Never throws.
 */
export async function readTimestampToken(token: Uint8Array, content: readonly Uint8Array[]): Promise<CheckedToken | null> {
  let signedData: pkijs.SignedData;
  let tst: pkijs.TSTInfo;
  try {
    const parsed = asn1js.fromBER(own(token));
    if (parsed.offset === -1) return null;
    const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== OID_TST_INFO || !signedData.encapContentInfo.eContent) return null;
    tst = pkijs.TSTInfo.fromBER(own(new Uint8Array(signedData.encapContentInfo.eContent.getValue())));
  } catch {
    return null;
  }
  const certificates: Uint8Array[] = [];
  for (const entry of signedData.certificates ?? []) if (entry instanceof pkijs.Certificate) certificates.push(new Uint8Array(entry.toSchema().toBER(false)));
  const hash = hashByOid(tst.messageImprint.hashAlgorithm.algorithmId);
  const imprintValid = hash !== null && equalBytes(await digest(hash, content), tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  let signatureValid = false;
  let tsaCertificate: Uint8Array | null = null;
  try {
    // PKI.js also checks the TSTInfo's imprint over the data, so it needs them.
    const result = await signedData.verify({ signer: 0, checkChain: false, extendedMode: true, data: concat(content).buffer });
    signatureValid = result.signatureVerified === true;
    if (result.signerCertificate) tsaCertificate = new Uint8Array(result.signerCertificate.toSchema().toBER(false));
  } catch {
    signatureValid = false;
  }
  const certificate = tsaCertificate ? parseCertificate(tsaCertificate) : null;
  return {
    token: own(token),
    time: tst.genTime,
    tsaCertificate,
    tsaName: certificate ? subjectCommonName(certificate) : null,
    certificates,
    nonce: integerBytes(tst.nonce),
    imprintValid,
    signatureValid: signatureValid && imprintValid,
    tsaUsage: certificate !== null && hasTimeStampingUsage(certificate),
  };
}

/** A DER TimeStampReq for a SHA-256 digest, asking for the TSA's certificate, with `nonce`. */
export function timestampRequest(sha256Digest: Uint8Array, nonce: Uint8Array): Uint8Array {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID['SHA-256'] }),
      hashedMessage: new asn1js.OctetString({ valueHex: own(sha256Digest) }),
    }),
    nonce: new asn1js.Integer({ valueHex: own(nonce) }),
    certReq: true,
  });
  return new Uint8Array(request.toSchema().toBER(false));
}

/** 64 random bits, positive as a DER INTEGER (top bit clear, first byte non-zero). */
function freshNonce(): Uint8Array {
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(8));
  nonce[0] = ((nonce[0] ?? 0) & 0x7f) | 0x01;
  return nonce;
}

export interface TimestampPolicy {
  /** CA or TSA certificates the TSA must chain to (Settings › Timestamp authority, `--tsa-trust`). Absent or empty: the chain is not checked. */
  readonly anchors?: readonly Uint8Array[];
  /** Revocation data for the TSA chain. */
  readonly crls?: readonly Uint8Array[];
}

export interface Timestamp extends CheckedToken {
  /** How the TSA's chain was judged; null when no anchor was configured. */
  readonly trust: TrustResult | null;
}

/**
 * Asks the TSA behind `transport` to stamp `data` (the bytes, hashed here with SHA-256) and checks the
 * answer. Throws TimestampError when the TSA cannot be reached or its answer is not acceptable.
 */
export async function requestTimestamp(transport: TimestampTransport, data: Uint8Array, policy: TimestampPolicy = {}): Promise<Timestamp> {
  const nonce = freshNonce();
  const imprint = await sha256(data);
  let answer: Uint8Array;
  try {
    answer = await transport(timestampRequest(imprint, nonce));
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') throw new TimestampError('timeout', TIMESTAMP_FAILURE_TEXT.timeout);
    throw new TimestampError('unreachable', TIMESTAMP_FAILURE_TEXT.unreachable);
  }
  let response: pkijs.TimeStampResp;
  try {
    const parsed = asn1js.fromBER(own(answer));
    if (parsed.offset === -1) throw new Error('not DER');
    response = new pkijs.TimeStampResp({ schema: parsed.result });
  } catch {
    throw new TimestampError('garbage', TIMESTAMP_FAILURE_TEXT.garbage);
  }
  // PKIStatus: granted (0) or grantedWithMods (1).
  const status: number = response.status.status;
  if ((status !== 0 && status !== 1) || !response.timeStampToken) throw new TimestampError('rejected', TIMESTAMP_FAILURE_TEXT.rejected);
  const tokenDer = new Uint8Array(response.timeStampToken.toSchema().toBER(false));
  // The imprint first, without the data (PKI.js would fail the signature on a wrong imprint too, and the reason would be lost).
  const checked = await readTimestampToken(tokenDer, [data]);
  if (!checked) throw new TimestampError('garbage', TIMESTAMP_FAILURE_TEXT.garbage);
  if (!checked.imprintValid) throw new TimestampError('wrong-imprint', TIMESTAMP_FAILURE_TEXT['wrong-imprint']);
  if (!checked.nonce || !equalBytes(checked.nonce, nonce)) throw new TimestampError('wrong-nonce', TIMESTAMP_FAILURE_TEXT['wrong-nonce']);
  if (!checked.signatureValid || !checked.tsaCertificate) throw new TimestampError('bad-signature', TIMESTAMP_FAILURE_TEXT['bad-signature']);
  if (!checked.tsaUsage) throw new TimestampError('not-a-tsa', TIMESTAMP_FAILURE_TEXT['not-a-tsa']);
  let trust: TrustResult | null = null;
  if (policy.anchors && policy.anchors.length > 0) {
    trust = await evaluateTrust(checked.tsaCertificate, checked.time, { certificates: policy.anchors, crls: policy.crls ?? [] }, { certificates: checked.certificates, crls: [], ocspResponses: [] }, checked.time, 'timestamping');
    if (trust.status !== 'trusted') throw new TimestampError(trust.problems.includes('key-usage') ? 'not-a-tsa' : 'tsa-not-trusted', TIMESTAMP_FAILURE_TEXT[trust.problems.includes('key-usage') ? 'not-a-tsa' : 'tsa-not-trusted']);
  }
  return { ...checked, trust };
}

/**
 * RFC 3161 over HTTP (RFC 3161 §3.4): POST application/timestamp-query, with optional HTTP basic
 * credentials, given up after `timeoutMs`, with the `fetch` the platform gives (Node's in the CLI, the
 * app's platform adapter's in the renderer).
 */
export function httpTimestampTransport(fetchImpl: typeof fetch, url: string, options: { readonly timeoutMs?: number; readonly username?: string; readonly password?: string } = {}): TimestampTransport {
  return async (query) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' };
    if (options.username !== undefined) {
      const pair = new TextEncoder().encode(`${options.username}:${options.password ?? ''}`);
      headers.Authorization = `Basic ${btoa(String.fromCharCode(...pair))}`;
    }
    const response = await fetchImpl(url, { method: 'POST', headers, body: own(query), signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), redirect: 'error', credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${String(response.status)}`);
    // A TSA's answer is a few kilobytes; more is not an answer.
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > 256 * 1024) throw new TimestampError('garbage', TIMESTAMP_FAILURE_TEXT.garbage);
    return body;
  };
}
