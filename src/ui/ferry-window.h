/* ferry-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-compare-view.h"
#include "ferry-core.h"
#include "ferry-demo.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"

G_BEGIN_DECLS

#define FERRY_TYPE_WINDOW (ferry_window_get_type ())
G_DECLARE_FINAL_TYPE (FerryWindow, ferry_window, FERRY, WINDOW, AdwApplicationWindow)

/* Properties: "demo" (FerryDemo), "differences-only" and "show-details"
 * (gboolean, the state of win.differences-only and win.show-details).
 *
 * Actions: win.add-environment, win.edit-environment (s: name),
 * win.remove-environment (s: name), win.compare, win.reload, win.search,
 * win.differences-only, win.show-details, win.new-migration (Ctrl+N),
 * win.add-to-migration (Ctrl+Shift+N: the source pane's selection into the
 * editor opened last), win.show-migrations (s: a migration id to show
 * with its details, or ""), win.show-page (s:
 * "compare" or "migrations"; Alt+1, Alt+2), win.undo-migration (s: a
 * migration id; asks first). win.reload and win.search act on the page
 * shown. The main menu shows the Compare page's items only on that page. */
FerryWindow          *ferry_window_new              (GtkApplication *application) G_GNUC_WARN_UNUSED_RESULT;
FerryDemo            *ferry_window_get_demo         (FerryWindow    *self);
void                  ferry_window_set_demo         (FerryWindow    *self,
                                                     FerryDemo      *demo);
void                  ferry_window_add_toast        (FerryWindow    *self,
                                                     AdwToast       *toast);
FerryCompareView     *ferry_window_get_compare_view (FerryWindow    *self);
FerryEnvironmentList *ferry_window_get_environments (FerryWindow    *self);
FerryMigrationsView  *ferry_window_get_migrations_view (FerryWindow  *self);
FerryMigrationEditor *ferry_window_new_migration    (FerryWindow    *self);
guint                 ferry_window_add_to_migration (FerryWindow    *self);
void                  ferry_window_quit             (FerryWindow    *self);
gboolean              ferry_window_shows_migration  (FerryWindow    *self,
                                                     const char     *migration_id);
/* Shows the dialog that imports the package FILE (a .mmp; anything else is
 * refused with a toast: NULL). win.import-file (Ctrl+I) asks for the file;
 * a .mmp dropped onto the window comes here too. */
GtkWindow            *ferry_window_import_file      (FerryWindow    *self,
                                                     GFile          *file);
/* The editor of MIGRATION_ID's package (win.edit-package), or the chooser
 * of a new target for it (win.reuse-package); NULL (and a toast saying
 * why) when the migration is not listed or its source not connected. */
GtkWindow            *ferry_window_edit_package     (FerryWindow    *self,
                                                     const char     *migration_id);
GtkWindow            *ferry_window_reuse_package    (FerryWindow    *self,
                                                     const char     *migration_id);
/* For tests: the window's GtkDropTarget (file lists, files). */
GtkDropTarget        *ferry_window_get_drop_target  (FerryWindow    *self);
/* Offers the newest draft an earlier run left (a bar: "An Unfinished
 * Migration Was Recovered", Open, Discard) when there is one: actions
 * win.open-recovered-draft and win.discard-recovered-draft. */
void                  ferry_window_find_recovered_draft (FerryWindow *self);
/* The file of the draft offered, or NULL while none is. */
GFile                *ferry_window_get_recovered_draft_file (FerryWindow *self);

G_END_DECLS
