/* ferry-migration-run-bar.h: the progress of the editor's last job
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Under the migration editor's pages: hidden until a job starts, then its
 * step (with the retry warning while the job retries), the bar and the
 * percentage, and once it ends what came of it; a failure shows the
 * message with Log In Again (editor.log-in) and Retry (editor.retry).
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_RUN_BAR (ferry_migration_run_bar_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationRunBar, ferry_migration_run_bar, FERRY, MIGRATION_RUN_BAR, AdwBin)

/* Follows JOB (NULL: hidden) from now on: step, warning and progress. */
void      ferry_migration_run_bar_set_job        (FerryMigrationRunBar *self,
                                                  FerryJob             *job);
FerryJob *ferry_migration_run_bar_get_job        (FerryMigrationRunBar *self);
/* The job's step, warning and progress now. */
void      ferry_migration_run_bar_update         (FerryMigrationRunBar *self);
/* How the job ended: TEXT next to a check mark; LABEL with TEXT below and
 * Retry (and Log In Again when LOGIN); stopped watching. */
void      ferry_migration_run_bar_show_succeeded (FerryMigrationRunBar *self,
                                                  const char           *text);
void      ferry_migration_run_bar_show_failed    (FerryMigrationRunBar *self,
                                                  const char           *label,
                                                  const char           *text,
                                                  gboolean              login);
void      ferry_migration_run_bar_show_cancelled (FerryMigrationRunBar *self);

G_END_DECLS
