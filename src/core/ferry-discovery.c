/* ferry-discovery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Listings go through FerryPager: the first page tells the total
 * (x-mstr-total-count, or totalItems in the body), then up to
 * MAX_IN_FLIGHT further pages are requested at once. Pages are handed,
 * in order and one at a time, to a page function running in a worker
 * thread (building FerryObjectInfo objects, or a caller's own consumer),
 * so a 100 000-object inventory never blocks the main loop and only a few
 * pages of JSON are alive at any time.
 */

#define G_LOG_DOMAIN "ferry-discovery"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-discovery.h"
#include "ferry-discovery-private.h"
#include "ferry-json.h"
#include "ferry-pager.h"
#include "ferry-search-parse.h"

#include <string.h>

#define FOLDER_PAGE_SIZE   1000
#define SEARCH_PAGE_SIZE   5000
#define USER_PAGE_SIZE     1000
#define RESULTS_PAGE_SIZE  5000
#define MAX_IN_FLIGHT      3

static guint test_page_size;

void
_ferry_discovery_set_page_size_for_tests (guint size)
{
  g_atomic_int_set (&test_page_size, size);
}

static guint
page_size (guint normal)
{
  guint size = (guint) g_atomic_int_get (&test_page_size);

  return size ? size : normal;
}

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                               */
/* ------------------------------------------------------------------------ */

static GError *
shape_error (const char *what)
{
  return g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                      /* Translators: %s says what was wrong, e.g. "the object has no name" */
                      _("The server’s answer is not what a Library server sends: %s"), what);
}

static char *
escape (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Value types                                                                */
/* ------------------------------------------------------------------------ */

FerryServerStatus *
ferry_server_status_copy (const FerryServerStatus *status)
{
  FerryServerStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);
  copy = g_new0 (FerryServerStatus, 1);
  copy->iserver_version = g_strdup (status->iserver_version);
  copy->web_version = g_strdup (status->web_version);
  copy->deployment_type = g_strdup (status->deployment_type);
  return copy;
}

void
ferry_server_status_free (FerryServerStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->iserver_version);
  g_free (status->web_version);
  g_free (status->deployment_type);
  g_free (status);
}

G_DEFINE_BOXED_TYPE (FerryServerStatus, ferry_server_status, ferry_server_status_copy, ferry_server_status_free)

FerryStorageStatus *
ferry_storage_status_copy (const FerryStorageStatus *status)
{
  FerryStorageStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);
  copy = g_new0 (FerryStorageStatus, 1);
  copy->configured = status->configured;
  copy->type = g_strdup (status->type);
  copy->alias = g_strdup (status->alias);
  copy->location = g_strdup (status->location);
  return copy;
}

void
ferry_storage_status_free (FerryStorageStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->type);
  g_free (status->alias);
  g_free (status->location);
  g_free (status);
}

G_DEFINE_BOXED_TYPE (FerryStorageStatus, ferry_storage_status, ferry_storage_status_copy, ferry_storage_status_free)

FerrySearchQuery *
ferry_search_query_new (void)
{
  FerrySearchQuery *query = g_new0 (FerrySearchQuery, 1);

  query->pattern = FERRY_SEARCH_CONTAINS;
  return query;
}

FerrySearchQuery *
ferry_search_query_copy (const FerrySearchQuery *query)
{
  FerrySearchQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);
  copy = ferry_search_query_new ();
  copy->name = g_strdup (query->name);
  copy->pattern = query->pattern;
  copy->root = g_strdup (query->root);
  copy->get_ancestors = query->get_ancestors;
  if (query->types != NULL)
    {
      copy->types = g_array_sized_new (FALSE, FALSE, sizeof (int), query->types->len);
      g_array_append_vals (copy->types, query->types->data, query->types->len);
    }
  return copy;
}

void
ferry_search_query_free (FerrySearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->name);
  g_free (query->root);
  g_clear_pointer (&query->types, g_array_unref);
  g_free (query);
}

G_DEFINE_BOXED_TYPE (FerrySearchQuery, ferry_search_query, ferry_search_query_copy, ferry_search_query_free)

