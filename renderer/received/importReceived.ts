/**
 * "Import as received case" (issue #18 item 2): the received PDF verified again with what is trusted
 * here (the install's own identity, Settings › Trusted certificates, the timestamp authority's
 * certificates for its tokens), its case file read from the signed revision by the same code as
 * `attest import` (shared/interop/receivedReport.ts), then stored sealed, all or nothing. A verdict
 * other than VALID is imported only when the clinician confirmed it (`acceptVerdict`), and is kept
 * beside the case. The same file imported again is found, not stored twice.
 */
import type { ReceivedRefusal } from '../../shared/interop/receivedReport';
import type { Verdict } from '../../shared/signing/verdict';
import type { Repositories } from '../db/repos';

export type ImportOutcome =
  | { readonly kind: 'imported'; readonly id: string; readonly duplicate: boolean }
  | { readonly kind: 'refused'; readonly refusal: ReceivedRefusal; readonly verdict: Verdict | null }
  /** Verified and read, but it could not be stored (nothing was). */
  | { readonly kind: 'failed' };

export async function importReceivedReport(repos: Repositories, pdf: Uint8Array, options: { readonly acceptVerdict: boolean; readonly now?: Date }): Promise<ImportOutcome> {
  const { sha256Hex } = await import('../../shared/bytes');
  const already = await repos.received.findByFileSha256(await sha256Hex(pdf));
  if (already !== null) return { kind: 'imported', id: already, duplicate: true };
  const [{ receiveReport }, identity, trusted, tsa] = await Promise.all([
    import('../../shared/interop/receivedReport'),
    repos.identity.get().catch(() => null),
    repos.trust.list().catch(() => []),
    repos.timestampAuthority.get().catch(() => null),
  ]);
  const own = identity?.certificate ? [identity.certificate] : [];
  const receivedAt = options.now ?? new Date();
  const result = await receiveReport(pdf, {
    trust: { certificates: [...own, ...trusted.map((c) => c.der)], own },
    ...(tsa ? { timestampTrust: { certificates: tsa.certificates } } : {}),
    acceptVerdict: options.acceptVerdict,
    now: receivedAt,
  });
  if (!result.ok) return { kind: 'refused', refusal: result.refusal, verdict: result.verdict };
  try {
    const stored = await repos.received.store(result.report, pdf, receivedAt);
    return { kind: 'imported', id: stored.id, duplicate: stored.duplicate };
  } catch {
    return { kind: 'failed' };
  }
}
