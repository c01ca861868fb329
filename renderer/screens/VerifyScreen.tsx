/**
 * "Verify a report": anyone at this computer opens a PDF and sees the verdict `attest verify` gives
 * (VALID, SIGNER NOT TRUSTED, MODIFIED, INVALID…), every signature in it (who, in what capacity,
 * which revision it covers, whether it is trusted here), what was changed after signing that the
 * signatures do not allow, and whether the file is a document the app stored (by SHA-256): a report
 * version, or a referral's anonymised report, summary or cover letter.
 *
 * Trusted here means this install's own identity or a certificate under Settings › Trusted
 * certificates. Nothing is stored; the file never leaves the page.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PdfVerification, SignatureReport } from '../../shared/signing';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { hrefFor } from '../app/router';
import type { StoredReferralDocumentMatch, StoredReportMatch } from '../db/repos';
import '../report/report.css';
import { addLoadedStrings } from '../app/i18n';
import { ReceivedReport } from '../report/ReceivedReport';
import { ImportReceivedAction } from '../received/ImportReceivedAction';

type State =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | {
      readonly state: 'done';
      readonly result: PdfVerification;
      readonly stored: Stored | null;
      /** Not stored as a whole, but a stored report version with countersignatures added after it. */
      readonly countersignedOf: StoredReportMatch | null;
      readonly bytes: Uint8Array;
    };

/** What the file is, when the app stored it: a report version, or a referral's document (anonymised report, summary, cover letter). */
type Stored = { readonly kind: 'report'; readonly match: StoredReportMatch } | { readonly kind: 'referral'; readonly match: StoredReferralDocumentMatch };

