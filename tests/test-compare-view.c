/* test-compare-view.c: the Compare page with the demo's two environments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo as `ferry --demo` does (app.try-demo: two in-process
 * sandboxes seeded tutorial-dev and tutorial-prod) and checks what a user
 * sees: both panes populated, Compare finding exactly the differences of
 * tests/data/seed-differences.json (every object, its state in the result
 * and its mark in each pane), "Differences only", the selection following
 * from pane to pane, the count buttons, the details of "Year", Cancel and
 * clearing, the environment dialog's URL error and a wrong password, an
 * untrusted certificate, an unreachable server, and a narrow window. The
 * tests run in order and share the demo.
 *
 * Needs a display (the suite runs under xvfb-run). Screenshots go to
 * G_TEST_BUILDDIR/screenshots: compare-empty.png, compare-before.png,
 * compare-after.png, compare-differences-only.png, compare-details.png,
 * compare-url-error.png, compare-wrong-password.png,
 * compare-certificate.png, compare-unreachable.png, compare-narrow.png,
 * compare-narrow-details.png.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-certificate-dialog.h"
#include "ferry-compare-view.h"
#include "ferry-details-view.h"
#include "ferry-environment-dialog.h"
#include "ferry-environment-pane.h"
#include "ferry-object-row.h"
#include "ferry-password-dialog.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ui-test-util.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define YEAR_ID     "8D679D5111D3E4981000E787EC6DE8A4"

/* From utu_application_init(), which owns it. */
static GtkApplication *app;
static JsonNode *manifest;

/* --- helpers ------------------------------------------------------------ */

static GListModel *
pane_rows (FerryEnvironmentPane *p)
{
  GtkColumnView *column_view = GTK_COLUMN_VIEW (utu_child (p, FERRY_TYPE_ENVIRONMENT_PANE, "column_view"));

  return G_LIST_MODEL (gtk_column_view_get_model (column_view));
}

static FerryObjectRow *
find_row (FerryEnvironmentPane *p,
          const char           *id)
{
  GListModel *rows = pane_rows (p);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
      g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

      if (g_ascii_strcasecmp (ferry_object_row_get_id (row), id) == 0)
        return row;   /* still owned by the pane */
    }

  return NULL;
}

static gboolean
pane_populated (gpointer data)
{
  FerryEnvironmentPane *p = data;
  GtkStack *stack = GTK_STACK (utu_child (p, FERRY_TYPE_ENVIRONMENT_PANE, "stack"));

  return ferry_environment_pane_get_environment (p) != NULL &&
         ferry_environment_get_state (ferry_environment_pane_get_environment (p)) == FERRY_CONNECTION_STATE_CONNECTED &&
         g_strcmp0 (ferry_environment_pane_get_project_id (p), TUTORIAL_ID) == 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (stack), "tree") == 0 &&
         g_list_model_get_n_items (pane_rows (p)) > 0;
}

typedef struct
{
  FerryEnvironmentPane *pane;
  const char           *id;
} Selected;

static gboolean
pane_selects (gpointer data)
{
  Selected *selected = data;
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (selected->pane);

  return ids != NULL && ids[0] != NULL && ids[1] == NULL &&
         g_ascii_strcasecmp (ids[0], selected->id) == 0;
}

static void
select_and_wait (FerryPaneSide  side,
                 const char    *id)
{
  Selected selected = { utu_pane (side), id };

  ferry_environment_pane_select_object (selected.pane, id);
  g_assert_true (utu_spin_until (pane_selects, &selected, 10000));
}

static JsonArray *
manifest_objects (void)
{
  return json_object_get_array_member (json_node_get_object (manifest), "objects");
}

static JsonObject *
manifest_lookup (const char *id)
{
  JsonArray *objects = manifest_objects ();

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_ascii_strcasecmp (json_object_get_string_member (object, "id"), id) == 0)
        return object;
    }

  return NULL;
}

/* The manifest's state as the comparison says it. */
static void
expected_state (const char     *state,
                FerryDiffState *diff_state,
                gboolean       *moved)
{
  *moved = FALSE;
  if (g_str_equal (state, "newer_in_source"))
    *diff_state = FERRY_DIFF_STATE_NEWER_IN_SOURCE;
  else if (g_str_equal (state, "newer_in_target"))
    *diff_state = FERRY_DIFF_STATE_NEWER_IN_TARGET;
  else if (g_str_equal (state, "only_in_source"))
    *diff_state = FERRY_DIFF_STATE_ONLY_IN_SOURCE;
  else if (g_str_equal (state, "only_in_target"))
    *diff_state = FERRY_DIFF_STATE_ONLY_IN_TARGET;
  else if (g_str_equal (state, "moved"))
    {
      *diff_state = FERRY_DIFF_STATE_MOVED;
      *moved = TRUE;
    }
  else if (g_str_equal (state, "moved_and_newer_in_source"))
    {
      *diff_state = FERRY_DIFF_STATE_NEWER_IN_SOURCE;
      *moved = TRUE;
    }
  else
    g_assert_not_reached ();
}

#define expected_mark utu_expected_mark

static gboolean
status_is (gpointer status)
{
  return (int) ferry_compare_view_get_status (utu_compare_view ()) == GPOINTER_TO_INT (status);
}

static gboolean
details_loaded (gpointer data)
{
  FerryDetailsView *details = ferry_compare_view_get_details_view (utu_compare_view ());

  return ferry_details_view_get_state (details) == FERRY_DETAILS_STATE_LOADED &&
         g_strcmp0 (ferry_details_view_get_object_id (details), data) == 0;
}

static gboolean
label_visible (gpointer label)
{
  return gtk_widget_get_visible (label) &&
         gtk_label_get_label (label) != NULL && *gtk_label_get_label (label) != '\0';
}


static gboolean
compare_enabled (void)
{
  GtkWidget *button = GTK_WIDGET (utu_child (utu_compare_view (), FERRY_TYPE_COMPARE_VIEW, "compare_button"));

  return gtk_widget_is_sensitive (button);
}

/* --- first use: the first difference, folder marks, Tab, columns ------- */

static gboolean
shown_difference_known (gpointer data)
{
  return ferry_environment_pane_get_shown_difference (data) != NULL;
}

