import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import type { AuthConfig } from '../../subgraphs/kit/auth';
import { projectRoot } from '../../subgraphs/kit/schema';
import { DEMO_ROLES, demoToken } from '../tokens';
import { DASHBOARD_OPERATIONS, HISTORY_SINCE } from './queries';

/** Scripts, styles and data from this origin only: no inline script, no eval, no other host. */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** What the page reads from its `application/json` block (data, never executed). */
export interface DashboardConfig {
  endpoint: string;
  /** Outside production: an analyst's development token, as in the explorer. */
  token: string | null;
  operations: typeof DASHBOARD_OPERATIONS;
  historySince: string;
}

/** The page's files, read once: the HTML, its script and style, and Chart.js's UMD build. */
function assets() {
  const here = path.join(projectRoot(), 'gateway', 'dashboard');
  // chart.js exports no subpath for its UMD build: found next to its CommonJS entry.
  const chart = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  return {
    html: readFileSync(path.join(here, 'dashboard.html'), 'utf8'),
    'app.js': readFileSync(path.join(here, 'dashboard.js'), 'utf8'),
    'app.css': readFileSync(path.join(here, 'dashboard.css'), 'utf8'),
    'chart.umd.min.js': readFileSync(chart, 'utf8'),
  };
}

/** JSON safe inside a `<script type="application/json">` element. */
const embedded = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');

const secured = (res: Response) =>
  res
    .set('Content-Security-Policy', CSP)
    .set('X-Content-Type-Options', 'nosniff')
    .set('Referrer-Policy', 'no-referrer');

/**
 * `/dashboard`: the population views as charts (Chart.js, served from here, works offline), read
 * through `endpoint` like any client. Outside production the page comes with the explorer's
 * analyst development token; in production it asks for a token and a purpose.
 */
export function dashboardRoutes(options: {
  endpoint: string;
  auth: AuthConfig;
  development: boolean;
}): Router {
  const files = assets();
  const router = Router();
  router.get('/', async (_req, res) => {
    const token =
      options.development && options.auth.secret
        ? await demoToken(options.auth.secret, { ...DEMO_ROLES[0], sub: 'dashboard-analyst' })
        : null;
    const config: DashboardConfig = {
      endpoint: options.endpoint,
      token,
      operations: DASHBOARD_OPERATIONS,
      historySince: HISTORY_SINCE,
    };
    secured(res)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(files.html.replace('{{CONFIG}}', embedded(config)));
  });
  for (const [name, type] of [
    ['app.js', 'js'],
    ['app.css', 'css'],
    ['chart.umd.min.js', 'js'],
  ] as const) {
    router.get(`/${name}`, (_req, res) => {
      secured(res).set('Cache-Control', 'public, max-age=3600').type(type).send(files[name]);
    });
  }
  return router;
}
