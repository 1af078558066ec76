/* ferry-migration-what-page.h: the migration editor's first page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What migrates where, bound to a FerryMigrationDraft: the name (made
 * from the draft until edited), the source, the target environment among
 * "environments" and its projects (listed when it connects), the kind,
 * the package type, and the objects (a FerryMigrationContentList) or, for
 * a project merge, what the merge takes. Objects known by id alone are
 * read from the source.
 *
 * Signals: "definition-changed" (what the preview depends on changed),
 * "name-changed" (the name row was edited or set), "resolve-failed"
 * (the objects could not be read; the message is translated).
 * Property "content-keep-both": the objects whose own action is keep_both,
 * as words for a sentence ("the action of …"), or NULL.
 */

#pragma once

#include <adwaita.h>

#include "ferry-core.h"
#include "ferry-plan.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_WHAT_PAGE (ferry_migration_what_page_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationWhatPage, ferry_migration_what_page, FERRY, MIGRATION_WHAT_PAGE, AdwBin)

void                 ferry_migration_what_page_set_draft        (FerryMigrationWhatPage *self,
                                                                 FerryMigrationDraft    *draft);
FerryMigrationDraft *ferry_migration_what_page_get_draft        (FerryMigrationWhatPage *self);
void                 ferry_migration_what_page_set_environments (FerryMigrationWhatPage *self,
                                                                 GListModel             *environments);
GListModel          *ferry_migration_what_page_get_environments (FerryMigrationWhatPage *self);
/* Watches TARGET and lists its projects; the project is looked for by id, else by name. */
void                 ferry_migration_what_page_set_target       (FerryMigrationWhatPage *self,
                                                                 FerryEnvironment       *target,
                                                                 const char             *project_id,
                                                                 const char             *project_name);
const char          *ferry_migration_what_page_get_name         (FerryMigrationWhatPage *self);
void                 ferry_migration_what_page_set_name         (FerryMigrationWhatPage *self,
                                                                 const char             *name);
const char          *ferry_migration_what_page_get_content_keep_both (FerryMigrationWhatPage *self);
/* While loading, changes to the content neither update the page nor emit "definition-changed". */
void                 ferry_migration_what_page_set_loading      (FerryMigrationWhatPage *self,
                                                                 gboolean                loading);
gboolean             ferry_migration_what_page_get_loading      (FerryMigrationWhatPage *self);
/* The name from the draft, unless the user has edited it. */
void                 ferry_migration_what_page_update_auto_name (FerryMigrationWhatPage *self);
/* The rows' subtitles and what shows, from the draft. */
void                 ferry_migration_what_page_update           (FerryMigrationWhatPage *self);
/* Objects of the source by id alone (replace, with dependents); returns how many were added. */
guint                ferry_migration_what_page_append_objects   (FerryMigrationWhatPage *self,
                                                                 const char * const     *object_ids);
/* Names, types and folders from INVENTORY; returns whether any object changed. */
gboolean             ferry_migration_what_page_describe_from    (FerryMigrationWhatPage *self,
                                                                 FerryInventory         *inventory,
                                                                 gboolean                note_missing);
/* The objects known by id alone are read from the source soon. */
void                 ferry_migration_what_page_queue_resolve    (FerryMigrationWhatPage *self);
/* The source's connection state changed. */
void                 ferry_migration_what_page_source_changed   (FerryMigrationWhatPage *self);
/* The draft takes PLAN (NOTICE: what of it could not be kept); the page follows. */
void                 ferry_migration_what_page_load_plan        (FerryMigrationWhatPage *self,
                                                                 const FerryPlan        *plan,
                                                                 char                  **notice);

/* The draft takes an existing migration's definition from its source
 * RECORD (GET ?showContent=all; ferry_migration_draft_load_record()), with
 * SOURCE and TARGET; the page follows. FALSE with the reason when the
 * record cannot be read. */
gboolean             ferry_migration_what_page_load_record      (FerryMigrationWhatPage *self,
                                                                 JsonObject             *record,
                                                                 FerryEnvironment       *source,
                                                                 FerryEnvironment       *target,
                                                                 GError                **error);
/* REASON non-NULL: source, target, its project, kind and package type are
 * fixed (insensitive, REASON their tooltip), as for an edit of a package
 * that exists; NULL: they can be chosen again. */
void                 ferry_migration_what_page_set_fixed        (FerryMigrationWhatPage *self,
                                                                 const char             *reason);

G_END_DECLS
