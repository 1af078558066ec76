/* test-package-reuse.c: Edit Package… and Send to Another Environment…
 * from the Migrations page, in demo mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo as `ferry --demo` does. A project merge created on
 * Development (over the API, as another client would, nothing requested)
 * shows Edit Package… and Send to Another Environment… in its details;
 * Edit Package… opens the migration editor in edit mode on that migration
 * (its name, "Update Package"); Send to Another Environment… opens the
 * chooser, Production's second project is chosen, Send → a new migration
 * of the same package appears in the list and ends imported, and
 * Production's record says so, into the second project.
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): package-reuse-details.png
 * (1100 px), package-reuse-details-narrow.png (400 px),
 * package-reuse-editor.png, package-reuse-dialog.png,
 * package-reuse-imported.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-migration-details.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-reuse-dialog.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID UTU_TUTORIAL_ID

static GtkApplication *app;
static FerrySandbox *development;
static FerrySandbox *production;
static GPtrArray *toasts;
static char *merge_id;

/* --- helpers ------------------------------------------------------------ */

static FerryMigrationsView *
migrations_view (void)
{
  return ferry_window_get_migrations_view (utu_main_window ());
}

static FerryMigrationDetails *
details (void)
{
  return FERRY_MIGRATION_DETAILS (utu_child (migrations_view (), FERRY_TYPE_MIGRATIONS_VIEW, "details"));
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

static void
toast_cb (FerryMigrationsView *view,
          const char          *message,
          gpointer             data)
{
  g_test_message ("toast: %s", message);
  g_ptr_array_add (toasts, g_strdup (message));
}

static FerryMigration *
lookup (const char *id)
{
  FerryMigrationList *all = ferry_migrations_view_get_migrations (migrations_view ());

  return all != NULL ? ferry_migration_list_lookup (all, id) : NULL;
}

/* Listed by the page (read again while it is not: a listing under way
 * when it was created may have missed it). */
static gboolean
listed (gpointer id)
{
  if (lookup (id) != NULL)
    return TRUE;
  if (!ferry_migrations_view_get_loading (migrations_view ()))
    ferry_migrations_view_refresh (migrations_view ());
  return FALSE;
}

/* A project merge of the Tutorial from Development to Production named
 * NAME, created over the API; listed by the page. */
static char *
create_package (const char *name)
{
  g_autoptr(SbtClient) dev_api = sbt_client_new_admin (development);
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"updateSchema\": [\"recal_table_logical_size\"],"
                                                 " \"aclOnReplacingObjects\": \"use_existing\","
                                                 " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
                                                 " \"validateDependencies\": true, \"defaultAction\": \"use_newer\"}");
  g_autoptr(JsonNode) body = sbt_migration_body (ferry_sandbox_get_base_url (development),
                                                 ferry_sandbox_get_base_url (production),
                                                 "project_merge", "project", TUTORIAL_ID, settings, NULL);
  g_autoptr(JsonNode) record = NULL;
  char *id;

  json_object_set_string_member (json_object_get_object_member (json_node_get_object (body), "packageInfo"),
                                 "name", name);
  id = sbt_migration_create (dev_api, TUTORIAL_ID, body, &record);
  g_assert_cmpstr (sbt_json_get_string (record, "packageInfo.status"), ==, "created");
  g_assert_true (utu_spin_until (listed, id, 30000));
  return id;
}

static void
show_migration (const char *id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.show-migrations", "s", id));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (ferry_migration_details_get_migration (details ()) == lookup (id));
}

static gboolean
button_ready (gpointer action)
{
  GtkWidget *button = ferry_migration_details_get_action_button (details (), action);

  return gtk_widget_get_visible (button) && gtk_widget_is_sensitive (button);
}

static void
press (const char *action)
{
  if (!utu_spin_until (button_ready, (gpointer) action, 20000))
    {
      GtkWidget *button = ferry_migration_details_get_action_button (details (), action);

      g_error ("%s is not ready: visible %d, tooltip “%s”", action, gtk_widget_get_visible (button),
               gtk_widget_get_tooltip_text (button));
    }
  gtk_widget_activate (ferry_migration_details_get_action_button (details (), action));
}

