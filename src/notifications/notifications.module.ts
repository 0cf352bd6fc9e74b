import { DynamicModule, Module } from '@nestjs/common';
import { GetEmailHandler, ListEmailsHandler } from '../../projections/emails/emails.queries';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AdminEmailsController, MyEmailsController } from './admin-emails/admin-emails.controller';
import { LocalMailer } from './local.mailer';
import { MAIL_PORT, MailPort } from './mail.port';
import { NotificationOutbox } from './notification-outbox';
import {
  DEFAULT_OUTBOX_WORKER_OPTIONS,
  OUTBOX_WORKER_OPTIONS,
  OutboxWorker,
  OutboxWorkerOptions,
} from './outbox.worker';
import { SendGridMailer } from './sendgrid.mailer';

/** SendGrid when an API key is configured, else nothing leaves the machine. */
export function createMailer(config: AppConfig, apiUrl: string | undefined = config.sendgridApiUrl): MailPort {
  if (!config.sendgridApiKey) return new LocalMailer();
  if (apiUrl && !/^https?:\/\/[^\s]+$/.test(apiUrl))
    throw new Error(`SENDGRID_API_URL must be an http(s) URL (got "${apiUrl}")`);
  return new SendGridMailer({ apiKey: config.sendgridApiKey, from: config.mailFrom, baseUrl: apiUrl || undefined });
}

/**
 * The notification outbox: NotificationOutbox records emails, OutboxWorker sends them, admins
 * list them at GET /api/v1/admin/emails. `worker.enabled: false` for processes that must not
 * send (the CLI builds the app with subscriptions off).
 */
@Module({})
export class NotificationsModule {
  static forRoot(worker: Partial<OutboxWorkerOptions> = {}): DynamicModule {
    return {
      module: NotificationsModule,
      global: true,
      controllers: [AdminEmailsController, MyEmailsController],
      providers: [
        { provide: MAIL_PORT, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createMailer(config) },
        { provide: OUTBOX_WORKER_OPTIONS, useValue: { ...DEFAULT_OUTBOX_WORKER_OPTIONS, ...worker } },
        NotificationOutbox,
        OutboxWorker,
        ListEmailsHandler,
        GetEmailHandler,
      ],
      exports: [NotificationOutbox],
    };
  }
}
