/* ferry-library-api.h: typed calls for migrations and packages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call is one request (or, for lists, one request per page) on a
 * FerryConnection, with the headers api.md asks for (project header, Prefer:
 * respond-async) and the request flags that keep work-starting requests from
 * ever being repeated. Answers are handed back as JSON objects (records);
 * the finishing functions below serve every call of the matching kind.
 *
 * Statuses differ in case between servers ("READY", "ready"): compare them
 * with ferry_library_status_is().
 *
 * Downloads to a GFile write the answer as FerryConnection hands it back:
 * whole (GBytes), then written with g_file_replace_contents_bytes_async(),
 * so a package is held in memory once on its way to the disk.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_SHOW_CONTENT_DEFAULT,
  FERRY_SHOW_CONTENT_TOC_VIEW,
  FERRY_SHOW_CONTENT_TREE_VIEW,
  FERRY_SHOW_CONTENT_ALL,
} FerryShowContent;

typedef enum
{
  FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION,
  FERRY_MIGRATION_PURPOSE_PROJECT_MERGE,
} FerryMigrationPurpose;

typedef enum
{
  FERRY_REQUEST_STATUS_REQUESTED,
  FERRY_REQUEST_STATUS_APPROVED,
  FERRY_REQUEST_STATUS_REJECTED,
} FerryRequestStatus;

/**
 * FerryMigrationSpec:
 * @purpose: object migration or project merge
 * @package_type: "project" (when %NULL), "configuration" or "project_security"
 * @name: packageInfo.name
 * @source_environment_id: (nullable): %NULL: the source connection's environment id
 * @source_environment_name: (nullable): %NULL: the same as the id
 * @source_project_id: the project to migrate from (not for configuration packages)
 * @source_project_name: (nullable)
 * @target_environment_id: (nullable): the target's environment id (base URL + "/")
 * @target_environment_name: (nullable): %NULL: the same as the id
 * @target_project_id: the project to import into (not for configuration packages)
 * @target_project_name: (nullable)
 * @settings: packageInfo.tocView.settings (a JSON object, e.g. from FerryTocSettings)
 * @content: (nullable): packageInfo.tocView.content (a JSON array; object migrations)
 *
 * What a new migration is made of (api.md §5.3). The strings and nodes are
 * borrowed.
 */
typedef struct
{
  FerryMigrationPurpose purpose;
  const char *package_type;
  const char *name;
  const char *source_environment_id;
  const char *source_environment_name;
  const char *source_project_id;
  const char *source_project_name;
  const char *target_environment_id;
  const char *target_environment_name;
  const char *target_project_id;
  const char *target_project_name;
  JsonNode   *settings;
  JsonNode   *content;
} FerryMigrationSpec;

/* TRUE when STATUS equals WANTED, ignoring ASCII case; FALSE for NULL. */
gboolean    ferry_library_status_is            (const char        *status,
                                                const char        *wanted);
/* The string at the dotted PATH ("packageInfo.status") of RECORD, or NULL. */
const char *ferry_library_record_get_string    (JsonObject        *record,
                                                const char        *path);
/* The number at PATH, or DEFAULT_VALUE. */
double      ferry_library_record_get_number    (JsonObject        *record,
                                                const char        *path,
                                                double             default_value);
/* "<packageId>" of "<packageId>:<importId>" (newly allocated). */
char       *ferry_library_migration_package_id (const char        *migration_id);

/* The POST /api/migrations body for SPEC (a new node). */
JsonNode   *ferry_library_migration_body_new   (const FerryMigrationSpec *spec,
                                                const char        *source_environment_id);

/* --- Finishing ------------------------------------------------------------ */

/* For every call answering a record: the record (new reference), or NULL
 * with ERROR set. A 2xx answer without a body gives an empty object. */
JsonObject *ferry_library_finish_object        (GAsyncResult      *result,
                                                GError           **error);
/* For the calls answering nothing (deletes, downloads). */
gboolean    ferry_library_finish               (GAsyncResult      *result,
                                                GError           **error);

/* --- Migrations (api.md §5) ----------------------------------------------- */

/* Every migration of every purpose (object_migration, project_merge,
 * migration_from_shared_file_store), all pages of 1000. */
