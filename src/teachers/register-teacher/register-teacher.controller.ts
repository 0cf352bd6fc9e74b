import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { RegisteredTeacherResponse } from '../teacher.response';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { Roles } from '../../identity/auth/auth.decorators';
import { toCents } from '../../shared/money';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { RegisterTeacherDto } from '../teacher.dto';
import { RegisterTeacher } from './register-teacher.command';
import { TeacherRegistration } from './register-teacher.handler';

@ApiTags('teachers')
@ApiBearerAuth()
@Controller('api/v1/teachers')
export class RegisterTeacherController {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'retrying with the same key registers once' })
  @ApiOperation({ operationId: 'registerTeacher', summary: 'Register a teacher' })
  @ApiCreatedResponse({
    description: 'Registered; the teacher gets a user account (role teacher)',
    type: RegisteredTeacherResponse,
  })
  @ApiProblems(400, 401, 403, [409, 'an account already uses this email, or a concurrent change (try again)'], 503)
  async register(@Body() body: RegisterTeacherDto, @Headers('idempotency-key') key?: string): Promise<{ id: string }> {
    const result = await this.commands.execute<RegisterTeacher, TeacherRegistration>(
      new RegisterTeacher(
        {
          firstName: body.firstName,
          lastName: body.lastName,
          email: body.email,
          instruments: body.instruments,
          hourlyRateCents: toCents(body.hourlyRate) ?? NaN,
          maxStudents: body.maxStudents,
          availability: body.availability,
          bio: body.bio ?? null,
        },
        this.contexts.create(key),
      ),
    );
    await this.subscriptions.waitFor('teachers', result.position);
    return { id: result.teacherId };
  }
}
