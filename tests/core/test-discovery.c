/* test-discovery.c: the typed discovery calls and FerryObjectInfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected answers come from the sandbox's own view of its objects
 * (ferry_sandbox_dup_objects(), a test hook), never from the code under
 * test.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ferry-core.h"
#include "ferry-discovery-private.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"

#define TUTORIAL_ID      "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define SECOND_ID        "B7CA92F04B9FAE8D941C3E9B7E0CD754"
#define YEAR_ID          "8D679D5111D3E4981000E787EC6DE8A4"
#define ADMINISTRATOR_ID "54F3D26011D2896560009A8E67019608"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

/* From tests/ferry-test-util.h, under the names this file calls them. */
#define start_sandbox(s, storage) \
  ftu_sandbox_start (&(FtuSandboxOptions) { .seed = (s), .shared_storage = (storage) })
#define store_result_cb ftu_store_result_cb
#define wait_for        ftu_wait_for
#define connect_admin   ftu_connect_admin

static void
reset_page_size (gpointer data)
{
  _ferry_discovery_set_page_size_for_tests (0);
}

static void
set_page_size (guint size)
{
  _ferry_discovery_set_page_size_for_tests (size);
  g_test_queue_destroy (reset_page_size, NULL);
}

/* --- The sandbox's own view ------------------------------------------------ */

static const char *
json_string (JsonNode   *object,
             const char *member)
{
  return json_object_get_string_member_with_default (json_node_get_object (object), member, NULL);
}

static gint64
json_int (JsonNode   *object,
          const char *member)
{
  return json_object_get_int_member_with_default (json_node_get_object (object), member, 0);
}

static JsonArray *
json_ancestors (JsonNode *object)
{
  JsonObject *o = json_node_get_object (object);

  if (!json_object_has_member (o, "ancestors"))
    return NULL;
  return json_object_get_array_member (o, "ancestors");
}

/* The id of the containing folder: the last ancestor. */
static const char *
hook_parent (JsonNode *object)
{
  JsonArray *ancestors = json_ancestors (object);
  guint n = ancestors ? json_array_get_length (ancestors) : 0;

  if (n == 0)
    return NULL;
  return json_object_get_string_member (json_array_get_object_element (ancestors, n - 1), "id");
}

/* "\Public Objects\Reports": the ancestors after the root, in order. */
static char *
hook_path (JsonNode *object)
{
  JsonArray *ancestors = json_ancestors (object);
  GString *s = g_string_new (NULL);

  for (guint i = 1; ancestors && i < json_array_get_length (ancestors); i++)
    {
      g_string_append_c (s, '\\');
      g_string_append (s, json_object_get_string_member (json_array_get_object_element (ancestors, i), "name"));
    }
  if (s->len == 0)
    g_string_append_c (s, '\\');
  return g_string_free (s, FALSE);
}

/* id → object node (borrowed from OBJECTS). */
static GHashTable *
hook_index (JsonNode *objects)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      g_hash_table_insert (index, (gpointer) json_string (o, "id"), o);
    }
  return index;
}

static GHashTable *
hook_children (JsonNode   *objects,
               const char *folder_id)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (g_strcmp0 (hook_parent (o), folder_id) == 0)
        g_hash_table_add (out, (gpointer) json_string (o, "id"));
    }
  return out;
}

static const char *
hook_root (JsonNode *objects)
{
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (hook_parent (json_array_get_element (array, i)) == NULL)
      return json_string (json_array_get_element (array, i), "id");
  g_assert_not_reached ();
}

/* The folder of OBJECTS with the most children. */
static const char *
hook_biggest_folder (JsonNode *objects,
                     guint    *n_children)
{
  JsonArray *array = json_node_get_array (objects);
  const char *best = NULL;

  *n_children = 0;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      g_autoptr(GHashTable) kids = NULL;

      if (json_int (o, "type") != 8)
        continue;
      kids = hook_children (objects, json_string (o, "id"));
      if (g_hash_table_size (kids) > *n_children)
        {
          *n_children = g_hash_table_size (kids);
          best = json_string (o, "id");
        }
    }
  return best;
}

/* Every id of INFOS is in EXPECTED, once, and EXPECTED has no other. */
static void
assert_same_ids (GPtrArray  *infos,
                 GHashTable *expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < infos->len; i++)
    {
      const char *id = ferry_object_info_get_id (g_ptr_array_index (infos, i));

      if (!g_hash_table_contains (expected, id))
        g_error ("unexpected object %s (%s)", id, ferry_object_info_get_name (g_ptr_array_index (infos, i)));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));
}

static gint64
unix_ms (GDateTime *time)
{
  return g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
}

