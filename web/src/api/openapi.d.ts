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
        /** Every email in the outbox, newest first */
        get: operations["listOutboxEmails"];
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
        /** One email of the outbox in full */
        get: operations["getOutboxEmail"];
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
        /** Erase a family's personal data (idempotent) */
        post: operations["forgetFamily"];
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
        /** Every scheduled job */
        get: operations["listJobs"];
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
        /** Run a scheduled job now */
        post: operations["runJob"];
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
        /** Every projection and saga, and where it stands */
        get: operations["listProjections"];
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
        /** Rebuild a projection into fresh tables */
        post: operations["rebuildProjection"];
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
        /** Events a projection or saga gave up on */
        get: operations["listParkedEvents"];
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
        /** Rebuilds started through this instance */
        get: operations["listRebuilds"];
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
        /** One rebuild */
        get: operations["getRebuild"];
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
        /** Everything one request or workflow run caused */
        get: operations["getAuditCorrelation"];
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
        /** The event log in global order, with filters */
        get: operations["listAuditEvents"];
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
        /** The head of the verified log, to keep elsewhere */
        get: operations["getAuditHead"];
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
        /** A stream as it stood at a moment */
        get: operations["getAuditStream"];
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
        /** Check every hash chain (and a kept head) */
        get: operations["verifyAuditLog"];
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
        /** Change one's own password */
        post: operations["changePassword"];
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
        /** Sign in with email and password */
        post: operations["login"];
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
        /** End the sign-in a refresh token belongs to */
        post: operations["logout"];
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
        /** The signed-in user */
        get: operations["getMe"];
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
        /** Email a link to choose a new password */
        post: operations["requestPasswordReset"];
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
        /** Trade a refresh token for a new pair */
        post: operations["refreshSession"];
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
        /** Set a password with the token of an emailed link */
        post: operations["setPassword"];
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
        /** A calendar URL for calendar apps */
        post: operations["createCalendarSubscription"];
        /** Retire a calendar URL */
        delete: operations["deleteCalendarSubscription"];
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
        /** A teacher's lessons as iCalendar: GET /api/v1/calendar/teachers/{teacherId}.ics */
        get: operations["getTeacherCalendar"];
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
        /** The calendar URL a calendar app polls: GET /api/v1/calendars/{token}.ics */
        get: operations["getSubscribedCalendar"];
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
        /** Emails sent to the signed-in parent or teacher, newest first */
        get: operations["listMyEmails"];
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
        /** One email sent to the signed-in parent or teacher, in full */
        get: operations["getMyEmail"];
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
        /** Enrollments in arrival order */
        get: operations["listEnrollments"];
        put?: never;
        /** The public enrollment form */
        post: operations["submitEnrollment"];
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
        /** One enrollment and its workflow's steps */
        get: operations["getEnrollment"];
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
        /** The family confirms an enrollment held for it */
        post: operations["confirmEnrollment"];
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
        /** What a family is asked to confirm */
        get: operations["getFamilyConfirmation"];
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
        /** The family declines an enrollment held for it */
        post: operations["declineEnrollment"];
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
        /** An enrollment followed by the secret link the form gave */
        get: operations["followEnrollment"];
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
        /** Lessons by start time */
        get: operations["listLessons"];
        put?: never;
        /** Book a lesson, or a recurring series all or nothing */
        post: operations["scheduleLesson"];
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
        /** One lesson */
        get: operations["getLesson"];
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
        /** Cancel a lesson */
        post: operations["cancelLesson"];
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
        /** Mark a lesson as given */
        post: operations["completeLesson"];
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
        /** Record that the student did not come */
        post: operations["recordNoShow"];
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
        /** Move a lesson to a new time */
        post: operations["rescheduleLesson"];
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
        /** Whether a booking would fit, without booking */
        post: operations["checkLessonConflicts"];
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
        /** A teacher's days with their lessons and free slots */
        get: operations["getTeacherSchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/lessons/series/{seriesId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a series, or the rest of it
         * @description Cancels every lesson of the series still to come (or those from `from` on); past, completed and already cancelled lessons are left as they are. Each earns a makeup credit by the single-lesson rule, both calendars are freed, and the family and the teacher get one email each listing the cancelled dates. Repeating the request changes nothing and sends nothing.
         */
        post: operations["cancelLessonSeries"];
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
        /** Payments, newest first */
        get: operations["listPayments"];
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
        /** One payment */
        get: operations["getPayment"];
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
        /** Refund all or part of a payment */
        post: operations["refundPayment"];
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
        /** Send a month's payment-due notices now (idempotent) */
        post: operations["sendPaymentDueNotices"];
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
        /** Bill a month now (idempotent) */
        post: operations["runMonthlyBilling"];
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
        /** Ledger entries with totals */
        get: operations["getLedger"];
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
        /** Charge a family (the payment workflow charges it) */
        post: operations["requestPayment"];
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
        /** The public price list */
        get: operations["getPricing"];
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
        /** Active teachers for the public website */
        get: operations["listPublicTeachers"];
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
        /** Open lesson slots for the public website */
        get: operations["listPublicTimeslots"];
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
        /** Charged, refunded and net revenue in a range */
        get: operations["getRevenueReport"];
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
        /** Stripe's events (signed with Stripe-Signature) */
        post: operations["receiveStripeWebhook"];
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
        /** Students in enrollment order */
        get: operations["listStudents"];
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
        /** One student */
        get: operations["getStudent"];
        put?: never;
        post?: never;
        /** Withdraw a student (the record stays) */
        delete: operations["withdrawStudent"];
        options?: never;
        head?: never;
        /** Change a student's skill level or lesson rate */
        patch: operations["changeStudent"];
        trace?: never;
    };
    "/api/v1/students/{id}/lessons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A student's lessons by start time */
        get: operations["listStudentLessons"];
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
        /** A student's payments, newest first */
        get: operations["listStudentPayments"];
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
        /** Teachers by name */
        get: operations["listTeachers"];
        put?: never;
        /** Register a teacher */
        post: operations["registerTeacher"];
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
        /** One teacher */
        get: operations["getTeacher"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a teacher's hourly rate, student limit, instruments or bio
         * @description Only the fields sent change; bio null or "" clears it.
         */
        patch: operations["changeTeacherDetails"];
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
        /** Set a teacher's weekly availability */
        put: operations["changeTeacherAvailability"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers/{id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate a teacher who is leaving
         * @description The teacher is no longer matched to enrollments, listed publicly or bookable. Their students are matched to another teacher with room, or wait for one; each family gets one email. Booked lessons are not cancelled: the answer lists those still to come for the office to let go ahead or cancel. Repeating it changes nothing.
         */
        post: operations["deactivateTeacher"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers/{id}/handover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a teacher leaves to settle: their lessons still to come, and their former students' teachers now */
        get: operations["getTeacherHandover"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teachers/{id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reactivate a teacher who came back
         * @description Matched, listed and bookable again, with no students: former students keep the teachers they have now.
         */
        post: operations["reactivateTeacher"];
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
        /** Create a staff account (admin or auditor) */
        post: operations["createUser"];
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
        /** Every workflow DAG */
        get: operations["listWorkflows"];
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
        /** Readiness: the database and the event store answer */
        get: operations["getHealth"];
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
        /** Liveness: the process serves HTTP */
        get: operations["getLiveness"];
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
        /** Prometheus metrics, for the operator */
        get: operations["getMetrics"];
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
        /** @enum {string} */
        ActorRole: "admin" | "teacher" | "parent" | "auditor" | "system" | "stripe" | "public";
        AsOfResponse: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            instant?: string;
            position?: number;
        };
        AuditActorResponse: {
            /** @description a user id, or system / stripe / public */
            id: string;
            role: components["schemas"]["ActorRole"];
        };
        AuditCorrelationResponse: {
            actors: components["schemas"]["AuditActorResponse"][];
            correlationId: string;
            events: components["schemas"]["AuditEvent"][];
            /** @description pass as `after` for the next page; null when nothing follows yet */
            next: string | null;
            streams: string[];
        };
        AuditEvent: {
            /** @description as stored, never upcast; personal data decrypted unless as=stored */
            data: {
                [key: string]: unknown;
            };
            /** Format: uuid */
            eventId: string;
            hash: string | null;
            /** @description how `hash` was computed: 1 (jsonb text) or 2 (RFC 8785 JCS), docs/audit.md §1 */
            hashScheme: number;
            metadata: components["schemas"]["AuditMetadataResponse"];
            /** @description in the one global order of the log */
            position: number;
            prevHash: string | null;
            /** @description when the store recorded it (ISO 8601) */
            recordedAt: string;
            /** @example lesson-7c4e… */
            streamId: string;
            /** @description 0-based, inside its stream */
            streamPosition: number;
            /**
             * @description docs/events.md
             * @example LessonScheduled
             */
            type: string;
        };
        AuditEventsResponse: {
            events: components["schemas"]["AuditEvent"][];
            /** @description pass as `after` for the next page; null when nothing follows yet */
            next: string | null;
        };
        AuditMetadataResponse: {
            actor: components["schemas"]["AuditActorResponse"];
            causationId: string | null;
            correlationId: string;
            /**
             * Format: date-time
             * @description when the fact happened (the command's clock)
             * @example 2026-11-02T20:00:00.000Z
             */
            occurredAt: string;
            schemaVersion: number;
        };
        AuditStreamResponse: {
            /**
             * @description null for a stream no decider folds
             * @example lesson
             */
            aggregate: string | null;
            asOf: components["schemas"]["AsOfResponse"] | null;
            events: components["schemas"]["AuditEvent"][];
            /** @description the stream position of the last event shown (-1: none) */
            revision: number;
            /** @description the state its decider folds from those events */
            state: {
                [key: string]: unknown;
            } | null;
            streamId: string;
        };
        AvailabilityCheckResponse: {
            /** @description the nearest free slots, same teacher first (when not available) */
            alternatives: components["schemas"]["Timeslot"][];
            available: boolean;
            conflicts: components["schemas"]["SlotConflictResponse"][];
            /** @description every occurrence asked for */
            slots: components["schemas"]["SlotResponse"][];
            /**
             * Format: uuid
             * @description the teacher it was checked with
             */
            teacherId: string;
        };
        BillingNoticesResponse: {
            /** @description payment-due notices newly requested */
            notices: number;
            /** @example 2026-11 */
            period: string;
        };
        BillingPeriodDto: {
            /**
             * @description the month to bill, YYYY-MM; default: next month (academy time)
             * @example 2026-11
             */
            period?: string;
        };
        BillingRunResponse: {
            /** @description students billed for the period before */
            alreadyBilled: number;
            /** @example 2026-11 */
            period: string;
            /** @description charges newly requested */
            requested: number;
            skipped: components["schemas"]["BillingSkipResponse"][];
        };
        BillingSkipResponse: {
            reason: string;
            /** Format: uuid */
            studentId: string;
        };
        BrokenEventResponse: {
            eventId: string;
            line?: number;
            position: number;
            reason: string;
            streamId: string;
            streamPosition: number;
            type: string;
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
        CalendarSubscriptionResponse: {
            /**
             * Format: uri
             * @description PUBLIC_URL/api/v1/calendars/<token>.ics: shown once
             */
            url: string;
            /**
             * Format: uri
             * @description the same as webcal:
             */
            webcalUrl: string;
        };
        CancelledLesson: {
            cancelReason: string | null;
            /** @description the teacher's notes on completion */
            completionNotes: string | null;
            /** @example 30 */
            durationMinutes: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /** Format: uuid */
            id: string;
            lessonType: components["schemas"]["LessonType"];
            /** @description whether the cancellation earned a makeup lesson */
            makeupCredit: boolean | null;
            notes: string | null;
            /**
             * Format: uuid
             * @description the recurring series it belongs to
             */
            seriesId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
            status: components["schemas"]["LessonStatus"];
            /** Format: uuid */
            studentId: string;
            /** Format: uuid */
            teacherId: string;
        };
        CancelledLessonDto: {
            /** Format: uuid */
            lessonId: string;
            /** @description whether this cancellation earned a makeup credit (teacher or academy: always; family: with more than 24 h notice) */
            makeupCredit: boolean;
            /** Format: date-time */
            startsAt: string;
            /** Format: uuid */
            studentId: string;
            /** Format: uuid */
            teacherId: string;
        };
        CancelLessonDto: {
            /**
             * @description admins only: who asked for the cancellation (teacher-initiated ones always earn a makeup credit)
             * @enum {string}
             */
            initiatedBy?: "family" | "teacher";
            reason: string;
        };
        CancelSeriesDto: {
            /**
             * @description cancel the lessons starting at or after this instant; default: every lesson still to come (the next one on)
             * @example 2027-03-01T00:00:00-04:00
             */
            from?: string;
            /**
             * @description admins only: who asked for the cancellation (teacher-initiated ones always earn makeup credits)
             * @enum {string}
             */
            initiatedBy?: "family" | "teacher";
            /** @example moving away at the end of February */
            reason: string;
        };
        CancelSeriesResponseDto: {
            /** @description the lessons this request cancelled, in time order; empty when nothing was left to cancel (a repeat) */
            cancelled: components["schemas"]["CancelledLessonDto"][];
            /** @description how many lessons of the series are still scheduled */
            remaining: number;
            /** Format: uuid */
            seriesId: string;
        };
        ChangeAvailabilityDto: {
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
            availability: components["schemas"]["WeeklyAvailability"];
            /**
             * @description what to do with booked lessons the new hours leave out: "cancel" (makeup credits, families and the teacher told once) or "keep" (they stay as one-offs). Without it such a change answers 409 listing them.
             * @enum {string}
             */
            strandedLessons?: "cancel" | "keep";
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
        ChangeTeacherDetailsDto: {
            /** @description null or "" clears it */
            bio?: Record<string, never> | null;
            /**
             * @description CAD per hour, 30 to 200
             * @example 70
             */
            hourlyRate?: number;
            /**
             * @description the whole new list; it keeps the instruments the teacher's students learn
             * @example [
             *       "piano",
             *       "voice"
             *     ]
             */
            instruments?: ("piano" | "guitar" | "violin" | "drums" | "voice")[];
            /**
             * @description 1 to 50, and not below the teacher's current students
             * @example 25
             */
            maxStudents?: number;
        };
        ComparedAtResponse: {
            live: number;
            rebuilt: number;
        };
        CompleteLessonDto: {
            notes?: string;
        };
        ConfirmationTokenDto: {
            /** @description the token from the emailed link; not needed when signed in as the family's parent */
            token?: string;
        };
        CreatedUserResponse: {
            displayName: string;
            email: string;
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            role: "admin" | "auditor";
        };
        CreateUserDto: {
            displayName?: string;
            /** @example auditor@cedarheights.local */
            email: string;
            password: string;
            /** @enum {string} */
            role: "admin" | "auditor";
        };
        DeactivateTeacherDto: {
            /** @example moving to Toronto */
            reason?: string;
        };
        DemoLessonResponse: {
            /** Format: uuid */
            lessonId: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
        };
        DifferenceSampleResponse: {
            /** @enum {string} */
            difference: "changed" | "only-live" | "only-rebuilt";
            key: string;
        };
        Email: {
            attempts: number;
            /**
             * Format: uuid
             * @description the event that asked for it
             */
            causedByEventId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            createdAt: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            recipient: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            sentAt: string | null;
            /** @description delivered_locally: no SendGrid; read it here */
            status: components["schemas"]["EmailStatus"];
            subject: string;
            template: components["schemas"]["EmailTemplate"];
        };
        EmailDetail: {
            attempts: number;
            /**
             * Format: uuid
             * @description the event that asked for it
             */
            causedByEventId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            createdAt: string;
            html: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            recipient: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            sentAt: string | null;
            /** @description delivered_locally: no SendGrid; read it here */
            status: components["schemas"]["EmailStatus"];
            subject: string;
            template: components["schemas"]["EmailTemplate"];
            text: string;
        };
        EmailPage: {
            items: components["schemas"]["Email"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        /**
         * @description delivered_locally: no SendGrid; read it here
         * @enum {string}
         */
        EmailStatus: "pending" | "sending" | "sent" | "delivered_locally" | "failed";
        /** @enum {string} */
        EmailTemplate: "lesson-scheduled" | "lesson-rescheduled" | "lesson-cancelled" | "lessons-cancelled" | "parent-welcome" | "family-confirmation" | "enrollment-rejected" | "enrollment-waitlisted" | "teacher-new-student" | "teacher-lesson-change" | "teacher-lessons-cancelled" | "teacher-leaving" | "lesson-reminder" | "password-reset" | "teacher-welcome" | "waitlist-resumed" | "payment-receipt" | "refund-issued" | "payment-failed" | "payment-final-failure" | "payment-due";
        Enrollment: {
            /**
             * Format: date-time
             * @description while held for the family's confirmation: when the request expires
             * @example 2026-11-02T20:00:00.000Z
             */
            confirmBy?: string;
            demoLesson?: components["schemas"]["DemoLessonResponse"];
            /** Format: uuid */
            enrollmentId: string;
            instrument: components["schemas"]["Instrument"];
            /**
             * Format: uuid
             * @description the family: its parent's account
             */
            parentId?: string;
            /** @example ready */
            paymentStatus?: string;
            /** @description why it was rejected, waitlisted or failed */
            reason?: string;
            status: components["schemas"]["EnrollmentStatus"];
            /** @description the workflow's steps so far, in workflow order */
            steps: components["schemas"]["EnrollmentStepResponse"][];
            /** Format: uuid */
            studentId?: string;
            studentName: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            submittedAt: string;
            /** Format: uuid */
            teacherId?: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            updatedAt: string;
        };
        EnrollmentPage: {
            items: components["schemas"]["Enrollment"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        /**
         * @description pending for a new one; for a duplicate, where it is
         * @enum {string}
         */
        EnrollmentStatus: "pending" | "running" | "awaiting-family-confirmation" | "rejected" | "waitlisted" | "failed" | "declined" | "expired" | "completed";
        EnrollmentStepResponse: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            at: string;
            detail?: string;
            /**
             * @description one of ValidateEnrollment, IdentifyFamily, AwaitFamilyConfirmation, CreateStudentAccount, SetupPaymentMethod, AssignTeacher, ScheduleDemoLesson, SendWelcomeEmails
             * @example AssignTeacher
             */
            name: string;
            /** @enum {string} */
            status: "completed" | "failed" | "waiting" | "skipped";
        };
        FailedEventResponse: {
            error: string;
            eventId: string;
            position: number;
            streamId: string;
            type: string;
        };
        FamilyConfirmation: {
            /** Format: uuid */
            enrollmentId: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            expiresAt: string | null;
            instrument: components["schemas"]["Instrument"];
            status: components["schemas"]["EnrollmentStatus"];
            studentFirstName: string;
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
        ForgottenFamilyResponse: {
            enrollments: number;
            /** @description false when the family had been forgotten before (nothing new was done) */
            erasedNow: boolean;
            /** Format: uuid */
            familyId: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            forgottenAt: string;
            lessons: number;
            /** @enum {string} */
            status: "forgotten";
            students: number;
        };
        FoundHeadResponse: {
            digest: string;
            events: number;
            streams: number;
        };
        HandoverLessonDto: {
            /** Format: date-time */
            endsAt: string;
            /** Format: uuid */
            lessonId: string;
            /**
             * Format: uuid
             * @description cancel the rest of a series at POST /api/v1/lessons/series/{seriesId}/cancel
             */
            seriesId: string | null;
            /** Format: date-time */
            startsAt: string;
            /** Format: uuid */
            studentId: string;
            studentName: string;
        };
        HandoverStudentDto: {
            /** Format: uuid */
            studentId: string;
            studentName: string;
            /**
             * Format: uuid
             * @description the student's teacher now; null: waiting for a teacher of the instrument with room
             */
            teacherId: string | null;
        };
        HeadCheckResponse: {
            /** @description what the log holds up to the kept head's position */
            found: components["schemas"]["FoundHeadResponse"];
            kept: components["schemas"]["LogHead"];
            ok: boolean;
            reason?: string;
        };
        HealthResponse: {
            /** @enum {string} */
            database: "up" | "down";
            /** @enum {string} */
            eventStore: "up" | "down";
            /**
             * @description which event store the app runs on
             * @example postgres
             */
            eventStoreAdapter: string;
            /** @enum {string} */
            status: "ok" | "unavailable";
        };
        /** @enum {string} */
        Instrument: "piano" | "guitar" | "violin" | "drums" | "voice";
        JobFailed: {
            durationMs: number;
            error: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            outcome: "JobFailed";
            /** @description ISO 8601 */
            startedAt: string;
        };
        JobResponse: {
            description: string;
            /** @description its last run in this process */
            lastRun: (components["schemas"]["JobSucceeded"] | components["schemas"]["JobFailed"] | components["schemas"]["JobSkipped"]) | null;
            /** @example lesson-reminders */
            name: string;
            running: boolean;
            /** @description a cron expression or an interval */
            schedule: string;
        };
        JobSkipped: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            outcome: "JobSkipped";
            /** @description why (it was running already, here or in another instance) */
            reason: string;
            /** @description ISO 8601 */
            startedAt: string;
        };
        JobsResponse: {
            items: components["schemas"]["JobResponse"][];
        };
        JobSucceeded: {
            durationMs: number;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            outcome: "JobSucceeded";
            /** @description ISO 8601 */
            startedAt: string;
            /**
             * @description counts of what the run did
             * @example {
             *       "reminded": 3
             *     }
             */
            summary: {
                [key: string]: number;
            };
        };
        KeptHeadResponse: {
            /** @description 64 hex digits */
            digest: string;
            events: number;
            /** @enum {string} */
            format: "cedar-heights-log-head";
            /** @description the global position of the last event covered (0 for an empty log) */
            position: number;
            streams: number;
            /** @enum {number} */
            version: 1;
        };
        LedgerEntry: {
            /**
             * @description what the entry charged or refunded, CAD in dollars
             * @example 45
             */
            amount: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            at: string;
            /**
             * @description the running balance after this entry, CAD in dollars
             * @example 45
             */
            balance: number;
            id: string;
            /** @enum {string} */
            kind: "charge" | "refund";
            /** Format: uuid */
            paymentId: string;
            /** Format: uuid */
            refundId: string | null;
            /** Format: uuid */
            studentId: string;
        };
        LedgerResponse: {
            items: components["schemas"]["LedgerEntry"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
            /** @description over every entry the filter selects, not only this page */
            totals: components["schemas"]["LedgerTotalsResponse"];
        };
        LedgerTotalsResponse: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            balance: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
        };
        Lesson: {
            cancelReason: string | null;
            /** @description the teacher's notes on completion */
            completionNotes: string | null;
            /** @example 30 */
            durationMinutes: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /** Format: uuid */
            id: string;
            lessonType: components["schemas"]["LessonType"];
            /** @description once cancelled: whether the cancellation earned a makeup credit */
            makeupCredit: boolean | null;
            notes: string | null;
            /**
             * Format: uuid
             * @description the recurring series it belongs to
             */
            seriesId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
            status: components["schemas"]["LessonStatus"];
            /** Format: uuid */
            studentId: string;
            /** Format: uuid */
            teacherId: string;
        };
        LessonPage: {
            items: components["schemas"]["Lesson"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        LessonPriceResponse: {
            /** @example 45 */
            durationMinutes: number;
            /**
             * @description the price of a lesson of this length, CAD in dollars
             * @example 45
             */
            price: number;
        };
        /** @enum {string} */
        LessonStatus: "scheduled" | "completed" | "cancelled" | "no_show";
        /** @enum {string} */
        LessonType: "demo" | "regular" | "makeup";
        LiveResponse: {
            /** @enum {string} */
            status: "ok";
        };
        LogHead: {
            /** @description 64 hex digits */
            digest: string;
            events: number;
            /** @description the global position of the last event covered (0 for an empty log) */
            position: number;
            streams: number;
        };
        LoginDto: {
            /** @example admin@cedarheights.local */
            email: string;
            password: string;
        };
        MeResponse: {
            displayName: string;
            email: string;
            /** Format: uuid */
            id: string;
            role: components["schemas"]["Role"];
            /**
             * Format: uuid
             * @description a teacher's own teacher record
             */
            teacherId: string | null;
        };
        MessageResponse: {
            message: string;
        };
        OkResponse: {
            /** @enum {boolean} */
            ok: true;
        };
        ParkedEventResponse: {
            attempts: number;
            error: string;
            /** Format: uuid */
            eventId: string;
            eventType: string;
            /** @description ISO 8601 */
            parkedAt: string;
            position: number;
            streamId: string;
            /** @description the projection or saga */
            subscription: string;
        };
        ParkedEventsResponse: {
            items: components["schemas"]["ParkedEventResponse"][];
        };
        PasswordResetDto: {
            /** @example parent@example.com */
            email: string;
        };
        Payment: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            amount: number;
            /** @description charge attempts so far */
            attempts: number;
            /** @example CAD */
            currency: string;
            description: string;
            /** Format: uuid */
            id: string;
            lastError: string | null;
            /**
             * Format: uuid
             * @description the lesson it charges, if one
             */
            lessonId: string | null;
            /**
             * Format: date-time
             * @description when a failed charge is tried again
             * @example 2026-11-02T20:00:00.000Z
             */
            nextRetryAt: string | null;
            receiptSent: boolean;
            /**
             * @description refunded so far, CAD in dollars
             * @example 45
             */
            refundedAmount: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            requestedAt: string;
            status: components["schemas"]["PaymentStatus"];
            /** @example pi_3N… */
            stripePaymentIntentId?: string;
            /** Format: uuid */
            studentId: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            updatedAt: string;
            /** @description admins only: signed Stripe events that named this payment but did not prove what they would settle (changed nothing) */
            webhookRejections?: components["schemas"]["WebhookRejectionsResponse"];
        };
        PaymentPage: {
            items: components["schemas"]["Payment"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        /** @enum {string} */
        PaymentStatus: "pending" | "succeeded" | "failed" | "cancelled" | "refunded";
        PricingResponse: {
            /** @enum {string} */
            currency: "CAD";
            rates: components["schemas"]["RateResponse"][];
            /** @description the pricing rule in words */
            rule: string;
        };
        /** @description Every error answer: {statusCode, error, message, code?, …details} */
        Problem: {
            /**
             * @description a stable code for errors of the rules (absent on validation and sign-in errors)
             * @example LESSON_NOT_FOUND
             */
            code?: string;
            /**
             * @description the name of the status
             * @example Not Found
             */
            error: string;
            /**
             * @description what went wrong, in plain words; a validation error lists one message per field
             * @example no lesson 7c4e…
             */
            message: string | string[];
            /** @example 404 */
            statusCode: number;
        };
        ProcessPaymentDto: {
            /**
             * @description CAD, > 0 and ≤ 500, at most 2 decimals. Required unless lessonId is given; with lessonId it is the lesson's price by the pricing rule (the student's rate pro rata by minutes), and any other amount is refused
             * @example 45
             */
            amount?: number;
            /**
             * @description default: CAD
             * @enum {string}
             */
            currency?: "CAD";
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
        PublicTeacher: {
            bio: string | null;
            firstName: string;
            /** Format: uuid */
            id: string;
            instruments: components["schemas"]["Instrument"][];
            lastName: string;
        };
        PublicTeacherPage: {
            items: components["schemas"]["PublicTeacher"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        RateResponse: {
            /**
             * @description the enrolled lesson length
             * @example 30
             */
            durationMinutes: number;
            lessonPrices: components["schemas"]["LessonPriceResponse"][];
            /**
             * @description the rate per lesson of that length, CAD in dollars
             * @example 45
             */
            rate: number;
        };
        Rebuild: {
            error: string | null;
            /** @description ISO 8601 */
            finishedAt: string | null;
            progress: components["schemas"]["RebuildProgressResponse"];
            projection: string;
            /** Format: uuid */
            rebuildId: string;
            result: components["schemas"]["RebuildReportResponse"] | null;
            /** @description ISO 8601 */
            startedAt: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
        };
        RebuildProgressResponse: {
            etaSeconds: number | null;
            /** @description events applied so far */
            events: number;
            eventsPerSecond: number;
            /** @description events of the projection's types in the log when it started (null: unknown) */
            total: number | null;
        };
        RebuildReportResponse: {
            comparedAt: components["schemas"]["ComparedAtResponse"];
            differences: components["schemas"]["TableDifferenceResponse"][];
            events: number;
            eventsPerSecond: number;
            /** @description events the projection could not apply (parked) */
            failed: components["schemas"]["FailedEventResponse"][];
            /** @description every table of the rebuilt model equals the model it replaced */
            identical: boolean;
            milliseconds: number;
            /** @description the checkpoint the rebuilt tables took over */
            position: number;
            projection: string;
        };
        RebuildsResponse: {
            items: components["schemas"]["Rebuild"][];
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
        RefundResponse: {
            /**
             * @description this refund, CAD in dollars
             * @example 45
             */
            amount: number;
            /** Format: uuid */
            paymentId: string;
            /** @enum {string} */
            paymentStatus: "pending" | "succeeded" | "failed" | "refunded";
            /**
             * @description refunded of the payment so far, CAD in dollars
             * @example 45
             */
            refundedAmount: number;
            /** Format: uuid */
            refundId: string;
            /**
             * @description pending: the gateway has not answered yet; the refund workflow finishes it
             * @enum {string}
             */
            status: "succeeded" | "failed" | "pending";
        };
        RegisteredTeacherResponse: {
            /** Format: uuid */
            id: string;
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
            availability: components["schemas"]["WeeklyAvailability"];
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
        RequestedPaymentResponse: {
            /** Format: uuid */
            paymentId: string;
            /** @enum {string} */
            status: "pending";
        };
        RescheduleLessonDto: {
            /** @example 2026-11-09T16:00:00-04:00 */
            startsAt: string;
        };
        RevenueDayResponse: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /** @description how many charges */
            charges: number;
            /**
             * Format: date
             * @example 2026-11-02
             */
            day: string;
            /**
             * @description charged − refunded
             * @example 45
             */
            net: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
            /** @description how many refunds */
            refunds: number;
        };
        RevenueInstrumentResponse: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /** @description how many charges */
            charges: number;
            /**
             * @description one of piano, guitar, violin, drums, voice
             * @example piano
             */
            instrument: string;
            /**
             * @description charged − refunded
             * @example 45
             */
            net: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
            /** @description how many refunds */
            refunds: number;
        };
        RevenueLine: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /** @description how many charges */
            charges: number;
            /**
             * @description charged − refunded
             * @example 45
             */
            net: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
            /** @description how many refunds */
            refunds: number;
        };
        RevenueMonthResponse: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /** @description how many charges */
            charges: number;
            /** @example 2026-11 */
            month: string;
            /**
             * @description charged − refunded
             * @example 45
             */
            net: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
            /** @description how many refunds */
            refunds: number;
        };
        RevenueReportResponse: {
            byDay: components["schemas"]["RevenueDayResponse"][];
            byInstrument: components["schemas"]["RevenueInstrumentResponse"][];
            byMonth: components["schemas"]["RevenueMonthResponse"][];
            byTeacher: components["schemas"]["RevenueTeacherResponse"][];
            /** @enum {string} */
            currency: "CAD";
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            from: string;
            /** @example America/Halifax */
            timeZone: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            to: string;
            totals: components["schemas"]["RevenueLine"];
        };
        RevenueTeacherResponse: {
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            charged: number;
            /** @description how many charges */
            charges: number;
            /**
             * @description charged − refunded
             * @example 45
             */
            net: number;
            /**
             * @description CAD, in dollars (two decimals at most)
             * @example 45
             */
            refunded: number;
            /** @description how many refunds */
            refunds: number;
            /**
             * Format: uuid
             * @description null: charges of no teacher
             */
            teacherId: string | null;
            teacherName: string | null;
        };
        /** @enum {string} */
        Role: "admin" | "teacher" | "parent" | "auditor";
        ScheduleDayResponse: {
            /**
             * Format: date
             * @description the day in the academy's zone
             * @example 2026-11-02
             */
            date: string;
            freeSlots: components["schemas"]["SlotResponse"][];
            lessons: components["schemas"]["Lesson"][];
        };
        ScheduledLesson: {
            durationMinutes: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /** Format: uuid */
            id: string;
            lessonType: components["schemas"]["LessonType"];
            notes: string | null;
            /**
             * Format: uuid
             * @description shared by the lessons of one recurring booking
             */
            seriesId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
            /** @enum {string} */
            status: "scheduled";
            /** Format: uuid */
            studentId: string;
            /** Format: uuid */
            teacherId: string;
        };
        ScheduledLessonsResponse: {
            /** @description one lesson, or every lesson of the series */
            lessons: components["schemas"]["ScheduledLesson"][];
        };
        ScheduleLessonDto: {
            /** @description defaults to the student's lesson length */
            durationMinutes?: number;
            /**
             * @description default: regular
             * @enum {string}
             */
            lessonType?: "demo" | "regular" | "makeup";
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
        ScheduleViewResponse: {
            days: components["schemas"]["ScheduleDayResponse"][];
            /** Format: uuid */
            teacherId: string;
            /** @example America/Halifax */
            timeZone: string;
        };
        SchedulingConflictProblem: {
            /** @description SCHEDULING_CONFLICT: the nearest free slots */
            alternatives?: components["schemas"]["Timeslot"][];
            /**
             * @description a stable code for errors of the rules (absent on validation and sign-in errors)
             * @example LESSON_NOT_FOUND
             */
            code?: string;
            /** @description SCHEDULING_CONFLICT: every colliding occurrence */
            conflicts?: components["schemas"]["SlotConflictResponse"][];
            /**
             * @description the name of the status
             * @example Not Found
             */
            error: string;
            /**
             * @description what went wrong, in plain words; a validation error lists one message per field
             * @example no lesson 7c4e…
             */
            message: string | string[];
            /** @example 404 */
            statusCode: number;
        };
        SessionTokensResponse: {
            /** @description send as `Authorization: Bearer <accessToken>` */
            accessToken: string;
            /**
             * @description seconds the access token is valid for
             * @example 900
             */
            expiresIn: number;
            /** @description seconds the refresh token is valid for */
            refreshExpiresIn: number;
            /** @description for POST /api/v1/auth/refresh (used up by it) and /logout */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            user: components["schemas"]["SignedInUserResponse"];
        };
        SetPasswordDto: {
            password: string;
            /** @description the token from the emailed link */
            token: string;
        };
        SignedInUserResponse: {
            /** @example admin@cedarheights.local */
            email: string;
            /** Format: uuid */
            id: string;
            role: components["schemas"]["Role"];
        };
        /** @enum {string} */
        SkillLevel: "beginner" | "intermediate" | "advanced";
        SlotConflictResponse: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /**
             * Format: uuid
             * @description admins only: the lesson it collides with
             */
            lessonId?: string;
            /** @enum {string} */
            reason: "outside-availability" | "teacher-busy" | "student-busy";
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
        };
        SlotResponse: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
        };
        StrandedLessonResponse: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /** Format: uuid */
            lessonId: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
            /** Format: uuid */
            studentId: string;
        };
        StrandedLessonsProblem: {
            /**
             * @description a stable code for errors of the rules (absent on validation and sign-in errors)
             * @example LESSON_NOT_FOUND
             */
            code?: string;
            /**
             * @description the name of the status
             * @example Not Found
             */
            error: string;
            /**
             * @description what went wrong, in plain words; a validation error lists one message per field
             * @example no lesson 7c4e…
             */
            message: string | string[];
            /** @example 404 */
            statusCode: number;
            /** @description LESSONS_OUTSIDE_NEW_AVAILABILITY: every lesson outside the new hours */
            strandedLessons?: components["schemas"]["StrandedLessonResponse"][];
        };
        Student: {
            /** @description false once withdrawn */
            active: boolean;
            /**
             * @description YYYY-MM-DD, or [erased] once the family is forgotten
             * @example 2016-05-14
             */
            dateOfBirth: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            enrolledAt: string;
            firstName: string;
            /** Format: uuid */
            id: string;
            instrument: components["schemas"]["Instrument"];
            lastName: string;
            /** @example 30 */
            lessonDurationMinutes: number;
            /**
             * @description CAD per lesson (dollars, two decimals at most)
             * @example 45
             */
            lessonRate: number;
            /** @description unused makeup credits */
            makeupCredits: number;
            /**
             * Format: uuid
             * @description the family: its parent's account
             */
            parentId: string;
            skillLevel: components["schemas"]["SkillLevel"];
            /** Format: uuid */
            teacherId: string | null;
        };
        StudentPage: {
            items: components["schemas"]["Student"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        SubmitEnrollmentDto: {
            /** @example true */
            agreedToTerms: boolean;
            /** @enum {string} */
            instrument: "piano" | "guitar" | "violin" | "drums" | "voice";
            /** @description minutes; default: 30 */
            lessonDuration?: number;
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
        SubmittedEnrollmentResponse: {
            /** Format: uuid */
            enrollmentId: string;
            /**
             * Format: uri
             * @description a new enrollment only: the secret link that follows its progress with no sign-in (GET /api/v1/enrollments/{id}/follow)
             */
            followUrl?: string;
            /** @description pending for a new one; for a duplicate, where it is */
            status: components["schemas"]["EnrollmentStatus"];
        };
        SubscriptionStatusesResponse: {
            /** @description the instance answering (hostname:pid) */
            instance: string | null;
            items: components["schemas"]["SubscriptionStatusResponse"][];
        };
        SubscriptionStatusResponse: {
            /** @description the instance running it (hostname:pid), null when none does */
            activeIn?: string | null;
            /** @description the global position of the last event handled */
            checkpoint: number;
            /** @enum {string} */
            kind: "projection" | "saga";
            /** @description age of the oldest event not yet handled; 0 when caught up */
            lagSeconds: number;
            lastError: string | null;
            /** @example lessons */
            name: string;
            /** @description events it gave up on */
            parked: number;
            /**
             * @description standby: another instance runs it (see activeIn)
             * @enum {string}
             */
            status: "live" | "catching-up" | "retrying" | "stopped" | "standby";
        };
        TableDifferenceResponse: {
            /** @description rows under the same key whose contents differ */
            changed: number;
            liveRows: number;
            onlyLive: number;
            onlyRebuilt: number;
            rebuiltRows: number;
            /** @description the first few differing keys, in key order */
            sampleKeys: components["schemas"]["DifferenceSampleResponse"][];
            table: string;
        };
        Teacher: {
            active: boolean;
            availability: components["schemas"]["WeeklyAvailability"];
            /**
             * @description the zone availability times are in (the academy's)
             * @example America/Halifax
             */
            availabilityTimeZone: string;
            bio: string | null;
            currentStudents: number;
            email: string;
            firstName: string;
            /**
             * @description CAD per hour (dollars, two decimals at most)
             * @example 65
             */
            hourlyRate: number;
            /** Format: uuid */
            id: string;
            instruments: components["schemas"]["Instrument"][];
            lastName: string;
            maxStudents: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            registeredAt: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            updatedAt: string;
            /**
             * Format: uuid
             * @description the teacher's user account
             */
            userId: string | null;
        };
        TeacherDetailsProblem: {
            /**
             * @description a stable code for errors of the rules (absent on validation and sign-in errors)
             * @example LESSON_NOT_FOUND
             */
            code?: string;
            /** @description MAX_STUDENTS_BELOW_CURRENT: how many students the teacher has now */
            currentStudents?: number;
            /**
             * @description the name of the status
             * @example Not Found
             */
            error: string;
            /** @description INSTRUMENT_IN_USE: the instruments current students learn */
            instrumentsInUse?: components["schemas"]["Instrument"][];
            /**
             * @description what went wrong, in plain words; a validation error lists one message per field
             * @example no lesson 7c4e…
             */
            message: string | string[];
            /** @example 404 */
            statusCode: number;
        };
        TeacherHandoverDto: {
            active: boolean;
            /** @description the teacher's lessons still to come: they stay booked until the office cancels or moves them */
            futureLessons: components["schemas"]["HandoverLessonDto"][];
            /** @description the students the teacher had when deactivated */
            students: components["schemas"]["HandoverStudentDto"][];
            /** Format: uuid */
            teacherId: string;
        };
        TeacherPage: {
            items: components["schemas"]["Teacher"][];
            /** @description pass as `cursor` for the next page; null on the last page */
            next: string | null;
        };
        Timeslot: {
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            endsAt: string;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            startsAt: string;
            /** Format: uuid */
            teacherId: string;
        };
        TimeWindowDto: {
            /** @example 20:00 */
            end: string;
            /**
             * @description HH:MM, 24-hour, the academy's local time
             * @example 15:00
             */
            start: string;
        };
        VerifyReportResponse: {
            eventsChecked: number;
            firstBroken?: components["schemas"]["BrokenEventResponse"];
            head?: components["schemas"]["LogHead"];
            headCheck?: components["schemas"]["HeadCheckResponse"];
            ok: boolean;
            partialStreams: number;
            streams: number;
        };
        WebhookReceiptResponse: {
            /**
             * @description an event handled before
             * @enum {boolean}
             */
            duplicate?: true;
            /** @description why the event changed nothing (a type we do not handle, …) */
            ignored?: string;
            /** @enum {boolean} */
            received: true;
            /** @description the event named one of our payments without its recorded intent, amount or currency */
            rejected?: string;
        };
        WebhookRejectionsResponse: {
            count: number;
            /**
             * Format: date-time
             * @example 2026-11-02T20:00:00.000Z
             */
            last: string | null;
        };
        WeeklyAvailability: {
            friday?: components["schemas"]["TimeWindowDto"][];
            monday?: components["schemas"]["TimeWindowDto"][];
            saturday?: components["schemas"]["TimeWindowDto"][];
            sunday?: components["schemas"]["TimeWindowDto"][];
            thursday?: components["schemas"]["TimeWindowDto"][];
            tuesday?: components["schemas"]["TimeWindowDto"][];
            wednesday?: components["schemas"]["TimeWindowDto"][];
        };
        WorkflowEdgeResponse: {
            /** @description a node, or `start` */
            from: string;
            /** @description the event that leads from one to the other */
            on: string;
            to: string;
        };
        WorkflowNodeResponse: {
            /** @description the command this node issues */
            command: string;
            description?: string;
            /** @description events its command can produce */
            emits: string[];
            name: string;
            /** @description events that trigger it */
            on: string[];
            /**
             * @description request: runs inside the HTTP command that starts the workflow; default saga
             * @enum {string}
             */
            runs?: "saga" | "request";
            /** @description its command asks the notification outbox for an email (keyed: sent once), which is no event */
            sendsEmail?: boolean;
        };
        WorkflowResponse: {
            description: string;
            edges: components["schemas"]["WorkflowEdgeResponse"][];
            name: string;
            nodes: components["schemas"]["WorkflowNodeResponse"][];
            /** @description outcomes that exist only inside the request that starts the workflow, never stored; every other name is a stored event type */
            requestOutcomes: string[];
            routers: components["schemas"]["WorkflowRouterResponse"][];
            /** @description events stored outside the workflow that start it */
            startsWith: string[];
        };
        WorkflowRouteResponse: {
            label?: string;
            on: string;
            /** @description the next node, or null when this outcome ends the workflow */
            to: string | null;
        };
        WorkflowRouterResponse: {
            /** @description the node whose outcome it routes */
            after: string;
            name: string;
            routes: components["schemas"]["WorkflowRouteResponse"][];
        };
        WorkflowsResponse: {
            workflows: components["schemas"]["WorkflowResponse"][];
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
    listOutboxEmails: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                limit?: number;
                /** @description exact address (case-insensitive) */
                recipient?: string;
                status?: "pending" | "sending" | "sent" | "delivered_locally" | "failed";
                template?: "lesson-scheduled" | "lesson-rescheduled" | "lesson-cancelled" | "lessons-cancelled" | "parent-welcome" | "family-confirmation" | "enrollment-rejected" | "enrollment-waitlisted" | "teacher-new-student" | "teacher-lesson-change" | "teacher-lessons-cancelled" | "teacher-leaving" | "lesson-reminder" | "password-reset" | "teacher-welcome" | "waitlist-resumed" | "payment-receipt" | "refund-issued" | "payment-failed" | "payment-final-failure" | "payment-due";
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
                content: {
                    "application/json": components["schemas"]["EmailPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getOutboxEmail: {
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
                content: {
                    "application/json": components["schemas"]["EmailDetail"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such email */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgetFamily: {
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
            /** @description forgotten: what was erased */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForgottenFamilyResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no family with this id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listJobs: {
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
                content: {
                    "application/json": components["schemas"]["JobsResponse"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    runJob: {
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
                content: {
                    "application/json": components["schemas"]["JobSucceeded"] | components["schemas"]["JobFailed"] | components["schemas"]["JobSkipped"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no job of this name */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listProjections: {
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
                content: {
                    "application/json": components["schemas"]["SubscriptionStatusesResponse"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rebuildProjection: {
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
                content: {
                    "application/json": components["schemas"]["Rebuild"];
                };
            };
            /** @description Started (status running); Location: the status resource */
            202: {
                headers: {
                    /** @description the rebuild's status resource */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Rebuild"];
                };
            };
            /** @description wait is neither true nor false */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no projection of this name */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description it is being rebuilt already, or it runs in another instance (rebuild it there) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listParkedEvents: {
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
                content: {
                    "application/json": components["schemas"]["ParkedEventsResponse"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no projection or saga of this name */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listRebuilds: {
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
                content: {
                    "application/json": components["schemas"]["RebuildsResponse"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRebuild: {
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
                content: {
                    "application/json": components["schemas"]["Rebuild"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such rebuild in this instance */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditCorrelation: {
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
            /** @description everything one request or workflow run caused, in log order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditCorrelationResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no event carries this correlation id */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEvents: {
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
            /** @description events in global order, never upcast; personal data decrypted unless as=stored (docs/audit.md) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventsResponse"];
                };
            };
            /** @description a filter is malformed: an instant without its offset, a bad type list, from not before to, a cursor this API did not give */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditHead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the head of the verified log, to keep elsewhere (docs/audit.md §2) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KeptHeadResponse"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the log does not verify: it has no head to keep */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAuditStream: {
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
            /** @description the stream's events up to asOf and the state its decider folds from them */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditStreamResponse"];
                };
            };
            /** @description asOf is neither a global position nor an ISO 8601 instant */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such stream */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyAuditLog: {
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
            /** @description every hash chain and the global order checked; with a kept head (position, events, streams, digest), also that the log still holds it (docs/audit.md §2) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["VerifyReportResponse"];
                };
            };
            /** @description a kept head needs position, events, streams and digest together, each well formed */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
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
            /** @description changed: a fresh pair of tokens; other sign-ins are ended */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionTokensResponse"];
                };
            };
            /** @description the current password is wrong, or the new one too short */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many failed attempts for this email from here; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
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
            /** @description an access token and a refresh token */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionTokensResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description wrong email or password (the answer does not say which) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many sign-ins from this address, or too many failures for this email from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
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
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
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
                content: {
                    "application/json": components["schemas"]["MeResponse"];
                };
            };
            /** @description no bearer token, or it is invalid or expired, or the account no longer exists */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestPasswordReset: {
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
                content: {
                    "application/json": components["schemas"]["MessageResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshSession: {
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
            /** @description a new pair of tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionTokensResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description unknown, expired, revoked or already used (a reuse ends every session of that sign-in) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setPassword: {
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
                content: {
                    "application/json": components["schemas"]["OkResponse"];
                };
            };
            /** @description a field is malformed, or the link is unknown, used or expired */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createCalendarSubscription: {
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
            /** @description the calendar URL (shown once; any earlier URL of this calendar stops working) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarSubscriptionResponse"];
                };
            };
            /** @description a malformed id, or an admin names neither or both of teacherId and parentId */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher or family, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteCalendarSubscription: {
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
            /** @description a malformed id, or an admin names neither or both of teacherId and parentId */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher or family, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeacherCalendar: {
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
            /** @description The teacher's lessons, 30 days back and 180 ahead */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher, not you, or not a {teacherId}.ics path */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSubscribedCalendar: {
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
            /** @description the lessons of the teacher or family (30 days back, 180 ahead) as iCalendar */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description no calendar at this URL (never issued, replaced or revoked) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyEmails: {
        parameters: {
            query?: {
                /** @description from the previous page's `next` */
                cursor?: string;
                limit?: number;
                /** @description exact address (case-insensitive) */
                recipient?: string;
                status?: "pending" | "sending" | "sent" | "delivered_locally" | "failed";
                template?: "lesson-scheduled" | "lesson-rescheduled" | "lesson-cancelled" | "lessons-cancelled" | "parent-welcome" | "family-confirmation" | "enrollment-rejected" | "enrollment-waitlisted" | "teacher-new-student" | "teacher-lesson-change" | "teacher-lessons-cancelled" | "teacher-leaving" | "lesson-reminder" | "password-reset" | "teacher-welcome" | "waitlist-resumed" | "payment-receipt" | "refund-issued" | "payment-failed" | "payment-final-failure" | "payment-due";
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
                content: {
                    "application/json": components["schemas"]["EmailPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMyEmail: {
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
                content: {
                    "application/json": components["schemas"]["EmailDetail"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such email sent to you */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEnrollments: {
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
                content: {
                    "application/json": components["schemas"]["EnrollmentPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    submitEnrollment: {
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
            /** @description the same family, child and instrument already have this enrollment going or done */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmittedEnrollmentResponse"];
                };
            };
            /** @description recorded (status pending): follow it at GET /api/v1/enrollments/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SubmittedEnrollmentResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or (signed in as a parent) another family's email */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many enrollments from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEnrollment: {
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
            /** @description The enrollment and its workflow's steps so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Enrollment"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such enrollment, or not your family's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    confirmEnrollment: {
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
            /** @description the family confirmed; the enrollment goes on (status running) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyConfirmation"];
                };
            };
            /** @description a malformed id, or no token (from the emailed link) and not signed in as the family's parent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the family already declined it, or it expired */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the request expired; the form can be sent again */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFamilyConfirmation: {
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
            /** @description what the family is asked to confirm */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyConfirmation"];
                };
            };
            /** @description a malformed id, or no token (from the emailed link) and not signed in as the family's parent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    declineEnrollment: {
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
            /** @description the family did not ask for it (status declined); nothing is created */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FamilyConfirmation"];
                };
            };
            /** @description a malformed id, or no token (from the emailed link) and not signed in as the family's parent */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such enrollment waiting for this family, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the family already confirmed it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the request expired */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    followEnrollment: {
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
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such enrollment, or the token is wrong */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listLessons: {
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
                content: {
                    "application/json": components["schemas"]["LessonPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    scheduleLesson: {
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
            /** @description the booked lesson, or every lesson of the series */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduledLessonsResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not book, or (a parent) a demo lesson or another teacher than the child's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student or teacher, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the time is taken or outside availability: every conflicting date, and alternatives */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulingConflictProblem"];
                };
            };
            /** @description in the past, no teacher assigned, no makeup credit, a teacher of another instrument, or (a parent) less than 24 h ahead */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLesson: {
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
            /** @description One lesson */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Lesson"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such lesson, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelLesson: {
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
            /** @description The cancelled lesson, and whether the cancellation earned a makeup lesson */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelledLesson"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such lesson, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the lesson is no longer scheduled, or a concurrent change (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    completeLesson: {
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
                content: {
                    "application/json": components["schemas"]["Lesson"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such lesson, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the lesson is no longer scheduled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the lesson has not started yet */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    recordNoShow: {
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
                content: {
                    "application/json": components["schemas"]["Lesson"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such lesson, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the lesson is no longer scheduled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the lesson has not started yet */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    rescheduleLesson: {
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
                content: {
                    "application/json": components["schemas"]["Lesson"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such lesson, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the new time is taken or outside availability (with conflicts and alternatives), or the lesson is no longer scheduled */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchedulingConflictProblem"];
                };
            };
            /** @description less than 24 h before the lesson, a new time in the past, or (for a parent) a new time less than 24 h ahead */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkLessonConflicts: {
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
            /** @description whether it fits; if not, the conflicts and alternatives */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AvailabilityCheckResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not book, or (a parent) a demo lesson or another teacher than the child's */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student or teacher, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description in the past, no teacher assigned, no makeup credit, a teacher of another instrument, or (a parent) less than 24 h ahead */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeacherSchedule: {
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
                content: {
                    "application/json": components["schemas"]["ScheduleViewResponse"];
                };
            };
            /** @description a field is malformed, `from` is not before `to`, or the range is longer than 62 days */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher, or not you */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelLessonSeries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                seriesId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelSeriesDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelSeriesResponseDto"];
                };
            };
            /** @description a malformed id, reason or date */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such series, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPayments: {
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
                content: {
                    "application/json": components["schemas"]["PaymentPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayment: {
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
            /** @description One payment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such payment, or not your family's */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refundPayment: {
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
            /** @description the refund, and what is refunded of the payment so far */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundResponse"];
                };
            };
            /** @description a malformed id, or an amount ≤ 0 or with more than 2 decimals */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such payment */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description more than is left of the charge, or the payment did not succeed; IDEMPOTENCY_KEY_REUSED: the key was first used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    sendPaymentDueNotices: {
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
            /** @description payment-due notices newly requested */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingNoticesResponse"];
                };
            };
            /** @description period is not a month as YYYY-MM */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    runMonthlyBilling: {
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
            /** @description charges requested, students billed before, and students skipped with why */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BillingRunResponse"];
                };
            };
            /** @description period is not a month as YYYY-MM */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getLedger: {
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
                content: {
                    "application/json": components["schemas"]["LedgerResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestPayment: {
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
            /** @description recorded (status pending): follow it at GET /api/v1/payments/{id} */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RequestedPaymentResponse"];
                };
            };
            /** @description amount ≤ 0, > 500, not a number or with more than 2 decimals, or missing without lessonId; malformed ids */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student or lesson */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the student has withdrawn, the family has no saved payment method, with lessonId: another student's lesson or an amount other than its price; IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was first used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPricing: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the rate per lesson for each enrolled lesson length, and the price of a lesson of each length at that rate */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PricingResponse"];
                };
            };
        };
    };
    listPublicTeachers: {
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
                content: {
                    "application/json": components["schemas"]["PublicTeacherPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPublicTimeslots: {
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
            /** @description open slots of teachers of the instrument with room for a student, by start time */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Timeslot"][];
                };
            };
            /** @description a field is malformed, `from` is not before `to`, or the range is longer than 62 days */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRevenueReport: {
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
                content: {
                    "application/json": components["schemas"]["RevenueReportResponse"];
                };
            };
            /** @description from or to is not a date or an instant, to is not after from, or the range is longer than 3 years */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    receiveStripeWebhook: {
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
            /** @description received (also a duplicate or an event type we do not handle); with `rejected` when it named one of our payments without its recorded intent, amount or currency */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookReceiptResponse"];
                };
            };
            /** @description the Stripe-Signature is missing, does not match, or is older than 5 minutes; the body is not a readable Stripe event */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description too many requests from this address; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description webhooks are not configured (no STRIPE_WEBHOOK_SECRET), or the event store is not reachable */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStudents: {
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
                content: {
                    "application/json": components["schemas"]["StudentPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getStudent: {
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
            /** @description One student */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Student"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    withdrawStudent: {
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
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeStudent: {
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
                content: {
                    "application/json": components["schemas"]["Student"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the student has withdrawn */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStudentLessons: {
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
                content: {
                    "application/json": components["schemas"]["LessonPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listStudentPayments: {
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
            /** @description The student's payments, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such student, or not yours */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listTeachers: {
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
                content: {
                    "application/json": components["schemas"]["TeacherPage"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    registerTeacher: {
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
                content: {
                    "application/json": components["schemas"]["RegisteredTeacherResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description an account already uses this email, or a concurrent change (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeacher: {
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
            /** @description One teacher */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Teacher"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher, or not you */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeTeacherDetails: {
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
                "application/json": components["schemas"]["ChangeTeacherDetailsDto"];
            };
        };
        responses: {
            /** @description The teacher as now stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Teacher"];
                };
            };
            /** @description a value out of range (rate 30–200, maxStudents 1–50, known instruments) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description MAX_STUDENTS_BELOW_CURRENT (with currentStudents) or INSTRUMENT_IN_USE (with instrumentsInUse): the teacher's current students need it */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeacherDetailsProblem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeTeacherAvailability: {
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
                "application/json": components["schemas"]["ChangeAvailabilityDto"];
            };
        };
        responses: {
            /** @description The teacher with the new availability */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Teacher"];
                };
            };
            /** @description a field is malformed, or windows overlap or are not HH:MM */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher, or not you */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description LESSONS_OUTSIDE_NEW_AVAILABILITY: booked lessons fall outside the new hours (strandedLessons lists them; send strandedLessons "cancel" or "keep" to go on) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StrandedLessonsProblem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deactivateTeacher: {
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
                "application/json": components["schemas"]["DeactivateTeacherDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeacherHandoverDto"];
                };
            };
            /** @description a malformed id or reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getTeacherHandover: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeacherHandoverDto"];
                };
            };
            /** @description a malformed id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reactivateTeacher: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Teacher"];
                };
            };
            /** @description a malformed id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no such teacher */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the current state does not allow it, or someone else changed it at the same moment (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createUser: {
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
            /** @description the account */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedUserResponse"];
                };
            };
            /** @description a field is missing or malformed (one message per field), or a value the rules read as invalid */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description no bearer token, or it is invalid, expired or its sign-in has ended */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description your role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description an account with this email already exists, or a concurrent change (try again) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description the event store is not reachable right now; Retry-After says when to try again */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listWorkflows: {
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
                content: {
                    "application/json": components["schemas"]["WorkflowsResponse"];
                };
            };
        };
    };
    getHealth: {
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
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
            /** @description Not ready; the body says which part is down (not a Problem: the same body as when ready) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
        };
    };
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the process serves HTTP (does not check the database; see GET /health) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiveResponse"];
                };
            };
        };
    };
    getMetrics: {
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
                content: {
                    "text/plain": string;
                };
            };
            /** @description METRICS_TOKEN is set and the request does not carry it (a sign-in token does not do) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
            /** @description METRICS_TOKEN is not set: metrics are served on METRICS_PORT only, if at all */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
