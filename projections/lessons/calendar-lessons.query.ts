import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '../../src/database/pg-pool.token';
import { Scope } from '../viewer-scope';
import { lessonScopeSql } from './lesson.view';

/**
 * What a calendar app is shown of a lesson: when, what kind, whether it still happens, and who
 * comes by first name and instrument. No surnames, notes or reasons: a calendar URL travels
 * through other companies' servers.
 */
export interface CalendarLesson {
  id: string;
  startsAt: Date;
  endsAt: Date;
  lessonType: string;
  status: string;
  studentFirstName: string;
  instrument: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Lessons starting in [from, to) that a scope sees (the scope rules of the lessons list). */
export class ListCalendarLessons {
  constructor(
    readonly scope: Scope,
    readonly from: Date,
    readonly to: Date,
  ) {}
}

@QueryHandler(ListCalendarLessons)
export class ListCalendarLessonsHandler implements IQueryHandler<ListCalendarLessons, CalendarLesson[]> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async execute({ scope, from, to }: ListCalendarLessons): Promise<CalendarLesson[]> {
    const params: unknown[] = [from, to];
    const scoped = lessonScopeSql(scope, (value) => `$${params.push(value)}`);
    const { rows } = await this.pool.query<CalendarLesson>(
      `SELECT l.id, l.starts_at AS "startsAt", l.ends_at AS "endsAt", l.lesson_type AS "lessonType", l.status,
              s.first_name AS "studentFirstName", s.instrument, l.created_at AS "createdAt", l.updated_at AS "updatedAt"
         FROM (SELECT * FROM lessons WHERE starts_at >= $1 AND starts_at < $2${scoped ? ` AND ${scoped}` : ''}) l
         JOIN students s ON s.id = l.student_id
        ORDER BY l.starts_at, l.id`,
      params,
    );
    return rows;
  }
}
