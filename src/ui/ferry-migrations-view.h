/* ferry-migrations-view.h: the Migrations page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every migration of the connected environments in one live list: a
 * GtkColumnView (name, purpose, package type, source → target, package
 * status, import status, progress, creator, created, last updated) over a
 * FerryMigrationList, filtered by status, purpose and a search on the name,
 * sortable by any column, with the selected migration's details and actions
 * in a panel on the right (an AdwFlap: it folds over the list in a narrow
 * window; narrower than 720 px the list keeps only the name, import and
 * progress columns).
 *
 * The work is a FerryMigrationMonitor's ("monitor": the application's,
 * shared by its windows): when an environment connects, its migrations
 * are listed page by page in the background (the first rows show as soon
 * as the first page is in); when it disconnects, its records leave the
 * list. Listing failures are shown per environment with a Retry button.
 *
 * Live: the monitor reads again the records of migrations the servers are
 * working on, with back-off; the whole list is read again on demand (F5,
 * the refresh button) and when the window becomes active again. Jobs show
 * their progress in their rows: those the view's actions start (import,
 * undo, delete), those the monitor resumes after a restart (migrations
 * started from this computer, "auto-resume"), and those started elsewhere
 * and handed to the monitor (ferry_migration_monitor_run_job(), or
 * ferry_migrations_view_watch_job()). Migrations started elsewhere are
 * never driven on: while the servers work on them they are only read
 * again.
 *
 * Actions (installed on the class; the details' buttons and the rows'
 * context menu use them):
 *   migration.request-import, migration.approve, migration.import,
 *   migration.undo, migration.delete (each asks first where it changes
 *   something: undo and delete), migration.copy-id,
 *   migrations.refresh (F5), migrations.search (Ctrl+F),
 *   migrations.export (s: "csv" or "json"; a save dialog),
 *   migrations.clear-filters, migrations.close-details.
 * Disabled actions have their reason as the tooltip of their button.
 *
 * Results and errors are reported with the "toast" signal (a sentence),
 * and also shown in "toast-overlay" when one is set; so is the end of the
 * jobs its actions started. "job-finished" (FerryJob *job) is emitted when
 * a job of the monitor ends.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-migration-details.h"
#include "ferry-migrations-export.h"

G_BEGIN_DECLS

/* The list's columns, in order. */
typedef enum
{
  FERRY_MIGRATIONS_COLUMN_NAME,
  FERRY_MIGRATIONS_COLUMN_PURPOSE,
  FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE,
  FERRY_MIGRATIONS_COLUMN_ROUTE,           /* "Development → Production" (and the projects) */
  FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS,
  FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS,
  FERRY_MIGRATIONS_COLUMN_PROGRESS,        /* "45 %" while work runs, else empty */
  FERRY_MIGRATIONS_COLUMN_CREATOR,
  FERRY_MIGRATIONS_COLUMN_CREATED,
  FERRY_MIGRATIONS_COLUMN_LAST_UPDATED,
} FerryMigrationsColumn;

#define FERRY_MIGRATIONS_N_COLUMNS 10

/* The status filter's choices, in the order of its drop-down. */
typedef enum
{
  FERRY_MIGRATIONS_FILTER_ALL,
  FERRY_MIGRATIONS_FILTER_IN_PROGRESS,
  FERRY_MIGRATIONS_FILTER_WAITING,         /* import or undo requested, not approved nor rejected */
  FERRY_MIGRATIONS_FILTER_NOT_IMPORTED,    /* created or approved, import pending */
  FERRY_MIGRATIONS_FILTER_IMPORTED,
  FERRY_MIGRATIONS_FILTER_FAILED,
  FERRY_MIGRATIONS_FILTER_UNDONE,
} FerryMigrationsFilter;

#define FERRY_TYPE_MIGRATIONS_VIEW (ferry_migrations_view_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationsView, ferry_migrations_view, FERRY, MIGRATIONS_VIEW, AdwBin)

GtkWidget          *ferry_migrations_view_new               (void) G_GNUC_WARN_UNUSED_RESULT;

/* Property "monitor": the FerryMigrationMonitor whose migrations the view
 * shows and whose work its actions start (the application's). */
FerryMigrationMonitor *ferry_migrations_view_get_monitor    (FerryMigrationsView   *self);
void                ferry_migrations_view_set_monitor       (FerryMigrationsView   *self,
                                                             FerryMigrationMonitor *monitor);

/* Property "environments": a GListModel of FerryEnvironment (the
 * monitor's). Setting it gives the view a monitor of its own over that list
 * that remembers nothing (no GSettings): for tests and benchmarks. */
GListModel         *ferry_migrations_view_get_environments  (FerryMigrationsView *self);
void                ferry_migrations_view_set_environments  (FerryMigrationsView *self,
                                                             GListModel          *environments);

/* Property "n-running" (read-only): migrations in progress (package
 * creating, import importing, undo undoing, or a job running on them), for
 * the view switcher's badge. */
guint               ferry_migrations_view_get_n_running     (FerryMigrationsView *self);

