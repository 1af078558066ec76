/* ferry-folder-model.h: one folder's children, listed when first asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of the objects in one folder of a project (or of the
 * project's top-level folders), over ferry_discovery_list_folder_pages_async():
 * the items arrive page by page, one items-changed per page.
 *
 * Lazy: creating the model sends nothing. The listing starts on the first
 * g_list_model_get_n_items() or g_list_model_get_item(), or on
 * ferry_folder_model_load(). That is what GtkTreeListModel needs: its
 * create-func is called for every folder row on screen (to learn whether
 * the row is expandable) and the model dropped again, but its items are
 * asked for only when the row is expanded. A folder is listed once; after a
 * failure, load() (or the next question) lists it again.
 *
 * The items are FerryObjectInfo, or whatever a wrap function makes of each
 * (ferry_folder_model_set_wrap_func(): a view's row object), so a tree
 * keeps its own row objects while the model does the listing. Child models
 * (ferry_folder_model_new_child()) share the connection, the project, the
 * cancellable and the wrap function.
 *
 * Disposing the model cancels its listing; so does cancelling the
 * cancellable given to ferry_folder_model_new() (shared by a whole tree:
 * cancel it to stop every folder of the tree at once).
 */

#pragma once

#include <gio/gio.h>

#include "ferry-connection.h"
#include "ferry-object-info.h"

G_BEGIN_DECLS

#define FERRY_TYPE_FOLDER_MODEL (ferry_folder_model_get_type ())
G_DECLARE_FINAL_TYPE (FerryFolderModel, ferry_folder_model, FERRY, FOLDER_MODEL, GObject)

/* Makes the item for INFO (a new reference, of the model's item type). */
typedef gpointer (*FerryFolderWrapFunc) (FerryObjectInfo *info,
                                         gpointer         user_data);

/* FOLDER_ID NULL: the project's top-level folders. CANCELLABLE (nullable)
 * stops the listing when cancelled; a cancelled model lists nothing. */
FerryFolderModel *ferry_folder_model_new            (FerryConnection      *connection,
                                                     const char           *project_id,
                                                     const char           *folder_id,
                                                     GCancellable         *cancellable) G_GNUC_WARN_UNUSED_RESULT;
/* A model of FOLDER_ID's children with this model's connection, project,
 * cancellable and wrap function. */
FerryFolderModel *ferry_folder_model_new_child      (FerryFolderModel     *self,
                                                     const char           *folder_id) G_GNUC_WARN_UNUSED_RESULT;

FerryConnection  *ferry_folder_model_get_connection (FerryFolderModel     *self);
const char       *ferry_folder_model_get_project_id (FerryFolderModel     *self);
/* NULL for the top level. */
const char       *ferry_folder_model_get_folder_id  (FerryFolderModel     *self);
/* TRUE from the start of a listing to its end. */
gboolean          ferry_folder_model_get_loading    (FerryFolderModel     *self);
/* TRUE once a listing succeeded (the items are the folder's). */
gboolean          ferry_folder_model_get_loaded     (FerryFolderModel     *self);
/* Why the last listing failed (FERRY_API_ERROR, G_IO_ERROR…), or NULL.
 * A cancelled listing is no error. */
const GError     *ferry_folder_model_get_error      (FerryFolderModel     *self);

/* Before the first listing only. ITEM_TYPE is what FUNC returns. */
void              ferry_folder_model_set_wrap_func  (FerryFolderModel     *self,
                                                     GType                 item_type,
                                                     FerryFolderWrapFunc   func,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);

/* Starts the listing unless it runs or succeeded already. */
void              ferry_folder_model_load           (FerryFolderModel     *self);

G_END_DECLS
