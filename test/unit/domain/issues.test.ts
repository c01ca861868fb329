/** describeIssues and resolveMessage: readable keys for every zod issue, safe lookups. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeIssues, isDomainMessageKey } from '../../../shared/domain/issues';
import { resolveMessage } from '../../../shared/i18n/messages';
import { domain } from '../../../shared/i18n/en/domain';

function issuesOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  return result.error ? describeIssues(result.error) : [];
}

describe('describeIssues', () => {
  it('maps issues zod raises by itself to generic keys with their numbers', () => {
    expect(issuesOf(z.string().min(3), 'ab')).toEqual([{ path: '', messageKey: 'domain.error.tooShort', params: { minimum: 3 } }]);
    expect(issuesOf(z.array(z.number()).max(1), [1, 2])).toEqual([{ path: '', messageKey: 'domain.error.tooManyItems', params: { maximum: 1 } }]);
    expect(issuesOf(z.number().max(5), 6)).toEqual([{ path: '', messageKey: 'domain.error.tooLarge', params: { maximum: 5 } }]);
    expect(issuesOf(z.object({ a: z.number() }), { a: 'x' })).toEqual([{ path: 'a', messageKey: 'domain.error.invalidType', params: {} }]);
    expect(issuesOf(z.enum(['a']), 'b')).toEqual([{ path: '', messageKey: 'domain.error.notInList', params: {} }]);
    expect(issuesOf(z.iso.date(), 'x')).toEqual([{ path: '', messageKey: 'domain.error.dateFormat', params: {} }]);
    expect(issuesOf(z.email(), 'x')).toEqual([{ path: '', messageKey: 'domain.error.format', params: {} }]);
    expect(issuesOf(z.union([z.string(), z.number()]), true)).toEqual([{ path: '', messageKey: 'domain.error.invalid', params: {} }]);
  });

  it('never passes on a message that is not a known key', () => {
    expect(issuesOf(z.string().refine(() => false, { error: 'Some developer English' }), 'x')).toEqual([{ path: '', messageKey: 'domain.error.invalid', params: {} }]);
    expect(issuesOf(z.string().refine(() => false, { error: 'domain.error.doesNotExist' }), 'x')[0]?.messageKey).toBe('domain.error.invalid');
  });

  it('keeps only scalar params, so a message can always interpolate them', () => {
    const schema = z.string().refine(() => false, { error: 'domain.error.outOfRange', params: { min: 1, max: 'two', nested: { x: 1 }, list: [1] } });
    expect(issuesOf(schema, 'x')[0]?.params).toEqual({ min: 1, max: 'two' });
  });

  it('joins array indexes into the dot path', () => {
    expect(issuesOf(z.object({ list: z.array(z.object({ n: z.number() })) }), { list: [{ n: 1 }, { n: 'x' }] })[0]?.path).toBe('list.1.n');
  });
});

describe('isDomainMessageKey', () => {
  it.each(['domain.error.futureDate', 'domain.rule.required'])('knows %s', (key) => {
    expect(isDomainMessageKey(key)).toBe(true);
  });

  it.each(['domain.error.constructor', 'domain.error.toString', 'domain.rule.__proto__', 'domain.vocab.sex', 'app.appName', 'domain.error', ''])('does not take %j for a message key', (key) => {
    expect(isDomainMessageKey(key)).toBe(false);
  });
});

describe('resolveMessage', () => {
  it('fills placeholders', () => {
    expect(resolveMessage('domain.error.tooLong', { maximum: 200 })).toBe('This text is too long: at most 200 characters.');
  });

  it('leaves an unknown placeholder visible rather than inventing a value', () => {
    expect(resolveMessage('domain.error.tooLong')).toBe('This text is too long: at most {{maximum}} characters.');
  });

  it('resolves vocabulary labels', () => {
    expect(resolveMessage('domain.vocab.encounterType.return_from_police_custody')).toBe('Return from police custody');
  });

  it.each(['domain.error.nope', 'domain.error', 'domain.vocab', 'domain.error.toString', 'domain.__proto__.x', 'other.key', ''])('returns the key %j itself when there is no text', (key) => {
    expect(resolveMessage(key)).toBe(key);
  });

  it('reads any catalog of the same shape', () => {
    const catalog = { ...domain, error: { ...domain.error, required: 'Réponse obligatoire.' } };
    expect(resolveMessage('domain.error.required', {}, catalog)).toBe('Réponse obligatoire.');
  });
});
