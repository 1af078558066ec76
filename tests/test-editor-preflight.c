/* test-editor-preflight.c: the pre-flight checklist in the migration editor,
 * Run gated by it, and request-only for an architect, in demo mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo as `ferry --demo` does. An administrator's migration
 * (Development → Production): every check passes, the checklist is one
 * row, Run is enabled. The same to a second environment entry for
 * Production signed in as `analyst` (no privileges): Run is insensitive,
 * the reason shows next to it and as its tooltip, the failed check names
 * the next action, and pressing Run sends nothing that creates or changes
 * anything to either server (the sandboxes' request counters); also dark
 * and 400 px wide. To a third entry as `architect` (may request, not
 * approve): the button says Request Import, the live page ends "Import
 * Requested" without Undo; an administrator in a second window finds the
 * migration on the Migrations page, approves and imports it.
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): editor-preflight-passed.png,
 * editor-preflight-passed-expanded.png, editor-preflight-failed.png,
 * editor-preflight-failed-dark.png, editor-preflight-failed-narrow.png,
 * editor-preflight-request.png, editor-preflight-requested.png,
 * editor-preflight-admin-approve.png, editor-preflight-admin-imported.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-migration-details.h"
#include "ferry-migration-editor.h"
#include "ferry-migration-preview-page.h"
#include "ferry-migrations-view.h"
#include "ferry-preflight-view.h"
#include "ferry-sandbox-routes.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ui-test-util.h"

#define E FERRY_TYPE_MIGRATION_EDITOR

/* From utu_application_init(), which owns it. */
static GtkApplication *app;
/* The demo's servers (owned by the demo) and its environments (the list's). */
static FerrySandbox *development;
static FerrySandbox *production;
static FerryEnvironment *dev_env;
static FerryEnvironment *prod_env;

/* --- helpers ------------------------------------------------------------ */

/* Every POST, PUT, PATCH and DELETE SANDBOX has answered. */
static guint
count_writes (FerrySandbox *sandbox)
{
  static const char *const methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  guint n = 0;

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      n += ferry_sandbox_get_request_count (sandbox, methods[m], "unknown");
      for (guint i = 0; i < sb_n_routes; i++)
        {
          const char *route = sb_routes[i].name != NULL ? sb_routes[i].name : sb_routes[i].pattern;

          /* What creates or changes content: migrations, packages, shared
           * files. A login or a dependency search (POST, but it changes
           * nothing) may come at any time from the preview. */
          if (!g_str_has_prefix (route, "/api/migrations") && !g_str_has_prefix (route, "/api/packages") &&
              !g_str_has_prefix (route, "/api/mstrServices"))
            continue;
          if (g_hash_table_contains (seen, route))
            continue;
          g_hash_table_add (seen, (gpointer) route);
          n += ferry_sandbox_get_request_count (sandbox, methods[m], route);
        }
    }
  return n;
}

static gboolean
env_connected (gpointer data)
{
  return ferry_environment_get_state (data) == FERRY_CONNECTION_STATE_CONNECTED;
}

static gboolean
demo_ready (gpointer data)
{
  FerryEnvironmentList *list = ferry_application_get_environments (FERRY_APPLICATION (app));
  FerryEnvironment *dev = ferry_environment_list_lookup (list, "Development");
  FerryEnvironment *prod = ferry_environment_list_lookup (list, "Production");

  return dev != NULL && prod != NULL && env_connected (dev) && env_connected (prod);
}

/* A second entry in the environment list for Production, signed in as
 * USERNAME (the list holds it). */
static FerryEnvironment *
add_production_entry (const char *name,
                      const char *username,
                      const char *password)
{
  FerryEnvironmentList *list = ferry_application_get_environments (FERRY_APPLICATION (app));
  g_autoptr(FerryEnvironment) environment = NULL;
  g_autoptr(GError) error = NULL;

  environment = ferry_environment_new (name, ferry_sandbox_get_base_url (production),
                                       FERRY_LOGIN_MODE_STANDARD, username, FALSE);
  g_assert_true (ferry_environment_list_add (list, environment, &error));
  g_assert_no_error (error);
  ferry_environment_connect_async (environment, password, NULL, NULL, NULL);
  g_assert_true (utu_spin_until (env_connected, environment, 30000));
  return environment;   /* the list's */
}

