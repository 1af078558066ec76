/* test-folder-model.c: FerryFolderModel against a sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lazy (nothing sent before the items are asked for, one listing per
 * folder), the same items as ferry_discovery_list_folder_async() and as the
 * sandbox's own objects, errors, cancellation, wrapped items, and a large
 * folder in pages. Requests are counted by the sandbox.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ferry-core.h"
#include "ferry-discovery-private.h"
#include "ferry-folder-model.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define YEAR_ID     "8D679D5111D3E4981000E787EC6DE8A4"

/* --- Helpers ------------------------------------------------------------------ */

/* From tests/ferry-test-util.h, under the names this file calls them. */
#define start_sandbox(s)  ftu_sandbox_start (&(FtuSandboxOptions) { .seed = (s) })
#define store_result_cb   ftu_store_result_cb
#define wait_for          ftu_wait_for
#define wait_until(flag)  ftu_wait_flag ((flag), 60)
#define spin              ftu_spin
#define connect_admin     ftu_connect_admin

static void
reset_page_size (gpointer data)
{
  _ferry_discovery_set_page_size_for_tests (0);
}

#define list_folder_sync(c, folder_id) ftu_list_folder ((c), TUTORIAL_ID, (folder_id))

static guint
folder_requests (FerrySandbox *sb)
{
  return ferry_sandbox_get_request_count (sb, "GET", "/api/folders") +
         ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}");
}

/* What a model saw happen. */
typedef struct
{
  gboolean done;          /* "loading" went back to FALSE */
  guint    n_changes;
  guint    added;
  guint    removed;
  guint    n_error_notifies;
} Watch;

static void
loading_cb (FerryFolderModel *model,
            GParamSpec       *pspec,
            Watch            *watch)
{
  if (!ferry_folder_model_get_loading (model))
    watch->done = TRUE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->n_changes++;
  watch->added += added;
  watch->removed += removed;
}

static void
error_cb (FerryFolderModel *model,
          GParamSpec       *pspec,
          Watch            *watch)
{
  watch->n_error_notifies++;
}

static void
watch_model (FerryFolderModel *model,
             Watch            *watch)
{
  g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), watch);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), watch);
  g_signal_connect (model, "notify::error", G_CALLBACK (error_cb), watch);
}

/* The model holds the ids of EXPECTED, in the same order. */
static void
assert_same_items (GListModel *model,
                   GPtrArray  *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (model, i);
      FerryObjectInfo *want = g_ptr_array_index (expected, i);

      g_assert_cmpstr (ferry_object_info_get_id (info), ==, ferry_object_info_get_id (want));
      g_assert_cmpstr (ferry_object_info_get_name (info), ==, ferry_object_info_get_name (want));
      g_assert_cmpint (ferry_object_info_get_object_type (info), ==, ferry_object_info_get_object_type (want));
      g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, ferry_object_info_get_parent_id (want));
    }
  g_assert_null (g_list_model_get_item (model, expected->len));
}

static FerryObjectInfo *
first_folder (GListModel *model)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (model, i);

      if (ferry_object_info_is_folder (info) &&
          g_str_equal (ferry_object_info_get_name (info), "Public Objects"))
        return g_steal_pointer (&info);
    }
  g_assert_not_reached ();
}

/* --- Tests ------------------------------------------------------------------- */