void
ferry_search_query_set_name (FerrySearchQuery   *query,
                             const char         *name,
                             FerrySearchPattern  pattern)
{
  g_return_if_fail (query != NULL);
  g_free (query->name);
  query->name = g_strdup (name);
  query->pattern = pattern;
}

void
ferry_search_query_add_type (FerrySearchQuery *query,
                             int               type_or_subtype)
{
  g_return_if_fail (query != NULL);
  if (query->types == NULL)
    query->types = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_val (query->types, type_or_subtype);
}

void
ferry_search_query_set_root (FerrySearchQuery *query,
                             const char       *folder_id)
{
  g_return_if_fail (query != NULL);
  g_free (query->root);
  query->root = g_strdup (folder_id);
}

/* "/api/searches/results?name=…&pattern=…&type=…&root=…&getAncestors=true&" */
static char *
search_path (const FerrySearchQuery *query)
{
  GString *path = g_string_new ("/api/searches/results?");

  if (query->name != NULL && *query->name != '\0')
    {
      g_autofree char *name = escape (query->name);

      g_string_append_printf (path, "name=%s&pattern=%d&", name, (int) query->pattern);
    }
  for (guint i = 0; query->types != NULL && i < query->types->len; i++)
    g_string_append_printf (path, "type=%d&", g_array_index (query->types, int, i));
  if (query->root != NULL && *query->root != '\0')
    {
      g_autofree char *root = escape (query->root);

      g_string_append_printf (path, "root=%s&", root);
    }
  if (query->get_ancestors)
    g_string_append (path, "getAncestors=true&");
  return g_string_free (path, FALSE);
}

/* ------------------------------------------------------------------------ */
/* FerryProject                                                               */
/* ------------------------------------------------------------------------ */

struct _FerryProject
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *description;
  char    *alias;
  int      status;
};

G_DEFINE_FINAL_TYPE (FerryProject, ferry_project, G_TYPE_OBJECT)

enum {
  PROJECT_PROP_0,
  PROJECT_PROP_ID,
  PROJECT_PROP_NAME,
  PROJECT_PROP_DESCRIPTION,
  PROJECT_PROP_ALIAS,
  PROJECT_PROP_STATUS,
  PROJECT_N_PROPS
};

static GParamSpec *project_properties[PROJECT_N_PROPS];

static void
ferry_project_finalize (GObject *object)
{
  FerryProject *self = FERRY_PROJECT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->alias);

  G_OBJECT_CLASS (ferry_project_parent_class)->finalize (object);
}

