/* ferry-environment-pane.h: one side of the Compare view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An environment drop-down with the connection state, a project drop-down,
 * a search entry (server search, debounced) and the project's folder tree
 * (a GtkColumnView over a GtkTreeListModel; a folder is listed when it is
 * expanded) with the columns name (type icon), type, modified, version,
 * owner, and multi-selection. The window holds two of these in a GtkPaned.
 *
 * After a comparison the window hands the pane the result and the pane's
 * side: every row then shows its mark (icon + word, never colour alone)
 * and "differences-only" hides identical objects and folders without
 * differences below them.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_PANE_SIDE_SOURCE,
  FERRY_PANE_SIDE_TARGET,
} FerryPaneSide;

#define FERRY_TYPE_PANE_SIDE (ferry_pane_side_get_type ())
GType ferry_pane_side_get_type (void) G_GNUC_CONST;

#define FERRY_TYPE_ENVIRONMENT_PANE (ferry_environment_pane_get_type ())
G_DECLARE_FINAL_TYPE (FerryEnvironmentPane, ferry_environment_pane, FERRY, ENVIRONMENT_PANE, AdwBin)

/* Properties:
 *   "environments"      GListModel of FerryEnvironment (the drop-down's model)
 *   "environment"       FerryEnvironment, the selected one (may be NULL)
 *   "side"              FerryPaneSide (construct)
 *   "project-id"        gchar*, read-only, NULL until a project is chosen
 *   "project-name"      gchar*, read-only
 *   "compare-result"    FerryCompareResult (boxed), NULL before a comparison
 *   "differences-only"  gboolean
 *   "selected-ids"      GStrv, read-only: ids of the selected objects
 *   "connection"        FerryConnection, read-only: the one the listings
 *                       use (the environment's while connected), or NULL
 * Signals:
 *   "object-activated" (const char *object_id): a row was activated (Enter
 *     or double click): the window opens the details.
 *   "selection-changed" (): the user changed the selection (the window
 *     selects the counterpart in the other pane). NOT emitted when
 *     ferry_environment_pane_select_object() selects (no ping-pong between
 *     the panes); "notify::selected-ids" is.
 *   "connect-requested" (FerryEnvironment *): the user picked a
 *     disconnected environment in the drop-down, or pressed Connect or
 *     Retry on a failed connection (also F5 on a failed one); the window
 *     connects it (asking for the password when needed) and the pane
 *     follows its "state". ferry_environment_pane_set_environment() itself
 *     never emits it: the window connects what it sets, or the pane shows
 *     "Not Connected" with a Connect button.
 *
 * When the environment leaves "environments" (removed, or replaced by
 * ferry_environment_list_update()), the pane lets go of it ("environment"
 * becomes NULL); the window sets the new one. An environment that is not
 * in "environments" (or without a list) is shown alone in the drop-down.
 * A project id set with set_project_id() stays wanted across environment
 * changes (the same project copied to another server is chosen there too).
 *
 * The pane shows every state in its own page: no environments ("Add an
 * Environment" → win.add-environment, "Try the Demo" → app.try-demo), none
 * chosen, not connected (Connect), connecting / loading (spinner), failed
 * (the environment's last-error or the listing's error, with Retry), no
 * projects, empty project, no search results, no differences, the tree.
 */
GtkWidget        *ferry_environment_pane_new                 (FerryPaneSide          side);
FerryPaneSide     ferry_environment_pane_get_side            (FerryEnvironmentPane  *self);
void              ferry_environment_pane_set_environments    (FerryEnvironmentPane  *self,
                                                              GListModel            *environments);
FerryEnvironment *ferry_environment_pane_get_environment     (FerryEnvironmentPane  *self);
void              ferry_environment_pane_set_environment     (FerryEnvironmentPane  *self,
                                                              FerryEnvironment      *environment);
const char       *ferry_environment_pane_get_project_id      (FerryEnvironmentPane  *self);
const char       *ferry_environment_pane_get_project_name    (FerryEnvironmentPane  *self);
/* Selects a project by id once the projects are listed (e.g. restoring). */
void              ferry_environment_pane_set_project_id      (FerryEnvironmentPane  *self,
                                                              const char            *project_id);
FerryConnection  *ferry_environment_pane_get_connection      (FerryEnvironmentPane  *self);

void              ferry_environment_pane_set_compare_result  (FerryEnvironmentPane  *self,
                                                              FerryCompareResult    *result);
FerryCompareResult *ferry_environment_pane_get_compare_result (FerryEnvironmentPane *self);
void              ferry_environment_pane_set_differences_only (FerryEnvironmentPane *self,
                                                               gboolean              differences_only);
gboolean          ferry_environment_pane_get_differences_only (FerryEnvironmentPane *self);

/* Selects OBJECT_ID (alone), expanding the folders above it (listing them
 * as needed, asynchronously) and scrolling it into view where GTK 4.8
 * allows. Does nothing when the object is not in this project. */
void              ferry_environment_pane_select_object       (FerryEnvironmentPane  *self,
                                                              const char            *object_id);
/* As select_object(); when neither the rows listed so far nor the compare
 * result know where the object is, and TYPE (EnumDSSXMLObjectTypes) is
 * > 0, asks the server (GET /api/objects/{id}?type=TYPE) for its folder
 * path. Before a comparison the window can take TYPE from the other pane
 * (ferry_environment_pane_lookup_object()). */
void              ferry_environment_pane_select_object_full  (FerryEnvironmentPane  *self,
                                                              const char            *object_id,
                                                              int                    type);
/* After a comparison: expands the folders down to the first object that
 * differs, in the order the tree shows (folders are listed as needed,
 * asynchronously; the folder marks say which ones to open), and scrolls
 * to it. GRAB_FOCUS: the keyboard focus goes to its row too (the list's
 * cursor, as Ctrl+arrows move it), with the focus ring shown. It is NOT
 * selected: a migration of the whole project stays what "New Migration"
 * makes while nothing is selected. Nothing differs: nothing happens. */
void              ferry_environment_pane_show_first_difference (FerryEnvironmentPane *self,
                                                                gboolean              grab_focus);
/* The id of the object show_first_difference() showed, or NULL (none yet,
 * still listing folders, or nothing differs). */
const char       *ferry_environment_pane_get_shown_difference (FerryEnvironmentPane *self);
/* (transfer full) */
GStrv             ferry_environment_pane_dup_selected_ids    (FerryEnvironmentPane  *self);
/* The object as this pane listed it (tree or search results), or NULL.
 * (transfer none) */
FerryObjectInfo  *ferry_environment_pane_lookup_object       (FerryEnvironmentPane  *self,
                                                              const char            *object_id);
/* Moves the keyboard focus to the search entry (Ctrl+F). */
void              ferry_environment_pane_focus_search        (FerryEnvironmentPane  *self);

/* Reloads the tree (F5). */
void              ferry_environment_pane_reload              (FerryEnvironmentPane  *self);

G_END_DECLS
