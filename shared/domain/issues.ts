/**
 * Turns zod issues into what a clinician reads: a field path, a message key (./messageKeys.ts; the
 * text is in each language's catalog), and the values to interpolate. Schemas in this folder put message keys
 * in their `error` options; issues zod raises on its own (a wrong type, an unknown field) are mapped
 * to generic keys, so that every issue has readable text and none shows zod's developer English.
 */
import type { z } from 'zod';
import { DOMAIN_ERROR_NAMES, RULE_MESSAGE_NAMES, type DomainErrorName } from './messageKeys';
import type { MessageParams, RuleMessageKey } from './rules/types';

/** A message key of a schema issue. */
export type DomainErrorKey = `domain.error.${DomainErrorName}`;
/** Any message key of the domain: schema issues and rule findings. */
export type DomainMessageKey = DomainErrorKey | RuleMessageKey;

/** A schema issue for a person: where, what (as a message key), and the values in the message. */
export interface DescribedIssue {
  /** Dot path of the field, e.g. `screening.vitals.pulse` or `provenance.priorPlacesOfDetention.0.to`; empty for the whole record. */
  readonly path: string;
  readonly messageKey: DomainMessageKey;
  readonly params: MessageParams;
}

/** Whether `value` is a message key of the domain catalog. */
export function isDomainMessageKey(value: string): value is DomainMessageKey {
  const match = /^domain\.(error|rule)\.([A-Za-z0-9]+)$/.exec(value);
  if (match === null) return false;
  const [, group, name] = match;
  const names: readonly string[] = group === 'error' ? DOMAIN_ERROR_NAMES : RULE_MESSAGE_NAMES;
  return name !== undefined && names.includes(name);
}

function scalarParams(source: Readonly<Record<string, unknown>> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (source === undefined) return out;
  for (const [key, value] of Object.entries(source)) if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  return out;
}

function fallbackKey(issue: z.core.$ZodIssue): DomainErrorKey {
  switch (issue.code) {
    case 'invalid_type':
      return 'domain.error.invalidType';
    case 'too_big':
      return issue.origin === 'string' ? 'domain.error.tooLong' : issue.origin === 'array' ? 'domain.error.tooManyItems' : 'domain.error.tooLarge';
    case 'too_small':
      return issue.origin === 'string' ? 'domain.error.tooShort' : issue.origin === 'array' ? 'domain.error.tooFewItems' : 'domain.error.tooSmall';
    case 'invalid_format':
      return issue.format === 'datetime' ? 'domain.error.dateTimeFormat' : issue.format === 'date' ? 'domain.error.dateFormat' : 'domain.error.format';
    case 'invalid_value':
      return 'domain.error.notInList';
    case 'unrecognized_keys':
      return 'domain.error.unknownField';
    default:
      return 'domain.error.invalid';
  }
}

function paramsOf(issue: z.core.$ZodIssue): Record<string, string | number> {
  switch (issue.code) {
    case 'custom':
      return scalarParams(issue.params);
    case 'too_big':
      return { maximum: Number(issue.maximum) };
    case 'too_small':
      return { minimum: Number(issue.minimum) };
    case 'unrecognized_keys':
      return { keys: issue.keys.join(', ') };
    default:
      return {};
  }
}

/** Describes one zod issue. */
export function describeIssue(issue: z.core.$ZodIssue): DescribedIssue {
  return {
    path: issue.path.map(String).join('.'),
    messageKey: isDomainMessageKey(issue.message) ? issue.message : fallbackKey(issue),
    params: paramsOf(issue),
  };
}

/** Describes every issue of a zod error (or anything with its `issues`), in order. */
export function describeIssues(error: { readonly issues: readonly z.core.$ZodIssue[] }): DescribedIssue[] {
  return error.issues.map(describeIssue);
}
