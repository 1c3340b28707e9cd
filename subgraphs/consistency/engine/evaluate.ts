import type { CalendarDate } from '../../kit/dates';
import { CATALOGUE } from './catalogue';
import { missingSources, type WorkerFacts } from './facts';
import { reportStatus, type Finding, type Report } from './report';
import { Situation } from './situation';

/**
 * The consistency report of one worker on `asOf`: pure, deterministic (same facts and date, same
 * findings in the same order). Rules that need a source that could not be read are not evaluated.
 */
export function evaluate(facts: WorkerFacts, asOf: CalendarDate): Report {
  const missing = missingSources(facts);
  const situation = new Situation(facts, asOf);
  const findings: Finding[] = [];
  const unevaluatedRules: string[] = [];
  for (const rule of CATALOGUE) {
    if (rule.sources.some((s) => missing.includes(s))) {
      unevaluatedRules.push(rule.id);
      continue;
    }
    if (
      (rule.effectiveFrom && asOf < rule.effectiveFrom) ||
      (rule.effectiveUntil && asOf > rule.effectiveUntil)
    ) {
      continue;
    }
    for (const draft of rule.evaluate(situation)) {
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        title: rule.title,
        explanation: draft.explanation,
        responsibleParty: draft.responsibleParty ?? rule.responsibleParty,
        affectedParty: rule.affectedParty,
        legalBasis: rule.legalBasis,
        recommendedAction: draft.recommendedAction ?? rule.recommendedAction,
        dueBy: draft.dueBy ?? null,
        employerId: draft.employerId ?? null,
        evidence: draft.evidence,
      });
    }
  }
  return {
    asOf,
    status: reportStatus(findings, missing),
    findings,
    missingSources: missing,
    unevaluatedRules,
  };
}