static FerryMigrationEditor *
open_editor (FerryEnvironment *target,
             const char       *name)
{
  static const char *const objects[] = { UTU_YEAR_ID, NULL };
  FerryWindow *window = utu_main_window ();
  FerryMigrationEditor *editor;

  editor = ferry_migration_editor_new (GTK_WINDOW (window), dev_env, UTU_TUTORIAL_ID, "MicroStrategy Tutorial",
                                       target, UTU_TUTORIAL_ID, "MicroStrategy Tutorial", objects);
  ferry_migration_editor_set_environments (editor,
                                           G_LIST_MODEL (ferry_application_get_environments (FERRY_APPLICATION (app))));
  ferry_migration_editor_set_monitor (editor, ferry_application_get_migration_monitor (FERRY_APPLICATION (app)));
  ferry_migration_editor_set_name (editor, name);
  utu_present (GTK_WINDOW (editor));
  return editor;
}

static FerryPreflightView *
preflight_view (FerryMigrationEditor *editor)
{
  FerryMigrationPreviewPage *page = FERRY_MIGRATION_PREVIEW_PAGE (utu_child (editor, E, "preview_page"));

  return ferry_migration_preview_page_get_preflight_view (page);
}

static FerryPreflight *
preflight_of (FerryMigrationEditor *editor)
{
  return ferry_preflight_view_get_preflight (preflight_view (editor));
}

static GtkWidget *
run_button (FerryMigrationEditor *editor)
{
  return GTK_WIDGET (utu_child (editor, E, "run_button"));
}

/* The reason shown next to Run, or NULL. */
static const char *
blocked_label (FerryMigrationEditor *editor)
{
  GtkWidget *box = GTK_WIDGET (utu_child (editor, E, "blocked_box"));

  if (!gtk_widget_get_visible (box))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (utu_child (editor, E, "blocked_label")));
}

/* The checks ran and the preview is there. */
static gboolean
ready (gpointer data)
{
  FerryMigrationEditor *editor = data;
  FerryPreviewView *view = ferry_migration_editor_get_preview_view (editor);
  FerryPreflight *preflight = preflight_of (editor);

  FerryMigrationPreviewPage *page = FERRY_MIGRATION_PREVIEW_PAGE (utu_child (editor, E, "preview_page"));
  g_autofree char *preview_reason = ferry_migration_preview_page_dup_blocked_reason (page);

  /* (The preview reads the servers again a moment after an edit.) */
  return preflight != NULL && !ferry_preflight_get_running (preflight) &&
         !ferry_migration_draft_get_resolving (ferry_migration_editor_get_draft (editor)) &&
         g_strcmp0 (ferry_preview_view_get_state (view), "table") == 0 &&
         ferry_preview_view_get_result (view) != NULL && !ferry_migration_preview_page_get_running (page) &&
         g_strcmp0 (preview_reason, "The preview is not ready yet") != 0;
}

static gboolean
not_blocked (gpointer data)
{
  return ferry_migration_editor_get_blocked_reason (data) == NULL;
}

