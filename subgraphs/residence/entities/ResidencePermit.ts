import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JobField, ResidenceStatus } from '../../law/vocabulary';

@Entity({ name: 'residence_permits' })
export class ResidencePermitEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  status: ResidenceStatus;

  @Column({ name: 'granted_on', type: 'date' })
  grantedOn: string;

  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  @Column({ name: 'designated_fields', type: 'text', array: true, default: () => "'{}'" })
  designatedFields: JobField[];

  @Column({ name: 'designated_employer_id', type: 'uuid', nullable: true })
  designatedEmployerId: string | null;

  @Column({ name: 'enrolled_until', type: 'date', nullable: true })
  enrolledUntil: string | null;
}
