import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Kind, parse, type FieldNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../subgraphs/kit/errors';
import { unavailable } from '../subgraphs/kit/faults';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

function entityFields(query: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const doc = parse(query);
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD && sel.name.value === '_entities') {
        for (const fragment of sel.selectionSet?.selections ?? []) {
          if (fragment.kind !== Kind.INLINE_FRAGMENT || !fragment.typeCondition) continue;
          const names = fragment.selectionSet.selections
            .filter((f): f is FieldNode => f.kind === Kind.FIELD && f.name.value !== '__typename')
            .map((f) => f.alias?.value ?? f.name.value);
          fields.set(fragment.typeCondition.name.value, names);
        }
      }
    }
  };
  for (const def of doc.definitions)
    if (def.kind === Kind.OPERATION_DEFINITION) visit(def.selectionSet);
  return fields;
}

/** A subgraph's error that says its source failed, rather than that the request was refused. */
export function isSourceFailure(error: { extensions?: Record<string, unknown> }): boolean {
  const code = error.extensions?.code;
  return (
    code === undefined ||
    code === ErrorCode.SOURCE_UNAVAILABLE ||
    code === ErrorCode.INTERNAL_SERVER_ERROR
  );
}

/**
 * The answer for a subgraph that could not be reached, timed out, answered garbage or said its
 * source failed. For an entity fetch every requested field is null (the sources' fields on shared
 * entities are nullable), so the rest of the answer stands and the consistency layer sees which
 * source is missing; the one error names the source — the subgraph's own SOURCE_UNAVAILABLE error
 * when it named one (a registry it depends on), else the subgraph.
 */
export function unavailableResponse(
  subgraph: string,
  request: { query?: string; variables?: Record<string, unknown> },
  reported?: { message: string; extensions?: Record<string, unknown> },
): GatewayGraphQLResponse {
  const named =
    reported?.extensions?.code === ErrorCode.SOURCE_UNAVAILABLE &&
    typeof reported.extensions.source === 'string';
  const error = named
    ? unavailable(reported.message, reported.extensions!.source as string)
    : unavailable(`The ${subgraph} registry could not be reached`, subgraph);
  const representations = request.variables?.representations;
  if (!request.query || !Array.isArray(representations))
    return { errors: [error] } as GatewayGraphQLResponse;
  const fields = entityFields(request.query);
  const entities = (representations as { __typename: string }[]).map((rep) => ({
    __typename: rep.__typename,
    ...Object.fromEntries((fields.get(rep.__typename) ?? []).map((f) => [f, null])),
  }));
  return { data: { _entities: entities }, errors: [error] } as GatewayGraphQLResponse;
}
