import { Migration20261122000100EventStore } from './Migration20261122000100EventStore';
import { Migration20261122000200Subscriptions } from './Migration20261122000200Subscriptions';
import { Migration20261122000300ReadModelsTeachersUsers } from './Migration20261122000300ReadModelsTeachersUsers';
import { Migration20261122000400Outbox } from './Migration20261122000400Outbox';
import { Migration20261122000500ReadModelsStudentsLessons } from './Migration20261122000500ReadModelsStudentsLessons';
import { Migration20261122000600PaymentGateway } from './Migration20261122000600PaymentGateway';
import { Migration20261122000700PasswordTokens } from './Migration20261122000700PasswordTokens';
import { Migration20261122000800ReadModelEnrollments } from './Migration20261122000800ReadModelEnrollments';
import { Migration20261122001000Payments } from './Migration20261122001000Payments';
import { Migration20261122001100RefreshTokensLockout } from './Migration20261122001100RefreshTokensLockout';
import { Migration20261122001200AuditIndexes } from './Migration20261122001200AuditIndexes';
import { Migration20261122001300FamilyKeys } from './Migration20261122001300FamilyKeys';
import { Migration20261122001400JobCheckpoints } from './Migration20261122001400JobCheckpoints';
import { Migration20261122001500AppendPlans } from './Migration20261122001500AppendPlans';
import { Migration20261122001600AppendBatch } from './Migration20261122001600AppendBatch';
import { Migration20261205010001PaymentWebhookRejections } from './Migration20261205010001PaymentWebhookRejections';
import { Migration20261205010002IdempotencyKeys } from './Migration20261205010002IdempotencyKeys';
import { Migration20261205020001Sessions } from './Migration20261205020001Sessions';
import { Migration20261205040001HashSchemeJcs } from './Migration20261205040001HashSchemeJcs';
import { Migration20261205050100EnrollmentFamilyConfirmation } from './Migration20261205050100EnrollmentFamilyConfirmation';
import { Migration20261205050200FamilySubjectPayments } from './Migration20261205050200FamilySubjectPayments';
import { Migration20261205070100GatewayCallLog } from './Migration20261205070100GatewayCallLog';
import { Migration20261205080001CalendarSubscriptions } from './Migration20261205080001CalendarSubscriptions';
import { Migration20261205110100LessonSeriesIndex } from './Migration20261205110100LessonSeriesIndex';
import { Migration20261205120001RateLimitCounters } from './Migration20261205120001RateLimitCounters';
import { Migration20261206010001AppendStatements } from './Migration20261206010001AppendStatements';

/** Every migration, in order. Listed explicitly so the same list runs from TypeScript and from dist/. */
export const MIGRATIONS = [
  { name: 'Migration20261122000100EventStore', class: Migration20261122000100EventStore },
  { name: 'Migration20261122000200Subscriptions', class: Migration20261122000200Subscriptions },
  { name: 'Migration20261122000300ReadModelsTeachersUsers', class: Migration20261122000300ReadModelsTeachersUsers },
  { name: 'Migration20261122000400Outbox', class: Migration20261122000400Outbox },
  { name: 'Migration20261122000500ReadModelsStudentsLessons', class: Migration20261122000500ReadModelsStudentsLessons },
  { name: 'Migration20261122000600PaymentGateway', class: Migration20261122000600PaymentGateway },
  { name: 'Migration20261122000700PasswordTokens', class: Migration20261122000700PasswordTokens },
  { name: 'Migration20261122000800ReadModelEnrollments', class: Migration20261122000800ReadModelEnrollments },
  { name: 'Migration20261122001000Payments', class: Migration20261122001000Payments },
  { name: 'Migration20261122001100RefreshTokensLockout', class: Migration20261122001100RefreshTokensLockout },
  { name: 'Migration20261122001200AuditIndexes', class: Migration20261122001200AuditIndexes },
  { name: 'Migration20261122001300FamilyKeys', class: Migration20261122001300FamilyKeys },
  { name: 'Migration20261122001400JobCheckpoints', class: Migration20261122001400JobCheckpoints },
  { name: 'Migration20261122001500AppendPlans', class: Migration20261122001500AppendPlans },
  { name: 'Migration20261122001600AppendBatch', class: Migration20261122001600AppendBatch },
  { name: 'Migration20261205010001PaymentWebhookRejections', class: Migration20261205010001PaymentWebhookRejections },
  { name: 'Migration20261205010002IdempotencyKeys', class: Migration20261205010002IdempotencyKeys },
  { name: 'Migration20261205020001Sessions', class: Migration20261205020001Sessions },
  { name: 'Migration20261205040001HashSchemeJcs', class: Migration20261205040001HashSchemeJcs },
  {
    name: 'Migration20261205050100EnrollmentFamilyConfirmation',
    class: Migration20261205050100EnrollmentFamilyConfirmation,
  },
  { name: 'Migration20261205050200FamilySubjectPayments', class: Migration20261205050200FamilySubjectPayments },
  { name: 'Migration20261205070100GatewayCallLog', class: Migration20261205070100GatewayCallLog },
  { name: 'Migration20261205080001CalendarSubscriptions', class: Migration20261205080001CalendarSubscriptions },
  { name: 'Migration20261205110100LessonSeriesIndex', class: Migration20261205110100LessonSeriesIndex },
  { name: 'Migration20261205120001RateLimitCounters', class: Migration20261205120001RateLimitCounters },
  { name: 'Migration20261206010001AppendStatements', class: Migration20261206010001AppendStatements },
];
