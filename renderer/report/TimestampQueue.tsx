/**
 * Runs the queue of versions waiting for a document timestamp (./timestamping.ts) while the vault is
 * unlocked: at once on unlock, then on a timer. Renders nothing; the version history shows the result.
 */
import { useEffect } from 'react';
import { useServices } from '../app/context';
import { startTimestampQueue } from './timestamping';

export function TimestampQueue() {
  const { repos, platform } = useServices();
  useEffect(() => startTimestampQueue(repos, platform), [repos, platform]);
  return null;
}
