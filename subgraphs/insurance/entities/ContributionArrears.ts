import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { InsuranceScheme } from '../../law/vocabulary';

/** Contributions owed since a date by exactly one of a worker or an employer. */
@Entity({ name: 'contribution_arrears' })
export class ContributionArrearsEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid', nullable: true })
  workerId: string | null;

  @Column({ name: 'employer_id', type: 'uuid', nullable: true })
  employerId: string | null;

  @Column({ type: 'text' })
  scheme: InsuranceScheme;

  @Column({ type: 'date' })
  since: string;

  /** Integer yen. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ name: 'settled_on', type: 'date', nullable: true })
  settledOn: string | null;
}