/* INFO says what the sandbox's object says. */
static void
assert_info_matches (FerryObjectInfo *info,
                     JsonNode        *hook,
                     gboolean         with_folder)
{
  g_autoptr(GDateTime) modified = g_date_time_new_from_iso8601 (json_string (hook, "dateModified"), NULL);
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_string (hook, "dateCreated"), NULL);
  JsonObject *owner = json_object_get_object_member (json_node_get_object (hook), "owner");

  g_assert_cmpstr (ferry_object_info_get_id (info), ==, json_string (hook, "id"));
  g_assert_cmpstr (ferry_object_info_get_name (info), ==, json_string (hook, "name"));
  g_assert_cmpint (ferry_object_info_get_object_type (info), ==, json_int (hook, "type"));
  g_assert_cmpint (ferry_object_info_get_subtype (info), ==, json_int (hook, "subtype"));
  g_assert_cmpstr (ferry_object_info_get_version (info), ==, json_string (hook, "version"));
  g_assert_cmpstr (ferry_object_info_get_description (info), ==, json_string (hook, "description"));
  g_assert_nonnull (modified);
  g_assert_cmpint (unix_ms (ferry_object_info_get_date_modified (info)), ==, unix_ms (modified));
  g_assert_cmpint (unix_ms (ferry_object_info_get_date_created (info)), ==, unix_ms (created));
  g_assert_cmpstr (ferry_object_info_get_owner_id (info), ==,
                   json_object_get_string_member_with_default (owner, "id", NULL));
  g_assert_cmpstr (ferry_object_info_get_owner_name (info), ==,
                   json_object_get_string_member_with_default (owner, "name", NULL));
  if (with_folder)
    {
      g_autofree char *path = hook_path (hook);

      g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, hook_parent (hook));
      g_assert_cmpstr (ferry_object_info_get_path (info), ==, path);
    }
}

static GPtrArray *
search_sync (FerryConnection  *c,
             const char       *project_id,
             FerrySearchQuery *query)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  ferry_discovery_search_async (c, project_id, query, NULL, NULL, NULL, NULL, store_result_cb, &result);
  found = ferry_discovery_search_finish (c, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_object_unref (result);
  return found;
}

#define list_folder_sync(c, folder_id) ftu_list_folder ((c), TUTORIAL_ID, (folder_id))

/* ------------------------------------------------------------------------ */
/* FerryObjectInfo alone                                                      */
/* ------------------------------------------------------------------------ */

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static void
test_object_info (void)
{
  g_autoptr(JsonObject) json =
    parse_object ("{\"name\":\"Revenue by Year\",\"id\":\"0A1B2C3D4E5F60718293A4B5C6D7E8F9\",\"type\":3,"
                  "\"subtype\":768,\"dateCreated\":\"2022-03-16T07:38:40.125+0000\","
                  "\"dateModified\":\"2023-01-02T03:04:05.000-0400\",\"version\":\"11112222333344445555666677778888\","
                  "\"acg\":255,\"owner\":{\"name\":\"Administrator\",\"id\":\"" ADMINISTRATOR_ID "\"},"
                  "\"description\":\"Yearly revenue\","
                  "\"ancestors\":[{\"name\":\"Reports\",\"id\":\"C0000000000000000000000000000003\",\"level\":1},"
                  "{\"name\":\"MicroStrategy Tutorial\",\"id\":\"C0000000000000000000000000000001\",\"level\":3},"
                  "{\"name\":\"Public Objects\",\"id\":\"C0000000000000000000000000000002\",\"level\":2}],"
                  "\"acl\":[{\"deny\":false,\"type\":1,\"rights\":255,\"trusteeId\":\"" ADMINISTRATOR_ID "\"}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryObjectInfo) info = ferry_object_info_new_from_json (json, &error);
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(JsonNode) acl = NULL;
  g_autofree char *path = NULL;
  int type = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (ferry_object_info_get_id (info), ==, "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
  g_assert_cmpstr (ferry_object_info_get_name (info), ==, "Revenue by Year");
  g_assert_cmpint (ferry_object_info_get_object_type (info), ==, 3);
  g_assert_cmpint (ferry_object_info_get_subtype (info), ==, 768);
  g_assert_false (ferry_object_info_is_folder (info));
  g_assert_cmpstr (ferry_object_info_get_version (info), ==, "11112222333344445555666677778888");
  g_assert_cmpstr (ferry_object_info_get_owner_name (info), ==, "Administrator");
  g_assert_cmpstr (ferry_object_info_get_owner_id (info), ==, ADMINISTRATOR_ID);
  g_assert_cmpstr (ferry_object_info_get_description (info), ==, "Yearly revenue");
  /* levels, not the order of the array, say which folder is which */
  g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, "C0000000000000000000000000000003");
  g_assert_cmpstr (ferry_object_info_get_path (info), ==, "\\Public Objects\\Reports");

  /* dates in UTC, offsets applied, milliseconds kept */
  created = g_date_time_new_utc (2022, 3, 16, 7, 38, 40.125);
  modified = g_date_time_new_utc (2023, 1, 2, 7, 4, 5);
  g_assert_true (g_date_time_equal (ferry_object_info_get_date_created (info), created));
  g_assert_true (g_date_time_equal (ferry_object_info_get_date_modified (info), modified));
  g_assert_cmpint (g_date_time_get_utc_offset (ferry_object_info_get_date_modified (info)), ==, 0);

  /* properties */
  g_object_get (info, "type", &type, "path", &path, "acl", &acl, NULL);
  g_assert_cmpint (type, ==, 3);
  g_assert_cmpstr (path, ==, "\\Public Objects\\Reports");
  g_assert_true (JSON_NODE_HOLDS_ARRAY (acl));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (acl)), ==, 1);

  /* an object of the root folder; ancestors without levels keep their order */
  {
    g_autoptr(JsonObject) top = parse_object ("{\"id\":\"C0000000000000000000000000000002\",\"name\":\"Public Objects\","
                                              "\"type\":8,\"ancestors\":[{\"name\":\"MicroStrategy Tutorial\","
                                              "\"id\":\"C0000000000000000000000000000001\"}]}");
    g_autoptr(FerryObjectInfo) folder = ferry_object_info_new_from_json (top, &error);

    g_assert_no_error (error);
    g_assert_true (ferry_object_info_is_folder (folder));
    g_assert_cmpstr (ferry_object_info_get_path (folder), ==, "\\");
    g_assert_cmpstr (ferry_object_info_get_parent_id (folder), ==, "C0000000000000000000000000000001");
    g_assert_null (ferry_object_info_get_date_modified (folder));
    g_assert_null (ferry_object_info_get_acl (folder));
  }

  /* without ancestors: what the listing knows, else nothing */
  {
    g_autoptr(JsonObject) bare = parse_object ("{\"id\":\"AB\",\"name\":\"x\",\"type\":4,"
                                               "\"dateModified\":\"2024-06-30T12:00:00Z\"}");
    g_autoptr(FerryObjectInfo) plain = ferry_object_info_new_from_json (bare, &error);
    g_autoptr(FerryObjectInfo) listed = ferry_object_info_new_from_json_in_folder (bare, "F00D", NULL, &error);
    g_autoptr(GDateTime) noon = g_date_time_new_utc (2024, 6, 30, 12, 0, 0);

    g_assert_no_error (error);
    g_assert_null (ferry_object_info_get_parent_id (plain));
    g_assert_null (ferry_object_info_get_path (plain));
    g_assert_cmpstr (ferry_object_info_get_parent_id (listed), ==, "F00D");
    g_assert_true (g_date_time_equal (ferry_object_info_get_date_modified (plain), noon));
  }

  /* no id: refused, naming the object */
  {
    g_autoptr(JsonObject) nameless = parse_object ("{\"name\":\"Orphan\",\"type\":4}");
    g_autoptr(FerryObjectInfo) none = ferry_object_info_new_from_json (nameless, &error);

    g_assert_null (none);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    g_assert_nonnull (strstr (error->message, "Orphan"));
  }
}

