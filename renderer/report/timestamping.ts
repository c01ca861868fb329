/**
 * Trusted time in the app (issue #17): the timestamp authority configured in Settings, asked through
 * the platform adapter (Electron's main process, or `attest web` for the browser build: the page's CSP
 * allows no outside connection), and the queue of versions signed while it could not be reached.
 *
 * Signing never waits on a TSA that does not answer beyond its timeout, and never fails for it: the
 * signature is made without a token (PAdES B-B) and the version waits here; `stampWaiting` adds a
 * document timestamp (/DocTimeStamp, ETSI.RFC3161) by incremental update when the authority answers,
 * each token checked (imprint, nonce, signature, timeStamping usage, configured chain) before the file
 * is replaced. A failure keeps the signed file exactly as it was.
 *
 * The signing and PDF code is loaded on demand, as for signing.
 */
import type { Platform } from '../../shared/platform';
import type { TimestampFailure, TimestampPolicy, TimestampTransport } from '../../shared/signing';
import type { Repositories, TimestampAuthority } from '../db/repos';

/** How long the app waits for a TSA's answer before signing without (B-B) or trying again later. */
export const TSA_TIMEOUT_MS = 10_000;
/** How often the queue is tried while the vault is unlocked (besides unlock and "Timestamp now"). */
export const TIMESTAMP_RETRY_MS = 5 * 60_000;

const signing = () => import('../../shared/signing');

/** The RFC 3161 transport over the platform adapter, for `authority`. */
export function platformTransport(platform: Platform, authority: Pick<TimestampAuthority, 'url' | 'username' | 'password'>, timeoutMs = TSA_TIMEOUT_MS): TimestampTransport {
  return async (query) => {
    const result = await platform.queryTimestampAuthority({
      url: authority.url,
      query: new Uint8Array(query),
      timeoutMs,
      ...(authority.username === null ? {} : { username: authority.username, password: authority.password ?? '' }),
    });
    if (result.status === 'answered') return result.bytes;
    const { TimestampError, TIMESTAMP_FAILURE_TEXT } = await signing();
    const code: TimestampFailure = result.reason;
    throw new TimestampError(code, TIMESTAMP_FAILURE_TEXT[code]);
  };
}

export function policyOf(authority: Pick<TimestampAuthority, 'certificates'>): TimestampPolicy {
  return authority.certificates.length > 0 ? { anchors: authority.certificates } : {};
}

/** The `timestamp` option for signing, or null when no authority is configured (or its settings do not open). */
export async function signingTimestamp(repos: Repositories, platform: Platform): Promise<{ readonly transport: TimestampTransport; readonly policy: TimestampPolicy } | null> {
  const authority = await repos.timestampAuthority.get().catch(() => null);
  return authority === null ? null : { transport: platformTransport(platform, authority), policy: policyOf(authority) };
}

/** What "Test" in Settings found. */
export type TestResult = { readonly ok: true; readonly tsaName: string | null; readonly time: Date; readonly chainChecked: boolean } | { readonly ok: false; readonly code: TimestampFailure };

/** Asks the authority to stamp 32 random bytes and checks its answer as signing would. */
export async function testTimestampAuthority(platform: Platform, authority: Pick<TimestampAuthority, 'url' | 'username' | 'password' | 'certificates'>): Promise<TestResult> {
  const { requestTimestamp, TimestampError } = await signing();
  try {
    const stamp = await requestTimestamp(platformTransport(platform, authority), crypto.getRandomValues(new Uint8Array(32)), policyOf(authority));
    return { ok: true, tsaName: stamp.tsaName, time: stamp.time, chainChecked: stamp.trust !== null };
  } catch (error) {
    return { ok: false, code: error instanceof TimestampError ? error.code : 'garbage' };
  }
}

export interface StampResult {
  /** Versions that received their document timestamp. */
  readonly stamped: number;
  /** Versions still waiting. */
  readonly waiting: number;
  /** Why the last attempt failed, if one did. */
  readonly failure: TimestampFailure | 'no-authority' | 'failed' | null;
}

let running: Promise<StampResult> | null = null;
const listeners = new Set<(result: StampResult) => void>();

/** Calls `listener` after each run of the queue (the version history refreshes); returns the unsubscribe. */
export function onQueueRun(listener: (result: StampResult) => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/**
 * Adds a document timestamp to every version waiting for one, oldest first; stops at the first
 * authority that cannot be reached (the others would not fare better). One run at a time per window.
 */
export function stampWaiting(repos: Repositories, platform: Platform): Promise<StampResult> {
  running ??= runQueue(repos, platform)
    .then((result) => {
      for (const listener of listeners) listener(result);
      return result;
    })
    .finally(() => { running = null; });
  return running;
}

async function runQueue(repos: Repositories, platform: Platform): Promise<StampResult> {
  const waiting = await repos.timestamps.waiting();
  if (waiting.length === 0) return { stamped: 0, waiting: 0, failure: null };
  const authority = await repos.timestampAuthority.get().catch(() => null);
  if (authority === null) return { stamped: 0, waiting: waiting.length, failure: 'no-authority' };
  const { timestampPdf, TimestampError } = await signing();
  const transport = platformTransport(platform, authority);
  const policy = policyOf(authority);
  let stamped = 0;
  let failure: StampResult['failure'] = null;
  for (const item of waiting) {
    // Referral documents are signed with a token when the authority answers; only report versions are queued for now.
    if (item.target !== 'report') continue;
    try {
      const before = await repos.reports.pdfById(item.id);
      const result = await timestampPdf(before, transport, policy);
      await repos.reports.appendTimestamp({ documentId: item.id, bytes: result.pdf, tsaName: result.tsaName, attestedAt: result.time });
      stamped += 1;
    } catch (error) {
      failure = error instanceof TimestampError ? error.code : 'failed';
      await repos.timestamps.recordFailure(item.id, failure).catch(() => undefined);
      if (failure === 'unreachable' || failure === 'timeout') break;
    }
  }
  return { stamped, waiting: waiting.length - stamped, failure };
}

/**
 * While the vault is unlocked: tries the queue at once (unlock, app start) and every
 * TIMESTAMP_RETRY_MS. Returns the function that stops it (the vault locks).
 */
export function startTimestampQueue(repos: Repositories, platform: Platform, every = TIMESTAMP_RETRY_MS): () => void {
  const run = () => { void stampWaiting(repos, platform).catch(() => undefined); };
  run();
  const timer = setInterval(run, every);
  return () => { clearInterval(timer); };
}
