/** A family was erased: its data key is destroyed; read models scrub what they hold of it. */
export type FamilyForgotten = {
  type: 'FamilyForgotten';
  data: {
    /** the family's parent account */
    familyId: string;
    studentIds: string[];
    enrollmentIds: string[];
    lessonIds: string[];
    forgottenAt: string;
  };
};
export type FamilyEvent = FamilyForgotten;

export const familyStream = (familyId: string) => `family-${familyId}`;
