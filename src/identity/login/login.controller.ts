import { Body, Controller, Get, HttpCode, Post, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { UsersQueries } from '../../../projections/users/users.queries';
import { AuthenticatedUser, CurrentUser, Public } from '../auth/auth.decorators';
import { TokenService } from '../auth/token.service';
import { CredentialsStore } from '../credentials.store';
import { decoyHash, verifyPassword } from '../passwords';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class LoginController {
  constructor(
    private readonly users: UsersQueries,
    private readonly credentials: CredentialsStore,
    private readonly tokens: TokenService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ description: '{accessToken, expiresIn, user: {id, email, role}}' })
  @ApiUnauthorizedResponse({ description: 'wrong email or password (the answer does not say which)' })
  async login(@Body() body: LoginDto) {
    const user = await this.users.byEmail(body.email);
    const hash = user ? await this.credentials.get(user.id) : null;
    // Verify against a decoy when there is no such user, so timing does not tell emails apart.
    const ok = await verifyPassword(body.password, hash ?? (await decoyHash()));
    if (!user || !hash || !ok) throw new UnauthorizedException('wrong email or password');
    const me: AuthenticatedUser = { id: user.id, email: user.email, role: user.role };
    return { ...this.tokens.issue(me), user: me };
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The signed-in user' })
  async me(@CurrentUser() viewer: AuthenticatedUser) {
    const user = await this.users.byId(viewer.id);
    if (!user) throw new UnauthorizedException('this account no longer exists');
    return { id: user.id, email: user.email, role: user.role, displayName: user.displayName, teacherId: user.teacherId };
  }
}
