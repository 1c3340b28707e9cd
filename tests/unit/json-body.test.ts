import { duplicateKey } from '../../subgraphs/kit/body';

describe('duplicateKey', () => {
  it.each([
    ['{"query":"{ a }","query":"{ b }"}', 'query'],
    ['{"query":"x","variables":{"i":{"fullName":"a","fullName":"b"}}}', 'fullName'],
    ['{"q\\u0075ery":"x","query":"y"}', 'query'],
    ['[{"a":1},{"b":2,"b":3}]', 'b'],
    ['{"a":"\\"a\\":1","a":2}', 'a'],
  ])('finds the repeated key in %s', (text, key) => {
    expect(duplicateKey(text)).toBe(key);
  });

  it.each([
    '{"query":"{ a }","variables":{"query":"same name, other object"}}',
    '[{"a":1},{"a":2}]',
    '{"a":"query","b":"query"}',
    '{"a":"\\\\","b":"\\\\"}',
    '{"a": [ {"x": 1} , {"x": 2} ], "b": {"x": 3}}',
    '{ "not JSON',
  ])('accepts %s', (text) => {
    expect(duplicateKey(text)).toBeNull();
  });
});
