/* ferry-discovery.h: typed calls that read what a Library server holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server status, projects, folders, search, users and groups, object
 * details, dependencies (metadata search) and the storage status, each as
 * an _async/_finish pair over a FerryConnection. Listings read every page;
 * errors are those of ferry_connection_call_async() (FERRY_API_ERROR,
 * G_IO_ERROR).
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ferry-connection.h"
#include "ferry-inventory.h"
#include "ferry-object-info.h"

G_BEGIN_DECLS

/* Progress of a listing, on the caller's main context after each page:
 * DONE items read so far of TOTAL (0 while unknown). */
typedef void     (*FerryProgressFunc) (guint64   done,
                                       guint64   total,
                                       gpointer  user_data);

/* One page of a listing's raw items (the "result" array of a search, the
 * array of a folder listing). Called in a worker thread, one page at a
 * time and in order (an empty page is not handed over); ITEMS is borrowed
 * for the call. Return FALSE with
 * ERROR set to stop the listing with that error. */
typedef gboolean (*FerryPageFunc)     (JsonArray *items,
                                       gpointer   user_data,
                                       GError   **error);

/* One page of a listing as FerryObjectInfo (borrowed: take references to
 * keep them), on the caller's main context, in order. */
typedef void     (*FerryObjectsFunc)  (GPtrArray *objects,
                                       gpointer   user_data);

/* --- Values ----------------------------------------------------------------- */

/**
 * FerryServerStatus:
 * @iserver_version: "11.4.1000" (nullable)
 * @web_version: the Library's version (nullable)
 * @deployment_type: as the server says (nullable)
 *
 * GET /api/status.
 */
typedef struct
{
  char *iserver_version;
  char *web_version;
  char *deployment_type;
} FerryServerStatus;

#define FERRY_TYPE_SERVER_STATUS (ferry_server_status_get_type ())
GType              ferry_server_status_get_type  (void) G_GNUC_CONST;
FerryServerStatus *ferry_server_status_copy      (const FerryServerStatus *status);
void               ferry_server_status_free      (FerryServerStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryServerStatus, ferry_server_status_free)

/**
 * FerryStorageStatus:
 * @configured: the Storage Service (shared file store) is configured; the
 *   migration endpoints need it
 * @type: "file_system", "S3", "Azure", "GCS", "unset", … (nullable)
 * @alias: (nullable)
 * @location: (nullable)
 *
 * GET /api/mstrServices/library/storage.
 */
typedef struct
{
  gboolean  configured;
  char     *type;
  char     *alias;
  char     *location;
} FerryStorageStatus;

#define FERRY_TYPE_STORAGE_STATUS (ferry_storage_status_get_type ())
GType               ferry_storage_status_get_type (void) G_GNUC_CONST;
FerryStorageStatus *ferry_storage_status_copy     (const FerryStorageStatus *status);
void                ferry_storage_status_free     (FerryStorageStatus       *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryStorageStatus, ferry_storage_status_free)

/* A project as GET /api/projects lists it (properties: id, name,
 * description, alias, status). */
#define FERRY_TYPE_PROJECT (ferry_project_get_type ())
G_DECLARE_FINAL_TYPE (FerryProject, ferry_project, FERRY, PROJECT, GObject)

FerryProject      *ferry_project_new_from_json    (JsonObject    *object,
                                                   GError       **error) G_GNUC_WARN_UNUSED_RESULT;
const char        *ferry_project_get_id           (FerryProject  *self);
const char        *ferry_project_get_name         (FerryProject  *self);
const char        *ferry_project_get_description  (FerryProject  *self);
const char        *ferry_project_get_alias        (FerryProject  *self);
/* EnumDSSXMLProjectStatus: 0 active, -1 offline, … */
int                ferry_project_get_status       (FerryProject  *self);

/* EnumDSSXMLSearchTypes, the search's "pattern". */
typedef enum
{
  FERRY_SEARCH_CONTAINS_ANY_WORD   = 0,
  FERRY_SEARCH_BEGINS_WITH         = 1,
  FERRY_SEARCH_EXACTLY             = 2,
  FERRY_SEARCH_BEGINS_WITH_PHRASE  = 3,
  FERRY_SEARCH_CONTAINS            = 4,
  FERRY_SEARCH_ENDS_WITH           = 5,
} FerrySearchPattern;

