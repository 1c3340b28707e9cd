import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'workers' })
export class WorkerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Registration order, the stable key of the workers connection. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ type: 'char', length: 2 })
  nationality: string;

  @Column({ name: 'date_of_birth', type: 'date' })
  dateOfBirth: string;
}
