/** Address situations: a move or an arrival never notified to a municipality. */
import type { WorkerBuilder } from '../builder';
import { SUPPORT_ORGANIZATION } from '../employers';
import { ago, ahead, ENGINEER_FIELDS, person, type Ctx } from '../people';
import { MUNICIPALITY_CODES } from '../registries/municipality';

export function addressViolations(ctx: Ctx): WorkerBuilder[] {
  const { rng } = ctx;
  const code = () => rng.pick(MUNICIPALITY_CODES);
  // Moved 40 days ago; the registered support organization has not seen to the notification.
  const moved = person(
    ctx,
    ['MM', 'NP'],
    [22, 32],
    'SSW (i) carer moved 40 days ago; new address not notified (support organization)',
  )
    .grant({
      status: 'SPECIFIED_SKILLED_WORKER_I',
      grantedOn: ago(ctx, 200),
      expiresOn: ahead(ctx, 165),
      designatedFields: ['NURSING_CARE'],
    })
    .employ({
      employer: 'e01',
      startDate: ago(ctx, 190),
      jobField: 'NURSING_CARE',
      weeklyHours: 40,
      monthlyWage: 215_000,
      supportPlan: {
        provider: 'REGISTERED_SUPPORT_ORGANIZATION',
        organizationName: SUPPORT_ORGANIZATION,
      },
    });
  moved.facts({
    addressRegistrations: [
      {
        municipalityCode: code(),
        movedInOn: ago(ctx, 198),
        notifiedOn: ago(ctx, 193),
        movedOutOn: ago(ctx, 40),
      },
    ],
  });
  // Arrived 30 days ago; the employer, its own support provider, has not taken the worker to register.
  const arrived = person(
    ctx,
    ['VN', 'ID'],
    [21, 29],
    'SSW (i) arrived 30 days ago; no address notified yet (employer provides the support)',
  )
    .grant({
      status: 'SPECIFIED_SKILLED_WORKER_I',
      grantedOn: ago(ctx, 30),
      expiresOn: ahead(ctx, 335),
      designatedFields: ['ACCOMMODATION'],
    })
    .employ({
      employer: 'e08',
      startDate: ago(ctx, 26),
      jobField: 'ACCOMMODATION',
      weeklyHours: 40,
      monthlyWage: 205_000,
      supportPlan: { provider: 'SELF', organizationName: null },
    })
    .facts({ addressRegistrations: [] });
  // Left a shared flat 120 days ago and registered nowhere since: a ground for revocation.
  const gone = person(
    ctx,
    ['NP', 'LK'],
    [25, 35],
    'engineer moved out 120 days ago, no new address notified (revocation ground)',
  )
    .grant({
      status: 'ENGINEER_SPECIALIST_INTL_SERVICES',
      grantedOn: ago(ctx, 700),
      expiresOn: ahead(ctx, 400),
      designatedFields: ENGINEER_FIELDS,
    })
    .employ({
      employer: 'e06',
      startDate: ago(ctx, 690),
      jobField: 'ENGINEERING',
      weeklyHours: 40,
      monthlyWage: 310_000,
    });
  gone.facts({
    addressRegistrations: [
      {
        municipalityCode: code(),
        movedInOn: ago(ctx, 698),
        notifiedOn: ago(ctx, 690),
        movedOutOn: ago(ctx, 120),
      },
    ],
  });
  return [moved, arrived, gone];
}