static gboolean
focus_in_widget (gpointer widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static GtkTreeListRow *
expander_row_below (GtkWidget *widget)
{
  if (GTK_IS_TREE_EXPANDER (widget))
    return gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkTreeListRow *row = expander_row_below (child);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* The GtkTreeListRow shown by the row widget holding the keyboard focus:
 * the row's name cell has a GtkTreeExpander that knows it. */
static GtkTreeListRow *
focused_tree_row (GtkWidget *column_view)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (column_view));

  for (GtkWidget *w = focus; w != NULL && w != column_view; w = gtk_widget_get_parent (w))
    {
      GtkTreeListRow *row = expander_row_below (w);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* After Compare the source tree opens to its first difference: its folders
 * expanded, the row in view with the keyboard focus (and the ring), and
 * NOT selected (New Migration still means the whole project). */
static void
check_first_difference (void)
{
  FerryEnvironmentPane *source = utu_pane (FERRY_PANE_SIDE_SOURCE);
  GtkWidget *column_view = GTK_WIDGET (utu_child (source, FERRY_TYPE_ENVIRONMENT_PANE, "column_view"));
  FerryCompareResult *result = ferry_compare_view_get_compare_result (utu_compare_view ());
  const FerryCompareEntry *entry;
  GtkTreeListRow *focused;
  g_autoptr(FerryObjectRow) focused_row = NULL;
  g_auto(GStrv) selected = NULL;
  const char *id;

  g_assert_true (utu_spin_until (shown_difference_known, source, 20000));
  id = ferry_environment_pane_get_shown_difference (source);
  entry = ferry_compare_result_lookup (result, id);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, !=, FERRY_DIFF_STATE_IDENTICAL);
  g_test_message ("first difference: %s (%s)", id,
                  manifest_lookup (id) ? json_object_get_string_member (manifest_lookup (id), "name") : "?");

  /* Listed, in view, with every folder above it open. */
  g_assert_nonnull (find_row (source, id));
  {
    GListModel *rows = pane_rows (source);

    for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
      {
        g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
        g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

        if (g_strcmp0 (ferry_object_row_get_id (row), id) != 0)
          continue;
        for (g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (tree_row); parent != NULL;)
          {
            GtkTreeListRow *up;

            g_assert_true (gtk_tree_list_row_get_expanded (parent));
            up = gtk_tree_list_row_get_parent (parent);
            g_object_unref (parent);
            parent = up;
          }
        g_assert_cmpuint (gtk_tree_list_row_get_depth (tree_row), >, 0);
      }
  }

  /* The focus is on its row, the ring shown; nothing selected. */
  g_assert_true (utu_spin_until (focus_in_widget, column_view, 5000));
  focused = focused_tree_row (column_view);
  g_assert_nonnull (focused);
  focused_row = gtk_tree_list_row_get_item (focused);
  g_assert_cmpstr (ferry_object_row_get_id (focused_row), ==, id);
  g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (utu_main_window ())));
  selected = ferry_environment_pane_dup_selected_ids (source);
  g_assert_true (selected == NULL || selected[0] == NULL);

  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "compare-first-difference.png");
}

static FerryObjectRow *
top_level_row (FerryEnvironmentPane *p,
               const char           *name)
{
  GListModel *rows = pane_rows (p);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
      g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

      if (gtk_tree_list_row_get_depth (tree_row) == 0 && g_strcmp0 (ferry_object_row_get_name (row), name) == 0)
        return row;   /* owned by the pane */
    }
  return NULL;
}

/* Folders with differences below say how many, with the worst one's icon,
 * as the manifest has them (counted here from its folder paths). */
static void
test_folder_marks (void)
{
  const char *folders[] = { "Public Objects", "Schema Objects" };
  JsonArray *objects = manifest_objects ();

  for (guint side = 0; side < 2; side++)
    for (guint f = 0; f < G_N_ELEMENTS (folders); f++)
      {
        g_autofree char *prefix = g_strdup_printf ("\\%s", folders[f]);
        FerryObjectRow *row = top_level_row (utu_pane (side), folders[f]);
        guint n = 0;
        gboolean newer_in_target = FALSE;
        g_autofree char *expected = NULL;
        g_autofree char *icon = NULL;
        g_autofree char *tooltip = NULL;

        for (guint i = 0; i < json_array_get_length (objects); i++)
          {
            JsonObject *object = json_array_get_object_element (objects, i);
            const char *path = json_object_get_string_member_with_default (object, side ? "targetPath" : "sourcePath", NULL);
            const char *state = json_object_get_string_member (object, "state");

            if (path == NULL || !g_str_has_prefix (path, prefix))
              continue;
            n++;
            if (g_str_equal (state, "newer_in_target"))
              newer_in_target = TRUE;
          }

        g_assert_nonnull (row);
        g_assert_cmpuint (n, >, 0);
        expected = g_strdup_printf (n == 1 ? "%u differs" : "%u differ", n);
        g_object_get (row, "mark-icon-name", &icon, "mark-tooltip", &tooltip, NULL);
        g_test_message ("%s, %s: “%s” (%s) — %s", side ? "Production" : "Development", folders[f],
                        ferry_object_row_get_mark_label (row), icon, tooltip);
        g_assert_cmpstr (ferry_object_row_get_mark_label (row), ==, expected);
        g_assert_true (ferry_object_row_get_differences_below (row));
        /* The worst below: a copy newer in the target, which a merge would
         * replace ("Older here" in the source, "Newer here" in the target). */
        if (newer_in_target)
          g_assert_cmpstr (icon, ==, side ? "go-up-symbolic" : "go-down-symbolic");
        {
          g_autofree char *start = g_strdup_printf (n == 1 ? "%u object in this folder differs: "
                                                           : "%u objects in this folder differ: ", n);

          g_assert_true (g_str_has_prefix (tooltip, start));
        }
      }
}

/* One Tab stop per tree: Tab leaves a tree for the next control instead of
 * walking its rows, and comes back into it once per round. */
