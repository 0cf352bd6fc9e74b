import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../shared/http/openapi';
import type { Request, Response } from 'express';
import { UsersQueries } from '../../../projections/users/users.queries';
import { Clock } from '../../shared/clock';
import { clientAddress, RateLimit } from '../../shared/http/rate-limit';
import { AnyRole, AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { CredentialsStore } from '../credentials.store';
import { decoyHash, verifyPassword } from '../passwords';
import { LoginLockout, slowDown } from '../sessions/login-lockout';
import { Sessions } from '../sessions/sessions.service';
import { LoginDto } from './login.dto';
import { MeResponse, SessionTokensResponse } from './login.response';

/** 429 with Retry-After, worded the same whether or not the address has an account. */
export function tooManyAttempts(res: Response, waitMs: number): HttpException {
  const seconds = Math.ceil(waitMs / 1000);
  res.setHeader('Retry-After', String(seconds));
  return new HttpException(
    {
      statusCode: 429,
      error: 'Too Many Requests',
      message: `too many failed sign-ins for this email from here; try again in ${Math.ceil(seconds / 60)} minute(s)`,
    },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class LoginController {
  constructor(
    private readonly users: UsersQueries,
    private readonly credentials: CredentialsStore,
    private readonly sessions: Sessions,
    private readonly lockout: LoginLockout,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ operationId: 'login', summary: 'Sign in with email and password' })
  @ApiOkResponse({ description: 'an access token and a refresh token', type: SessionTokensResponse })
  @ApiProblems(
    400,
    [401, 'wrong email or password (the answer does not say which)'],
    [
      429,
      'too many sign-ins from this address, or too many failures for this email from this address; ' +
        'Retry-After says when to try again',
    ],
  )
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const now = this.clock.now();
    const client = clientAddress(req);
    const brake = await this.lockout.brake(body.email, client, now);
    if (brake.lockedForMs > 0) throw tooManyAttempts(res, brake.lockedForMs);
    // An email failed from many places answers slowly, right password or not, known or not.
    await slowDown(brake);
    const user = await this.users.byEmail(body.email);
    const hash = user ? await this.credentials.get(user.id) : null;
    // Verify against a decoy when there is no such user, so timing does not tell emails apart.
    const ok = await verifyPassword(body.password, hash ?? (await decoyHash()));
    if (!user || !hash || !ok) {
      await this.lockout.failed(body.email, client, now);
      throw new UnauthorizedException('wrong email or password');
    }
    await this.lockout.succeeded(body.email, client);
    return this.sessions.start({ id: user.id, email: user.email, role: user.role });
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'The signed-in user' })
  @ApiOkResponse({ description: 'The signed-in user', type: MeResponse })
  @ApiProblems([401, 'no bearer token, or it is invalid or expired, or the account no longer exists'])
  async me(@CurrentUser() viewer: AuthenticatedUser) {
    const user = await this.users.byId(viewer.id);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      displayName: user.displayName,
      teacherId: user.teacherId,
    };
  }
}
