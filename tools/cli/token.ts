/**
 * `npm run token -- --agency AGENCY --scope "SCOPES" [--sub ID] [--purpose P] [--audience NAME]`:
 * prints a signed development token (HS256 with AUTH_SECRET or the development secret) and nothing
 * else on standard output. `--audience residence` makes a token for calling that subgraph directly.
 */
import { decodeJwt } from 'jose';
import { parseArgs } from 'node:util';
import {
  AGENCIES,
  GATEWAY_AUDIENCE,
  SCOPES,
  signDevelopmentToken,
  subgraphAudience,
  type Agency,
} from '../../subgraphs/kit/auth';
import { GRAPH_NAMES } from '../../subgraphs/kit/config';
import { loadGatewayConfig } from '../../gateway/config';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agency: { type: 'string' },
      scope: { type: 'string', default: '' },
      sub: { type: 'string' },
      purpose: { type: 'string' },
      audience: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const agency = values.agency?.toUpperCase();
  if (!agency || !(AGENCIES as readonly string[]).includes(agency))
    fail(`--agency must be one of ${AGENCIES.join(', ')}`);
  const unknown = values.scope
    .split(/\s+/)
    .filter((s) => s && !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) fail(`unknown scope ${unknown.join(', ')}; known: ${SCOPES.join(' ')}`);
  if (agency === 'WORKER' && !values.sub) fail('a WORKER token needs --sub <worker id>');
  if (values.audience && !(GRAPH_NAMES as readonly string[]).includes(values.audience)) {
    fail(`--audience must be one of ${GRAPH_NAMES.join(', ')}`);
  }
  const { auth } = loadGatewayConfig();
  if (!auth.secret)
    fail('AUTH_SECRET is not set (tokens from an external issuer cannot be made here)');
  const token = await signDevelopmentToken(
    {
      sub: values.sub ?? `dev-${agency.toLowerCase()}`,
      agency: agency as Agency,
      scope: values.scope.trim(),
      purpose: values.purpose,
    },
    {
      secret: auth.secret,
      audience: values.audience ? subgraphAudience(values.audience) : GATEWAY_AUDIENCE,
      expiresIn: values.expires,
    },
  );
  // The services refuse a token living longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS: make none.
  const { exp = 0, iat = 0 } = decodeJwt(token);
  if (exp - iat > auth.maxTokenLifetimeSeconds) {
    fail(
      `--expires ${values.expires} is longer than the ${auth.maxTokenLifetimeSeconds} s allowed`,
    );
  }
  process.stdout.write(`${token}\n`);
}

void main();
