/**
 * Settings: the registry of competent authorities and the jurisdiction's reporting policy (issue #7;
 * domain guide D4, rule E13). Both are settings, checked by the settings repository's zod schemas;
 * a referral keeps the authority id and the policy it was started under.
 */
import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Authority } from '../../../shared/domain/authority';
import { AUTHORITY_TYPES, DELIVERY_METHODS, REPORTING_POLICIES, type AuthorityType, type DeliveryMethod, type ReportingPolicy } from '../../../shared/domain/vocab';
import { useSaveSettings, useSettings } from '../../app/settings';
import { typedTextDir } from '../../app/languages';
import { addReferralStrings } from '../../referral/strings';

interface Draft {
  readonly id: string;
  readonly name: string;
  readonly type: AuthorityType;
  readonly contact: string;
  readonly preferredChannel: DeliveryMethod | '';
}

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

function emptyDraft(): Draft {
  return { id: crypto.randomUUID(), name: '', type: 'judicial', contact: '', preferredChannel: '' };
}

export function AuthoritiesSection() {
  const { t, i18n } = useTranslation('referral');
  useState(() => {
    addReferralStrings(i18n);
    return true;
  });
  const settings = useSettings();
  const save = useSaveSettings();
  const id = useId();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problems, setProblems] = useState<{ name: boolean; contact: boolean }>({ name: false, contact: false });
  const [state, setState] = useState<SaveState>('idle');
  const [policy, setPolicy] = useState<ReportingPolicy>(settings.reportingPolicy);
  const [policyState, setPolicyState] = useState<SaveState>('idle');

  function store(authorities: readonly Authority[]) {
    setState('saving');
    save({ authorities }).then(
      () => {
        setState('saved');
        setDraft(null);
      },
      () => { setState('failed'); },
    );
  }

  function onSubmit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft) return;
    const candidate = { id: draft.id, name: draft.name.trim(), type: draft.type, contact: draft.contact.trim(), ...(draft.preferredChannel === '' ? {} : { preferredChannel: draft.preferredChannel }) };
    const parsed = Authority.safeParse(candidate);
    if (!parsed.success) {
      const paths = parsed.error.issues.map((issue) => issue.path[0]);
      setProblems({ name: paths.includes('name'), contact: paths.includes('contact') });
      return;
    }
    setProblems({ name: false, contact: false });
    const others = settings.authorities.filter((a) => a.id !== parsed.data.id);
    const index = settings.authorities.findIndex((a) => a.id === parsed.data.id);
    const next = index < 0 ? [...others, parsed.data] : [...others.slice(0, index), parsed.data, ...others.slice(index)];
    store(next);
  }

  function savePolicy(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    setPolicyState('saving');
    save({ reportingPolicy: policy }).then(
      () => { setPolicyState('saved'); },
      () => { setPolicyState('failed'); },
    );
  }

  const field = (name: string) => `${id}-${name}`;
  return (
    <>
      <section aria-labelledby={field('title')} data-testid="authorities-section">
        <h2 id={field('title')} className="section-title">{t('settings.authoritiesTitle')}</h2>
        <p className="help">{t('settings.authoritiesIntro')}</p>
        {settings.authorities.length === 0 ? (
          <p className="muted">{t('settings.none')}</p>
        ) : (
          <ul className="authority-list" data-testid="authority-list">
            {settings.authorities.map((a) => (
              <li key={a.id}>
                <strong><bdi>{a.name}</bdi></strong> <span className="muted">({t(`domain:vocab.authorityType.${a.type}`)}{a.preferredChannel ? `, ${t(`domain:vocab.deliveryMethod.${a.preferredChannel}`)}` : ''})</span>
                <div className="muted small-text" dir="auto">{a.contact}</div>
                <button type="button" className="small" onClick={() => { setDraft({ id: a.id, name: a.name, type: a.type, contact: a.contact, preferredChannel: a.preferredChannel ?? '' }); setState('idle'); }}>
                  {t('settings.edit')}
                </button>{' '}
                <button type="button" className="small" disabled={state === 'saving'} onClick={() => { store(settings.authorities.filter((other) => other.id !== a.id)); }}>
                  {t('settings.remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {draft === null ? (
          <button type="button" onClick={() => { setDraft(emptyDraft()); setState('idle'); }}>
            {t('settings.add')}
          </button>
        ) : (
          <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate aria-label={t('settings.authoritiesTitle')}>
            <div className="field">
              <label htmlFor={field('name')}>{t('settings.name')}</label>
              <input autoComplete="off" dir={typedTextDir(draft.name)} id={field('name')} value={draft.name} maxLength={200} aria-invalid={problems.name} onChange={(e) => { setDraft({ ...draft, name: e.currentTarget.value }); }} />
              {problems.name && <p className="error">{t('settings.nameRequired')}</p>}
            </div>
            <div className="field">
              <label htmlFor={field('type')}>{t('settings.type')}</label>
              <select autoComplete="off" id={field('type')} value={draft.type} onChange={(e) => { setDraft({ ...draft, type: e.currentTarget.value as AuthorityType }); }}>
                {AUTHORITY_TYPES.map((code) => <option key={code} value={code}>{t(`domain:vocab.authorityType.${code}`)}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor={field('contact')}>{t('settings.contact')}</label>
              <textarea autoComplete="off" dir={typedTextDir(draft.contact)} id={field('contact')} rows={2} value={draft.contact} maxLength={2000} aria-invalid={problems.contact} onChange={(e) => { setDraft({ ...draft, contact: e.currentTarget.value }); }} />
              {problems.contact && <p className="error">{t('settings.contactRequired')}</p>}
            </div>
            <div className="field">
              <label htmlFor={field('channel')}>{t('settings.preferredChannel')}</label>
              <select autoComplete="off" id={field('channel')} value={draft.preferredChannel} onChange={(e) => { setDraft({ ...draft, preferredChannel: e.currentTarget.value as DeliveryMethod | '' }); }}>
                <option value="">{t('settings.noChannel')}</option>
                {DELIVERY_METHODS.map((code) => <option key={code} value={code}>{t(`domain:vocab.deliveryMethod.${code}`)}</option>)}
              </select>
            </div>
            <div className="actions">
              <button type="submit" className="primary" disabled={state === 'saving'}>{t('settings.save')}</button>{' '}
              <button type="button" onClick={() => { setDraft(null); }}>{t('settings.cancel')}</button>
            </div>
          </form>
        )}
        <p role="status" className={state === 'failed' ? 'error' : 'help'}>
          {state === 'saved' ? t('settings.saved') : state === 'failed' ? t('settings.saveFailed') : ''}
        </p>
      </section>
      <section aria-labelledby={field('policy')} data-testid="policy-section">
        <h2 id={field('policy')} className="section-title">{t('settings.policyTitle')}</h2>
        <form autoComplete="off" className="form" onSubmit={savePolicy}>
          <fieldset>
            <legend>{t('settings.policyIntro')}</legend>
            {REPORTING_POLICIES.map((code) => (
              <div key={code} className="field">
                <label>
                  <input autoComplete="off" type="radio" name={field('policy-choice')} value={code} checked={policy === code} onChange={() => { setPolicy(code); setPolicyState('idle'); }} />{' '}
                  {t(`domain:vocab.reportingPolicy.${code}`)}
                </label>
                <p className="help">{t(code === 'automatic' ? 'domain:referralGuidance.automatic' : 'domain:referralGuidance.consentBased')}</p>
              </div>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={policyState === 'saving'}>{t('settings.policySave')}</button>
            <p role="status" className={policyState === 'failed' ? 'error' : 'help'}>
              {policyState === 'saved' ? t('settings.saved') : policyState === 'failed' ? t('settings.saveFailed') : ''}
            </p>
          </div>
        </form>
      </section>
    </>
  );
}
