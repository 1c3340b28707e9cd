/** The demo dataset: deterministic, the right size, valid inputs, every rule firing somewhere. */
import countries from 'i18n-iso-countries';
import { buildDataset } from '../../tools/demo/dataset';
import { corporateNumber } from '../../tools/demo/employers';
import { workerFacts } from '../../tools/demo/facts';
import { RULE_ORDER } from '../../subgraphs/consistency/engine/catalogue';
import { evaluate } from '../../subgraphs/consistency/engine/evaluate';
import { permitInForce } from '../../subgraphs/law/status';
import {
  INDUSTRIAL_FIELDS,
  SKILL_DEVELOPMENT_FROM,
  SSW_II_FIELDS,
  workCategory,
} from '../../subgraphs/law/vocabulary';

const REF = '2026-11-28';
const dataset = buildDataset(REF);
const { workers, employers } = dataset;
const employerKeys = new Set(employers.map((e) => e.key));
const EMPLOYEE_SCHEMES = ['EMPLOYEES_HEALTH', 'EMPLOYEES_PENSION', 'EMPLOYMENT_INSURANCE'];

/** Every violated input rule, as readable strings (empty when the data is valid). */
function inputProblems(): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  for (const w of workers) {
    const k = w.key;
    check(countries.isValid(w.nationality), `${k} nationality ${w.nationality}`);
    check(w.dateOfBirth >= '1900-01-01' && w.dateOfBirth <= REF, `${k} dateOfBirth`);
    w.permits.forEach((p, i) => {
      const at = `${k} permit ${i}`;
      if (p.status === 'PERMANENT_RESIDENT') check(p.expiresOn === null, `${at} PR with expiresOn`);
      else check(p.expiresOn !== null && p.expiresOn > p.grantedOn, `${at} expiresOn`);
      check(p.grantedOn <= REF, `${at} granted in the future`);
      if (p.status === 'SPECIFIED_SKILLED_WORKER_I') {
        check(
          p.designatedFields.length === 1 &&
            (INDUSTRIAL_FIELDS as readonly string[]).includes(p.designatedFields[0]),
          `${at} SSW I field`,
        );
      } else if (p.status === 'SPECIFIED_SKILLED_WORKER_II') {
        check(
          p.designatedFields.length === 1 && SSW_II_FIELDS.includes(p.designatedFields[0]),
          `${at} SSW II field`,
        );
      } else if (workCategory(p.status) !== 'DESIGNATED') {
        check(
          p.designatedFields.length === 0 && p.designatedEmployer === null,
          `${at} designation on ${p.status}`,
        );
      }
      if (
        p.status === 'TECHNICAL_INTERN_TRAINING' ||
        p.status === 'HIGHLY_SKILLED_PROFESSIONAL_I'
      ) {
        check(p.designatedEmployer !== null, `${at} names no designated employer`);
      }
      if (p.designatedEmployer)
        check(employerKeys.has(p.designatedEmployer), `${at} unknown employer`);
      check(
        p.status !== 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT' || p.grantedOn >= SKILL_DEVELOPMENT_FROM,
        `${at} EFSD too early`,
      );
      check(
        p.enrolledUntil === null || p.status === 'STUDENT',
        `${at} enrolledUntil on ${p.status}`,
      );
      check(new Set(p.designatedFields).size === p.designatedFields.length, `${at} repeated field`);
    });
    w.applications.forEach((a, i) => {
      check(a.filedOn <= REF, `${k} application ${i} filed in the future`);
      if (a.decision)
        check(
          a.decision.decidedOn >= a.filedOn && a.decision.decidedOn <= REF,
          `${k} application ${i} decision`,
        );
    });
    const permits = w.permits.map((p, i) => ({ ...p, id: String(i) }));
    w.permissions.forEach((p, i) => {
      const status = permitInForce(permits, p.grantedOn)?.status;
      check(
        status !== undefined && workCategory(status) === 'PERMISSION_REQUIRED',
        `${k} permission ${i} on ${status}`,
      );
      check(p.maxWeeklyHours >= 1 && p.maxWeeklyHours <= 28, `${k} permission ${i} hours`);
      check(p.expiresOn === null || p.expiresOn > p.grantedOn, `${k} permission ${i} expiresOn`);
      check(p.grantedOn <= REF, `${k} permission ${i} in the future`);
    });
    for (const e of w.employments) {
      check(employerKeys.has(e.employer), `${e.key} employer`);
      check(e.startDate <= REF, `${e.key} starts in the future`);
      check(e.endDate === null || e.endDate >= e.startDate, `${e.key} endDate`);
      check(
        e.endedOn === null || (e.endedOn >= e.startDate && e.endedOn <= REF),
        `${e.key} endedOn`,
      );
      check(e.weeklyHours >= 0 && e.weeklyHours <= 168, `${e.key} hours`);
      check(Number.isInteger(e.monthlyWage) && e.monthlyWage >= 0, `${e.key} wage`);
      if (e.supportPlan?.provider === 'REGISTERED_SUPPORT_ORGANIZATION')
        check(!!e.supportPlan.organizationName, `${e.key} support organization`);
      for (const n of e.notifications) {
        check(n.filedOn >= e.startDate && n.filedOn <= REF, `${e.key} ${n.kind} filedOn`);
        if (n.kind === 'SEPARATION')
          check(
            (e.endedOn ?? e.endDate ?? '9999') <= n.filedOn,
            `${e.key} separation before the end`,
          );
      }
    }
    w.enrollments.forEach((n, i) => {
      const employee = EMPLOYEE_SCHEMES.includes(n.scheme);
      check(
        employee ? n.employer !== null && employerKeys.has(n.employer) : n.employer === null,
        `${k} enrollment ${i} employer`,
      );
      check(
        n.endDate === null || n.endDate >= n.startDate,
        `${k} enrollment ${i} end before start`,
      );
      check(n.startDate <= REF, `${k} enrollment ${i} in the future`);
    });
    w.arrears.forEach((a, i) => {
      check(Number.isInteger(a.amount) && a.amount >= 0, `${k} arrears ${i} amount`);
      check(a.settledOn === null || a.settledOn >= a.since, `${k} arrears ${i} settled before`);
    });
    w.assessments.forEach((a, i) => {
      const at = `${k} assessment ${i}`;
      check(
        a.collection === 'SPECIAL' ? a.collectingEmployer !== null : a.collectingEmployer === null,
        `${at} collector`,
      );
      check(Number.isInteger(a.amount) && a.amount >= 0, `${at} amount`);
      check(
        a.payments.every((p) => Number.isInteger(p.amount) && p.amount > 0 && p.paidOn <= REF),
        `${at} payments`,
      );
    });
    const addresses = w.registryFacts.addressRegistrations ?? [];
    addresses.forEach((r, i) => {
      const at = `${k} address ${i}`;
      check(/^\d{6}$/.test(r.municipalityCode), `${at} municipality code`);
      check(r.movedInOn <= r.notifiedOn && r.notifiedOn <= REF, `${at} notifiedOn`);
      check(
        r.movedOutOn === null || (r.movedOutOn >= r.movedInOn && r.movedOutOn <= REF),
        `${at} movedOutOn`,
      );
    });
    check(addresses.filter((r) => r.movedOutOn === null).length <= 1, `${k} two open addresses`);
    const reportKeys = w.withholdingReports.map((r) => `${r.employer}:${r.year}`);
    check(
      new Set(reportKeys).size === reportKeys.length,
      `${k} two withholding reports for one employer and year`,
    );
    for (const r of w.withholdingReports) {
      check(
        employerKeys.has(r.employer) &&
          Number.isInteger(r.grossPay) &&
          Number.isInteger(r.taxWithheld),
        `${k} report ${r.year}`,
      );
    }
  }
  for (const e of employers) {
    check(
      e.legalForm === 'CORPORATION'
        ? /^\d{13}$/.test(e.corporateNumber ?? '')
        : e.corporateNumber === null,
      `${e.key} corporate number`,
    );
    if (e.corporateNumber)
      check(
        corporateNumber(e.corporateNumber.slice(1)) === e.corporateNumber,
        `${e.key} check digit`,
      );
    check(e.insuredHeadcount <= e.employeeCount, `${e.key} headcount`);
  }
  return problems;
}

