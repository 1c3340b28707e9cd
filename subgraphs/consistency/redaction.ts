import type { Identity } from '../kit/auth';
import { ErrorCode, graphError } from '../kit/errors';
import { CATALOGUE } from './engine/catalogue';
import { findingId } from './identity';
import { withheldEvidenceId, type Evidence, type Finding } from './engine/report';

type ShownEvidence = Evidence & { redacted: boolean };
/** A finding as shown to one caller, with its id ({@link findingId}). */
export type ShownFinding<F extends Finding> = Omit<F, 'evidence'> & {
  id: string;
  evidence: ShownEvidence[];
};

const rules = new Map(CATALOGUE.map((r) => [r.id, r]));

export function requireConsistencyScope(identity: Identity | undefined): Identity {
  if (!identity) {
    throw graphError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
  }
  if (!identity.scopes.has('consistency:read')) {
    throw graphError(
      ErrorCode.FORBIDDEN,
      'Consistency findings require the scope consistency:read',
      { scope: 'consistency:read' },
    );
  }
  return identity;
}

/**
 * A finding as this caller may see it: evidence from a registry the caller may not read keeps its
 * source, entity, record and field but not its value, nor an id computed from it (a hash of the
 * value could be matched against guessed values), and the explanation, action and due date fall back
 * to the rule's own wording, which names no value.
 */
export function redactFinding<F extends Finding & { workerId: string }>(
  finding: F,
  identity: Identity,
): ShownFinding<F> {
  const hidden = new Set<string>();
  const evidence = finding.evidence.map((e) => {
    const allowed = identity.scopes.has(`${e.source.toLowerCase()}:read`);
    if (!allowed) hidden.add(e.source);
    if (allowed) return { ...e, redacted: false };
    return { ...e, id: withheldEvidenceId(e), value: null, redacted: true };
  });
  const rule = rules.get(finding.ruleId);
  const sources = [...hidden].sort();
  const shown =
    hidden.size === 0
      ? { ...finding, evidence }
      : {
          ...finding,
          evidence,
          explanation: `${rule?.description ?? finding.title} The facts from ${sources.join(', ')} are withheld: reading them needs ${sources.map((s) => `${s.toLowerCase()}:read`).join(' and ')}.`,
          recommendedAction: rule?.recommendedAction ?? finding.recommendedAction,
          dueBy: null,
        };
  return { ...shown, id: findingId(shown) };
}
