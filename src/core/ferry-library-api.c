/* ferry-library-api.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-library-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ferry-library-api.h"

#include "ferry-json.h"
#include "ferry-pager.h"

#define LIST_PAGE_SIZE 1000
#define LIST_PURPOSES "object_migration,project_merge,migration_from_shared_file_store"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
/* ------------------------------------------------------------------------ */

gboolean
ferry_library_status_is (const char *status,
                         const char *wanted)
{
  return status != NULL && wanted != NULL && g_ascii_strcasecmp (status, wanted) == 0;
}

/* The object holding the last member of PATH ("a.b.c": the object at
 * a.b) and that member's name, or NULL. */
static JsonObject *
record_parent_of (JsonObject  *record,
                  const char  *path,
                  const char **last)
{
  const char *dot;

  if (path == NULL)
    return NULL;
  while (record != NULL && (dot = strchr (path, '.')) != NULL)
    {
      g_autofree char *part = g_strndup (path, dot - path);

      record = ferry_json_get_object (record, part);
      path = dot + 1;
    }
  *last = path;
  return record;
}

const char *
ferry_library_record_get_string (JsonObject *record,
                                 const char *path)
{
  const char *last = NULL;
  JsonObject *parent = record_parent_of (record, path, &last);

  return ferry_json_get_string (parent, last);
}

double
ferry_library_record_get_number (JsonObject *record,
                                 const char *path,
                                 double      default_value)
{
  const char *last = NULL;
  JsonObject *parent = record_parent_of (record, path, &last);

  return ferry_json_get_double (parent, last, default_value);
}

char *
ferry_library_migration_package_id (const char *migration_id)
{
  const char *colon;

  g_return_val_if_fail (migration_id != NULL, NULL);

  colon = strchr (migration_id, ':');
  return colon != NULL ? g_strndup (migration_id, colon - migration_id) : g_strdup (migration_id);
}

/* An id as one path segment: a migration id keeps its colon (as real
 * clients send it); package ids are base64 and need '/', '+' and '='
 * escaped. */
static char *
segment (const char *id)
{
  return g_uri_escape_string (id, ":", FALSE);
}

static char *
query_value (const char *value)
{
  return g_uri_escape_string (value, NULL, FALSE);
}

static JsonObject *
id_name (const char *id,
         const char *name)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "name", name != NULL ? name : id);
  return object;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

static const char *
purpose_name (FerryMigrationPurpose purpose)
{
  switch (purpose)
    {
    case FERRY_MIGRATION_PURPOSE_PROJECT_MERGE:
      return "project_merge";
    case FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION:
    default:
      return "object_migration";
    }
}

static const char *
request_status_name (FerryRequestStatus status)
{
  switch (status)
    {
    case FERRY_REQUEST_STATUS_REQUESTED:
      return "requested";
    case FERRY_REQUEST_STATUS_APPROVED:
      return "approved";
    case FERRY_REQUEST_STATUS_REJECTED:
      return "rejected";
    default:
      g_return_val_if_reached ("requested");
    }
}

static gboolean
is_configuration (const char *package_type)
{
  return ferry_library_status_is (package_type, "configuration");
}

JsonNode *
ferry_library_migration_body_new (const FerryMigrationSpec *spec,
                                  const char               *source_environment_id)
{
  JsonObject *body;
  JsonObject *package;
  JsonObject *import;
  JsonObject *toc;
  const char *type;
  const char *env_id;

  g_return_val_if_fail (spec != NULL, NULL);

  type = spec->package_type != NULL ? spec->package_type : "project";
  env_id = spec->source_environment_id != NULL ? spec->source_environment_id : source_environment_id;

  package = json_object_new ();
  json_object_set_string_member (package, "type", type);
  json_object_set_string_member (package, "purpose", purpose_name (spec->purpose));
  json_object_set_string_member (package, "name", spec->name != NULL ? spec->name : "Ferry migration");
  if (env_id != NULL)
    json_object_set_object_member (package, "environment",
                                   id_name (env_id, spec->source_environment_name));
  if (!is_configuration (type) && spec->source_project_id != NULL)
    json_object_set_object_member (package, "project",
                                   id_name (spec->source_project_id, spec->source_project_name));

  toc = json_object_new ();
  if (spec->settings != NULL)
    json_object_set_member (toc, "settings", ferry_json_node_copy_deep (spec->settings));
  else
    json_object_set_object_member (toc, "settings", json_object_new ());
  if (spec->content != NULL && spec->purpose == FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION)
    json_object_set_member (toc, "content", ferry_json_node_copy_deep (spec->content));
  json_object_set_object_member (package, "tocView", toc);
  json_object_set_object_member (package, "treeView", json_object_new ());

  import = json_object_new ();
  if (spec->target_environment_id != NULL)
    json_object_set_object_member (import, "environment",
                                   id_name (spec->target_environment_id, spec->target_environment_name));
  if (!is_configuration (type) && spec->target_project_id != NULL)
    json_object_set_object_member (import, "project",
                                   id_name (spec->target_project_id, spec->target_project_name));

  body = json_object_new ();
  json_object_set_object_member (body, "packageInfo", package);
  json_object_set_object_member (body, "importInfo", import);
  return object_node (body);
}

