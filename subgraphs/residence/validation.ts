import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { todayInTokyo } from '../kit/dates';
import {
  APPLICATION_KINDS,
  APPLICATION_OUTCOMES,
  INDUSTRIAL_FIELDS,
  JOB_FIELDS,
  RESIDENCE_STATUSES,
  SKILL_DEVELOPMENT_FROM,
  SSW_II_FIELDS,
  workCategory,
} from '../law/vocabulary';
import { schemas as s } from '../kit/validation';

export const registerWorkerInput = z.object({
  fullName: s.text(200),
  nationality: z
    .string()
    .refine(
      (c) => /^[A-Z]{2}$/.test(c) && countries.isValid(c),
      'must be an ISO 3166-1 alpha-2 code such as VN',
    ),
  dateOfBirth: s.date
    .refine((d) => d >= '1900-01-01', 'must be on or after 1900-01-01')
    .refine((d) => d <= todayInTokyo(), 'must not be in the future'),
  idempotencyKey: s.idempotencyKey,
});

const industrial: readonly string[] = INDUSTRIAL_FIELDS;

export const grantResidencePermitInput = z
  .object({
    workerId: s.id,
    status: z.enum(RESIDENCE_STATUSES),
    grantedOn: s.date,
    expiresOn: s.date.nullish(),
    designatedFields: z.array(z.enum(JOB_FIELDS)).nullish(),
    designatedEmployerId: s.id.nullish(),
    enrolledUntil: s.date.nullish(),
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    const issue = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    const fields = v.designatedFields ?? [];
    const category = workCategory(v.status);
    if (v.status === 'PERMANENT_RESIDENT') {
      if (v.expiresOn)
        issue('expiresOn', 'must be empty for PERMANENT_RESIDENT, which has no period of stay');
    } else if (!v.expiresOn) {
      issue('expiresOn', `is required for ${v.status}`);
    } else if (v.expiresOn <= v.grantedOn) {
      issue('expiresOn', `must be after grantedOn (${v.grantedOn})`);
    }
    if (new Set(fields).size !== fields.length)
      issue('designatedFields', 'must not repeat a field');
    if (v.status === 'SPECIFIED_SKILLED_WORKER_I' || v.status === 'SPECIFIED_SKILLED_WORKER_II') {
      const allowed = v.status === 'SPECIFIED_SKILLED_WORKER_I' ? industrial : SSW_II_FIELDS;
      if (fields.length !== 1)
        issue('designatedFields', `${v.status} designates exactly one industrial field`);
      else if (!allowed.includes(fields[0])) {
        issue('designatedFields', `${fields[0]} is not a field of ${v.status}`);
      }
    } else if (fields.length > 0 && category !== 'DESIGNATED') {
      issue('designatedFields', `${v.status} does not designate fields`);
    }
    const namesEmployer =
      v.status === 'TECHNICAL_INTERN_TRAINING' || v.status === 'HIGHLY_SKILLED_PROFESSIONAL_I';
    if (namesEmployer && !v.designatedEmployerId) {
      issue('designatedEmployerId', `${v.status} names a designated employer`);
    } else if (v.designatedEmployerId && category !== 'DESIGNATED') {
      issue('designatedEmployerId', `${v.status} does not designate an employer`);
    }
    if (v.status === 'EMPLOYMENT_FOR_SKILL_DEVELOPMENT' && v.grantedOn < SKILL_DEVELOPMENT_FROM) {
      issue(
        'grantedOn',
        `EMPLOYMENT_FOR_SKILL_DEVELOPMENT cannot be granted before ${SKILL_DEVELOPMENT_FROM}`,
      );
    }
    if (v.enrolledUntil && v.status !== 'STUDENT')
      issue('enrolledUntil', 'applies only to STUDENT');
  });

export const fileApplicationInput = z.object({
  workerId: s.id,
  kind: z.enum(APPLICATION_KINDS),
  filedOn: s.date,
  idempotencyKey: s.idempotencyKey,
});

export const decideApplicationInput = z.object({
  applicationId: s.id,
  decidedOn: s.date,
  outcome: z.enum(APPLICATION_OUTCOMES),
  idempotencyKey: s.idempotencyKey,
});

export const grantWorkPermissionInput = z
  .object({
    workerId: s.id,
    grantedOn: s.date,
    expiresOn: s.date.nullish(),
    maxWeeklyHours: z
      .number()
      .int()
      .min(1, 'must be between 1 and 28')
      .max(28, 'must be between 1 and 28')
      .nullish(),
    idempotencyKey: s.idempotencyKey,
  })
  .superRefine((v, ctx) => {
    if (v.expiresOn && v.expiresOn <= v.grantedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresOn'],
        message: `must be after grantedOn (${v.grantedOn})`,
      });
    }
  });
