/**
 * GraphQL Code Generator config for a Kyosei Graph client (README, "For frontend teams"): copy it
 * next to your app's package.json, with `schema/api.graphql` of this repository saved as
 * `kyosei.graphql`, and run `npx graphql-codegen --config codegen.ts`. tests/unit/client-codegen.test.ts runs it on the
 * committed schema and the README's operations.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The API schema: what clients see (production turns introspection off).
  schema: 'kyosei.graphql',
  // Your operations, in .graphql files or in gql`…` / graphql(`…`) tags.
  documents: ['src/**/*.{graphql,ts,tsx}'],
  generates: {
    // The result and variables types of each operation (`WorkerConsistencyQuery`, ...), with the
    // enums they use.
    'src/kyosei/operations.ts': {
      plugins: ['typescript-operations'],
      config: { scalars: { Date: 'string', DateTime: 'string' }, strictScalars: true },
    },
    // Every type of the schema (`Worker`, `Finding`, ...), for code that is not tied to one
    // operation. Its own file: typescript-operations 6 declares the enums it uses itself, so the
    // two plugins in one file would declare them twice.
    'src/kyosei/schema.ts': {
      plugins: ['typescript'],
      config: {
        scalars: { Date: 'string', DateTime: 'string' },
        strictScalars: true,
        enumsAsTypes: true,
      },
    },
  },
};

export default config;