/* ------------------------------------------------------------------------ */
/* Against a sandbox                                                          */
/* ------------------------------------------------------------------------ */

static void
test_status_and_projects (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", TRUE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  {
    g_autoptr(FerryServerStatus) status = NULL;

    ferry_discovery_get_status_async (c, NULL, store_result_cb, &result);
    status = ferry_discovery_get_status_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (status->iserver_version, ==, "11.4.1000");
    g_assert_cmpstr (status->web_version, ==, "11.4.1000");
    g_clear_object (&result);
  }

  {
    g_autoptr(GPtrArray) projects = NULL;
    FerryProject *tutorial = NULL, *second = NULL;

    ferry_discovery_list_projects_async (c, NULL, store_result_cb, &result);
    projects = ferry_discovery_list_projects_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    for (guint i = 0; i < projects->len; i++)
      {
        FerryProject *p = g_ptr_array_index (projects, i);

        if (g_str_equal (ferry_project_get_id (p), TUTORIAL_ID))
          tutorial = p;
        else if (g_str_equal (ferry_project_get_id (p), SECOND_ID))
          second = p;
      }
    g_assert_nonnull (tutorial);
    g_assert_nonnull (second);
    g_assert_cmpstr (ferry_project_get_name (tutorial), ==, "MicroStrategy Tutorial");
    g_assert_cmpint (ferry_project_get_status (tutorial), ==, 0);
    {
      g_autofree char *name = NULL;
      g_object_get (second, "name", &name, NULL);
      g_assert_cmpstr (name, ==, ferry_project_get_name (second));
    }
  }

  {
    g_autofree char *name = NULL;

    ferry_discovery_get_project_name_async (c, TUTORIAL_ID, NULL, store_result_cb, &result);
    name = ferry_discovery_get_project_name_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, "MicroStrategy Tutorial");
    g_clear_object (&result);
  }

  /* an unknown project: the server's 404 with its words */
  {
    g_autofree char *name = NULL;

    ferry_discovery_get_project_name_async (c, "00000000000000000000000000000000", NULL, store_result_cb, &result);
    name = ferry_discovery_get_project_name_finish (c, wait_for (&result), &error);
    g_assert_null (name);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR004");
    g_assert_nonnull (strstr (error->message, "00000000000000000000000000000000"));
    g_clear_error (&error);
    g_clear_object (&result);
  }
}

