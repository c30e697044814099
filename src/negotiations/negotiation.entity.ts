import { Column, CreateDateColumn, DeleteDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Ministry } from '../ministries/ministry.entity';

export const NEGOTIATION_STATUSES = ['active', 'paused', 'concluded'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];

/** The dossier that ties meetings, notes, agreements and commitments together. */
@Entity('negotiations')
export class Negotiation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: 'active' })
  status: NegotiationStatus;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @ManyToMany(() => Ministry)
  @JoinTable({ name: 'negotiation_parties', joinColumn: { name: 'negotiation_id' }, inverseJoinColumn: { name: 'ministry_id' } })
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
