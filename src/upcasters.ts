import { teacherRegisteredV1toV2 } from './teachers/teacher.upcasters';
import { Upcaster } from './event-store/upcasting';

/**
 * Every upcaster of the product. Add one here when an event's shape changes, together with
 * the new version in schema-versions.ts.
 */
export const UPCASTERS: readonly Upcaster[] = [teacherRegisteredV1toV2];
