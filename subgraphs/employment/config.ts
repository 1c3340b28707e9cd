import { loadSubgraphConfig, type Env, type SubgraphConfig } from '../kit/config';

/** The employment registry's configuration: PORT, EMPLOYMENT_DATABASE_URL or DATABASE_URL, RESIDENCE_URL. */
export function loadConfig(env: Env = process.env): SubgraphConfig {
  return loadSubgraphConfig('employment', env);
}
