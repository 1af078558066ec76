/* test-environment-pane.c: the environment pane and the environment dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite ui, under xvfb-run). The pane runs against
 * in-process sandboxes (tutorial-dev, and tutorial-prod for the
 * comparison); what it should show is taken from the sandbox's own view of
 * its objects (ferry_sandbox_dup_objects) and from the committed seed
 * manifest, never from the code under test.
 *
 * Screenshots go to G_TEST_BUILDDIR: test-environment-pane-*.png and
 * test-environment-dialog-*.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-application.h"
#include "ferry-certificate-dialog.h"
#include "ferry-environment-dialog.h"
#include "ferry-environment-pane.h"
#include "ferry-object-row.h"
#include "ferry-password-dialog.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID       "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define YEAR_ID           "8D679D5111D3E4981000E787EC6DE8A4"
#define REVENUE_BY_YEAR   "CBCB6C67523AD3BED1E6AE564C4D8A88"

/* --- helpers ------------------------------------------------------------ */

/* From tests/ferry-test-util.h, under the name this file calls it. */
#define start_sandbox(s) ftu_sandbox_start (&(FtuSandboxOptions) { .seed = (s) })

static void
disconnect_environment (gpointer data)
{
  ferry_environment_disconnect (data);
  g_object_unref (data);
}

/* A connected environment as administrator; disconnected after the test. */
static FerryEnvironment *
connect_environment (FerrySandbox *sb,
                     const char   *name)
{
  FerryEnvironment *env = ftu_environment_connect (sb, name, "administrator", "");

  g_test_queue_destroy (disconnect_environment, env);
  return env;
}

/* A widget, or another object, of the pane's template. */
static gpointer
pane_child (FerryEnvironmentPane *pane,
            const char           *name)
{
  return utu_child (pane, FERRY_TYPE_ENVIRONMENT_PANE, name);
}

static const char *
page_of (FerryEnvironmentPane *pane)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (pane_child (pane, "stack")));
}

typedef struct
{
  FerryEnvironmentPane *pane;
  const char           *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *w = data;

  return g_strcmp0 (page_of (w->pane), w->page) == 0;
}

static void
wait_for_page (FerryEnvironmentPane *pane,
               const char           *page)
{
  PageWait w = { pane, page };

  if (!utu_spin_until (page_is, &w, 30000))
    g_error ("the pane shows “%s”, not “%s”", page_of (pane), page);
}

typedef struct
{
  GtkWindow            *window;
  FerryEnvironmentPane *pane;
} Harness;

static gboolean
is_null (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

static void
destroy_window (gpointer data)
{
  GtkWindow *window = data;
  GtkWidget *child = gtk_window_get_child (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  if (child != NULL)
    g_object_add_weak_pointer (G_OBJECT (child), (gpointer *) &child);
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  /* The pane goes too, once the requests it cancelled have answered. */
  g_assert_true (utu_spin_until (is_null, &child, 5000));
}

static Harness
new_pane (FerryPaneSide side,
          int           width,
          int           height)
{
  Harness h;

  h.window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (h.window, width, height);
  h.pane = FERRY_ENVIRONMENT_PANE (ferry_environment_pane_new (side));
  gtk_window_set_child (h.window, GTK_WIDGET (h.pane));
  gtk_window_present (h.window);
  g_assert_true (utu_spin_until (utu_is_mapped, h.window, 5000));
  g_test_queue_destroy (destroy_window, h.window);
  return h;
}

static GListModel *
view_model (FerryEnvironmentPane *pane)
{
  return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (pane_child (pane, "column_view"))));
}

/* The visible row showing NAME (at DEPTH), or NULL. (transfer full) */
static GtkTreeListRow *
find_row (FerryEnvironmentPane *pane,
          const char           *name,
          int                   depth)
{
  GListModel *model = view_model (pane);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      g_autoptr(FerryObjectRow) item = gtk_tree_list_row_get_item (row);

      if (g_strcmp0 (ferry_object_row_get_name (item), name) == 0 &&
          (depth < 0 || (int) gtk_tree_list_row_get_depth (row) == depth))
        return g_steal_pointer (&row);
    }
  return NULL;
}

static FerryObjectRow *
row_item (GtkTreeListRow *row)
{
  FerryObjectRow *item = gtk_tree_list_row_get_item (row);

  g_object_unref (item);   /* the tree row keeps it */
  return item;
}

typedef struct
{
  GtkTreeListRow *row;
  guint           n;
} ChildrenWait;

static gboolean
children_listed (gpointer data)
{
  ChildrenWait *w = data;
  GListModel *children = gtk_tree_list_row_get_children (w->row);

  return children != NULL && g_list_model_get_n_items (children) == w->n &&
         !ferry_object_row_get_loading (row_item (w->row));
}

static void
expand_and_wait (GtkTreeListRow *row,
                 guint           n_children)
{
  ChildrenWait w = { row, n_children };

  gtk_tree_list_row_set_expanded (row, TRUE);
  if (!utu_spin_until (children_listed, &w, 30000))
    g_error ("“%s” lists %u items, not %u", ferry_object_row_get_name (row_item (row)),
             gtk_tree_list_row_get_children (row) != NULL
             ? g_list_model_get_n_items (gtk_tree_list_row_get_children (row)) : 0,
             n_children);
}

/* Every label text in WIDGET's tree, "\n"-separated. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    {
      g_string_append (out, gtk_label_get_label (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* The mapped label showing TEXT, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *viewport;
  const char *text;
} InViewWait;

/* A label with the text lies wholly inside the viewport (list views keep
 * rows just outside the visible area mapped too). */
static gboolean
label_in_view (gpointer data)
{
  InViewWait *w = data;
  GtkWidget *label = find_label (w->viewport, w->text);
  double x, y;

  if (label == NULL || !gtk_widget_translate_coordinates (label, w->viewport, 0, 0, &x, &y))
    return FALSE;
  return y >= 0 && y + gtk_widget_get_height (label) <= gtk_widget_get_height (w->viewport);
}