/**
 * FerrySearchQuery:
 * @name: the name to look for (nullable: any name)
 * @pattern: how @name matches
 * @types: (element-type int) object types or subtypes, any of which matches
 *   (nullable or empty: every type)
 * @root: only below this folder (nullable)
 * @get_ancestors: ask for each object's folders (fills parent-id and path)
 *
 * GET /api/searches/results. Build with ferry_search_query_new().
 */
typedef struct
{
  char               *name;
  FerrySearchPattern  pattern;
  GArray             *types;
  char               *root;
  gboolean            get_ancestors;
} FerrySearchQuery;

#define FERRY_TYPE_SEARCH_QUERY (ferry_search_query_get_type ())
GType              ferry_search_query_get_type   (void) G_GNUC_CONST;
/* Every object (no name, no type, no root), without ancestors. */
FerrySearchQuery  *ferry_search_query_new        (void);
FerrySearchQuery  *ferry_search_query_copy       (const FerrySearchQuery *query);
void               ferry_search_query_free       (FerrySearchQuery       *query);
void               ferry_search_query_set_name   (FerrySearchQuery       *query,
                                                  const char             *name,
                                                  FerrySearchPattern      pattern);
void               ferry_search_query_add_type   (FerrySearchQuery       *query,
                                                  int                     type_or_subtype);
void               ferry_search_query_set_root   (FerrySearchQuery       *query,
                                                  const char             *folder_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerrySearchQuery, ferry_search_query_free)

/* Which way a dependency search looks from the object. */
typedef enum
{
  FERRY_DEPENDENCY_USES,      /* the objects it uses (its components: usedByObject) */
  FERRY_DEPENDENCY_USED_BY,   /* the objects that use it (usesObject) */
} FerryDependencyDirection;

/* --- Calls ------------------------------------------------------------------ */