static void
test_lazy (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryConnection *c = connect_admin (sb);
  g_autoptr(GPtrArray) top_expected = list_folder_sync (c, NULL);
  g_autoptr(FerryFolderModel) top = ferry_folder_model_new (c, TUTORIAL_ID, NULL, NULL);
  g_autoptr(FerryFolderModel) child = NULL;
  g_autoptr(FerryObjectInfo) folder = NULL;
  g_autoptr(GPtrArray) child_expected = NULL;
  Watch watch = { 0 }, child_watch = { 0 };
  guint before = folder_requests (sb);
  guint n_items;
  gboolean loading, loaded;

  watch_model (top, &watch);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (top)) == FERRY_TYPE_OBJECT_INFO);
  g_assert_true (ferry_folder_model_get_connection (top) == c);
  g_assert_cmpstr (ferry_folder_model_get_project_id (top), ==, TUTORIAL_ID);
  g_assert_null (ferry_folder_model_get_folder_id (top));

  /* Created, properties read: nothing sent. */
  g_object_get (top, "n-items", &n_items, "loading", &loading, "loaded", &loaded, NULL);
  g_assert_cmpuint (n_items, ==, 0);
  g_assert_false (loading);
  g_assert_false (loaded);
  spin (200);
  g_assert_cmpuint (folder_requests (sb), ==, before);

  /* The first question starts the listing. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (top)), ==, 0);
  g_assert_true (ferry_folder_model_get_loading (top));
  wait_until (&watch.done);
  g_assert_cmpuint (folder_requests (sb), ==, before + 1);
  g_assert_true (ferry_folder_model_get_loaded (top));
  g_assert_null (ferry_folder_model_get_error (top));
  g_assert_cmpuint (watch.n_changes, ==, 1);
  g_assert_cmpuint (watch.added, ==, top_expected->len);
  g_assert_cmpuint (watch.n_error_notifies, ==, 0);
  assert_same_items (G_LIST_MODEL (top), top_expected);

  /* Asking again, or load(), lists nothing more. */
  ferry_folder_model_load (top);
  g_assert_false (ferry_folder_model_get_loading (top));
  g_list_model_get_n_items (G_LIST_MODEL (top));
  spin (100);
  g_assert_cmpuint (folder_requests (sb), ==, before + 1);

  /* A child model: lazy too, then one listing of its folder. */
  folder = first_folder (G_LIST_MODEL (top));
  child_expected = list_folder_sync (c, ferry_object_info_get_id (folder));
  g_assert_cmpuint (child_expected->len, >, 0);
  before = folder_requests (sb);
  child = ferry_folder_model_new_child (top, ferry_object_info_get_id (folder));
  watch_model (child, &child_watch);
  g_assert_cmpstr (ferry_folder_model_get_folder_id (child), ==, ferry_object_info_get_id (folder));
  spin (100);
  g_assert_cmpuint (folder_requests (sb), ==, before);
  ferry_folder_model_load (child);
  wait_until (&child_watch.done);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}") +
                    ferry_sandbox_get_request_count (sb, "GET", "/api/folders"), ==, before + 1);
  assert_same_items (G_LIST_MODEL (child), child_expected);
  g_assert_cmpuint (child_watch.n_changes, ==, 1);
}

static void
test_error (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryConnection *c = connect_admin (sb);
  g_autoptr(FerryFolderModel) model = ferry_folder_model_new (c, TUTORIAL_ID, YEAR_ID, NULL);
  g_autoptr(FerryFolderModel) unknown = ferry_folder_model_new (c, TUTORIAL_ID, "0123456789ABCDEF0123456789ABCDEF",
                                                                NULL);
  const GError *error;
  GError *property = NULL;
  Watch watch = { 0 }, unknown_watch = { 0 };
  guint before = folder_requests (sb);
  guint n_items;

  /* An object that is no folder, and an id nothing has. */
  watch_model (model, &watch);
  watch_model (unknown, &unknown_watch);
  ferry_folder_model_load (model);
  ferry_folder_model_load (unknown);
  wait_until (&watch.done);
  wait_until (&unknown_watch.done);
  g_assert_cmpuint (folder_requests (sb), ==, before + 2);

  error = ferry_folder_model_get_error (model);
  g_assert_error ((GError *) error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (watch.n_error_notifies, ==, 1);
  g_object_get (model, "error", &property, NULL);
  g_assert_error (property, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_clear_error (&property);
  g_assert_false (ferry_folder_model_get_loaded (model));
  g_assert_false (ferry_folder_model_get_loading (model));
  g_object_get (unknown, "n-items", &n_items, NULL);
  g_assert_cmpuint (n_items + watch.n_changes + unknown_watch.n_changes, ==, 0);
  g_assert_error ((GError *) ferry_folder_model_get_error (unknown), FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);

  /* A failed folder is listed again when asked again; it fails again. */
  watch.done = FALSE;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (ferry_folder_model_get_loading (model));
  wait_until (&watch.done);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}") +
                    ferry_sandbox_get_request_count (sb, "GET", "/api/folders"), >=, before + 3);
  g_assert_error ((GError *) ferry_folder_model_get_error (model), FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (watch.n_changes, ==, 0);
}

static gpointer
wrap_cb (FerryObjectInfo *info,
         gpointer         user_data)
{
  guint *n_wrapped = user_data;
  GSimpleAction *item = g_simple_action_new (ferry_object_info_get_id (info), NULL);

  (*n_wrapped)++;
  return item;
}

static void
count_destroy (gpointer data)
{
  guint *n_wrapped = data;

  *n_wrapped += 1000;
}

static void
test_cancel (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryConnection *c = connect_admin (sb);
  g_autoptr(GCancellable) tree = g_cancellable_new ();
  FerryFolderModel *model = ferry_folder_model_new (c, TUTORIAL_ID, NULL, tree);
  g_autoptr(FerryFolderModel) other = ferry_folder_model_new (c, TUTORIAL_ID, NULL, tree);
  g_autoptr(FerryFolderModel) late = NULL;
  guint n_wrapped = 0;
  guint before = folder_requests (sb);
  Watch watch = { 0 };

  /* Disposed while listing: the listing stops, nothing is wrapped. */
  ferry_folder_model_set_wrap_func (model, G_TYPE_SIMPLE_ACTION, wrap_cb, &n_wrapped, NULL);
  ferry_folder_model_load (model);
  g_assert_true (ferry_folder_model_get_loading (model));
  g_assert_finalize_object (model);
  spin (500);
  g_assert_cmpuint (n_wrapped, ==, 0);
  g_assert_cmpuint (folder_requests (sb), <=, before + 1);

  /* The tree's cancellable stops every model of the tree: no error, not
   * loaded, and nothing listed afterwards. */
  watch_model (other, &watch);
  ferry_folder_model_load (other);
  g_cancellable_cancel (tree);
  wait_until (&watch.done);
  g_assert_false (ferry_folder_model_get_loaded (other));
  g_assert_null (ferry_folder_model_get_error (other));
  g_assert_cmpuint (watch.n_changes, ==, 0);
  before = folder_requests (sb);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 0);
  g_assert_false (ferry_folder_model_get_loading (other));

  /* A model made on a cancelled tree lists nothing. */
  late = ferry_folder_model_new (c, TUTORIAL_ID, NULL, tree);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (late)), ==, 0);
  g_assert_false (ferry_folder_model_get_loading (late));
  spin (200);
  g_assert_cmpuint (folder_requests (sb), ==, before);
}

