import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Clearance } from '../config';

export const ROLES = ['staff', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Index('users_email_key', { synchronize: false })
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
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

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