static void
ferry_project_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FerryProject *self = FERRY_PROJECT (object);

  switch (prop_id)
    {
    case PROJECT_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROJECT_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROJECT_PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROJECT_PROP_ALIAS:
      g_value_set_string (value, self->alias);
      break;
    case PROJECT_PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_project_class_init (FerryProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_project_finalize;
  object_class->get_property = ferry_project_get_property;

  project_properties[PROJECT_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  project_properties[PROJECT_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  project_properties[PROJECT_PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  project_properties[PROJECT_PROP_ALIAS] = g_param_spec_string ("alias", NULL, NULL, NULL, flags);
  project_properties[PROJECT_PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, G_MININT, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, PROJECT_N_PROPS, project_properties);
}

static void
ferry_project_init (FerryProject *self)
{
}

FerryProject *
ferry_project_new_from_json (JsonObject  *object,
                             GError     **error)
{
  FerryProject *self;
  const char *id;
  gint64 status = 0;

  g_return_val_if_fail (object != NULL, NULL);

  id = ferry_json_get_string (object, "id");
  if (id == NULL || *id == '\0')
    {
      g_propagate_error (error, shape_error (_("a project without an id")));
      return NULL;
    }
  self = g_object_new (FERRY_TYPE_PROJECT, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (ferry_json_get_string (object, "name") ? ferry_json_get_string (object, "name") : id);
  self->description = g_strdup (ferry_json_get_string (object, "description"));
  self->alias = g_strdup (ferry_json_get_string (object, "alias"));
  if (ferry_json_get_int (object, "status", &status))
    self->status = (int) status;
  return self;
}

const char *
ferry_project_get_id (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->id;
}

const char *
ferry_project_get_name (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->name;
}

const char *
ferry_project_get_description (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->description;
}

const char *
ferry_project_get_alias (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), NULL);
  return self->alias;
}

int
ferry_project_get_status (FerryProject *self)
{
  g_return_val_if_fail (FERRY_IS_PROJECT (self), 0);
  return self->status;
}

/* ------------------------------------------------------------------------ */
/* Single calls                                                               */
/* ------------------------------------------------------------------------ */

/* Turns the answer into the call's result; NULL with ERROR set on failure. */
typedef gpointer (*ParseFunc) (JsonNode *node,
                               GError  **error);

typedef struct
{
  ParseFunc      parse;
  GDestroyNotify destroy;
} SingleCall;

static void
single_call_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SingleCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (FERRY_CONNECTION (source), res, NULL, &error);
  gpointer result;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result = call->parse (node, &error);
  if (result == NULL)
    g_task_return_error (task, error ? g_steal_pointer (&error) : shape_error (_("an empty answer")));
  else
    g_task_return_pointer (task, result, call->destroy);
}

static void
single_call (FerryConnection     *connection,
             const char          *path,
             const char          *project_id,
             FerryRequestFlags    flags,
             ParseFunc            parse,
             GDestroyNotify       destroy,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (connection, cancellable, callback, user_data);
  SingleCall *call = g_new0 (SingleCall, 1);

  call->parse = parse;
  call->destroy = destroy;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, call, g_free);
  ferry_connection_call_async (connection, "GET", path, project_id, NULL, flags, cancellable,
                               single_call_cb, task);
}

static gpointer
single_call_finish (FerryConnection  *connection,
                    GAsyncResult     *result,
                    gpointer          source_tag,
                    GError          **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonObject *
expect_object (JsonNode  *node,
               GError   **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_propagate_error (error, shape_error (_("a JSON object was expected")));
      return NULL;
    }
  return json_node_get_object (node);
}

static gpointer
parse_status (JsonNode  *node,
              GError   **error)
{
  JsonObject *object = expect_object (node, error);
  FerryServerStatus *status;

  if (object == NULL)
    return NULL;
  status = g_new0 (FerryServerStatus, 1);
  status->iserver_version = g_strdup (ferry_json_get_string (object, "iServerVersion"));
  status->web_version = g_strdup (ferry_json_get_string (object, "webVersion"));
  status->deployment_type = g_strdup (ferry_json_get_string (object, "deploymentType"));
  return status;
}

void
ferry_discovery_get_status_async (FerryConnection     *connection,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  single_call (connection, "/api/status", NULL, FERRY_REQUEST_NO_SESSION, parse_status,
               (GDestroyNotify) ferry_server_status_free, ferry_discovery_get_status_async,
               cancellable, callback, user_data);
}

FerryServerStatus *
ferry_discovery_get_status_finish (FerryConnection  *connection,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return single_call_finish (connection, result, ferry_discovery_get_status_async, error);
}

static gpointer
parse_projects (JsonNode  *node,
                GError   **error)
{
  g_autoptr(GPtrArray) projects = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_propagate_error (error, shape_error (_("the list of projects is not a JSON array")));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      FerryProject *project;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_propagate_error (error, shape_error (_("a project is not a JSON object")));
          return NULL;
        }
      project = ferry_project_new_from_json (json_node_get_object (element), error);
      if (project == NULL)
        return NULL;
      g_ptr_array_add (projects, project);
    }
  return g_steal_pointer (&projects);
}

void
ferry_discovery_list_projects_async (FerryConnection     *connection,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  single_call (connection, "/api/projects", NULL, FERRY_REQUEST_NONE, parse_projects,
               (GDestroyNotify) g_ptr_array_unref, ferry_discovery_list_projects_async,
               cancellable, callback, user_data);
}

