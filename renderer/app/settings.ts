/**
 * The clinician's settings for every screen: `useSettings()` reads them (the arrival → examination
 * limit, the examiner's languages); `useSaveSettings()` changes them through the settings repository.
 * The provider shows its children once the stored settings are read, so no screen ever works with a
 * limit other than the one the clinician set.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_SETTINGS, type AppSettings, type SettingsPatch } from '../db/repos';
import { useServices } from './context';

export interface SettingsState {
  readonly settings: AppSettings;
  /** Stores a change; rejects (storing nothing) when a value is refused. */
  readonly save: (patch: SettingsPatch) => Promise<AppSettings>;
}

export const SettingsContext = createContext<SettingsState | null>(null);

export function SettingsProvider({ children }: { readonly children: ReactNode }) {
  const { repos } = useServices();
  const [settings, setSettings] = useState<AppSettings | null>(null);
  // The read starts with the first render, not after it: every screen waits for it.
  const [firstRead] = useState(() => repos.settings.get());

  useEffect(() => {
    let live = true;
    firstRead.then(
      (value) => { if (live) setSettings(value); },
      (error: unknown) => {
        // Unreadable settings must not keep the app closed: work with the defaults (24 h).
        console.error('Attest: settings could not be read', error instanceof Error ? error.name : 'unknown');
        if (live) setSettings(DEFAULT_SETTINGS);
      },
    );
    return () => { live = false; };
  }, [firstRead]);

  const save = useCallback(
    async (patch: SettingsPatch) => {
      const next = await repos.settings.update(patch);
      setSettings(next);
      return next;
    },
    [repos],
  );

  const value = useMemo(() => (settings ? { settings, save } : null), [settings, save]);
  if (!value) return null;
  return createElement(SettingsContext.Provider, { value }, children);
}

function useSettingsState(): SettingsState {
  const state = useContext(SettingsContext);
  if (!state) throw new Error('useSettings outside SettingsProvider');
  return state;
}

/** The current settings. */
export function useSettings(): AppSettings {
  return useSettingsState().settings;
}

/** Stores a change to the settings; every screen then sees the new values. */
export function useSaveSettings(): SettingsState['save'] {
  return useSettingsState().save;
}
