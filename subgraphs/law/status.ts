import { addMonths, daysBetween, type CalendarDate } from '../kit/dates';
import { workCategory, type ResidenceStatus, type WorkCategory } from './vocabulary';

interface PermitFacts {
  id: string;
  status: ResidenceStatus;
  grantedOn: CalendarDate;
  expiresOn: CalendarDate | null;
}

interface ApplicationFacts {
  kind: 'RENEWAL' | 'CHANGE_OF_STATUS' | 'PERMANENT_RESIDENCE';
  filedOn: CalendarDate;
  decidedOn: CalendarDate | null;
}

type Validity = 'REGULAR' | 'SPECIAL_PERIOD' | 'NONE';

/** Of the permits granted on or before D, the one granted last (a newer permit supersedes). */
export function permitInForce<P extends PermitFacts>(
  permits: readonly P[],
  on: CalendarDate,
): P | null {
  let best: P | null = null;
  for (const p of permits)
    if (p.grantedOn <= on && (!best || p.grantedOn >= best.grantedOn)) best = p;
  return best;
}

/** Filed on or before D and not decided by D. */
export function isPending(a: ApplicationFacts, on: CalendarDate): boolean {
  return a.filedOn <= on && (a.decidedOn === null || a.decidedOn > on);
}

const extendsStay = (a: ApplicationFacts) => a.kind === 'RENEWAL' || a.kind === 'CHANGE_OF_STATUS';

export interface ValidityResult {
  validity: Validity;
  /** The last valid day without a new decision (null: permanent, or no status). */
  validUntil: CalendarDate | null;
  category: WorkCategory;
}

/** Valid status on D for the permit in force (RULES.md "valid status on D"). */
export function statusValidity(
  permit: PermitFacts | null,
  applications: readonly ApplicationFacts[],
  on: CalendarDate,
): ValidityResult {
  if (!permit) return { validity: 'NONE', validUntil: null, category: 'NONE' };
  const category = workCategory(permit.status);
  if (permit.expiresOn === null || on <= permit.expiresOn) {
    return { validity: 'REGULAR', validUntil: permit.expiresOn, category };
  }
  const expiresOn = permit.expiresOn;
  const specialEnd = addMonths(expiresOn, 2);
  const timely = applications.some(
    (a) => extendsStay(a) && a.filedOn <= expiresOn && isPending(a, on),
  );
  if (timely && daysBetween(permit.grantedOn, expiresOn) > 30 && on <= specialEnd) {
    return { validity: 'SPECIAL_PERIOD', validUntil: specialEnd, category };
  }
  return { validity: 'NONE', validUntil: null, category };
}
