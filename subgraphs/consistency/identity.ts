/**
 * Identities for the objects a consistency answer is made of, so normalized client caches (Apollo
 * Client's InMemoryCache, urql's Graphcache, Relay) store and merge them safely. Findings, reports
 * and workforce views are computed, not stored, so each id is a hash of everything the object
 * shows to this caller: equal ids mean equal content, and a changed fact gives a new id. Nothing
 * withheld from the caller goes into a hash.
 */
import { digest } from './engine/report';
import type { Resolvers } from './generated/resolvers';

interface ShownFinding {
  workerId: string;
  ruleId: string;
  severity: string;
  title: string;
  explanation: string;
  responsibleParty: string;
  affectedParty: string;
  legalBasis: string;
  recommendedAction: string;
  dueBy: string | null;
  employerId: string | null;
  evidence: { id: string }[];
}

export function findingId(f: ShownFinding): string {
  return `fi_${digest([
    f.workerId,
    f.ruleId,
    f.severity,
    f.title,
    f.explanation,
    f.responsibleParty,
    f.affectedParty,
    f.legalBasis,
    f.recommendedAction,
    f.dueBy,
    f.employerId,
    f.evidence.map((e) => e.id),
  ])}`;
}

/** Resolvers of the `id` of the computed container types. */
export const identityResolvers: Pick<Resolvers, 'ConsistencyReport' | 'WorkforceConsistency'> = {
  ConsistencyReport: {
    id: (r) =>
      `cr_${digest([r.asOf, r.status, r.findings.map((f) => f.id), r.missingSources, r.unevaluatedRules, r.nextReviewOn, r.outlook])}`,
  },
  WorkforceConsistency: {
    id: (w) =>
      `wc_${digest([w.asOf, w.activeEmployees, w.workersByStatus, w.findingsByRule, w.findings.map((f) => f.id)])}`,
  },
};
