import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Secrets the app generates for itself on first start (src/db/secrets.ts). */
@Entity('app_secrets')
export class AppSecret {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  value: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