static void
test_tab_stops (void)
{
  FerryWindow *window = utu_main_window ();
  GtkWidget *trees[2];
  guint visits[2] = { 0, 0 };
  gboolean was_in[2] = { FALSE, FALSE };

  for (guint side = 0; side < 2; side++)
    trees[side] = GTK_WIDGET (utu_child (utu_pane (side), FERRY_TYPE_ENVIRONMENT_PANE, "column_view"));

  gtk_widget_grab_focus (GTK_WIDGET (utu_child (utu_pane (FERRY_PANE_SIDE_SOURCE), FERRY_TYPE_ENVIRONMENT_PANE,
                                                "search_entry")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_in_widget (trees[0]));

  /* From the tree, the next control: not another row. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_false (focus_in_widget (trees[0]));
  g_test_message ("after the source tree: %s",
                  G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (focus_in_widget (utu_pane (FERRY_PANE_SIDE_TARGET)));

  /* Back: into the tree, on one row, then the control before it. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_in_widget (trees[0]));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_false (focus_in_widget (trees[0]));
  g_assert_true (focus_in_widget (utu_pane (FERRY_PANE_SIDE_SOURCE)));

  /* A whole round of the window: each tree once. */
  for (guint step = 0; step < 60 && visits[0] < 2; step++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      for (guint side = 0; side < 2; side++)
        {
          gboolean in = focus_in_widget (trees[side]);

          if (in && was_in[side])
            g_error ("Tab moved inside the %s tree", side ? "target" : "source");
          if (in)
            visits[side]++;
          was_in[side] = in;
        }
    }
  g_assert_cmpuint (visits[0], ==, 2);
  g_assert_cmpuint (visits[1], >=, 1);

  /* As after keyboard use: the focused button shows its ring. */
  {
    GtkWidget *compare = GTK_WIDGET (utu_child (utu_compare_view (), FERRY_TYPE_COMPARE_VIEW, "compare_button"));

    gtk_widget_grab_focus (compare);
    gtk_window_set_focus_visible (GTK_WINDOW (window), TRUE);
    g_assert_true (gtk_widget_get_state_flags (compare) & GTK_STATE_FLAG_FOCUS_VISIBLE);
    utu_screenshot (GTK_WIDGET (window), "compare-focus-ring.png");
  }
}

/* Nothing of the demo's rows is cut: no label ellipsized in either tree,
 * with and without the details. */
static guint
count_ellipsized (GtkWidget *widget,
                  GString   *names)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (GTK_IS_LABEL (widget) && gtk_label_get_ellipsize (GTK_LABEL (widget)) != PANGO_ELLIPSIZE_NONE &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      g_string_append_printf (names, " “%s”", gtk_label_get_label (GTK_LABEL (widget)));
      n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_ellipsized (child, names);
  return n;
}

static void
assert_nothing_cut (const char *when)
{
  for (guint side = 0; side < 2; side++)
    {
      GtkWidget *tree = GTK_WIDGET (utu_child (utu_pane (side), FERRY_TYPE_ENVIRONMENT_PANE, "column_view"));
      g_autoptr(GString) names = g_string_new (NULL);
      guint n = count_ellipsized (tree, names);

      g_test_message ("%s, %s: %u cut%s", when, side ? "Production" : "Development", n, names->str);
      if (n > 0)
        g_error ("%s: %u labels cut in the %s tree:%s", when, n, side ? "target" : "source", names->str);
    }
}

static void
test_columns (void)
{

  FerryWindow *window = utu_main_window ();

  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1100);
  /* The frame less its client-side shadow. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 1080);
  /* The rows of every difference are listed (test_compare opened them). */
  utu_wait_ms (300);
  assert_nothing_cut ("1,100 px");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  utu_wait_ms (600);
  assert_nothing_cut ("1,100 px with the details");
  utu_screenshot (GTK_WIDGET (window), "compare-columns-details.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  utu_wait_ms (300);
}

/* --- tests -------------------------------------------------------------- */

/* No environments yet: the window says so and offers both ways in. */
static void
test_empty (void)
{
  FerryWindow *window = ferry_window_new (app);
  GtkStack *compare_stack = GTK_STACK (utu_child (window, FERRY_TYPE_WINDOW, "compare_stack"));
  GtkWidget *add = GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, "add_environment_button"));
  GtkWidget *demo = GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, "try_demo_button"));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (utu_spin_until (utu_is_mapped, window, 5000));
  utu_wait_ms (300);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_window_get_environments (window))), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "empty");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (add)), ==, "win.add-environment");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (demo)), ==, "app.try-demo");
  g_assert_true (gtk_widget_is_sensitive (add));
  g_assert_true (gtk_widget_is_sensitive (demo));
  g_assert_false (compare_enabled ());

  utu_screenshot (GTK_WIDGET (window), "compare-empty.png");
  /* This window stays: the demo opens in it, as with `ferry --demo`. */
}

static const char *
top_level_names (FerryEnvironmentPane *p)
{
  static char names[512];
  GListModel *rows = pane_rows (p);

  names[0] = '\0';
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
      g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

      if (gtk_tree_list_row_get_depth (tree_row) != 0)
        continue;
      if (names[0] != '\0')
        g_strlcat (names, ", ", sizeof names);
      g_strlcat (names, ferry_object_row_get_name (row), sizeof names);
    }

  return names;
}

/* app.try-demo, as `ferry --demo`: both panes connected and populated. */
static void
test_demo (void)
{
  FerryWindow *window = utu_main_window ();
  GtkStack *compare_stack = GTK_STACK (utu_child (window, FERRY_TYPE_WINDOW, "compare_stack"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (ferry_application_get_demo (FERRY_APPLICATION (app)) != NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "starting");

  g_assert_true (utu_spin_until (pane_populated, utu_pane (FERRY_PANE_SIDE_SOURCE), 60000));
  g_assert_true (utu_spin_until (pane_populated, utu_pane (FERRY_PANE_SIDE_TARGET), 60000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (compare_stack), ==, "compare");

  g_assert_cmpstr (ferry_environment_get_name (ferry_environment_pane_get_environment (utu_pane (FERRY_PANE_SIDE_SOURCE))),
                   ==, "Development");
  g_assert_cmpstr (ferry_environment_get_name (ferry_environment_pane_get_environment (utu_pane (FERRY_PANE_SIDE_TARGET))),
                   ==, "Production");
  for (guint side = 0; side < 2; side++)
    {
      FerryEnvironment *environment = ferry_environment_pane_get_environment (utu_pane (side));
      const char *names = top_level_names (utu_pane (side));

      g_assert_true (ferry_environment_get_is_demo (environment));
      g_assert_cmpstr (ferry_environment_get_username (environment), ==, "administrator");
      g_assert_cmpstr (ferry_environment_pane_get_project_name (utu_pane (side)), ==, "MicroStrategy Tutorial");
      g_test_message ("%s: %s", ferry_environment_get_name (environment), names);
      g_assert_nonnull (strstr (names, "Public Objects"));
      g_assert_nonnull (strstr (names, "Schema Objects"));
    }

  /* Demo environments are listed, never saved. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autoptr(GVariant) saved = g_settings_get_value (settings, "environments");

    g_assert_cmpuint (g_variant_n_children (saved), ==, 0);
  }

  g_assert_true (utu_spin_until ((UtuCondition) compare_enabled, NULL, 5000));
  g_assert_cmpint (ferry_compare_view_get_status (utu_compare_view ()), ==, FERRY_COMPARE_STATUS_IDLE);

  /* The next step has the focus: Enter compares. */
  g_test_message ("focus: %s", gtk_root_get_focus (GTK_ROOT (window)) ? G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (window))) : "none");
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) ==
                 GTK_WIDGET (utu_child (utu_compare_view (), FERRY_TYPE_COMPARE_VIEW, "compare_button")));

  utu_wait_ms (500);
  utu_screenshot (GTK_WIDGET (window), "compare-before.png");
}

/* Compare finds exactly the manifest's differences: in the result, and as
 * every row of both panes shows it. */
