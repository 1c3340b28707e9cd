import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LegalForm } from '../../law/vocabulary';

@Entity({ name: 'employers' })
export class EmployerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Registration order, the stable key of the employers connection. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'legal_form', type: 'text' })
  legalForm: LegalForm;

  @Column({ name: 'employee_count', type: 'integer' })
  employeeCount: number;

  @Column({ name: 'insured_headcount', type: 'integer' })
  insuredHeadcount: number;

  @Column({ name: 'corporate_number', type: 'char', length: 13, nullable: true })
  corporateNumber: string | null;
}
