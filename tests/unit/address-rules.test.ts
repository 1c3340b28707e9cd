/**
 * ADDRESS_NOT_NOTIFIED and ADDRESS_REVOCATION_GROUND (../shared/RULES.md): R + 14 and R + 90 days,
 * "registered on D", the arrival case, the short-term visitor, and who must act.
 */
import type { CalendarDate } from '../../subgraphs/kit/dates';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import type { EmploymentFact, PermitFact } from '../../subgraphs/consistency/engine/facts';
import { nextReviewOn } from '../../subgraphs/consistency/engine/review';
import {
  ACME,
  check,
  employment,
  ev,
  permit,
  registration,
  ruleIds,
  single,
  worker,
} from './engine/builders';

const MOVED_OUT = '2026-03-01';

/** Registered in Shinjuku since 2025-04-05, moved out on MOVED_OUT, nothing notified since. */
const movedOut = (o: { permits?: PermitFact[]; employments?: EmploymentFact[] } = {}) =>
  worker({
    ...o,
    addressRegistrations: [
      registration({ movedInOn: '2025-04-05', notifiedOn: '2025-04-08', movedOutOn: MOVED_OUT }),
    ],
  });

const address = (facts: ReturnType<typeof worker>, on: CalendarDate) =>
  ruleIds(evaluate(facts, on)).filter((id) => id.startsWith('ADDRESS_'));

describe('ADDRESS_NOT_NOTIFIED', () => {
  it('fires on R + 15, not on R + 14, due by R + 14', () => {
    expect(address(movedOut(), '2026-03-15')).toEqual([]);
    const f = single(movedOut(), '2026-03-16', 'ADDRESS_NOT_NOTIFIED');
    expect(f).toMatchObject({
      severity: 'WARNING',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      legalBasis: 'ICRRA 19-7(1), 19-9(1)',
      dueBy: '2026-03-15',
      employerId: null,
    });
    expect(f.explanation).toContain('131041 on 2026-03-01');
    expect(f.explanation).toContain('by 2026-03-15');
    expect(f.evidence).toEqual([
      ev('MUNICIPALITY', 'AddressRegistration', 'address-1', 'movedOutOn', MOVED_OUT),
    ]);
  });

  it('still fires on R + 90 and gives way to ADDRESS_REVOCATION_GROUND on R + 91', () => {
    expect(address(movedOut(), '2026-05-30')).toEqual(['ADDRESS_NOT_NOTIFIED']);
    expect(address(movedOut(), '2026-05-31')).toEqual(['ADDRESS_REVOCATION_GROUND']);
  });

  it('is cleared by a new address notified on D, even late', () => {
    const facts = worker({
      addressRegistrations: [
        registration({ movedInOn: '2025-04-05', notifiedOn: '2025-04-08', movedOutOn: MOVED_OUT }),
        registration({ movedInOn: MOVED_OUT, notifiedOn: '2026-03-20' }),
      ],
    });
    // Moved in but not yet notified: R is still the move out of the notified address.
    expect(single(facts, '2026-03-19', 'ADDRESS_NOT_NOTIFIED').dueBy).toBe('2026-03-15');
    expect(address(facts, '2026-03-20')).toEqual([]);
  });

  it('counts an address as registered up to the day before movedOutOn', () => {
    // An earlier address kept until D (movedOutOn = D) beside a later short stay moved out of.
    const facts = worker({
      addressRegistrations: [
        registration({
          movedInOn: '2026-01-10',
          notifiedOn: '2026-01-10',
          movedOutOn: '2026-06-15',
        }),
        registration({
          movedInOn: '2026-05-01',
          notifiedOn: '2026-05-02',
          movedOutOn: '2026-05-10',
        }),
      ],
    });
    expect(address(facts, '2026-06-14')).toEqual([]);
    const f = single(facts, '2026-06-15', 'ADDRESS_NOT_NOTIFIED');
    expect(f.dueBy).toBe('2026-05-24');
    expect(f.evidence[0]).toEqual(
      ev('MUNICIPALITY', 'AddressRegistration', 'address-2', 'movedOutOn', '2026-05-10'),
    );
  });

  it('on arrival, counts from the earliest permit when no address was ever notified by D', () => {
    const facts = worker({
      permits: [
        permit({ status: 'ENGINEER_SPECIALIST_INTL_SERVICES', grantedOn: '2026-04-01' }),
        permit({
          status: 'STUDENT',
          grantedOn: '2026-01-01',
          expiresOn: '2026-04-30',
          enrolledUntil: '2026-03-20',
        }),
      ],
      // Notified only later than the evaluation dates below.
      addressRegistrations: [registration({ movedInOn: '2026-01-03', notifiedOn: '2026-06-20' })],
    });
    expect(address(facts, '2026-01-15')).toEqual([]);
    const f = single(facts, '2026-01-16', 'ADDRESS_NOT_NOTIFIED');
    expect(f.dueBy).toBe('2026-01-15');
    expect(f.explanation).toContain('STUDENT permit was granted on 2026-01-01');
    expect(f.evidence).toEqual([
      ev('MUNICIPALITY', 'Worker', 'worker-1', 'addressRegistrations', 'none notified'),
      ev('RESIDENCE', 'ResidencePermit', 'permit-2', 'grantedOn', '2026-01-01'),
    ]);
    // Still counted from arrival after the status changed, until the address is notified.
    expect(address(facts, '2026-04-02')).toEqual(['ADDRESS_REVOCATION_GROUND']);
    expect(address(facts, '2026-06-20')).toEqual([]);
  });

  it('does not apply to a short-term visitor, nor without a valid status', () => {
    const visitor = worker({
      permits: [
        permit({ status: 'TEMPORARY_VISITOR', grantedOn: '2026-05-01', expiresOn: '2026-07-30' }),
      ],
      addressRegistrations: [],
    });
    expect(address(visitor, '2026-07-01')).toEqual([]);
    const overstay = worker({
      permits: [permit({ grantedOn: '2023-01-01', expiresOn: '2026-01-01' })],
      addressRegistrations: [],
    });
    expect(address(overstay, '2026-06-15')).toEqual([]);
    expect(ruleIds(evaluate(overstay, '2026-06-15'))).toContain('RESIDENCE_EXPIRED');
  });

  it('changes on R + 15 and R + 91: nextReviewOn names those days', () => {
    expect(nextReviewOn(movedOut(), '2026-03-02')).toBe('2026-03-16');
    expect(nextReviewOn(movedOut(), '2026-03-16')).toBe('2026-05-31');
  });
});

