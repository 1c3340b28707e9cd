import type { Stack } from './stack';

/**
 * Runs one mutation for many inputs through the gateway, `chunk` per HTTP request (aliases, run
 * serially by the server), and returns the selected objects in input order.
 */
export async function mutateMany<T = { id: string }>(
  stack: Stack,
  mutation: string,
  inputType: string,
  inputs: Record<string, unknown>[],
  selection = 'id',
  chunk = 50,
): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < inputs.length; start += chunk) {
    const part = inputs.slice(start, start + chunk);
    const vars = part.map((_, i) => `$i${i}: ${inputType}!`).join(', ');
    const fields = part
      .map((_, i) => `m${i}: ${mutation}(input: $i${i}) { ${selection} }`)
      .join('\n');
    const variables = Object.fromEntries(part.map((input, i) => [`i${i}`, input]));
    const res = await stack.query(`mutation Many(${vars}) {\n${fields}\n}`, variables);
    if (res.errors?.length) throw new Error(`${mutation}: ${JSON.stringify(res.errors[0])}`);
    results.push(...part.map((_, i) => (res.data as Record<string, T>)[`m${i}`]));
  }
  return results;
}

export async function mutate<T = { id: string }>(
  stack: Stack,
  mutation: string,
  inputType: string,
  input: Record<string, unknown>,
  selection = 'id',
): Promise<T> {
  const [result] = await mutateMany<T>(stack, mutation, inputType, [input], selection);
  return result;
}
