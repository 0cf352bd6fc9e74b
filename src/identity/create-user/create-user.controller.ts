import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { CreatedUserResponse } from './create-user.response';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { IsEmailAddress } from '../../shared/http/validators';
import { UsersQueries } from '../../../projections/users/users.queries';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { SubscriptionsService } from '../../subscriptions/subscriptions.service';
import { Roles } from '../auth/auth.decorators';
import { CreateUser } from './create-user.command';
import { CreatedUser } from './create-user.handler';

/** Staff accounts an admin creates: teachers come with their teacher record, parents with an enrollment. */
export const STAFF_ROLES = ['admin', 'auditor'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'auditor@cedarheights.local' })
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES, {
    message:
      'role must be admin or auditor (teachers and parents get accounts with their teacher record or enrollment)',
  })
  role!: (typeof STAFF_ROLES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api/v1/users')
export class CreateUserController {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly subscriptions: SubscriptionsService,
    private readonly users: UsersQueries,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'retrying with the same key creates one account',
  })
  @ApiOperation({ operationId: 'createUser', summary: 'Create a staff account (admin or auditor)' })
  @ApiCreatedResponse({ description: 'the account', type: CreatedUserResponse })
  @ApiProblems(
    400,
    401,
    403,
    [409, 'an account with this email already exists, or a concurrent change (try again)'],
    503,
  )
  async create(@Body() body: CreateUserDto, @Headers('idempotency-key') key?: string) {
    const email = body.email.trim().toLowerCase();
    const displayName = body.displayName?.trim() || (body.role === 'admin' ? 'Administrator' : 'Auditor');
    const { userId, position } = await this.commands.execute<CreateUser, CreatedUser>(
      new CreateUser({ email, role: body.role, displayName, password: body.password }, this.contexts.create(key)),
    );
    await this.subscriptions.waitFor('users', position);
    const user = await this.users.byId(userId);
    return { id: userId, email, role: user?.role ?? body.role, displayName };
  }
}
