/* test-window-migrations.c: migrations from the main window, in demo mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo as `ferry --demo` does and works as a user would: Compare,
 * then New Migration from the Compare page (the objects selected in the
 * source pane, more added from the pane with Ctrl+Shift+N; or the whole
 * project), Run in the editor, the migration's row in the Migrations page
 * with its progress and the view switcher's count, the Compare page
 * comparing again by itself after the import, Undo from the Migrations
 * page with its confirmation, every object of the target back as it was
 * (asserted through the sandbox), the comparison back to where it began,
 * and a migration that goes on while the window is destroyed and a new one
 * opened. The tests run in order and share the demo.
 *
 * Needs a display (the suite runs under xvfb-run). Screenshots go to
 * G_TEST_BUILDDIR/screenshots: window-new-migration.png,
 * window-migration-running.png, window-migrations-imported.png,
 * window-migrations-undone.png, window-migrations-reopened.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID UTU_TUTORIAL_ID
#define YEAR_ID     UTU_YEAR_ID

/* From utu_application_init(), which owns it. */
static GtkApplication *app;
/* The demo's servers (owned by the demo). */
static FerrySandbox *development;
static FerrySandbox *production;
/* Production's objects before anything ran, and the first comparison's counts. */
static JsonNode *production_before;
static guint counts_before[FERRY_COMPARE_N_COUNTS];
/* The merge of /window-migrations/merge-undo. */
static char *merge_id;

/* --- helpers ------------------------------------------------------------ */

static FerryMigrationsView *
migrations_view (void)
{
  return ferry_window_get_migrations_view (utu_main_window ());
}

static AdwViewStackPage *
migrations_page (void)
{
  return ADW_VIEW_STACK_PAGE (utu_child (utu_main_window (), FERRY_TYPE_WINDOW, "migrations_page"));
}

static gboolean
pane_ready (gpointer data)
{
  FerryEnvironmentPane *p = data;
  FerryEnvironment *environment = ferry_environment_pane_get_environment (p);

  return environment != NULL &&
         ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED &&
         g_strcmp0 (ferry_environment_pane_get_project_id (p), TUTORIAL_ID) == 0;
}

static gboolean
compare_done (gpointer data)
{
  FerryCompareResult *old = data;

  return ferry_compare_view_get_status (utu_compare_view ()) == FERRY_COMPARE_STATUS_DONE &&
         ferry_compare_view_get_compare_result (utu_compare_view ()) != old;
}

static gboolean
selected_is (gpointer id)
{
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (utu_pane (FERRY_PANE_SIDE_SOURCE));

  return ids != NULL && ids[0] != NULL && ids[1] == NULL && g_ascii_strcasecmp (ids[0], id) == 0;
}

static void
select_in_source (const char *id)
{
  ferry_environment_pane_select_object (utu_pane (FERRY_PANE_SIDE_SOURCE), id);
  g_assert_true (utu_spin_until (selected_is, (gpointer) id, 10000));
}

static FerryMigrationEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FERRY_IS_MIGRATION_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return FERRY_MIGRATION_EDITOR (window);
    }
  return NULL;
}

static gboolean
no_editor (gpointer data)
{
  return find_editor () == NULL;
}

/* win.new-migration, as its button on the Compare page shows it. */
static gboolean
new_migration_enabled (void)
{
  GtkWidget *button = GTK_WIDGET (utu_child (utu_compare_view (), FERRY_TYPE_COMPARE_VIEW, "new_migration_button"));

  return gtk_widget_get_sensitive (button);
}

/* The names the editor shows for its content, joined with ", ". */
static char *
content_names (FerryMigrationEditor *editor)
{
  GListModel *content = G_LIST_MODEL (ferry_migration_editor_get_content (editor));
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (content); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (content, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", ferry_content_item_get_name (item));
    }
  return g_strdup (names->str);
}

typedef struct
{
  FerryMigrationEditor *editor;
  const char           *names;
} NamesWait;

static gboolean
names_are (gpointer data)
{
  NamesWait *wait = data;
  g_autofree char *names = content_names (wait->editor);

  return g_strcmp0 (names, wait->names) == 0;
}

