import { loadSubgraphConfig, type Env, type SubgraphConfig } from '../kit/config';

/** The residence registry's configuration: PORT, RESIDENCE_DATABASE_URL or DATABASE_URL, EMPLOYMENT_URL. */
export function loadConfig(env: Env = process.env): SubgraphConfig {
  return loadSubgraphConfig('residence', env);
}
