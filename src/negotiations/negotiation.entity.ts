import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../auth/user.entity';
import { oneOf, RecordColumns } from '../db/record-columns';
import { Ministry } from '../ministries/ministry.entity';

export const NEGOTIATION_STATUSES = ['active', 'paused', 'concluded'] as const;
export type NegotiationStatus = (typeof NEGOTIATION_STATUSES)[number];

/** The dossier that ties meetings, notes, agreements and commitments together. */
@Entity('negotiations')
@Check('negotiations_title_check', 'length(title) BETWEEN 1 AND 300')
@Check('negotiations_status_check', oneOf('status', NEGOTIATION_STATUSES))
@Check('negotiations_summary_check', 'length(summary) <= 20000')
export class Negotiation extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: 'active' })
  status: NegotiationStatus;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @OneToMany(() => NegotiationParty, (party) => party.negotiation)
  parties?: NegotiationParty[];

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'negotiations_created_by_fkey' })
  creator?: User | null;
}

/** A ministry taking part in a negotiation. */
@Entity('negotiation_parties')
@Index('negotiation_parties_ministry_idx', ['ministryId'])
export class NegotiationParty {
  @PrimaryColumn({ name: 'negotiation_id', type: 'integer' })
  negotiationId: number;

  @ManyToOne(() => Negotiation, (negotiation) => negotiation.parties)
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'negotiation_parties_negotiation_id_fkey' })
  negotiation?: Negotiation;

  @PrimaryColumn({ name: 'ministry_id', type: 'integer' })
  ministryId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'ministry_id', foreignKeyConstraintName: 'negotiation_parties_ministry_id_fkey' })
  ministry?: Ministry;
}
