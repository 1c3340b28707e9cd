import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TaxKind = 'RESIDENT_TAX' | 'INCOME_TAX';
/** SPECIAL: the employer deducts and pays it (特別徴収); ORDINARY: the worker pays it (普通徴収). */
export type TaxCollection = 'SPECIAL' | 'ORDINARY';

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
