import { runSubgraphMain } from '../kit/main';
import { loadConfig } from './config';
import { tax } from './index';

void runSubgraphMain(tax, loadConfig);