describe('demo dataset', () => {
  it('is deterministic: the same date gives the same data', () => {
    expect(buildDataset(REF)).toEqual(dataset);
    expect(buildDataset('2027-06-01').workers.map((w) => w.fullName)).toEqual(
      workers.map((w) => w.fullName),
    );
  });

  it('has about 200 workers and 20 employers', () => {
    expect(workers.length).toBeGreaterThanOrEqual(180);
    expect(workers.length).toBeLessThanOrEqual(220);
    expect(employers).toHaveLength(20);
  });

  it('obeys every input rule of the registries', () => {
    expect(inputProblems()).toEqual([]);
  });

  it('gives most workers a current address registration', () => {
    const current = workers.filter((w) =>
      (w.registryFacts.addressRegistrations ?? []).some(
        (r) => r.notifiedOn <= REF && r.movedOutOn === null,
      ),
    );
    expect(current.length / workers.length).toBeGreaterThan(0.9);
  });

  it('has unique stable keys, worker names and employer names', () => {
    expect(new Set(workers.map((w) => w.key)).size).toBe(workers.length);
    expect(new Set(workers.map((w) => w.fullName)).size).toBe(workers.length);
    expect(new Set(employers.map((e) => e.name)).size).toBe(employers.length);
    const employmentKeys = workers.flatMap((w) => w.employments.map((e) => e.key));
    expect(new Set(employmentKeys).size).toBe(employmentKeys.length);
  });

  it('mixes nationalities and statuses', () => {
    expect(new Set(workers.map((w) => w.nationality)).size).toBeGreaterThanOrEqual(10);
    const statuses = new Set(workers.flatMap((w) => w.permits.map((p) => p.status)));
    for (const s of [
      'SPECIFIED_SKILLED_WORKER_I',
      'TECHNICAL_INTERN_TRAINING',
      'ENGINEER_SPECIALIST_INTL_SERVICES',
      'STUDENT',
      'DEPENDENT',
      'PERMANENT_RESIDENT',
      'SPOUSE_OF_JAPANESE_NATIONAL',
      'LONG_TERM_RESIDENT',
    ]) {
      expect(statuses).toContain(s);
    }
  });

  it.each([REF, '2027-06-01', '2028-01-20'])(
    'makes every rule fire on %s while most workers stay consistent',
    (asOf) => {
      const data = buildDataset(asOf);
      const fired = new Map<string, number>();
      let consistent = 0;
      for (const w of data.workers) {
        const report = evaluate(workerFacts(w, data), asOf);
        if (report.status === 'CONSISTENT') consistent += 1;
        for (const f of report.findings) fired.set(f.ruleId, (fired.get(f.ruleId) ?? 0) + 1);
      }
      // PERMANENT_RESIDENCE_REVIEW applies from 2027-04-01 only.
      const expected = RULE_ORDER.filter(
        (id) => id !== 'PERMANENT_RESIDENCE_REVIEW' || asOf >= '2027-04-01',
      );
      expect(expected.filter((id) => !fired.has(id))).toEqual([]);
      expect(consistent / data.workers.length).toBeGreaterThan(0.65);
    },
  );
});