/* The visible toplevel of TYPE, or NULL. */
static GtkWindow *
find_window (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;   /* the toplevel list keeps it */
    }
  return NULL;
}

static gboolean
window_open (gpointer type)
{
  return find_window (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
window_closed (gpointer type)
{
  return find_window (GPOINTER_TO_SIZE (type)) == NULL;
}

static gboolean
can_send (gpointer dialog)
{
  return ferry_reuse_dialog_get_can_send (dialog);
}

/* --- tests ---------------------------------------------------------------- */

static void
test_demo (void)
{
  GListModel *servers;
  g_autoptr(FerrySandbox) first = NULL;
  g_autoptr(FerrySandbox) second = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_SOURCE), 60000));
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_TARGET), 60000));
  servers = ferry_demo_get_servers (ferry_application_get_demo (FERRY_APPLICATION (app)));
  first = g_list_model_get_item (servers, 0);
  second = g_list_model_get_item (servers, 1);
  development = first;
  production = second;
  g_assert_cmpstr (ferry_sandbox_get_name (production), ==, "Production");
  g_signal_connect (migrations_view (), "toast", G_CALLBACK (toast_cb), NULL);
  /* The Migrations page laid out once before a row opens its details:
   * AdwFlap revealed in the page's first allocation is asked to give its
   * content G_MININT (a GTK warning; seen only then). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.show-page", "s", "migrations"));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (migrations_view ()), 5000));
}

/* The new buttons in the details of a created package, at 1100 px and
 * narrow. */
static void
test_buttons (void)
{
  GtkWidget *edit;
  GtkWidget *reuse;

  merge_id = create_package ("Quarterly merge");
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1100, 720);
  show_migration (merge_id);
  g_assert_true (utu_spin_until (button_ready, (gpointer) FERRY_MIGRATION_ACTION_EDIT_PACKAGE, 20000));
  g_assert_true (utu_spin_until (button_ready, (gpointer) FERRY_MIGRATION_ACTION_REUSE_PACKAGE, 20000));
  edit = ferry_migration_details_get_action_button (details (), FERRY_MIGRATION_ACTION_EDIT_PACKAGE);
  reuse = ferry_migration_details_get_action_button (details (), FERRY_MIGRATION_ACTION_REUSE_PACKAGE);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (edit), ==, "Change this package's name, objects and settings on its source");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (reuse), ==,
                   "Import this package into another environment or project, as a new migration");
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (utu_main_window ()), 5000));
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-reuse-details.png");
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 400, 720);
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (utu_main_window ()), 5000));
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-reuse-details-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1100, 720);
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (utu_main_window ()), 5000));
}

static gboolean
editor_named (gpointer editor)
{
  return g_strcmp0 (ferry_migration_editor_get_name (editor), "Quarterly merge") == 0;
}

/* Edit Package… opens the editor in edit mode on this migration. */
static void
test_edit (void)
{
  FerryMigrationEditor *editor;

  show_migration (merge_id);
  press (FERRY_MIGRATION_ACTION_EDIT_PACKAGE);
  g_assert_true (utu_spin_until (window_open, GSIZE_TO_POINTER (FERRY_TYPE_MIGRATION_EDITOR), 10000));
  editor = FERRY_MIGRATION_EDITOR (find_window (FERRY_TYPE_MIGRATION_EDITOR));
  g_assert_cmpstr (ferry_migration_editor_get_edit_migration_id (editor), ==, merge_id);
  /* The editor reads the record (showContent=all), then names it. */
  if (!utu_spin_until (editor_named, editor, 20000))
    g_error ("the editor is named “%s”", ferry_migration_editor_get_name (editor));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (utu_main_window ()));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (editor), 5000));
  utu_screenshot (GTK_WIDGET (editor), "package-reuse-editor.png");
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (window_closed, GSIZE_TO_POINTER (FERRY_TYPE_MIGRATION_EDITOR), 5000));
}

typedef struct
{
  const char *package_id;
  char       *found;      /* the new migration's id */
} Reused;

