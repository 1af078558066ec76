/* ferry-folder-picker.h: a popover to pick a folder of a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

/* A popover listing a project's folders: activate a folder to go into it,
 * its "+" button (or "Add Rule for This Folder") to pick it. Signal
 * "picked" (const char *folder_id, const char *folder_path). */
#define FERRY_TYPE_FOLDER_PICKER (ferry_folder_picker_get_type ())
G_DECLARE_FINAL_TYPE (FerryFolderPicker, ferry_folder_picker, FERRY, FOLDER_PICKER, GtkPopover)

GtkWidget         *ferry_folder_picker_new          (void);
void               ferry_folder_picker_set_source   (FerryFolderPicker     *self,
                                                     FerryConnection       *connection,
                                                     const char            *project_id);
/* Lists FOLDER_ID's folders (NULL: the top level). */
void               ferry_folder_picker_open_folder  (FerryFolderPicker     *self,
                                                     const char            *folder_id,
                                                     const char            *folder_path);
/* The folders shown (GListModel of FerryObjectInfo). */
GListModel        *ferry_folder_picker_get_folders  (FerryFolderPicker     *self);

G_END_DECLS
