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
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { Clock } from '../../shared/clock';
import { CalendarSubscriptions } from './calendar-subscriptions';

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
    const owner = await this.subscriptions.ownerFor(viewer, body);
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
    await this.subscriptions.revoke(await this.subscriptions.ownerFor(viewer, query));
  }
}
