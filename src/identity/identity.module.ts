import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { UsersProjection } from '../../projections/users/users.projection';
import { UsersQueries } from '../../projections/users/users.queries';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuthGuard } from './auth/auth.guard';
import { JWT_ALGORITHM, TokenService } from './auth/token.service';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { CredentialsStore } from './credentials.store';
import { EmailClaims } from './email-claims';
import { LoginController } from './login/login.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { ResetPasswordController, SendSetPasswordEmailHandler } from './set-password/password-emails';
import { PasswordTokens } from './set-password/password-tokens';
import { SetPasswordController } from './set-password/set-password.controller';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [LoginController, SetPasswordController, ResetPasswordController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    TokenService,
    CredentialsStore,
    EmailClaims,
    RegisterUserHandler,
    UsersProjection,
    UsersQueries,
    BootstrapAdminService,
    PasswordTokens,
    SendSetPasswordEmailHandler,
  ],
  exports: [EmailClaims, TokenService, PasswordTokens, CredentialsStore],
})
export class IdentityModule {}
