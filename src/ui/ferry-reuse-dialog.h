/* ferry-reuse-dialog.h: a migration's package sent to another environment
 * or project (api.md §5.2 F)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal window: the package (the migration's name, its source), the new
 * target environment (one of the monitor's; connected when chosen if it is
 * not) and project (none for a configuration package), what Send does in
 * one sentence, Send / Cancel. Send builds ferry_migration_job_new_reuse()
 * (request-only when the signed-in user of the source may not apply
 * packages, from GET /api/sessions/privileges), hands it to
 * ferry_migration_monitor_run_job(), says so with "job-started" and
 * closes. The dialog keeps nothing but widgets and the migration it was
 * opened for; its own calls are cancelled when it closes.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_REUSE_DIALOG (ferry_reuse_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryReuseDialog, ferry_reuse_dialog, FERRY, REUSE_DIALOG, AdwWindow)

/* MIGRATION's package, to one of MONITOR's environments; transient for
 * PARENT. */
FerryReuseDialog *ferry_reuse_dialog_new           (GtkWindow             *parent,
                                                    FerryMigrationMonitor *monitor,
                                                    FerryMigration        *migration) G_GNUC_WARN_UNUSED_RESULT;
FerryMigration *ferry_reuse_dialog_get_migration   (FerryReuseDialog      *self);
/* Chooses the environment named NAME and, unless NULL, the project with
 * id PROJECT_ID once it is listed. FALSE when no environment has that
 * name. */
gboolean    ferry_reuse_dialog_select              (FerryReuseDialog      *self,
                                                    const char            *environment_name,
                                                    const char            *project_id);
/* Send is possible now. */
gboolean    ferry_reuse_dialog_get_can_send        (FerryReuseDialog      *self);
/* Send only requests the import (the user may not apply packages). */
gboolean    ferry_reuse_dialog_get_request_only    (FerryReuseDialog      *self);
/* The sentence that says what Send does, or why it cannot yet. */
const char *ferry_reuse_dialog_get_summary         (FerryReuseDialog      *self);
/* For tests: the Send button. */
GtkWidget  *ferry_reuse_dialog_get_send_button     (FerryReuseDialog      *self);

/*
 * Signals:
 *   "job-started" (FerryJob *job)   Send started JOB (the monitor runs it)
 */

G_END_DECLS
