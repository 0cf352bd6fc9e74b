/**
 * Generated from the app's OpenAPI document (/docs-json) by openapi-typescript: do not edit.
 * Regenerate with `npm run web:api-types`.
 */
export interface paths {
    "/api/v1/admin/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminEmailsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/emails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminEmailsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/families/{id}/forget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ForgetFamilyController_forget"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["JobsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs/{name}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["JobsController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminProjectionsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projections/{name}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["AdminProjectionsController_rebuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projections/parked": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminProjectionsController_parked"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projections/rebuilds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminProjectionsController_rebuilds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/projections/rebuilds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AdminProjectionsController_rebuildStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/correlations/{correlationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_correlation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_events"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/head": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_head"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/streams/{streamId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["AuditController_verify"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/change-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ChangePasswordController_change"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["LoginController_login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RefreshController_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["LoginController_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["PasswordResetController_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RefreshController_refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/set-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["SetPasswordController_setPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar-subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CalendarSubscriptionsController_create"];
        delete: operations["CalendarSubscriptionsController_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendar/teachers/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["CalendarFeedController_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/calendars/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["SubscribedCalendarController_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["MyEmailsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/emails/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["MyEmailsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ViewEnrollmentsController_list"];
        put?: never;
        post: operations["SubmitEnrollmentController_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ViewEnrollmentsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ConfirmFamilyController_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/{id}/confirmation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ConfirmFamilyController_show"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ConfirmFamilyController_decline"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/enrollments/{id}/follow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["FollowEnrollmentController_show"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListLessonsController_list"];
        put?: never;
        post: operations["ScheduleLessonController_schedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListLessonsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["LessonActionsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["LessonActionsController_complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/no-show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["LessonActionsController_noShow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["LessonActionsController_reschedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/check-conflicts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ScheduleLessonController_check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/schedule/view": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListLessonsController_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PaymentsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PaymentsController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["RefundPaymentController_refund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/billing/notices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["BillingController_notices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/billing/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["BillingController_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PaymentsController_ledger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/process": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["ProcessPaymentController_process"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/pricing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PublicPricingController_pricing"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/teachers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PublicTeachersController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/timeslots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PublicTimeslotsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/revenue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["RevenueController_revenue"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stripe/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["StripeWebhooksController_receive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StudentsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StudentsController_get"];
        put?: never;
        post?: never;
        delete: operations["StudentsController_withdraw"];
        options?: never;
        head?: never;
        patch: operations["StudentsController_change"];
        trace?: never;
    };
    "/api/v1/students/{id}/lessons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["StudentsController_lessons"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/students/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["PaymentsController_ofStudent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListTeachersController_list"];
        put?: never;
        post: operations["RegisterTeacherController_register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["ListTeachersController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put: operations["ChangeAvailabilityController_change"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["CreateUserController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["WorkflowsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OperationsController_health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OperationsController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["OperationsController_prometheus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AvailabilityDto: {
            /**
             * @description Weekday → windows in the academy's local time ("HH:MM", 24-hour), non-overlapping
             * @example {
             *       "monday": [
             *         {
             *           "start": "15:00",
             *           "end": "20:00"
             *         }
             *       ],
             *       "saturday": [
             *         {
             *           "start": "09:00",
             *           "end": "13:00"
             *         }
             *       ]
             *     }
             */
            availability: Record<string, never>;
        };
        BillingPeriodDto: {
            /**
             * @description the month to bill, YYYY-MM; default: next month (academy time)
             * @example 2026-11
             */
            period?: string;
        };
        CalendarOwnerDto: {
            /**
             * Format: uuid
             * @description a family's calendar, by its parent's id (admin; a parent may name themself)
             */
            parentId?: string;
            /**
             * Format: uuid
             * @description a teacher's calendar (admin; a teacher may name themself)
             */
            teacherId?: string;
        };
        CancelLessonDto: {
            /**
             * @description admins only: who asked for the cancellation (teacher-initiated ones always earn a makeup credit)
             * @enum {string}
             */
            initiatedBy?: "family" | "teacher";
            reason: string;
        };
        ChangePasswordDto: {
            currentPassword: string;
            newPassword: string;
        };
        ChangeStudentDto: {
            /** @description CAD per lesson, 30 to 200 */
            lessonRate?: number;
            /** @enum {string} */
            skillLevel?: "beginner" | "intermediate" | "advanced";
        };
        CompleteLessonDto: {
            notes?: string;
        };
        ConfirmationTokenDto: {
            /** @description the token from the emailed link; not needed when signed in as the family's parent */
            token?: string;
        };
        CreateUserDto: {
            displayName?: string;
            /** @example auditor@cedarheights.local */
            email: string;
            password: string;
            /** @enum {string} */
            role: "admin" | "auditor";
        };
        FollowDemoLessonDto: {
            /**
             * @description the same instant in the academy's time zone
             * @example Monday 26 October 2026 at 3:00 PM ADT
             */
            academyTime: string;
            /** Format: date-time */
            startsAt: string;
            /** @example America/Halifax */
            timeZone: string;
        };
        FollowProgressDto: {
            demoLesson: components["schemas"]["FollowDemoLessonDto"] | null;
            /** @description why it was waitlisted, rejected or could not go on */
            reason: string | null;
            /** @enum {string} */
            status: "pending" | "running" | "awaiting-family-confirmation" | "rejected" | "waitlisted" | "failed" | "declined" | "expired" | "completed";
            /** @description the assigned teacher, once assigned */
            teacherName: string | null;
        };
        FollowViewDto: {
            /** Format: uuid */
            enrollmentId: string;
            /** @description as the form gave it */
            instrument: string;
            /** @description null while stage is "received" */
            progress: components["schemas"]["FollowProgressDto"] | null;
            /**
             * @description "received" until the owner of the parent address answered an email we sent there (set a password from the welcome email, or confirmed the family's enrollment); then "progress"
             * @enum {string}
             */
            stage: "received" | "progress";
            /** @description as the form gave it */
            studentFirstName: string;
        };
        LoginDto: {
            /** @example admin@cedarheights.local */
            email: string;
            password: string;
        };
        PasswordResetDto: {
            /** @example parent@example.com */
            email: string;
        };
        ProcessPaymentDto: {
            /**
             * @description CAD, > 0 and ≤ 500, at most 2 decimals. Required unless lessonId is given; with lessonId it is the lesson's price by the pricing rule (the student's rate pro rata by minutes), and any other amount is refused
             * @example 45
             */
            amount?: number;
            /**
             * @default CAD
             * @enum {string}
             */
            currency: "CAD";
            /** @example November lessons */
            description: string;
            /**
             * Format: uuid
             * @description a lesson of that student
             */
            lessonId?: string;
            /**
             * @description a Stripe payment method id; default: the family's saved method
             * @example pm_card_visa
             */
            paymentMethodId?: string;
            /** Format: uuid */
            studentId: string;
        };
        RecurrenceDto: {
            occurrences: number;
            /** @enum {string} */
            pattern: "weekly" | "biweekly" | "monthly";
        };
        RefreshDto: {
            /** @description the refresh token of the last sign-in or refresh */
            refreshToken: string;
        };
        RefundPaymentDto: {
            /**
             * @description CAD to give back; default: all that is left
             * @example 20
             */
            amount?: number;
            reason?: string;
        };
        RegisterTeacherDto: {
            /**
             * @description Weekday → windows in the academy's local time ("HH:MM", 24-hour), non-overlapping
             * @example {
             *       "monday": [
             *         {
             *           "start": "15:00",
             *           "end": "20:00"
             *         }
             *       ],
             *       "saturday": [
             *         {
             *           "start": "09:00",
             *           "end": "13:00"
             *         }
             *       ]
             *     }
             */
            availability: Record<string, never>;
            bio?: string;
            /** @example clara@example.com */
            email: string;
            /** @example Clara */
            firstName: string;
            /**
             * @description CAD per hour, 30 to 200
             * @example 65
             */
            hourlyRate: number;
            /**
             * @example [
             *       "piano"
             *     ]
             */
            instruments: ("piano" | "guitar" | "violin" | "drums" | "voice")[];
            /** @example Schumann */
            lastName: string;
            /**
             * @description 1 to 50, default 30
             * @example 30
             */
            maxStudents?: number;
        };
        RescheduleLessonDto: {
            /** @example 2026-11-09T16:00:00-04:00 */
            startsAt: string;
        };
        ScheduleLessonDto: {
            /** @description defaults to the student's lesson length */
            durationMinutes?: number;
            /**
             * @default regular
             * @enum {string}
             */
            lessonType: "demo" | "regular" | "makeup";
            notes?: string;
            recurrence?: components["schemas"]["RecurrenceDto"];
            /** @example 2026-11-02T16:00:00-04:00 */
            startsAt: string;
            /** Format: uuid */
            studentId: string;
            /**
             * Format: uuid
             * @description defaults to the student's teacher
             */
            teacherId?: string;
        };
        SetPasswordDto: {
            password: string;
            /** @description the token from the emailed link */
            token: string;
        };
        SubmitEnrollmentDto: {
            /** @example true */
            agreedToTerms: boolean;
            /** @enum {string} */
            instrument: "piano" | "guitar" | "violin" | "drums" | "voice";
            /** @default 30 */
            lessonDuration: number;
            /** @example mei.chen@example.com */
            parentEmail: string;
            /** @example Mei */
            parentFirstName: string;
            /** @example Chen */
            parentLastName: string;
            /**
             * @description 10 digits, optionally prefixed +1
             * @example +19025550123
             */
            parentPhone: string;
            /**
             * @description a Stripe payment method id from Stripe.js (test cards in local mode)
             * @example pm_card_visa
             */
            paymentToken: string;
            /** @enum {string} */
            preferredLessonDay?: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday";
            /** @enum {string} */
            preferredLessonTime?: "morning" | "afternoon" | "evening";
            /**
             * @description YYYY-MM-DD
             * @example 2016-05-14
             */
            studentDateOfBirth: string;
            studentEmail?: string;
            /** @example Lily */
            studentFirstName: string;
            /** @example Chen */
            studentLastName: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    AdminEmailsController_list: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                limit?: number;
                /** @description exact address (case-insensitive) */
                recipient?: string;
                status?: "pending" | "sending" | "sent" | "delivered_locally" | "failed";
                template?: "lesson-scheduled" | "lesson-rescheduled" | "lesson-cancelled" | "parent-welcome" | "family-confirmation" | "enrollment-rejected" | "enrollment-waitlisted" | "teacher-new-student" | "teacher-lesson-change" | "lesson-reminder" | "password-reset" | "teacher-welcome" | "waitlist-resumed" | "payment-receipt" | "refund-issued" | "payment-failed" | "payment-final-failure" | "payment-due";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emails in the outbox, newest first: status, attempts, last error */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminEmailsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One email in full: its status and the text and HTML bodies as sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such email */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ForgetFamilyController_forget: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {familyId, status: forgotten, forgottenAt, erasedNow, students, enrollments, lessons} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no family with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    JobsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every scheduled job: schedule, whether it is running, its last run in this process */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    JobsController_run: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outcome of the run: succeeded (with counts), failed (with the error) or skipped */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminProjectionsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every projection and saga: checkpoint, status, lag, parked events, last error, and activeIn: the instance running it (`instance` is the one answering) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminProjectionsController_rebuild: {
        parameters: {
            query?: {
                wait?: "true" | "false";
            };
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description With wait=true: the finished rebuild and its report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Started: {rebuildId, status: running, progress}; Location: the status resource */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminProjectionsController_parked: {
        parameters: {
            query: {
                name: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events a projection or saga gave up on, with the error */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminProjectionsController_rebuilds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rebuilds started through this instance, newest first: progress, then the report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AdminProjectionsController_rebuildStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One rebuild: status (running, succeeded, failed), progress with events/s and ETA, the report with the differences found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuditController_correlation: {
        parameters: {
            query?: {
                /** @description the `next` of the previous page, or a global position */
                after?: string;
                limit?: number;
            };
            header?: never;
            path: {
                correlationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {correlationId, streams, actors, events, next}: everything one request or workflow run caused, in log order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuditController_events: {
        parameters: {
            query?: {
                /** @description the actor's user id, or system / stripe / public */
                actor?: string;
                /** @description the `next` of the previous page, or a global position */
                after?: string;
                /** @description stored: personal data as its stored ciphertext (pii:1:…), every field exactly as hashed, so the page verifies (docs/audit.md); default: decrypted, [erased] for a forgotten family */
                as?: "stored";
                correlationId?: string;
                /** @description ISO instant: events that occurred at or after it */
                from?: string;
                limit?: number;
                streamId?: string;
                /** @description ISO instant: events that occurred before it */
                to?: string;
                /** @description one event type, or several separated by commas: LessonScheduled,LessonCancelled (docs/events.md) */
                type?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {events: [{position, streamId, streamPosition, eventId, type, data, metadata, recordedAt, hash, prevHash, hashScheme}], next} in global order, never upcast; personal data decrypted unless as=stored (docs/audit.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuditController_head: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {format, version, position, events, streams, digest}: the head of the verified log, to keep elsewhere (docs/audit.md §2); 409 when the log does not verify */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuditController_stream: {
        parameters: {
            query?: {
                /** @description a global position, or an ISO 8601 instant (occurredAt) */
                asOf?: string;
            };
            header?: never;
            path: {
                streamId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {streamId, aggregate, asOf, revision, events, state}: the stream's events up to asOf and the state its decider folds from them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    AuditController_verify: {
        parameters: {
            query?: {
                /** @description the kept head: its digest (64 hex digits) */
                digest?: string;
                /** @description the kept head: its events */
                events?: number;
                /** @description a head kept earlier (GET /audit/head): its position */
                position?: number;
                /** @description the kept head: its streams */
                streams?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {ok, eventsChecked, streams, partialStreams, head, headCheck?, firstBroken?}: every hash chain and the global order checked; with a kept head (position, events, streams, digest), also that the log still holds it (docs/audit.md §2) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangePasswordController_change: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangePasswordDto"];
            };
        };
        responses: {
            /** @description changed: a fresh {accessToken, refreshToken, …}; other sign-ins are ended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the current password is wrong, or the new one too short */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LoginController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            /** @description {accessToken, refreshToken, tokenType, expiresIn, refreshExpiresIn, user: {id, email, role}} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description wrong email or password (the answer does not say which) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too many sign-ins from this address, or too many failures for this email from this address */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RefreshController_logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            /** @description signed out (also when the token was already revoked) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LoginController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The signed-in user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PasswordResetController_request: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PasswordResetDto"];
            };
        };
        responses: {
            /** @description the same answer whether or not the email has an account; a link is emailed when it has */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RefreshController_refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefreshDto"];
            };
        };
        responses: {
            /** @description a new pair: {accessToken, refreshToken, tokenType, expiresIn, refreshExpiresIn, user} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unknown, expired, revoked or already used (a reuse ends every session of that sign-in) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SetPasswordController_setPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetPasswordDto"];
            };
        };
        responses: {
            /** @description The password is set; sign in with it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The link is unknown, used or expired */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CalendarSubscriptionsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CalendarOwnerDto"];
            };
        };
        responses: {
            /** @description {url, webcalUrl}: the calendar URL (shown once; any earlier URL of this calendar stops working) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description an admin names neither or both of teacherId and parentId */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such teacher or family, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CalendarSubscriptionsController_revoke: {
        parameters: {
            query?: {
                /** @description a family's calendar, by its parent's id (admin; a parent may name themself) */
                parentId?: string;
                /** @description a teacher's calendar (admin; a teacher may name themself) */
                teacherId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the calendar URL no longer answers (also when there was none) */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such teacher or family, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CalendarFeedController_feed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GET /api/v1/calendar/teachers/{id}.ics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SubscribedCalendarController_feed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description GET /api/v1/calendars/{token}.ics: the lessons of the teacher or family (30 days back, 180 ahead) as iCalendar */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no calendar at this URL (never issued, replaced or revoked) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyEmailsController_list: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                limit?: number;
                /** @description exact address (case-insensitive) */
                recipient?: string;
                status?: "pending" | "sending" | "sent" | "delivered_locally" | "failed";
                template?: "lesson-scheduled" | "lesson-rescheduled" | "lesson-cancelled" | "parent-welcome" | "family-confirmation" | "enrollment-rejected" | "enrollment-waitlisted" | "teacher-new-student" | "teacher-lesson-change" | "lesson-reminder" | "password-reset" | "teacher-welcome" | "waitlist-resumed" | "payment-receipt" | "refund-issued" | "payment-failed" | "payment-final-failure" | "payment-due";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Emails newest first: a parent or teacher sees only those sent to them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    MyEmailsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One email sent to the signed-in parent or teacher, in full (text and HTML) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such email sent to you */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ViewEnrollmentsController_list: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "running" | "awaiting-family-confirmation" | "completed" | "rejected" | "waitlisted" | "failed" | "declined" | "expired";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Enrollments in arrival order, filtered by status: every one for admins, their own family's for a parent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    SubmitEnrollmentController_submit: {
        parameters: {
            query?: never;
            header?: {
                /** @description optional: a retry of the same request with the same key is answered as the first, and changes nothing more */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SubmitEnrollmentDto"];
            };
        };
        responses: {
            /** @description {enrollmentId, status}: the same family, child and instrument already have this enrollment going or done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description {enrollmentId, status: "pending"}: follow it at GET /api/v1/enrollments/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a field is missing or malformed (one message per field) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description too many enrollments from this address; try again later */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ViewEnrollmentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {enrollmentId, status, reason?, studentId?, parentId?, teacherId?, demoLesson?, steps} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConfirmFamilyController_confirm: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmationTokenDto"];
            };
        };
        responses: {
            /** @description {enrollmentId, status: "running", …}: the family confirmed; the enrollment goes on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the family already declined it, or it expired */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the request expired; the form can be sent again */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConfirmFamilyController_show: {
        parameters: {
            query?: {
                /** @description the token from the emailed link; not needed when signed in as the family's parent */
                token?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {enrollmentId, status, studentFirstName, instrument, expiresAt}: what the family is asked to confirm */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ConfirmFamilyController_decline: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConfirmationTokenDto"];
            };
        };
        responses: {
            /** @description {enrollmentId, status: "declined", …}: the family did not ask for it; nothing is created */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the family already confirmed it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    FollowEnrollmentController_show: {
        parameters: {
            query: {
                /** @description the token from the follow link given when the form was sent */
                token: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description what may be shown of the enrollment (see docs/privacy.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FollowViewDto"];
                };
            };
            /** @description no such enrollment, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListLessonsController_list: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                limit?: number;
                status?: "scheduled" | "completed" | "cancelled" | "no_show";
                studentId?: string;
                teacherId?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Lessons by start time: admins all, teachers theirs, parents their children's */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ScheduleLessonController_schedule: {
        parameters: {
            query?: never;
            header?: {
                /** @description optional: a retry of the same request with the same key is answered as the first, and changes nothing more */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleLessonDto"];
            };
        };
        responses: {
            /** @description {lessons: [{id, startsAt, endsAt, teacherId, studentId, status, lessonType}]} */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description {message, conflicts, alternatives: [{teacherId, startsAt, endsAt}]} */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description in the past, no teacher assigned, no makeup credit… */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListLessonsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One lesson (404 when unknown or not yours) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LessonActionsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelLessonDto"];
            };
        };
        responses: {
            /** @description {makeupCredit}: whether the cancellation earned a makeup lesson */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LessonActionsController_complete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteLessonDto"];
            };
        };
        responses: {
            /** @description The completed lesson, with the teacher's notes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LessonActionsController_noShow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The lesson, marked as a no-show */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    LessonActionsController_reschedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleLessonDto"];
            };
        };
        responses: {
            /** @description The lesson at its new time */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the new time is taken or outside availability: {message, conflicts, alternatives} */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description less than 24 h before the lesson, a new time in the past, or (for a parent) a new time less than 24 h ahead */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ScheduleLessonController_check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleLessonDto"];
            };
        };
        responses: {
            /** @description {available, conflicts, alternatives} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListLessonsController_view: {
        parameters: {
            query: {
                from: string;
                slotMinutes?: number;
                teacherId: string;
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A teacher's days (academy time) with their lessons and free slots */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PaymentsController_list: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "succeeded" | "failed" | "cancelled" | "refunded";
                studentId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Payments, newest first: admins all, parents their family's */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PaymentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {id, studentId, amount, currency, status, attempts, stripePaymentIntentId?, receiptSent, …}; 404 when unknown or not yours */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RefundPaymentController_refund: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body: the first refund; the same key with another body: 422 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundPaymentDto"];
            };
        };
        responses: {
            /** @description {paymentId, refundId, amount, status: succeeded|failed|pending, refundedAmount, paymentStatus} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description more than is left of the charge, or the payment did not succeed; IDEMPOTENCY_KEY_REUSED: the key was first used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BillingController_notices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BillingPeriodDto"];
            };
        };
        responses: {
            /** @description {period, notices}: payment-due notices newly requested */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    BillingController_run: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BillingPeriodDto"];
            };
        };
        responses: {
            /** @description {period, requested, alreadyBilled, skipped: [{studentId, reason}]} */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PaymentsController_ledger: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description a family (its parent account); parents always see their own */
                parentId?: string;
                studentId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ledger entries (charges and refunds, oldest first: ids, amounts, times) with totals: charged, refunded, balance. Admins and auditors every family's (parentId narrows), parents their own */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ProcessPaymentController_process: {
        parameters: {
            query?: never;
            header?: {
                /** @description the same key and body: the first payment; the same key with another body: 422 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProcessPaymentDto"];
            };
        };
        responses: {
            /** @description {paymentId, status: "pending"}: follow it at GET /api/v1/payments/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description amount ≤ 0, > 500, not a number or with more than 2 decimals, or missing without lessonId; malformed ids */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description with lessonId: an amount other than the lesson's price by the pricing rule, or a price above 500 CAD; IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PublicPricingController_pricing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {currency: "CAD", rule, rates: [{durationMinutes, rate, lessonPrices: [{durationMinutes, price}]}]}: the rate per lesson for each enrolled lesson length, and the price of a lesson of each length at that rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PublicTeachersController_list: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                instrument?: "piano" | "guitar" | "violin" | "drums" | "voice";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Active teachers for the public website: names, instruments, bio (no emails or rates) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PublicTimeslotsController_list: {
        parameters: {
            query: {
                durationMinutes?: number;
                from: string;
                instrument: "piano" | "guitar" | "violin" | "drums" | "voice";
                limit?: number;
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description [{teacherId, startsAt, endsAt}]: open slots of teachers of the instrument with room for a student */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RevenueController_revenue: {
        parameters: {
            query: {
                /** @description first day (YYYY-MM-DD, academy time) or an instant with offset */
                from: string;
                /** @description last day, inclusive (YYYY-MM-DD) or an instant (exclusive) */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Charged, refunded and net revenue in the range: totals, by day, by month, by instrument, by teacher (admins; auditors, to reconcile with the log) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StripeWebhooksController_receive: {
        parameters: {
            query?: never;
            header: {
                "stripe-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {received: true} (also for a duplicate or an event type we do not handle); {received: true, rejected: reason} when it named one of our payments without its recorded intent, amount or currency */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description the Stripe-Signature is missing, does not match, or is older than 5 minutes; the body is not a readable Stripe event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StudentsController_list: {
        parameters: {
            query?: {
                active?: boolean;
                cursor?: string;
                instrument?: "piano" | "guitar" | "violin" | "drums" | "voice";
                limit?: number;
                teacherId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Students in enrollment order: admins all, parents their children, teachers their students */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StudentsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One student (404 when unknown or not yours) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StudentsController_withdraw: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Withdrawn */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StudentsController_change: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeStudentDto"];
            };
        };
        responses: {
            /** @description The student with the new skill level or lesson rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    StudentsController_lessons: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The student's lessons by start time */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    PaymentsController_ofStudent: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The student's payments, newest first (404 when the student is unknown or not yours) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListTeachersController_list: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                instrument?: "piano" | "guitar" | "violin" | "drums" | "voice";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Teachers by name; admins see all, a teacher sees themself */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    RegisterTeacherController_register: {
        parameters: {
            query?: never;
            header?: {
                /** @description retrying with the same key registers once */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterTeacherDto"];
            };
        };
        responses: {
            /** @description Registered; the teacher gets a user account (role teacher) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ListTeachersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One teacher (404 when unknown or not yours) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    ChangeAvailabilityController_change: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AvailabilityDto"];
            };
        };
        responses: {
            /** @description The teacher with the new availability */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    CreateUserController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description retrying with the same key creates one account */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateUserDto"];
            };
        };
        responses: {
            /** @description {id, email, role, displayName} */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description an account with this email already exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    WorkflowsController_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every workflow DAG: nodes, edges and routers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OperationsController_health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready: the database and the event store answer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not ready; the body says which part is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OperationsController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description {status: "ok"}: the process serves HTTP (does not check the database; see GET /health) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OperationsController_prometheus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format, with `Authorization: Bearer <METRICS_TOKEN>` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description METRICS_TOKEN is set and the request does not carry it (a sign-in token does not do) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description METRICS_TOKEN is not set: metrics are served on METRICS_PORT only, if at all */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
