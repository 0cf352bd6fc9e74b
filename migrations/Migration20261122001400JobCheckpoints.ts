import { Migration } from '@mikro-orm/migrations';

/** How far a job that walks the event log (the orphan-slot sweeper) has got. */
export class Migration20261122001400JobCheckpoints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE job_checkpoints (
        job text PRIMARY KEY,
        position bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE IF EXISTS job_checkpoints;');
  }
}
