import { runSubgraphMain } from '../kit/main';
import { loadConfig } from './config';
import { employment } from './index';

void runSubgraphMain(employment, loadConfig);
