import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import icalGenerator from 'ical-generator';
import { LessonRow } from '../../../projections/lessons/lesson.entity';
import { StudentRow } from '../../../projections/students/student.entity';
import { GetTeacher, TeacherView } from '../../../projections/teachers/teachers.queries';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { notFound } from '../../shared/domain-error';
import { isUuid } from '../../shared/ids';

const FEED_PAST_DAYS = 30;
const FEED_FUTURE_DAYS = 180;

@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/calendar/teachers')
export class CalendarFeedController {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queries: QueryBus,
  ) {}

  /** A teacher's lessons (30 days back, 180 ahead) as iCalendar, for calendar apps. */
  @Get(':file')
  @Roles('admin', 'teacher')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'GET /api/v1/calendar/teachers/{id}.ics' })
  async feed(@Param('file') file: string, @CurrentUser() viewer: AuthenticatedUser): Promise<string> {
    const teacherId = file.endsWith('.ics') ? file.slice(0, -4) : '';
    if (!isUuid(teacherId)) throw notFound('CALENDAR_NOT_FOUND', 'ask for /api/v1/calendar/teachers/{teacherId}.ics');
    // The teacher query decides who may see which teacher (404 when not yours).
    const teacher = await this.queries.execute<GetTeacher, TeacherView>(new GetTeacher(viewer, teacherId));
    const em = this.em.fork();
    const now = this.clock.now().getTime();
    const lessons = await em.find(
      LessonRow,
      { teacherId, startsAt: { $gte: new Date(now - FEED_PAST_DAYS * 86_400_000), $lt: new Date(now + FEED_FUTURE_DAYS * 86_400_000) } },
      { orderBy: { startsAt: 'asc' } },
    );
    const students = new Map(
      (await em.find(StudentRow, { id: { $in: [...new Set(lessons.map((l) => l.studentId))] } })).map((s) => [s.id, s]),
    );
    const calendar = icalGenerator({
      name: `Cedar Heights — ${teacher.firstName} ${teacher.lastName}`,
      prodId: { company: 'Cedar Heights Music Academy', product: 'lessons', language: 'EN' },
      timezone: this.config.academyTimezone,
      method: ICalCalendarMethod.PUBLISH,
    });
    for (const l of lessons) {
      const s = students.get(l.studentId);
      calendar.createEvent({
        id: `${l.id}@cedarheights`,
        start: l.startsAt,
        end: l.endsAt,
        timezone: this.config.academyTimezone,
        summary: `${l.lessonType === 'demo' ? 'Demo lesson' : l.lessonType === 'makeup' ? 'Makeup lesson' : 'Lesson'}: ${s ? `${s.firstName} ${s.lastName}` : 'student'}${s ? ` (${s.instrument})` : ''}`,
        description: l.notes ?? undefined,
        status: l.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        stamp: l.updatedAt,
        lastModified: l.updatedAt,
      });
    }
    return calendar.toString();
  }
}
