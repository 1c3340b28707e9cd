/**
 * Compares a system's GraphQL answer with the expected one (the direct baseline's), after
 * normalising what may legitimately differ: the order of lists whose order the contract leaves
 * open, and values that are new on every call (the id of a record a mutation creates). Pure: no
 * I/O, so a unit test pins it down.
 */

import type { WorkloadName } from './workloads';

/** A GraphQL response as it comes over HTTP (only what the comparison reads). */
export interface Answer {
  data?: unknown;
  errors?: readonly { message?: string; extensions?: { code?: unknown } }[];
}

interface Normalisation {
  /**
   * Lists compared as multisets: a pattern is the end of a path without indices, e.g. `evidence`
   * (any list field of that name) or `workforceConsistency.findings`.
   */
  unordered: readonly string[];
  /** Values replaced by a placeholder when both sides have a non-empty string there (same patterns). */
  masked: readonly string[];
}

const NO_NORMALISATION: Normalisation = { unordered: [], masked: [] };

/** Lists whose order the schema leaves open (see schema/*.graphql). */
const UNORDERED = [
  'evidence',
  'missingSources',
  'unevaluatedRules',
  'contributionArrears',
  'taxArrears',
  'notifications',
  'designatedFields',
  'workforceConsistency.findings',
];

/** What may legitimately differ per workload: list order above; the ids writes create. */
export const NORMALISATION: Record<WorkloadName, Normalisation> = {
  worker360: { unordered: UNORDERED, masked: [] },
  page100: { unordered: UNORDERED, masked: [] },
  employer500: { unordered: UNORDERED, masked: [] },
  writes: { unordered: [], masked: ['id'] },
};

export interface Difference {
  /** The first path where the answers differ, e.g. `worker.consistency.status`. */
  path: string;
  expected: unknown;
  got: unknown;
}

const MASK = '<masked>';

function matches(fields: readonly string[], patterns: readonly string[]): boolean {
  const joined = fields.join('.');
  return patterns.some((p) => joined === p || joined.endsWith(`.${p}`));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The value with masked fields replaced and unordered lists sorted (fields: the path without indices). */
export function normalise(value: unknown, rules: Normalisation, fields: string[] = []): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalise(v, rules, fields));
    return matches(fields, rules.unordered)
      ? items.sort((a, b) => canonical(a).localeCompare(canonical(b)))
      : items;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = normalise(v, rules, [...fields, k]);
    return out;
  }
  if (typeof value === 'string' && value !== '' && matches(fields, rules.masked)) return MASK;
  return value;
}

function describe(value: unknown): unknown {
  return value === undefined ? '(absent)' : value;
}

function firstDiff(expected: unknown, got: unknown, path: string): Difference | null {
  if (Array.isArray(expected) && Array.isArray(got)) {
    for (let k = 0; k < Math.max(expected.length, got.length); k++) {
      const d = firstDiff(expected[k], got[k], `${path}[${k}]`);
      if (d) return d;
    }
    return null;
  }
  const isObject = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObject(expected) && isObject(got)) {
    const e = expected as Record<string, unknown>;
    const g = got as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(e), ...Object.keys(g)])]) {
      const d = firstDiff(e[k], g[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  if (canonical(expected) === canonical(got)) return null;
  return { path: path || '(root)', expected: describe(expected), got: describe(got) };
}

/**
 * The first difference between the expected answer and the one a system gave, or null when they
 * agree. An answer with `errors` differs from an expected one without (path `errors`), whatever
 * its data: a partial answer is a wrong answer.
 */
export function compareAnswers(
  expected: Answer,
  got: Answer,
  rules: Normalisation = NO_NORMALISATION,
): Difference | null {
  const brief = (errors: Answer['errors']) =>
    errors?.length
      ? errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message ?? ''}`)
      : undefined;
  const errorDiff = firstDiff(brief(expected.errors), brief(got.errors), 'errors');
  if (errorDiff) return errorDiff;
  return firstDiff(normalise(expected.data, rules), normalise(got.data, rules), 'data');
}

/** One line for a report: `path: expected … got …` (values shortened). */
export function formatDifference(d: Difference, max = 160): string {
  const show = (v: unknown) => {
    const s = typeof v === 'string' ? JSON.stringify(v) : canonical(v);
    return s.length > max ? `${s.slice(0, max)}…` : s;
  };
  return `\`${d.path}\`: expected ${show(d.expected)}, got ${show(d.got)}`;
}