static void
test_storage (void)
{
  FerrySandbox *with = start_sandbox ("empty", TRUE);
  FerrySandbox *without = start_sandbox ("empty", FALSE);
  FerryConnection *c1 = connect_admin (with);
  FerryConnection *c2 = connect_admin (without);
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(FerryStorageStatus) configured = NULL;
  g_autoptr(FerryStorageStatus) missing = NULL;

  ferry_discovery_get_storage_status_async (c1, NULL, store_result_cb, &result);
  configured = ferry_discovery_get_storage_status_finish (c1, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (configured->configured);
  g_assert_cmpstr (configured->type, ==, "file_system");

  ferry_discovery_get_storage_status_async (c2, NULL, store_result_cb, &result);
  missing = ferry_discovery_get_storage_status_finish (c2, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (missing->configured);
  g_assert_cmpstr (missing->type, ==, "unset");
}

static void
test_folders (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  g_autoptr(GHashTable) index = hook_index (objects);
  const char *root = hook_root (objects);
  guint n_big = 0;
  const char *big = hook_biggest_folder (objects, &n_big);
  g_autoptr(GPtrArray) top = list_folder_sync (c, NULL);
  g_autoptr(GHashTable) top_expected = hook_children (objects, root);
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) paged = NULL;
  g_autoptr(GHashTable) big_expected = hook_children (objects, big);
  guint before;

  /* the top level: the root folder's children, at path "\" */
  assert_same_ids (top, top_expected);
  for (guint i = 0; i < top->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (top, i);

      g_assert_cmpstr (ferry_object_info_get_path (info), ==, "\\");
      assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), FALSE);
    }

  /* the biggest folder, whole and in pages of 2: the same, in the same order */
  g_assert_cmpuint (n_big, >=, 3);
  whole = list_folder_sync (c, big);
  assert_same_ids (whole, big_expected);
  for (guint i = 0; i < whole->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (whole, i);

      g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, big);
      assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), FALSE);
    }

  set_page_size (2);
  before = ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}");
  paged = list_folder_sync (c, big);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}") - before, ==, (n_big + 1) / 2);
  g_assert_cmpuint (paged->len, ==, whole->len);
  for (guint i = 0; i < paged->len; i++)
    g_assert_cmpstr (ferry_object_info_get_id (g_ptr_array_index (paged, i)), ==,
                     ferry_object_info_get_id (g_ptr_array_index (whole, i)));

  /* a folder that does not exist */
  {
    GAsyncResult *result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) none = NULL;

    ferry_discovery_list_folder_async (c, TUTORIAL_ID, YEAR_ID, NULL, store_result_cb, &result);
    none = ferry_discovery_list_folder_finish (c, wait_for (&result), &error);
    g_assert_null (none);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_object_unref (result);
  }
}

/* What ferry_discovery_list_folder_pages_async() handed over. */
typedef struct
{
  GThread   *main_thread;
  GPtrArray *objects;
  guint      pages;
  gboolean   off_main;
} FolderPages;

static void
folder_pages_cb (GPtrArray *objects,
                 gpointer   user_data)
{
  FolderPages *pages = user_data;

  if (g_thread_self () != pages->main_thread)
    pages->off_main = TRUE;
  g_assert_cmpuint (objects->len, >, 0);
  pages->pages++;
  for (guint i = 0; i < objects->len; i++)
    g_ptr_array_add (pages->objects, g_object_ref (g_ptr_array_index (objects, i)));
}

static void
test_folders_generated (void)
{
  FerrySandbox *sb = start_sandbox ("generated:3000", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  guint n_big = 0;
  const char *big = hook_biggest_folder (objects, &n_big);
  g_autoptr(GHashTable) expected = hook_children (objects, big);
  g_autoptr(GPtrArray) listed = NULL;
  guint before;

  g_assert_cmpuint (n_big, >=, 40);
  set_page_size (7);
  before = ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}");
  listed = list_folder_sync (c, big);
  assert_same_ids (listed, expected);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}") - before, ==, (n_big + 6) / 7);

  /* Streamed: each page's objects on the main thread, in order, the same
   * objects as the whole listing. */
  {
    FolderPages pages = { g_thread_self (), g_ptr_array_new_with_free_func (g_object_unref), 0, FALSE };
    g_autoptr(GError) error = NULL;
    GAsyncResult *result = NULL;
    guint64 n = 0;

    ferry_discovery_list_folder_pages_async (c, TUTORIAL_ID, big, folder_pages_cb, &pages, NULL, NULL,
                                             store_result_cb, &result);
    g_assert_true (ferry_discovery_list_folder_pages_finish (c, wait_for (&result), &n, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_false (pages.off_main);
    g_assert_cmpuint (n, ==, n_big);
    g_assert_cmpuint (pages.pages, ==, (n_big + 6) / 7);
    g_assert_cmpuint (pages.objects->len, ==, listed->len);
    for (guint i = 0; i < listed->len; i++)
      {
        FerryObjectInfo *info = g_ptr_array_index (pages.objects, i);

        g_assert_cmpstr (ferry_object_info_get_id (info), ==,
                         ferry_object_info_get_id (g_ptr_array_index (listed, i)));
        g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, big);
      }
    g_ptr_array_unref (pages.objects);
  }
}

