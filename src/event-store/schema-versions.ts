/**
 * The schema version written for each event type. An event type not listed is at version 1.
 * Raising a version here goes together with an upcaster from the previous version
 * (see upcasting.ts and the upcasters registered in src/upcasters.ts).
 */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<string, number>> = {
  /** v2: maxStudents → seats */
  TeacherRegistered: 2,
};