/* The page lists another migration of the same package, imported. */
static gboolean
reused_imported (gpointer data)
{
  Reused *r = data;
  GListModel *all = G_LIST_MODEL (ferry_migrations_view_get_migrations (migrations_view ()));

  for (guint i = 0; all != NULL && i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (all, i);

      if (g_strcmp0 (ferry_migration_get_package_id (m), r->package_id) == 0 &&
          g_strcmp0 (ferry_migration_get_id (m), merge_id) != 0)
        {
          g_free (r->found);
          r->found = g_strdup (ferry_migration_get_id (m));
          return ferry_library_status_is (ferry_migration_get_import_status (m), "imported");
        }
    }
  if (!ferry_migrations_view_get_loading (migrations_view ()))
    ferry_migrations_view_refresh (migrations_view ());
  return FALSE;
}

/* Send to Another Environment…: Production's second project → a new
 * migration of the same package, imported there. */
static void
test_reuse (void)
{
  FerryReuseDialog *dialog;
  g_autoptr(SbtClient) prod_api = sbt_client_new_admin (production);
  g_autoptr(SbtResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *package_id = g_strdup (ferry_migration_get_package_id (lookup (merge_id)));
  Reused r = { package_id, NULL };

  g_assert_nonnull (package_id);
  show_migration (merge_id);
  press (FERRY_MIGRATION_ACTION_REUSE_PACKAGE);
  g_assert_true (utu_spin_until (window_open, GSIZE_TO_POINTER (FERRY_TYPE_REUSE_DIALOG), 10000));
  dialog = FERRY_REUSE_DIALOG (find_window (FERRY_TYPE_REUSE_DIALOG));
  g_assert_true (ferry_reuse_dialog_get_migration (dialog) == lookup (merge_id));
  g_assert_true (ferry_reuse_dialog_select (dialog, "Production", SBT_SECOND_PROJECT_ID));
  g_assert_true (utu_spin_until (can_send, dialog, 20000));
  g_test_message ("summary: %s", ferry_reuse_dialog_get_summary (dialog));
  /* The demo signs in as an administrator: it may apply, the import runs. */
  g_assert_false (ferry_reuse_dialog_get_request_only (dialog));
  g_assert_true (g_str_has_prefix (ferry_reuse_dialog_get_summary (dialog), "“Quarterly merge” becomes a new migration into the project"));
  g_assert_nonnull (strstr (ferry_reuse_dialog_get_summary (dialog), "imported at once"));
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (dialog), 5000));
  utu_screenshot (GTK_WIDGET (dialog), "package-reuse-dialog.png");
  gtk_widget_activate (ferry_reuse_dialog_get_send_button (dialog));
  g_assert_true (utu_spin_until (window_closed, GSIZE_TO_POINTER (FERRY_TYPE_REUSE_DIALOG), 5000));

  g_assert_true (utu_spin_until (reused_imported, &r, 90000));
  g_assert_cmpstr (r.found, !=, merge_id);

  /* What Production holds: the new migration, imported into the second
   * project. */
  path = g_strdup_printf ("/api/migrations/%s", r.found);
  response = sbt_request (prod_api, "GET", path, NULL, NULL);
  g_assert_cmpint (response->status, ==, 200);
  g_assert_cmpstr (sbt_json_get_string (response->json, "importInfo.status"), ==, "imported");
  g_assert_cmpstr (sbt_json_get_string (response->json, "importInfo.project.id"), ==, SBT_SECOND_PROJECT_ID);
  g_assert_cmpstr (sbt_json_get_string (response->json, "packageInfo.id"), ==, package_id);

  show_migration (r.found);
  g_assert_true (utu_wait_for_paint (GTK_WIDGET (utu_main_window ()), 5000));
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-reuse-imported.png");
  g_free (r.found);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  /* The end of an import is notified when no window has the focus. */
  utu_notification_server_start_standby ();
  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1100, 720);
  toasts = g_ptr_array_new_with_free_func (g_free);

  /* In this order: they share the window and the demo. */
  g_test_add_func ("/package-reuse/demo", test_demo);
  g_test_add_func ("/package-reuse/buttons", test_buttons);
  g_test_add_func ("/package-reuse/edit", test_edit);
  g_test_add_func ("/package-reuse/reuse", test_reuse);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  g_clear_pointer (&merge_id, g_free);
  g_clear_pointer (&toasts, g_ptr_array_unref);
  return status;
}