static char *
visible_text (GtkWidget *widget)
{
  GString *out = g_string_new ("\n");

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  g_autofree char *all = visible_text (widget);
  g_autofree char *line = g_strdup_printf ("\n%s\n", text);

  return strstr (all, line) != NULL;
}

/* --- the sandbox's view --------------------------------------------------- */

/* Each object of the project whose parent folder (ancestor level 1) is
 * FOLDER_ID. */
static guint
count_children (FerrySandbox *sb,
                const char   *folder_id)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  JsonArray *array = json_node_get_array (objects);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      JsonArray *ancestors;

      if (!json_object_has_member (object, "ancestors"))
        continue;
      ancestors = json_object_get_array_member (object, "ancestors");
      for (guint j = 0; j < json_array_get_length (ancestors); j++)
        {
          JsonObject *ancestor = json_array_get_object_element (ancestors, j);

          if (json_object_get_int_member (ancestor, "level") == 1 &&
              g_strcmp0 (json_object_get_string_member (ancestor, "id"), folder_id) == 0)
            n++;
        }
    }
  return n;
}

static char *
find_object_id (FerrySandbox *sb,
                const char   *name,
                int           type)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (sb, TUTORIAL_ID);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (object, "name", NULL), name) == 0 &&
          json_object_get_int_member_with_default (object, "type", 0) == type)
        return g_strdup (json_object_get_string_member (object, "id"));
    }
  g_error ("no %s “%s” in the sandbox", type == 8 ? "folder" : "object", name);
}

/* --- inventories and the comparison --------------------------------------- */

static gboolean
add_page (JsonArray *items,
          gpointer   user_data,
          GError   **error)
{
  return ferry_inventory_builder_add_json_array (user_data, items, error);
}

static FerryInventory *
fetch_inventory (FerryEnvironment *env)
{
  g_autoptr(FerrySearchQuery) query = ferry_search_query_new ();
  FerryInventoryBuilder *builder = ferry_inventory_builder_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryConnection *connection = ferry_environment_get_connection (env);
  FerryInventory *inventory;
  guint64 n = 0;

  query->get_ancestors = TRUE;
  ferry_discovery_search_pages_async (connection, TUTORIAL_ID, query, add_page, builder, NULL,
                                      NULL, NULL, NULL, NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 60000));
  g_assert_true (ferry_discovery_search_pages_finish (connection, result, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 400);
  inventory = ferry_inventory_builder_end (builder);
  ferry_inventory_builder_free (builder);
  return inventory;
}

static JsonNode *
load_manifest (void)
{
  const char *path = g_getenv ("FERRY_SEED_DIFFERENCES");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

#define expected_mark utu_expected_mark

/* --- selection ------------------------------------------------------------ */

typedef struct
{
  FerryEnvironmentPane *pane;
  const char           *id;
} SelectWait;

static gboolean
only_selected (gpointer data)
{
  SelectWait *w = data;
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (w->pane);

  return g_strv_length (ids) == 1 && g_ascii_strcasecmp (ids[0], w->id) == 0;
}

static gboolean
select_and_wait (FerryEnvironmentPane *pane,
                 const char           *id,
                 int                   type)
{
  SelectWait w = { pane, id };

  ferry_environment_pane_select_object_full (pane, id, type);
  return utu_spin_until (only_selected, &w, 30000);
}

/* The selected row (one). (transfer none) */
static FerryObjectRow *
selected_row (FerryEnvironmentPane *pane)
{
  GtkSelectionModel *selection = GTK_SELECTION_MODEL (view_model (pane));
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (selection);
  g_autoptr(GtkTreeListRow) row = NULL;

  g_assert_cmpuint (gtk_bitset_get_size (set), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_nth (set, 0));
  return row_item (row);
}

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

/* ------------------------------------------------------------------------ */
/* Tests                                                                      */
/* ------------------------------------------------------------------------ */

/* No environments: the empty state with its two buttons. */
static void
test_empty (void)
{
  Harness h = new_pane (FERRY_PANE_SIDE_SOURCE, 520, 560);
  g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autoptr(FerryEnvironment) env = ferry_environment_new ("Development", "http://127.0.0.1:9/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  guint requests = 0;

  g_assert_cmpstr (page_of (h.pane), ==, "no-environments");
  ferry_environment_pane_set_environments (h.pane, G_LIST_MODEL (environments));
  g_assert_cmpstr (page_of (h.pane), ==, "no-environments");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (pane_child (h.pane, "add_environment_button"))),
                   ==, "win.add-environment");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (pane_child (h.pane, "try_demo_button"))),
                   ==, "app.try-demo");
  utu_wait_ms (300);
  g_assert_true (shows_text (GTK_WIDGET (h.pane), "No Environments"));
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-empty.png");

  /* One saved environment, none chosen yet. */
  g_signal_connect_swapped (h.pane, "connect-requested", G_CALLBACK (count_cb), &requests);
  g_list_store_append (environments, env);
  g_assert_cmpstr (page_of (h.pane), ==, "not-connected");
  g_assert_null (ferry_environment_pane_get_environment (h.pane));
  g_assert_cmpuint (requests, ==, 0);

  /* With one environment (the other pane shows it), the way to a second
   * one: "Add Environment…" → win.add-environment. */
  {
    GtkWidget *add_another = pane_child (h.pane, "add_another_button");

    g_assert_true (gtk_widget_get_visible (add_another));
    g_assert_false (gtk_widget_get_visible (pane_child (h.pane, "connect_button")));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (add_another)), ==, "_Add Environment…");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add_another)), ==, "win.add-environment");
    g_assert_true (gtk_widget_has_css_class (add_another, "suggested-action"));
    g_assert_true (shows_text (GTK_WIDGET (h.pane), "Add a Second Environment"));
    utu_wait_ms (300);
    utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-one-environment.png");
  }

  /* Picking it in the drop-down asks the window to connect it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (pane_child (h.pane, "environment_dropdown")), 0);
  g_assert_true (ferry_environment_pane_get_environment (h.pane) == env);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_cmpstr (page_of (h.pane), ==, "not-connected");
  g_assert_true (gtk_widget_get_visible (pane_child (h.pane, "connect_button")));
  g_signal_emit_by_name (pane_child (h.pane, "connect_button"), "clicked");
  g_assert_cmpuint (requests, ==, 2);

  /* Removed from the list: the pane lets go of it. */
  g_list_store_remove (environments, 0);
  g_assert_null (ferry_environment_pane_get_environment (h.pane));
  g_assert_cmpstr (page_of (h.pane), ==, "no-environments");
}

