// First: tracing hooks http, undici, graphql and pg before they load (OTEL_* variables).
import '../kit/tracing';
import { runSubgraphMain } from '../kit/main';
import { municipality } from './index';

void runSubgraphMain(municipality);
