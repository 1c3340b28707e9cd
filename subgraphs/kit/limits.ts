import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { costLimitExceeded } from './errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

/**
 * What one operation may ask, the same on the gateway and on every subgraph (a subgraph called
 * directly is as exposed as the gateway). Depth, aliases, tokens and directives are graphql-armor's;
 * the cost is ours (operationCost), because armor's counts every object alike and ignores
 * variables. Tuned so every example operation, the benchmark's and the demo loader's (50 aliased
 * mutations per request) pass; the cost weights and limit come from measurement
 * (bench/cost.ts, docs/LIMITS.md "Operation cost").
 */
export const LIMITS = {
  depth: 12,
  aliases: 120,
  tokens: 30_000,
  directives: 50,
  cost: 15_000,
};

/**
 * Cost of a field: `item` for each item it is resolved for (times the sizes of the lists around
 * it), `each` once per occurrence in the operation (each alias or path is its own chain of subgraph
 * fetches in the query plan). A composite field without a weight costs 1 per item; a leaf 0.
 */
interface FieldWeight {
  item?: number;
  each?: number;
}

/** One more subgraph fetch in the query plan, per occurrence: about 10 ms measured. */
const FETCH = 100;

/** Fields of Worker and Employer that another registry resolves: each occurrence is a fetch. */
const EXTENSIONS = [
  'Worker.employments',
  'Worker.employmentRecords',
  'Worker.employmentNotifications',
  'Worker.insuranceEnrollments',
  'Worker.insuranceEnrollmentRecords',
  'Worker.contributionArrears',
  'Worker.taxAssessments',
  'Worker.withholdingReports',
  'Worker.addressRegistrations',
  'Worker.employmentAccessLog',
  'Worker.insuranceAccessLog',
  'Worker.taxAccessLog',
  'Worker.municipalityAccessLog',
  'Employer.contributionArrears',
  'Employer.taxArrears',
];

/**
 * Measured on this project's machine with bench/cost.ts (docs/LIMITS.md, "Operation cost");
 * one unit is about 0.1 ms of work. A composite field not listed costs 1 per item, a leaf 0.
 */
const WEIGHTS: Record<string, FieldWeight> = {
  ...Object.fromEntries(EXTENSIONS.map((c) => [c, { each: FETCH, item: 1 }])),
  // 26 ms per alias (facts from four registries, then the engine); 1.8 ms per worker in a page.
  'Worker.consistency': { each: 260, item: 18 },
  // Every registry's log: one fetch each.
  'Worker.accessLog': { each: 5 * FETCH, item: 1 },
  // 150 ms + 1.45 ms per active employee, for 500 employees (the benchmark's large employer).
  'Employer.workforceConsistency': { each: 1_500 + 500 * 15, item: 0 },
};

/** Lists without a `first` argument: how many items to assume (the default is 1). */
const LIST_SIZES: Record<string, number> = {
  'Employer.employments': 500,
  'Employer.employmentRecords': 500,
};

/**
 * How many items a field's selection is resolved for: its page size (`first`, else the schema's
 * default), the gateway's entity batch (`representations`), the ids asked (`ids`), or for a plain
 * list LIST_SIZES.
 */
function sizeOf(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  coordinate: string,
  w: Walk,
): number {
  const given = (name: string) => node.arguments?.find((a) => a.name.value === name)?.value;
  if (field.args.some((a) => a.name === 'first')) {
    const arg = given('first');
    const v = arg ? valueOf(arg, w.variables) : null;
    return typeof v === 'number' && v >= 0 ? Math.min(v, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }
  const list = given('representations') ?? given('ids');
  if (list) {
    const v = valueOf(list, w.variables);
    return Array.isArray(v) ? v.length : 1;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  return LIST_SIZES[coordinate] ?? 1;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values;
  return null;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function selectionCost(
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  multiplier: number,
  w: Walk,
): number {
  let cost = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT || s.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = s.kind === Kind.FRAGMENT_SPREAD ? w.fragments.get(s.name.value) : s;
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? w.schema.getType(fragment.typeCondition.name.value)
        : parent;
      if (condition && isCompositeType(condition))
        cost += selectionCost(fragment.selectionSet, condition, multiplier, w);
      continue;
    }
    if (s.name.value.startsWith('__')) continue;
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const field = parent.getFields()[s.name.value];
    if (!field) continue;
    const coordinate = `${parent.name}.${s.name.value}`;
    const type = getNamedType(field.type);
    const weight = WEIGHTS[coordinate] ?? { item: isCompositeType(type) ? 1 : 0 };
    cost += (weight.each ?? 0) + multiplier * (weight.item ?? 0);
    if (s.selectionSet && isCompositeType(type)) {
      cost += selectionCost(s.selectionSet, type, multiplier * sizeOf(s, field, coordinate, w), w);
    }
  }
  return cost;
}

/** The estimated cost of running `operation` with `variables` (see WEIGHTS). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): number {
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  // Variables the request leaves out take the operation's defaults.
  const values: Record<string, unknown> = {};
  for (const d of operation.variableDefinitions ?? []) {
    if (d.defaultValue) values[d.variable.name.value] = valueOf(d.defaultValue, {});
  }
  Object.assign(values, variables);
  return Math.round(
    selectionCost(operation.selectionSet, root, 1, { schema, fragments, variables: values }),
  );
}

/**
 * Refuses, before any resolver or fetch runs, an operation costing more than `limit` (unless
 * `exempt` says its caller was bounded already: a subgraph's fetches from the gateway).
 */
function costPlugin<C extends object>(
  limit: number,
  exempt: (context: C) => boolean = () => false,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation || exempt(contextValue)) return;
          const cost = operationCost(schema, document, operation, request.variables ?? {});
          if (cost > limit) throw costLimitExceeded(cost, limit);
        },
      };
    },
  };
}

/**
 * Validation rules and plugins that enforce LIMITS on one server: depth, aliases, tokens and
 * directives for every operation, the cost (`maxCost`) for those `costExempt` does not exempt.
 */
export function operationLimits<C extends object>(options: {
  maxCost?: number;
  costExempt?: (context: C) => boolean;
}): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<C>[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth },
    maxAliases: { n: LIMITS.aliases },
    costLimit: { enabled: false },
    // The token limit is graphql-js's own parser option (parseOptions): armor's runs its own parser
    // in a plugin hook, so a document that does not parse (or nests 5,000 deep) became an HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: LIMITS.directives },
    // Suggestions are removed by the kit's formatError when introspection is off (armor's mask
    // leaves "[Suggestion hidden]?" and misses enum-value suggestions).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    parseOptions: { maxTokens: LIMITS.tokens },
    validationRules: armor.validationRules,
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<C>[]),
      costPlugin<C>(options.maxCost ?? LIMITS.cost, options.costExempt),
    ],
  };
}