/* GET /api/status (no session needed). */
void                ferry_discovery_get_status_async          (FerryConnection     *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
FerryServerStatus  *ferry_discovery_get_status_finish         (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* GET /api/projects → GPtrArray of FerryProject (element free function set). */
void                ferry_discovery_list_projects_async       (FerryConnection     *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray          *ferry_discovery_list_projects_finish      (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The project's name as real clients read it: GET /api/objects/{id}?type=32
 * with the project header. */
void                ferry_discovery_get_project_name_async    (FerryConnection     *connection,
                                                               const char          *project_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
char               *ferry_discovery_get_project_name_finish   (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The contents of FOLDER_ID, or the project's top-level folders when
 * FOLDER_ID is NULL (GET /api/folders[/{id}]), every page. Items get
 * parent-id FOLDER_ID (path "\" for the top level: the root folder).
 * → GPtrArray of FerryObjectInfo, folders first as the server sends them. */
void                ferry_discovery_list_folder_async         (FerryConnection     *connection,
                                                               const char          *project_id,
                                                               const char          *folder_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray          *ferry_discovery_list_folder_finish        (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The same listing, each page's objects handed to OBJECTS_FUNC on the
 * caller's main context as soon as they are built, in order (a folder of
 * thousands shows its first rows before the last page is in).
 * OBJECTS_DESTROY frees OBJECTS_DATA when the listing is over. → TRUE and
 * *N_ITEMS (nullable), the number of objects handed over. */
void                ferry_discovery_list_folder_pages_async   (FerryConnection     *connection,
                                                               const char          *project_id,
                                                               const char          *folder_id,
                                                               FerryObjectsFunc     objects_func,
                                                               gpointer             objects_data,
                                                               GDestroyNotify       objects_destroy,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean            ferry_discovery_list_folder_pages_finish  (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               guint64             *n_items,
                                                               GError             **error);

/* GET /api/searches/results, every page (large pages, several in flight,
 * objects built in a worker thread): → GPtrArray of FerryObjectInfo.
 * PROJECT_ID NULL searches the configuration. PROGRESS (nullable) is called
 * after each page; PROGRESS_DESTROY when the search is over. */
void                ferry_discovery_search_async              (FerryConnection        *connection,
                                                               const char             *project_id,
                                                               const FerrySearchQuery *query,
                                                               FerryProgressFunc       progress,
                                                               gpointer                progress_data,
                                                               GDestroyNotify          progress_destroy,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
GPtrArray          *ferry_discovery_search_finish             (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* The same search, handing each page's raw items to PAGE_FUNC (in a worker
 * thread, in order) instead of building objects: for inventories of
 * 100 000 objects (e.g. ferry_inventory_builder_add_json_array()).
 * The finish gives the number of items read. */
void                ferry_discovery_search_pages_async        (FerryConnection        *connection,
                                                               const char             *project_id,
                                                               const FerrySearchQuery *query,
                                                               FerryPageFunc           page_func,
                                                               gpointer                page_data,
                                                               GDestroyNotify          page_destroy,
                                                               FerryProgressFunc       progress,
                                                               gpointer                progress_data,
                                                               GDestroyNotify          progress_destroy,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean            ferry_discovery_search_pages_finish       (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               guint64             *n_items,
                                                               GError             **error);

/* The same search read into BUILDER (borrowed until the callback; filled in
 * worker threads, in order): each page's body parsed by
 * ferry-search-parse.h as it arrives, several at once, no JSON tree built.
 * Errors as ferry_inventory_builder_add_json_array() and the json-glib
 * listings give them. The finish gives the number of items read. */
void                ferry_discovery_search_inventory_async    (FerryConnection        *connection,
                                                               const char             *project_id,
                                                               const FerrySearchQuery *query,
                                                               FerryInventoryBuilder  *builder,
                                                               FerryProgressFunc       progress,
                                                               gpointer                progress_data,
                                                               GDestroyNotify          progress_destroy,
                                                               GCancellable           *cancellable,
                                                               GAsyncReadyCallback     callback,
                                                               gpointer                user_data);
gboolean            ferry_discovery_search_inventory_finish   (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               guint64             *n_items,
                                                               GError             **error);

/* GET /api/users and GET /api/usergroups, every page → GPtrArray of
 * FerryObjectInfo (type 34, subtype 8704 users, 8705 groups). */
void                ferry_discovery_list_users_async          (FerryConnection     *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray          *ferry_discovery_list_users_finish         (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void                ferry_discovery_list_user_groups_async    (FerryConnection     *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray          *ferry_discovery_list_user_groups_finish   (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* GET /api/objects/{id}?type=TYPE: the object with its ACL and ancestors.
 * PROJECT_ID NULL for configuration objects (users, groups, …). */
void                ferry_discovery_get_object_async          (FerryConnection     *connection,
                                                               const char          *project_id,
                                                               const char          *object_id,
                                                               int                  type,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
FerryObjectInfo    *ferry_discovery_get_object_finish         (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* Dependencies through the metadata search: POST
 * /api/metadataSearches/results with usesObject / usedByObject "id;type"
 * (and usesRecursive / usedByRecursive), then every page of its results.
 * RECURSIVE follows the dependencies transitively. → GPtrArray of
 * FerryObjectInfo. */
void                ferry_discovery_list_dependencies_async   (FerryConnection          *connection,
                                                               const char               *project_id,
                                                               const char               *object_id,
                                                               int                       type,
                                                               FerryDependencyDirection  direction,
                                                               gboolean                  recursive,
                                                               GCancellable             *cancellable,
                                                               GAsyncReadyCallback       callback,
                                                               gpointer                  user_data);
GPtrArray          *ferry_discovery_list_dependencies_finish  (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

/* GET /api/mstrServices/library/storage. */
void                ferry_discovery_get_storage_status_async  (FerryConnection     *connection,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
FerryStorageStatus *ferry_discovery_get_storage_status_finish (FerryConnection     *connection,
                                                               GAsyncResult        *result,
                                                               GError             **error);

G_END_DECLS
