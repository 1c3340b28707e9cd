import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InsuranceScheme } from '../../law/vocabulary';

@Entity({ name: 'insurance_enrollments' })
export class InsuranceEnrollmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  scheme: InsuranceScheme;

  /** The employer of an employee scheme; null for national schemes. */
  @Column({ name: 'employer_id', type: 'uuid', nullable: true })
  employerId: string | null;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;
}