GPtrArray *
ferry_discovery_list_projects_finish (FerryConnection  *connection,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return single_call_finish (connection, result, ferry_discovery_list_projects_async, error);
}

static gpointer
parse_name (JsonNode  *node,
            GError   **error)
{
  JsonObject *object = expect_object (node, error);
  const char *name = ferry_json_get_string (object, "name");

  if (object == NULL)
    return NULL;
  if (name == NULL)
    {
      g_propagate_error (error, shape_error (_("the object has no name")));
      return NULL;
    }
  return g_strdup (name);
}

void
ferry_discovery_get_project_name_async (FerryConnection     *connection,
                                        const char          *project_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (project_id != NULL);

  id = escape (project_id);
  path = g_strdup_printf ("/api/objects/%s?type=32", id);
  single_call (connection, path, project_id, FERRY_REQUEST_NONE, parse_name, g_free,
               ferry_discovery_get_project_name_async, cancellable, callback, user_data);
}

char *
ferry_discovery_get_project_name_finish (FerryConnection  *connection,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return single_call_finish (connection, result, ferry_discovery_get_project_name_async, error);
}

static gpointer
parse_object (JsonNode  *node,
              GError   **error)
{
  JsonObject *object = expect_object (node, error);

  if (object == NULL)
    return NULL;
  return ferry_object_info_new_from_json (object, error);
}

void
ferry_discovery_get_object_async (FerryConnection     *connection,
                                  const char          *project_id,
                                  const char          *object_id,
                                  int                  type,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (object_id != NULL);

  id = escape (object_id);
  path = g_strdup_printf ("/api/objects/%s?type=%d", id, type);
  single_call (connection, path, project_id, FERRY_REQUEST_NONE, parse_object, g_object_unref,
               ferry_discovery_get_object_async, cancellable, callback, user_data);
}

FerryObjectInfo *
ferry_discovery_get_object_finish (FerryConnection  *connection,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return single_call_finish (connection, result, ferry_discovery_get_object_async, error);
}

static gpointer
parse_storage (JsonNode  *node,
               GError   **error)
{
  JsonObject *object = expect_object (node, error);
  JsonObject *shared;
  FerryStorageStatus *status;
  gboolean configured = FALSE;

  if (object == NULL)
    return NULL;
  shared = ferry_json_get_object (object, "sharedFileStore");
  if (shared == NULL)
    {
      g_propagate_error (error, shape_error (_("the storage status has no sharedFileStore")));
      return NULL;
    }
  status = g_new0 (FerryStorageStatus, 1);
  status->configured = ferry_json_get_boolean (shared, "configured", &configured) && configured;
  status->type = g_strdup (ferry_json_get_string (shared, "type"));
  status->alias = g_strdup (ferry_json_get_string (shared, "alias"));
  status->location = g_strdup (ferry_json_get_string (shared, "location"));
  return status;
}

void
ferry_discovery_get_storage_status_async (FerryConnection     *connection,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  single_call (connection, "/api/mstrServices/library/storage", NULL, FERRY_REQUEST_NONE, parse_storage,
               (GDestroyNotify) ferry_storage_status_free, ferry_discovery_get_storage_status_async,
               cancellable, callback, user_data);
}

FerryStorageStatus *
ferry_discovery_get_storage_status_finish (FerryConnection  *connection,
                                           GAsyncResult     *result,
                                           GError          **error)
{
  return single_call_finish (connection, result, ferry_discovery_get_storage_status_async, error);
}

/* ------------------------------------------------------------------------ */
/* The pager                                                                  */
/* ------------------------------------------------------------------------ */

/* A listing: the pages read by a FerryPager (MAX_IN_FLIGHT at once, the
 * total from x-mstr-total-count) and handed to PAGE_FUNC in a worker
 * thread, either the object builder or a caller's own. */
