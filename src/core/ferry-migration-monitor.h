/* ferry-migration-monitor.h: the migrations of every connected environment, and the work on them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One FerryMigrationMonitor per application (FerryApplication owns it);
 * windows, views and the command line bind to it. Given the environment
 * list (a GListModel of FerryEnvironment) and the application's GSettings
 * (nullable: remember nothing), it keeps:
 *
 * - Every migration of the connected environments in ONE list model
 *   (ferry_migration_monitor_get_migrations(), a FerryMigrationList). When
 *   an environment connects, GET /api/migrations is read page by page
 *   (FerryPager) and the records are fed to the list in batches from an idle
 *   handler, so the first rows show after the first page; when it
 *   disconnects, its records leave. A listing that fails is kept per
 *   environment (ferry_migration_monitor_get_listing()).
 *
 * - Polling: the records of migrations a server works on (package creating,
 *   import importing, undo undoing) that no job drives are read again on the
 *   connection that holds the work, every 1 s doubling to 10 s while nothing
 *   changes (the interval resets when a poll sees a change).
 *
 * - Jobs: one job per migration id. ferry_migration_monitor_run_job() runs a
 *   job with the monitor's own cancellable and keeps it alive (a job already
 *   running is only watched); the job's records go into the list. "job-started"
 *   and "job-finished" are emitted once per job.
 *
 * - Resume ("auto-resume", default TRUE): the ids of migrations started
 *   from this computer are kept in the "unfinished-migrations" key (added
 *   when a job learns its id, removed when it succeeds or fails, kept when it
 *   is cancelled). Once every connected environment has been listed, such a
 *   migration that is not at its end is driven on by a new job (resume or
 *   undo) when its environments are connected. Migrations started elsewhere
 *   are only polled, never driven.
 *
 * - The calls the views make: request / approve / reject the import
 *   (PATCH), start an import, an undo or a deletion, read a migration's
 *   tocView (cached).
 *
 * Dispose cancels everything it runs (its jobs, listings, polls); jobs it
 * only watches (watch_job(), or run_job() of a running job) are let go.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-environment.h"
#include "ferry-job.h"
#include "ferry-library-api.h"
#include "ferry-migration-list.h"

G_BEGIN_DECLS

/**
 * FerryMigrationMonitorListing:
 * @connected: the environment is connected (its records are in the list)
 * @listing: a listing is under way
 * @listed: a listing ended (well or not) since it connected
 * @n_listed: records read by the listing under way
 * @total: the server's count for the listing under way, or -1
 * @error: (nullable): why the last listing failed
 *
 * Where the listing of one environment is.
 */
typedef struct
{
  gboolean      connected;
  gboolean      listing;
  gboolean      listed;
  guint         n_listed;
  gint64        total;
  const GError *error;
} FerryMigrationMonitorListing;

#define FERRY_TYPE_MIGRATION_MONITOR (ferry_migration_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationMonitor, ferry_migration_monitor, FERRY, MIGRATION_MONITOR, GObject)

/* ENVIRONMENTS: a GListModel of FerryEnvironment; SETTINGS: nullable, with
 * the "unfinished-migrations" key. */
FerryMigrationMonitor *ferry_migration_monitor_new              (GListModel            *environments,
                                                                 GSettings             *settings) G_GNUC_WARN_UNUSED_RESULT;

GListModel         *ferry_migration_monitor_get_environments    (FerryMigrationMonitor *self);
/* Every migration of the connected environments (unfiltered). */
FerryMigrationList *ferry_migration_monitor_get_migrations      (FerryMigrationMonitor *self);
/* Property "n-running": migrations in progress (a server works on them, or
 * a job does). */
guint               ferry_migration_monitor_get_n_running       (FerryMigrationMonitor *self);
/* Requests waiting for an approver (ferry_migration_op_waiting_for_approval()
 * of the rows), kept up to date as records come in. */
guint               ferry_migration_monitor_get_n_waiting       (FerryMigrationMonitor *self);
/* Property "loading": an environment is being listed. */
gboolean            ferry_migration_monitor_get_loading         (FerryMigrationMonitor *self);
/* Property "auto-resume" (default TRUE). */
gboolean            ferry_migration_monitor_get_auto_resume     (FerryMigrationMonitor *self);
void                ferry_migration_monitor_set_auto_resume     (FerryMigrationMonitor *self,
                                                                 gboolean               auto_resume);

/* Where ENVIRONMENT's listing is (FALSE: not in the list). A way to read
 * "environment X could not be listed: message". */
gboolean            ferry_migration_monitor_get_listing         (FerryMigrationMonitor *self,
                                                                 FerryEnvironment      *environment,
                                                                 FerryMigrationMonitorListing *listing);
/* Every connected environment has been listed once. */
gboolean            ferry_migration_monitor_get_listed          (FerryMigrationMonitor *self);
/* The environments' names by key (ferry_migrations_environment_key()
 * of their base URL); borrowed. */
GHashTable         *ferry_migration_monitor_get_environment_names (FerryMigrationMonitor *self);
/* The connection to MIGRATION's source (target) environment while it is
 * connected, or NULL. */
FerryConnection    *ferry_migration_monitor_get_source          (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);
FerryConnection    *ferry_migration_monitor_get_target          (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);

/* Lists every connected environment again (and polls at once). */
void                ferry_migration_monitor_refresh             (FerryMigrationMonitor *self);

/* Runs JOB with the monitor's cancellable (a READY job), or watches it (a
 * RUNNING one), and keeps it alive until it ends. A job whose migration
 * already has one is left alone: get_job() gives the one that runs. */
void                ferry_migration_monitor_run_job             (FerryMigrationMonitor *self,
                                                                 FerryJob              *job);