/* ------------------------------------------------------------------------ */
/* One call                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum
{
  ANSWER_OBJECT,    /* a record */
  ANSWER_NONE,      /* nothing wanted */
  ANSWER_GONE_OK,   /* nothing wanted; 404 counts as done (deletes) */
  ANSWER_MIGRATION_GONE_OK, /* the same, for 404 ERR006 only */
  ANSWER_FILE,      /* a binary written to a file */
} Answer;

typedef struct
{
  Answer  answer;
  GFile  *file;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_object (&data->file);
  g_free (data);
}

/* A delete whose object is already gone. DELETE /api/migrations answers
 * 404 ERR006 then (what real clients accept); a package holder or an import
 * process gone with its session answers 404 naming the id. The bare
 * "HTTP 404 Not Found" of an unknown route is not "gone". */
static gboolean
is_gone (Answer        answer,
         const GError *error)
{
  const char *code;

  if (answer != ANSWER_GONE_OK && answer != ANSWER_MIGRATION_GONE_OK)
    return FALSE;
  if (!g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    return FALSE;
  code = ferry_api_error_get_server_code (error);
  if (answer == ANSWER_MIGRATION_GONE_OK)
    return g_strcmp0 (code, "ERR006") == 0;
  return g_strcmp0 (error->message, "HTTP 404 Not Found") != 0;
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  FerryConnection *connection = FERRY_CONNECTION (object);
  g_autoptr(GTask) task = user_data;
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(JsonNode) node = ferry_connection_call_finish (connection, result, NULL, &error);

    if (error != NULL)
      {
        if (is_gone (data->answer, error))
          {
            g_debug ("Already deleted: %s", error->message);
            g_task_return_boolean (task, TRUE);
          }
        else
          g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

    if (data->answer != ANSWER_OBJECT)
      {
        g_task_return_boolean (task, TRUE);
        return;
      }

    if (node == NULL)
      {
        g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
        return;
      }
    if (!JSON_NODE_HOLDS_OBJECT (node))
      {
        g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                 _("The server answered with JSON that is not an object"));
        return;
      }
    g_task_return_pointer (task, json_object_ref (json_node_get_object (node)),
                           (GDestroyNotify) json_object_unref);
  }
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ferry_connection_download_finish (FERRY_CONNECTION (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
call (FerryConnection    *connection,
      const char         *method,
      const char         *path,
      const char         *project_id,
      JsonNode           *body,
      FerryRequestFlags   flags,
      Answer              answer,
      GFile              *file,
      gpointer            source_tag,
      GCancellable       *cancellable,
      GAsyncReadyCallback callback,
      gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  CallData *data;

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  data = g_new0 (CallData, 1);
  data->answer = answer;
  data->file = file != NULL ? g_object_ref (file) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  if (answer == ANSWER_FILE)
    {
      ferry_connection_download_async (connection, path, project_id, file, NULL, NULL, NULL,
                                       cancellable, download_cb, g_steal_pointer (&task));
      return;
    }

  ferry_connection_call_async (connection, method, path, project_id, body, flags,
                               cancellable, call_cb, g_steal_pointer (&task));
}

JsonObject *
ferry_library_finish_object (GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
ferry_library_finish (GAsyncResult *result,
                      GError      **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                    */
/* ------------------------------------------------------------------------ */

/* One page of /api/migrations: its records go to the task's array. */
static gboolean
list_page_cb (JsonArray *items,
              guint64    offset,
              gint64     total,
              gpointer   user_data,
              GError   **error)
{
  GPtrArray *records = g_task_get_task_data (user_data);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (records, json_object_ref (json_node_get_object (item)));
    }
  return TRUE;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ferry_pager_run_finish (result, NULL, &error) < 0)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_ptr_array_ref (g_task_get_task_data (task)),
                           (GDestroyNotify) g_ptr_array_unref);
}

void
ferry_library_list_migrations_async (FerryConnection    *connection,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  /* Every page until the total: a page without "data" is an error, one
   * without a total the last. */
  FerryPagerOptions options = {
    .items_member = "data",
    .total_member = "total",
    .page_size = LIST_PAGE_SIZE,
    .max_items = G_MAXUINT64,
    .pager_flags = FERRY_PAGER_REQUIRE_ITEMS | FERRY_PAGER_REQUIRE_TOTAL,
  };
  g_autofree char *purposes = query_value (LIST_PURPOSES);
  g_autofree char *path = g_strdup_printf ("/api/migrations?packageInfo.purpose=%s", purposes);
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_library_list_migrations_async);
  g_task_set_task_data (task, g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref),
                        (GDestroyNotify) g_ptr_array_unref);
  ferry_pager_run_async (connection, path, &options, list_page_cb, task, NULL, cancellable,
                         list_done_cb, task);
}

