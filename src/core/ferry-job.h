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
 * A migration job can also be made from a migration id alone
 * (ferry_job_resume_migration()): it reads both records and continues from
 * the right step, e.g. after the application or a server restarted.
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
 */
typedef enum
{
  FERRY_JOB_ERROR_CREATE_FAILED,
  FERRY_JOB_ERROR_IMPORT_FAILED,
  FERRY_JOB_ERROR_UNDO_FAILED,
  FERRY_JOB_ERROR_NOT_FOUND,
  FERRY_JOB_ERROR_INVALID_STATE,
} FerryJobError;

GQuark ferry_job_error_quark (void);

typedef enum
{
  FERRY_JOB_KIND_MIGRATION,
  FERRY_JOB_KIND_PACKAGE_CREATE,
  FERRY_JOB_KIND_PACKAGE_IMPORT,
  FERRY_JOB_KIND_UNDO,
  FERRY_JOB_KIND_DELETE,
} FerryJobKind;

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
  FERRY_JOB_STEP_DONE,
} FerryJobStep;

#define FERRY_TYPE_JOB_KIND (ferry_job_kind_get_type ())
GType ferry_job_kind_get_type (void) G_GNUC_CONST;
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
G_DECLARE_FINAL_TYPE (FerryJob, ferry_job, FERRY, JOB, GObject)

/* A project merge or an object migration (SPEC->purpose) from SOURCE to
 * TARGET. SPEC is copied; its environment ids default to the connections'. */
FerryJob       *ferry_job_new_migration        (FerryConnection          *source,
                                                FerryConnection          *target,
                                                const FerryMigrationSpec *spec);
/* Goes on with the migration MIGRATION_ID from wherever the servers have it:
 * created but not requested → request; approved → PUT if the target has no
 * record; import_failed → PUT again; importing → keep polling; imported →
 * done. */
FerryJob       *ferry_job_resume_migration     (FerryConnection          *source,
                                                FerryConnection          *target,
                                                const char               *migration_id);
/* A package of DEFINITION ({type, settings, content}, api.md §4.3) created
 * on CONNECTION in PROJECT_ID (NULL for configuration packages) and saved
 * to FILE; the package holder is deleted afterwards. */
FerryJob       *ferry_job_new_package_create   (FerryConnection          *connection,
                                                const char               *project_id,
                                                JsonNode                 *definition,
                                                GFile                    *file);
/* The package FILE imported on CONNECTION into PROJECT_ID (NULL for
 * configuration packages); with GENERATE_UNDO and UNDO_FILE set, the undo
 * package is saved there. Holder and import process are deleted afterwards. */
FerryJob       *ferry_job_new_package_import   (FerryConnection          *connection,
                                                const char               *project_id,
                                                GFile                    *file,
                                                gboolean                  generate_undo,
                                                GFile                    *undo_file);
/* Undo of MIGRATION_ID on its TARGET; TARGET_PROJECT_ID NULL: the project
 * of the target's record. */
FerryJob       *ferry_job_new_undo             (FerryConnection          *target,
                                                const char               *migration_id,
                                                const char               *target_project_id);
/* Deletes MIGRATION_ID on SOURCE, then on TARGET (either may be NULL); a
 * side where it is already gone counts as deleted. */
FerryJob       *ferry_job_new_delete           (FerryConnection          *source,
                                                FerryConnection          *target,
                                                const char               *migration_id);

/* For migration jobs (default TRUE). */
void            ferry_job_set_generate_undo    (FerryJob                 *self,
                                                gboolean                  generate_undo);
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

FerryJobKind    ferry_job_get_kind             (FerryJob                 *self);
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
/* Package import: the id of the import process (while it exists). */
const char     *ferry_job_get_import_id        (FerryJob                 *self);

G_END_DECLS
