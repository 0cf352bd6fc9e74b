import { Controller, Get, Header, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { ICALENDAR } from '../lesson.response';
import { CalendarLesson, ListCalendarLessons } from '../../../projections/lessons/calendar-lessons.query';
import { Public } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { notFound } from '../../shared/domain-error';
import { CalendarSubscriptions } from './calendar-subscriptions';
import { feedWindow, lessonCalendar } from './lesson-calendar';

/**
 * The calendar URL a calendar app polls: no sign-in, the secret in the path is the credential.
 * An unknown, replaced or revoked URL answers 404, as any unknown path does.
 */
@ApiTags('lessons')
@Controller('api/v1/calendars')
export class SubscribedCalendarController {
  constructor(
    private readonly subscriptions: CalendarSubscriptions,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Get(':file')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, max-age=300')
  @ApiOperation({
    operationId: 'getSubscribedCalendar',
    summary: 'The calendar URL a calendar app polls: GET /api/v1/calendars/{token}.ics',
  })
  @ApiOkResponse({
    description: 'the lessons of the teacher or family (30 days back, 180 ahead) as iCalendar',
    content: ICALENDAR,
  })
  @ApiProblems([404, 'no calendar at this URL (never issued, replaced or revoked)'])
  async feed(@Param('file') file: string): Promise<string> {
    const owner = file.endsWith('.ics') ? await this.subscriptions.ownerOf(file.slice(0, -4)) : null;
    if (!owner) throw notFound('CALENDAR_NOT_FOUND', 'no calendar at this address');
    const { from, to } = feedWindow(this.clock.now());
    let name = 'Cedar Heights lessons';
    if (owner.kind === 'teacher') {
      const firstName = await this.subscriptions.teacherFirstName(owner.teacherId);
      if (!firstName) throw notFound('CALENDAR_NOT_FOUND', 'no calendar at this address');
      name = `Cedar Heights lessons — ${firstName}`;
    }
    const scope = owner.kind === 'teacher' ? { teacherId: owner.teacherId } : { parentId: owner.parentId };
    const lessons = await this.queries.execute<ListCalendarLessons, CalendarLesson[]>(
      new ListCalendarLessons(scope, from, to),
    );
    return lessonCalendar(name, lessons);
  }
}
