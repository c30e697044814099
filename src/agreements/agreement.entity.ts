import { Column, CreateDateColumn, DeleteDateColumn, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Clearance } from '../config';
import { Ministry } from '../ministries/ministry.entity';

export const AGREEMENT_KINDS = ['treaty', 'agreement', 'protocol', 'memorandum', 'arrangement'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_STATUSES = ['negotiating', 'signed', 'in_force', 'suspended', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

@Entity('agreements')
export class Agreement {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  kind: AgreementKind;

  @Column({ type: 'text' })
  status: AgreementStatus;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn: string | null;

  @Column({ name: 'in_force_on', type: 'date', nullable: true })
  inForceOn: string | null;

  /** The agreement this one amends or supplements. */
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Agreement, { nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Agreement | null;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @ManyToMany(() => Ministry)
  @JoinTable({ name: 'agreement_parties', joinColumn: { name: 'agreement_id' }, inverseJoinColumn: { name: 'ministry_id' } })
  parties?: Ministry[];

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
