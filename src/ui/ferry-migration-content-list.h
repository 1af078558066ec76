/* ferry-migration-content-list.h: the objects of an object migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Page 1's "Objects" group of the migration editor: the draft's objects
 * in a table (object with a warning when the source lacks it or the
 * package type refuses it, folder, action, include dependents, remove),
 * the + button's object picker (it adds to the draft), a placeholder while
 * the objects are read or when there are none, and the note when undo
 * will not be possible. Bound to a FerryMigrationDraft ("draft").
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_CONTENT_LIST (ferry_migration_content_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationContentList, ferry_migration_content_list, FERRY, MIGRATION_CONTENT_LIST,
                      AdwPreferencesGroup)

FerryMigrationDraft *ferry_migration_content_list_get_draft        (FerryMigrationContentList *self);
void                 ferry_migration_content_list_set_draft        (FerryMigrationContentList *self,
                                                                    FerryMigrationDraft       *draft);
/* The description, the picker and the placeholder, for the draft's
 * package type, source and reading state. */
void                 ferry_migration_content_list_update           (FerryMigrationContentList *self);
/* Rows show the package type's verdict: binds them again. */
void                 ferry_migration_content_list_refresh_rows     (FerryMigrationContentList *self);
/* Why undo will not be possible (a sentence), or NULL to hide it. */
void                 ferry_migration_content_list_set_undo_note    (FerryMigrationContentList *self,
                                                                    const char                *note);

G_END_DECLS