static JsonNode *
find_by_name (JsonNode   *objects,
              const char *name,
              int         type)
{
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (g_strcmp0 (json_string (o, "name"), name) == 0 && json_int (o, "type") == type)
        return o;
    }
  return NULL;
}

/* What a search should find, from the sandbox's objects. */
static GHashTable *
expected_search (JsonNode    *objects,
                 const char  *contains,
                 const int   *types,
                 guint        n_types,
                 const char  *root)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      JsonArray *ancestors = json_ancestors (o);
      gboolean type_ok = n_types == 0, below = root == NULL;

      if (hook_parent (o) == NULL)
        continue;
      if (contains != NULL)
        {
          g_autofree char *hay = g_utf8_casefold (json_string (o, "name"), -1);
          g_autofree char *needle = g_utf8_casefold (contains, -1);

          if (strstr (hay, needle) == NULL)
            continue;
        }
      for (guint k = 0; k < n_types; k++)
        if (json_int (o, "type") == types[k] || json_int (o, "subtype") == types[k])
          type_ok = TRUE;
      for (guint k = 0; root && ancestors && k < json_array_get_length (ancestors); k++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (ancestors, k), "id"), root) == 0)
          below = TRUE;
      if (type_ok && below)
        g_hash_table_add (out, (gpointer) json_string (o, "id"));
    }
  return out;
}

static void
record_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  GArray *calls = user_data;
  guint64 pair[2] = { done, total };

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_array_append_vals (calls, pair, 1);
}

static void
test_search (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  g_autoptr(GHashTable) index = hook_index (objects);
  JsonNode *year = g_hash_table_lookup (index, YEAR_ID);
  JsonNode *reports = find_by_name (objects, "Reports", 8);

  g_assert_nonnull (year);
  g_assert_nonnull (reports);

  /* Year, exactly, with ancestors: one object, in its folder */
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    FerryObjectInfo *info;

    ferry_search_query_set_name (query, "year", FERRY_SEARCH_EXACTLY);
    ferry_search_query_add_type (query, 12);
    query->get_ancestors = TRUE;
    found = search_sync (c, TUTORIAL_ID, query);
    g_assert_cmpuint (found->len, ==, 1);
    info = g_ptr_array_index (found, 0);
    assert_info_matches (info, year, TRUE);
    g_assert_cmpstr (ferry_object_info_get_path (info), ==, "\\Schema Objects\\Attributes\\Time");
    /* a search does not read ACLs */
    g_assert_null (ferry_object_info_get_acl (info));
  }

  /* without ancestors, no folder */
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;

    ferry_search_query_set_name (query, "Year", FERRY_SEARCH_EXACTLY);
    found = search_sync (c, TUTORIAL_ID, query);
    g_assert_cmpuint (found->len, >=, 1);
    for (guint i = 0; i < found->len; i++)
      {
        g_assert_null (ferry_object_info_get_path (g_ptr_array_index (found, i)));
        g_assert_null (ferry_object_info_get_parent_id (g_ptr_array_index (found, i)));
      }
  }

  /* types (a type and a subtype) below a root, by a word; names with spaces */
  {
    static const int types[] = { 3, 256 };
    const char *root = json_string (reports, "id");
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GHashTable) expected = expected_search (objects, NULL, types, 2, root);

    ferry_search_query_add_type (query, types[0]);
    ferry_search_query_add_type (query, types[1]);
    ferry_search_query_set_root (query, root);
    query->get_ancestors = TRUE;
    found = search_sync (c, TUTORIAL_ID, query);
    g_assert_cmpuint (g_hash_table_size (expected), >, 1);
    assert_same_ids (found, expected);
    for (guint i = 0; i < found->len; i++)
      {
        FerryObjectInfo *info = g_ptr_array_index (found, i);

        assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), TRUE);
        g_assert_true (g_str_has_prefix (ferry_object_info_get_path (info), "\\Public Objects\\Reports"));
      }
  }
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GHashTable) expected = expected_search (objects, "by year", NULL, 0, NULL);

    ferry_search_query_set_name (query, "by Year", FERRY_SEARCH_CONTAINS);
    found = search_sync (c, TUTORIAL_ID, query);
    g_assert_cmpuint (g_hash_table_size (expected), >, 0);
    assert_same_ids (found, expected);
  }

  /* every object, in pages of 7, several in flight: all of them, each once,
   * with progress on the main thread up to the total */
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;
    g_autoptr(GHashTable) expected = expected_search (objects, NULL, NULL, 0, NULL);
    g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint64) * 2);
    g_autoptr(GError) error = NULL;
    GAsyncResult *result = NULL;
    guint before = ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results");
    guint64 total = g_hash_table_size (expected);

    set_page_size (7);
    query->get_ancestors = TRUE;
    ferry_discovery_search_async (c, TUTORIAL_ID, query, record_progress_cb, g_array_ref (calls),
                                  (GDestroyNotify) g_array_unref, NULL, store_result_cb, &result);
    found = ferry_discovery_search_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_object_unref (result);
    assert_same_ids (found, expected);
    g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results") - before, ==,
                      (total + 6) / 7);
    g_assert_cmpuint (calls->len, ==, (total + 6) / 7);
    for (guint i = 0; i < calls->len; i++)
      {
        guint64 *pair = &g_array_index (calls, guint64, i * 2);

        g_assert_cmpuint (pair[1], ==, total);
        g_assert_cmpuint (pair[0], ==, MIN ((guint64) (i + 1) * 7, total));
      }
    for (guint i = 0; i < found->len; i++)
      {
        FerryObjectInfo *info = g_ptr_array_index (found, i);
        assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), TRUE);
      }
  }

  /* the configuration, without a project */
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;

    ferry_search_query_set_name (query, "Administrator", FERRY_SEARCH_EXACTLY);
    ferry_search_query_add_type (query, 8704);
    found = search_sync (c, NULL, query);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (ferry_object_info_get_id (g_ptr_array_index (found, 0)), ==, ADMINISTRATOR_ID);
  }

  /* nothing found is an empty list */
  {
    g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
    g_autoptr(GPtrArray) found = NULL;

    ferry_search_query_set_name (query, "no such object anywhere", FERRY_SEARCH_EXACTLY);
    found = search_sync (c, TUTORIAL_ID, query);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

typedef struct
{
  GThread   *main_thread;
  GPtrArray *ids;
  guint      pages;
  gboolean   off_main;
} PageLog;

static gboolean
log_page_cb (JsonArray *items,
             gpointer   user_data,
             GError   **error)
{
  PageLog *log = user_data;

  if (g_thread_self () != log->main_thread)
    log->off_main = TRUE;
  log->pages++;
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (log->ids, g_strdup (json_object_get_string_member (json_array_get_object_element (items, i),
                                                                         "id")));
  return TRUE;
}

static gboolean
fail_third_page_cb (JsonArray *items,
                    gpointer   user_data,
                    GError   **error)
{
  guint *pages = user_data;

  if (++(*pages) == 3)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "The inventory is full");
      return FALSE;
    }
  return TRUE;
}

