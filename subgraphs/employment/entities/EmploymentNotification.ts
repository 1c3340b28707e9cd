import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind, ResidenceStatus } from '../../law/vocabulary';

@Entity({ name: 'employment_notifications' })
export class EmploymentNotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Filing order among notifications filed the same day. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'employment_id', type: 'uuid' })
  employmentId: string;

  /** The employment's worker, copied so a worker's notifications load in one statement. */
  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ name: 'filed_on', type: 'date' })
  filedOn: string;

  @Column({ name: 'reported_status', type: 'text', nullable: true })
  reportedStatus: ResidenceStatus | null;

  @Column({ name: 'reported_expires_on', type: 'date', nullable: true })
  reportedExpiresOn: string | null;
}
