import { Column, Entity, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import type { JobField, SupportProvider } from '../../law/vocabulary';

/** `numeric` arrives from pg as a string; the exact decimal converts back to the number stored. */
const numericHours: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string) => Number(value),
};

@Entity({ name: 'employments' })
export class EmploymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** A worker of the residence registry; checked there through `_entities` when stored. */
  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ name: 'job_field', type: 'text' })
  jobField: JobField;

  @Column({ name: 'weekly_hours', type: 'numeric', transformer: numericHours })
  weeklyHours: number;

  @Column({ name: 'monthly_wage', type: 'integer' })
  monthlyWage: number;

  @Column({ name: 'support_plan_provider', type: 'text', nullable: true })
  supportPlanProvider: SupportProvider | null;

  @Column({ name: 'support_plan_organization_name', type: 'text', nullable: true })
  supportPlanOrganizationName: string | null;
}
