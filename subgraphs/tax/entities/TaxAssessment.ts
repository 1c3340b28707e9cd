import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TaxCollection, TaxKind } from '../../law/vocabulary';

@Entity({ name: 'tax_assessments' })
export class TaxAssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  kind: TaxKind;

  @Column({ name: 'fiscal_year', type: 'integer' })
  fiscalYear: number;

  /** Integer yen. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ type: 'text' })
  collection: TaxCollection;

  @Column({ name: 'collecting_employer_id', type: 'uuid', nullable: true })
  collectingEmployerId: string | null;
}
