/**
 * `attest schema`: the JSON Schema derived from `CaseFile`, read back as JSON and used to validate the
 * example case file with a small validator of the keywords it contains (the validator refuses any
 * keyword it does not know, so a schema it cannot judge fails rather than passes).
 */
import { describe, expect, it } from 'vitest';
import { run as schema } from '../../../cli/commands/schema';
import { exampleCaseFile } from '../../../cli/example';
import { attest, capture } from './helpers';

/** The keywords zod writes for the case file (and the few a validator needs to know to skip). */
interface Schema {
  readonly $schema?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly anyOf?: readonly Schema[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Schema;
  readonly maxItems?: number;
  readonly minItems?: number;
}

const IGNORED = new Set(['$schema', '$id', 'title', 'description', 'default', 'format', 'contentEncoding']);
const CHECKED = new Set(['type', 'properties', 'required', 'additionalProperties', 'anyOf', 'const', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'items', 'maxItems', 'minItems']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function matchesType(value: unknown, type: string | readonly string[]): boolean {
  const types = typeof type === 'string' ? [type] : type;
  return types.some((t) => (t === 'integer' ? Number.isInteger(value) : t === typeOf(value)));
}

/** The errors of `value` against `schema` (draft 2020-12 subset), as `path: keyword`. */
function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) if (!IGNORED.has(key) && !CHECKED.has(key)) errors.push(`${path}: unsupported keyword ${key}`);
  const s = schema;
  if (s.type !== undefined && !matchesType(value, s.type)) return [...errors, `${path}: type ${JSON.stringify(s.type)}`];
  if (s.anyOf !== undefined && !s.anyOf.some((option) => validate(option, value, path).length === 0)) errors.push(`${path}: anyOf`);
  if (s.const !== undefined && value !== s.const) errors.push(`${path}: const`);
  if (s.enum !== undefined && !s.enum.includes(value)) errors.push(`${path}: enum`);
  if (typeof value === 'string') {
    // JSON Schema counts code points.
    const length = Array.from(value).length;
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) errors.push(`${path}: pattern`);
    if (s.maxLength !== undefined && length > s.maxLength) errors.push(`${path}: maxLength`);
    if (s.minLength !== undefined && length < s.minLength) errors.push(`${path}: minLength`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) errors.push(`${path}: minimum`);
    if (s.maximum !== undefined && value > s.maximum) errors.push(`${path}: maximum`);
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${path}: maxItems`);
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${path}: minItems`);
    const items = s.items;
    if (items !== undefined) value.forEach((item: unknown, i) => errors.push(...validate(items, item, `${path}[${String(i)}]`)));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = s.properties ?? {};
    for (const name of s.required ?? []) if (!(name in object)) errors.push(`${path}.${name}: required`);
    for (const [name, item] of Object.entries(object)) {
      const property = properties[name];
      if (property !== undefined) errors.push(...validate(property, item, `${path}.${name}`));
      else if (s.additionalProperties === false) errors.push(`${path}.${name}: additionalProperties`);
    }
  }
  return errors;
}

function printedSchema(): Schema {
  const c = capture();
  void schema([], c.io);
  expect(c.out).toHaveLength(1);
  return JSON.parse(c.out[0] ?? '') as Schema;
}

describe('attest schema', () => {
  it('prints valid JSON: a draft 2020-12 schema of the case file, through the real command line', () => {
    const { status, stdout, stderr } = attest(['schema']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as Schema;
    expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(json.type).toBe('object');
    const properties = json.properties ?? {};
    expect(Object.keys(properties)).toEqual(expect.arrayContaining(['format', 'formatVersion', 'caseNumber', 'documentId', 'clinician', 'examination', 'photos']));
    expect(properties.format).toMatchObject({ const: 'attest-case' });
    expect(properties.formatVersion).toMatchObject({ const: 1 });
    expect(json.required).toEqual(expect.arrayContaining(['format', 'formatVersion', 'examination', 'clinician']));
    expect(json.additionalProperties).toBe(false);
    expect(Object.keys(properties.examination?.properties ?? {})).toEqual(expect.arrayContaining(['encounter', 'findings', 'opinion']));
  }, 30_000);

  it('accepts the example case file, and the validator does fail on a broken one', () => {
    const jsonSchema = printedSchema();
    const example = exampleCaseFile();
    expect(validate(jsonSchema, JSON.parse(JSON.stringify(example)))).toEqual([]);
    const exam = example.examination;
    const broken = { ...example, formatVersion: 2, extra: true, examination: { ...exam, screening: { ...exam.screening, vitals: { ...exam.screening?.vitals, pulse: '88' } } } };
    // `screening` may be null, so its error is "neither the object nor null" (anyOf) at its level.
    expect(validate(jsonSchema, broken)).toEqual(['$.formatVersion: const', '$.examination.screening: anyOf', '$.extra: additionalProperties']);
  });

  it('takes no arguments (exit 2)', async () => {
    const c = capture();
    expect(await schema(['--out', 'x.json'], c.io)).toBe(2);
    expect(c.err[0]).toContain('takes no arguments');
  });
});
