/* ferry-job.h: the migration workflows, run and watched
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryJob is one workflow of design.md as a small state machine over one
 * or two connections: a project merge or an object migration (create on the
 * source → wait for "created" → request → approve → read showContent=all →
 * PUT on the target with replicated → wait for "imported"), a package
 * created through /api/packages and saved to a file, a package file imported
 * with an undo package, the undo of a migration, its deletion on source and
 * target.
 *
 * While it runs it reports a step (with a label for people), a progress
 * (0–1) and, for migrations, a FerryMigration kept up to date from every
 * record it reads. It polls the servers starting fast and backing off (no
 * overall time limit: a large merge may take an hour), rides out transient
 * failures of its reads (proxy errors, dropped connections, a restarting
 * server), and stops promptly on cancel — which never undoes work the server
 * has started. It fails with the server's own error (FERRY_API_ERROR, with
 * the ticket id) or, when a record ends in a failed state, with
 * FERRY_JOB_ERROR and the server's message; the migration is left as the
 * server has it.
 *
 * FerryJob is abstract and knows none of its workflows: each is a final
 * subclass in its own file (FerryMigrationJob, FerryUndoJob, FerryDeleteJob,
 * FerryPackageCreateJob, FerryPackageImportJob) that implements the start
 * vfunc with the protected helpers of ferry-job-private.h.
 *
 * A migration job can also be made from a migration id alone
 * (ferry_migration_job_new_resume()): it reads both records and continues
 * from the right step, e.g. after the application or a server restarted.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"
#include "ferry-library-api.h"
#include "ferry-migration.h"

G_BEGIN_DECLS

#define FERRY_JOB_ERROR (ferry_job_error_quark ())

/**
 * FerryJobError:
 * @FERRY_JOB_ERROR_CREATE_FAILED: the package creation ended "create_failed"
 *   (or a package holder "FAILED"); the message is the server's
 * @FERRY_JOB_ERROR_IMPORT_FAILED: the import ended "import_failed" (or
 *   "FAILED"); the message is the server's
 * @FERRY_JOB_ERROR_UNDO_FAILED: the undo ended "undo_failed"
 * @FERRY_JOB_ERROR_NOT_FOUND: neither server knows the migration
 * @FERRY_JOB_ERROR_INVALID_STATE: the migration is in no state this job can
 *   go on from (e.g. undo of a migration that was never imported)
 * @FERRY_JOB_ERROR_VALIDATION_FAILED: the server-side validation ended
 *   "validation_failed"; the message is the server's
 */
typedef enum
{
  FERRY_JOB_ERROR_CREATE_FAILED,
  FERRY_JOB_ERROR_IMPORT_FAILED,
  FERRY_JOB_ERROR_UNDO_FAILED,
  FERRY_JOB_ERROR_NOT_FOUND,
  FERRY_JOB_ERROR_INVALID_STATE,
  FERRY_JOB_ERROR_VALIDATION_FAILED,
} FerryJobError;

GQuark ferry_job_error_quark (void);

typedef enum
{
  FERRY_JOB_STATE_READY,
  FERRY_JOB_STATE_RUNNING,
  FERRY_JOB_STATE_SUCCEEDED,
  FERRY_JOB_STATE_FAILED,
  FERRY_JOB_STATE_CANCELLED,
} FerryJobState;

typedef enum
{
  FERRY_JOB_STEP_NONE,
  FERRY_JOB_STEP_READING_STATE,
  FERRY_JOB_STEP_CREATING_PACKAGE,
  FERRY_JOB_STEP_REQUESTING_APPROVAL,
  FERRY_JOB_STEP_WAITING_FOR_APPROVAL,
  FERRY_JOB_STEP_READING_PACKAGE,
  FERRY_JOB_STEP_STARTING_IMPORT,
  FERRY_JOB_STEP_IMPORTING,
  FERRY_JOB_STEP_DOWNLOADING,
  FERRY_JOB_STEP_UPLOADING,
  FERRY_JOB_STEP_DOWNLOADING_UNDO,
  FERRY_JOB_STEP_REQUESTING_UNDO,
  FERRY_JOB_STEP_UNDOING,
  FERRY_JOB_STEP_DELETING,
  FERRY_JOB_STEP_CLEANING_UP,
  FERRY_JOB_STEP_HASHING,
  FERRY_JOB_STEP_VALIDATING,
  FERRY_JOB_STEP_DONE,
} FerryJobStep;