export function VerifyScreen() {
  const { t, i18n } = useTranslation();
  const formats = useFormats();
  useState(() => {
    addLoadedStrings(i18n);
    return true;
  });
  const { repos } = useServices();
  const inputId = useId();
  const [state, setState] = useState<State>({ state: 'idle' });

  async function check(file: File) {
    setState({ state: 'checking' });
    const [signing, bytes, identity, trusted, tsa] = await Promise.all([
      import('../../shared/signing'),
      file.arrayBuffer(),
      repos.identity.get().catch(() => null),
      repos.trust.list().catch(() => []),
      repos.timestampAuthority.get().catch(() => null),
    ]);
    const own = identity?.certificate ? [identity.certificate] : [];
    // The timestamp authority's certificates (Settings › Timestamp authority) are trusted for its tokens: a
    // token is only trusted with the timeStamping usage, so they vouch for no signer.
    const result = await signing.verifyPdf(new Uint8Array(bytes), { trust: { certificates: [...own, ...trusted.map((c) => c.der)], own }, ...(tsa ? { timestampTrust: { certificates: tsa.certificates } } : {}) });
    let stored: Stored | null = null;
    if (result.kind === 'signed') {
      const [report, referral] = await Promise.all([repos.reports.findBySha256(result.sha256).catch(() => null), repos.referrals.findBySha256(result.sha256).catch(() => null)]);
      stored = report ? { kind: 'report', match: report } : referral ? { kind: 'referral', match: referral } : null;
    }
    let countersignedOf: StoredReportMatch | null = null;
    if (stored === null && result.kind === 'signed') {
      const { recogniseCountersigned } = await import('../report/countersign');
      countersignedOf = (await recogniseCountersigned(repos, result, new Uint8Array(bytes)).catch(() => null))?.match ?? null;
    }
    setState({ state: 'done', result, stored, countersignedOf, bytes: new Uint8Array(bytes) });
  }

  const result = state.state === 'done' ? state.result : null;

  /** "time attested by <TSA>" when a trusted token gives the time, else "time claimed by the signer". */
  const timeText = (sig: SignatureReport, time: string): string => {
    if (sig.timeSource !== 'timestamp') return t('signing:verify.timeClaimed', { time });
    const tsa = sig.kind === 'timestamp' ? sig.signerName : (sig.signatureTimestamp?.tsaName ?? null);
    return tsa === null ? t('signing:verify.timeAttested', { time }) : t('signing:verify.timeAttestedBy', { time, tsa });
  };
  const describeKind = (sig: SignatureReport): string => {
    const parts = [t(`signing:verify.kind.${sig.kind}`)];
    if (sig.docMdpPermission !== null) parts.push(t(`signing:verify.permission.${String(sig.docMdpPermission)}`));
    if (sig.role !== null) parts.push(t(`signing:verify.role.${sig.role}`));
    return parts.join(', ');
  };

  return (
    <main className="page" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('signing:verify.title')}</h1>
      <p className="intro">{t('signing:verify.intro')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('signing:verify.choose')}</label>
        <input autoComplete="off"
          id={inputId}
          type="file"
          accept="application/pdf,.pdf"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) void check(file);
          }}
        />
      </div>
      <p role="status" aria-live="polite" className="muted">{state.state === 'checking' ? t('signing:verify.checking') : ''}</p>
      {result && (
        <section className={`verify-result verdict-${result.verdict}`} data-testid="verify-result" data-verdict={result.verdict}>
          <p className="verify-verdict">
            <strong data-testid="verify-verdict-word">{t(`signing:verify.verdictWord.${result.verdict}`)}</strong>
          </p>
          <p>{t(`signing:verify.verdict.${result.verdict}`)}</p>
          {result.kind === 'signed' && (
            <p data-testid="verify-stored">
              {state.state === 'done' && state.stored
                ? state.stored.kind === 'report'
                  ? t('signing:verify.stored', { version: state.stored.match.version, caseNumber: state.stored.match.caseNumber })
                  : t('signing:verify.storedReferral', {
                      document: t(`signing:verify.referralDocument.${state.stored.match.kind}`),
                      version: state.stored.match.reportVersion ?? '?',
                      caseNumber: state.stored.match.caseNumber,
                    })
                : state.state === 'done' && state.countersignedOf
                  ? t('signing:verify.storedCountersigned', { version: state.countersignedOf.version, caseNumber: state.countersignedOf.caseNumber })
                  : t('signing:verify.notStored')}
            </p>
          )}
          {result.changes.length > 0 && (
            <div className="verify-changes">
              <h2>{t('signing:verify.changes')}</h2>
              <ul data-testid="verify-changes">
                {result.changes.map((change, index) => (
                  <ChangeLine key={`${change.code}:${String(change.revision)}:${String(index)}`} change={change} />
                ))}
              </ul>
            </div>
          )}
          {result.signatures.map((sig) => (
            <div key={`${sig.fieldName ?? ''}:${String(sig.index)}`} className="verify-signature" data-testid="verify-signature">
              <h2>{t('signing:verify.signature', { number: sig.index })}</h2>
              <dl>
                <dt>{t('signing:verify.kindLabel')}</dt>
                <dd>{describeKind(sig)}</dd>
                <dt>{t('signing:verify.signer')}</dt>
                <dd>{sig.signerName === null ? t('signing:verify.unknown') : <bdi>{sig.signerName}</bdi>}</dd>
                <dt>{t('signing:verify.fingerprint')}</dt>
                <dd className="report-hash">
                  <code data-testid="verify-fingerprint">{sig.fingerprint ?? t('signing:verify.unknown')}</code>
                </dd>
                <dt>{t('signing:verify.time')}</dt>
                <dd data-testid="verify-time">{sig.signingTime ? timeText(sig, formats.dateTimeZone(sig.signingTime)) : t('signing:verify.unknown')}</dd>
                {sig.reason !== null && (
                  <>
                    <dt>{t('signing:verify.reason')}</dt>
                    <dd dir="auto">{sig.reason}</dd>
                  </>
                )}
                <dt>{t('signing:verify.integrity')}</dt>
                <dd>{sig.digestValid && sig.signatureValid ? t('signing:verify.intact') : t('signing:verify.broken')}</dd>
                <dt>{t('signing:verify.covers')}</dt>
                <dd>
                  {sig.revision === null
                    ? t('signing:verify.coversNone')
                    : t(sig.coversWholeDocument ? 'signing:verify.coversWhole' : 'signing:verify.coversPart', { revision: sig.revision, total: result.revisions })}
                </dd>
                <dt>{t('signing:verify.trust')}</dt>
                <dd data-testid="verify-trust" data-trust={sig.trust.status}>
                  {sig.trust.status === 'trusted' ? t(`signing:verify.trustState.${sig.trust.via ?? 'pinned'}`) : t('signing:verify.trustState.not-trusted')}
                  {sig.trust.problems.length > 0 && `: ${sig.trust.problems.map((p) => t(`signing:verify.trustProblem.${p}`)).join('; ')}`}
                  {sig.trust.status !== 'trusted' && (
                    <>
                      {' '}
                      <a href={hrefFor({ name: 'settings' })}>{t('signing:verify.openTrust')}</a>
                    </>
                  )}
                </dd>
                {sig.problems.length > 0 && (
                  <>
                    <dt>{t('signing:verify.problems')}</dt>
                    <dd>
                      <ul className="verify-problems">
                        {sig.problems.map((p) => (
                          <li key={p}>{t(`signing:verify.problem.${p}`)}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
              </dl>
            </div>
          ))}
          <p className="report-hash">
            <span className="muted">{t('signing:verify.sha256')} </span>
            <code>{result.sha256}</code>
          </p>
        </section>
      )}
      {state.state === 'done' && <ReceivedReport result={state.result} bytes={state.bytes} />}
      {state.state === 'done' && state.stored === null && state.countersignedOf === null && <ImportReceivedAction key={state.result.sha256} bytes={state.bytes} verification={state.result} />}
    </main>
  );
}

function ChangeLine({ change }: { readonly change: PdfVerification['changes'][number] }) {
  const { t } = useTranslation();
  const params = {
    signature: change.afterSignature,
    revision: change.revision,
    page: change.page ?? t('signing:verify.change.unknownPage'),
    field: change.field ?? t('signing:verify.change.unknownField'),
    object: change.object ?? '?',
    key: change.key ?? '?',
  };
  return <li data-code={change.code}>{t(`signing:verify.change.${change.code}`, params)}</li>;
}