typedef struct
{
  FerryConnection  *connection;
  char             *project_id;
  guint             limit;

  FerryPageFunc     page_func;
  gpointer          page_data;
  GDestroyNotify    page_destroy;
  FerryProgressFunc progress;
  gpointer          progress_data;
  GDestroyNotify    progress_destroy;
  guint64           done_items;
  FerryObjectsFunc  objects_func;
  gpointer          objects_data;
  GDestroyNotify    objects_destroy;

  /* The inventory a parsed search fills (borrowed) */
  FerryInventoryBuilder *builder;

  /* Built objects, when the page function is the object builder */
  GPtrArray        *objects;
  char             *parent_id;
  char             *parent_path;
} Pager;

static Pager *
pager_new (FerryConnection *connection,
           const char      *project_id,
           guint            limit)
{
  Pager *p = g_new0 (Pager, 1);

  p->connection = g_object_ref (connection);
  p->project_id = g_strdup (project_id);
  p->limit = MAX (limit, 1u);
  return p;
}

static void
pager_free (Pager *p)
{
  if (p->page_destroy != NULL)
    p->page_destroy (p->page_data);
  if (p->progress_destroy != NULL)
    p->progress_destroy (p->progress_data);
  if (p->objects_destroy != NULL)
    p->objects_destroy (p->objects_data);
  g_clear_object (&p->connection);
  g_free (p->project_id);
  g_clear_pointer (&p->objects, g_ptr_array_unref);
  g_free (p->parent_id);
  g_free (p->parent_path);
  g_free (p);
}

/* The object builder, as a page function (in a worker thread). */
static gboolean
build_objects_page (JsonArray *items,
                    gpointer   user_data,
                    GError   **error)
{
  Pager *p = user_data;

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);
      FerryObjectInfo *info;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_propagate_error (error, shape_error (_("an item of the list is not a JSON object")));
          return FALSE;
        }
      info = ferry_object_info_new_from_json_in_folder (json_node_get_object (element), p->parent_id,
                                                        p->parent_path, error);
      if (info == NULL)
        return FALSE;
      g_ptr_array_add (p->objects, info);
    }
  return TRUE;
}

/* The items of a page: the answer itself (folders, users, metadata search
 * results) or its "result" array (quick search). */
static JsonArray *
page_items (JsonNode  *node,
            gint64    *total_in_body,
            GError   **error)
{
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_ref (json_node_get_array (node));
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *members[] = { "result", "data", "objects" };

      if (!ferry_json_get_int (object, "totalItems", total_in_body))
        ferry_json_get_int (object, "total", total_in_body);
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        {
          JsonArray *array = ferry_json_get_array (object, members[i]);

          if (array != NULL)
            return json_array_ref (array);
        }
      /* A search that found nothing may leave out the array. */
      if (*total_in_body == 0)
        return json_array_new ();
    }
  g_propagate_error (error, shape_error (_("a listing without a list of objects")));
  return NULL;
}

/* One page, in the worker thread. */
static gboolean
pager_page_cb (JsonArray *items,
               guint64    offset,
               gint64     total,
               gpointer   user_data,
               GError   **error)
{
  Pager *p = user_data;

  return p->page_func (items, p->page_data, error);
}

static void
pager_progress_cb (guint64  done,
                   gint64   total,
                   gpointer user_data)
{
  GTask *task = user_data;
  Pager *p = g_task_get_task_data (task);

  p->done_items = done;
  /* The worker thread is done with the page: its objects go on. */
  if (p->objects_func != NULL && p->objects->len > 0)
    {
      g_autoptr(GPtrArray) objects = g_steal_pointer (&p->objects);

      p->objects = g_ptr_array_new_with_free_func (g_object_unref);
      p->objects_func (objects, p->objects_data);
    }
  if (p->progress != NULL)
    p->progress (done, total > 0 ? (guint64) total : 0, p->progress_data);
}

static void
pager_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Pager *p = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 n = ferry_pager_run_finish (result, NULL, &error);

  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  p->done_items = (guint64) n;
  g_task_return_boolean (task, TRUE);
}

static GTask *
pager_task_new (FerryConnection     *connection,
                Pager               *p,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (connection, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, p, (GDestroyNotify) pager_free);
  return task;
}

