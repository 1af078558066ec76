/* ferry-job-private.h: what FerryJob gives its subclasses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-job.c holds the abstract GObject, the run/cancel/finish machinery
 * and the polling; each workflow is a final subclass in its own file
 * (ferry-migration-job.c, ferry-undo-job.c, ferry-delete-job.c,
 * ferry-package-create-job.c, ferry-package-import-job.c) that implements
 * FerryJobClass.start and drives its steps through these protected helpers.
 *
 * Every asynchronous call a workflow makes passes a new reference to the job
 * as user data and starts its callback with
 *
 *   g_autoptr(FerryJob) job = user_data;
 *   if (!_ferry_job_finish_step (job, result)) return;
 *
 * (or another _ferry_job_finish_*()), so an answer arriving after the job
 * finished (cancelled) is ignored and a failed call fails the job.
 */

#pragma once

#include "ferry-job.h"
#include "ferry-json.h"

G_BEGIN_DECLS

/* A step of a workflow, e.g. what to do when the next poll is due. */
typedef void (*FerryJobFunc) (FerryJob *job);

/* Set by the subclasses' constructors, before the job runs. */
void          _ferry_job_set_connections     (FerryJob        *self,
                                              FerryConnection *source,
                                              FerryConnection *target);

/* The job's own cancellable while it runs: every call passes it. */
GCancellable *_ferry_job_get_cancellable     (FerryJob        *self);

gboolean      _ferry_job_is_running          (FerryJob        *self);
void          _ferry_job_set_step            (FerryJob        *self,
                                              FerryJobStep     step);
/* Progress of the job as a whole (0–1); never goes backwards while running. */
void          _ferry_job_set_progress        (FerryJob        *self,
                                              double           progress);
/* Progress within [FROM, TO] by a server percentage (0–100). */
void          _ferry_job_set_progress_in     (FerryJob        *self,
                                              double           from,
                                              double           to,
                                              double           percent);
void          _ferry_job_set_warning         (FerryJob        *self,
                                              const char      *warning);
/* Also makes the job's FerryMigration when it has none yet. */
void          _ferry_job_set_migration_id    (FerryJob        *self,
                                              const char      *migration_id);
/* Applies a record read from CONNECTION to the job's FerryMigration and
 * emits "record-received". */
void          _ferry_job_take_record         (FerryJob        *self,
                                              FerryConnection *connection,
                                              JsonObject      *record,
                                              gboolean         from_target);

void          _ferry_job_succeed             (FerryJob        *self);
/* Takes ERROR. A cancelled error while our cancellable is cancelled ends
 * the job "cancelled". */
void          _ferry_job_fail                (FerryJob        *self,
                                              GError          *error);
void          _ferry_job_fail_literal        (FerryJob        *self,
                                              FerryJobError    code,
                                              const char      *message);
/* Fails with CODE and the server's message at PATH in RECORD
 * ("packageInfo.message", "message", …), or FALLBACK when it has none. */
void          _ferry_job_fail_with_message   (FerryJob        *self,
                                              FerryJobError    code,
                                              JsonObject      *record,
                                              const char      *path,
                                              const char      *fallback);
/* TRUE when ID is a non-empty id; else fails the job ("The server did not
 * say the id of the WHAT"). */
gboolean      _ferry_job_require_id          (FerryJob        *self,
                                              const char      *id,
                                              const char      *what);

/* The answer of a call that does one step (ferry_library_finish()): FALSE
 * when the job does not go on, because it stopped meanwhile or the call
 * failed (then the job fails with the call's error). */
gboolean      _ferry_job_finish_step         (FerryJob        *self,
                                              GAsyncResult    *result);
/* The same for a call that answers an object (ferry_library_finish_object()):
 * the object, or NULL when the job does not go on. */
JsonObject   *_ferry_job_finish_step_object  (FerryJob        *self,
                                              GAsyncResult    *result);
/* The same for a request that starts work on a server: when it may not have
 * been done (_ferry_job_should_resync()), RESYNC is called to read the
 * state again instead of failing. */
JsonObject   *_ferry_job_finish_work         (FerryJob        *self,
                                              GAsyncResult    *result,
                                              FerryJobFunc     resync);

/* Calls FUNC once the polling schedule says so. PROGRESS is what the last
 * poll saw (0–100, negative when unknown). Resets the schedule first when
 * RESTART. */
void          _ferry_job_poll_later          (FerryJob        *self,
                                              gboolean         restart,
                                              double           progress,
                                              FerryJobFunc     func);
/* A read (poll) failed with ERROR (borrowed): retries with FUNC later when
 * the failure is transient, else fails the job. */
void          _ferry_job_read_failed         (FerryJob        *self,
                                              const GError    *error,
                                              FerryJobFunc     func);
/* A read succeeded: clears the warning and the failure count. */
void          _ferry_job_read_succeeded      (FerryJob        *self);
/* The record a poll (ferry_library_*_async) answered, or NULL when the job
 * should not go on with it: the job stopped meanwhile, the record is gone
 * (404: the job fails) or the read failed (retried with RETRY later, or
 * the job fails). Counts as a read that succeeded otherwise. */
JsonObject   *_ferry_job_finish_read         (FerryJob        *self,
                                              GAsyncResult    *result,
                                              FerryJobFunc     retry);
/* TRUE when ERROR says the server did not do the request (expired
 * session) or may not have (transport failure, 5xx): the state must be
 * read again before going on. Bounded by the reads again counted with
 * _ferry_job_count_resync(). */
gboolean      _ferry_job_should_resync       (FerryJob        *self,
                                              const GError    *error);
/* The state is being read again. */
void          _ferry_job_count_resync        (FerryJob        *self);
gboolean      _ferry_job_is_cancelled_error  (FerryJob        *self,
                                              const GError    *error);

G_END_DECLS
