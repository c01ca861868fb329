import { Suspense, lazy, useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { AboutScreen } from '../screens/AboutScreen';
import { CaseListScreen } from '../screens/CaseListScreen';
import { NewCaseScreen } from '../screens/NewCaseScreen';
import { SettingsScreen } from '../screens/SettingsScreen';
import { useVaultControls } from '../vault/context';
import type { RotationControl } from '../vault/session';
import { useSettings } from './settings';
import { useServices } from './context';
import type { ResealTask, StatFactsTask } from '../db/repos';
import { isAvailable } from './languages';
import { ErrorBoundary } from './ErrorBoundary';
import { hrefFor, useRoute, type Route } from './router';
import { switchUiLanguage } from './i18n';

// The examination screen (forms, domain rules, their strings) loads on first use, so the case list
// appears sooner at start-up.
const CaseScreen = lazy(() => import('../screens/CaseScreen').then((m) => ({ default: m.CaseScreen })));
const StatisticsScreen = lazy(() => import('../screens/StatisticsScreen').then((m) => ({ default: m.StatisticsScreen })));
const OverdueScreen = lazy(() => import('../screens/OverdueScreen').then((m) => ({ default: m.OverdueScreen })));
const VerifyScreen = lazy(() => import('../screens/VerifyScreen').then((m) => ({ default: m.VerifyScreen })));
const ReceivedListScreen = lazy(() => import('../received/ReceivedListScreen').then((m) => ({ default: m.ReceivedListScreen })));
const ReceivedCaseScreen = lazy(() => import('../received/ReceivedCaseScreen').then((m) => ({ default: m.ReceivedCaseScreen })));

const navItems: readonly { readonly route: Route; readonly key: 'cases' | 'overdue' | 'verify' | 'received' | 'statistics' | 'settings' | 'about' }[] = [
  { route: { name: 'cases' }, key: 'cases' },
  { route: { name: 'overdue' }, key: 'overdue' },
  { route: { name: 'verify' }, key: 'verify' },
  { route: { name: 'received' }, key: 'received' },
  { route: { name: 'statistics' }, key: 'statistics' },
  { route: { name: 'settings' }, key: 'settings' },
  { route: { name: 'about' }, key: 'about' },
];

/**
 * The progress of the background pass that seals what an earlier version stored in clear (the first
 * unlock after such an upgrade): shown in the sidebar on every screen until it ends.
 */
function ResealStatus({ task }: { readonly task: ResealTask }) {
  const { t } = useTranslation();
  const progress = useSyncExternalStore(task.subscribe, task.current);
  if (progress === null || progress.done) return null;
  return (
    <p role="status" className="reseal-progress">
      {t('reseal.progress', { done: progress.checked, total: progress.total })}
    </p>
  );
}

/**
 * The progress of the background run that computes the statistics facts missing after an upgrade or a
 * restore: shown in the sidebar on every screen while cases are left (the statistics screen waits for it).
 */
function StatFactsStatus({ task }: { readonly task: StatFactsTask }) {
  const { t } = useTranslation();
  const state = useSyncExternalStore(task.subscribe, task.current);
  if (state === null || state.finished || state.progress.total === 0) return null;
  return (
    <p role="status" className="reseal-progress" data-testid="stat-facts-progress">
      {t('statFacts.progress', { done: state.progress.done, total: state.progress.total })}
    </p>
  );
}

/**
 * The progress of a key rotation ("Replace all keys") under way, resumed at unlock or started from
 * Settings › Security: shown in the sidebar on every screen until it ends.
 */
function RotationStatus({ rotation }: { readonly rotation: RotationControl }) {
  const { t } = useTranslation('vault');
  const state = useSyncExternalStore(rotation.subscribe, rotation.current);
  if (state?.phase !== 'running') return null;
  return (
    <p role="status" className="reseal-progress" data-testid="rotation-progress">
      {t('security.rotateBanner', { done: state.done, total: state.total })}
    </p>
  );
}

/** The app shell: navigation on the left, the current screen on the right. */
export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const vault = useVaultControls();
  const { reseal, statFacts } = useServices();
  const { autoLockMinutes, uiLanguage } = useSettings();
  // The screens follow the stored UI language (chosen in Settings, or restored from a backup).
  useEffect(() => {
    if (uiLanguage !== null && isAvailable(uiLanguage) && uiLanguage !== i18n.language) void switchUiLanguage(i18n, uiLanguage);
  }, [uiLanguage, i18n]);
  const setAutoLock = vault?.setAutoLockAfterMs;
  // The idle lock follows the clinician's setting once it is read.
  useEffect(() => {
    setAutoLock?.(autoLockMinutes * 60_000);
  }, [setAutoLock, autoLockMinutes]);
  const section = route.name === 'newCase' || route.name === 'case' ? 'cases' : route.name === 'receivedCase' ? 'received' : route.name;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">{t('appName')}</div>
        <ul>
          {navItems.map((item) => (
            <li key={item.key}>
              <a href={hrefFor(item.route)} aria-current={section === item.key ? 'page' : undefined}>
                {t(`nav.${item.key}`)}
              </a>
            </li>
          ))}
        </ul>
        {reseal && <ResealStatus task={reseal} />}
        {statFacts && <StatFactsStatus task={statFacts} />}
        {vault && <RotationStatus rotation={vault.rotation} />}
        {vault && (
          <div className="sidebar-lock">
            <button type="button" className="lock-button" onClick={vault.lock} title={t('lock.hint', { ns: 'vault', minutes: Math.round(vault.autoLockAfterMs / 60_000) })}>
              {t('lock.button', { ns: 'vault' })}
            </button>
          </div>
        )}
      </nav>
      <div id="main" className="content" tabIndex={-1}>
        <ErrorBoundary title={t('error.title')} message={t('error.unexpected')} reloadLabel={t('error.reload')}>
          {route.name === 'cases' && <CaseListScreen />}
          {route.name === 'newCase' && <NewCaseScreen />}
          {route.name === 'case' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <CaseScreen key={route.id} id={route.id} />
            </Suspense>
          )}
          {route.name === 'verify' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <VerifyScreen />
            </Suspense>
          )}
          {route.name === 'received' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <ReceivedListScreen />
            </Suspense>
          )}
          {route.name === 'receivedCase' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <ReceivedCaseScreen key={route.id} id={route.id} />
            </Suspense>
          )}
          {route.name === 'statistics' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <StatisticsScreen />
            </Suspense>
          )}
          {route.name === 'overdue' && (
            <Suspense fallback={<main className="page" aria-busy="true">{t('loading')}</main>}>
              <OverdueScreen />
            </Suspense>
          )}
          {route.name === 'settings' && <SettingsScreen />}
          {route.name === 'about' && <AboutScreen />}
        </ErrorBoundary>
      </div>
    </div>
  );
}
