/**
 * "Verify a report": the clinician (or anyone at this computer) opens a PDF and sees whether its
 * signatures hold, who signed and when, whether the whole document is covered, every signature on
 * it, and whether it is a version stored here (by SHA-256). The same `verifyPdf` serves the CLI's
 * `attest verify`. Nothing is stored; the file never leaves the page.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PdfVerification } from '../../shared/signing';
import { catalogs, supportedLanguages } from '../../shared/i18n';
import { useServices } from '../app/context';
import type { StoredReportMatch } from '../db/repos';
import '../report/report.css';

type State =
  | { readonly state: 'idle' }
  | { readonly state: 'checking' }
  | { readonly state: 'done'; readonly result: PdfVerification; readonly stored: StoredReportMatch | null };

export function VerifyScreen() {
  const { t, i18n } = useTranslation();
  useState(() => {
    for (const language of supportedLanguages) i18n.addResourceBundle(language, 'signing', catalogs[language].signing, true, false);
    return true;
  });
  const { repos } = useServices();
  const inputId = useId();
  const [state, setState] = useState<State>({ state: 'idle' });

  async function check(file: File) {
    setState({ state: 'checking' });
    const [{ verifyPdf }, bytes] = await Promise.all([import('../../shared/signing'), file.arrayBuffer()]);
    const result = await verifyPdf(new Uint8Array(bytes));
    const stored = result.kind === 'signed' ? await repos.reports.findBySha256(result.sha256).catch(() => null) : null;
    setState({ state: 'done', result, stored });
  }

  const result = state.state === 'done' ? state.result : null;
  let verdict: string | null = null;
  if (result) verdict = result.kind === 'signed' ? (result.valid ? 'valid' : 'invalid') : result.kind;

  return (
    <main className="page" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('signing:verify.title')}</h1>
      <p className="intro">{t('signing:verify.intro')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('signing:verify.choose')}</label>
        <input
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
      {result && verdict && (
        <section className={`verify-result verdict-${verdict}`} data-testid="verify-result" data-verdict={verdict}>
          <p className="verify-verdict">
            <strong>{t(`signing:verify.verdict.${verdict}`)}</strong>
          </p>
          {result.kind === 'signed' && (
            <p data-testid="verify-stored">
              {state.state === 'done' && state.stored
                ? t('signing:verify.stored', { version: state.stored.version, caseNumber: state.stored.caseNumber })
                : t('signing:verify.notStored')}
            </p>
          )}
          {result.signatures.map((sig, index) => (
            <div key={`${sig.fieldName ?? ''}:${String(index)}`} className="verify-signature">
              <h2>{t('signing:verify.signature', { number: index + 1 })}</h2>
              <dl>
                <dt>{t('signing:verify.signer')}</dt>
                <dd>{sig.signerName ?? t('signing:verify.unknown')}</dd>
                <dt>{t('signing:verify.time')}</dt>
                <dd>{sig.signingTime ?? t('signing:verify.unknown')}</dd>
                <dt>{t('signing:verify.integrity')}</dt>
                <dd>{sig.digestValid && sig.signatureValid ? t('signing:verify.intact') : t('signing:verify.broken')}</dd>
                <dt>{t('signing:verify.coverage')}</dt>
                <dd>{sig.coversWholeDocument ? t('signing:verify.whole') : t('signing:verify.partial')}</dd>
                <dt>{t('signing:verify.fingerprint')}</dt>
                <dd className="report-hash">
                  <code>{sig.certificateSha256 ?? t('signing:verify.unknown')}</code>
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
    </main>
  );
}
