/**
 * A received case, read-only (issue #18 item 2): where it came from (when it was received, the
 * verdict at import and whether it was accepted on confirmation, every signer with kind, fingerprint
 * and trust, the file's and the case file's SHA-256), the report it was read from (version, date,
 * place, the examining clinician), the PDF as received for download, and the record itself: every
 * field in the examination form, disabled, and the lesion table. Nothing here can be changed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { admissionExaminationV1, formDefinition, type FormDefinition } from '../../forms';
import type { Examination } from '../../shared/domain/examination';
import { useServices } from '../app/context';
import { useFormats } from '../app/format';
import { addLoadedStrings } from '../app/i18n';
import { hrefFor } from '../app/router';
import { useSettings } from '../app/settings';
import type { ReceivedCase } from '../db/repos';
import { assessDraft } from '../forms/assessment';
import { FormView } from '../forms/FormView';
import { displayedMessages } from '../forms/placement';
import './received.css';

type Load = { readonly state: 'loading' } | { readonly state: 'missing' } | { readonly state: 'failed' } | { readonly state: 'ready'; readonly received: ReceivedCase };

function formOf(exam: Examination): FormDefinition {
  const { formId, formVersion } = exam as { formId?: unknown; formVersion?: unknown };
  return (typeof formId === 'string' && typeof formVersion === 'number' ? formDefinition(formId, formVersion) : undefined) ?? admissionExaminationV1;
}

export function ReceivedCaseScreen({ id }: { readonly id: string }) {
  const { t, i18n } = useTranslation();
  useState(() => {
    addLoadedStrings(i18n);
    return true;
  });
  const { repos } = useServices();
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    repos.received.get(id).then(
      (received) => { if (live) setLoad(received === null ? { state: 'missing' } : { state: 'ready', received }); },
      () => { if (live) setLoad({ state: 'failed' }); },
    );
    return () => { live = false; };
  }, [repos, id]);

  if (load.state === 'loading') return <main className="page" aria-busy="true">{t('app:loading')}</main>;
  if (load.state !== 'ready') {
    return (
      <main className="page">
        <p className="banner" role="alert">{t(load.state === 'missing' ? 'signing:received.view.notFound' : 'signing:received.view.unreadable')}</p>
        <a href={hrefFor({ name: 'received' })}>{t('signing:received.view.back')}</a>
      </main>
    );
  }
  return <ReceivedCaseView received={load.received} />;
}

function ReceivedCaseView({ received }: { readonly received: ReceivedCase }) {
  const { t } = useTranslation();
  const formats = useFormats();
  const settings = useSettings();
  const { repos, platform } = useServices();
  const [downloadFailed, setDownloadFailed] = useState(false);
  const { caseFile, provenance, summary } = received;
  const exam = caseFile.examination;
  const form = useMemo(() => formOf(exam), [exam]);
  const ctx = useMemo(() => ({ now: new Date(), thresholdHours: settings.thresholdHours, examinerLanguages: settings.examinerLanguages }), [settings.thresholdHours, settings.examinerLanguages]);
  const assessment = useMemo(() => assessDraft(exam, ctx), [exam, ctx]);
  const messages = useMemo(() => displayedMessages(form, assessment.messages), [form, assessment.messages]);
  const verdict = t(`signing:verify.verdictWord.${provenance.verdict}`);
  const clinician = caseFile.clinician;

  async function download() {
    setDownloadFailed(false);
    try {
      const bytes = await repos.received.pdf(summary.id);
      // No case data in the file name: the start of the received case's id.
      await platform.saveFile({ suggestedName: `attest-received-${summary.id.slice(0, 8)}.pdf`, kind: 'pdf', bytes: new Uint8Array(bytes) });
    } catch {
      setDownloadFailed(true);
    }
  }

  return (
    <main className="page received-case" aria-labelledby="received-case-title" data-testid="received-case">
      <p>
        <a href={hrefFor({ name: 'received' })}>{t('signing:received.view.back')}</a>
      </p>
      <h1 id="received-case-title">
        {t('signing:received.view.title')} <bdi data-testid="received-case-number">{caseFile.caseNumber}</bdi>
      </h1>
      <p className="received-readonly">{t('signing:received.view.readOnly')}</p>

      <section className="form-section received-provenance" aria-labelledby="received-provenance-title" data-testid="received-provenance">
        <h2 id="received-provenance-title">{t('signing:received.view.provenance')}</h2>
        <dl>
          <dt>{t('signing:received.view.receivedAt')}</dt>
          <dd>{formats.dateTimeZone(provenance.receivedAt)}</dd>
          <dt>{t('signing:received.view.verdict')}</dt>
          <dd data-testid="received-verdict" data-verdict={provenance.verdict}>
            <strong>{verdict}</strong>
            {provenance.verdictAccepted && <span className="received-accepted"> {t('signing:received.view.acceptedNote')}</span>}
          </dd>
          <dt>{t('signing:received.view.signers')}</dt>
          <dd>
            <ul className="received-signers">
              {provenance.signers.map((signer, index) => (
                <li key={`${signer.fingerprint ?? ''}:${String(index)}`} data-testid="received-signer">
                  <bdi>{signer.name ?? t('signing:verify.unknown')}</bdi>
                  {': '}
                  {t('signing:received.view.signerLine', {
                    kind: t(`signing:verify.kind.${signer.kind}`),
                    trust: t(signer.trusted ? 'signing:received.view.trusted' : 'signing:received.view.notTrusted'),
                    time: signer.signingTime === null ? t('signing:verify.unknown') : formats.dateTimeZone(signer.signingTime),
                  })}
                  <br />
                  <span className="muted">{t('signing:verify.fingerprint')} </span>
                  <code className="report-hash">{signer.fingerprint ?? t('signing:verify.unknown')}</code>
                </li>
              ))}
            </ul>
          </dd>
          <dt>{t('signing:received.view.fileSha256')}</dt>
          <dd>
            <code data-testid="received-file-sha256">{provenance.fileSha256}</code>
          </dd>
          <dt>{t('signing:received.view.caseFile')}</dt>
          <dd>
            {t('signing:received.view.caseFileLine', { name: provenance.caseFile.name })} <code data-testid="received-casefile-sha256">{provenance.caseFile.sha256}</code>
          </dd>
          <dt>{t('signing:received.view.report')}</dt>
          <dd data-testid="received-report">
            {t('signing:received.view.reportLine', { version: caseFile.reportVersion, date: formats.dateTimeZone(caseFile.issuedAt) })} <bdi>{caseFile.place}</bdi>
          </dd>
          <dt>{t('signing:received.view.clinician')}</dt>
          <dd data-testid="received-clinician">
            <bdi>{clinician.name}</bdi>
            {clinician.institution ? (
              <>
                {', '}
                <bdi>{clinician.institution}</bdi>
              </>
            ) : null}
          </dd>
        </dl>
        <div className="actions">
          <button type="button" onClick={() => { void download(); }}>
            {t('signing:received.view.download')}
          </button>
        </div>
        {downloadFailed && <p className="error" role="alert">{t('signing:received.view.downloadFailed')}</p>}
      </section>

      <h2>{t('signing:received.view.record')}</h2>
      <LesionList exam={exam} />
      <FormView form={form} draft={exam} assessment={assessment} messagesFor={messages} onChange={() => undefined} readOnly />
    </main>
  );
}

function LesionList({ exam }: { readonly exam: Examination }) {
  const { t } = useTranslation();
  const lesions = exam.findings?.lesions ?? [];
  const vocab = (group: string, code: string | null | undefined) => (code === null || code === undefined || code === '' ? '' : t(`domain:vocab.${group}.${code}`));
  return (
    <section className="form-section" aria-labelledby="received-lesions-title">
      <h3 id="received-lesions-title">{t('signing:received.view.lesions')}</h3>
      {lesions.length === 0 ? (
        <p className="muted">{t('findings:noLesions')}</p>
      ) : (
        <table className="received-lesions" data-testid="received-lesions">
          <thead>
            <tr>
              <th scope="col">{t('findings:column.number')}</th>
              <th scope="col">{t('findings:column.where')}</th>
              <th scope="col">{t('findings:column.type')}</th>
              <th scope="col">{t('findings:column.size')}</th>
              <th scope="col">{t('findings:column.consistency')}</th>
            </tr>
          </thead>
          <tbody>
            {lesions.map((lesion) => {
              const where = [vocab('bodyRegion', lesion.region), vocab('bodySide', lesion.side), vocab('lesionView', lesion.view)].filter((s) => s !== '').join(', ');
              const length = lesion.lengthCm ?? null;
              const width = lesion.widthCm ?? null;
              const size =
                lesion.notMeasurable === true
                  ? t('findings:notMeasurable')
                  : length !== null && width !== null
                    ? t('findings:sizeCm', { length: String(length), width: String(width) })
                    : length !== null
                      ? t('findings:lengthCm', { length: String(length) })
                      : '';
              return (
                <tr key={lesion.id}>
                  <td>L{lesion.lesionNo}</td>
                  <td>{where}</td>
                  <td>{vocab('lesionType', lesion.type)}</td>
                  <td>{size}</td>
                  <td>{vocab('consistency', lesion.consistency) || t('findings:noConsistency')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