static char *
cell (const char            *id,
      FerryMigrationsColumn  column)
{
  FerryMigration *m = ferry_migration_list_lookup (ferry_migrations_view_get_migrations (migrations_view ()), id);

  if (m == NULL)
    return NULL;
  return ferry_migrations_view_dup_cell_text (migrations_view (), m, column);
}

typedef struct
{
  const char            *id;
  FerryMigrationsColumn  column;
  const char            *text;
} CellWait;

static gboolean
cell_is (gpointer data)
{
  CellWait *wait = data;
  g_autofree char *text = cell (wait->id, wait->column);

  return g_strcmp0 (text, wait->text) == 0;
}

static void
wait_cell (const char            *id,
           FerryMigrationsColumn  column,
           const char            *text,
           guint                  timeout_ms)
{
  CellWait wait = { id, column, text };

  if (!utu_spin_until (cell_is, &wait, timeout_ms))
    {
      g_autofree char *shown = cell (id, column);

      g_error ("column %d of %s shows “%s”, not “%s”", column, id, shown ? shown : "(no row)", text);
    }
}

static gboolean
job_has_id (gpointer job)
{
  return ferry_job_get_migration_id (job) != NULL;
}

static gboolean
badge_shown (gpointer data)
{
  return adw_view_stack_page_get_badge_number (migrations_page ()) > 0 &&
         adw_view_stack_page_get_needs_attention (migrations_page ());
}

static gboolean
badge_gone (gpointer data)
{
  return adw_view_stack_page_get_badge_number (migrations_page ()) == 0 &&
         !adw_view_stack_page_get_needs_attention (migrations_page ());
}

static gboolean
progress_shown (gpointer id)
{
  g_autofree char *progress = cell (id, FERRY_MIGRATIONS_COLUMN_PROGRESS);

  return progress != NULL && g_str_has_suffix (progress, "%");
}

static gboolean
view_watches (gpointer id)
{
  return ferry_migrations_view_get_job (migrations_view (), id) != NULL;
}

static void
show_page (const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (utu_child (utu_main_window (), FERRY_TYPE_WINDOW, "view_stack"));

  adw_view_stack_set_visible_child_name (stack, name);
  utu_wait_ms (300);
}

/* Opens the editor from the Compare page as Ctrl+N does. */
static FerryMigrationEditor *
new_migration (void)
{
  FerryMigrationEditor *editor;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.new-migration", NULL));
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (utu_main_window ()));
  return editor;
}

/* A project merge from the editor, run as its Run button does (without
 * the question); returns the job, its id known. */
static FerryJob *
run_merge (const char *name)
{
  FerryMigrationEditor *editor;
  FerryJob *job;

  /* An editor runs one migration and then shows it: the one of a run
   * before is done with (as its Done button does). */
  editor = find_editor ();
  if (editor != NULL)
    gtk_window_destroy (GTK_WINDOW (editor));
  editor = new_migration ();

  ferry_migration_editor_set_project_merge (editor, TRUE);
  ferry_migration_editor_set_name (editor, name);
  g_assert_null (ferry_migration_editor_get_blocked_reason (editor));
  job = ferry_migration_editor_run (editor);
  g_assert_nonnull (job);
  g_assert_true (utu_spin_until (job_has_id, job, 30000));
  return g_object_ref (job);
}

/* --- tests ------------------------------------------------------------- */