describe('ADDRESS_REVOCATION_GROUND', () => {
  it('fires on R + 91 with no due date, and says only a human review may act', () => {
    expect(check(movedOut(), '2026-05-30', 'ADDRESS_REVOCATION_GROUND')).toEqual([]);
    const f = single(movedOut(), '2026-05-31', 'ADDRESS_REVOCATION_GROUND');
    expect(f).toMatchObject({
      severity: 'VIOLATION',
      responsibleParty: 'WORKER',
      affectedParty: 'WORKER',
      legalBasis: 'ICRRA 22-4(1)(viii), (ix)',
      dueBy: null,
    });
    expect(f.explanation).toContain('more than 90 days');
    expect(f.explanation).toContain('justifiable reason');
    expect(f.explanation).toContain('only a human review may act');
    expect(evaluate(movedOut(), '2026-05-31').status).toBe('VIOLATION');
  });
});

describe('who must act', () => {
  const ssw = permit({
    status: 'SPECIFIED_SKILLED_WORKER_I',
    grantedOn: '2025-04-01',
    expiresOn: '2026-12-31',
    designatedFields: ['NURSING_CARE'],
  });
  const job = (supportPlan: EmploymentFact['supportPlan'], endDate: string | null = null) =>
    employment({ jobField: 'NURSING_CARE', supportPlan, endDate });

  it.each([
    ['SELF', 'EMPLOYER'],
    ['REGISTERED_SUPPORT_ORGANIZATION', 'SUPPORT_ORGANIZATION'],
  ] as const)('SSW (i) with a support plan of %s: %s, on both rules', (provider, party) => {
    const plan = { provider, organizationName: provider === 'SELF' ? null : 'Asia Support' };
    const facts = movedOut({ permits: [ssw], employments: [job(plan)] });
    for (const [on, rule] of [
      ['2026-03-16', 'ADDRESS_NOT_NOTIFIED'],
      ['2026-05-31', 'ADDRESS_REVOCATION_GROUND'],
    ] as const) {
      const f = single(facts, on, rule);
      expect(f.responsibleParty).toBe(party);
      expect(f.employerId).toBe(ACME.id);
      expect(f.evidence).toContainEqual(
        ev('EMPLOYMENT', 'Employment', 'employment-1', 'supportPlan', provider),
      );
      expect(f.explanation).toContain(provider === 'SELF' ? ACME.name : 'Asia Support');
    }
  });

  it('the worker otherwise: no support plan, the plan of an ended job, another status', () => {
    const cases = [
      movedOut({ permits: [ssw], employments: [job(null)] }),
      movedOut({
        permits: [ssw],
        employments: [job({ provider: 'SELF', organizationName: null }, '2026-02-28')],
      }),
      movedOut({ employments: [job({ provider: 'SELF', organizationName: null })] }),
    ];
    for (const facts of cases) {
      const f = single(facts, '2026-03-16', 'ADDRESS_NOT_NOTIFIED');
      expect(f.responsibleParty).toBe('WORKER');
      expect(f.employerId).toBeNull();
    }
  });
});

describe('a missing municipal registry', () => {
  it('leaves both rules unevaluated and the report INCOMPLETE', () => {
    const report = evaluate(
      worker({ missing: ['MUNICIPALITY'], addressRegistrations: [] }),
      '2026-06-15',
    );
    expect(report.missingSources).toEqual(['MUNICIPALITY']);
    expect(report.unevaluatedRules).toEqual(['ADDRESS_NOT_NOTIFIED', 'ADDRESS_REVOCATION_GROUND']);
    expect(report.status).toBe('INCOMPLETE');
  });
});
