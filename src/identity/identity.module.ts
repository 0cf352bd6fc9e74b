import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { UsersProjection } from '../../projections/users/users.projection';
import { UsersQueries } from '../../projections/users/users.queries';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool.token';
import { throttlers } from '../shared/http/rate-limit';
import { PostgresThrottlerStorage } from '../shared/http/rate-limit-storage';
import { AuthGuard } from './auth/auth.guard';
import { JWT_ALGORITHM, TokenService } from './auth/token.service';
import { BootstrapAdminService } from './bootstrap-admin.service';
import { ChangePasswordController } from './change-password/change-password.controller';
import { CreateUserController } from './create-user/create-user.controller';
import { CredentialsStore } from './credentials.store';
import { EmailClaims } from './email-claims';
import { SendTeacherWelcomeHandler } from './invite-user/send-teacher-welcome.handler';
import { LoginController } from './login/login.controller';
import { PasswordResetController, PasswordResets } from './password-reset/password-reset.controller';
import { RefreshController } from './refresh/refresh.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { LoginLockout } from './sessions/login-lockout';
import { RefreshTokens } from './sessions/refresh-tokens';
import { SessionStore } from './sessions/session-store';
import { Sessions } from './sessions/sessions.service';
import { PasswordTokens } from './set-password/password-tokens';
import { SetPasswordController } from './set-password/set-password.controller';
import { SetPasswordHandler } from './set-password/set-password.handler';
import { ChangeOwnPasswordHandler } from './change-password/change-password.handler';
import { CreateUserHandler } from './create-user/create-user.handler';
import { RefreshSessionHandler } from './refresh/refresh.handler';
import { RequestPasswordResetHandler } from './password-reset/password-reset.handler';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A key object, not the string: given a string, jsonwebtoken first tries it as a public
        // key and catches the failure, on every verification (4 % of a booking's CPU).
        secret: createSecretKey(Buffer.from(config.jwtSecret ?? '')) as unknown as Buffer,
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
    // Global: every @RateLimit(name) route of the app takes its limit from here. The counters
    // live in PostgreSQL, so a limit holds across every instance of the app.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, PG_POOL],
      useFactory: (config: AppConfig, pool: Pool) => ({
        throttlers: throttlers(config),
        storage: new PostgresThrottlerStorage(pool),
      }),
    }),
  ],
  controllers: [
    LoginController,
    RefreshController,
    ChangePasswordController,
    SetPasswordController,
    PasswordResetController,
    CreateUserController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    TokenService,
    CredentialsStore,
    EmailClaims,
    RegisterUserHandler,
    SetPasswordHandler,
    ChangeOwnPasswordHandler,
    CreateUserHandler,
    RefreshSessionHandler,
    RequestPasswordResetHandler,
    UsersProjection,
    UsersQueries,
    BootstrapAdminService,
    PasswordTokens,
    RefreshTokens,
    SessionStore,
    LoginLockout,
    Sessions,
    PasswordResets,
    SendTeacherWelcomeHandler,
  ],
  exports: [EmailClaims, TokenService, PasswordTokens, CredentialsStore],
})
export class IdentityModule {}
