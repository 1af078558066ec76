/* ferry-import-file-dialog.h: a package file (.mmp) imported into a chosen
 * environment and project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal window: the file (name, size), the target environment (one of
 * the monitor's environments; connected when chosen if it is not), the
 * project (listed from that environment; none for a configuration
 * package), what will happen in one sentence, Import / Cancel. Import hands
 * the work to ferry_migration_monitor_import_file(), says so with
 * "job-started" (the window reports the job's end, with Undo) and closes.
 * The dialog keeps nothing but widgets; its own calls (connecting,
 * listing the projects) are cancelled when it closes.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_IMPORT_FILE_DIALOG (ferry_import_file_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FerryImportFileDialog, ferry_import_file_dialog, FERRY, IMPORT_FILE_DIALOG, AdwWindow)

/* FILE into one of MONITOR's environments; transient for PARENT. */
FerryImportFileDialog *ferry_import_file_dialog_new        (GtkWindow             *parent,
                                                            FerryMigrationMonitor *monitor,
                                                            GFile                 *file) G_GNUC_WARN_UNUSED_RESULT;
GFile      *ferry_import_file_dialog_get_file              (FerryImportFileDialog *self);
/* Chooses the environment named NAME and, unless NULL, the project with
 * id PROJECT_ID once it is listed (as the drop-downs do). FALSE when no
 * environment has that name. */
gboolean    ferry_import_file_dialog_select                (FerryImportFileDialog *self,
                                                            const char            *environment_name,
                                                            const char            *project_id);
/* Import is possible now (an environment connected, a project chosen or a
 * configuration package). */
gboolean    ferry_import_file_dialog_get_can_import        (FerryImportFileDialog *self);
/* The sentence that says what Import does, or why it cannot yet. */
const char *ferry_import_file_dialog_get_summary           (FerryImportFileDialog *self);
/* For tests: the Import button. */
GtkWidget  *ferry_import_file_dialog_get_import_button     (FerryImportFileDialog *self);

/*
 * Signals:
 *   "job-started" (FerryJob *job)   Import started JOB (the monitor runs it)
 */

G_END_DECLS
