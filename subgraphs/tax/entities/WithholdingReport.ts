import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A withholding report (源泉徴収票): one per employer, worker and calendar year. */
@Entity({ name: 'withholding_reports' })
export class WithholdingReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ name: 'gross_pay', type: 'integer' })
  grossPay: number;

  @Column({ name: 'tax_withheld', type: 'integer' })
  taxWithheld: number;
}
