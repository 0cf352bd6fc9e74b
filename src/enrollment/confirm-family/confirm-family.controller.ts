import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import { FamilyConfirmationResponse } from '../enrollment.response';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandContextFactory } from '../../cqrs/command-context.factory';
import { AuthenticatedUser, CurrentUser, Public } from '../../identity/auth/auth.decorators';
import { RateLimit } from '../../shared/http/rate-limit';
import {
  AnswerFamilyConfirmation,
  ConfirmationProof,
  FamilyConfirmationView,
} from './answer-family-confirmation.handler';
import { GetFamilyConfirmation } from './family-confirmation.query';
import { invalid } from '../../shared/domain-error';

export class ConfirmationTokenDto {
  @ApiPropertyOptional({
    description: "the token from the emailed link; not needed when signed in as the family's parent",
  })
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
    private readonly queries: QueryBus,
  ) {}

  @Public()
  @Get('confirmation')
  @RateLimit('login')
  @ApiOperation({ operationId: 'getFamilyConfirmation', summary: 'What a family is asked to confirm' })
  @ApiOkResponse({ description: 'what the family is asked to confirm', type: FamilyConfirmationResponse })
  @ApiProblems(
    [400, "a malformed id, or no token (from the emailed link) and not signed in as the family's parent"],
    [404, 'no such enrollment waiting for this family, or the token is wrong'],
    429,
    503,
  )
  async show(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ConfirmationTokenDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ): Promise<FamilyConfirmationView> {
    return this.queries.execute<GetFamilyConfirmation, FamilyConfirmationView>(
      new GetFamilyConfirmation(id, proofOf(q, caller)),
    );
  }

  @Public()
  @Post('confirm')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ operationId: 'confirmEnrollment', summary: 'The family confirms an enrollment held for it' })
  @ApiOkResponse({
    description: 'the family confirmed; the enrollment goes on (status running)',
    type: FamilyConfirmationResponse,
  })
  @ApiProblems(
    [400, "a malformed id, or no token (from the emailed link) and not signed in as the family's parent"],
    [404, 'no such enrollment waiting for this family, or the token is wrong'],
    [409, 'the family already declined it, or it expired'],
    [422, 'the request expired; the form can be sent again'],
    429,
    503,
  )
  confirm(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConfirmationTokenDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ) {
    return this.commands.execute(
      new AnswerFamilyConfirmation(id, 'confirm', proofOf(body, caller), this.contexts.create()),
    );
  }

  @Public()
  @Post('decline')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ operationId: 'declineEnrollment', summary: 'The family declines an enrollment held for it' })
  @ApiOkResponse({
    description: 'the family did not ask for it (status declined); nothing is created',
    type: FamilyConfirmationResponse,
  })
  @ApiProblems(
    [400, "a malformed id, or no token (from the emailed link) and not signed in as the family's parent"],
    [404, 'no such enrollment waiting for this family, or the token is wrong'],
    [409, 'the family already confirmed it'],
    [422, 'the request expired'],
    429,
    503,
  )
  decline(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConfirmationTokenDto,
    @CurrentUser() caller?: AuthenticatedUser,
  ) {
    return this.commands.execute(
      new AnswerFamilyConfirmation(id, 'decline', proofOf(body, caller), this.contexts.create()),
    );
  }
}

function proofOf(q: ConfirmationTokenDto, caller: AuthenticatedUser | undefined): ConfirmationProof {
  if (q.token) return { token: q.token };
  if (caller?.role === 'parent') return { parent: caller };
  throw invalid(
    'CONFIRMATION_PROOF_MISSING',
    "token is required (from the emailed link), unless you are signed in as the family's parent",
  );
}
