import { runSubgraphMain } from '../kit/main';
import { loadConfig } from './config';
import { insurance } from './index';

void runSubgraphMain(insurance, loadConfig);
