/* ferry-sandbox-routes.c: the route table: every endpoint of the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * To add an endpoint: write its handler in the module of its area
 * (ferry-sandbox-discovery.c, -packages.c, -migrations.c), declare it in
 * that module's header and add a row here. Rows of one pattern stay
 * together; a literal segment goes before a {id} that would also match it
 * (/api/packages/imports before /api/packages/{id}).
 */

#include "config.h"

#include "ferry-sandbox-routes.h"
#include "ferry-sandbox-discovery.h"
#include "ferry-sandbox-file-store.h"
#include "ferry-sandbox-migration-edit.h"
#include "ferry-sandbox-migrations.h"
#include "ferry-sandbox-packages.h"
#include "ferry-sandbox-roles.h"
#include "ferry-sandbox-validation.h"

#define PUBLIC  SB_ROUTE_PUBLIC
#define STORAGE SB_ROUTE_STORAGE
#define CREATE  SB_PRIV_CREATE_PACKAGE
#define APPLY   SB_PRIV_APPLY_PACKAGE
#define MANAGE  SB_PRIV_MANAGE_MIGRATION

const SbRoute sb_routes[] = {
  /* Authentication and sessions */
  { "POST",   "/api/auth/login",                 sb_handle_login,              PUBLIC, 0, NULL },
  { "POST",   "/api/auth/logout",                sb_handle_logout,             0, 0, NULL },
  { "GET",    "/api/sessions",                   sb_handle_session_get,        0, 0, NULL },
  { "PUT",    "/api/sessions",                   sb_handle_session_put,        0, 0, NULL },
  { "DELETE", "/api/sessions",                   sb_handle_logout,             0, 0, NULL },
  { "GET",    "/api/sessions/userInfo",          sb_handle_user_info,          0, 0, NULL },
  { "GET",    "/api/sessions/privileges",        sb_handle_session_privileges, 0, 0, NULL },
  { "GET",    "/api/status",                     sb_handle_status,             PUBLIC, 0, NULL },

  /* Discovery */
  { "GET",    "/api/projects",                   sb_handle_projects,           0, 0, NULL },
  { "GET",    "/api/projects/{id}",              sb_handle_project,            0, 0, NULL },
  /* Deeper paths: 405 for other methods, as /api/projects/{id} says. */
  { "GET",    "/api/projects/{id}/**",           sb_reply_not_found,           PUBLIC, 0, "/api/projects/{id}" },
  { "GET",    "/api/folders",                    sb_handle_folders,            0, 0, NULL },
  { "GET",    "/api/folders/{id}",               sb_handle_folders,            0, 0, NULL },
  { "GET",    "/api/searches/results",           sb_handle_searches,           0, 0, NULL },
  { "GET",    "/api/objects/{id}",               sb_handle_objects,            0, 0, NULL },
  { "GET",    "/api/users",                      sb_handle_users,              0, 0, NULL },
  { "GET",    "/api/users/{id}",                 sb_handle_users,              0, 0, NULL },
  { "GET",    "/api/usergroups",                 sb_handle_user_groups,        0, 0, NULL },
  { "GET",    "/api/usergroups/{id}",            sb_handle_user_groups,        0, 0, NULL },
  { "POST",   "/api/metadataSearches/results",   sb_handle_metadata_search,    0, 0, NULL },
  { "GET",    "/api/metadataSearches/results",   sb_handle_metadata_search_results, 0, 0, NULL },
  { "GET",    "/api/mstrServices/library/storage", sb_handle_storage,          0, 0, NULL },
  /* Shared file store: Manage Migration Packages; uploading (POST, PUT
   * binary) also needs Environment Administrator, checked by the handler. */
  { "GET",    "/api/mstrServices/library/storage/sharedFileStore/files", sb_handle_shared_file_list, STORAGE, MANAGE, NULL },
  { "POST",   "/api/mstrServices/library/storage/sharedFileStore/files", sb_handle_shared_file_create, STORAGE, MANAGE, NULL },
  { "DELETE", "/api/mstrServices/library/storage/sharedFileStore/files/{id}", sb_handle_shared_file_delete, STORAGE, MANAGE, NULL },
  { "GET",    "/api/mstrServices/library/storage/sharedFileStore/files/{id}/binary", sb_handle_shared_file_download, STORAGE, MANAGE, NULL },
  { "PUT",    "/api/mstrServices/library/storage/sharedFileStore/files/{id}/binary", sb_handle_shared_file_upload, STORAGE, MANAGE, NULL },

  /* Packages (session-bound holders and import processes) */
  { "POST",   "/api/packages",                   sb_handle_create_holder,      0, CREATE | APPLY, NULL },
  { "POST",   "/api/packages/imports",           sb_handle_create_import,      0, APPLY, NULL },
  { "GET",    "/api/packages/imports/{id}",      sb_handle_get_import,         0, CREATE | APPLY, NULL },
  { "DELETE", "/api/packages/imports/{id}",      sb_handle_delete_import,      0, CREATE | APPLY, NULL },
  { "GET",    "/api/packages/imports/{id}/undoPackage/binary", sb_handle_download_undo, 0, CREATE | APPLY, NULL },
  { "GET",    "/api/packages/{id}",              sb_handle_get_holder,         0, CREATE | APPLY, NULL },
  { "PUT",    "/api/packages/{id}",              sb_handle_define_holder,      0, CREATE, NULL },
  { "DELETE", "/api/packages/{id}",              sb_handle_delete_holder,      0, CREATE | APPLY, NULL },
  { "GET",    "/api/packages/{id}/binary",       sb_handle_download_holder,    0, CREATE | APPLY, NULL },
  { "PUT",    "/api/packages/{id}/binary",       sb_handle_upload_holder,      0, CREATE | APPLY, NULL },

  /* Migrations (through shared storage) */
  { "GET",    "/api/migrations",                 sb_handle_migration_list,     STORAGE, CREATE | APPLY, NULL },
  { "POST",   "/api/migrations",                 sb_handle_migration_create,   STORAGE, CREATE, NULL },
  { "DELETE", "/api/migrations",                 sb_handle_migration_delete,   STORAGE, CREATE | APPLY, NULL },
  { "GET",    "/api/migrations/{id}",            sb_handle_migration_get,      STORAGE, CREATE | APPLY, NULL },
  { "PATCH",  "/api/migrations/{id}",            sb_handle_migration_patch,    STORAGE, CREATE | APPLY, NULL },
  { "PUT",    "/api/migrations/{id}",            sb_handle_migration_put,      STORAGE, APPLY, NULL },
  { "PUT",    "/api/migrations/{id}/packageInfo", sb_handle_migration_edit,     STORAGE, CREATE, NULL },
  { "GET",    "/api/migrations/packages/{id}/binary", sb_handle_migration_download, STORAGE, CREATE | APPLY, NULL },
  { "GET",    "/api/migrations/imports/{id}/binary", sb_handle_migration_undo_download, STORAGE, CREATE | APPLY, NULL },
  /* Roles: the exact privilege is checked per transition (-roles.c) */
  { "PUT",    "/api/migrations/{id}/validation", sb_handle_migration_validation, STORAGE, APPLY, NULL },
  { "PATCH",  "/api/migrations/{id}/packageInfo/certification", sb_handle_migration_certification, STORAGE, CREATE | APPLY, NULL },
};

const guint sb_n_routes = G_N_ELEMENTS (sb_routes);