static void
test_compare (void)
{
  FerryWindow *window = utu_main_window ();
  FerryCompareView *view = utu_compare_view ();
  JsonObject *summary = json_object_get_object_member (json_node_get_object (manifest), "summary");
  JsonArray *objects = manifest_objects ();
  FerryCompareResult *result;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint identical_rows = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_READING);
  g_test_message ("progress: %s", ferry_compare_view_get_progress_text (view));
  g_assert_true (g_str_has_prefix (ferry_compare_view_get_progress_text (view), "Reading Development and Production…"));

  g_assert_true (utu_spin_until (status_is, GINT_TO_POINTER (FERRY_COMPARE_STATUS_DONE), 60000));
  result = ferry_compare_view_get_compare_result (view);
  g_assert_nonnull (result);
  g_assert_true (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_SOURCE)) == result);
  g_assert_true (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_TARGET)) == result);

  /* The manifest counts the project's root folder, which a search never
   * returns (it is no search result on a Library server either): one
   * object less on each side, and one identical object less. */
  g_assert_cmpuint (ferry_inventory_get_n_items (ferry_compare_result_get_source (result)), ==,
                    json_object_get_int_member (summary, "sourceObjects") - 1);
  g_assert_cmpuint (ferry_inventory_get_n_items (ferry_compare_result_get_target (result)), ==,
                    json_object_get_int_member (summary, "targetObjects") - 1);

  /* Every entry: the manifest's state, or identical when not listed. */
  for (guint i = 0; i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *entry = ferry_compare_result_get_entry (result, i);
      JsonObject *object = manifest_lookup (entry->id);
      FerryDiffState state = FERRY_DIFF_STATE_IDENTICAL;
      gboolean moved = FALSE;

      if (object != NULL)
        {
          expected_state (json_object_get_string_member (object, "state"), &state, &moved);
          g_hash_table_add (seen, (gpointer) json_object_get_string_member (object, "id"));
        }

      if ((FerryDiffState) entry->state != state || entry->moved != moved)
        g_error ("%s (%s): state %d moved %d, expected %d %d", entry->id,
                 object ? json_object_get_string_member (object, "name") : "not in the manifest",
                 entry->state, entry->moved, state, moved);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, json_array_get_length (objects));

  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_IDENTICAL), ==,
                    json_object_get_int_member (summary, "identical") - 1);
  g_assert_cmpuint (ferry_compare_view_get_count (view, FERRY_COMPARE_COUNT_DIFFER), ==,
                    json_object_get_int_member (summary, "newer_in_source") +
                    json_object_get_int_member (summary, "newer_in_target") +
                    json_object_get_int_member (summary, "moved_and_newer_in_source"));

  /* The summary bar, as a user reads it: the filter first, then counts
   * that go to the next object of theirs (buttons, not toggles). */
  {
    const char *buttons[] = { "identical_button", "differ_button", "only_source_button",
                              "only_target_button", "moved_button" };
    const char *expected[] = { "409 identical", "12 differ", "9 only in Development",
                               "4 only in Production", "1 moved" };
    GtkWidget *differences = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "differences_button"));
    GtkWidget *summary_box = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "summary_box"));

    g_assert_true (gtk_widget_is_ancestor (differences, summary_box));
    g_assert_true (differences == gtk_widget_get_first_child (summary_box));
    g_assert_true (utu_spin_until (utu_is_mapped, differences, 5000));
    g_assert_true (gtk_widget_is_sensitive (differences));

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      {
        GtkWidget *button = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, buttons[i]));
        AdwButtonContent *content = ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (button)));

        g_assert_false (GTK_IS_TOGGLE_BUTTON (button));
        g_assert_cmpstr (adw_button_content_get_label (content), ==, expected[i]);
        g_assert_cmpstr (adw_button_content_get_icon_name (content), ==, "go-down-symbolic");
        g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (button), "Go to the next "));
        g_assert_true (utu_spin_until (utu_is_mapped, button, 5000));
      }
  }

  check_first_difference ();

  /* Each difference as each pane marks it (its folders are expanded). */
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);
      const char *id = json_object_get_string_member (object, "id");
      const char *state = json_object_get_string_member (object, "state");

      for (guint side = 0; side < 2; side++)
        {
          const char *mark = expected_mark (state, side);
          FerryObjectRow *row;

          if (mark == NULL)
            {
              g_assert_null (find_row (utu_pane (side), id));
              continue;
            }

          select_and_wait (side, id);
          row = find_row (utu_pane (side), id);
          g_assert_nonnull (row);
          if (g_strcmp0 (ferry_object_row_get_mark_label (row), mark) != 0)
            g_error ("%s in %s: marked “%s”, expected “%s” (%s)",
                     json_object_get_string_member (object, "name"), side ? "Production" : "Development",
                     ferry_object_row_get_mark_label (row), mark, state);
        }
    }

  /* Every other object listed now is marked identical. */
  for (guint side = 0; side < 2; side++)
    {
      GListModel *rows = pane_rows (utu_pane (side));

      for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
        {
          g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
          g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

          if (manifest_lookup (ferry_object_row_get_id (row)) != NULL || ferry_object_row_is_folder (row))
            continue;
          g_assert_cmpstr (ferry_object_row_get_mark_label (row), ==, "Identical");
          identical_rows++;
        }
    }
  g_test_message ("%u identical rows checked", identical_rows);
  g_assert_cmpuint (identical_rows, >, 50);

  select_and_wait (FERRY_PANE_SIDE_SOURCE, "CBCB6C67523AD3BED1E6AE564C4D8A88");   /* Revenue by Year */
  select_and_wait (FERRY_PANE_SIDE_TARGET, "CBCB6C67523AD3BED1E6AE564C4D8A88");
  utu_wait_ms (500);
  utu_screenshot (GTK_WIDGET (window), "compare-after.png");
}

/* Selecting as a user does in one pane selects the counterpart in the
 * other; an object the other side lacks leaves it alone. */
static void
user_select (FerryPaneSide  side,
             const char    *id)
{
  GListModel *rows = pane_rows (utu_pane (side));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
      g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

      if (g_ascii_strcasecmp (ferry_object_row_get_id (row), id) == 0)
        {
          /* As a click does, even on the row already selected. */
          gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (rows));
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (rows), i, TRUE);
          return;
        }
    }

  g_error ("%s is not listed in pane %d", id, side);
}

static void
test_selection_follows (void)
{
  const char *margin_trend = NULL;
  const char *employee_headcount = NULL;
  Selected target_selects = { utu_pane (FERRY_PANE_SIDE_TARGET), NULL };
  Selected source_selects = { utu_pane (FERRY_PANE_SIDE_SOURCE), NULL };
  JsonArray *objects = manifest_objects ();

  /* The moved object: the counterpart is in another folder there. */
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_str_equal (json_object_get_string_member (object, "state"), "moved"))
        employee_headcount = json_object_get_string_member (object, "id");
      if (g_str_equal (json_object_get_string_member (object, "name"), "Margin Trend"))
        margin_trend = json_object_get_string_member (object, "id");
    }

  select_and_wait (FERRY_PANE_SIDE_TARGET, YEAR_ID);
  user_select (FERRY_PANE_SIDE_SOURCE, employee_headcount);
  target_selects.id = employee_headcount;
  g_assert_true (utu_spin_until (pane_selects, &target_selects, 10000));

  /* And back, from the other side. */
  user_select (FERRY_PANE_SIDE_TARGET, YEAR_ID);
  source_selects.id = YEAR_ID;
  g_assert_true (utu_spin_until (pane_selects, &source_selects, 10000));

  /* Only in Development: Production keeps what it had. */
  select_and_wait (FERRY_PANE_SIDE_SOURCE, margin_trend);
  user_select (FERRY_PANE_SIDE_SOURCE, margin_trend);
  utu_wait_ms (300);
  target_selects.id = YEAR_ID;
  g_assert_true (pane_selects (&target_selects));
  source_selects.id = margin_trend;
  g_assert_true (pane_selects (&source_selects));
}

static gboolean
row_differs (FerryObjectRow *row)
{
  if (ferry_object_row_is_folder (row))
    return ferry_object_row_get_differences_below (row) ||
           (ferry_object_row_get_diff_state (row) != -1 &&
            ferry_object_row_get_diff_state (row) != FERRY_DIFF_STATE_IDENTICAL);

  return ferry_object_row_get_diff_state (row) != -1 &&
         ferry_object_row_get_diff_state (row) != FERRY_DIFF_STATE_IDENTICAL;
}

