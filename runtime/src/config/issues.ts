import type * as v from 'valibot';
import {
  geoConfigSchema,
  layoutSchema,
  listLocationSchema,
  listsSchema,
  uploaderExceptionSchema,
} from './schema.ts';

/** What is wrong with one key of geo.config.json, and what to do about it. */
export interface ConfigProblem {
  /** `layout.appDir`, `uploaderExceptions[0].reason`; '' for the file as a whole. */
  readonly key: string;
  readonly problem: string;
  readonly fix: string;
}

/** A valibot issue as a user reads it: the key, what is wrong, what to do. */
export function describeIssue(issue: v.BaseIssue<unknown>): ConfigProblem {
  const path = (issue.path ?? []).map((item) =>
    typeof item.key === 'number' ? item.key : String(item.key),
  );
  const key = keyPath(path);
  const last = issue.path?.at(-1);
  if (issue.type === 'strict_object' && last?.type === 'object' && last.origin === 'key') {
    const parent = path.slice(0, -1);
    // valibot expects "never" of a key the object must not have, and the key of one it lacks.
    if (issue.expected === 'never') {
      const of = parent.length === 0 ? '' : ` of "${keyPath(parent)}"`;
      return {
        key,
        problem: 'is not a known key',
        fix: `remove it or fix its spelling; the keys${of} are ${Object.keys(entriesAt(parent)).join(', ')}`,
      };
    }
    const expected = typeName(entriesAt(parent)[last.key]?.type ?? 'value');
    return { key, problem: 'is missing', fix: `add it (${withArticle(expected)})` };
  }
  switch (issue.type) {
    case 'string':
    case 'array':
    case 'custom':
    case 'strict_object': {
      const expected = typeName(issue.type);
      if (issue.input === undefined && key !== '') {
        return { key, problem: 'is missing', fix: `add it (${withArticle(expected)})` };
      }
      return key === ''
        ? {
            key,
            problem: `is not a JSON object (it holds ${valueName(issue.input)})`,
            fix: 'write an object like { "runtimePackage": "geo-runtime" }',
          }
        : {
            key,
            problem: `must be ${withArticle(expected)}, not ${valueName(issue.input)}`,
            fix: 'fix the value',
          };
    }
    // Their schemas word the problem: they know the choices, and the rule.
    case 'picklist':
    case 'check':
      return { key, problem: issue.message, fix: 'fix the value' };
    case 'min_length':
      return {
        key,
        problem: 'must be a non-empty string',
        fix: 'give a value, or remove the key for the default',
      };
    default:
      return { key, problem: issue.message.toLowerCase(), fix: 'fix the value' };
  }
}

/** `layout.appDir`, `uploaderExceptions[0].reason`. */
export function keyPath(path: readonly PropertyKey[]): string {
  let joined = '';
  for (const part of path) {
    if (typeof part === 'number') joined += `[${part}]`;
    else joined += joined === '' ? String(part) : `.${String(part)}`;
  }
  return joined;
}

/** The keys the object at `path` may have, with their schemas. */
function entriesAt(path: readonly PropertyKey[]): v.ObjectEntries {
  const [top, second] = path;
  return top === undefined
    ? entriesOf(geoConfigSchema)
    : top === 'layout'
      ? entriesOf(layoutSchema)
      : top === 'lists'
        ? second === undefined
          ? entriesOf(listsSchema)
          : entriesOf(listLocationSchema)
        : top === 'uploaderExceptions'
          ? entriesOf(uploaderExceptionSchema)
          : {};
}

/** The keys of an object schema of schema.ts: its list guard, then the object. */
function entriesOf<TEntries extends v.ObjectEntries>(schema: {
  readonly pipe: readonly [unknown, { readonly entries: TEntries }];
}): TEntries {
  return schema.pipe[1].entries;
}

/** A schema's type as a user calls it; an object's is its list guard's, `custom` (schema.ts). */
function typeName(type: string): string {
  return type === 'custom' || type === 'strict_object' ? 'object' : type;
}

function valueName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${String(value)}`;
}

function withArticle(expected: string): string {
  if (expected === 'array') return 'a list';
  return `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