static void
cancel_on_first_progress_cb (guint64  done,
                             guint64  total,
                             gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_inventory (void)
{
  FerrySandbox *sb = start_sandbox ("generated:3000", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  g_autoptr(GHashTable) expected = expected_search (objects, NULL, NULL, 0, NULL);
  g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GAsyncResult *result = NULL;
  gint64 start;
  guint before;

  query->get_ancestors = TRUE;

  /* the whole project as objects, in pages of 500 (3 in flight) */
  set_page_size (500);
  before = ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results");
  start = g_get_monotonic_time ();
  ferry_discovery_search_async (c, TUTORIAL_ID, query, NULL, NULL, NULL, NULL, store_result_cb, &result);
  found = ferry_discovery_search_finish (c, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_test_message ("%u objects in %" G_GINT64_FORMAT " ms", found->len, (g_get_monotonic_time () - start) / 1000);
  assert_same_ids (found, expected);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results") - before, ==,
                    (g_hash_table_size (expected) + 499) / 500);

  /* raw pages, in order, in a worker thread */
  {
    PageLog log = { g_thread_self (), g_ptr_array_new_with_free_func (g_free), 0, FALSE };
    guint64 n = 0;

    ferry_discovery_search_pages_async (c, TUTORIAL_ID, query, log_page_cb, &log, NULL, NULL, NULL, NULL, NULL,
                                        store_result_cb, &result);
    g_assert_true (ferry_discovery_search_pages_finish (c, wait_for (&result), &n, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
    g_assert_cmpuint (n, ==, found->len);
    g_assert_true (log.off_main);
    g_assert_cmpuint (log.pages, ==, (found->len + 499) / 500);
    g_assert_cmpuint (log.ids->len, ==, found->len);
    for (guint i = 0; i < found->len; i++)
      g_assert_cmpstr (g_ptr_array_index (log.ids, i), ==, ferry_object_info_get_id (g_ptr_array_index (found, i)));
    g_ptr_array_unref (log.ids);
  }

  /* a page function that fails stops the listing with its error */
  {
    guint pages = 0;
    g_autoptr(GError) page_error = NULL;

    ferry_discovery_search_pages_async (c, TUTORIAL_ID, query, fail_third_page_cb, &pages, NULL, NULL, NULL, NULL,
                                        NULL, store_result_cb, &result);
    g_assert_false (ferry_discovery_search_pages_finish (c, wait_for (&result), NULL, &page_error));
    g_assert_error (page_error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_assert_cmpuint (pages, ==, 3);
    g_clear_object (&result);
  }

  /* cancelled after the first page */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GError) cancel_error = NULL;

    ferry_discovery_search_async (c, TUTORIAL_ID, query, cancel_on_first_progress_cb, g_object_ref (cancellable),
                                  g_object_unref, cancellable, store_result_cb, &result);
    none = ferry_discovery_search_finish (c, wait_for (&result), &cancel_error);
    g_assert_null (none);
    g_assert_error (cancel_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_object (&result);
  }

  /* the default page size: one page for these 3000 objects (the requests
   * the cancelled search had sent may still be counted by the server, so
   * the pages are counted here by their progress calls) */
  {
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint64) * 2);

    _ferry_discovery_set_page_size_for_tests (0);
    start = g_get_monotonic_time ();
    ferry_discovery_search_async (c, TUTORIAL_ID, query, record_progress_cb, g_array_ref (calls),
                                  (GDestroyNotify) g_array_unref, NULL, store_result_cb, &result);
    all = ferry_discovery_search_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    g_test_message ("default pages: %u objects in %" G_GINT64_FORMAT " ms", all->len,
                    (g_get_monotonic_time () - start) / 1000);
    g_assert_cmpuint (all->len, ==, found->len);
    g_assert_cmpuint (calls->len, ==, 1);
  }
}

static void
assert_users (FerrySandbox    *sb,
              FerryConnection *c,
              gboolean         groups)
{
  g_autoptr(JsonNode) config = ferry_sandbox_dup_objects (sb, NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) index = hook_index (config);
  JsonArray *array = json_node_get_array (config);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int subtype = groups ? 8705 : 8704;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (json_int (o, "type") == 34 && json_int (o, "subtype") == subtype)
        g_hash_table_add (expected, (gpointer) json_string (o, "id"));
    }
  g_assert_cmpuint (g_hash_table_size (expected), >=, 3);

  if (groups)
    ferry_discovery_list_user_groups_async (c, NULL, store_result_cb, &result);
  else
    ferry_discovery_list_users_async (c, NULL, store_result_cb, &result);
  found = groups ? ferry_discovery_list_user_groups_finish (c, wait_for (&result), &error)
                 : ferry_discovery_list_users_finish (c, wait_for (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  assert_same_ids (found, expected);
  for (guint i = 0; i < found->len; i++)
    {
      FerryObjectInfo *info = g_ptr_array_index (found, i);

      g_assert_cmpint (ferry_object_info_get_object_type (info), ==, 34);
      assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), FALSE);
    }
}

static void
test_users (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", FALSE);
  FerryConnection *c = connect_admin (sb);
  guint before = ferry_sandbox_get_request_count (sb, "GET", "/api/users");

  assert_users (sb, c, FALSE);
  assert_users (sb, c, TRUE);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/users") - before, ==, 1);

  /* every page, pages of 2 */
  set_page_size (2);
  before = ferry_sandbox_get_request_count (sb, "GET", "/api/users");
  assert_users (sb, c, FALSE);
  assert_users (sb, c, TRUE);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/users") - before, >=, 2);
}

static void
test_object (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) year = ferry_sandbox_dup_object (sb, TUTORIAL_ID, YEAR_ID);
  g_autoptr(JsonNode) admin = ferry_sandbox_dup_object (sb, NULL, ADMINISTRATOR_ID);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (year);
  {
    g_autoptr(FerryObjectInfo) info = NULL;
    JsonNode *acl;

    ferry_discovery_get_object_async (c, TUTORIAL_ID, YEAR_ID, 12, NULL, store_result_cb, &result);
    info = ferry_discovery_get_object_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);

    assert_info_matches (info, year, TRUE);
    g_assert_cmpstr (ferry_object_info_get_name (info), ==, "Year");
    acl = ferry_object_info_get_acl (info);
    g_assert_nonnull (acl);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (acl)), >, 0);
    g_assert_true (json_node_equal (acl, json_object_get_member (json_node_get_object (year), "acl")));
  }

  /* a configuration object, without a project */
  {
    g_autoptr(FerryObjectInfo) info = NULL;

    ferry_discovery_get_object_async (c, NULL, ADMINISTRATOR_ID, 34, NULL, store_result_cb, &result);
    info = ferry_discovery_get_object_finish (c, wait_for (&result), &error);
    g_assert_no_error (error);
    g_clear_object (&result);
    assert_info_matches (info, admin, FALSE);
    g_assert_cmpint (ferry_object_info_get_subtype (info), ==, 8704);
  }

  /* the wrong type: the server's 404 naming the id */
  {
    g_autoptr(FerryObjectInfo) info = NULL;

    ferry_discovery_get_object_async (c, TUTORIAL_ID, YEAR_ID, 4, NULL, store_result_cb, &result);
    info = ferry_discovery_get_object_finish (c, wait_for (&result), &error);
    g_assert_null (info);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, YEAR_ID));
    g_clear_object (&result);
  }
}