/* Makes P build FerryObjectInfo objects from its pages. */
static void
pager_build_objects (Pager      *p,
                     const char *parent_id,
                     const char *parent_path)
{
  p->objects = g_ptr_array_new_with_free_func (g_object_unref);
  p->parent_id = g_strdup (parent_id);
  p->parent_path = g_strdup (parent_path);
  p->page_func = build_objects_page;
  p->page_data = p;
}

/* Reads every page of PATH (ending in '?' or '&') for TASK. */
static void
pager_start (GTask      *task,
             const char *path)
{
  Pager *p = g_task_get_task_data (task);
  FerryPagerOptions options = {
    .page_size = p->limit,
    .max_items = G_MAXUINT64,
    .project_id = p->project_id,
    .total_header = "x-mstr-total-count",
    .max_in_flight = MAX_IN_FLIGHT,
    .pager_flags = FERRY_PAGER_IN_THREAD,
    .items_func = page_items,
    .progress = pager_progress_cb,
    .progress_data = task,
  };

  ferry_pager_run_async (p->connection, path, &options, pager_page_cb, p, NULL,
                         g_task_get_cancellable (task), pager_done_cb, g_object_ref (task));
}

static GPtrArray *
pager_objects_finish (FerryConnection  *connection,
                      GAsyncResult     *result,
                      gpointer          source_tag,
                      GError          **error)
{
  Pager *p;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  p = g_task_get_task_data (G_TASK (result));
  return g_steal_pointer (&p->objects);
}

/* ------------------------------------------------------------------------ */
/* Listings                                                                   */
/* ------------------------------------------------------------------------ */

/* GET /api/folders[/{FOLDER_ID}], every page, for TASK. */
static void
list_folder_start (GTask      *task,
                   const char *folder_id)
{
  g_autofree char *path = NULL;

  if (folder_id == NULL)
    path = g_strdup ("/api/folders?");
  else
    {
      g_autofree char *id = escape (folder_id);

      path = g_strdup_printf ("/api/folders/%s?", id);
    }
  pager_start (task, path);
}

void
ferry_discovery_list_folder_async (FerryConnection     *connection,
                                   const char          *project_id,
                                   const char          *folder_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Pager *p;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (project_id != NULL);

  p = pager_new (connection, project_id, page_size (FOLDER_PAGE_SIZE));
  pager_build_objects (p, folder_id, folder_id == NULL ? "\\" : NULL);
  task = pager_task_new (connection, p, ferry_discovery_list_folder_async, cancellable, callback, user_data);
  list_folder_start (task, folder_id);
}

GPtrArray *
ferry_discovery_list_folder_finish (FerryConnection  *connection,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return pager_objects_finish (connection, result, ferry_discovery_list_folder_async, error);
}

void
ferry_discovery_list_folder_pages_async (FerryConnection     *connection,
                                         const char          *project_id,
                                         const char          *folder_id,
                                         FerryObjectsFunc     objects_func,
                                         gpointer             objects_data,
                                         GDestroyNotify       objects_destroy,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Pager *p;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (project_id != NULL);
  g_return_if_fail (objects_func != NULL);

  p = pager_new (connection, project_id, page_size (FOLDER_PAGE_SIZE));
  pager_build_objects (p, folder_id, folder_id == NULL ? "\\" : NULL);
  p->objects_func = objects_func;
  p->objects_data = objects_data;
  p->objects_destroy = objects_destroy;
  task = pager_task_new (connection, p, ferry_discovery_list_folder_pages_async, cancellable, callback,
                         user_data);
  list_folder_start (task, folder_id);
}

gboolean
ferry_discovery_list_folder_pages_finish (FerryConnection  *connection,
                                          GAsyncResult     *result,
                                          guint64          *n_items,
                                          GError          **error)
{
  Pager *p;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_discovery_list_folder_pages_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  p = g_task_get_task_data (G_TASK (result));
  if (n_items != NULL)
    *n_items = p->done_items;
  return TRUE;
}

