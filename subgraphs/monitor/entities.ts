import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { StoredFinding, StoredReport } from './report';

/** A worker's current report, as the monitor last evaluated it. */
@Entity({ name: 'monitored_worker' })
export class MonitoredWorkerEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'text' })
  status: string;

  /** Findings (with evidence), missing sources, unevaluated rules. */
  @Column({ type: 'jsonb' })
  report: StoredReport;

  @Column({ name: 'next_review_on', type: 'date', nullable: true })
  nextReviewOn: string | null;

  @Column({ name: 'as_of', type: 'date' })
  asOf: string;

  /** The report's outlook (subgraphs/monitor/outlook.ts): the first day its status worsens. */
  @Column({ name: 'outlook_on', type: 'date', nullable: true })
  outlookOn: string | null;

  @Column({ name: 'outlook_status', type: 'text', nullable: true })
  outlookStatus: string | null;

  @Column({ name: 'outlook_rule_ids', type: 'text', array: true, nullable: true })
  outlookRuleIds: string[] | null;

  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt: Date;

  @Column({ type: 'text' })
  cause: string;

  /** What triggered the evaluation: a registry, the calendar, a sweep. */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  /** The change (feed position, job id) the evaluation answered. */
  @Column({ name: 'change_ref', type: 'text', nullable: true })
  changeRef: string | null;

  @Column({ name: 'residence_status', type: 'text', nullable: true })
  residenceStatus: string | null;

  @Column({ type: 'text', nullable: true })
  nationality: string | null;

  @Column({ name: 'employer_ids', type: 'text', array: true })
  employerIds: string[];

  @Column({ name: 'job_fields', type: 'text', array: true })
  jobFields: string[];

  @Column({ name: 'municipality_code', type: 'text', nullable: true })
  municipalityCode: string | null;
}

/** One change of a worker's report: status before and after, why, what was added and resolved. */
@Entity({ name: 'risk_transition' })
export class RiskTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'worker_id', type: 'uuid' })
  workerId: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'text' })
  toStatus: string;

  @Column({ type: 'text' })
  cause: string;

  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ name: 'findings_added', type: 'jsonb' })
  findingsAdded: StoredFinding[];

  @Column({ name: 'findings_resolved', type: 'jsonb' })
  findingsResolved: StoredFinding[];
}

/** A full re-evaluation of every worker. */
@Entity({ name: 'monitor_sweep' })
export class MonitorSweepEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer' })
  workers: number;
}

export const entities = [MonitoredWorkerEntity, RiskTransitionEntity, MonitorSweepEntity];
