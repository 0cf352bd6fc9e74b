import { Migration } from '@mikro-orm/migrations';

/** The lessons of one series, in time order: cancelling a series (or the rest of it) reads them. */
export class Migration20261205110100LessonSeriesIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql('CREATE INDEX IF NOT EXISTS lessons_series_time_idx ON lessons (series_id, starts_at);');
  }

  override async down(): Promise<void> {
    this.addSql('DROP INDEX IF EXISTS lessons_series_time_idx;');
  }
}