/* A wrong address: "Connecting…", then the error with Retry. */
static void
test_error (void)
{
  Harness h = new_pane (FERRY_PANE_SIDE_SOURCE, 520, 560);
  g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autofree char *wrong = NULL;
  g_autoptr(FerryEnvironment) env = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  AdwStatusPage *error_page;
  guint requests = 0;

  /* A port nothing listens on: one the system just gave out and took back.
   * (Not a sandbox stopped right after its start: ferry_sandbox_stop()
   * can miss a loop that has not started running yet.) */
  {
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    g_assert_no_error (error);
    g_assert_true (g_socket_bind (socket, any, FALSE, &error));
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    wrong = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary",
                             g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    g_socket_close (socket, NULL);
  }
  env = ferry_environment_new ("Nowhere", wrong, FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_list_store_append (environments, env);
  ferry_environment_pane_set_environments (h.pane, G_LIST_MODEL (environments));
  ferry_environment_pane_set_environment (h.pane, env);
  g_assert_cmpstr (page_of (h.pane), ==, "not-connected");
  g_assert_true (shows_text (pane_child (h.pane, "state_box"), "Not connected"));

  ferry_environment_connect_async (env, "", NULL, utu_store_result_cb, &result);
  g_assert_cmpstr (page_of (h.pane), ==, "loading");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pane_child (h.pane, "loading_label"))), ==,
                   "Connecting to Nowhere…");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pane_child (h.pane, "state_label"))), ==, "Connecting…");

  g_assert_true (utu_spin_until (utu_is_set, &result, 30000));
  g_assert_false (ferry_environment_connect_finish (env, result, &error));
  g_assert_nonnull (error);
  wait_for_page (h.pane, "error");
  error_page = ADW_STATUS_PAGE (pane_child (h.pane, "error_page"));
  g_assert_cmpstr (adw_status_page_get_title (error_page), ==, "Could Not Connect to Nowhere");
  g_assert_cmpstr (adw_status_page_get_description (error_page), ==, ferry_environment_get_last_error (env));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pane_child (h.pane, "state_label"))), ==, "Failed");
  g_test_message ("error shown: %s", adw_status_page_get_description (error_page));

  g_signal_connect_swapped (h.pane, "connect-requested", G_CALLBACK (count_cb), &requests);
  g_signal_emit_by_name (pane_child (h.pane, "retry_button"), "clicked");
  g_assert_cmpuint (requests, ==, 1);

  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-error.png");
}

/* The projects, the top folders, a lazy folder listing. */
static void
test_tree (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryEnvironment *env = connect_environment (sb, "Development");
  Harness h = new_pane (FERRY_PANE_SIDE_SOURCE, 900, 640);
  g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autofree char *public_id = find_object_id (sb, "Public Objects", 8);
  g_autoptr(GtkTreeListRow) public_row = NULL;
  GtkDropDown *projects = GTK_DROP_DOWN (pane_child (h.pane, "project_dropdown"));
  guint folder_requests, n_public;

  g_list_store_append (environments, env);
  ferry_environment_pane_set_environments (h.pane, G_LIST_MODEL (environments));
  ferry_environment_pane_set_environment (h.pane, env);
  wait_for_page (h.pane, "tree");

  /* The environment, its state, its projects, the first one chosen. */
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (pane_child (h.pane, "environment_dropdown"))), ==, 0);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (pane_child (h.pane, "state_label"))), ==, "Connected");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (projects)), >=, 1);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (projects)));
  g_assert_cmpstr (ferry_environment_pane_get_project_id (h.pane), ==, TUTORIAL_ID);
  g_assert_cmpstr (ferry_environment_pane_get_project_name (h.pane), ==, "MicroStrategy Tutorial");
  g_assert_true (ferry_environment_pane_get_connection (h.pane) == ferry_environment_get_connection (env));

  /* The top folders, collapsed; nothing below them listed yet, even after
   * the rows were drawn (the expanders ask whether rows can expand). */
  folder_requests = ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}");
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (h.window), 5000));
  utu_wait_ms (200);
  public_row = find_row (h.pane, "Public Objects", 0);
  g_assert_nonnull (public_row);
  g_assert_nonnull (find_row (h.pane, "Schema Objects", 0));
  g_assert_false (gtk_tree_list_row_get_expanded (public_row));
  g_assert_true (gtk_tree_list_row_is_expandable (public_row));
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}"), ==, folder_requests);
  g_assert_true (shows_text (GTK_WIDGET (h.pane), "Public Objects"));
  g_assert_true (shows_text (GTK_WIDGET (h.pane), "Folder"));

  /* Expanding lists the folder, once. */
  n_public = count_children (sb, public_id);
  g_assert_cmpuint (n_public, >, 0);
  expand_and_wait (public_row, n_public);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}"), ==, folder_requests + 1);
  g_assert_nonnull (find_row (h.pane, "Reports", 1));
  gtk_tree_list_row_set_expanded (public_row, FALSE);
  expand_and_wait (public_row, n_public);
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/folders/{id}"), ==, folder_requests + 1);

  /* F5 lists everything again, and keeps the project. */
  ferry_environment_pane_reload (h.pane);
  wait_for_page (h.pane, "tree");
  g_assert_cmpstr (ferry_environment_pane_get_project_id (h.pane), ==, TUTORIAL_ID);
  g_assert_nonnull (find_row (h.pane, "Public Objects", 0));

  /* Disconnected: the tree goes, the pane offers to connect. */
  ferry_environment_disconnect (env);
  g_assert_cmpstr (page_of (h.pane), ==, "not-connected");
  g_assert_null (ferry_environment_pane_get_project_id (h.pane));
  g_assert_null (ferry_environment_pane_get_connection (h.pane));
}

