import type { GuardedContext } from '../kit/guard';
import type { DataSource } from 'typeorm';
import type { ReferenceClient } from '../kit/references';
import type { SubgraphDeps } from '../kit/server';
import { createLoaders, type Loaders } from './loaders';

export interface Context extends GuardedContext {
  db: DataSource;
  loaders: Loaders;
  references: ReferenceClient;
}

export function createContext(deps: SubgraphDeps): Omit<Context, keyof GuardedContext> {
  const db = deps.db.dataSource;
  return { db, loaders: createLoaders(db), references: deps.references };
}
