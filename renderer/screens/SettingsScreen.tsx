import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/ipc';
import { useServices } from '../app/context';

export function SettingsScreen() {
  const { t } = useTranslation();
  const { platform } = useServices();
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    let live = true;
    platform.appInfo().then(
      (value) => { if (live) setInfo(value); },
      () => { if (live) setInfo(null); },
    );
    return () => { live = false; };
  }, [platform]);

  return (
    <main className="page" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      {info && <p>{t('settings.version', { version: info.version, platform: info.platform })}</p>}
    </main>
  );
}