#define FERRY_TYPE_JOB_STATE (ferry_job_state_get_type ())
GType ferry_job_state_get_type (void) G_GNUC_CONST;
#define FERRY_TYPE_JOB_STEP (ferry_job_step_get_type ())
GType ferry_job_step_get_type (void) G_GNUC_CONST;

/* "Creating package", "Waiting for approval", "Importing", … */
const char *ferry_job_step_get_label (FerryJobStep step);

/* --- The polling schedule ---------------------------------------------------- */

/**
 * FerryPollSchedule:
 *
 * When to ask a server again about work in progress: first after
 * @min_ms, then twice as long each time nothing moved (up to @max_ms); while
 * the server reports progress, about half the time the rest of the work
 * should take at the pace seen, so the end is noticed soon after it happens.
 * Public so that a benchmark can replay the same schedule without a job.
 */
typedef struct
{
  guint   min_ms;
  guint   max_ms;
  guint   next_ms;
  double  last_progress;
  gint64  last_change_us;
} FerryPollSchedule;

void  ferry_poll_schedule_init  (FerryPollSchedule *schedule,
                                 guint              min_ms,
                                 guint              max_ms);
/* The delay before the next poll, given the PROGRESS (0–100, or a negative
 * value when the answer carries none) the last poll saw, at NOW_US
 * (g_get_monotonic_time()). */
guint ferry_poll_schedule_next  (FerryPollSchedule *schedule,
                                 double             progress,
                                 gint64             now_us);

/* --- Jobs ---------------------------------------------------------------------- */

#define FERRY_TYPE_JOB (ferry_job_get_type ())
G_DECLARE_DERIVABLE_TYPE (FerryJob, ferry_job, FERRY, JOB, GObject)

/**
 * FerryJobClass:
 * @start: begins the workflow; called once by ferry_job_run_async(), with
 *   the job running. It ends the job with _ferry_job_succeed() or
 *   _ferry_job_fail() (ferry-job-private.h), at once or later.
 * @abandon: (nullable): the job ended without success (failed or
 *   cancelled): best-effort clean-up of what it created on a server.
 *   Called before "finished".
 */
struct _FerryJobClass
{
  GObjectClass parent_class;

  void (*start)   (FerryJob *self);
  void (*abandon) (FerryJob *self);

  /*< private >*/
  gpointer padding[6];
};

/* The polling schedule's bounds (default 100 ms and 5 s). */
void            ferry_job_set_poll_interval    (FerryJob                 *self,
                                                guint                     min_ms,
                                                guint                     max_ms);

/* Runs the job once; "finished" is emitted before CALLBACK is called.
 * Cancelling CANCELLABLE is the same as ferry_job_cancel(). */
void            ferry_job_run_async            (FerryJob                 *self,
                                                GCancellable             *cancellable,
                                                GAsyncReadyCallback       callback,
                                                gpointer                  user_data);
gboolean        ferry_job_run_finish           (FerryJob                 *self,
                                                GAsyncResult             *result,
                                                GError                  **error);
/* Stops watching at once (state "cancelled"); work the server started goes
 * on there. */
void            ferry_job_cancel               (FerryJob                 *self);

FerryJobState   ferry_job_get_state            (FerryJob                 *self);
FerryJobStep    ferry_job_get_step             (FerryJob                 *self);
const char     *ferry_job_get_step_label       (FerryJob                 *self);
double          ferry_job_get_progress         (FerryJob                 *self);
/* The failure (state "failed"), or NULL. */
const GError   *ferry_job_get_error            (FerryJob                 *self);
/* While a read is being retried after a transient failure: what failed. */
const char     *ferry_job_get_warning          (FerryJob                 *self);
const char     *ferry_job_get_migration_id     (FerryJob                 *self);
/* The migration as the job last read it (migration jobs, undo, delete), or
 * NULL before its id is known. */
FerryMigration *ferry_job_get_migration        (FerryJob                 *self);
FerryConnection *ferry_job_get_source          (FerryJob                 *self);
FerryConnection *ferry_job_get_target          (FerryJob                 *self);

G_END_DECLS
