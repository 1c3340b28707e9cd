import type { Context } from '../loaders';
import type { RiskFilter } from './filter';
import { findingRows, findings, type FindingFilter, type FindingRow } from './findings';
import type { GroupPageArgs } from './groups';
import { riskOverview, type RiskDimension } from './overview';
import { requirePurpose } from './page';
import { shown } from './shown';
import { riskTransitions } from './transitions';
import { upcomingRisks } from './upcoming';

type Page = { first?: number | null; after?: string | null };
const show = (ctx: Context) => (r: FindingRow) => shown(r.finding, r.workerId, ctx.identity);

/** The population views (DESIGN.md "Population views"), answered from the monitor's store. */
export const viewResolvers = {
  Query: {
    riskOverview: (
      _: unknown,
      args: { groupBy?: RiskDimension | null; filter?: RiskFilter | null } & GroupPageArgs,
      ctx: Context,
    ) =>
      // Exact counts for those who may read the reports themselves (consistency:read, gateway).
      riskOverview(
        ctx.db,
        args,
        ctx.identity.viaGateway && ctx.identity.scopes.has('consistency:read'),
      ),
    async findings(_: unknown, args: { filter?: FindingFilter | null } & Page, ctx: Context) {
      requirePurpose(ctx.identity);
      const page = await findings(ctx.db, args);
      return { ...page, edges: page.edges.map((e) => ({ ...e, node: show(ctx)(e.node) })) };
    },
    riskTransitions(
      _: unknown,
      args: { since: string; filter?: RiskFilter | null } & Page,
      ctx: Context,
    ) {
      requirePurpose(ctx.identity);
      return riskTransitions(ctx.db, args);
    },
    upcomingRisks(_: unknown, args: { within: number } & Page, ctx: Context) {
      requirePurpose(ctx.identity);
      return upcomingRisks(ctx.db, args);
    },
  },
  Employer: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    async findingsToCure(e: { id: string }, _: unknown, ctx: Context) {
      requirePurpose(ctx.identity);
      const rows = await findingRows(ctx.db, { responsibleParty: 'EMPLOYER', employerId: e.id });
      return rows.map(show(ctx));
    },
  },
  UpcomingRisk: {
    worker: (r: { workerId: string }) => ({ __typename: 'Worker', id: r.workerId }),
  },
};