GPtrArray *
ferry_library_list_migrations_finish (FerryConnection *connection,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_library_list_migrations_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Migrations                                                                 */
/* ------------------------------------------------------------------------ */

void
ferry_library_create_migration_async (FerryConnection          *source,
                                      const FerryMigrationSpec *spec,
                                      GCancellable             *cancellable,
                                      GAsyncReadyCallback       callback,
                                      gpointer                  user_data)
{
  g_autofree char *env_id = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (spec != NULL);

  env_id = ferry_connection_dup_environment_id (source);
  body = ferry_library_migration_body_new (spec, env_id);
  call (source, "POST", "/api/migrations",
        is_configuration (spec->package_type) ? NULL : spec->source_project_id,
        body, FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_create_migration_async, cancellable, callback, user_data);
}

void
ferry_library_create_migration_from_body_async (FerryConnection    *source,
                                                const char         *project_id,
                                                JsonNode           *body,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (body != NULL);

  call (source, "POST", "/api/migrations", project_id, body,
        FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_create_migration_from_body_async, cancellable, callback, user_data);
}

static const char *
show_content_name (FerryShowContent show)
{
  switch (show)
    {
    case FERRY_SHOW_CONTENT_TOC_VIEW:
      return "tocView";
    case FERRY_SHOW_CONTENT_TREE_VIEW:
      return "treeView";
    case FERRY_SHOW_CONTENT_ALL:
      return "all";
    case FERRY_SHOW_CONTENT_DEFAULT:
    default:
      return "default";
    }
}

void
ferry_library_get_migration_async (FerryConnection    *connection,
                                   const char         *migration_id,
                                   FerryShowContent    show,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (migration_id != NULL);

  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s?showContent=%s", id, show_content_name (show));
  call (connection, "GET", path, NULL, NULL, FERRY_REQUEST_NONE, ANSWER_OBJECT, NULL,
        ferry_library_get_migration_async, cancellable, callback, user_data);
}

void
ferry_library_patch_migration_async (FerryConnection    *connection,
                                     const char         *migration_id,
                                     const char         *project_id,
                                     JsonNode           *body,
                                     FerryRequestFlags   flags,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (migration_id != NULL);
  g_return_if_fail (body != NULL);

  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s", id);
  call (connection, "PATCH", path, project_id, body, flags, ANSWER_OBJECT, NULL,
        ferry_library_patch_migration_async, cancellable, callback, user_data);
}

static JsonNode *
import_info_body (const char *member,
                  const char *value)
{
  JsonObject *body = json_object_new ();
  JsonObject *import = json_object_new ();

  json_object_set_string_member (import, member, value);
  json_object_set_object_member (body, "importInfo", import);
  return object_node (body);
}

void
ferry_library_set_import_request_async (FerryConnection    *source,
                                        const char         *migration_id,
                                        FerryRequestStatus  status,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(JsonNode) body = import_info_body ("importRequestStatus", request_status_name (status));

  ferry_library_patch_migration_async (source, migration_id, NULL, body, FERRY_REQUEST_STARTS_WORK,
                                       cancellable, callback, user_data);
}

void
ferry_library_set_undo_request_async (FerryConnection    *target,
                                      const char         *migration_id,
                                      FerryRequestStatus  status,
                                      const char         *target_project_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(JsonNode) body = import_info_body ("undoRequestStatus", request_status_name (status));

  ferry_library_patch_migration_async (target, migration_id, target_project_id, body,
                                       FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC,
                                       cancellable, callback, user_data);
}

void
ferry_library_rename_migration_async (FerryConnection    *source,
                                      const char         *migration_id,
                                      const char         *name,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *package = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (name != NULL);

  json_object_set_string_member (package, "name", name);
  json_object_set_object_member (body, "packageInfo", package);
  node = object_node (body);
  ferry_library_patch_migration_async (source, migration_id, NULL, node, FERRY_REQUEST_NONE,
                                       cancellable, callback, user_data);
}

void
ferry_library_import_migration_async (FerryConnection    *target,
                                      JsonObject         *source_record,
                                      const char         *target_project_id,
                                      gboolean            generate_undo,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  const char *migration_id;
  const char *project_id = target_project_id;

  g_return_if_fail (FERRY_IS_CONNECTION (target));
  g_return_if_fail (source_record != NULL);

  migration_id = ferry_json_get_string (source_record, "id");
  if (migration_id == NULL || ferry_json_get_object (source_record, "packageInfo") == NULL)
    {
      g_task_report_new_error (target, callback, user_data, ferry_library_import_migration_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The source's record of the migration has no id or no packageInfo"));
      return;
    }

  record = ferry_json_object_copy_deep (source_record);
  json_object_set_boolean_member (json_object_get_object_member (record, "packageInfo"),
                                  "replicated", TRUE);
  if (project_id == NULL &&
      !is_configuration (ferry_library_record_get_string (record, "packageInfo.type")))
    project_id = ferry_library_record_get_string (record, "importInfo.project.id");

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, record);
  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s?generateUndo=%s", id, generate_undo ? "true" : "false");
  call (target, "PUT", path, project_id, body,
        FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_import_migration_async, cancellable, callback, user_data);
}

void
ferry_library_delete_migration_async (FerryConnection    *connection,
                                      const char         *package_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  g_autofree char *value = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);

  value = query_value (package_id);
  path = g_strdup_printf ("/api/migrations?packageId=%s", value);
  call (connection, "DELETE", path, NULL, NULL, FERRY_REQUEST_NONE, ANSWER_MIGRATION_GONE_OK, NULL,
        ferry_library_delete_migration_async, cancellable, callback, user_data);
}