/* Watches JOB (READY or RUNNING) without running it: whoever started it
 * runs it (and the monitor never cancels it). */
void                ferry_migration_monitor_watch_job           (FerryMigrationMonitor *self,
                                                                 FerryJob              *job);
/* The job running on MIGRATION_ID, or NULL. */
FerryJob           *ferry_migration_monitor_get_job             (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);
/* Counts MIGRATION_ID as started from this computer (auto-resume drives it). */
void                ferry_migration_monitor_take_over           (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);
/* Whether MIGRATION_ID is counted as started from this computer. */
gboolean            ferry_migration_monitor_is_own              (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);

/* New jobs on MIGRATION, run as run_job() does; NULL when an environment
 * it needs is not connected. Borrowed (the monitor keeps it). */
FerryJob           *ferry_migration_monitor_start_import        (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);
FerryJob           *ferry_migration_monitor_start_undo          (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);
FerryJob           *ferry_migration_monitor_start_delete        (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);

/* PATCH importInfo.importRequestStatus on MIGRATION's source (requested,
 * approved or rejected); the answer goes into the list. */
void                ferry_migration_monitor_set_import_request_async  (FerryMigrationMonitor *self,
                                                                       FerryMigration        *migration,
                                                                       FerryRequestStatus     status,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
gboolean            ferry_migration_monitor_set_import_request_finish (FerryMigrationMonitor *self,
                                                                       GAsyncResult          *result,
                                                                       GError               **error);
/* PATCH importInfo.undoRequestStatus on MIGRATION's target (requested,
 * approved or rejected; with the target project header). An approved undo
 * starts on the server ("undoing"), which the monitor then polls; the answer
 * goes into the list. */
void                ferry_migration_monitor_set_undo_request_async    (FerryMigrationMonitor *self,
                                                                       FerryMigration        *migration,
                                                                       FerryRequestStatus     status,
                                                                       GCancellable          *cancellable,
                                                                       GAsyncReadyCallback    callback,
                                                                       gpointer               user_data);
gboolean            ferry_migration_monitor_set_undo_request_finish   (FerryMigrationMonitor *self,
                                                                       GAsyncResult          *result,
                                                                       GError               **error);
/* A PATCH on MIGRATION_ID is under way. */
gboolean            ferry_migration_monitor_get_updating        (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);
/* Why the last job or PATCH on MIGRATION_ID failed (cleared by a success). */
const GError       *ferry_migration_monitor_get_last_error      (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);

/* MIGRATION's packageInfo.tocView as read (from a record or a fetch), or
 * NULL; borrowed. */
JsonObject         *ferry_migration_monitor_get_toc_view        (FerryMigrationMonitor *self,
                                                                 const char            *migration_id);
/* Reads MIGRATION with its content (once: the answer, or the error, is
 * kept). "changed" is emitted when it arrives. */
void                ferry_migration_monitor_fetch_toc_view      (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);
/* TRUE while the fetch is under way; *ERROR_MESSAGE (nullable) gets why it
 * failed, or NULL. */
gboolean            ferry_migration_monitor_get_toc_view_fetching (FerryMigrationMonitor *self,
                                                                   const char            *migration_id,
                                                                   const char           **error_message);

/* For tests and benchmarks: the listing's page size (default 1000) and the
 * polling interval bounds (default 1000–10000 ms); the interval the
 * poller waits now (0 when it is idle). */
void                ferry_migration_monitor_set_page_size       (FerryMigrationMonitor *self,
                                                                 guint                  page_size);
void                ferry_migration_monitor_set_poll_interval   (FerryMigrationMonitor *self,
                                                                 guint                  min_ms,
                                                                 guint                  max_ms);
guint               ferry_migration_monitor_get_poll_interval   (FerryMigrationMonitor *self);

/*
 * Signals:
 *   "changed" ()                    records, jobs or listings changed (once
 *                                   per main-loop turn at most)
 *   "job-started" (FerryJob *job)   a job on a migration is run or watched
 *   "job-changed" (FerryJob *job)   its step or progress moved
 *   "job-finished" (FerryJob *job)  it ended (once per job; CANCELLED too)
 *   "names-changed" ()              an environment was added, removed or
 *                                   renamed (get_environment_names())
 */

/* --- Validation, package files, certification (issue 12) ------------------ */

/* Runs a FerryValidationJob on MIGRATION (its package "created" on the
 * source) against its target environment and project; NULL when either
 * environment is not connected or a job already runs on it. The job is
 * the monitor's (transfer none). */
FerryJob           *ferry_migration_monitor_start_validation    (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration);
/* Imports the package FILE into ENVIRONMENT's project PROJECT_ID (NULL for
 * a configuration package) with a FerryFileImportJob, run as run_job()
 * does: the migration counts as this computer's once the server gives its
 * id. NULL when ENVIRONMENT is not connected. (transfer none) */
FerryJob           *ferry_migration_monitor_import_file         (FerryMigrationMonitor *self,
                                                                 GFile                 *file,
                                                                 FerryEnvironment      *environment,
                                                                 const char            *project_id,
                                                                 const char            *project_name);
/* PATCH …/packageInfo/certification on MIGRATION's source (or, for a
 * migration that exists on its target only, the target) with STATUS, then
 * reads the record again; "updating" and the last error as for
 * set_import_request. */
void                ferry_migration_monitor_set_certification   (FerryMigrationMonitor *self,
                                                                 FerryMigration        *migration,
                                                                 FerryCertificationStatus status,
                                                                 GCancellable          *cancellable,
                                                                 GAsyncReadyCallback    callback,
                                                                 gpointer               user_data);
gboolean            ferry_migration_monitor_set_certification_finish (FerryMigrationMonitor *self,
                                                                 GAsyncResult          *result,
                                                                 GError               **error);

G_END_DECLS
