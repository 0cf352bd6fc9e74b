import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EmailDetailView, EmailView, GetEmail, ListEmails } from '../../../projections/emails/emails.queries';
import { DEFAULT_PAGE_SIZE, Page } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { ListEmailsQueryDto } from './admin-emails.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/emails')
export class AdminEmailsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin')
  @ApiOkResponse({ description: 'Emails in the outbox, newest first: status, attempts, last error' })
  list(@Query() q: ListEmailsQueryDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Page<EmailView>> {
    return this.queries.execute(
      new ListEmails(viewer, { recipient: q.recipient, template: q.template, status: q.status, cursor: q.cursor, limit: q.limit ?? DEFAULT_PAGE_SIZE }),
    );
  }

  /** In local mode (no SendGrid) this is where the office reads what a family was sent, links included. */
  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ description: 'One email in full: its status and the text and HTML bodies as sent' })
  @ApiNotFoundResponse({ description: 'no such email' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<EmailDetailView> {
    return this.queries.execute(new GetEmail(viewer, id));
  }
}

/** The emails the academy sent to the signed-in parent or teacher (admins: every email). */
@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/v1/emails')
export class MyEmailsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin', 'parent', 'teacher')
  @ApiOkResponse({ description: 'Emails newest first: a parent or teacher sees only those sent to them' })
  list(@Query() q: ListEmailsQueryDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Page<EmailView>> {
    return this.queries.execute(
      new ListEmails(viewer, { recipient: q.recipient, template: q.template, status: q.status, cursor: q.cursor, limit: q.limit ?? DEFAULT_PAGE_SIZE }),
    );
  }

  @Get(':id')
  @Roles('admin', 'parent', 'teacher')
  @ApiOkResponse({ description: 'One email sent to the signed-in parent or teacher, in full (text and HTML)' })
  @ApiNotFoundResponse({ description: 'no such email sent to you' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() viewer: AuthenticatedUser): Promise<EmailDetailView> {
    return this.queries.execute(new GetEmail(viewer, id));
  }
}
