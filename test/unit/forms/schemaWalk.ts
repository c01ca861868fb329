/**
 * Reads the examination draft schema by path, for the form tests: which zod type sits at a field's
 * path (list indexes as `*`), and every leaf a clinician could fill.
 */
import { z } from 'zod';
import { examinationDraftSchema } from '../../../shared/domain/examination';
import { pathSegments } from '../../../forms/model';

/** What a schema node is, with the wrappers (optional, nullable, default, pipe) removed. */
export type SchemaNode =
  | { readonly type: 'object'; readonly schema: z.ZodType; readonly shape: Readonly<Record<string, z.ZodType>> }
  | { readonly type: 'array'; readonly schema: z.ZodType; readonly element: z.ZodType }
  | { readonly type: 'enum'; readonly schema: z.ZodType; readonly values: readonly string[] }
  | { readonly type: 'string'; readonly schema: z.ZodType; readonly format: string | null; readonly maxLength: number | null }
  | { readonly type: 'number' | 'boolean' | 'literal' | 'other'; readonly schema: z.ZodType };

/** Removes optional, nullable, default and pipe wrappers (a pipe is read from its input side). */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.in as z.ZodType;
    else return current;
  }
}

function maxLengthOf(schema: z.ZodType): number | null {
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check: string; maximum?: unknown };
    if (def.check === 'max_length' && typeof def.maximum === 'number') return def.maximum;
  }
  return null;
}

/** Describes a schema node. */
export function describe(schema: z.ZodType): SchemaNode {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return { type: 'object', schema: inner, shape: inner.shape };
  if (inner instanceof z.ZodArray) return { type: 'array', schema: inner, element: inner.element as z.ZodType };
  if (inner instanceof z.ZodEnum) return { type: 'enum', schema: inner, values: inner.options.map(String) };
  if (inner instanceof z.ZodBoolean) return { type: 'boolean', schema: inner };
  if (inner instanceof z.ZodNumber) return { type: 'number', schema: inner };
  if (inner instanceof z.ZodLiteral) return { type: 'literal', schema: inner };
  const def = inner._zod.def as { type: string; format?: unknown };
  if (def.type === 'string') return { type: 'string', schema: inner, format: typeof def.format === 'string' ? def.format : null, maxLength: maxLengthOf(inner) };
  return { type: 'other', schema: inner };
}

/** The schema node at a path pattern (`*` for a list item), or null when the path does not exist. */
export function schemaAt(pattern: string, root: z.ZodType = examinationDraftSchema): SchemaNode | null {
  let node = describe(root);
  for (const segment of pathSegments(pattern)) {
    if (segment === '*') {
      if (node.type !== 'array') return null;
      node = describe(node.element);
    } else {
      if (node.type !== 'object' || !Object.hasOwn(node.shape, segment)) return null;
      const child = node.shape[segment];
      if (child === undefined) return null;
      node = describe(child);
    }
  }
  return node;
}

/**
 * Every path a form could fill: each value that is not an object, and each list (the list itself,
 * then its items' values below `*`; a set of codes is one value).
 */
export function fillablePaths(root: z.ZodType = examinationDraftSchema): string[] {
  const out: string[] = [];
  const walk = (node: SchemaNode, path: string) => {
    if (node.type === 'object') {
      for (const [key, child] of Object.entries(node.shape)) walk(describe(child), path === '' ? key : `${path}.${key}`);
      return;
    }
    out.push(path);
    if (node.type === 'array') {
      const element = describe(node.element);
      if (element.type === 'object') walk(element, `${path}.*`);
      // A set of codes is one multiselect; a list of plain values has one input per item.
      else if (element.type !== 'enum') out.push(`${path}.*`);
    }
  };
  walk(describe(root), '');
  return out;
}
