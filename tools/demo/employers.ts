import { addDays, addMonths, type CalendarDate } from './dates';
import type { DemoEmployer, LegalForm } from './types';

/** 法人番号: a check digit (9 − Σ Pn·Qn mod 9, Qn = 1 for odd n, 2 for even n from the right) + 12 digits. */
export function corporateNumber(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n += 1) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base12}`;
}

interface EmployerSpec {
  key: string;
  name: string;
  legalForm: LegalForm;
  employeeCount: number;
  insuredHeadcount: number;
}

/**
 * Twenty employers. Roles in the demo: e10 never enrolled its staff in health or pension insurance;
 * e11 owes special-collection tax it withheld, e12 owes health-insurance contributions (both
 * employ Specified Skilled Workers); e09 is a small sole proprietor not obliged to enrol staff.
 */
const SPECS: EmployerSpec[] = [
  {
    key: 'e01',
    name: '株式会社さくら介護サービス',
    legalForm: 'CORPORATION',
    employeeCount: 180,
    insuredHeadcount: 172,
  },
  {
    key: 'e02',
    name: '社会福祉法人やすらぎ会',
    legalForm: 'CORPORATION',
    employeeCount: 95,
    insuredHeadcount: 90,
  },
  {
    key: 'e03',
    name: '株式会社東海フードサービス',
    legalForm: 'CORPORATION',
    employeeCount: 320,
    insuredHeadcount: 140,
  },
  {
    key: 'e04',
    name: '株式会社大和建設',
    legalForm: 'CORPORATION',
    employeeCount: 64,
    insuredHeadcount: 60,
  },
  {
    key: 'e05',
    name: '株式会社北陸精密工業',
    legalForm: 'CORPORATION',
    employeeCount: 210,
    insuredHeadcount: 205,
  },
  {
    key: 'e06',
    name: '株式会社ネクストシステムズ',
    legalForm: 'CORPORATION',
    employeeCount: 450,
    insuredHeadcount: 440,
  },
  {
    key: 'e07',
    name: '株式会社ハッピーマート',
    legalForm: 'CORPORATION',
    employeeCount: 1200,
    insuredHeadcount: 380,
  },
  {
    key: 'e08',
    name: '株式会社関西ホテルズ',
    legalForm: 'CORPORATION',
    employeeCount: 260,
    insuredHeadcount: 230,
  },
  {
    key: 'e09',
    name: '居酒屋たなか（田中一郎）',
    legalForm: 'SOLE_PROPRIETOR',
    employeeCount: 3,
    insuredHeadcount: 0,
  },
  {
    key: 'e10',
    name: '株式会社丸山水産',
    legalForm: 'CORPORATION',
    employeeCount: 38,
    insuredHeadcount: 4,
  },
  {
    key: 'e11',
    name: '株式会社港北ビルメンテナンス',
    legalForm: 'CORPORATION',
    employeeCount: 75,
    insuredHeadcount: 70,
  },
  {
    key: 'e12',
    name: '株式会社富士食品工業',
    legalForm: 'CORPORATION',
    employeeCount: 130,
    insuredHeadcount: 126,
  },
  {
    key: 'e13',
    name: '株式会社中部自動車整備',
    legalForm: 'CORPORATION',
    employeeCount: 42,
    insuredHeadcount: 40,
  },
  {
    key: 'e14',
    name: '株式会社グローバル翻訳センター',
    legalForm: 'CORPORATION',
    employeeCount: 28,
    insuredHeadcount: 27,
  },
  {
    key: 'e15',
    name: '株式会社ひまわり物流',
    legalForm: 'CORPORATION',
    employeeCount: 150,
    insuredHeadcount: 120,
  },
  {
    key: 'e16',
    name: '株式会社グリーンファーム熊本',
    legalForm: 'CORPORATION',
    employeeCount: 55,
    insuredHeadcount: 52,
  },
  {
    key: 'e17',
    name: '株式会社瀬戸内造船',
    legalForm: 'CORPORATION',
    employeeCount: 310,
    insuredHeadcount: 300,
  },
  {
    key: 'e18',
    name: '山田農園（山田花子）',
    legalForm: 'SOLE_PROPRIETOR',
    employeeCount: 8,
    insuredHeadcount: 7,
  },
  {
    key: 'e19',
    name: '株式会社クリーンスタッフ東京',
    legalForm: 'CORPORATION',
    employeeCount: 88,
    insuredHeadcount: 80,
  },
  {
    key: 'e20',
    name: '医療法人社団みなと会',
    legalForm: 'CORPORATION',
    employeeCount: 140,
    insuredHeadcount: 138,
  },
];

/** A registered support organization (登録支援機関) several SSW employers entrust with support. */
export const SUPPORT_ORGANIZATION = '一般社団法人アジア人材支援協会';

export function buildEmployers(ref: CalendarDate): DemoEmployer[] {
  return SPECS.map((spec, i) => ({
    ...spec,
    corporateNumber:
      spec.legalForm === 'CORPORATION'
        ? corporateNumber(`${10_0000_0000 + (i + 1) * 7_310_419}`.padStart(12, '1'))
        : null,
    contributionArrears:
      spec.key === 'e12'
        ? [
            {
              scheme: 'EMPLOYEES_HEALTH',
              since: addMonths(ref, -5),
              amount: 2_480_000,
              settledOn: null,
            },
            {
              scheme: 'EMPLOYEES_PENSION',
              since: addMonths(ref, -26),
              amount: 910_000,
              settledOn: addMonths(ref, -20),
            },
          ]
        : [],
    taxArrears:
      spec.key === 'e11'
        ? [{ since: addDays(addMonths(ref, -4), -3), amount: 1_365_000, settledOn: null }]
        : spec.key === 'e04'
          ? [{ since: addMonths(ref, -30), amount: 420_000, settledOn: addMonths(ref, -27) }]
          : [],
  }));
}

export type EmployerIndex = Map<string, DemoEmployer>;

export function indexEmployers(employers: readonly DemoEmployer[]): EmployerIndex {
  return new Map(employers.map((e) => [e.key, e]));
}
