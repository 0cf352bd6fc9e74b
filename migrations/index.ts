import { Migration20261122000100EventStore } from './Migration20261122000100EventStore';
import { Migration20261122000200Subscriptions } from './Migration20261122000200Subscriptions';
import { Migration20261122000300ReadModelsTeachersUsers } from './Migration20261122000300ReadModelsTeachersUsers';
import { Migration20261122000400Outbox } from './Migration20261122000400Outbox';
import { Migration20261122000500ReadModelsStudentsLessons } from './Migration20261122000500ReadModelsStudentsLessons';
import { Migration20261122000600PaymentGateway } from './Migration20261122000600PaymentGateway';
import { Migration20261122000700PasswordTokens } from './Migration20261122000700PasswordTokens';
import { Migration20261122000800ReadModelEnrollments } from './Migration20261122000800ReadModelEnrollments';
import { Migration20261122001500EsAppendNewStreams } from './Migration20261122001500EsAppendNewStreams';

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
  { name: 'Migration20261122001500EsAppendNewStreams', class: Migration20261122001500EsAppendNewStreams },
];