void        ferry_library_list_migrations_async  (FerryConnection   *connection,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* Returns: (element-type JsonObject) (transfer full) */
GPtrArray  *ferry_library_list_migrations_finish (FerryConnection   *connection,
                                                  GAsyncResult      *result,
                                                  GError           **error);

/* POST /api/migrations on the source (project header: the source project).
 * Answers the short record with the new id. */
void        ferry_library_create_migration_async (FerryConnection   *source,
                                                  const FerryMigrationSpec *spec,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* The same with a body built by the caller; PROJECT_ID (nullable) is sent as
 * the project header. */
void        ferry_library_create_migration_from_body_async (FerryConnection *source,
                                                            const char      *project_id,
                                                            JsonNode        *body,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);

/* GET /api/migrations/{id}?showContent=… */
void        ferry_library_get_migration_async    (FerryConnection   *connection,
                                                  const char        *migration_id,
                                                  FerryShowContent   show,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

/* PATCH /api/migrations/{id} with BODY; PROJECT_ID (nullable) as the project
 * header; FLAGS as the request flags. */
void        ferry_library_patch_migration_async  (FerryConnection   *connection,
                                                  const char        *migration_id,
                                                  const char        *project_id,
                                                  JsonNode          *body,
                                                  FerryRequestFlags  flags,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* On the source: importInfo.importRequestStatus = requested | approved | rejected. */
void        ferry_library_set_import_request_async (FerryConnection *source,
                                                    const char      *migration_id,
                                                    FerryRequestStatus status,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* On the target: importInfo.undoRequestStatus = requested | approved | rejected,
 * with the target project header (required for approved; NULL for
 * configuration packages). */
void        ferry_library_set_undo_request_async (FerryConnection   *target,
                                                  const char        *migration_id,
                                                  FerryRequestStatus status,
                                                  const char        *target_project_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* On the source: packageInfo.name. */
void        ferry_library_rename_migration_async (FerryConnection   *source,
                                                  const char        *migration_id,
                                                  const char        *name,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

/* PUT /api/migrations/{id}?generateUndo=… on the target. SOURCE_RECORD is
 * the source's record read with showContent=all; the body is a copy with
 * packageInfo.replicated = true. TARGET_PROJECT_ID NULL: importInfo.project.id
 * of the record (none for configuration packages). */
void        ferry_library_import_migration_async (FerryConnection   *target,
                                                  JsonObject        *source_record,
                                                  const char        *target_project_id,
                                                  gboolean           generate_undo,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

/* DELETE /api/migrations?packageId=…; a migration already gone (404) counts
 * as deleted. Finish with ferry_library_finish(). */
void        ferry_library_delete_migration_async (FerryConnection   *connection,
                                                  const char        *package_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

/* GET /api/migrations/packages/{packageId}/binary into FILE (replaced).
 * Finish with ferry_library_finish(). */
void        ferry_library_download_migration_package_async (FerryConnection *connection,
                                                            const char      *package_id,
                                                            GFile           *file,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);

/* --- Package holders (api.md §4) ------------------------------------------ */

/* PROJECT_ID: the project header (NULL for configuration packages). */

void        ferry_library_create_package_async   (FerryConnection   *connection,
                                                  const char        *project_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* DEFINITION: {type, settings, content} (api.md §4.3). */
void        ferry_library_define_package_async   (FerryConnection   *connection,
                                                  const char        *package_id,
                                                  const char        *project_id,
                                                  JsonNode          *definition,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* PUT /api/packages/{id}/binary, multipart field "file": the holder becomes
 * READY. Finish with ferry_library_finish_object() ({id, status}). */
void        ferry_library_upload_package_async   (FerryConnection   *connection,
                                                  const char        *package_id,
                                                  const char        *project_id,
                                                  GFile             *file,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

void        ferry_library_create_package_import_async (FerryConnection *connection,
                                                       const char      *package_id,
                                                       const char      *project_id,
                                                       gboolean         generate_undo,
                                                       GCancellable    *cancellable,
                                                       GAsyncReadyCallback callback,
                                                       gpointer         user_data);

/**
 * FerryPackageResource:
 * @FERRY_PACKAGE_HOLDER: a package holder, /api/packages/{id}
 * @FERRY_PACKAGE_IMPORT: an import process, /api/packages/imports/{id}
 *
 * What the calls below act on: the same three verbs apply to both.
 */
typedef enum
{
  FERRY_PACKAGE_HOLDER,
  FERRY_PACKAGE_IMPORT,
} FerryPackageResource;

/* GET the holder (showContent=false) or the import: {id, status, progress}.
 * Finish with ferry_library_finish_object(). */
void        ferry_library_get_package_resource_async      (FerryConnection     *connection,
                                                           FerryPackageResource resource,
                                                           const char          *id,
                                                           const char          *project_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* The holder's package (/binary) or the import's undo package
 * (/undoPackage/binary) into FILE (replaced). Finish with
 * ferry_library_finish(). */
void        ferry_library_download_package_resource_async (FerryConnection     *connection,
                                                           FerryPackageResource resource,
                                                           const char          *id,
                                                           const char          *project_id,
                                                           GFile               *file,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
/* DELETE the holder or the import; one already gone (404) counts as
 * deleted. Finish with ferry_library_finish(). */
void        ferry_library_delete_package_resource_async   (FerryConnection     *connection,
                                                           FerryPackageResource resource,
                                                           const char          *id,
                                                           const char          *project_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);

G_END_DECLS
