import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicationKind, ApplicationOutcome } from '../../law/vocabulary';

@Entity({ name: 'residence_applications' })
export class ResidenceApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  kind: ApplicationKind;

  @Column({ name: 'filed_on', type: 'date' })
  filedOn: string;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: ApplicationOutcome | null;
}
