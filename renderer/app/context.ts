/** What every screen may use: the repositories and the host platform. Never Dexie directly. */
import { createContext, useContext } from 'react';
import type { Platform } from '../../shared/platform';
import type { Repositories, ResealTask, StatFactsTask } from '../db/repos';

export interface Services {
  readonly repos: Repositories;
  readonly platform: Platform;
  /** The background pass sealing what an earlier version stored in clear, while one runs. */
  readonly reseal?: ResealTask | null;
  /** The background run adding the statistics facts missing after an upgrade or a restore. */
  readonly statFacts?: StatFactsTask | null;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside ServicesContext');
  return services;
}
