import { Logger } from '@nestjs/common';
import { MailPort, OutgoingMail, SendOutcome } from './mail.port';

/** Without SendGrid (development, tests): nothing leaves the machine; the row records that. */
export class LocalMailer implements MailPort {
  readonly name = 'local';
  private readonly logger = new Logger('LocalMailer');

  async send(mail: OutgoingMail): Promise<SendOutcome> {
    this.logger.debug(`email ${mail.outboxId} to ${mail.to} delivered locally: ${mail.subject}`);
    return { status: 'delivered_locally' };
  }
}
