import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse, ApiConflictResponse } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { CommandExecutor } from '../../cqrs/command-executor';
import { AuthenticatedUser, CurrentUser, Public } from '../../identity/auth/auth.decorators';
import { RateLimit } from '../../shared/http/rate-limit';
import { AnswerFamilyConfirmation, ConfirmationProof, FamilyConfirmationView, heldEnrollment } from './answer-family-confirmation.handler';
import { invalid } from '../../shared/domain-error';

export class ConfirmationTokenDto {
  @ApiPropertyOptional({ description: 'the token from the emailed link; not needed when signed in as the family\'s parent' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  token?: string;
}

/**
 * The family's answer to an enrollment held for its confirmation: by the one-time link emailed
 * to the address on file, or signed in as the family's parent.
 */
@ApiTags('enrollments')
@Controller('api/v1/enrollments/:id')
export class ConfirmFamilyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly contexts: CommandContextFactory,
    private readonly executor: CommandExecutor,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('confirmation')
  @RateLimit('login')
  @ApiOkResponse({ description: '{enrollmentId, status, studentFirstName, instrument, expiresAt}: what the family is asked to confirm' })
  @ApiNotFoundResponse({ description: 'no such enrollment waiting for this family, or the token is wrong' })
  async show(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ConfirmationTokenDto, @CurrentUser() caller?: AuthenticatedUser): Promise<FamilyConfirmationView> {
    return (await heldEnrollment(this.executor, this.config.jwtSecret, id, proofOf(q, caller))).view;
  }

  @Public()
  @Post('confirm')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOkResponse({ description: '{enrollmentId, status: "running", …}: the family confirmed; the enrollment goes on' })
  @ApiNotFoundResponse({ description: 'no such enrollment waiting for this family, or the token is wrong' })
  @ApiConflictResponse({ description: 'the family already declined it, or it expired' })
  @ApiUnprocessableEntityResponse({ description: 'the request expired; the form can be sent again' })
  confirm(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ConfirmationTokenDto, @CurrentUser() caller?: AuthenticatedUser) {
    return this.commands.execute(new AnswerFamilyConfirmation(id, 'confirm', proofOf(body, caller), this.contexts.create()));
  }

  @Public()
  @Post('decline')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOkResponse({ description: '{enrollmentId, status: "declined", …}: the family did not ask for it; nothing is created' })
  @ApiNotFoundResponse({ description: 'no such enrollment waiting for this family, or the token is wrong' })
  @ApiConflictResponse({ description: 'the family already confirmed it' })
  decline(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ConfirmationTokenDto, @CurrentUser() caller?: AuthenticatedUser) {
    return this.commands.execute(new AnswerFamilyConfirmation(id, 'decline', proofOf(body, caller), this.contexts.create()));
  }
}

function proofOf(q: ConfirmationTokenDto, caller: AuthenticatedUser | undefined): ConfirmationProof {
  if (q.token) return { token: q.token };
  if (caller?.role === 'parent') return { parent: caller };
  throw invalid('CONFIRMATION_PROOF_MISSING', 'token is required (from the emailed link), unless you are signed in as the family\'s parent');
}