void
ferry_library_download_migration_package_async (FerryConnection    *connection,
                                                const char         *package_id,
                                                GFile              *file,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  id = segment (package_id);
  path = g_strdup_printf ("/api/migrations/packages/%s/binary", id);
  call (connection, "GET", path, NULL, NULL, FERRY_REQUEST_NONE, ANSWER_FILE, file,
        ferry_library_download_migration_package_async, cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------ */
/* Package holders                                                            */
/* ------------------------------------------------------------------------ */

/* The holder's or the import's path + SUFFIX. */
static char *
resource_path (FerryPackageResource  resource,
               const char           *id,
               const char           *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (resource == FERRY_PACKAGE_IMPORT ? "/api/packages/imports/" : "/api/packages/",
                      escaped, suffix, NULL);
}

void
ferry_library_create_package_async (FerryConnection    *connection,
                                     const char         *project_id,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  call (connection, "POST", "/api/packages", project_id, NULL, FERRY_REQUEST_STARTS_WORK,
        ANSWER_OBJECT, NULL, ferry_library_create_package_async, cancellable, callback, user_data);
}

void
ferry_library_define_package_async (FerryConnection    *connection,
                                    const char         *package_id,
                                    const char         *project_id,
                                    JsonNode           *definition,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (definition != NULL);

  path = resource_path (FERRY_PACKAGE_HOLDER, package_id, NULL);
  call (connection, "PUT", path, project_id, definition,
        FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_define_package_async, cancellable, callback, user_data);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_upload_finish (FERRY_CONNECTION (object), result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else if (node == NULL)
    g_task_return_pointer (task, json_object_new (), (GDestroyNotify) json_object_unref);
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                             _("The server answered with JSON that is not an object"));
  else
    g_task_return_pointer (task, json_object_ref (json_node_get_object (node)),
                           (GDestroyNotify) json_object_unref);
}

void
ferry_library_upload_package_async (FerryConnection    *connection,
                                    const char         *package_id,
                                    const char         *project_id,
                                    GFile              *file,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  /* PUT /api/packages/{id}/binary takes the package as the form field "file". */
  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_library_upload_package_async);
  path = resource_path (FERRY_PACKAGE_HOLDER, package_id, "/binary");
  ferry_connection_upload_async (connection, "PUT", path, project_id, "file", file, FERRY_REQUEST_STARTS_WORK,
                                 NULL, NULL, NULL, cancellable, upload_cb, g_steal_pointer (&task));
}

void
ferry_library_create_package_import_async (FerryConnection    *connection,
                                           const char         *package_id,
                                           const char         *project_id,
                                           gboolean            generate_undo,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data)
{
  g_autofree char *value = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);

  value = query_value (package_id);
  path = g_strdup_printf ("/api/packages/imports?packageId=%s&generateUndo=%s",
                          value, generate_undo ? "true" : "false");
  call (connection, "POST", path, project_id, NULL,
        FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_create_package_import_async, cancellable, callback, user_data);
}

