import { loadSubgraphConfig, type Env, type SubgraphConfig } from '../kit/config';

/** The tax registry's configuration: PORT, TAX_DATABASE_URL or DATABASE_URL, RESIDENCE_URL, EMPLOYMENT_URL. */
export function loadConfig(env: Env = process.env): SubgraphConfig {
  return loadSubgraphConfig('tax', env);
}
