import { TeacherRow } from './teachers/teacher.entity';
import { TeachersProjection } from './teachers/teachers.projection';
import { UserRow } from './users/user.entity';
import { UsersProjection } from './users/users.projection';

/** Every read-model entity (MikroORM) and projection in the app. */
export const READ_MODEL_ENTITIES = [TeacherRow, UserRow];
export const PROJECTIONS = [TeachersProjection, UsersProjection];
