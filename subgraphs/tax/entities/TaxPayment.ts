import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'tax_payments' })
export class TaxPaymentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'assessment_id', type: 'uuid' })
  assessmentId: string;

  @Column({ name: 'paid_on', type: 'date' })
  paidOn: string;

  /** Integer yen, positive. */
  @Column({ type: 'integer' })
  amount: number;
}
