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
 * Downloads to a GFile and package uploads are streamed
 * (ferry_connection_download_async(), ferry_connection_upload_async()): a
 * package is never held in memory, and a failed download leaves no file.
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


/* --- Validation, certification, edit, reuse, package files ----------------
 * (api.md §5.1, §5.2 D–I, §6) */

/* The values of packageInfo.certification.status. */
typedef enum
{
  FERRY_CERTIFICATION_UNCERTIFIED,
  FERRY_CERTIFICATION_REQUESTED,
  FERRY_CERTIFICATION_CERTIFIED,
  FERRY_CERTIFICATION_REJECTED,
} FerryCertificationStatus;

/* "uncertified", "requested", "certified", "rejected". */
const char *ferry_certification_status_to_string (FerryCertificationStatus status);

/* The body of PUT …/validation for SOURCE_RECORD (the source's GET): id,
 * packageInfo{id,type,environment,storage,project,status},
 * importInfo{id,environment,project} (a new node). */
JsonNode   *ferry_library_validation_body_new    (JsonObject        *source_record);

/* On the source: PATCH importInfo.environment (and .project unless
 * PROJECT_ID is NULL), as flow D's first step and flow G. Finish with
 * ferry_library_finish_object(). */
void        ferry_library_set_import_target_async (FerryConnection  *source,
                                                   const char       *migration_id,
                                                   const char       *environment_id,
                                                   const char       *environment_name,
                                                   const char       *project_id,
                                                   const char       *project_name,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
/* On the target: PUT /api/migrations/{id}/validation (202, no body) with
 * ferry_library_validation_body_new() of SOURCE_RECORD; TARGET_PROJECT_ID
 * (nullable: importInfo.project.id of the record, none for configuration
 * packages) as the project header. Finish with ferry_library_finish(). */
void        ferry_library_validate_migration_async (FerryConnection *target,
                                                    JsonObject      *source_record,
                                                    const char      *target_project_id,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* On the source: PATCH {"validation":{"status":"validating"}}. Finish with
 * ferry_library_finish_object(). */
void        ferry_library_start_validation_async (FerryConnection   *source,
                                                  const char        *migration_id,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
/* PATCH /api/migrations/{id}/packageInfo/certification with the documented
 * nested body {"packageInfo":{"certification":{"status":…}}} (204). Request:
 * REQUESTED; certify: CERTIFIED; decertify or revert: UNCERTIFIED; reject:
 * REJECTED. Finish with ferry_library_finish(). */
void        ferry_library_set_certification_async (FerryConnection  *connection,
                                                   const char       *migration_id,
                                                   FerryCertificationStatus status,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
/* On the source: PUT /api/migrations/{id}/packageInfo with PACKAGE_INFO
 * (the edited packageInfo of a GET ?showContent=all): 202
 * {id, status:"creating", progress}. Finish with ferry_library_finish_object(). */
void        ferry_library_edit_package_info_async (FerryConnection  *source,
                                                   const char       *migration_id,
                                                   JsonObject       *package_info,
                                                   GCancellable     *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer          user_data);
/* On the source: POST /api/migrations?packageId=PACKAGE_ID with
 * {"importInfo":{"environment":{…},"project":{…}}} (201, a new migration of
 * the same package). SOURCE_PROJECT_ID (nullable) is the project header.
 * Finish with ferry_library_finish_object(). */
void        ferry_library_reuse_package_async    (FerryConnection   *source,
                                                  const char        *package_id,
                                                  const char        *source_project_id,
                                                  const char        *target_environment_id,
                                                  const char        *target_environment_name,
                                                  const char        *target_project_id,
                                                  const char        *target_project_name,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);

/**
 * FerrySharedFileSpec:
 * @name: the file's name (no extension needed)
 * @size: its size in bytes
 * @sha256: its sha256, 64 hex digits
 * @environment_id: (nullable): the environment it is uploaded to
 * @environment_name: (nullable)
 * @package_id: (nullable): extraInfo.packageId
 * @package_type: (nullable): extraInfo.packageType
 * @package_purpose: (nullable): extraInfo.packagePurpose
 *   (NULL: "migration_from_shared_file_store", as the vendor's SDK sends)
 */
typedef struct
{
  const char *name;
  goffset     size;
  const char *sha256;
  const char *environment_id;
  const char *environment_name;
  const char *package_id;
  const char *package_type;
  const char *package_purpose;
} FerrySharedFileSpec;

/* POST /api/mstrServices/library/storage/sharedFileStore/files: the file's
 * metadata {id, path, existing:false, …}. Finish with
 * ferry_library_finish_object(). */
void        ferry_library_create_shared_file_async (FerryConnection *connection,
                                                    const FerrySharedFileSpec *spec,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* PUT …/sharedFileStore/files/{fileId}/binary, multipart "file", streamed
 * from FILE; PROGRESS as for ferry_connection_upload_async(). Finish with
 * ferry_library_finish_object() (the metadata, existing:true). */
void        ferry_library_upload_shared_file_async (FerryConnection *connection,
                                                    const char      *file_id,
                                                    GFile           *file,
                                                    FerryTransferProgress progress,
                                                    gpointer         progress_data,
                                                    GDestroyNotify   progress_destroy,
                                                    GCancellable    *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer         user_data);
/* POST /api/migrations with purpose migration_from_shared_file_store (flow
 * H): the import starts at once (201, locked / importing / approved).
 * PROJECT_ID NULL for configuration packages. Finish with
 * ferry_library_finish_object(). */
void        ferry_library_create_migration_from_file_async (FerryConnection *target,
                                                            const char      *file_id,
                                                            const char      *name,
                                                            const char      *environment_id,
                                                            const char      *environment_name,
                                                            const char      *project_id,
                                                            const char      *project_name,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);
/* GET /api/migrations/packages/{packageId}/binary (the package) or
 * /api/migrations/imports/{importId}/binary (the undo package of an
 * imported migration, on its target) into FILE, streamed, with PROGRESS.
 * Finish with ferry_library_finish(). */
void        ferry_library_download_package_to_file_async (FerryConnection *connection,
                                                          const char      *package_id,
                                                          GFile           *file,
                                                          FerryTransferProgress progress,
                                                          gpointer         progress_data,
                                                          GDestroyNotify   progress_destroy,
                                                          GCancellable    *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer         user_data);
void        ferry_library_download_undo_package_to_file_async (FerryConnection *connection,
                                                               const char      *import_id,
                                                               GFile           *file,
                                                               FerryTransferProgress progress,
                                                               gpointer         progress_data,
                                                               GDestroyNotify   progress_destroy,
                                                               GCancellable    *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer         user_data);
/* The sha256 (hex) and size of FILE, read in chunks in a worker thread. */
void        ferry_library_hash_file_async        (GFile             *file,
                                                  GCancellable      *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer           user_data);
char       *ferry_library_hash_file_finish       (GAsyncResult      *result,
                                                  goffset           *size_out,
                                                  GError           **error);

G_END_DECLS