static void
go_to_preview (FerryMigrationEditor *editor)
{
  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  /* Year's dependencies are read first. */
  g_assert_true (utu_spin_until (not_blocked, editor, 30000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next", NULL));
  g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  /* The checks start with the page. */
  g_assert_nonnull (preflight_of (editor));
  g_assert_true (utu_spin_until (ready, editor, 60000));
  utu_wait_ms (200);
  g_assert_true (utu_spin_until (ready, editor, 60000));
}

/* The state labels of the checklist's rows, joined with ", ". */
static char *
state_labels (FerryMigrationEditor *editor)
{
  FerryPreflightView *view = preflight_view (editor);
  g_autoptr(GString) labels = g_string_new (NULL);
  const char *label;

  for (guint i = 0; (label = ferry_preflight_view_get_state_label (view, i)) != NULL; i++)
    g_string_append_printf (labels, "%s%s", i > 0 ? ", " : "", label);
  return g_strdup (labels->str);
}

static gboolean
editor_gone (gpointer data)
{
  return utu_find_toplevel (E) == NULL;
}

static void
close_editor (FerryMigrationEditor *editor)
{
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (editor_gone, NULL, 5000));
}

/* --- tests ------------------------------------------------------------- */

static void
test_demo (void)
{
  GListModel *servers;
  FerryEnvironmentList *list = ferry_application_get_environments (FERRY_APPLICATION (app));

  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (demo_ready, NULL, 60000));
  servers = ferry_demo_get_servers (ferry_application_get_demo (FERRY_APPLICATION (app)));
  development = g_list_model_get_item (servers, 0);
  production = g_list_model_get_item (servers, 1);
  g_object_unref (development);   /* the demo keeps them */
  g_object_unref (production);
  g_assert_cmpstr (ferry_sandbox_get_name (production), ==, "Production");
  dev_env = ferry_environment_list_lookup (list, "Development");
  prod_env = ferry_environment_list_lookup (list, "Production");
}

/* The administrator: every check passes; one row; Run enabled. */
static void
test_all_pass (void)
{
  FerryMigrationEditor *editor = open_editor (prod_env, "Year, checked");
  FerryPreflightView *view;
  g_autofree char *labels = NULL;

  go_to_preview (editor);
  view = preflight_view (editor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_true (ferry_preflight_view_get_compact (view));
  g_assert_null (ferry_preflight_get_blocked_reason (preflight_of (editor)));
  g_assert_true (ferry_preflight_get_can_apply (preflight_of (editor)));
  labels = state_labels (editor);
  g_assert_null (strstr (labels, "Failed"));
  g_assert_null (strstr (labels, "Checking"));
  g_assert_cmpstr (ferry_migration_editor_get_blocked_reason (editor), ==, NULL);
  g_assert_null (blocked_label (editor));
  g_assert_true (gtk_widget_is_sensitive (run_button (editor)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (run_button (editor))), ==, "_Run");
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-passed.png");

  /* The row opens on the checks. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (ferry_preflight_view_get_row (view, 0), ADW_TYPE_EXPANDER_ROW)), TRUE);
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-passed-expanded.png");
  close_editor (editor);
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
width_is (gpointer data)
{
  WidthWait *wait = data;

  return gtk_widget_get_width (wait->widget) == wait->width;
}

/* Analyst on the target: Run insensitive, the reason shown, the next
 * action; pressing Run creates nothing anywhere. */
static void
test_failing (void)
{
  FerryEnvironment *analyst = add_production_entry ("Production (Analyst)", "analyst", "analyst");
  FerryMigrationEditor *editor = open_editor (analyst, "Year, not allowed");
  FerryPreflight *preflight;
  FerryPreflightView *view;
  const char *reason;
  guint dev_writes, prod_writes;
  gboolean next_shown = FALSE;
  g_autofree char *labels = NULL;

  go_to_preview (editor);
  preflight = preflight_of (editor);
  view = preflight_view (editor);
  reason = ferry_preflight_get_blocked_reason (preflight);
  g_assert_nonnull (reason);
  g_assert_false (ferry_preflight_get_can_apply (preflight));
  g_assert_false (ferry_preflight_get_can_request (preflight));
  g_assert_false (ferry_preflight_view_get_compact (view));
  labels = state_labels (editor);
  g_assert_nonnull (strstr (labels, "Failed"));

  /* The failed check says what to do next. */
  for (guint i = 0; ferry_preflight_view_get_row (view, i) != NULL; i++)
    if (g_strcmp0 (ferry_preflight_view_get_state_label (view, i), "Failed") == 0)
      {
        const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (ferry_preflight_view_get_row (view, i)));

        next_shown |= strstr (subtitle, "Next:") != NULL;
      }
  g_assert_true (next_shown);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (view, FERRY_TYPE_PREFLIGHT_VIEW, "check_again_button"))));

  /* Run: insensitive, and why, next to it and as its tooltip. */
  g_assert_false (gtk_widget_is_sensitive (run_button (editor)));
  g_assert_cmpstr (blocked_label (editor), ==, reason);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (run_button (editor)), ==, reason);
  g_assert_cmpstr (ferry_migration_editor_get_blocked_reason (editor), ==, reason);

  /* Pressed anyway (the action, the button, the API): nothing is created. */
  dev_writes = count_writes (development);
  prod_writes = count_writes (production);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL);
  gtk_widget_activate (run_button (editor));
  g_assert_null (ferry_migration_editor_run (editor));
  utu_wait_ms (500);
  g_assert_null (utu_find_dialog ());
  g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  g_assert_cmpuint (count_writes (development), ==, dev_writes);
  g_assert_cmpuint (count_writes (production), ==, prod_writes);
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-failed.png");

  /* Check Again: the checks run again, and fail again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.check-again", NULL));
  g_assert_true (ferry_preflight_get_running (preflight));
  g_assert_false (gtk_widget_is_sensitive (run_button (editor)));
  g_assert_true (utu_spin_until (ready, editor, 30000));
  g_assert_cmpstr (blocked_label (editor), ==, ferry_preflight_get_blocked_reason (preflight));
  g_assert_cmpuint (count_writes (development), ==, dev_writes);
  g_assert_cmpuint (count_writes (production), ==, prod_writes);

  /* Dark, and narrow. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-failed-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (editor), 400, 720);
  if (!utu_spin_until (width_is, &(WidthWait) { GTK_WIDGET (editor), 400 }, 5000))
    {
      int checklist, editor_min;

      /* The checklist itself narrows; the editor's other pages may not. */
      gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &checklist, NULL, NULL, NULL);
      gtk_widget_measure (GTK_WIDGET (editor), GTK_ORIENTATION_HORIZONTAL, -1, &editor_min, NULL, NULL, NULL);
      g_assert_cmpint (checklist, <=, 400);
      g_test_message ("the editor narrows to %d px, not 400 (its minimum: %d)", gtk_widget_get_width (GTK_WIDGET (editor)), editor_min);
    }
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-failed-narrow.png");
  close_editor (editor);
  /* (Its Migrations page entry would say the analyst may not list them.) */
  ferry_environment_list_remove (ferry_application_get_environments (FERRY_APPLICATION (app)), "Production (Analyst)");
}