typedef struct
{
  FerrySandbox         *dev;
  FerrySandbox         *prod;
  FerryEnvironment     *dev_env;
  FerryEnvironment     *prod_env;
  FerryCompareResult   *result;
} Compared;

static void
compared_free (gpointer data)
{
  Compared *c = data;

  ferry_compare_result_unref (c->result);
  g_free (c);
}

static Compared *
compare_seeds (void)
{
  Compared *c = g_new0 (Compared, 1);
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;

  c->dev = start_sandbox ("tutorial-dev");
  c->prod = start_sandbox ("tutorial-prod");
  c->dev_env = connect_environment (c->dev, "Development");
  c->prod_env = connect_environment (c->prod, "Production");
  source = fetch_inventory (c->dev_env);
  target = fetch_inventory (c->prod_env);
  c->result = ferry_compare (source, target);
  g_test_queue_destroy (compared_free, c);
  return c;
}

static Harness
pane_on (FerryEnvironment *env,
         FerryPaneSide     side,
         int               width,
         int               height)
{
  Harness h = new_pane (side, width, height);

  ferry_environment_pane_set_environment (h.pane, env);
  wait_for_page (h.pane, "tree");
  return h;
}

/* Marks relative to each side, on rows already on screen and on rows
 * listed later; every planted difference shows its word. */

/* The cells of the rows shown give their tooltips when asked (they are
 * asked for when about to show, not set on every bind: see
 * row_query_tooltip() in ferry-environment-pane.c): every label (the
 * modification time and the version), and the boxes whose row has a mark
 * or a location to tell. */
static void
assert_row_tooltips (GtkWidget *pane_widget)
{
  GtkWidget *column_view = GTK_WIDGET (pane_child (FERRY_ENVIRONMENT_PANE (pane_widget), "column_view"));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  guint asked = 0;
  guint answered = 0;

  g_ptr_array_add (stack, column_view);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
      if (widget != column_view && gtk_widget_get_has_tooltip (widget) && gtk_widget_get_mapped (widget) &&
          gtk_widget_get_tooltip_text (widget) == NULL)
        {
          g_autoptr(GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
          gboolean shown = FALSE;

          g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
          asked++;
          answered += shown;
          if (GTK_IS_LABEL (widget) && !shown)
            g_error ("the cell “%s” has no tooltip", gtk_label_get_label (GTK_LABEL (widget)));
        }
    }
  g_test_message ("%u of %u cells gave a tooltip", answered, asked);
  g_assert_cmpuint (answered, >, 20);
}

static void
test_marks (void)
{
  Compared *c = compare_seeds ();
  Harness source = pane_on (c->dev_env, FERRY_PANE_SIDE_SOURCE, 960, 700);
  Harness target = pane_on (c->prod_env, FERRY_PANE_SIDE_TARGET, 960, 700);
  g_autoptr(JsonNode) manifest = load_manifest ();
  JsonArray *objects = json_object_get_array_member (json_node_get_object (manifest), "objects");
  GtkColumnViewColumn *status_column = GTK_COLUMN_VIEW_COLUMN (pane_child (source.pane, "status_column"));
  g_autoptr(GtkTreeListRow) public_row = NULL;
  g_autoptr(GtkTreeListRow) reports_row = NULL;
  g_autoptr(GtkTreeListRow) sales_row = NULL;
  FerryEnvironmentPane *panes[2] = { source.pane, target.pane };
  guint changed = 0;

  /* Before: no status column. Open Public Objects > Reports > Sales. */
  g_assert_false (gtk_column_view_column_get_visible (status_column));
  g_assert_true (select_and_wait (source.pane, REVENUE_BY_YEAR, 3));
  public_row = find_row (source.pane, "Public Objects", 0);
  g_assert_true (gtk_tree_list_row_get_expanded (public_row));
  reports_row = find_row (source.pane, "Reports", 1);
  sales_row = find_row (source.pane, "Sales", 2);
  g_assert_nonnull (reports_row);
  g_assert_nonnull (sales_row);
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (source.window), 5000));
  g_assert_true (shows_text (GTK_WIDGET (source.pane), "Revenue by Year"));
  g_assert_false (shows_text (GTK_WIDGET (source.pane), "Newer here"));

  /* The result arrives: the rows on screen show their marks. */
  g_signal_connect_swapped (source.pane, "notify::compare-result", G_CALLBACK (count_cb), &changed);
  ferry_environment_pane_set_compare_result (source.pane, c->result);
  ferry_environment_pane_set_compare_result (target.pane, c->result);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (ferry_environment_pane_get_compare_result (source.pane) == c->result);
  g_assert_true (gtk_column_view_column_get_visible (status_column));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (source.window), 5000));
  g_assert_true (shows_text (GTK_WIDGET (source.pane), "Newer here"));
  g_assert_true (shows_text (GTK_WIDGET (source.pane), "Identical"));
  g_assert_cmpstr (ferry_object_row_get_mark_label (selected_row (source.pane)), ==, "Newer here");

  /* A folder says how many objects below it differ (from the comparison). */
  {
    guint n = 0;
    g_autofree char *expected = NULL;

    for (guint i = 0; i < json_array_get_length (objects); i++)
      {
        const char *path = json_object_get_string_member_with_default (json_array_get_object_element (objects, i),
                                                                      "sourcePath", NULL);

        n += g_strcmp0 (path, "\\Public Objects\\Reports\\Sales") == 0;
      }
    expected = g_strdup_printf (n == 1 ? "%u differs" : "%u differ", n);
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpstr (ferry_object_row_get_mark_label (row_item (sales_row)), ==, expected);
    g_assert_true (ferry_object_row_get_differences_below (row_item (sales_row)));
  }

  /* Every planted difference, on each side where the object is. */
  for (guint side = 0; side < 2; side++)
    for (guint i = 0; i < json_array_get_length (objects); i++)
      {
        JsonObject *object = json_array_get_object_element (objects, i);
        const char *id = json_object_get_string_member (object, "id");
        const char *state = json_object_get_string_member (object, "state");
        const char *expected = expected_mark (state, ferry_environment_pane_get_side (panes[side]));
        const char *path = json_object_get_string_member_with_default (object,
                                                                      side == 0 ? "sourcePath" : "targetPath",
                                                                      NULL);

        if (json_object_get_int_member (object, "type") == 34 || path == NULL)
          continue;   /* configuration objects, or not on this side */
        g_assert_nonnull (expected);
        if (!select_and_wait (panes[side], id, 0))
          g_error ("%s (%s) not selected on side %u", json_object_get_string_member (object, "name"), id, side);
        g_assert_cmpstr (ferry_object_row_get_mark_label (selected_row (panes[side])), ==, expected);
      }

  /* The target side's word for Revenue by Year. */
  g_assert_true (select_and_wait (target.pane, REVENUE_BY_YEAR, 0));
  g_assert_cmpstr (ferry_object_row_get_mark_label (selected_row (target.pane)), ==, "Older here");

  g_assert_true (select_and_wait (source.pane, REVENUE_BY_YEAR, 0));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (source.window), "test-environment-pane-marks.png");
  assert_row_tooltips (GTK_WIDGET (source.pane));
  utu_save_png (GTK_WIDGET (target.window), "test-environment-pane-marks-target.png");

  /* The result goes: so do the marks. */
  ferry_environment_pane_set_compare_result (source.pane, NULL);
  g_assert_false (gtk_column_view_column_get_visible (status_column));
  g_assert_null (ferry_object_row_get_mark_label (selected_row (source.pane)));
}

