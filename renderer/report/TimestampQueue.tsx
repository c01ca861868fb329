/**
 * Runs the queue of versions waiting for a document timestamp (./timestamping.ts) while the vault is
 * unlocked: at once on unlock, then on a timer; and the FHIR outbox (renderer/fhir/push.ts). Renders
 * nothing; the version history shows the result.
 */
import { useEffect } from 'react';
import { useServices } from '../app/context';
import { startFhirQueue } from '../fhir/push';
import { startTimestampQueue } from './timestamping';

export function TimestampQueue() {
  const { repos, platform } = useServices();
  useEffect(() => startTimestampQueue(repos, platform), [repos, platform]);
  // Likewise the bundles waiting for the FHIR server (issue #18 item 5): at unlock, then on a timer.
  useEffect(() => startFhirQueue(repos, platform), [repos, platform]);
  return null;
}
