import { useTranslation } from 'react-i18next';

export function AboutScreen() {
  const { t } = useTranslation();
  return (
    <main className="page" aria-labelledby="about-title">
      <h1 id="about-title">{t('about.title')}</h1>
      <p>{t('about.body')}</p>
    </main>
  );
}
