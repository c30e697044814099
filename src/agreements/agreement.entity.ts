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
import type { Clearance } from '../config';
import { oneOf, RecordColumns, searchVector } from '../db/record-columns';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { CLASSIFICATIONS } from '../web/clearance';

export const AGREEMENT_KINDS = ['treaty', 'agreement', 'protocol', 'memorandum', 'arrangement'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const AGREEMENT_STATUSES = ['negotiating', 'signed', 'in_force', 'suspended', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

@Entity('agreements')
@Check('agreements_title_check', 'length(title) BETWEEN 1 AND 300')
@Check('agreements_kind_check', oneOf('kind', AGREEMENT_KINDS))
@Check('agreements_status_check', oneOf('status', AGREEMENT_STATUSES))
@Check('agreements_summary_check', 'length(summary) <= 20000')
@Check('agreements_classification_check', oneOf('classification', CLASSIFICATIONS))
@Check('agreements_check', 'parent_id IS DISTINCT FROM id')
@Index('agreements_parent_idx', ['parentId'])
@Index('agreements_negotiation_idx', ['negotiationId'])
// (signed_on DESC NULLS LAST, id DESC): TypeORM cannot declare a column's order, so it leaves this one alone.
@Index('agreements_signed_on_idx', { synchronize: false })
@Index('agreements_search_idx', ['searchVector'], { type: 'gin' })
export class Agreement extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
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
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'agreements_parent_id_fkey' })
  parent?: Agreement | null;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @ManyToOne(() => Negotiation, { nullable: true })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'agreements_negotiation_id_fkey' })
  negotiation?: Negotiation | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @OneToMany(() => AgreementParty, (party) => party.agreement)
  parties?: AgreementParty[];

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'agreements_created_by_fkey' })
  creator?: User | null;

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
    ),
  )
  searchVector?: string;
}

/** A ministry that is party to an agreement. */
@Entity('agreement_parties')
@Index('agreement_parties_ministry_idx', ['ministryId'])
export class AgreementParty {
  @PrimaryColumn({ name: 'agreement_id', type: 'integer' })
  agreementId: number;

  @ManyToOne(() => Agreement, (agreement) => agreement.parties)
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'agreement_parties_agreement_id_fkey' })
  agreement?: Agreement;

  @PrimaryColumn({ name: 'ministry_id', type: 'integer' })
  ministryId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'ministry_id', foreignKeyConstraintName: 'agreement_parties_ministry_id_fkey' })
  ministry?: Ministry;
}
