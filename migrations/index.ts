import { Migration20261122000100EventStore } from './Migration20261122000100EventStore';
import { Migration20261122000200Subscriptions } from './Migration20261122000200Subscriptions';
import { Migration20261122000300ReadModelsTeachersUsers } from './Migration20261122000300ReadModelsTeachersUsers';
import { Migration20261122000400Outbox } from './Migration20261122000400Outbox';
import { Migration20261122000500ReadModelsStudentsLessons } from './Migration20261122000500ReadModelsStudentsLessons';

/** Every migration, in order. Listed explicitly so the same list runs from TypeScript and from dist/. */
export const MIGRATIONS = [
  { name: 'Migration20261122000100EventStore', class: Migration20261122000100EventStore },
  { name: 'Migration20261122000200Subscriptions', class: Migration20261122000200Subscriptions },
  { name: 'Migration20261122000300ReadModelsTeachersUsers', class: Migration20261122000300ReadModelsTeachersUsers },
  { name: 'Migration20261122000400Outbox', class: Migration20261122000400Outbox },
  { name: 'Migration20261122000500ReadModelsStudentsLessons', class: Migration20261122000500ReadModelsStudentsLessons },
];