/* Objects that use ID, from the sandbox's objects. */
static GHashTable *
hook_users_of (JsonNode   *objects,
               const char *id,
               gboolean    recursive)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  JsonArray *array = json_node_get_array (objects);

  g_ptr_array_add (todo, (gpointer) id);
  while (todo->len > 0)
    {
      const char *current = g_ptr_array_steal_index (todo, todo->len - 1);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *o = json_array_get_element (array, i);
          JsonObject *obj = json_node_get_object (o);
          JsonArray *uses = json_object_has_member (obj, "uses") ? json_object_get_array_member (obj, "uses") : NULL;

          for (guint k = 0; uses && k < json_array_get_length (uses); k++)
            if (g_str_equal (json_array_get_string_element (uses, k), current) &&
                !g_hash_table_contains (out, json_string (o, "id")))
              {
                g_hash_table_add (out, (gpointer) json_string (o, "id"));
                if (recursive)
                  g_ptr_array_add (todo, (gpointer) json_string (o, "id"));
              }
        }
    }
  return out;
}

/* Objects ID uses, from the sandbox's objects. */
static GHashTable *
hook_used_by (GHashTable *index,
              const char *id,
              gboolean    recursive)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, (gpointer) id);
  while (todo->len > 0)
    {
      JsonNode *o = g_hash_table_lookup (index, g_ptr_array_steal_index (todo, todo->len - 1));
      JsonObject *obj = o ? json_node_get_object (o) : NULL;
      JsonArray *uses = obj && json_object_has_member (obj, "uses") ? json_object_get_array_member (obj, "uses")
                                                                     : NULL;

      for (guint k = 0; uses && k < json_array_get_length (uses); k++)
        {
          const char *used = json_array_get_string_element (uses, k);

          if (g_hash_table_contains (out, used) || !g_hash_table_contains (index, used))
            continue;
          g_hash_table_add (out, (gpointer) used);
          if (recursive)
            g_ptr_array_add (todo, (gpointer) used);
        }
    }
  return out;
}

