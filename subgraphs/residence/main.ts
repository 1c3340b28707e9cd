import { runSubgraphMain } from '../kit/main';
import { loadConfig } from './config';
import { residence } from './index';

void runSubgraphMain(residence, loadConfig);