/* The demo opens; the Migrations page has nothing in progress; Compare. */
static void
test_demo (void)
{
  GListModel *servers;
  g_autoptr(FerrySandbox) first = NULL;
  g_autoptr(FerrySandbox) second = NULL;

  g_assert_false (new_migration_enabled ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_SOURCE), 60000));
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_TARGET), 60000));

  servers = ferry_demo_get_servers (ferry_application_get_demo (FERRY_APPLICATION (app)));
  first = g_list_model_get_item (servers, 0);
  second = g_list_model_get_item (servers, 1);
  development = first;
  production = second;
  g_assert_cmpstr (ferry_sandbox_get_name (development), ==, "Development");
  g_assert_cmpstr (ferry_sandbox_get_name (production), ==, "Production");
  production_before = ferry_sandbox_dup_objects (production, TUTORIAL_ID);

  g_assert_true (badge_gone (NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.compare", NULL));
  g_assert_true (utu_spin_until (compare_done, NULL, 60000));
  for (guint i = 0; i < FERRY_COMPARE_N_COUNTS; i++)
    counts_before[i] = ferry_compare_view_get_count (utu_compare_view (), i);
  g_assert_cmpuint (counts_before[FERRY_COMPARE_COUNT_DIFFER], >, 0);
  g_assert_cmpuint (counts_before[FERRY_COMPARE_COUNT_ONLY_IN_SOURCE], >, 0);
  g_assert_true (new_migration_enabled ());
}

/* New Migration with Year selected: an object migration of Year; another
 * object selected in the source pane and added with Ctrl+Shift+N. */
static void
test_selection (void)
{
  FerryCompareResult *result = ferry_compare_view_get_compare_result (utu_compare_view ());
  FerryMigrationEditor *editor;
  const char *only_in_source = NULL;
  g_autofree char *expected = NULL;
  const FerryInventoryItem *item;
  guint searches;

  for (guint i = 0; i < ferry_compare_result_get_n_entries (result) && only_in_source == NULL; i++)
    {
      const FerryCompareEntry *entry = ferry_compare_result_get_entry (result, i);

      item = ferry_compare_result_get_source_item (result, entry);
      if (entry->state == FERRY_DIFF_STATE_ONLY_IN_SOURCE && item->type != 8)
        only_in_source = entry->id;
    }
  g_assert_nonnull (only_in_source);
  item = ferry_compare_result_get_source_item (result, ferry_compare_result_lookup (result, only_in_source));

  searches = ferry_sandbox_get_request_count (development, "GET", "/api/searches/results");
  select_in_source (YEAR_ID);
  g_assert_cmpuint (ferry_window_add_to_migration (utu_main_window ()), ==, 0);   /* no editor yet */
  editor = new_migration ();
  g_assert_false (ferry_migration_editor_get_project_merge (editor));
  g_assert_true (utu_spin_until (names_are, &(NamesWait) { editor, "Year" }, 30000));
  g_assert_true (ferry_migration_editor_get_source (editor) == ferry_environment_pane_get_environment (utu_pane (FERRY_PANE_SIDE_SOURCE)));
  g_assert_true (ferry_migration_editor_get_target (editor) == ferry_environment_pane_get_environment (utu_pane (FERRY_PANE_SIDE_TARGET)));
  g_assert_cmpstr (ferry_migration_editor_get_target_project_id (editor), ==, TUTORIAL_ID);

  /* Year again: nothing added. Then another object from the pane. */
  g_assert_cmpuint (ferry_window_add_to_migration (utu_main_window ()), ==, 0);
  select_in_source (only_in_source);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.add-to-migration", NULL));
  expected = g_strdup_printf ("Year, %s", item->name);
  g_assert_true (utu_spin_until (names_are, &(NamesWait) { editor, expected }, 30000));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (editor), "window-new-migration.png");
  /* Named from the comparison's inventory: the source project was not listed again. */
  g_assert_cmpuint (ferry_sandbox_get_request_count (development, "GET", "/api/searches/results"), ==, searches);

  /* Closed: nothing to add to. */
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (no_editor, NULL, 5000));
  g_assert_cmpuint (ferry_window_add_to_migration (utu_main_window ()), ==, 0);
}

/* A merge run from the editor: its row in the Migrations page with the
 * progress, the count in the view switcher, Imported; the Compare page
 * compares again by itself. Undo from the Migrations page, confirmed:
 * every object of Production back as it was, and the comparison too. */
