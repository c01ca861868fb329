/**
 * The passphrase strength meter of the screens that choose a passphrase (first run, Settings ›
 * Security). The estimator and its dictionaries are several MB, so they are loaded here, on demand
 * (`loadStrengthMeter`), never at start-up; the advice is shown in the UI language
 * (`loadStrengthTexts`). Scoring waits for a short pause in typing: one estimate takes tens of ms.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadStrengthTexts, type StrengthTexts } from '../../shared/i18n/strength';
import { loadStrengthMeter, MIN_PASSPHRASE_LENGTH, type PassphraseStrength } from '../../shared/vault/strength';
import { vaultText } from './vaultText';

const PAUSE_MS = 120;

interface Estimate {
  readonly passphrase: string;
  readonly strength: PassphraseStrength;
  readonly texts: StrengthTexts;
}

/** The latest estimate, with the advice texts of the UI language; null before the first one. */
export function usePassphraseStrength(passphrase: string): { readonly strength: PassphraseStrength; readonly texts: StrengthTexts; readonly current: boolean } | null {
  const { i18n } = useTranslation('vault');
  const [estimate, setEstimate] = useState<Estimate | null>(null);
  const language = i18n.language;
  useEffect(() => {
    if (passphrase === '') return undefined;
    let live = true;
    const timer = setTimeout(() => {
      Promise.all([loadStrengthMeter(), loadStrengthTexts(language)]).then(
        ([meter, texts]) => {
          if (live) setEstimate({ passphrase, strength: meter(passphrase), texts });
        },
        // The meter is advice; createVault / changePassphrase enforce the minimum whatever happens here.
        () => undefined,
      );
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [passphrase, language]);
  if (passphrase === '' || estimate === null) return null;
  return { strength: estimate.strength, texts: estimate.texts, current: estimate.passphrase === passphrase };
}

/** The advice for an estimate: our length rule first, then zxcvbn's warning and suggestions. */
export function strengthAdvice(t: Parameters<typeof vaultText>[0], strength: PassphraseStrength, texts: StrengthTexts): string[] {
  const advice: string[] = [];
  if (strength.tooShort) advice.push(vaultText(t, 'vault.strength.feedback.tooShort', { minimum: MIN_PASSPHRASE_LENGTH }));
  if (strength.warning !== null) advice.push(texts.warnings[strength.warning]);
  for (const suggestion of strength.suggestions) advice.push(texts.suggestions[suggestion]);
  if (strength.addWords) advice.push(vaultText(t, 'vault.strength.feedback.addWords'));
  return advice;
}

/** Meter, label and advice for `passphrase` (nothing while it is empty). */
export function PassphraseMeter({ id, passphrase }: { readonly id: string; readonly passphrase: string }) {
  const { t } = useTranslation('vault');
  const estimate = usePassphraseStrength(passphrase);
  const shown = passphrase === '' ? null : estimate;
  const advice = shown ? strengthAdvice(t, shown.strength, shown.texts) : [];
  return (
    <div className="strength" id={id} data-score={shown?.strength.score} aria-busy={shown !== null && !shown.current}>
      <meter min={0} max={4} low={2} high={3} optimum={4} value={shown?.strength.score ?? 0} aria-label={t('strength.label')} />
      {shown && (
        <>
          <p className="strength-label">
            {t('strength.label')}: <strong>{vaultText(t, shown.strength.labelKey)}</strong>
          </p>
          {advice.length > 0 && (
            <ul className="strength-feedback">
              {advice.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
