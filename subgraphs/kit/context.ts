import type { DataSource } from 'typeorm';
import type { GuardedContext } from './guard';
import type { ReferenceClient } from './references';
import type { SubgraphDeps } from './server';

/** Every registry's request context: its database, its per-request loaders, its reference checks. */
export interface RegistryContext<L> extends GuardedContext {
  db: DataSource;
  loaders: L;
  references: ReferenceClient;
}

/** A registry's `createContext`, from how it builds its loaders (once per request). */
export function registryContext<L>(createLoaders: (db: DataSource) => L) {
  return (deps: SubgraphDeps): Omit<RegistryContext<L>, keyof GuardedContext> => {
    const db = deps.db.dataSource;
    return { db, loaders: createLoaders(db), references: deps.references };
  };
}