/* "Differences only" hides the identical rows of both trees, and only them. */
static void
test_differences_only (void)
{
  FerryWindow *window = utu_main_window ();
  JsonArray *objects = manifest_objects ();
  guint before[2];
  guint after[2];

  for (guint side = 0; side < 2; side++)
    before[side] = g_list_model_get_n_items (pane_rows (utu_pane (side)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.differences-only", NULL));
  utu_wait_ms (200);
  g_assert_true (ferry_compare_view_get_differences_only (utu_compare_view ()));

  for (guint side = 0; side < 2; side++)
    {
      GListModel *rows = pane_rows (utu_pane (side));
      guint n_differences = 0;

      g_assert_true (ferry_environment_pane_get_differences_only (utu_pane (side)));
      after[side] = g_list_model_get_n_items (rows);
      g_test_message ("%s: %u rows, %u with differences only",
                      side ? "Production" : "Development", before[side], after[side]);
      g_assert_cmpuint (after[side], <, before[side]);
      g_assert_cmpuint (after[side], >, 0);

      for (guint i = 0; i < after[side]; i++)
        {
          g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (rows, i);
          g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

          g_assert_true (row_differs (row));
          if (!ferry_object_row_is_folder (row))
            n_differences++;
        }

      /* Every difference on this side is still listed, and nothing else. */
      {
        guint n_expected = 0;

        for (guint j = 0; j < json_array_get_length (objects); j++)
          {
            JsonObject *object = json_array_get_object_element (objects, j);
            const char *id = json_object_get_string_member (object, "id");

            if (expected_mark (json_object_get_string_member (object, "state"), side) == NULL)
              continue;
            g_assert_nonnull (find_row (utu_pane (side), id));
            n_expected++;
          }
        g_assert_cmpuint (n_differences, ==, n_expected);
      }
    }

  utu_screenshot (GTK_WIDGET (window), "compare-differences-only.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.differences-only", NULL));
  utu_wait_ms (200);
  for (guint side = 0; side < 2; side++)
    {
      g_assert_false (ferry_environment_pane_get_differences_only (utu_pane (side)));
      g_assert_cmpuint (g_list_model_get_n_items (pane_rows (utu_pane (side))), ==, before[side]);
    }
}

static char *
only_selected (FerryEnvironmentPane *p)
{
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (p);

  return ids != NULL && ids[0] != NULL && ids[1] == NULL ? g_strdup (ids[0]) : NULL;
}

typedef struct
{
  FerryEnvironmentPane *pane;
  const char           *not_id;
  FerryDiffState        state;
} SelectsState;

/* PANE has one object selected, other than NOT_ID, in STATE. */
static gboolean
selects_state (gpointer data)
{
  SelectsState *wanted = data;
  g_autofree char *id = only_selected (wanted->pane);
  const FerryCompareEntry *entry;

  if (id == NULL || g_strcmp0 (id, wanted->not_id) == 0)
    return FALSE;
  entry = ferry_compare_result_lookup (ferry_compare_view_get_compare_result (utu_compare_view ()), id);
  return entry != NULL && entry->state == wanted->state;
}

/* The summary's counts are "next" buttons: each goes to the next object in
 * its state (selecting it, and its counterpart), one after the other; they
 * never stay pressed. The filter is the Differences Only toggle. */
static void
test_counts (void)
{
  FerryCompareView *view = utu_compare_view ();
  GtkWidget *only_source = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "only_source_button"));
  GtkWidget *only_target = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "only_target_button"));
  GtkWidget *identical = GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "identical_button"));
  GtkToggleButton *differences = GTK_TOGGLE_BUTTON (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "differences_button"));
  SelectsState wanted = { utu_pane (FERRY_PANE_SIDE_SOURCE), NULL, FERRY_DIFF_STATE_ONLY_IN_SOURCE };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpstr (gtk_widget_get_tooltip_text (only_source), ==, "Go to the next object that only Development has");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (only_target), ==, "Go to the next object that only Production has");

  g_signal_emit_by_name (only_source, "clicked");
  g_assert_false (gtk_widget_get_state_flags (only_source) & GTK_STATE_FLAG_CHECKED);
  /* Going to a difference hides the identical objects: the toggle says so. */
  g_assert_true (ferry_compare_view_get_differences_only (view));
  g_assert_true (gtk_toggle_button_get_active (differences));
  g_assert_true (utu_spin_until (selects_state, &wanted, 10000));
  first = only_selected (wanted.pane);

  /* Again: the next one. */
  g_signal_emit_by_name (only_source, "clicked");
  wanted.not_id = first;
  g_assert_true (utu_spin_until (selects_state, &wanted, 10000));
  second = only_selected (wanted.pane);
  g_assert_cmpstr (first, !=, second);

  /* Only in Production: selected there. */
  g_signal_emit_by_name (only_target, "clicked");
  wanted.pane = utu_pane (FERRY_PANE_SIDE_TARGET);
  wanted.not_id = NULL;
  wanted.state = FERRY_DIFF_STATE_ONLY_IN_TARGET;
  g_assert_true (utu_spin_until (selects_state, &wanted, 10000));

  /* Identical: shown again (the filter off), and the first of them selected. */
  g_signal_emit_by_name (identical, "clicked");
  g_assert_false (ferry_compare_view_get_differences_only (view));
  g_assert_false (gtk_toggle_button_get_active (differences));
  wanted.pane = utu_pane (FERRY_PANE_SIDE_SOURCE);
  wanted.state = FERRY_DIFF_STATE_IDENTICAL;
  g_assert_true (utu_spin_until (selects_state, &wanted, 10000));
}

/* Cancel keeps the last marks; another project takes them away. */
static void
test_cancel_and_clear (void)
{
  FerryWindow *window = utu_main_window ();
  FerryCompareView *view = utu_compare_view ();
  FerryCompareResult *result = ferry_compare_view_get_compare_result (view);
  FerryEnvironmentList *list = ferry_window_get_environments (window);
  GtkRevealer *progress = GTK_REVEALER (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "progress_revealer"));

  g_assert_nonnull (result);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_READING);
  g_assert_true (gtk_revealer_get_reveal_child (progress));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "cancel_button"))));
  g_signal_emit_by_name (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "cancel_button"), "clicked");
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_DONE);
  g_assert_false (gtk_revealer_get_reveal_child (progress));
  utu_wait_ms (500);
  g_assert_true (ferry_compare_view_get_compare_result (view) == result);
  g_assert_true (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_SOURCE)) == result);

  /* Running, then the target changes: cancelled, the marks gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  ferry_environment_pane_set_environment (utu_pane (FERRY_PANE_SIDE_TARGET),
                                          ferry_environment_list_lookup (list, "Development"));
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_IDLE);
  g_assert_null (ferry_compare_view_get_compare_result (view));
  g_assert_null (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_SOURCE)));
  g_assert_null (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_TARGET)));
  utu_wait_ms (500);
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_IDLE);

  /* Back to Production, compared again. */
  ferry_environment_pane_set_environment (utu_pane (FERRY_PANE_SIDE_TARGET),
                                          ferry_environment_list_lookup (list, "Production"));
  ferry_environment_pane_set_project_id (utu_pane (FERRY_PANE_SIDE_TARGET), TUTORIAL_ID);
  g_assert_true (utu_spin_until (pane_populated, utu_pane (FERRY_PANE_SIDE_TARGET), 20000));
  g_assert_true (utu_spin_until ((UtuCondition) compare_enabled, NULL, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_true (utu_spin_until (status_is, GINT_TO_POINTER (FERRY_COMPARE_STATUS_DONE), 60000));

  /* F5 lists both trees again; the marks stay. */
  result = ferry_compare_view_get_compare_result (view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL));
  utu_wait_ms (200);
  g_assert_true (utu_spin_until (pane_populated, utu_pane (FERRY_PANE_SIDE_SOURCE), 20000));
  g_assert_true (utu_spin_until (pane_populated, utu_pane (FERRY_PANE_SIDE_TARGET), 20000));
  g_assert_true (ferry_compare_view_get_compare_result (view) == result);
  g_assert_true (ferry_environment_pane_get_compare_result (utu_pane (FERRY_PANE_SIDE_TARGET)) == result);
  g_assert_cmpint (ferry_compare_view_get_status (view), ==, FERRY_COMPARE_STATUS_DONE);
}

