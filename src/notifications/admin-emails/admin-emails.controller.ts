import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, PageOf } from '../../shared/http/openapi';
import { EmailDetailView, EmailView, GetEmail, ListEmails } from '../../../projections/emails/emails.queries';
import { DEFAULT_PAGE_SIZE, Page } from '../../../projections/paging';
import { AuthenticatedUser, CurrentUser, Roles } from '../../identity/auth/auth.decorators';
import { EmailDetailResponse, EmailResponse, ListEmailsQueryDto } from './admin-emails.dto';

@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/v1/admin/emails')
export class AdminEmailsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listOutboxEmails', summary: 'Every email in the outbox, newest first' })
  @ApiOkResponse({
    description: 'Emails in the outbox, newest first: status, attempts, last error',
    type: PageOf(EmailResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListEmailsQueryDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Page<EmailView>> {
    return this.queries.execute(
      new ListEmails(viewer, {
        recipient: q.recipient,
        template: q.template,
        status: q.status,
        cursor: q.cursor,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  /** In local mode (no SendGrid) this is where the office reads what a family was sent, links included. */
  @Get(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'getOutboxEmail', summary: 'One email of the outbox in full' })
  @ApiOkResponse({
    description: 'One email in full: its status and the text and HTML bodies as sent',
    type: EmailDetailResponse,
  })
  @ApiProblems(400, 401, 403, [404, 'no such email'])
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<EmailDetailView> {
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
  @ApiOperation({
    operationId: 'listMyEmails',
    summary: 'Emails sent to the signed-in parent or teacher, newest first',
  })
  @ApiOkResponse({
    description: 'Emails newest first: a parent or teacher sees only those sent to them',
    type: PageOf(EmailResponse),
  })
  @ApiProblems(400, 401, 403)
  list(@Query() q: ListEmailsQueryDto, @CurrentUser() viewer: AuthenticatedUser): Promise<Page<EmailView>> {
    return this.queries.execute(
      new ListEmails(viewer, {
        recipient: q.recipient,
        template: q.template,
        status: q.status,
        cursor: q.cursor,
        limit: q.limit ?? DEFAULT_PAGE_SIZE,
      }),
    );
  }

  @Get(':id')
  @Roles('admin', 'parent', 'teacher')
  @ApiOperation({ operationId: 'getMyEmail', summary: 'One email sent to the signed-in parent or teacher, in full' })
  @ApiOkResponse({
    description: 'One email sent to the signed-in parent or teacher, in full (text and HTML)',
    type: EmailDetailResponse,
  })
  @ApiProblems(400, 401, 403, [404, 'no such email sent to you'])
  get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() viewer: AuthenticatedUser,
  ): Promise<EmailDetailView> {
    return this.queries.execute(new GetEmail(viewer, id));
  }
}