static void
test_wrap (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryConnection *c = connect_admin (sb);
  g_autoptr(GPtrArray) expected = list_folder_sync (c, NULL);
  g_autoptr(FerryFolderModel) top = ferry_folder_model_new (c, TUTORIAL_ID, NULL, NULL);
  g_autoptr(FerryFolderModel) child = NULL;
  g_autoptr(GPtrArray) child_expected = NULL;
  const char *folder_id = NULL;
  guint n_wrapped = 0;
  Watch watch = { 0 }, child_watch = { 0 };

  ferry_folder_model_set_wrap_func (top, G_TYPE_SIMPLE_ACTION, wrap_cb, &n_wrapped, count_destroy);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (top)) == G_TYPE_SIMPLE_ACTION);
  watch_model (top, &watch);
  g_list_model_get_n_items (G_LIST_MODEL (top));
  wait_until (&watch.done);
  g_assert_cmpuint (n_wrapped, ==, expected->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (top)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(GAction) item = g_list_model_get_item (G_LIST_MODEL (top), i);

      g_assert_cmpstr (g_action_get_name (item), ==, ferry_object_info_get_id (g_ptr_array_index (expected, i)));
      if (folder_id == NULL && ferry_object_info_is_folder (g_ptr_array_index (expected, i)))
        folder_id = ferry_object_info_get_id (g_ptr_array_index (expected, i));
    }

  /* The child wraps its items the same way; the function's data is freed
   * once, with the last model. */
  g_assert_nonnull (folder_id);
  child_expected = list_folder_sync (c, folder_id);
  child = ferry_folder_model_new_child (top, folder_id);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (child)) == G_TYPE_SIMPLE_ACTION);
  watch_model (child, &child_watch);
  ferry_folder_model_load (child);
  wait_until (&child_watch.done);
  g_assert_cmpuint (n_wrapped, ==, expected->len + child_expected->len);
  g_assert_finalize_object (g_steal_pointer (&top));
  g_assert_cmpuint (n_wrapped, <, 1000);
  g_assert_finalize_object (g_steal_pointer (&child));
  g_assert_cmpuint (n_wrapped, ==, 1000 + expected->len + child_expected->len);
}

/* The sandbox's objects whose parent is FOLDER_ID: id → TRUE. */
static GHashTable *
sandbox_children (FerrySandbox *sb,
                  const char   *folder_id)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  JsonArray *array = json_node_get_array (objects);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *ancestors = json_object_has_member (o, "ancestors") ? json_object_get_array_member (o, "ancestors")
                                                                     : NULL;
      guint n = ancestors != NULL ? json_array_get_length (ancestors) : 0;

      if (n > 0 && g_strcmp0 (json_object_get_string_member (json_array_get_object_element (ancestors, n - 1), "id"),
                              folder_id) == 0)
        g_hash_table_add (out, g_strdup (json_object_get_string_member (o, "id")));
    }
  return out;
}

