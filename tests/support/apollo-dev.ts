/**
 * Apollo Client in development mode, imported before `@apollo/client`: without the `development`
 * export condition (jest resolves `require`), it reads `globalThis.__DEV__` once when it loads, and
 * only in development does it check cache writes and warn about lost data.
 */
(globalThis as { __DEV__?: boolean }).__DEV__ = true;
