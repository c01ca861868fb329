import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EncounterType, FacilityCode } from '../../shared/domain/case';
import { useServices } from '../app/context';
import { hrefFor, navigate } from '../app/router';

/** Opens a new draft case: the encounter type and the facility code, nothing identifying. */
export function NewCaseScreen() {
  const { t } = useTranslation();
  const { repos } = useServices();
  const ids = { encounter: useId(), encounterHelp: useId(), facility: useId(), facilityHelp: useId(), facilityError: useId() };
  const [encounterType, setEncounterType] = useState<EncounterType>('admission');
  const [facility, setFacility] = useState('');
  const [facilityInvalid, setFacilityInvalid] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = facility.trim().toUpperCase();
    if (code !== '' && !FacilityCode.safeParse(code).success) {
      setFacilityInvalid(true);
      return;
    }
    setSaving(true);
    setFailed(false);
    repos.cases.create({ encounterType, facilityCode: code }).then(
      (created) => { navigate({ name: 'case', id: created.id }); },
      () => {
        setSaving(false);
        setFailed(true);
      },
    );
  };

  return (
    <main className="page" aria-labelledby="new-case-title">
      <h1 id="new-case-title">{t('newCase.title')}</h1>
      <form autoComplete="off" className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.encounter}>{t('newCase.encounterType')}</label>
          <select autoComplete="off"
            id={ids.encounter}
            aria-describedby={ids.encounterHelp}
            value={encounterType}
            onChange={(e) => { setEncounterType(EncounterType.parse(e.target.value)); }}
          >
            {EncounterType.options.map((option) => (
              <option key={option} value={option}>
                {t(`encounterType.${option}`)}
              </option>
            ))}
          </select>
          <p className="help" id={ids.encounterHelp}>{t('newCase.encounterTypeHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor={ids.facility}>{t('newCase.facility')}</label>
          <input
            id={ids.facility}
            value={facility}
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={facilityInvalid}
            aria-describedby={facilityInvalid ? `${ids.facilityError} ${ids.facilityHelp}` : ids.facilityHelp}
            onChange={(e) => {
              setFacility(e.target.value);
              setFacilityInvalid(false);
            }}
          />
          {facilityInvalid && (
            <p className="error" id={ids.facilityError}>{t('newCase.facilityInvalid')}</p>
          )}
          <p className="help" id={ids.facilityHelp}>{t('newCase.facilityHelp')}</p>
        </div>
        {failed && <p className="error" role="alert">{t('newCase.failed')}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {t('newCase.create')}
          </button>
          <a className="button" href={hrefFor({ name: 'cases' })}>
            {t('newCase.cancel')}
          </a>
        </div>
      </form>
    </main>
  );
}
