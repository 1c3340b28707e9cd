import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'employer_tax_arrears' })
export class EmployerTaxArrearsEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'employer_id', type: 'uuid' })
  employerId: string;

  @Column({ type: 'date' })
  since: string;

  /** Integer yen. */
  @Column({ type: 'integer' })
  amount: number;

  @Column({ name: 'settled_on', type: 'date', nullable: true })
  settledOn: string | null;
}
