/**
 * "Record a copy given to the person" on a signed report version (issue #14 item 7). The examination
 * is locked once signed, so a copy handed over afterwards is recorded here: to whom and how (the
 * examination's own vocabularies), when (not in the future, not before the version was signed),
 * in which language (the languages recorded in the examination, or any BCP 47 tag) and an optional
 * note. The repository checks it again (zod) and stores it sealed, audited, in one transaction with
 * the case's overdue index.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CopyHandover } from '../../shared/domain/copyHandover';
import type { Examination } from '../../shared/domain/examination';
import { COPY_RECIPIENTS, DELIVERY_METHODS } from '../../shared/domain/vocab';
import { languageName } from '../../shared/report/sections/common';
import { useServices } from '../app/context';
import { InvalidCopyHandoverError, type ReportVersion, type StoredCopyHandover } from '../db/repos';
import { toLocalIso } from '../forms/format';
import { messageKey } from '../forms/fields';

export interface CopyHandoverFormProps {
  readonly caseId: string;
  readonly exam: Examination;
  readonly version: ReportVersion;
  readonly onSaved: (stored: StoredCopyHandover) => void;
  readonly onClose: () => void;
}

/** The languages recorded in the examination: the person's, then the interpreter's, without repeats. */
export function recordedLanguages(exam: Examination): string[] {
  const tags = [...(exam.identity?.languages ?? []), ...(exam.interpreter?.language ? [exam.interpreter.language] : [])];
  return [...new Set(tags)];
}

type Status = { readonly state: 'idle' } | { readonly state: 'saving' } | { readonly state: 'failed'; readonly messages: readonly string[] };

export function CopyHandoverForm({ caseId, exam, version, onSaved, onClose }: CopyHandoverFormProps) {
  const { t } = useTranslation();
  const { repos } = useServices();
  const id = useId();
  const field = (name: string) => `${id}-${name}`;
  const languages = useMemo(() => recordedLanguages(exam), [exam]);
  const [givenTo, setGivenTo] = useState<readonly string[]>([]);
  const [method, setMethod] = useState('');
  const [givenAt, setGivenAt] = useState('');
  const [language, setLanguage] = useState(languages[0] ?? '');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<Status>({ state: 'idle' });

  async function save() {
    setStatus({ state: 'saving' });
    const at = givenAt === '' ? null : new Date(givenAt);
    const input: Record<keyof CopyHandover, unknown> = {
      id: crypto.randomUUID(),
      reportVersion: version.version,
      givenTo,
      deliveryMethod: method === '' ? null : method,
      givenAt: at === null || Number.isNaN(at.getTime()) ? null : toLocalIso(at),
      language: language.trim(),
      note: note.trim() === '' ? null : note.trim(),
    };
    try {
      onSaved(await repos.copyHandovers.record(caseId, input));
    } catch (error) {
      const messages =
        error instanceof InvalidCopyHandoverError
          ? [...new Set(error.issues.map((issue) => `${t(`signing:copyHandover.field.${issue.path.split('.')[0] ?? ''}`, { defaultValue: '' })} ${t(messageKey(issue.message.startsWith('domain.') ? issue.message : 'domain.error.required'))}`.trim()))]
          : [t('signing:copyHandover.failed')];
      setStatus({ state: 'failed', messages });
    }
  }

  return (
    <div className="referral-form copy-handover-form" data-testid="copy-handover-form" role="group" aria-labelledby={field('title')}>
      <h3 id={field('title')}>{t('signing:copyHandover.title', { version: version.version })}</h3>
      <fieldset className="field">
        <legend>{t('signing:copyHandover.field.givenTo')}</legend>
        <div className="choices">
          {COPY_RECIPIENTS.map((code) => (
            <label key={code}>
              <input
                type="checkbox"
                checked={givenTo.includes(code)}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  setGivenTo((current) => (checked ? [...current, code] : current.filter((c) => c !== code)));
                }}
              />{' '}
              {t(`domain:vocab.copyRecipient.${code}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t('signing:copyHandover.field.deliveryMethod')}</legend>
        <div className="choices">
          {DELIVERY_METHODS.map((code) => (
            <label key={code}>
              <input type="radio" name={field('method')} checked={method === code} onChange={() => { setMethod(code); }} /> {t(`domain:vocab.deliveryMethod.${code}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={field('givenAt')}>{t('signing:copyHandover.field.givenAt')}</label>
        <input autoComplete="off" id={field('givenAt')} type="datetime-local" value={givenAt} onChange={(e) => { setGivenAt(e.currentTarget.value); }} />
        <p className="help">{t('signing:copyHandover.givenAtHelp', { date: version.signedAt.slice(0, 16).replace('T', ' ') })}</p>
      </div>
      <div className="field">
        <label htmlFor={field('language')}>{t('signing:copyHandover.field.language')}</label>
        <input autoComplete="off" id={field('language')} list={field('languages')} value={language} maxLength={35} onChange={(e) => { setLanguage(e.currentTarget.value); }} />
        <datalist id={field('languages')}>
          {languages.map((tag) => (
            <option key={tag} value={tag}>
              {languageName(tag)}
            </option>
          ))}
        </datalist>
        <p className="help">{languages.length > 0 ? t('signing:copyHandover.languageHelp', { languages: languages.map(languageName).join(', ') }) : t('signing:copyHandover.languageHelpNone')}</p>
      </div>
      <div className="field">
        <label htmlFor={field('note')}>{t('signing:copyHandover.field.note')}</label>
        <textarea autoComplete="off" id={field('note')} rows={2} maxLength={5000} value={note} onChange={(e) => { setNote(e.currentTarget.value); }} />
      </div>
      {status.state === 'failed' && (
        <ul className="error" role="alert" data-testid="copy-handover-errors">
          {status.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <button type="button" className="primary" disabled={status.state === 'saving'} onClick={() => { void save(); }}>
        {t('signing:copyHandover.save')}
      </button>{' '}
      <button type="button" onClick={onClose}>
        {t('signing:copyHandover.cancel')}
      </button>
    </div>
  );
}