/* Differences only: identical objects and folders without differences
 * below them go; folders with differences stay. */
static void
test_differences_only (void)
{
  Compared *c = compare_seeds ();
  Harness h = pane_on (c->dev_env, FERRY_PANE_SIDE_SOURCE, 960, 700);
  GListModel *model = view_model (h.pane);
  g_autoptr(GtkTreeListRow) public_row = NULL;
  guint before, after, n_identical = 0;

  ferry_environment_pane_set_compare_result (h.pane, c->result);
  g_assert_true (select_and_wait (h.pane, REVENUE_BY_YEAR, 0));
  public_row = find_row (h.pane, "Public Objects", 0);
  g_assert_true (gtk_tree_list_row_get_expanded (public_row));
  before = g_list_model_get_n_items (model);
  for (guint i = 0; i < before; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);

      if (ferry_object_row_get_diff_state (row_item (row)) == FERRY_DIFF_STATE_IDENTICAL &&
          !ferry_object_row_is_folder (row_item (row)))
        n_identical++;
    }
  g_assert_cmpuint (n_identical, >, 0);

  ferry_environment_pane_set_differences_only (h.pane, TRUE);
  g_assert_true (ferry_environment_pane_get_differences_only (h.pane));
  after = g_list_model_get_n_items (model);
  g_assert_cmpuint (after, <, before);
  g_assert_cmpuint (after, >, 0);
  for (guint i = 0; i < after; i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (model, i);
      FerryObjectRow *item = row_item (row);
      int state = ferry_object_row_get_diff_state (item);

      if (ferry_object_row_is_folder (item))
        g_assert_true (ferry_object_row_get_differences_below (item) || state != FERRY_DIFF_STATE_IDENTICAL);
      else
        g_assert_cmpint (state, !=, FERRY_DIFF_STATE_IDENTICAL);
    }
  g_assert_nonnull (find_row (h.pane, "Public Objects", 0));
  g_assert_nonnull (find_row (h.pane, "Revenue by Year", -1));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (h.window), 5000));
  g_assert_false (shows_text (GTK_WIDGET (h.pane), "Identical"));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-differences-only.png");

  ferry_environment_pane_set_differences_only (h.pane, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, before);
}

static gboolean
scrolled_down (gpointer adjustment)
{
  return gtk_adjustment_get_value (adjustment) > 0;
}

/* Year: Schema Objects > Attributes > Time expand, Year is selected and
 * scrolled into view; without "selection-changed". */