/* The folder with the most children, by the sandbox's objects. */
static char *
biggest_folder (FerrySandbox *sb,
                guint        *n_children)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  JsonArray *array = json_node_get_array (objects);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;
  char *best = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *ancestors = json_object_has_member (o, "ancestors") ? json_object_get_array_member (o, "ancestors")
                                                                     : NULL;
      guint n = ancestors != NULL ? json_array_get_length (ancestors) : 0;
      const char *parent;

      if (n == 0)
        continue;
      parent = json_object_get_string_member (json_array_get_object_element (ancestors, n - 1), "id");
      g_hash_table_insert (counts, g_strdup (parent),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, parent)) + 1));
    }

  *n_children = 0;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > *n_children)
      {
        *n_children = GPOINTER_TO_UINT (value);
        g_free (best);
        best = g_strdup (key);
      }
  return best;
}

static void
test_large (void)
{
  FerrySandbox *sb = start_sandbox ("generated:3000");
  FerryConnection *c = connect_admin (sb);
  guint n_big = 0;
  g_autofree char *big = biggest_folder (sb, &n_big);
  g_autoptr(GHashTable) expected = sandbox_children (sb, big);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerryFolderModel) model = ferry_folder_model_new (c, TUTORIAL_ID, big, NULL);
  Watch watch = { 0 };
  guint before;

  g_assert_cmpuint (n_big, >=, 40);
  g_assert_cmpuint (g_hash_table_size (expected), ==, n_big);
  _ferry_discovery_set_page_size_for_tests (7);
  g_test_queue_destroy (reset_page_size, NULL);

  watch_model (model, &watch);
  before = ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}");
  ferry_folder_model_load (model);
  wait_until (&watch.done);
  g_assert_null (ferry_folder_model_get_error (model));
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}") - before, ==, (n_big + 6) / 7);
  g_assert_cmpuint (watch.added, ==, n_big);
  g_assert_cmpuint (watch.removed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_big);
  for (guint i = 0; i < n_big; i++)
    {
      g_autoptr(FerryObjectInfo) info = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *id = ferry_object_info_get_id (info);

      g_assert_true (g_hash_table_contains (expected, id));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
      g_assert_cmpstr (ferry_object_info_get_parent_id (info), ==, big);
    }
}

/* A folder of several pages shows each page as it comes: one
 * items-changed per page, appended at the end, while still loading. */
typedef struct
{
  guint n_changes;
  guint n_while_loading;
  guint n_at_end;
} PageWatch;

static void
page_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 PageWatch  *watch)
{
  watch->n_changes++;
  if (ferry_folder_model_get_loading (FERRY_FOLDER_MODEL (model)))
    watch->n_while_loading++;
  if (removed == 0 && position + added == g_list_model_get_n_items (model))
    watch->n_at_end++;
}

static void
test_pages (void)
{
  FerrySandbox *sb = start_sandbox ("generated:3000");
  FerryConnection *c = connect_admin (sb);
  guint n_big = 0;
  g_autofree char *big = biggest_folder (sb, &n_big);
  g_autoptr(FerryFolderModel) model = ferry_folder_model_new (c, TUTORIAL_ID, big, NULL);
  Watch watch = { 0 };
  PageWatch pages = { 0 };
  guint n_pages;

  g_assert_cmpuint (n_big, >=, 40);
  _ferry_discovery_set_page_size_for_tests (7);
  g_test_queue_destroy (reset_page_size, NULL);
  n_pages = (n_big + 6) / 7;

  watch_model (model, &watch);
  g_signal_connect (model, "items-changed", G_CALLBACK (page_changed_cb), &pages);
  ferry_folder_model_load (model);
  wait_until (&watch.done);
  g_assert_null (ferry_folder_model_get_error (model));
  g_assert_true (ferry_folder_model_get_loaded (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_big);
  g_assert_cmpuint (pages.n_changes, ==, n_pages);
  g_assert_cmpuint (pages.n_at_end, ==, n_pages);
  /* Every page was shown before the listing ended. */
  g_assert_cmpuint (pages.n_while_loading, ==, n_pages);
  g_assert_cmpuint (watch.removed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/folder-model/lazy", test_lazy);
  g_test_add_func ("/folder-model/error", test_error);
  g_test_add_func ("/folder-model/cancel", test_cancel);
  g_test_add_func ("/folder-model/wrap", test_wrap);
  g_test_add_func ("/folder-model/large", test_large);
  g_test_add_func ("/folder-model/pages", test_pages);

  return g_test_run ();
}