/* A parsed search's page body, in a worker thread. */
static gpointer
search_page_parse (GBytes   *body,
                   guint     http_status,
                   guint    *n_items,
                   gint64   *total,
                   GError  **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  FerrySearchPage *page = ferry_search_page_parse (data, len, http_status, error);

  if (page == NULL)
    return NULL;
  *n_items = ferry_search_page_get_n_items (page);
  *total = ferry_search_page_get_total (page);
  return page;
}

/* … and its items into the inventory, in order, in a worker thread. */
static gboolean
search_page_add (gpointer   parsed,
                 guint      n_items,
                 guint64    offset,
                 gint64     total,
                 gpointer   user_data,
                 GError   **error)
{
  Pager *p = user_data;

  return ferry_inventory_builder_add_search_items (p->builder, ferry_search_page_get_items (parsed), n_items,
                                                   error);
}

void
ferry_discovery_search_inventory_async (FerryConnection        *connection,
                                        const char             *project_id,
                                        const FerrySearchQuery *query,
                                        FerryInventoryBuilder  *builder,
                                        FerryProgressFunc       progress,
                                        gpointer                progress_data,
                                        GDestroyNotify          progress_destroy,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  Pager *p;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (query != NULL);
  g_return_if_fail (builder != NULL);

  p = pager_new (connection, project_id, page_size (SEARCH_PAGE_SIZE));
  p->builder = builder;
  p->progress = progress;
  p->progress_data = progress_data;
  p->progress_destroy = progress_destroy;
  task = pager_task_new (connection, p, ferry_discovery_search_inventory_async, cancellable, callback, user_data);
  path = search_path (query);
  {
    FerryPagerOptions options = {
      .page_size = p->limit,
      .max_items = G_MAXUINT64,
      .project_id = p->project_id,
      .total_header = "x-mstr-total-count",
      .max_in_flight = MAX_IN_FLIGHT,
      .pager_flags = FERRY_PAGER_IN_THREAD,
      .progress = pager_progress_cb,
      .progress_data = task,
    };

    ferry_pager_run_parsed_async (connection, path, &options, search_page_parse,
                                  (GDestroyNotify) ferry_search_page_free, search_page_add, p, NULL,
                                  cancellable, pager_done_cb, g_object_ref (task));
  }
}

gboolean
ferry_discovery_search_inventory_finish (FerryConnection  *connection,
                                         GAsyncResult     *result,
                                         guint64          *n_items,
                                         GError          **error)
{
  Pager *p;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_discovery_search_inventory_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  p = g_task_get_task_data (G_TASK (result));
  if (n_items != NULL)
    *n_items = p->done_items;
  return TRUE;
}

/* Runs the search QUERY with P (its pages collected or handed on already
 * set up), reporting PROGRESS. */
static void
search_start (Pager                  *p,
              const FerrySearchQuery *query,
              FerryProgressFunc       progress,
              gpointer                progress_data,
              GDestroyNotify          progress_destroy,
              gpointer                source_tag,
              GCancellable           *cancellable,
              GAsyncReadyCallback     callback,
              gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = search_path (query);

  p->progress = progress;
  p->progress_data = progress_data;
  p->progress_destroy = progress_destroy;
  task = pager_task_new (p->connection, p, source_tag, cancellable, callback, user_data);
  pager_start (task, path);
}

void
ferry_discovery_search_async (FerryConnection        *connection,
                              const char             *project_id,
                              const FerrySearchQuery *query,
                              FerryProgressFunc       progress,
                              gpointer                progress_data,
                              GDestroyNotify          progress_destroy,
                              GCancellable           *cancellable,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  Pager *p;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (query != NULL);

  p = pager_new (connection, project_id, page_size (SEARCH_PAGE_SIZE));
  pager_build_objects (p, NULL, NULL);
  search_start (p, query, progress, progress_data, progress_destroy,
                ferry_discovery_search_async, cancellable, callback, user_data);
}

GPtrArray *
ferry_discovery_search_finish (FerryConnection  *connection,
                               GAsyncResult     *result,
                               GError          **error)
{
  return pager_objects_finish (connection, result, ferry_discovery_search_async, error);
}

