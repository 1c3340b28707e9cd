import type { CalendarDate } from '../../kit/dates';
import type { Source } from './facts';
import type { Evidence, Party, Severity } from './report';
import type { Situation } from './situation';

/** What a rule says about one case; the engine adds the catalogue's fixed parts. */
export interface Draft {
  explanation: string;
  evidence: Evidence[];
  dueBy?: CalendarDate | null;
  employerId?: string | null;
  /** When the responsible party depends on the facts (tax collection method). */
  responsibleParty?: Party;
  recommendedAction?: string;
}

/** One entry of the catalogue of ../shared/RULES.md. */
export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  responsibleParty: Party;
  affectedParty: Party;
  legalBasis: string;
  sources: Source[];
  effectiveFrom: CalendarDate | null;
  effectiveUntil: CalendarDate | null;
  description: string;
  recommendedAction: string;
  evaluate(s: Situation): Draft[];
}