static void
test_select_year (void)
{
  Compared *c = compare_seeds ();
  Harness h = pane_on (c->dev_env, FERRY_PANE_SIDE_SOURCE, 720, 360);
  GtkAdjustment *vadjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pane_child (h.pane, "scrolled_window")));
  g_autoptr(GtkTreeListRow) schema = NULL;
  g_autoptr(GtkTreeListRow) attributes = NULL;
  g_autoptr(GtkTreeListRow) time = NULL;
  g_autoptr(GtkTreeListRow) year = NULL;
  g_auto(GStrv) ids = NULL;
  guint selection_changed = 0;
  guint notified = 0;

  g_signal_connect_swapped (h.pane, "selection-changed", G_CALLBACK (count_cb), &selection_changed);
  g_signal_connect_swapped (h.pane, "notify::selected-ids", G_CALLBACK (count_cb), &notified);

  /* Without a comparison and without the type: nothing to go by. */
  ferry_environment_pane_select_object (h.pane, YEAR_ID);
  utu_wait_ms (200);
  g_assert_null (find_row (h.pane, "Year", -1));

  /* With the type: the server says where it is. */
  g_assert_true (select_and_wait (h.pane, YEAR_ID, 12));
  schema = find_row (h.pane, "Schema Objects", 0);
  attributes = find_row (h.pane, "Attributes", 1);
  time = find_row (h.pane, "Time", 2);
  year = find_row (h.pane, "Year", 3);
  g_assert_true (gtk_tree_list_row_get_expanded (schema));
  g_assert_true (gtk_tree_list_row_get_expanded (attributes));
  g_assert_true (gtk_tree_list_row_get_expanded (time));
  g_assert_nonnull (year);
  ids = ferry_environment_pane_dup_selected_ids (h.pane);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, YEAR_ID);
  g_assert_cmpuint (selection_changed, ==, 0);
  g_assert_cmpuint (notified, >, 0);
  g_assert_nonnull (ferry_environment_pane_lookup_object (h.pane, YEAR_ID));

  /* Scrolled so that Year shows. */
  g_assert_true (utu_spin_until (scrolled_down, vadjustment, 5000));
  {
    InViewWait in_view = { pane_child (h.pane, "scrolled_window"), "Year" };

    g_assert_true (utu_spin_until (label_in_view, &in_view, 5000));
  }
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-select-year.png");

  /* From scratch, with the comparison: the inventory knows the folders. */
  ferry_environment_pane_reload (h.pane);
  wait_for_page (h.pane, "tree");
  g_assert_null (find_row (h.pane, "Year", -1));
  ferry_environment_pane_set_compare_result (h.pane, c->result);
  g_assert_true (select_and_wait (h.pane, YEAR_ID, 0));
  g_assert_cmpstr (ferry_object_row_get_name (selected_row (h.pane)), ==, "Year");
  g_assert_cmpstr (ferry_object_row_get_mark_label (selected_row (h.pane)), ==, "Newer here");

  /* Not in this project: nothing happens. */
  ferry_environment_pane_select_object (h.pane, "0123456789ABCDEF0123456789ABCDEF");
  utu_wait_ms (200);
  g_assert_cmpstr (ferry_object_row_get_name (selected_row (h.pane)), ==, "Year");
}

static void
store_string_cb (FerryEnvironmentPane *pane,
                 const char           *id,
                 char                **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static void
test_activate (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryEnvironment *env = connect_environment (sb, "Development");
  Harness h = pane_on (env, FERRY_PANE_SIDE_SOURCE, 720, 480);
  g_autofree char *activated = NULL;
  g_autoptr(GtkTreeListRow) public_row = find_row (h.pane, "Public Objects", 0);
  g_autoptr(GtkBitset) set = NULL;

  g_signal_connect (h.pane, "object-activated", G_CALLBACK (store_string_cb), &activated);

  /* A folder opens. */
  g_assert_false (gtk_tree_list_row_get_expanded (public_row));
  g_signal_emit_by_name (pane_child (h.pane, "column_view"), "activate", gtk_tree_list_row_get_position (public_row));
  g_assert_true (gtk_tree_list_row_get_expanded (public_row));
  g_assert_null (activated);

  /* An object asks for its details. */
  g_assert_true (select_and_wait (h.pane, YEAR_ID, 12));
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (view_model (h.pane)));
  g_signal_emit_by_name (pane_child (h.pane, "column_view"), "activate", gtk_bitset_get_nth (set, 0));
  g_assert_cmpstr (activated, ==, YEAR_ID);
}

typedef struct
{
  FerryEnvironmentPane *pane;
  const char           *name;
} RowWait;

static gboolean
row_shown (gpointer data)
{
  RowWait *w = data;
  g_autoptr(GtkTreeListRow) row = find_row (w->pane, w->name, -1);

  return row != NULL;
}

/* The server search: results replace the tree; Esc brings it back. */
static void
test_search (void)
{
  FerrySandbox *sb = start_sandbox ("tutorial-dev");
  FerryEnvironment *env = connect_environment (sb, "Development");
  Harness h = pane_on (env, FERRY_PANE_SIDE_SOURCE, 900, 560);
  GtkEditable *entry = GTK_EDITABLE (pane_child (h.pane, "search_entry"));
  GtkLabel *note = GTK_LABEL (pane_child (h.pane, "search_note"));
  RowWait w = { h.pane, "Year" };
  guint searches = ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results");
  g_autoptr(GtkTreeListRow) year = NULL;
  FerryObjectRow *item;

  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_cmpuint (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)), ==, 300);
  gtk_editable_set_text (entry, "Year");
  g_assert_true (utu_spin_until (row_shown, &w, 30000));
  g_assert_cmpuint (ferry_sandbox_get_request_count (sb, "GET", "/api/searches/results"), >, searches);
  g_assert_cmpstr (page_of (h.pane), ==, "tree");
  year = find_row (h.pane, "Year", 0);
  item = row_item (year);
  g_assert_cmpstr (ferry_object_row_get_id (item), ==, YEAR_ID);
  g_assert_false (gtk_tree_list_row_is_expandable (year));
  g_assert_null (find_row (h.pane, "Public Objects", 0));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (note), "found"));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (h.window), 5000));
  g_assert_true (shows_text (GTK_WIDGET (h.pane), "\\Schema Objects\\Attributes\\Time"));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-search.png");

  /* Nothing found. */
  gtk_editable_set_text (entry, "No such object anywhere");
  wait_for_page (h.pane, "no-results");

  /* Esc: the tree again. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  wait_for_page (h.pane, "tree");
  g_assert_nonnull (find_row (h.pane, "Public Objects", 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
}

/* A narrow pane (half of a 360 px window) still lays out. */
static void
test_narrow (void)
{
  Compared *c = compare_seeds ();
  Harness h = pane_on (c->dev_env, FERRY_PANE_SIDE_SOURCE, 180, 520);

  ferry_environment_pane_set_compare_result (h.pane, c->result);
  {
    int min = 0;

    /* Half of a 360 px window, less the paned's handle. */
    gtk_widget_measure (GTK_WIDGET (h.pane), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
    g_test_message ("narrowest pane: %d px", min);
    g_assert_cmpint (min, <=, 176);
  }
  g_assert_true (select_and_wait (h.pane, YEAR_ID, 0));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (h.window), "test-environment-pane-narrow.png");
}