static gboolean
strv_has (GStrv        strv,
          const char  *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

static guint
count_differing_values (GtkWidget *widget)
{
  guint n = gtk_widget_has_css_class (widget, "details-value") && gtk_widget_has_css_class (widget, "differs");

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_differing_values (child);

  return n;
}

/* The details of Year: both copies, the differing fields highlighted. */
static void
test_details (void)
{
  FerryWindow *window = utu_main_window ();
  FerryDetailsView *details = ferry_compare_view_get_details_view (utu_compare_view ());
  g_auto(GStrv) differing = NULL;
  const char *margin_trend_id = NULL;
  JsonArray *objects = manifest_objects ();

  select_and_wait (FERRY_PANE_SIDE_SOURCE, YEAR_ID);
  user_select (FERRY_PANE_SIDE_SOURCE, YEAR_ID);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_true (ferry_compare_view_get_show_details (utu_compare_view ()));
  g_assert_true (utu_spin_until (details_loaded, YEAR_ID, 10000));

  g_assert_cmpstr (ferry_details_view_get_title (details), ==, "Year");
  differing = ferry_details_view_dup_differing_fields (details);
  {
    g_autofree char *text = g_strjoinv (", ", differing);

    g_test_message ("Year differs in: %s", text);
  }
  g_assert_true (strv_has (differing, "version"));
  g_assert_true (strv_has (differing, "modified"));
  g_assert_false (strv_has (differing, "name"));
  g_assert_false (strv_has (differing, "type"));
  g_assert_false (strv_has (differing, "path"));
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "name"), ==, "Year");
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_TARGET, "name"), ==, "Year");
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "type"), ==, "Attribute");
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "path"), ==,
                   "\\Schema Objects\\Attributes\\Time");
  g_assert_nonnull (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "acl"));
  g_assert_nonnull (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "owner"));
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "version"), !=,
                   ferry_details_view_get_value (details, FERRY_PANE_SIDE_TARGET, "version"));
  /* Two values highlighted for each differing field. */
  g_assert_cmpuint (count_differing_values (GTK_WIDGET (details)), ==, 2 * g_strv_length (differing));

  utu_wait_ms (500);
  utu_screenshot (GTK_WIDGET (window), "compare-details.png");

  /* An object only in Development says so. */
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *object = json_array_get_object_element (objects, i);

      if (g_str_equal (json_object_get_string_member (object, "name"), "Margin Trend"))
        margin_trend_id = json_object_get_string_member (object, "id");
    }
  select_and_wait (FERRY_PANE_SIDE_SOURCE, margin_trend_id);
  user_select (FERRY_PANE_SIDE_SOURCE, margin_trend_id);
  if (!utu_spin_until (details_loaded, (gpointer) margin_trend_id, 10000))
    g_error ("details: state %d, object %s", ferry_details_view_get_state (details),
             ferry_details_view_get_object_id (details));
  g_assert_cmpstr (ferry_details_view_get_value (details, FERRY_PANE_SIDE_SOURCE, "name"), ==, "Margin Trend");
  g_assert_null (ferry_details_view_get_value (details, FERRY_PANE_SIDE_TARGET, "name"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  g_assert_false (ferry_compare_view_get_show_details (utu_compare_view ()));
}

static gboolean
dialog_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG) != NULL;
}

static gboolean
dialog_gone (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG) == NULL;
}

static GtkWindow *
open_add_dialog (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.add-environment", NULL));
  g_assert_true (utu_spin_until (dialog_shown, NULL, 5000));
  utu_wait_ms (300);

  return utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG);
}

static void
fill (GtkWindow  *dialog,
      const char *field,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, field)), text);
}

static const char *
text_of (GtkWindow  *dialog,
         const char *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, field)));
}

static void
save (GtkWindow *dialog)
{
  g_signal_emit_by_name (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "save_button"), "clicked");
}

