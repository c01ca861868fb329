/**
 * Push to a FHIR server (issue #18 item 5). "Send to FHIR server" on a signed report version makes a
 * FHIR R4 transaction Bundle from the case file that version carries (its PDF/A-3 attachment, read back
 * with the received-report checks: the bundle says what was signed, not what the record says today),
 * with a DocumentReference and a Provenance per signature of the signed PDF; stores it sealed in the
 * outbox, and then tries to post it through the platform adapter (Electron's main process, or
 * `attest web`: the page's CSP allows no outside connection).
 *
 * Nothing is lost: the bundle is stored before any network is touched, and stays queued until the
 * server accepts it. The queue runs at unlock (app start), on a timer while unlocked (each item waits
 * its backoff, fhirOutboxRepository `retryDelayMs`), and on "Retry now" (every queued item at once).
 * A server that cannot be reached or does not answer in time stops a run: the others would not fare better.
 *
 * The signing, PDF and FHIR code is loaded on demand.
 */
import type { Bundle } from '@medplum/fhirtypes';
import type { FhirSendResult } from '../../shared/ipc';
import type { Language } from '../../shared/i18n';
import type { Platform } from '../../shared/platform';
import type { FhirServer, OutboxFailure, OutboxItem, Repositories, ReportVersion } from '../db/repos';

/** How long the app waits for a FHIR server's answer. */
export const FHIR_TIMEOUT_MS = 30_000;
/** How often the queue looks for items whose next attempt is due, while unlocked. */
export const FHIR_QUEUE_TICK_MS = 60_000;

/** Why a version's bundle could not be made (nothing is queued then). */
export type BuildFailure = 'no-case-file' | 'unreadable';

export class FhirBuildError extends Error {
  override readonly name = 'FhirBuildError';
  constructor(readonly code: BuildFailure) {
    super(code === 'no-case-file' ? 'This report version carries no case file.' : 'This report version could not be read.');
  }
}

/** The transaction Bundle of a stored report version, in `language`. */
export async function versionBundle(repos: Repositories, version: Pick<ReportVersion, 'documentId'>, language: Language): Promise<Bundle> {
  const [pdf, identity, trusted, signing, interop, fhir] = await Promise.all([
    repos.reports.pdfById(version.documentId),
    repos.identity.get().catch(() => null),
    repos.trust.list().catch(() => []),
    import('../../shared/signing'),
    import('../../shared/interop/receivedReport'),
    import('../../shared/fhir'),
  ]);
  const own = identity?.certificate ? [identity.certificate] : [];
  const trust = { certificates: [...own, ...trusted.map((c) => c.der)], own };
  // Our own signed version: whatever its verdict, the case file is read only from the revision the author signed.
  const received = await interop.receiveReport(pdf, { acceptVerdict: true, now: new Date(), trust });
  if (!received.ok) throw new FhirBuildError(received.refusal.code === 'no-attachment' ? 'no-case-file' : 'unreadable');
  const verification = await signing.verifyPdf(pdf, { trust });
  return fhir.caseToFhirBundle(received.report.caseFile, {
    bundleType: 'transaction',
    language,
    signedReport: {
      bytes: pdf,
      sha256: received.report.fileSha256,
      verdict: received.report.verdict,
      signatures: verification.signatures.map((s) => ({ kind: s.kind, role: s.role, signerName: s.signerName, fingerprint: s.fingerprint, signingTime: s.signingTime })),
    },
  });
}

/** What one attempt gave, as the case screen says it. */
export type AttemptOutcome =
  | { readonly state: 'sent'; readonly resources: number }
  | { readonly state: 'queued'; readonly failure: OutboxFailure; readonly httpStatus: number | null; readonly issues: readonly string[] };

/** The failure of an answer that is not an acceptance. */
function failureOf(result: Exclude<FhirSendResult, { status: 'accepted' }>): { readonly code: OutboxFailure; readonly httpStatus: number | null; readonly issues: readonly string[] } {
  if (result.status === 'refused') return { code: 'refused', httpStatus: result.httpStatus, issues: result.issues };
  if (result.status === 'failed') return { code: result.reason, httpStatus: result.httpStatus, issues: [] };
  // A capability statement in answer to a transaction: not what a FHIR server says to a POST of a bundle.
  return { code: 'not-fhir', httpStatus: result.httpStatus, issues: [] };
}

/** Posts one queued item to `server` and records what happened. */
async function attempt(repos: Repositories, platform: Platform, server: FhirServer | null, item: Pick<OutboxItem, 'id'>): Promise<AttemptOutcome> {
  if (server === null) {
    await repos.fhirOutbox.recordFailure(item.id, { code: 'no-server', httpStatus: null });
    return { state: 'queued', failure: 'no-server', httpStatus: null, issues: [] };
  }
  const bundle = await repos.fhirOutbox.bundleOf(item.id);
  const result = await platform.sendToFhirServer({ operation: 'transaction', baseUrl: server.url, auth: server.auth, timeoutMs: FHIR_TIMEOUT_MS, bundle }).catch((): FhirSendResult => ({ status: 'failed', reason: 'unreachable', httpStatus: null }));
  if (result.status === 'accepted') {
    await repos.fhirOutbox.markSent(item.id, result.httpStatus);
    return { state: 'sent', resources: result.locations.length };
  }
  const failure = failureOf(result);
  await repos.fhirOutbox.recordFailure(item.id, failure);
  return { state: 'queued', failure: failure.code, httpStatus: failure.httpStatus, issues: failure.issues };
}

