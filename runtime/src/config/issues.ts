import type { z } from 'zod';
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

/** A zod issue as a user reads it: the key, what is wrong, what to do. */
export function describeIssue(issue: z.core.$ZodIssue): ConfigProblem {
  const key = keyPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const where = keyPath([...issue.path, issue.keys[0] ?? '']);
      const of = key === '' ? '' : ` of "${key}"`;
      return {
        key: where,
        problem: 'is not a known key',
        fix: `remove it or fix its spelling; the keys${of} are ${knownKeys(issue.path).join(', ')}`,
      };
    }
    case 'invalid_type':
      if (issue.input === undefined && key !== '') {
        return { key, problem: 'is missing', fix: `add it (${withArticle(issue.expected)})` };
      }
      return key === ''
        ? {
            key,
            problem: `is not a JSON object (it holds ${typeName(issue.input)})`,
            fix: 'write an object like { "runtimePackage": "geo-runtime" }',
          }
        : {
            key,
            problem: `must be ${withArticle(issue.expected)}, not ${typeName(issue.input)}`,
            fix: 'fix the value',
          };
    case 'invalid_value':
      return {
        key,
        problem: `must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}, not ${JSON.stringify(issue.input)}`,
        fix: 'fix the value',
      };
    case 'too_small':
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

/** The keys the object at `path` may have. */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const [top, second] = path;
  const shape =
    top === undefined
      ? geoConfigSchema.shape
      : top === 'layout'
        ? layoutSchema.shape
        : top === 'lists'
          ? second === undefined
            ? listsSchema.shape
            : listLocationSchema.shape
          : top === 'uploaderExceptions'
            ? uploaderExceptionSchema.shape
            : {};
  return Object.keys(shape);
}

function typeName(value: unknown): string {
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
