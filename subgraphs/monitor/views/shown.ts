import type { Identity } from '../../kit/auth';
import { redactFinding } from '../../consistency/redaction';
import type { Finding } from '../../consistency/engine/report';
import type { StoredFinding } from '../report';

type ShownFinding = ReturnType<typeof redactFinding<Finding & { workerId: string }>>;

/**
 * A stored finding as this caller may see it, exactly as Worker.consistency shows it (evidence
 * redacted by the caller's source scopes); a value the monitor could not read stays withheld.
 */
export function shown(f: StoredFinding, workerId: string, identity: Identity): ShownFinding {
  const finding = redactFinding(
    {
      ...(f as unknown as Finding),
      workerId,
      evidence: f.evidence.map(({ redacted: _, ...e }) => e) as Finding['evidence'],
    },
    identity,
  );
  const withheld = new Set(f.evidence.filter((e) => e.redacted).map((e) => e.id));
  return {
    ...finding,
    // Each item names its worker, for the access policy (index.ts).
    evidence: finding.evidence.map((e) => ({
      ...(withheld.has(e.id) ? { ...e, value: null, redacted: true } : e),
      workerId,
    })),
  };
}
