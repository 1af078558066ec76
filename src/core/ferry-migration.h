/* ferry-migration.h: one migration, as the servers record it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A FerryMigration holds the record(s) a Library server keeps of a migration
 * (api.md §5.4) and shows every field as a read-only property, so list rows
 * and detail panes bind to it. The source and the target each keep a record
 * of the same migration id; a FerryMigration may hold both: the package side
 * (packageInfo) comes from the source's record, the import side (importInfo:
 * import and undo state) from the target's, each falling back on the other
 * record while only one is known.
 *
 * Records are applied in place with ferry_migration_update_from_json():
 * partial records (the short form answered by POST, PATCH and PUT) are merged
 * into what is known, and only the properties whose value really changed are
 * notified.
 *
 * Statuses are stored in lower case ("created", "imported", …) whatever the
 * server sent; progress values are the server's percentages (0–100).
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One record of a migration as a server sent it: immutable, shared
 * (reference counted, any thread), with the values the properties read
 * taken out once. A record read by the listing's reader keeps its JSON
 * text and becomes a json-glib tree only when asked
 * (ferry_migration_record_get_object()). */
typedef struct _FerryMigrationRecord FerryMigrationRecord;

#define FERRY_TYPE_MIGRATION_RECORD (ferry_migration_record_get_type ())
GType                 ferry_migration_record_get_type      (void) G_GNUC_CONST;
FerryMigrationRecord *ferry_migration_record_new           (JsonObject           *object);
FerryMigrationRecord *ferry_migration_record_ref           (FerryMigrationRecord *record);
void                  ferry_migration_record_unref         (FerryMigrationRecord *record);
const char           *ferry_migration_record_get_id        (FerryMigrationRecord *record);
gboolean              ferry_migration_record_get_is_target (FerryMigrationRecord *record);
JsonObject           *ferry_migration_record_get_object    (FerryMigrationRecord *record);
gboolean              ferry_migration_record_equal         (FerryMigrationRecord *a,
                                                            FerryMigrationRecord *b);
FerryMigrationRecord *ferry_migration_record_merge         (FerryMigrationRecord *known,
                                                            JsonObject           *update);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryMigrationRecord, ferry_migration_record_unref)

#define FERRY_TYPE_MIGRATION (ferry_migration_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigration, ferry_migration, FERRY, MIGRATION, GObject)

FerryMigration *ferry_migration_new                   (const char     *id);
FerryMigration *ferry_migration_new_from_json         (JsonObject     *record,
                                                       gboolean        from_target);
FerryMigration *ferry_migration_new_from_record       (FerryMigrationRecord *record,
                                                       gboolean        from_target);

/* Merges RECORD (a full or a short migration record) into the record known
 * for one side: FROM_TARGET is TRUE for the record kept by the target server
 * (its packageInfo.replicated is true), FALSE for the source's. Returns FALSE
 * (and changes nothing) when RECORD carries another migration id. The
 * first record of a side is kept as it is (a reference, not a copy: its
 * giver must not change it afterwards); merging copies it first. */
gboolean        ferry_migration_update_from_json      (FerryMigration *self,
                                                       JsonObject     *record,
                                                       gboolean        from_target);
/* Makes RECORD the whole record known for one side (no merge). FALSE
 * (and nothing changes) when it carries another migration id. */
gboolean        ferry_migration_set_record            (FerryMigration *self,
                                                       FerryMigrationRecord *record,
                                                       gboolean        from_target);
/* The record known for one side (borrowed), or NULL. */
FerryMigrationRecord *ferry_migration_get_record      (FerryMigration *self,
                                                       gboolean        from_target);
/* Drops the record of one side (deleted there); the properties fall back on
 * the other side's record. */
void            ferry_migration_forget_record         (FerryMigration *self,
                                                       gboolean        from_target);
/* A copy of the record known for one side, or NULL. */
JsonObject     *ferry_migration_dup_record            (FerryMigration *self,
                                                       gboolean        from_target);

/* TRUE when RECORD is a target's record: packageInfo.replicated is true. */
gboolean        ferry_migration_record_is_target      (JsonObject     *record);

const char     *ferry_migration_get_id                (FerryMigration *self);
const char     *ferry_migration_get_package_id        (FerryMigration *self);
const char     *ferry_migration_get_import_id         (FerryMigration *self);
const char     *ferry_migration_get_name              (FerryMigration *self);
const char     *ferry_migration_get_package_type      (FerryMigration *self);
const char     *ferry_migration_get_purpose           (FerryMigration *self);
const char     *ferry_migration_get_package_status    (FerryMigration *self);
const char     *ferry_migration_get_import_status     (FerryMigration *self);
const char     *ferry_migration_get_import_request_status (FerryMigration *self);
const char     *ferry_migration_get_undo_request_status   (FerryMigration *self);
/* validation.status: validating, validated, validation_failed, or NULL
 * (never validated); its message (why it failed), progress (0–100) and
 * last update. */
const char     *ferry_migration_get_validation_status     (FerryMigration *self);
const char     *ferry_migration_get_validation_message    (FerryMigration *self);
double          ferry_migration_get_validation_progress   (FerryMigration *self);
GDateTime      *ferry_migration_get_validation_last_updated_date (FerryMigration *self);
/* packageInfo.certification: status (uncertified, requested, certified,
 * rejected, or NULL when the record has none), the operator who changed it
 * last (operator.name) and when (lastUpdatedDate). */
const char     *ferry_migration_get_certification_status  (FerryMigration *self);
const char     *ferry_migration_get_certification_operator_name (FerryMigration *self);
GDateTime      *ferry_migration_get_certification_date    (FerryMigration *self);
double          ferry_migration_get_package_progress  (FerryMigration *self);
double          ferry_migration_get_import_progress   (FerryMigration *self);
GDateTime      *ferry_migration_get_package_creation_date     (FerryMigration *self);
GDateTime      *ferry_migration_get_package_last_updated_date (FerryMigration *self);
GDateTime      *ferry_migration_get_import_creation_date      (FerryMigration *self);
GDateTime      *ferry_migration_get_import_last_updated_date  (FerryMigration *self);
const char     *ferry_migration_get_creator_name      (FerryMigration *self);
const char     *ferry_migration_get_source_environment_id   (FerryMigration *self);
const char     *ferry_migration_get_source_environment_name (FerryMigration *self);
const char     *ferry_migration_get_target_environment_id   (FerryMigration *self);
const char     *ferry_migration_get_target_environment_name (FerryMigration *self);
const char     *ferry_migration_get_source_project_id (FerryMigration *self);
const char     *ferry_migration_get_source_project_name (FerryMigration *self);
const char     *ferry_migration_get_target_project_id (FerryMigration *self);
const char     *ferry_migration_get_target_project_name (FerryMigration *self);
const char     *ferry_migration_get_storage_path      (FerryMigration *self);
gint64          ferry_migration_get_storage_size      (FerryMigration *self);
const char     *ferry_migration_get_undo_storage_path (FerryMigration *self);
gint64          ferry_migration_get_undo_storage_size (FerryMigration *self);
gboolean        ferry_migration_get_has_undo_package  (FerryMigration *self);
const char     *ferry_migration_get_package_message   (FerryMigration *self);
const char     *ferry_migration_get_import_message    (FerryMigration *self);
gboolean        ferry_migration_get_replicated        (FerryMigration *self);
gboolean        ferry_migration_get_has_source_record (FerryMigration *self);
gboolean        ferry_migration_get_has_target_record (FerryMigration *self);
gboolean        ferry_migration_get_busy              (FerryMigration *self);

G_END_DECLS