/* --- the dialogs ---------------------------------------------------------- */

static GtkWidget *
dialog_child (FerryEnvironmentDialog *dialog,
              const char             *name)
{
  return GTK_WIDGET (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, name));
}

typedef struct
{
  guint  n;
  char  *name;
  char  *url;
  int    login_mode;
  char  *username;
  gboolean remember;
  char  *password;
  char  *old_name;
} Saved;

static void
saved_cb (FerryEnvironmentDialog *dialog,
          FerryEnvironment       *environment,
          const char             *password,
          const char             *old_name,
          Saved                  *saved)
{
  saved->n++;
  g_free (saved->name);
  g_free (saved->url);
  g_free (saved->username);
  g_free (saved->password);
  g_free (saved->old_name);
  saved->name = g_strdup (ferry_environment_get_name (environment));
  saved->url = g_strdup (ferry_environment_get_base_url (environment));
  saved->login_mode = ferry_environment_get_login_mode (environment);
  saved->username = g_strdup (ferry_environment_get_username (environment));
  saved->remember = ferry_environment_get_remember_password (environment);
  saved->password = g_strdup (password);
  saved->old_name = g_strdup (old_name);
}

static void
saved_clear (Saved *saved)
{
  g_free (saved->name);
  g_free (saved->url);
  g_free (saved->username);
  g_free (saved->password);
  g_free (saved->old_name);
}

static void
test_dialog_field_errors (void)
{
  FerryEnvironmentDialog *dialog = ferry_environment_dialog_new (NULL, NULL);
  GtkWidget *url_error = dialog_child (dialog, "url_error");
  GtkWidget *insecure = dialog_child (dialog, "insecure_box");
  GtkWidget *save = dialog_child (dialog, "save_button");
  Saved saved = { 0 };

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (utu_is_mapped, dialog, 5000));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Add Environment");

  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Test");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), "bi.example.com/MicroStrategyLibrary");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "username_row")), "migrator");
  g_assert_false (gtk_widget_get_visible (url_error));

  /* Save: the error under the URL, nothing saved, the dialog stays. */
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpuint (saved.n, ==, 0);
  g_assert_true (gtk_widget_get_visible (url_error));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (url_error)),
                                   "The URL must start with https:// or http://"));
  g_assert_true (gtk_widget_has_css_class (url_error, "error"));
  g_assert_true (gtk_widget_has_css_class (dialog_child (dialog, "url_row"), "error"));
  /* Under the URL field: the label follows the URL row in its group. */
  g_assert_true (gtk_widget_get_ancestor (url_error, ADW_TYPE_PREFERENCES_GROUP) ==
                 gtk_widget_get_ancestor (dialog_child (dialog, "url_row"), ADW_TYPE_PREFERENCES_GROUP));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "name_error")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (dialog), "test-environment-dialog-url-error.png");

  /* Editing the field takes the error away; plain http to another host warns. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), "http://bi.example.com/MicroStrategyLibrary");
  g_assert_false (gtk_widget_get_visible (url_error));
  g_assert_true (gtk_widget_get_visible (insecure));
  g_assert_true (shows_text (insecure, "Passwords will be sent unencrypted: this address uses http:// to another "
                                       "computer. Use https:// if the server offers it."));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), "http://127.0.0.1:8080/MicroStrategyLibrary");
  g_assert_false (gtk_widget_get_visible (insecure));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), "http://localhost/MicroStrategyLibrary");
  g_assert_false (gtk_widget_get_visible (insecure));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "url_row")), "https://bi.example.com/MicroStrategyLibrary");
  g_assert_false (gtk_widget_get_visible (insecure));

  /* No name: the error under the name. */
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "  ");
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpuint (saved.n, ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "name_error")));
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Test");
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "name_error")));

  /* Valid: saved, with every field. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (dialog_child (dialog, "login_mode_row")), 1);
  gtk_switch_set_active (GTK_SWITCH (dialog_child (dialog, "remember_switch")), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "password_row")), "wrong");
  g_signal_emit_by_name (save, "clicked");
  g_assert_cmpuint (saved.n, ==, 1);
  g_assert_cmpstr (saved.name, ==, "Test");
  g_assert_cmpstr (saved.url, ==, "https://bi.example.com/MicroStrategyLibrary");
  g_assert_cmpint (saved.login_mode, ==, FERRY_LOGIN_MODE_LDAP);
  g_assert_cmpstr (saved.username, ==, "migrator");
  g_assert_false (saved.remember);
  g_assert_cmpstr (saved.password, ==, "wrong");
  g_assert_null (saved.old_name);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* The window's connection says the password is wrong: shown under the
   * password, everything entered kept. */
  ferry_environment_dialog_set_busy (dialog, TRUE);
  g_assert_false (gtk_widget_get_sensitive (save));
  {
    g_autoptr(GError) error = ferry_api_error_new_literal (FERRY_API_ERROR_LOGIN_FAILED, 401, "ERR003", NULL,
                                                           "Login failed");

    ferry_environment_dialog_show_gerror (dialog, error);
  }
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "password_error")));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (dialog_child (dialog, "password_error"))), ==, "Login failed");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "password_row"))), ==, "wrong");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "name_row"))), ==, "Test");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "username_row"))), ==, "migrator");
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (dialog), "test-environment-dialog-login-failed.png");

  /* Another kind of failure, not about a field: above the fields. */
  ferry_environment_dialog_show_error (dialog, NULL, "Something else");
  g_assert_true (gtk_widget_get_visible (dialog_child (dialog, "general_error")));

  saved_clear (&saved);
  destroy_window (dialog);
}