static GPtrArray *
dependencies_sync (FerryConnection          *c,
                   FerryDependencyDirection  direction,
                   gboolean                  recursive)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  ferry_discovery_list_dependencies_async (c, TUTORIAL_ID, YEAR_ID, 12, direction, recursive, NULL,
                                           store_result_cb, &result);
  found = ferry_discovery_list_dependencies_finish (c, wait_for (&result), &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return found;
}

static void
test_dependencies (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev", FALSE);
  FerryConnection *c = connect_admin (sb);
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  g_autoptr(GHashTable) index = hook_index (objects);
  g_autoptr(GHashTable) direct_users = hook_users_of (objects, YEAR_ID, FALSE);
  g_autoptr(GHashTable) all_users = hook_users_of (objects, YEAR_ID, TRUE);
  g_autoptr(GHashTable) direct_used = hook_used_by (index, YEAR_ID, FALSE);
  g_autoptr(GHashTable) all_used = hook_used_by (index, YEAR_ID, TRUE);

  /* the seed makes each case tell something */
  g_assert_cmpuint (g_hash_table_size (direct_users), >, 0);
  g_assert_cmpuint (g_hash_table_size (all_users), >, g_hash_table_size (direct_users));
  g_assert_cmpuint (g_hash_table_size (direct_used), >, 0);
  g_assert_cmpuint (g_hash_table_size (all_used), >=, g_hash_table_size (direct_used));

  {
    g_autoptr(GPtrArray) found = dependencies_sync (c, FERRY_DEPENDENCY_USED_BY, FALSE);
    assert_same_ids (found, direct_users);
    for (guint i = 0; i < found->len; i++)
      {
        FerryObjectInfo *info = g_ptr_array_index (found, i);
        assert_info_matches (info, g_hash_table_lookup (index, ferry_object_info_get_id (info)), FALSE);
      }
  }
  {
    g_autoptr(GPtrArray) found = NULL;

    /* the results are read in pages too */
    set_page_size (3);
    found = dependencies_sync (c, FERRY_DEPENDENCY_USED_BY, TRUE);
    assert_same_ids (found, all_users);
    _ferry_discovery_set_page_size_for_tests (0);
  }
  {
    g_autoptr(GPtrArray) found = dependencies_sync (c, FERRY_DEPENDENCY_USES, FALSE);
    assert_same_ids (found, direct_used);
  }
  {
    g_autoptr(GPtrArray) found = dependencies_sync (c, FERRY_DEPENDENCY_USES, TRUE);
    assert_same_ids (found, all_used);
  }
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "POST", "/api/metadataSearches/results"), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/discovery/object-info", test_object_info);
  g_test_add_func ("/discovery/status-and-projects", test_status_and_projects);
  g_test_add_func ("/discovery/storage", test_storage);
  g_test_add_func ("/discovery/folders", test_folders);
  g_test_add_func ("/discovery/folders-generated", test_folders_generated);
  g_test_add_func ("/discovery/search", test_search);
  g_test_add_func ("/discovery/inventory", test_inventory);
  g_test_add_func ("/discovery/users", test_users);
  g_test_add_func ("/discovery/object", test_object);
  g_test_add_func ("/discovery/dependencies", test_dependencies);

  return g_test_run ();
}
