/* ferry-settings-editor.h: the package settings, edited in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerrySettingsEditor shows one FerryTocSettings and edits it directly:
 * every widget is bound to its setting with g_object_bind_property()
 * (BIDIRECTIONAL | SYNC_CREATE), so a change in the editor is a change of the
 * settings (and of the JSON they write) at once, and a change of the
 * settings (e.g. a JSON load) shows at once — nothing is copied on "OK".
 * The three rule lists are the settings' own GListStores, shown with
 * gtk_list_box_bind_model(); each row's widgets bind to its rule's
 * properties.
 *
 * In order: the undo warning ("Undo will not be available for this
 * migration", visible whenever keep_both is chosen anywhere), the problems
 * (ferry_toc_settings_validate(), with a button that clears what does not
 * apply), the default action, folder rules (a folder picked from the source
 * project's tree), object-type rules (type and subtype picked by name),
 * object rules (objects picked by a search of the source project), the ACL
 * options, the three schema-update options, "validate dependencies" and the
 * translation action. Settings that do not apply to the package type or to
 * the kind of migration are insensitive, with the reason under them.
 *
 * The popovers the editors use to pick objects and folders from a server
 * are FerryObjectPicker and FerryFolderPicker (included from here).
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-folder-picker.h"
#include "ferry-object-picker.h"

G_BEGIN_DECLS

/* --- The settings editor --------------------------------------------------------- */

#define FERRY_TYPE_SETTINGS_EDITOR (ferry_settings_editor_get_type ())
G_DECLARE_FINAL_TYPE (FerrySettingsEditor, ferry_settings_editor, FERRY, SETTINGS_EDITOR, AdwBin)

/* Properties:
 *   "settings"     FerryTocSettings, the settings shown and edited
 *   "connection"   FerryConnection (nullable): the source, for the pickers
 *   "project-id"   gchar* (nullable): the source project, for the pickers
 */
GtkWidget         *ferry_settings_editor_new            (void);
FerryTocSettings  *ferry_settings_editor_get_settings   (FerrySettingsEditor *self);
void               ferry_settings_editor_set_settings   (FerrySettingsEditor *self,
                                                         FerryTocSettings    *settings);
void               ferry_settings_editor_set_source     (FerrySettingsEditor *self,
                                                         FerryConnection     *connection,
                                                         const char          *project_id);
/* The objects of an object migration whose own action is keep_both, said
 * the way the undo warning names them ("“Year” (its own action)"), or NULL:
 * they too make undo impossible, and the warning says so. */
void               ferry_settings_editor_set_content_keep_both (FerrySettingsEditor *self,
                                                                const char          *objects);
/* Turns off every setting that does not apply to the package type or the
 * kind of migration (what the "Clear" button does). */
void               ferry_settings_editor_clear_inapplicable (FerrySettingsEditor *self);

/* The object-type presets offered by name (ferry_object_type_presets_get_n(),
 * ferry_object_type_preset_get()) are in core: ferry-rules.h. */

/* The conflict actions as a drop-down shows them: a model of their labels
 * in enum order (new), and factories for the chosen one (IN_LIST FALSE:
 * its label, with a warning icon and line for delete, force replace and
 * keep both) and for the list (IN_LIST TRUE: each label with what it does,
 * e.g. "Use newer — Replace when the source was changed later"; new). */
GListModel        *ferry_action_model_new               (void);
GtkListItemFactory *ferry_action_factory_new            (gboolean             in_list);

/* enum ↔ GtkDropDown/AdwComboRow "selected" transforms for
 * g_object_bind_property_full() (the enums count from 0 like the rows). */
gboolean           ferry_enum_to_selected               (GBinding            *binding,
                                                         const GValue        *from,
                                                         GValue              *to,
                                                         gpointer             user_data);
gboolean           ferry_selected_to_enum               (GBinding            *binding,
                                                         const GValue        *from,
                                                         GValue              *to,
                                                         gpointer             user_data);
/* A GtkDropDown of the conflict actions bound both ways to OBJECT's
 * PROPERTY (a FerryConflictAction). */
GtkWidget         *ferry_action_drop_down_new           (GObject             *object,
                                                         const char          *property);
/* The same drop-down, bound to nothing (e.g. a list cell binds it). */
GtkWidget         *ferry_action_drop_down_new_unbound   (void);

G_END_DECLS
