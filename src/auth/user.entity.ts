import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { Clearance } from '../config';
import { oneOf } from '../db/record-columns';
import { CLASSIFICATIONS } from '../web/clearance';

export const ROLES = ['staff', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const SUMMARY_CHOICES = ['daily', 'weekly', 'never'] as const;
export type SummaryChoice = (typeof SUMMARY_CHOICES)[number];

@Entity('users')
@Index('users_email_key', { synchronize: false })
@Check('users_email_check', 'length(email) BETWEEN 3 AND 254')
@Check('users_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('users_role_check', oneOf('role', ROLES))
@Check('users_clearance_check', oneOf('clearance', CLASSIFICATIONS))
@Check('users_summaries_check', oneOf('summaries', SUMMARY_CHOICES))
@Unique('users_password_token_hash_key', ['passwordTokenHash'])
export class User {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: 'staff' })
  role: Role;

  @Column({ type: 'text', default: 'unclassified' })
  clearance: Clearance;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash: string;

  /** Mail preferences: the owner's summary, the managers' Monday digest, assignment notices. */
  @Column({ type: 'text', default: 'daily' })
  summaries: SummaryChoice;

  @Column({ type: 'boolean', default: true })
  digest: boolean;

  @Column({ type: 'boolean', default: true })
  notices: boolean;

  /** Only the hash of a one-time set-password link is kept; the link itself is shown or mailed once. */
  @Column({ name: 'password_token_hash', type: 'text', nullable: true, select: false })
  passwordTokenHash: string | null;

  @Column({ name: 'password_token_expires_at', type: 'timestamptz', nullable: true, select: false })
  passwordTokenExpiresAt: Date | null;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
