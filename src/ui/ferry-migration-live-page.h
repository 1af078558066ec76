/* ferry-migration-live-page.h: the migration editor's page once Run was pressed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens to the migration the editor started, said in words and
 * nothing else (no preview, no rules): while a job runs, "Importing into
 * Production…" with its step and progress; then the result in the past
 * tense ("Imported into Production", "12 objects updated, 3 added"), or
 * what failed; the same for an undo ("Undoing…", then "Undone: Production
 * is back as it was"). A request-only import ends "Import Requested":
 * an administrator of the target approves it. An edit of a created package
 * (FerryPackageEditJob) reads "Updating the Package…", then "Package
 * Updated" (TARGET_NAME is then the source, where the package is). The jobs are the monitor's (core); the page only
 * shows the one it is given and follows its state, step and progress.
 *
 * The buttons (Undo, Show in Migrations, Done, Retry) are the editor's,
 * in its action bar.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_LIVE_STATE_NONE,
  FERRY_LIVE_STATE_IMPORTING,
  FERRY_LIVE_STATE_IMPORTED,
  FERRY_LIVE_STATE_FAILED,
  FERRY_LIVE_STATE_STOPPED,
  FERRY_LIVE_STATE_UNDOING,
  FERRY_LIVE_STATE_UNDONE,
  FERRY_LIVE_STATE_UNDO_FAILED,
  FERRY_LIVE_STATE_REQUESTED,   /* a request-only job: an administrator approves it */
  FERRY_LIVE_STATE_UPDATING,    /* a FerryPackageEditJob: the package is created anew */
  FERRY_LIVE_STATE_UPDATED,
  FERRY_LIVE_STATE_UPDATE_FAILED,
} FerryLiveState;

#define FERRY_TYPE_MIGRATION_LIVE_PAGE (ferry_migration_live_page_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationLivePage, ferry_migration_live_page, FERRY, MIGRATION_LIVE_PAGE, AdwBin)

/* JOB: the migration's import (a FerryMigrationJob), its undo (a
 * FerryUndoJob) or an edit of its package (a FerryPackageEditJob). TARGET_NAME names the target environment ("Production"),
 * NAME the migration, SUMMARY (nullable) what the import did, in the past
 * tense ("12 objects updated, 3 added"), shown once it succeeded. Emits
 * "changed" when the state moves. */
void            ferry_migration_live_page_set_job     (FerryMigrationLivePage *self,
                                                       FerryJob               *job,
                                                       const char             *target_name,
                                                       const char             *name,
                                                       const char             *summary);
FerryJob       *ferry_migration_live_page_get_job     (FerryMigrationLivePage *self);
FerryLiveState  ferry_migration_live_page_get_state   (FerryMigrationLivePage *self);
/* The heading ("Importing into Production…") and the line under it. */
const char     *ferry_migration_live_page_get_title   (FerryMigrationLivePage *self);
const char     *ferry_migration_live_page_get_description (FerryMigrationLivePage *self);

G_END_DECLS
