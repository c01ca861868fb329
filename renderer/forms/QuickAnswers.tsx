/**
 * Common answers in one action, above the answers they fill (issue #16). Consent: "all points
 * explained" and "consent given to all, now"; health screening: "screens completed, nothing found".
 *
 * Consent: common answers of the consent section in one action each, above the items they fill: "all points
 * explained" (each of the seven still a Yes/No of its own below) and "consent given to all, now" by
 * the method chosen here. Only what is not answered yet is filled: a refusal already recorded stays a
 * refusal, and every item stays visible and changeable one by one.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getAt } from '../../forms/model';
import { CONSENT_ITEMS, CONSENT_METHODS, EXPLAINED_ITEMS, type ConsentMethod } from '../../shared/domain/vocab';
import { toLocalIso } from './format';
import { interpreterOpen, type CarriedInterpreter } from './lastInterpreter';

function unanswered(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function ConsentQuick({ draft, onChange, disabled }: { readonly draft: unknown; readonly onChange: (path: string, value: unknown) => void; readonly disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [method, setMethod] = useState<ConsentMethod>('verbal');
  const openExplained = EXPLAINED_ITEMS.filter((key) => unanswered(getAt(draft, `consent.explained.${key}`)));
  const openItems = CONSENT_ITEMS.filter((key) => unanswered(getAt(draft, `consent.${key}.decision`)));
  const [done, setDone] = useState('');
  if (disabled) return null;
  return (
    <div className="consent-quick" role="group" aria-labelledby={`${id}-title`}>
      <h3 className="field-heading" id={`${id}-title`}>{t('form:quick.title')}</h3>
      <p className="help">{t('form:quick.help')}</p>
      <div className="consent-quick-row">
        <button
          type="button"
          disabled={openExplained.length === 0}
          onClick={() => {
            for (const key of openExplained) onChange(`consent.explained.${key}`, true);
            setDone(t('form:quick.explainedDone', { count: openExplained.length }));
          }}
        >
          {t('form:quick.allExplained')}
        </button>
      </div>
      <div className="consent-quick-row">
        <label htmlFor={`${id}-method`}>{t('form:quick.method')}</label>
        <select
          id={`${id}-method`}
          autoComplete="off"
          value={method}
          onChange={(e) => {
            const chosen = CONSENT_METHODS.find((m) => m === e.target.value);
            if (chosen !== undefined) setMethod(chosen);
          }}
        >
          {CONSENT_METHODS.map((m) => (
            <option key={m} value={m}>{t(`domain:vocab.consentMethod.${m}`)}</option>
          ))}
        </select>
        <button
          type="button"
          disabled={openItems.length === 0}
          onClick={() => {
            const at = toLocalIso(new Date());
            for (const key of openItems) {
              onChange(`consent.${key}.decision`, 'given');
              if (unanswered(getAt(draft, `consent.${key}.decidedAt`))) onChange(`consent.${key}.decidedAt`, at);
              if (unanswered(getAt(draft, `consent.${key}.method`))) onChange(`consent.${key}.method`, method);
            }
            // Consent to receive a copy implies the wish for one (rule E14): asked next is whether it was given.
            if (openItems.includes('copyToPerson') && unanswered(getAt(draft, 'consent.copyToPerson.wantsCopy'))) onChange('consent.copyToPerson.wantsCopy', true);
            setDone(t('form:quick.givenDone', { count: openItems.length }));
          }}
        >
          {t('form:quick.allGiven')}
        </button>
      </div>
      <p role="status" className="help">{done}</p>
    </div>
  );
}

/**
 * The screens' usual answer at a routine admission in one action: each required screen completed
 * with nothing found (no tuberculosis symptoms, no isolation; no attempts, thoughts or plan of
 * suicide, low risk, no special observation; no withdrawal, no opioid substitution). Only unanswered
 * values are filled; each stays in its screen below, to be changed one by one.
 */