/* A URL without a scheme is refused, with the reason under the field. */
static void
test_malformed_url (void)
{
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  GtkWindow *dialog = open_add_dialog ();
  GtkLabel *url_error = GTK_LABEL (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "url_error"));

  fill (dialog, "name_row", "Broken");
  fill (dialog, "url_row", "bi.example.com/MicroStrategyLibrary");
  fill (dialog, "username_row", "someone");
  save (dialog);

  g_assert_true (label_visible (url_error));
  g_test_message ("under the URL: %s", gtk_label_get_label (url_error));
  g_assert_nonnull (strstr (gtk_label_get_label (url_error), "https://"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "url_row")), "error"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_null (ferry_environment_list_lookup (list, "Broken"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  /* What was typed stays. */
  g_assert_cmpstr (text_of (dialog, "url_row"), ==, "bi.example.com/MicroStrategyLibrary");
  g_assert_cmpstr (text_of (dialog, "username_row"), ==, "someone");

  utu_wait_ms (500);   /* the rows' title animation */
  utu_screenshot (GTK_WIDGET (dialog), "compare-url-error.png");

  gtk_window_destroy (dialog);
  g_assert_true (utu_spin_until (dialog_gone, NULL, 5000));
}

static gboolean
environment_listed (gpointer name)
{
  return ferry_environment_list_lookup (ferry_window_get_environments (utu_main_window ()), name) != NULL;
}

/* A wrong password keeps the dialog open with everything entered and the
 * error under the password; the right one then saves it. */
static void
test_wrong_password (void)
{
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  FerryDemo *demo = ferry_application_get_demo (FERRY_APPLICATION (app));
  g_autoptr(FerrySandbox) development = g_list_model_get_item (ferry_demo_get_servers (demo), 0);
  const char *url = ferry_sandbox_get_base_url (development);
  GtkWindow *dialog = open_add_dialog ();
  GtkLabel *password_error = GTK_LABEL (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "password_error"));
  FerryEnvironment *added;
  GtkWindow *confirm;

  fill (dialog, "name_row", "Development as Analyst");
  fill (dialog, "url_row", url);
  fill (dialog, "username_row", "analyst");
  fill (dialog, "password_row", "not-the-password");
  /* No keyring in the test session. */
  gtk_switch_set_active (GTK_SWITCH (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "remember_switch")), FALSE);
  save (dialog);

  g_assert_true (utu_spin_until (label_visible, password_error, 10000));
  g_assert_cmpstr (gtk_label_get_label (password_error), ==, "The user name or password is wrong");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));
  g_assert_cmpstr (text_of (dialog, "name_row"), ==, "Development as Analyst");
  g_assert_cmpstr (text_of (dialog, "url_row"), ==, url);
  g_assert_cmpstr (text_of (dialog, "username_row"), ==, "analyst");
  g_assert_cmpstr (text_of (dialog, "password_row"), ==, "not-the-password");
  g_assert_null (ferry_environment_list_lookup (list, "Development as Analyst"));

  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (dialog), "compare-wrong-password.png");

  /* The right password: saved, connected, the dialog closes. */
  fill (dialog, "password_row", "analyst");
  save (dialog);
  g_assert_true (utu_spin_until (dialog_gone, NULL, 10000));
  g_assert_true (environment_listed ("Development as Analyst"));
  added = ferry_environment_list_lookup (list, "Development as Analyst");
  g_assert_cmpint (ferry_environment_get_state (added), ==, FERRY_CONNECTION_STATE_CONNECTED);
  g_assert_false (ferry_environment_get_is_demo (added));

  /* The main menu names it under Edit and Remove (the demo's are not). */
  {
    GMenuModel *section = G_MENU_MODEL (utu_child (utu_main_window (), FERRY_TYPE_WINDOW, "environment_section"));
    GMenuModel *edit;
    g_autoptr(GVariant) target = NULL;

    g_assert_cmpint (g_menu_model_get_n_items (section), ==, 3);
    edit = g_menu_model_get_item_link (section, 1, G_MENU_LINK_SUBMENU);
    g_assert_cmpint (g_menu_model_get_n_items (edit), ==, 1);
    target = g_menu_model_get_item_attribute_value (edit, 0, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
    g_assert_cmpstr (g_variant_get_string (target, NULL), ==, "Development as Analyst");
    g_object_unref (edit);
  }

  /* The demo's panes were left alone. */
  g_assert_cmpstr (ferry_environment_get_name (ferry_environment_pane_get_environment (utu_pane (FERRY_PANE_SIDE_SOURCE))),
                   ==, "Development");

  /* The environment last shown in a pane is remembered (demo ones are
   * not), and a new window shows it again. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *last = NULL;
    FerryWindow *second;

    ferry_environment_pane_set_environment (utu_pane (FERRY_PANE_SIDE_TARGET), added);
    last = g_settings_get_string (settings, "last-target-environment");
    g_assert_cmpstr (last, ==, "Development as Analyst");

    second = ferry_window_new (app);
    gtk_window_present (GTK_WINDOW (second));
    g_assert_true (utu_spin_until (utu_is_mapped, second, 5000));
    g_assert_true (ferry_environment_pane_get_environment (ferry_compare_view_get_pane (ferry_window_get_compare_view (second),
                                                                                        FERRY_PANE_SIDE_TARGET)) == added);
    gtk_window_destroy (GTK_WINDOW (second));

    /* Back to the demo's Production, which is not remembered. */
    ferry_environment_pane_set_environment (utu_pane (FERRY_PANE_SIDE_TARGET),
                                            ferry_environment_list_lookup (list, "Production"));
    g_clear_pointer (&last, g_free);
    last = g_settings_get_string (settings, "last-target-environment");
    g_assert_cmpstr (last, ==, "Development as Analyst");
  }

  /* Removing asks first, naming it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.remove-environment", "s",
                                             "Development as Analyst"));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  confirm = utu_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), ==, "Remove Development as Analyst?");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (confirm)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");
  gtk_window_close (confirm);
  g_assert_false (environment_listed ("Development as Analyst"));
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (utu_child (utu_main_window (), FERRY_TYPE_WINDOW,
                                                                      "environment_section"))), ==, 1);
}

/* As a click on a response button does: the response, then the dialog closes. */
static void
answer (gpointer    dialog,
        const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static gboolean
certificate_dialog_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG) != NULL;
}

static gboolean
certificate_dialog_gone (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG) == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A server whose certificate this computer does not trust: the dialog
 * names host and fingerprint; refusing (the default) keeps the
 * environment dialog open with the reason under the URL; trusting
 * connects and remembers the fingerprint for that host. */
static void
test_untrusted_certificate (void)
{
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  g_autofree char *state = g_dir_make_tmp ("ferry-test-tls-XXXXXX", NULL);
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-key.pem", NULL);
  g_autoptr(FerrySandbox) secure = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) trusted = NULL;
  g_autofree char *host_key = NULL;
  const char *fingerprint = NULL;
  FerryCertificateDialog *certificate;
  GtkLabel *url_error;
  GtkWindow *dialog;
  FerryEnvironment *added;

  secure = g_object_new (FERRY_TYPE_SANDBOX,
                         "state-dir", state,
                         "seed", "empty",
                         "name", "Secure",
                         "tls-cert-file", cert,
                         "tls-key-file", key,
                         NULL);
  ferry_sandbox_start (secure, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (ferry_sandbox_get_base_url (secure), "https://127.0.0.1:"));
  host_key = g_strdup_printf ("127.0.0.1:%u", ferry_sandbox_get_port (secure));

  dialog = open_add_dialog ();
  url_error = GTK_LABEL (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "url_error"));
  fill (dialog, "name_row", "Secure");
  fill (dialog, "url_row", ferry_sandbox_get_base_url (secure));
  fill (dialog, "username_row", "analyst");
  fill (dialog, "password_row", "analyst");
  gtk_switch_set_active (GTK_SWITCH (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "remember_switch")), FALSE);

  /* Refused: nothing saved, the reason under the URL. */
  save (dialog);
  g_assert_true (utu_spin_until (certificate_dialog_shown, NULL, 10000));
  certificate = FERRY_CERTIFICATE_DIALOG (utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG));
  g_assert_cmpstr (ferry_certificate_dialog_get_host (certificate), ==, "127.0.0.1");
  g_assert_nonnull (ferry_certificate_dialog_get_sha256 (certificate));
  g_assert_cmpuint (strlen (ferry_certificate_dialog_get_sha256 (certificate)), ==, 32 * 3 - 1);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (certificate)), ==, "cancel");
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (certificate), "compare-certificate.png");
  answer (certificate, "cancel");
  g_assert_true (utu_spin_until (label_visible, url_error, 5000));
  g_assert_true (utu_spin_until (certificate_dialog_gone, NULL, 5000));
  g_test_message ("refused: %s", gtk_label_get_label (url_error));
  g_assert_nonnull (strstr (gtk_label_get_label (url_error), "not trusted"));
  g_assert_null (ferry_environment_list_lookup (list, "Secure"));
  trusted = g_settings_get_value (settings, "trusted-certificates");
  g_assert_false (g_variant_lookup (trusted, host_key, "&s", &fingerprint));
  g_clear_pointer (&trusted, g_variant_unref);

  /* Trusted: connected, saved, remembered for that host. */
  save (dialog);
  g_assert_true (utu_spin_until (certificate_dialog_shown, NULL, 10000));
  certificate = FERRY_CERTIFICATE_DIALOG (utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG));
  answer (certificate, "trust");
  g_assert_true (utu_spin_until (dialog_gone, NULL, 10000));
  added = ferry_environment_list_lookup (list, "Secure");
  g_assert_nonnull (added);
  g_assert_cmpint (ferry_environment_get_state (added), ==, FERRY_CONNECTION_STATE_CONNECTED);
  trusted = g_settings_get_value (settings, "trusted-certificates");
  g_assert_true (g_variant_lookup (trusted, host_key, "&s", &fingerprint));
  g_test_message ("trusted %s: %s", host_key, fingerprint);
  g_assert_cmpuint (strlen (fingerprint), ==, 64);
  g_assert_true (g_str_has_prefix (fingerprint, "74072c9b"));

  /* Connecting again needs no question. */
  ferry_environment_disconnect (added);
  {
    g_autoptr(GAsyncResult) result = NULL;

    ferry_environment_connect_async (added, "analyst", NULL, utu_store_result_cb, &result);
    g_assert_true (utu_spin_until (utu_is_set, &result, 10000));
    ferry_environment_connect_finish (added, result, &error);
    g_assert_no_error (error);
  }

  ferry_environment_list_remove (list, "Secure");
  ferry_sandbox_stop (secure);
  remove_tree (state);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A label below WIDGET whose text starts with PREFIX (a toast's title). */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
password_dialog_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG) != NULL;
}

