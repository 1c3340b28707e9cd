import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A worker's registration at a municipality (住民票): moved in, notified, perhaps moved out. */
@Entity({ name: 'address_registrations' })
export class AddressRegistrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  /** The 6-digit local government code (全国地方公共団体コード). */
  @Column({ name: 'municipality_code', type: 'char', length: 6 })
  municipalityCode: string;

  @Column({ name: 'moved_in_on', type: 'date' })
  movedInOn: string;

  @Column({ name: 'notified_on', type: 'date' })
  notifiedOn: string;

  @Column({ name: 'moved_out_on', type: 'date', nullable: true })
  movedOutOn: string | null;
}