void
ferry_library_get_package_resource_async (FerryConnection      *connection,
                                          FerryPackageResource  resource,
                                          const char           *id,
                                          const char           *project_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (id != NULL);

  path = resource_path (resource, id, resource == FERRY_PACKAGE_HOLDER ? "?showContent=false" : NULL);
  call (connection, "GET", path, project_id, NULL, FERRY_REQUEST_NONE, ANSWER_OBJECT, NULL,
        ferry_library_get_package_resource_async, cancellable, callback, user_data);
}

void
ferry_library_download_package_resource_async (FerryConnection      *connection,
                                               FerryPackageResource  resource,
                                               const char           *id,
                                               const char           *project_id,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  path = resource_path (resource, id, resource == FERRY_PACKAGE_HOLDER ? "/binary" : "/undoPackage/binary");
  call (connection, "GET", path, project_id, NULL, FERRY_REQUEST_NONE, ANSWER_FILE, file,
        ferry_library_download_package_resource_async, cancellable, callback, user_data);
}

void
ferry_library_delete_package_resource_async (FerryConnection      *connection,
                                             FerryPackageResource  resource,
                                             const char           *id,
                                             const char           *project_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (id != NULL);

  path = resource_path (resource, id, NULL);
  call (connection, "DELETE", path, project_id, NULL, FERRY_REQUEST_PREFER_ASYNC, ANSWER_GONE_OK, NULL,
        ferry_library_delete_package_resource_async, cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------ */
/* Validation, certification, edit, reuse, package files                     */
/* ------------------------------------------------------------------------ */

#define SHARED_FILES_PATH "/api/mstrServices/library/storage/sharedFileStore/files"
#define HASH_CHUNK        (1024 * 1024)

const char *
ferry_certification_status_to_string (FerryCertificationStatus status)
{
  switch (status)
    {
    case FERRY_CERTIFICATION_UNCERTIFIED:
      return "uncertified";
    case FERRY_CERTIFICATION_REQUESTED:
      return "requested";
    case FERRY_CERTIFICATION_CERTIFIED:
      return "certified";
    case FERRY_CERTIFICATION_REJECTED:
      return "rejected";
    default:
      g_return_val_if_reached ("uncertified");
    }
}

/* Copies the members NAMES of FROM (when present) into a new object. */
static JsonObject *
pick_members (JsonObject         *from,
              const char * const *names)
{
  JsonObject *to = json_object_new ();

  for (guint i = 0; from != NULL && names[i] != NULL; i++)
    if (json_object_has_member (from, names[i]))
      json_object_set_member (to, names[i],
                              ferry_json_node_copy_deep (json_object_get_member (from, names[i])));
  return to;
}

JsonNode *
ferry_library_validation_body_new (JsonObject *source_record)
{
  static const char * const package_members[] = {
    "id", "type", "environment", "storage", "project", "status", NULL
  };
  static const char * const import_members[] = { "id", "environment", "project", NULL };
  JsonObject *body;

  g_return_val_if_fail (source_record != NULL, NULL);

  body = json_object_new ();
  if (ferry_json_get_string (source_record, "id") != NULL)
    json_object_set_string_member (body, "id", ferry_json_get_string (source_record, "id"));
  json_object_set_object_member (body, "packageInfo",
                                 pick_members (ferry_json_get_object (source_record, "packageInfo"),
                                               package_members));
  json_object_set_object_member (body, "importInfo",
                                 pick_members (ferry_json_get_object (source_record, "importInfo"),
                                               import_members));
  return object_node (body);
}

void
ferry_library_set_import_target_async (FerryConnection    *source,
                                       const char         *migration_id,
                                       const char         *environment_id,
                                       const char         *environment_name,
                                       const char         *project_id,
                                       const char         *project_name,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *import = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (environment_id != NULL);

  json_object_set_object_member (import, "environment", id_name (environment_id, environment_name));
  if (project_id != NULL)
    json_object_set_object_member (import, "project", id_name (project_id, project_name));
  json_object_set_object_member (body, "importInfo", import);
  node = object_node (body);
  ferry_library_patch_migration_async (source, migration_id, NULL, node, FERRY_REQUEST_NONE,
                                       cancellable, callback, user_data);
}

void
ferry_library_validate_migration_async (FerryConnection    *target,
                                        JsonObject         *source_record,
                                        const char         *target_project_id,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data)
{
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  const char *migration_id;
  const char *project_id = target_project_id;

  g_return_if_fail (FERRY_IS_CONNECTION (target));
  g_return_if_fail (source_record != NULL);

  migration_id = ferry_json_get_string (source_record, "id");
  if (migration_id == NULL)
    {
      g_task_report_new_error (target, callback, user_data, ferry_library_validate_migration_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The source's record of the migration has no id"));
      return;
    }
  if (project_id == NULL &&
      !is_configuration (ferry_library_record_get_string (source_record, "packageInfo.type")))
    project_id = ferry_library_record_get_string (source_record, "importInfo.project.id");

  body = ferry_library_validation_body_new (source_record);
  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s/validation", id);
  call (target, "PUT", path, project_id, body, FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC,
        ANSWER_NONE, NULL, ferry_library_validate_migration_async, cancellable, callback, user_data);
}

void
ferry_library_start_validation_async (FerryConnection    *source,
                                      const char         *migration_id,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *validation = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (validation, "status", "validating");
  json_object_set_object_member (body, "validation", validation);
  node = object_node (body);
  ferry_library_patch_migration_async (source, migration_id, NULL, node, FERRY_REQUEST_NONE,
                                       cancellable, callback, user_data);
}

void
ferry_library_set_certification_async (FerryConnection          *connection,
                                       const char               *migration_id,
                                       FerryCertificationStatus  status,
                                       GCancellable             *cancellable,
                                       GAsyncReadyCallback       callback,
                                       gpointer                  user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *package = json_object_new ();
  JsonObject *certification = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (migration_id != NULL);

  json_object_set_string_member (certification, "status", ferry_certification_status_to_string (status));
  json_object_set_object_member (package, "certification", certification);
  json_object_set_object_member (body, "packageInfo", package);
  node = object_node (body);
  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s/packageInfo/certification", id);
  call (connection, "PATCH", path, NULL, node, FERRY_REQUEST_PREFER_ASYNC, ANSWER_NONE, NULL,
        ferry_library_set_certification_async, cancellable, callback, user_data);
}

void
ferry_library_edit_package_info_async (FerryConnection    *source,
                                       const char         *migration_id,
                                       JsonObject         *package_info,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (migration_id != NULL);
  g_return_if_fail (package_info != NULL);

  node = object_node (ferry_json_object_copy_deep (package_info));
  id = segment (migration_id);
  path = g_strdup_printf ("/api/migrations/%s/packageInfo", id);
  call (source, "PUT", path, NULL, node, FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC,
        ANSWER_OBJECT, NULL, ferry_library_edit_package_info_async, cancellable, callback, user_data);
}

void
ferry_library_reuse_package_async (FerryConnection    *source,
                                   const char         *package_id,
                                   const char         *source_project_id,
                                   const char         *target_environment_id,
                                   const char         *target_environment_name,
                                   const char         *target_project_id,
                                   const char         *target_project_name,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *import = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *value = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (source));
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (target_environment_id != NULL);

  json_object_set_object_member (import, "environment", id_name (target_environment_id, target_environment_name));
  if (target_project_id != NULL)
    json_object_set_object_member (import, "project", id_name (target_project_id, target_project_name));
  json_object_set_object_member (body, "importInfo", import);
  node = object_node (body);
  value = query_value (package_id);
  path = g_strdup_printf ("/api/migrations?packageId=%s", value);
  call (source, "POST", path, source_project_id, node, FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC,
        ANSWER_OBJECT, NULL, ferry_library_reuse_package_async, cancellable, callback, user_data);
}

void
ferry_library_create_shared_file_async (FerryConnection           *connection,
                                        const FerrySharedFileSpec *spec,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  JsonObject *body = json_object_new ();
  JsonObject *extra = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *environment_id = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (spec != NULL && spec->name != NULL && spec->sha256 != NULL);

  environment_id = spec->environment_id != NULL ? g_strdup (spec->environment_id)
                                                : ferry_connection_dup_environment_id (connection);
  json_object_set_string_member (body, "name", spec->name);
  json_object_set_string_member (body, "extension", "mmp");
  json_object_set_string_member (body, "type", "migrations.packages");
  json_object_set_int_member (body, "size", spec->size);
  json_object_set_string_member (body, "sha256", spec->sha256);
  json_object_set_object_member (body, "environment", id_name (environment_id, spec->environment_name));
  if (spec->package_id != NULL)
    json_object_set_string_member (extra, "packageId", spec->package_id);
  if (spec->package_type != NULL)
    json_object_set_string_member (extra, "packageType", spec->package_type);
  json_object_set_string_member (extra, "packagePurpose",
                                 spec->package_purpose != NULL ? spec->package_purpose
                                                               : "migration_from_shared_file_store");
  json_object_set_object_member (body, "extraInfo", extra);
  node = object_node (body);
  call (connection, "POST", SHARED_FILES_PATH, NULL, node, FERRY_REQUEST_STARTS_WORK, ANSWER_OBJECT, NULL,
        ferry_library_create_shared_file_async, cancellable, callback, user_data);
}

void
ferry_library_upload_shared_file_async (FerryConnection       *connection,
                                        const char            *file_id,
                                        GFile                 *file,
                                        FerryTransferProgress  progress,
                                        gpointer               progress_data,
                                        GDestroyNotify         progress_destroy,
                                        GCancellable          *cancellable,
                                        GAsyncReadyCallback    callback,
                                        gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (file_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_library_upload_shared_file_async);
  id = g_uri_escape_string (file_id, NULL, FALSE);
  path = g_strdup_printf (SHARED_FILES_PATH "/%s/binary", id);
  ferry_connection_upload_async (connection, "PUT", path, NULL, "file", file, FERRY_REQUEST_STARTS_WORK,
                                 progress, progress_data, progress_destroy, cancellable, upload_cb,
                                 g_steal_pointer (&task));
}

void
ferry_library_create_migration_from_file_async (FerryConnection    *target,
                                                const char         *file_id,
                                                const char         *name,
                                                const char         *environment_id,
                                                const char         *environment_name,
                                                const char         *project_id,
                                                const char         *project_name,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data)
{
  JsonObject *files = json_object_new ();
  JsonObject *shared = json_object_new ();
  JsonObject *storage = json_object_new ();
  JsonObject *package = json_object_new ();
  JsonObject *import = json_object_new ();
  JsonObject *body = json_object_new ();
  g_autofree char *env_id = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (target));
  g_return_if_fail (file_id != NULL);

  json_object_set_string_member (files, "id", file_id);
  json_object_set_object_member (shared, "files", files);
  json_object_set_object_member (storage, "sharedFileStore", shared);
  json_object_set_object_member (package, "storage", storage);
  json_object_set_string_member (package, "purpose", "migration_from_shared_file_store");
  if (name != NULL)
    json_object_set_string_member (package, "name", name);
  env_id = environment_id != NULL ? g_strdup (environment_id) : ferry_connection_dup_environment_id (target);
  json_object_set_object_member (import, "environment", id_name (env_id, environment_name));
  if (project_id != NULL)
    json_object_set_object_member (import, "project", id_name (project_id, project_name));
  json_object_set_object_member (body, "packageInfo", package);
  json_object_set_object_member (body, "importInfo", import);
  node = object_node (body);
  call (target, "POST", "/api/migrations", project_id, node,
        FERRY_REQUEST_STARTS_WORK | FERRY_REQUEST_PREFER_ASYNC, ANSWER_OBJECT, NULL,
        ferry_library_create_migration_from_file_async, cancellable, callback, user_data);
}

static void
download_to_file (FerryConnection       *connection,
                  const char            *path,
                  GFile                 *file,
                  FerryTransferProgress  progress,
                  gpointer               progress_data,
                  GDestroyNotify         progress_destroy,
                  gpointer               source_tag,
                  GCancellable          *cancellable,
                  GAsyncReadyCallback    callback,
                  gpointer               user_data)
{
  GTask *task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  ferry_connection_download_async (connection, path, NULL, file, progress, progress_data, progress_destroy,
                                   cancellable, download_cb, task);
}

void
ferry_library_download_package_to_file_async (FerryConnection       *connection,
                                              const char            *package_id,
                                              GFile                 *file,
                                              FerryTransferProgress  progress,
                                              gpointer               progress_data,
                                              GDestroyNotify         progress_destroy,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (package_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  id = segment (package_id);
  path = g_strdup_printf ("/api/migrations/packages/%s/binary", id);
  download_to_file (connection, path, file, progress, progress_data, progress_destroy,
                    ferry_library_download_package_to_file_async, cancellable, callback, user_data);
}

void
ferry_library_download_undo_package_to_file_async (FerryConnection       *connection,
                                                   const char            *import_id,
                                                   GFile                 *file,
                                                   FerryTransferProgress  progress,
                                                   gpointer               progress_data,
                                                   GDestroyNotify         progress_destroy,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (import_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  id = segment (import_id);
  path = g_strdup_printf ("/api/migrations/imports/%s/binary", id);
  download_to_file (connection, path, file, progress, progress_data, progress_destroy,
                    ferry_library_download_undo_package_to_file_async, cancellable, callback, user_data);
}

typedef struct
{
  char    *sha256;
  goffset  size;
} HashResult;

static void
hash_result_free (HashResult *r)
{
  g_free (r->sha256);
  g_free (r);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object G_GNUC_UNUSED,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (HASH_CHUNK);
  GError *error = NULL;
  HashResult *r;
  goffset size = 0;
  gssize n;

  in = g_file_read (file, cancellable, &error);
  if (in == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, HASH_CHUNK, cancellable, &error)) > 0)
    {
      g_checksum_update (checksum, buffer, (gssize) n);
      size += n;
    }
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  r = g_new0 (HashResult, 1);
  r->sha256 = g_strdup (g_checksum_get_string (checksum));
  r->size = size;
  g_task_return_pointer (task, r, (GDestroyNotify) hash_result_free);
}

void
ferry_library_hash_file_async (GFile              *file,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_library_hash_file_async);
  g_task_set_name (task, "[ferry] sha256 of a file");
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, hash_thread);
}

char *
ferry_library_hash_file_finish (GAsyncResult *result,
                                goffset      *size_out,
                                GError      **error)
{
  HashResult *r;
  char *sha256;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  if (size_out != NULL)
    *size_out = r->size;
  sha256 = g_steal_pointer (&r->sha256);
  hash_result_free (r);
  return sha256;
}