/** The configured server, or null (none, or its settings do not open). */
async function serverOf(repos: Repositories): Promise<FhirServer | null> {
  return repos.fhirServer.get().catch(() => null);
}

/**
 * "Send to FHIR server": makes the version's bundle, queues it (sealed, audited), then tries it at once.
 * Throws `FhirBuildError` when no bundle can be made (nothing queued).
 */
export async function sendVersion(repos: Repositories, platform: Platform, version: Pick<ReportVersion, 'documentId' | 'caseId' | 'version'>, language: Language): Promise<AttemptOutcome> {
  const bundle = await versionBundle(repos, version, language);
  const item = await repos.fhirOutbox.enqueue({ caseId: version.caseId, documentId: version.documentId, reportVersion: version.version, bundle: JSON.stringify(bundle), entries: bundle.entry?.length ?? 0 });
  const outcome = await attempt(repos, platform, await serverOf(repos), item);
  notify({ sent: outcome.state === 'sent' ? 1 : 0, queued: outcome.state === 'sent' ? 0 : 1, failure: outcome.state === 'sent' ? null : outcome.failure });
  return outcome;
}

export interface QueueRun {
  readonly sent: number;
  /** Items still queued after the run (due or not). */
  readonly queued: number;
  /** The last attempt's failure, if one failed. */
  readonly failure: OutboxFailure | null;
}

let running: Promise<QueueRun> | null = null;
const listeners = new Set<(run: QueueRun) => void>();

function notify(run: QueueRun): void {
  for (const listener of listeners) listener(run);
}

/** Calls `listener` after each send or run of the queue (the case screen refreshes); returns the unsubscribe. */
export function onFhirQueueRun(listener: (run: QueueRun) => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/**
 * Tries the queued items whose next attempt is due (every queued item with `all`: "Retry now"), oldest
 * first; stops at a server that cannot be reached or does not answer in time. One run at a time per window.
 */
export function runFhirQueue(repos: Repositories, platform: Platform, options: { readonly all?: boolean; readonly now?: () => Date } = {}): Promise<QueueRun> {
  running ??= (async (): Promise<QueueRun> => {
    const due = await repos.fhirOutbox.due((options.now ?? (() => new Date()))(), { all: options.all === true });
    let sent = 0;
    let failure: OutboxFailure | null = null;
    if (due.length > 0) {
      const server = await serverOf(repos);
      for (const item of due) {
        const outcome = await attempt(repos, platform, server, item);
        if (outcome.state === 'sent') sent += 1;
        else {
          failure = outcome.failure;
          if (failure === 'unreachable' || failure === 'timeout' || failure === 'no-server') break;
        }
      }
    }
    const run = { sent, queued: await repos.fhirOutbox.queuedCount(), failure };
    if (due.length > 0) notify(run);
    return run;
  })().finally(() => { running = null; });
  return running;
}

/**
 * While the vault is unlocked: tries the due items at once (unlock, app start) and every `every` ms;
 * each item's own backoff decides whether it is due. Returns the function that stops it (the vault locks).
 */
export function startFhirQueue(repos: Repositories, platform: Platform, every = FHIR_QUEUE_TICK_MS): () => void {
  const run = () => { void runFhirQueue(repos, platform).catch(() => undefined); };
  run();
  const timer = setInterval(run, every);
  return () => { clearInterval(timer); };
}

/** What "Test connection" found. */
export type ConnectionTest =
  | { readonly ok: true; readonly fhirVersion: string | null; readonly software: string | null }
  | { readonly ok: false; readonly failure: OutboxFailure; readonly httpStatus: number | null; readonly issues: readonly string[] };

/** GET [base]/metadata through the platform: a CapabilityStatement is success. */
export async function testFhirServer(platform: Platform, server: Pick<FhirServer, 'url' | 'auth'>): Promise<ConnectionTest> {
  const result = await platform.sendToFhirServer({ operation: 'metadata', baseUrl: server.url, auth: server.auth, timeoutMs: FHIR_TIMEOUT_MS }).catch((): FhirSendResult => ({ status: 'failed', reason: 'unreachable', httpStatus: null }));
  if (result.status === 'capability') return { ok: true, fhirVersion: result.fhirVersion, software: result.software };
  if (result.status === 'accepted') return { ok: false, failure: 'not-fhir', httpStatus: result.httpStatus, issues: [] };
  const failure = failureOf(result);
  return { ok: false, failure: failure.code, httpStatus: failure.httpStatus, issues: failure.issues };
}