void
ferry_discovery_search_pages_async (FerryConnection        *connection,
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
                                    gpointer                user_data)
{
  Pager *p;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (query != NULL);
  g_return_if_fail (page_func != NULL);

  p = pager_new (connection, project_id, page_size (SEARCH_PAGE_SIZE));
  p->page_func = page_func;
  p->page_data = page_data;
  p->page_destroy = page_destroy;
  search_start (p, query, progress, progress_data, progress_destroy,
                ferry_discovery_search_pages_async, cancellable, callback, user_data);
}

gboolean
ferry_discovery_search_pages_finish (FerryConnection  *connection,
                                     GAsyncResult     *result,
                                     guint64          *n_items,
                                     GError          **error)
{
  Pager *p;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, connection), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  p = g_task_get_task_data (G_TASK (result));
  if (n_items != NULL)
    *n_items = p->done_items;
  return TRUE;
}

static void
list_users (FerryConnection     *connection,
            const char          *route,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Pager *p = pager_new (connection, NULL, page_size (USER_PAGE_SIZE));
  g_autoptr(GTask) task = NULL;

  pager_build_objects (p, NULL, NULL);
  task = pager_task_new (connection, p, source_tag, cancellable, callback, user_data);
  pager_start (task, route);
}

void
ferry_discovery_list_users_async (FerryConnection     *connection,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  list_users (connection, "/api/users?", ferry_discovery_list_users_async, cancellable, callback, user_data);
}

GPtrArray *
ferry_discovery_list_users_finish (FerryConnection  *connection,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return pager_objects_finish (connection, result, ferry_discovery_list_users_async, error);
}

void
ferry_discovery_list_user_groups_async (FerryConnection     *connection,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  list_users (connection, "/api/usergroups?", ferry_discovery_list_user_groups_async, cancellable,
              callback, user_data);
}

GPtrArray *
ferry_discovery_list_user_groups_finish (FerryConnection  *connection,
                                         GAsyncResult     *result,
                                         GError          **error)
{
  return pager_objects_finish (connection, result, ferry_discovery_list_user_groups_async, error);
}

static void
metadata_search_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (FERRY_CONNECTION (source), res, NULL, &error);
  const char *search_id;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  search_id = node && JSON_NODE_HOLDS_OBJECT (node) ? ferry_json_get_string (json_node_get_object (node), "id") : NULL;
  if (search_id == NULL || *search_id == '\0')
    {
      g_task_return_error (task, shape_error (_("the metadata search answered without a search id")));
      return;
    }
  id = escape (search_id);
  path = g_strdup_printf ("/api/metadataSearches/results?searchId=%s&", id);
  pager_start (task, path);
}

void
ferry_discovery_list_dependencies_async (FerryConnection          *connection,
                                         const char               *project_id,
                                         const char               *object_id,
                                         int                       type,
                                         FerryDependencyDirection  direction,
                                         gboolean                  recursive,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  Pager *p;
  GTask *task;
  g_autofree char *ref = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));
  g_return_if_fail (object_id != NULL);

  p = pager_new (connection, project_id, page_size (RESULTS_PAGE_SIZE));
  pager_build_objects (p, NULL, NULL);
  task = pager_task_new (connection, p, ferry_discovery_list_dependencies_async, cancellable, callback,
                         user_data);

  ref = g_strdup_printf ("%s;%d", object_id, type);
  escaped = escape (ref);
  if (direction == FERRY_DEPENDENCY_USED_BY)
    path = g_strdup_printf ("/api/metadataSearches/results?usesObject=%s&usesRecursive=%s",
                            escaped, recursive ? "true" : "false");
  else
    path = g_strdup_printf ("/api/metadataSearches/results?usedByObject=%s&usedByRecursive=%s",
                            escaped, recursive ? "true" : "false");
  ferry_connection_call_async (connection, "POST", path, project_id, NULL, FERRY_REQUEST_NONE, cancellable,
                               metadata_search_cb, task);
}

GPtrArray *
ferry_discovery_list_dependencies_finish (FerryConnection  *connection,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return pager_objects_finish (connection, result, ferry_discovery_list_dependencies_async, error);
}
