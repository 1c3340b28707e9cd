/**
 * Many single-mutation documents as one request: each document's field is aliased `m<n>` and its
 * one variable renamed `$i<n>`, so the reply and the variables line up with the ops by index.
 */
import {
  Kind,
  parse,
  print,
  visit,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';

interface Mutation {
  name: string;
  variable: VariableDefinitionNode;
  field: FieldNode;
}

const parsed = new Map<string, Mutation>();

/** A document `mutation X($input: …!) { field(input: $input) { … } }`, parsed once. */
function mutation(document: string): Mutation {
  const known = parsed.get(document);
  if (known) return known;
  const [op, ...rest] = parse(document).definitions;
  const shapeError = () => new Error(`Not a single mutation with one variable:\n${document}`);
  if (rest.length > 0 || op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'mutation') {
    throw shapeError();
  }
  const definition = op as OperationDefinitionNode;
  const [field, ...others] = definition.selectionSet.selections;
  const [variable, ...more] = definition.variableDefinitions ?? [];
  if (others.length > 0 || more.length > 0 || !variable || field.kind !== Kind.FIELD) {
    throw shapeError();
  }
  const result = { name: field.name.value, variable, field };
  parsed.set(document, result);
  return result;
}

/** The root field a document calls (e.g. `registerWorker`). */
export function mutationName(document: string): string {
  return mutation(document).name;
}

/** One request for `documents`: variable `$i<n>` and alias `m<n>` for the n-th. */
export function batchDocument(documents: readonly string[]): string {
  const variables: string[] = [];
  const fields: string[] = [];
  documents.forEach((document, n) => {
    const { variable, field } = mutation(document);
    const from = variable.variable.name.value;
    const renamed = visit(field, {
      Variable: (v) => (v.name.value === from ? { ...v, name: { ...v.name, value: `i${n}` } } : v),
    });
    variables.push(`$i${n}: ${print(variable.type)}`);
    fields.push(print({ ...renamed, alias: { kind: Kind.NAME, value: `m${n}` } }));
  });
  return `mutation DemoSeed(${variables.join(', ')}) {\n${fields.join('\n')}\n}`;
}
