/* ferry-migration-list.h: every migration of the connected environments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of FerryMigration: one item per migration id, however many of
 * the connected servers keep a record of it. The source's record gives the
 * package side, the target's record (packageInfo.replicated) the import and
 * undo state (api.md "Decisions for Ferry"). Items are ordered newest first
 * (package creation date); they stay the same objects across refreshes, so
 * bound rows update through property notifications, and leave the model
 * only when no connected server keeps a record of them any more.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"
#include "ferry-migration.h"

G_BEGIN_DECLS

#define FERRY_TYPE_MIGRATION_LIST (ferry_migration_list_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationList, ferry_migration_list, FERRY, MIGRATION_LIST, GObject)

FerryMigrationList *ferry_migration_list_new               (void);

/* Adding a connection lists nothing by itself: call refresh. Removing one
 * drops the records read from it at once. */
void                ferry_migration_list_add_connection    (FerryMigrationList *self,
                                                            FerryConnection    *connection);
void                ferry_migration_list_remove_connection (FerryMigrationList *self,
                                                            FerryConnection    *connection);

/* Lists the migrations of every connection (all purposes, all pages) and
 * merges them in. A connection whose list fails keeps the records read
 * before; the first such error is reported, the others' lists are applied. */
void                ferry_migration_list_refresh_async     (FerryMigrationList *self,
                                                            GCancellable       *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer            user_data);
gboolean            ferry_migration_list_refresh_finish    (FerryMigrationList *self,
                                                            GAsyncResult       *result,
                                                            GError            **error);

/* A record read from CONNECTION by other means (a job's poll, a GET):
 * merged in at once. The connection must have been added. */
void                ferry_migration_list_update_record     (FerryMigrationList *self,
                                                            FerryConnection    *connection,
                                                            JsonObject         *record);
/* As update_record() for each of RECORDS, the new items added with one
 * "items-changed" (a listing fed in batches). */
void                ferry_migration_list_update_records    (FerryMigrationList *self,
                                                            FerryConnection    *connection,
                                                            JsonObject * const *records,
                                                            guint               n_records);
/* As update_records(); PREPARED[i] (nullable, the array too) is
 * ferry_migration_new_from_json() of RECORDS[i], built in a worker thread
 * (the records must not be shared with another thread any more): it is
 * the new item when RECORDS[i] is all that is known of its id. */
void                ferry_migration_list_update_prepared   (FerryMigrationList    *self,
                                                            FerryConnection       *connection,
                                                            FerryMigrationRecord * const *records,
                                                            FerryMigration * const *prepared,
                                                            guint                  n_records);
/* Batches: between hold and release, the changes of the calls above reach
 * the model at the release, with one "items-changed" for all the new items
 * and one per run of neighbouring removed ones (many runs: one over their
 * span). Nests. */
void                ferry_migration_list_hold              (FerryMigrationList *self);
void                ferry_migration_list_release           (FerryMigrationList *self);

/* The migration is known to be gone from CONNECTION (deleted there). */
void                ferry_migration_list_forget_record     (FerryMigrationList *self,
                                                            FerryConnection    *connection,
                                                            const char         *migration_id);

/* The item for MIGRATION_ID (borrowed), or NULL. */
FerryMigration     *ferry_migration_list_lookup            (FerryMigrationList *self,
                                                            const char         *migration_id);
/* How many items lookup() finds: the rows, and in a batch the new ones
 * not in the model yet. */
guint               ferry_migration_list_get_n_known       (FerryMigrationList *self);
gboolean            ferry_migration_list_get_refreshing    (FerryMigrationList *self);

G_END_DECLS