/* Shows the progress of JOB (a migration, undo or delete job started
 * elsewhere, READY or RUNNING) in its migration's row, and keeps the row up
 * to date from every record the job reads: ferry_migration_monitor_watch_job()
 * on the view's monitor. Whoever started it runs it and reports its end. */
void                ferry_migrations_view_watch_job         (FerryMigrationsView *self,
                                                             FerryJob            *job);
/* Counts MIGRATION_ID as started from this computer: auto-resume drives
 * it on to its end like Ferry's own migrations. */
void                ferry_migrations_view_take_over         (FerryMigrationsView *self,
                                                             const char          *migration_id);
/* The job running on MIGRATION_ID that the view knows of, or NULL. */
FerryJob           *ferry_migrations_view_get_job           (FerryMigrationsView *self,
                                                             const char          *migration_id);

/* A job's end is reported once: whoever takes that on (an action of the
 * view, the window of an editor) sets this data on the job (non-NULL). */
#define FERRY_JOB_REPORTED_KEY "ferry-job-reported"

/* Says how JOB ended in a toast ("“X” was imported into Production"), as
 * the view does for the jobs its actions start. */
void                ferry_migrations_view_report_job        (FerryMigrationsView *self,
                                                             FerryJob            *job);

/* Lists every connected environment's migrations again. */
void                ferry_migrations_view_refresh           (FerryMigrationsView *self);
/* Saves MIGRATION_ID's package (UNDO: its undo package) into FILE,
 * streamed, its progress in a toast (as Download Package… does after its
 * file chooser). */
gboolean            ferry_migrations_view_download_package  (FerryMigrationsView *self,
                                                             const char          *migration_id,
                                                             gboolean             undo,
                                                             GFile               *file);

/* Property "toast-overlay" (nullable). */
AdwToastOverlay    *ferry_migrations_view_get_toast_overlay (FerryMigrationsView *self);
void                ferry_migrations_view_set_toast_overlay (FerryMigrationsView *self,
                                                             AdwToastOverlay     *overlay);

/* Property "auto-resume" (default TRUE): the monitor's (see above); FALSE
 * only reads the records of migrations in progress. */
gboolean            ferry_migrations_view_get_auto_resume   (FerryMigrationsView *self);
void                ferry_migrations_view_set_auto_resume   (FerryMigrationsView *self,
                                                             gboolean             auto_resume);

/* Property "loading" (read-only): an environment's list is being read. */
gboolean            ferry_migrations_view_get_loading       (FerryMigrationsView *self);

/* Every migration (all environments, unfiltered). */
FerryMigrationList *ferry_migrations_view_get_migrations    (FerryMigrationsView *self);
/* The rows as shown: filtered and sorted (a GtkSingleSelection of
 * FerryMigration). */
GListModel         *ferry_migrations_view_get_shown         (FerryMigrationsView *self);

/* Property "selected-migration" (nullable). */
FerryMigration     *ferry_migrations_view_get_selected      (FerryMigrationsView *self);
/* Selects the row of MIGRATION_ID (FALSE when it is not shown); NULL
 * unselects. */
gboolean            ferry_migrations_view_select            (FerryMigrationsView *self,
                                                             const char          *migration_id);

/* Whether MIGRATION_ID's row is selected and its details open. */
gboolean            ferry_migrations_view_shows_details     (FerryMigrationsView *self,
                                                             const char          *migration_id);

/* Selects MIGRATION_ID's row, scrolls to it and opens its details (the
 * window's "win.show-migrations"). A migration not listed yet is shown when
 * its row arrives (the list is read again if no listing is under way);
 * filters that hide it are cleared. */
void                ferry_migrations_view_show_migration    (FerryMigrationsView *self,
                                                             const char          *migration_id);

/* The filters (the drop-downs and the search entry follow). */
void                ferry_migrations_view_set_status_filter (FerryMigrationsView *self,
                                                             FerryMigrationsFilter filter);
void                ferry_migrations_view_set_purpose_filter (FerryMigrationsView *self,
                                                              const char          *purpose);
void                ferry_migrations_view_set_search_text   (FerryMigrationsView *self,
                                                             const char          *text);

/* The text COLUMN shows for MIGRATION (what the cell displays; the route
 * column's two lines are joined with a line break). */
char               *ferry_migrations_view_dup_cell_text     (FerryMigrationsView *self,
                                                             FerryMigration      *migration,
                                                             FerryMigrationsColumn column) G_GNUC_WARN_UNUSED_RESULT;

/* The environment names as the view knows them (key → name, see
 * ferry_migrations_environment_key()); borrowed. */
GHashTable         *ferry_migrations_view_get_environment_names (FerryMigrationsView *self);

/* Writes the rows shown (the current filter, in the current order) to FILE
 * in FORMAT, as migrations.export does after its save dialog. */
void                ferry_migrations_view_export_async      (FerryMigrationsView *self,
                                                             FerryExportFormat    format,
                                                             GFile               *file,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
/* The number of rows written, or -1 with ERROR set. */
gssize              ferry_migrations_view_export_finish     (FerryMigrationsView *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);

G_END_DECLS