static void
test_dialog_edit (void)
{
  g_autoptr(FerryEnvironment) env = ferry_environment_new ("Production", "https://prod.example.com/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_LDAP, "ldapuser", TRUE);
  FerryEnvironmentDialog *dialog = ferry_environment_dialog_new (NULL, env);
  Saved saved = { 0 };
  guint cancelled = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  g_signal_connect_swapped (dialog, "cancelled", G_CALLBACK (count_cb), &cancelled);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (utu_is_mapped, dialog, 5000));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Environment");
  g_assert_true (ferry_environment_dialog_get_environment (dialog) == env);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dialog_child (dialog, "url_row"))), ==,
                   "https://prod.example.com/MicroStrategyLibrary");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (dialog_child (dialog, "login_mode_row"))), ==, 1);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (dialog_child (dialog, "remember_switch"))));

  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "name_row")), "Prod");
  g_signal_emit_by_name (dialog_child (dialog, "save_button"), "clicked");
  g_assert_cmpuint (saved.n, ==, 1);
  g_assert_cmpstr (saved.name, ==, "Prod");
  g_assert_cmpstr (saved.old_name, ==, "Production");
  g_assert_null (saved.password);   /* empty: keep the keyring's */
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (dialog), "test-environment-dialog-edit.png");

  g_object_ref (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (cancelled, ==, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  saved_clear (&saved);
  g_assert_finalize_object (dialog);
}

static void
store_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   char            **out)
{
  *out = g_strdup (response);
  /* The entry is still there while the response is handled. */
  if (FERRY_IS_PASSWORD_DIALOG (dialog))
    g_assert_cmpstr (ferry_password_dialog_get_password (FERRY_PASSWORD_DIALOG (dialog)), ==, "s3cret");
}

static void
test_password_dialog (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  g_autoptr(FerryEnvironment) env = ferry_environment_new ("Production", "https://prod.example.com/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "migrator", TRUE);
  FerryPasswordDialog *dialog;
  g_autofree char *response = NULL;
  GtkWidget *entry;

  gtk_window_set_default_size (parent, 640, 480);
  gtk_window_present (parent);
  g_test_queue_destroy (destroy_window, parent);
  dialog = ferry_password_dialog_new (parent, env);
  g_assert_true (ferry_password_dialog_get_environment (dialog) == env);
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Password for migrator at Production (https://prod.example.com/MicroStrategyLibrary)");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "connect");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (store_response_cb), &response);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (utu_is_mapped, dialog, 5000));

  entry = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_nonnull (entry);
  g_assert_nonnull (gtk_widget_get_ancestor (entry, GTK_TYPE_PASSWORD_ENTRY));
  ferry_password_dialog_set_error (dialog, "Login failed");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (entry, GTK_TYPE_PASSWORD_ENTRY)), "s3cret");
  g_assert_cmpstr (ferry_password_dialog_get_password (dialog), ==, "s3cret");
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (dialog), "test-environment-dialog-password.png");

  /* Enter in the entry connects. */
  g_signal_emit_by_name (gtk_widget_get_ancestor (entry, GTK_TYPE_PASSWORD_ENTRY), "activate");
  g_assert_cmpstr (response, ==, "connect");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_certificate_dialog (void)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  g_autoptr(GError) error = ferry_api_error_new_untrusted_certificate (
    "bi.example.com",
    "74072C1F0EE4A1B7D7F1A5D1F4D4C62A0B7E0C8D9F01A2B3C4D5E6F708192A3B",
    G_TLS_CERTIFICATE_UNKNOWN_CA);
  FerryCertificateDialog *dialog;
  g_autofree char *response = NULL;
  g_autofree char *text = NULL;

  gtk_window_set_default_size (parent, 640, 480);
  gtk_window_present (parent);
  g_test_queue_destroy (destroy_window, parent);
  dialog = ferry_certificate_dialog_new_for_error (parent, error);
  g_assert_cmpstr (ferry_certificate_dialog_get_host (dialog), ==, "bi.example.com");
  g_assert_cmpstr (ferry_certificate_dialog_get_sha256 (dialog), ==,
                   "74:07:2C:1F:0E:E4:A1:B7:D7:F1:A5:D1:F4:D4:C6:2A:0B:7E:0C:8D:9F:01:A2:B3:C4:D5:E6:F7:08:19:2A:3B");
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Untrusted Certificate");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_response_label (ADW_MESSAGE_DIALOG (dialog), "trust"), ==,
                   "_Trust This Certificate");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "bi.example.com"));

  g_signal_connect (dialog, "response", G_CALLBACK (store_response_cb), &response);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (utu_is_mapped, dialog, 5000));
  text = visible_text (GTK_WIDGET (dialog));
  /* Shown in four lines of eight bytes. */
  g_assert_nonnull (strstr (text, "\n74:07:2C:1F:0E:E4:A1:B7\nD7:F1:A5:D1:F4:D4:C6:2A\n"
                                  "0B:7E:0C:8D:9F:01:A2:B3\nC4:D5:E6:F7:08:19:2A:3B\n"));
  utu_wait_ms (300);
  utu_save_png (GTK_WIDGET (dialog), "test-environment-dialog-certificate.png");

  /* Closing refuses. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpstr (response, ==, "cancel");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A FerryApplication, as in the app: it loads style.css. */
  if (utu_application_init (&argc, &argv) == NULL)
    return 0;

  g_test_add_func ("/environment-pane/empty", test_empty);
  g_test_add_func ("/environment-pane/error", test_error);
  g_test_add_func ("/environment-pane/tree", test_tree);
  g_test_add_func ("/environment-pane/marks", test_marks);
  g_test_add_func ("/environment-pane/differences-only", test_differences_only);
  g_test_add_func ("/environment-pane/select-year", test_select_year);
  g_test_add_func ("/environment-pane/activate", test_activate);
  g_test_add_func ("/environment-pane/search", test_search);
  g_test_add_func ("/environment-pane/narrow", test_narrow);
  g_test_add_func ("/environment-dialog/field-errors", test_dialog_field_errors);
  g_test_add_func ("/environment-dialog/edit", test_dialog_edit);
  g_test_add_func ("/password-dialog/basics", test_password_dialog);
  g_test_add_func ("/certificate-dialog/basics", test_certificate_dialog);

  status = g_test_run ();

  utu_application_teardown ();

  return status;
}
