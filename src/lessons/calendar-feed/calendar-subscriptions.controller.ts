import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Delete, HttpCode, Inject, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { CalendarSubscriptionResponse } from '../lesson.response';
import { IsOptional, IsUUID } from 'class-validator';
import { scopeOf } from '../../../projections/viewer-scope';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { invalid, notFound } from '../../shared/domain-error';
import { CalendarOwner, CalendarSubscriptions } from './calendar-subscriptions';

export class CalendarOwnerDto {
  @ApiPropertyOptional({ format: 'uuid', description: "a teacher's calendar (admin; a teacher may name themself)" })
  @IsOptional()
  @IsUUID()
  teacherId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "a family's calendar, by its parent's id (admin; a parent may name themself)",
  })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

/**
 * Calendar URLs for calendar apps (Google Calendar, Apple Calendar, Outlook), which poll a URL
 * and cannot sign in: a teacher gets one for their lessons, a parent one for their children's.
 * Asking again gives a new URL and retires the old one; deleting retires it.
 */
@ApiTags('lessons')
@ApiBearerAuth()
@Controller('api/v1/calendar-subscriptions')
export class CalendarSubscriptionsController {
  constructor(
    private readonly em: EntityManager,
    private readonly subscriptions: CalendarSubscriptions,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @Roles('admin', 'teacher', 'parent')
  @ApiOperation({ operationId: 'createCalendarSubscription', summary: 'A calendar URL for calendar apps' })
  @ApiCreatedResponse({
    description: 'the calendar URL (shown once; any earlier URL of this calendar stops working)',
    type: CalendarSubscriptionResponse,
  })
  @ApiProblems([400, 'a malformed id, or an admin names neither or both of teacherId and parentId'], 401, 403, [
    404,
    'no such teacher or family, or not yours',
  ])
  async create(@Body() body: CalendarOwnerDto, @CurrentUser() viewer: AuthenticatedUser) {
    const owner = await this.ownerFor(viewer, body);
    const token = await this.subscriptions.issue(owner, this.clock.now());
    const url = `${this.config.publicUrl}/api/v1/calendars/${token}.ics`;
    return { url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
  }

  @Delete()
  @HttpCode(204)
  @Roles('admin', 'teacher', 'parent')
  @ApiOperation({ operationId: 'deleteCalendarSubscription', summary: 'Retire a calendar URL' })
  @ApiNoContentResponse({ description: 'the calendar URL no longer answers (also when there was none)' })
  @ApiProblems([400, 'a malformed id, or an admin names neither or both of teacherId and parentId'], 401, 403, [
    404,
    'no such teacher or family, or not yours',
  ])
  async revoke(@Query() query: CalendarOwnerDto, @CurrentUser() viewer: AuthenticatedUser): Promise<void> {
    await this.subscriptions.revoke(await this.ownerFor(viewer, query));
  }

  /** Whose calendar the caller means: their own, or for an admin the one named. */
  private async ownerFor(viewer: AuthenticatedUser, named: CalendarOwnerDto): Promise<CalendarOwner> {
    if (named.teacherId && named.parentId) throw invalid('ONE_CALENDAR', 'name a teacherId or a parentId, not both');
    const em = this.em.fork();
    const scope = await scopeOf(em, viewer);
    let owner: CalendarOwner;
    if ('all' in scope) {
      if (named.teacherId) owner = { kind: 'teacher', teacherId: named.teacherId };
      else if (named.parentId) owner = { kind: 'family', parentId: named.parentId };
      else throw invalid('CALENDAR_OWNER_REQUIRED', 'name whose calendar: teacherId or parentId');
    } else if ('teacherId' in scope && !named.parentId && (named.teacherId ?? scope.teacherId) === scope.teacherId) {
      owner = { kind: 'teacher', teacherId: scope.teacherId };
    } else if ('parentId' in scope && !named.teacherId && (named.parentId ?? scope.parentId) === scope.parentId) {
      owner = { kind: 'family', parentId: scope.parentId };
    } else {
      throw notFound('CALENDAR_NOT_FOUND', 'no such calendar of yours');
    }
    const [exists] =
      owner.kind === 'teacher'
        ? await em.execute('SELECT 1 FROM teachers WHERE id = ?', [owner.teacherId])
        : // a forgotten family gets no calendar again
          await em.execute(
            `SELECT 1 FROM users WHERE id = ? AND role = 'parent'
                AND NOT EXISTS (SELECT 1 FROM family_keys WHERE family_id = users.id AND forgotten_at IS NOT NULL)`,
            [owner.parentId],
          );
    if (!exists)
      throw notFound(
        'CALENDAR_NOT_FOUND',
        owner.kind === 'teacher' ? `no teacher ${owner.teacherId}` : `no family ${owner.parentId}`,
      );
    return owner;
  }
}
