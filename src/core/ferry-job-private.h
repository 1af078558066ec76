/* ferry-job-private.h: what the job workflows share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-job.c holds the GObject, the run/cancel/finish machinery and the
 * polling; ferry-job-migration.c (merge, object migration, resume, undo,
 * delete) and ferry-job-package.c (package creation and import) drive their
 * steps through the helpers below.
 *
 * Every asynchronous call a workflow makes passes a new reference to the job
 * as user data and starts its callback with
 *
 *   g_autoptr(FerryJob) self = user_data;
 *   if (!_ferry_job_is_running (self)) return;
 *
 * so an answer arriving after the job finished (cancelled) is ignored.
 */

#pragma once

#include "ferry-job.h"
#include "ferry-json.h"

G_BEGIN_DECLS

struct _FerryJob
{
  GObject            parent_instance;

  FerryJobKind       kind;
  FerryJobState      state;
  FerryJobStep       step;
  double             progress;
  GError            *error;
  char              *warning;
  char              *migration_id;
  FerryMigration    *migration;
  FerryConnection   *source;
  FerryConnection   *target;

  /* While running */
  GTask             *task;
  GMainContext      *context;
  GCancellable      *cancellable;       /* ours: every call uses it */
  GCancellable      *caller_cancellable;
  gulong             caller_handler;
  gulong             cancel_handler;
  GSource           *wait_source;       /* the pending poll */
  FerryPollSchedule  schedule;
  guint              poll_min_ms;
  guint              poll_max_ms;
  guint              answered_failures; /* consecutive transient errors a server answered */
  guint              resyncs;
  gboolean           holding_source;
  gboolean           holding_target;

  /* Migrations */
  int                phase;
  JsonNode          *create_body;
  char              *source_project_id;
  char              *target_project_id;
  gboolean           generate_undo;
  gboolean           create_retried;
  JsonObject        *full_record;
  gboolean           source_known;
  gboolean           target_known;
  JsonObject        *source_record;
  JsonObject        *target_record;

  /* Packages */
  JsonNode          *definition;
  char              *project_id;
  GFile             *file;
  GFile             *undo_file;
  char              *holder_id;
  char              *import_id;
};

/* Set up by the constructors. */
FerryJob *_ferry_job_new                (FerryJobKind     kind,
                                         FerryConnection *source,
                                         FerryConnection *target);

/* Entry points of the workflows (called once by run). */
void      _ferry_job_migration_start    (FerryJob        *self);
void      _ferry_job_undo_start         (FerryJob        *self);
void      _ferry_job_delete_start       (FerryJob        *self);
void      _ferry_job_package_create_start (FerryJob      *self);
void      _ferry_job_package_import_start (FerryJob      *self);
/* Best-effort clean-up after a failure or a cancel (package holders). */
void      _ferry_job_package_abandon    (FerryJob        *self);

gboolean  _ferry_job_is_running         (FerryJob        *self);
void      _ferry_job_set_step           (FerryJob        *self,
                                         FerryJobStep     step);
/* Progress of the job as a whole (0–1); never goes backwards while running. */
void      _ferry_job_set_progress       (FerryJob        *self,
                                         double           progress);
/* Progress within [FROM, TO] by a server percentage (0–100). */
void      _ferry_job_set_progress_in    (FerryJob        *self,
                                         double           from,
                                         double           to,
                                         double           percent);
void      _ferry_job_set_warning        (FerryJob        *self,
                                         const char      *warning);
void      _ferry_job_set_migration_id   (FerryJob        *self,
                                         const char      *migration_id);
/* Applies a record read from CONNECTION to the job's FerryMigration. */
void      _ferry_job_take_record        (FerryJob        *self,
                                         FerryConnection *connection,
                                         JsonObject      *record,
                                         gboolean         from_target);

void      _ferry_job_succeed            (FerryJob        *self);
/* Takes ERROR. A cancelled error while our cancellable is cancelled ends
 * the job "cancelled". */
void      _ferry_job_fail               (FerryJob        *self,
                                         GError          *error);
void      _ferry_job_fail_literal       (FerryJob        *self,
                                         FerryJobError    code,
                                         const char      *message);

/* Calls FUNC once the polling schedule says so. PROGRESS is what the last
 * poll saw (0–100, negative when unknown). Resets the schedule first when
 * RESTART. */
void      _ferry_job_poll_later         (FerryJob        *self,
                                         gboolean         restart,
                                         double           progress,
                                         void           (*func) (FerryJob *self));
/* A read (poll) failed with ERROR (borrowed): retries with FUNC later when
 * the failure is transient, else fails the job. */
void      _ferry_job_read_failed        (FerryJob        *self,
                                         const GError    *error,
                                         void           (*func) (FerryJob *self));
/* A read succeeded: clears the warning and the failure count. */
void      _ferry_job_read_succeeded     (FerryJob        *self);
/* The record a poll (ferry_library_*_async) answered, or NULL when the job
 * should not go on with it: the job stopped meanwhile, the record is gone
 * (404: the job fails) or the read failed (retried with RETRY later, or
 * the job fails). Counts as a read that succeeded otherwise. */
JsonObject *_ferry_job_finish_read      (FerryJob        *self,
                                         GAsyncResult    *result,
                                         void           (*retry) (FerryJob *self));
/* TRUE when ERROR says the server did not do the request (expired
 * session) or may not have (transport failure, 5xx): the state must be
 * read again before going on. */
gboolean  _ferry_job_should_resync      (FerryJob        *self,
                                         const GError    *error);
gboolean  _ferry_job_is_cancelled_error (FerryJob        *self,
                                         const GError    *error);

G_END_DECLS
