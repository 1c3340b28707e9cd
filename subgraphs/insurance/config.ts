import { loadSubgraphConfig, type Env, type SubgraphConfig } from '../kit/config';

/** The insurance registry's configuration: PORT, INSURANCE_DATABASE_URL or DATABASE_URL, RESIDENCE_URL, EMPLOYMENT_URL. */
export function loadConfig(env: Env = process.env): SubgraphConfig {
  return loadSubgraphConfig('insurance', env);
}