static gboolean
toast_shown (gpointer prefix)
{
  return find_label (GTK_WIDGET (utu_main_window ()), prefix) != NULL;
}

static gboolean
pane_failed (gpointer data)
{
  GtkStack *stack = GTK_STACK (utu_child (data, FERRY_TYPE_ENVIRONMENT_PANE, "stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0;
}

/* Picking a saved environment whose password the keyring lacks asks for
 * it; a server that does not answer is said in words, in a toast and in
 * the pane. */
static void
test_unreachable (void)
{
  FerryWindow *window = utu_main_window ();
  FerryEnvironmentList *list = ferry_window_get_environments (window);
  FerryEnvironmentPane *target = utu_pane (FERRY_PANE_SIDE_TARGET);
  g_autoptr(FerryEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *dialog;
  GtkWidget *toast;

  /* Port 9 (discard): nothing listens there. */
  environment = ferry_environment_new ("Unreachable", "http://127.0.0.1:9/MicroStrategyLibrary",
                                       FERRY_LOGIN_MODE_STANDARD, "someone", TRUE);
  ferry_environment_list_add (list, environment, &error);
  g_assert_no_error (error);

  ferry_environment_pane_set_environment (target, environment);
  g_signal_emit_by_name (target, "connect-requested", environment);
  g_assert_true (utu_spin_until (password_dialog_shown, NULL, 10000));
  dialog = utu_find_toplevel (FERRY_TYPE_PASSWORD_DIALOG);
  g_assert_true (ferry_password_dialog_get_environment (FERRY_PASSWORD_DIALOG (dialog)) == environment);
  gtk_editable_set_text (GTK_EDITABLE (find_descendant (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY)), "secret");
  answer (dialog, "connect");

  g_assert_true (utu_spin_until (toast_shown, (gpointer) "Could not connect to Unreachable", 20000));
  toast = find_label (GTK_WIDGET (window), "Could not connect to Unreachable");
  g_test_message ("toast: %s", gtk_label_get_label (GTK_LABEL (toast)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (toast)), ==, "Could not connect to Unreachable: Could not reach 127.0.0.1:9: connection refused");
  g_assert_true (utu_spin_until (pane_failed, target, 5000));
  g_assert_cmpint (ferry_environment_get_state (environment), ==, FERRY_CONNECTION_STATE_FAILED);
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (window), "compare-unreachable.png");

  /* Back to the demo. */
  ferry_environment_pane_set_environment (target, ferry_environment_list_lookup (list, "Production"));
  ferry_environment_list_remove (list, "Unreachable");
}

static gboolean
narrow_ready (gpointer data)
{
  FerryCompareView *view = ferry_window_get_compare_view (data);
  GtkPaned *paned = GTK_PANED (utu_child (view, FERRY_TYPE_COMPARE_VIEW, "paned"));

  return utu_is_mapped (data) &&
         ferry_compare_view_get_narrow (view) &&
         gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_VERTICAL &&
         pane_populated (ferry_compare_view_get_pane (view, FERRY_PANE_SIDE_SOURCE)) &&
         pane_populated (ferry_compare_view_get_pane (view, FERRY_PANE_SIDE_TARGET));
}

/* At phone width the panes are stacked and nothing is cut off. */
static void
test_narrow (void)
{
  FerryWindow *window = ferry_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_window_present (GTK_WINDOW (window));
  ferry_window_set_demo (window, ferry_application_get_demo (FERRY_APPLICATION (app)));
  g_assert_true (utu_spin_until (narrow_ready, window, 20000));
  utu_wait_ms (600);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  utu_screenshot (GTK_WIDGET (window), "compare-narrow.png");

  /* The details cover the panes there, and close again. */
  {
    FerryCompareView *view = ferry_window_get_compare_view (window);
    FerryEnvironmentPane *source = ferry_compare_view_get_pane (view, FERRY_PANE_SIDE_SOURCE);
    FerryDetailsView *details = ferry_compare_view_get_details_view (view);
    Selected selected = { source, YEAR_ID };

    ferry_environment_pane_select_object_full (source, YEAR_ID, 12);   /* no comparison here: by type */
    g_assert_true (utu_spin_until (pane_selects, &selected, 10000));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
    g_assert_true (utu_spin_until (utu_is_mapped, details, 5000));
    utu_wait_ms (600);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (details)), <=, 360);
    utu_screenshot (GTK_WIDGET (window), "compare-narrow-details.png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-details", NULL));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  int status;

  /* A FerryApplication, as in the app: style.css, the shared list of
   * environments, app.try-demo. */
  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;

  parser = json_parser_new ();
  json_parser_load_from_file (parser, g_getenv ("FERRY_SEED_DIFFERENCES"), &error);
  g_assert_no_error (error);
  manifest = json_parser_steal_root (parser);

  /* In this order: they share the window and the demo. */
  g_test_add_func ("/compare-view/empty", test_empty);
  g_test_add_func ("/compare-view/demo", test_demo);
  g_test_add_func ("/compare-view/compare", test_compare);
  g_test_add_func ("/compare-view/folder-marks", test_folder_marks);
  g_test_add_func ("/compare-view/columns", test_columns);
  g_test_add_func ("/compare-view/tab-stops", test_tab_stops);
  g_test_add_func ("/compare-view/selection-follows", test_selection_follows);
  g_test_add_func ("/compare-view/differences-only", test_differences_only);
  g_test_add_func ("/compare-view/counts", test_counts);
  g_test_add_func ("/compare-view/details", test_details);
  g_test_add_func ("/compare-view/cancel-and-clear", test_cancel_and_clear);
  g_test_add_func ("/compare-view/malformed-url", test_malformed_url);
  g_test_add_func ("/compare-view/wrong-password", test_wrong_password);
  g_test_add_func ("/compare-view/untrusted-certificate", test_untrusted_certificate);
  g_test_add_func ("/compare-view/unreachable", test_unreachable);
  g_test_add_func ("/compare-view/narrow", test_narrow);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  g_clear_pointer (&manifest, json_node_unref);

  return status;
}