static void
test_merge_undo (void)
{
  FerryCompareResult *compared = ferry_compare_view_get_compare_result (utu_compare_view ());
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) undone = NULL;
  AdwMessageDialog *dialog;
  gboolean fewer;

  /* Slow enough to see the work under way. */
  g_object_set (production, "work-delay-ms", 10, NULL);
  job = run_merge ("Tutorial to Production");
  merge_id = g_strdup (ferry_job_get_migration_id (job));

  g_assert_true (utu_spin_until (view_watches, merge_id, 10000));
  g_assert_true (ferry_migrations_view_get_job (migrations_view (), merge_id) == job);
  g_assert_true (utu_spin_until (badge_shown, NULL, 10000));
  show_page ("migrations");
  g_assert_true (utu_spin_until (progress_shown, merge_id, 60000));
  {
    g_autofree char *name = cell (merge_id, FERRY_MIGRATIONS_COLUMN_NAME);
    g_autofree char *route = cell (merge_id, FERRY_MIGRATIONS_COLUMN_ROUTE);

    g_assert_cmpstr (name, ==, "Tutorial to Production");
    g_assert_cmpstr (route, ==, "Development → Production\nMicroStrategy Tutorial");
  }
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "window-migration-running.png");

  wait_cell (merge_id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 120000);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_assert_true (utu_spin_until (badge_gone, NULL, 10000));
  g_object_set (production, "work-delay-ms", 0, NULL);
  merged = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  g_assert_cmpuint (sbt_count_changed (production_before, merged), >, 0);
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "window-migrations-imported.png");

  /* The Compare page read both sides again: fewer differences now. */
  g_assert_true (utu_spin_until (compare_done, compared, 60000));
  fewer = ferry_compare_view_get_count (utu_compare_view (), FERRY_COMPARE_COUNT_ONLY_IN_SOURCE) <
          counts_before[FERRY_COMPARE_COUNT_ONLY_IN_SOURCE];
  g_assert_true (fewer);
  compared = ferry_compare_view_get_compare_result (utu_compare_view ());

  /* Undo, from the row's details. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.show-migrations", "s", merge_id));
  g_assert_true (ferry_migrations_view_get_selected (migrations_view ()) ==
                 ferry_migration_list_lookup (ferry_migrations_view_get_migrations (migrations_view ()), merge_id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (migrations_view ()), "migration.undo", NULL));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Undo “Tutorial to Production” in Production?");
  adw_message_dialog_response (dialog, "undo");
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));

  wait_cell (merge_id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone", 120000);
  undone = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  sbt_assert_same_objects (production_before, undone);
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "window-migrations-undone.png");

  /* And the Compare page shows Production as it was before. */
  g_assert_true (utu_spin_until (compare_done, compared, 60000));
  for (guint i = 0; i < FERRY_COMPARE_N_COUNTS; i++)
    g_assert_cmpuint (ferry_compare_view_get_count (utu_compare_view (), i), ==, counts_before[i]);
  show_page ("compare");
}

/* A merge under way; the window (and its editor) destroyed, a new window
 * opened: the new Migrations page shows the migration and watches it to
 * the end. */
static void
test_window_reopened (void)
{
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *id = NULL;
  FerryWindow *window;

  g_object_set (production, "work-delay-ms", 15, NULL);
  job = run_merge ("Across windows");
  id = g_strdup (ferry_job_get_migration_id (job));
  g_assert_true (utu_spin_until (progress_shown, id, 60000));

  gtk_window_destroy (GTK_WINDOW (utu_main_window ()));
  g_assert_true (utu_spin_until (no_editor, NULL, 5000));
  g_assert_null (utu_main_window ());
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);

  g_application_activate (G_APPLICATION (app));
  window = utu_main_window ();
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_TARGET), 60000));
  show_page ("migrations");

  g_assert_true (utu_spin_until (view_watches, id, 30000));
  g_assert_true (utu_spin_until (badge_shown, NULL, 10000));
  g_assert_true (utu_spin_until (progress_shown, id, 60000));
  utu_screenshot (GTK_WIDGET (window), "window-migrations-reopened.png");
  wait_cell (id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Imported", 180000);
  g_assert_true (utu_spin_until (badge_gone, NULL, 10000));
  g_object_set (production, "work-delay-ms", 0, NULL);

  /* The undone merge of the test before is listed too. */
  if (merge_id != NULL)
    wait_cell (merge_id, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, "Undone", 30000);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* A FerryApplication, as in the app: its demo, its windows. */
  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  /* The end of a run is notified when no window has the focus. */
  utu_notification_server_start_standby ();
  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1280, 760);

  /* In this order: they share the window and the demo. */
  g_test_add_func ("/window-migrations/demo", test_demo);
  g_test_add_func ("/window-migrations/selection", test_selection);
  g_test_add_func ("/window-migrations/merge-undo", test_merge_undo);
  g_test_add_func ("/window-migrations/window-reopened", test_window_reopened);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  g_clear_pointer (&production_before, json_node_unref);
  g_clear_pointer (&merge_id, g_free);

  return status;
}
