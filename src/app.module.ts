import { MikroOrmModule } from '@mikro-orm/nestjs';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AppOptions, CoreModule } from './core.module';
import { ormOptions } from './database/orm.config';
import { IdentityModule } from './identity/identity.module';
import { correlationIdOf } from './operations/request-context.middleware';
import { OperationsModule } from './operations/operations.module';
import { EnrollmentModule } from './enrollment/enrollment.module';
import { LessonsModule } from './lessons/lessons.module';
import { PaymentGatewayModule } from './payments/gateway/payment-gateway.module';
import { NotificationsModule } from './notifications/notifications.module';
import { StudentsModule } from './students/students.module';
import { TeachersModule } from './teachers/teachers.module';
import { JobsModule } from './jobs/jobs.module';
import { PaymentsModule } from './payments/payments.module';
import { PrivacyModule } from './privacy/privacy.module';
import { AuditModule } from './audit/audit.module';

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.config.logLevel,
            genReqId: (req) => correlationIdOf(req as never),
            customProps: (req) => ({ correlationId: (req as { id?: unknown }).id }),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["stripe-signature"]'],
            quietReqLogger: true,
          },
        }),
        MikroOrmModule.forRoot({ ...ormOptions(options.databaseUrl), registerRequestContext: false }),
        CqrsModule.forRoot(),
        OperationsModule,
        IdentityModule,
        TeachersModule,
        StudentsModule,
        LessonsModule,
        NotificationsModule.forRoot({ enabled: options.subscriptions?.enabled !== false }),
        PaymentGatewayModule.forRoot(),
        EnrollmentModule,
        JobsModule.forRoot({ enabled: options.subscriptions?.enabled !== false }),
        PaymentsModule.forRoot(),
        PrivacyModule,
        AuditModule,
      ],
    };
  }
}