const SCREENS_NOTHING_FOUND: readonly (readonly [string, unknown])[] = [
  ['screening.infectious.status', 'completed'],
  ['screening.infectious.tbSymptoms', false],
  ['screening.infectious.isolationRequired', false],
  ['screening.suicideSelfHarm.status', 'completed'],
  ['screening.suicideSelfHarm.priorAttempts', false],
  ['screening.suicideSelfHarm.ideation', false],
  ['screening.suicideSelfHarm.plan', false],
  ['screening.suicideSelfHarm.riskLevel', 'low'],
  ['screening.suicideSelfHarm.observationLevel', 'none'],
  ['screening.substances.status', 'completed'],
  ['screening.substances.withdrawalSigns', false],
  ['screening.substances.opioidSubstitutionBefore', false],
];

export function ScreeningQuick({ draft, onChange, disabled }: { readonly draft: unknown; readonly onChange: (path: string, value: unknown) => void; readonly disabled: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [done, setDone] = useState('');
  // Once a screen has a status, its answers are the clinician's: the common answer stays away from it.
  const open = SCREENS_NOTHING_FOUND.filter(([path]) => {
    const screen = path.split('.').slice(0, 2).join('.');
    return unanswered(getAt(draft, `${screen}.status`));
  });
  if (disabled) return null;
  return (
    <div className="consent-quick" role="group" aria-labelledby={`${id}-title`}>
      <h3 className="field-heading" id={`${id}-title`}>{t('form:quick.title')}</h3>
      <p className="help">{t('form:quick.screensHelp')}</p>
      <div className="consent-quick-row">
        <button
          type="button"
          disabled={open.length === 0}
          onClick={() => {
            for (const [path, value] of open) if (unanswered(getAt(draft, path))) onChange(path, value);
            setDone(t('form:quick.screensDone'));
          }}
        >
          {t('form:quick.screensNothingFound')}
        </button>
      </div>
      <p role="status" className="help">{done}</p>
    </div>
  );
}

/**
 * The interpreter service of the last cases, in one action (issue #16): offered while this case's
 * interpreter is not chosen yet, naming what it fills; it fills only what is unanswered, sets the
 * interpreter as used, and leaves the confidentiality undertaking to be asked for this case.
 */
export function InterpreterQuick({ draft, onChange, disabled, carried, languageName }: {
  readonly draft: unknown;
  readonly onChange: (path: string, value: unknown) => void;
  readonly disabled: boolean;
  readonly carried: CarriedInterpreter | null;
  readonly languageName: (tag: string) => string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [done, setDone] = useState('');
  if (disabled || carried === null || (done === '' && !interpreterOpen(draft))) return null;
  const parts = [
    t(`domain:vocab.interpreterType.${carried.type}`),
    ...(carried.language ? [languageName(carried.language)] : []),
    ...(carried.name ? [carried.name] : []),
  ];
  return (
    <div className="consent-quick" role="group" aria-labelledby={`${id}-title`}>
      <h3 className="field-heading" id={`${id}-title`}>{t('form:quick.title')}</h3>
      <p className="help">{t('form:quick.interpreterHelp')}</p>
      <div className="consent-quick-row">
        <button
          type="button"
          disabled={!interpreterOpen(draft)}
          onClick={() => {
            if (unanswered(getAt(draft, 'interpreter.status'))) onChange('interpreter.status', 'used');
            onChange('interpreter.type', carried.type);
            if (carried.language && unanswered(getAt(draft, 'interpreter.language'))) onChange('interpreter.language', carried.language);
            if (carried.gender && unanswered(getAt(draft, 'interpreter.gender'))) onChange('interpreter.gender', carried.gender);
            if (carried.name) onChange('interpreter.name', carried.name);
            setDone(t('form:quick.interpreterDone'));
          }}
        >
          {t('form:quick.sameInterpreter', { interpreter: parts.join(' · ') })}
        </button>
      </div>
      <p role="status" className="help">{done}</p>
    </div>
  );
}