static gboolean
live_state_is (gpointer data)
{
  gpointer *pair = data;

  return ferry_migration_live_page_get_state (ferry_migration_editor_get_live_page (pair[0])) ==
         (FerryLiveState) GPOINTER_TO_INT (pair[1]);
}

static char *
import_cell (FerryWindow *window,
             const char  *id)
{
  FerryMigrationsView *view = ferry_window_get_migrations_view (window);
  FerryMigration *m = ferry_migration_list_lookup (ferry_migrations_view_get_migrations (view), id);

  return m != NULL ? ferry_migrations_view_dup_cell_text (view, m, FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS) : NULL;
}

typedef struct
{
  FerryWindow *window;
  const char  *id;
  const char  *text;
} CellWait;

static gboolean
cell_is (gpointer data)
{
  CellWait *wait = data;
  g_autofree char *text = import_cell (wait->window, wait->id);

  return g_strcmp0 (text, wait->text) == 0;
}

static gboolean
selected_is (gpointer data)
{
  CellWait *wait = data;
  FerryMigration *m = ferry_migrations_view_get_selected (ferry_window_get_migrations_view (wait->window));

  return m != NULL && g_strcmp0 (ferry_migration_get_id (m), wait->id) == 0;
}

static gboolean
action_enabled (gpointer data)
{
  GtkWidget *button = data;

  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Answers the confirmation a button may ask, with its default. */
static void
confirm_if_asked (void)
{
  AdwMessageDialog *dialog;

  utu_wait_ms (300);
  dialog = utu_find_dialog ();
  if (dialog == NULL)
    return;
  adw_message_dialog_response (dialog, adw_message_dialog_get_default_response (dialog));
  if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
    gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The architect requests; an administrator, in another window, approves
 * and imports. */
static void
test_architect (void)
{
  FerryEnvironment *architect = add_production_entry ("Production (Architect)", "architect", "Arch1tect!");
  FerryMigrationEditor *editor = open_editor (architect, "Year, requested");
  FerryPreflight *preflight;
  FerryJob *job;
  g_autofree char *id = NULL;
  const char *description;
  FerryWindow *admin;
  FerryMigrationsView *view;
  GtkWidget *details, *approve, *import;
  g_autofree char *status = NULL;

  go_to_preview (editor);
  preflight = preflight_of (editor);
  g_assert_null (ferry_preflight_get_blocked_reason (preflight));
  g_assert_false (ferry_preflight_get_can_apply (preflight));
  g_assert_true (ferry_preflight_get_can_request (preflight));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (run_button (editor))), ==, "_Request Import");
  g_assert_true (gtk_widget_is_sensitive (run_button (editor)));
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-request.png");

  g_assert_true (gtk_widget_activate (run_button (editor)));
  confirm_if_asked ();
  job = ferry_migration_editor_get_job (editor);
  g_assert_nonnull (job);
  g_assert_true (ferry_migration_job_get_request_only (job));
  g_assert_true (utu_spin_until (live_state_is, (gpointer[]) { editor, GINT_TO_POINTER (FERRY_LIVE_STATE_REQUESTED) }, 120000));
  id = g_strdup (ferry_job_get_migration_id (job));
  g_assert_nonnull (id);
  g_assert_cmpstr (ferry_migration_live_page_get_title (ferry_migration_editor_get_live_page (editor)), ==, "Import Requested");
  description = ferry_migration_live_page_get_description (ferry_migration_editor_get_live_page (editor));
  g_assert_nonnull (strstr (description, "an administrator of Production (Architect) must approve it"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "undo_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "show_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "done_button"))));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (editor), "editor-preflight-requested.png");
  close_editor (editor);

  /* An administrator, in a second window of the application. */
  admin = ferry_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (admin), 1280, 760);
  utu_present (GTK_WINDOW (admin));
  view = ferry_window_get_migrations_view (admin);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (admin), "win.show-migrations", "s", id));
  g_assert_true (utu_spin_until (selected_is, &(CellWait) { admin, id, NULL }, 30000));
  status = import_cell (admin, id);
  g_test_message ("requested: %s", status);
  details = GTK_WIDGET (utu_child (view, FERRY_TYPE_MIGRATIONS_VIEW, "details"));
  approve = GTK_WIDGET (utu_child (details, FERRY_TYPE_MIGRATION_DETAILS, "approve_button"));
  import = GTK_WIDGET (utu_child (details, FERRY_TYPE_MIGRATION_DETAILS, "import_button"));
  g_assert_true (utu_spin_until (action_enabled, approve, 30000));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (admin), "editor-preflight-admin-approve.png");

  g_assert_true (gtk_widget_activate (approve));
  confirm_if_asked ();
  if (!g_str_equal (or_empty (ferry_migration_get_import_status (ferry_migrations_view_get_selected (view))), "imported"))
    {
      g_assert_true (utu_spin_until (action_enabled, import, 30000));
      g_assert_true (gtk_widget_activate (import));
      confirm_if_asked ();
    }
  g_assert_true (utu_spin_until (cell_is, &(CellWait) { admin, id, "Imported" }, 120000));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (admin), "editor-preflight-admin-imported.png");
  gtk_window_destroy (GTK_WINDOW (admin));
}

int
main (int   argc,
      char *argv[])
{
  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  utu_notification_server_start_standby ();
  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1280, 760);

  /* In this order: they share the demo. */
  g_test_add_func ("/editor-preflight/demo", test_demo);
  g_test_add_func ("/editor-preflight/all-pass", test_all_pass);
  g_test_add_func ("/editor-preflight/failing", test_failing);
  g_test_add_func ("/editor-preflight/architect", test_architect);

  {
    int status = g_test_run ();

    utu_application_teardown ();
    return status;
  }
}
