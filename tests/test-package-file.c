/* test-package-file.c: package files, validation and certification in the
 * window, in demo mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the demo as `ferry --demo` does. A package created on Development
 * (over the API, as another client would) is downloaded through the
 * Migrations page (ferry_migrations_view_download_package(), what Download
 * Package… does after its file chooser), then dropped onto the window as
 * GTK delivers a drop (a GdkFileList on the window's GtkDropTarget): the
 * dialog, Production and the Tutorial project, Import → the objects of
 * Production changed; Undo (the window's toast action, confirmed) → every
 * object of Production exactly as before. A .txt drop is refused; `ferry
 * FILE.mmp` (g_application_open) opens the dialog with the file. Validate
 * on a created package → "Validated"; the certification requested, then
 * certified → the badge says Certified.
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): package-file-drop.png,
 * package-file-dialog.png, package-file-imported.png,
 * package-file-undone.png, package-file-validated.png,
 * package-file-certified.png, package-file-narrow.png.
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-import-file-dialog.h"
#include "ferry-migration-details.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID UTU_TUTORIAL_ID

static GtkApplication *app;
static FerrySandbox *development;
static FerrySandbox *production;
static char *dir;
static char *package_path;
static GPtrArray *toasts;

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

static gboolean
toast_starts (gpointer prefix)
{
  for (guint i = 0; i < toasts->len; i++)
    if (g_str_has_prefix (toasts->pdata[i], prefix))
      return TRUE;
  return FALSE;
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

static FerryImportFileDialog *
find_import_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (FERRY_IS_IMPORT_FILE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return FERRY_IMPORT_FILE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_import_dialog () != NULL;
}

static gboolean
dialog_closed (gpointer data)
{
  return find_import_dialog () == NULL;
}

static gboolean
can_import (gpointer dialog)
{
  return ferry_import_file_dialog_get_can_import (dialog);
}

/* Drops FILE onto the window as GTK does: a GdkFileList on its target. */
static gboolean
drop_file (GFile *file)
{
  GtkDropTarget *target = ferry_window_get_drop_target (utu_main_window ());
  g_auto(GValue) value = G_VALUE_INIT;
  GSList *list = g_slist_prepend (NULL, file);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_slist_free (list);
  g_signal_emit_by_name (target, "drop", &value, 200.0, 200.0, &accepted);
  return accepted;
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

static gboolean
file_saved (gpointer data)
{
  g_autofree char *name = g_path_get_basename (package_path);
  g_autofree char *saved = g_strdup_printf ("Saved “%s”", name);

  return toast_starts (saved) || toast_starts ("Could not");
}

static gboolean
imported_from_file (gpointer data)
{
  char **id = data;
  FerryMigrationList *all = ferry_migrations_view_get_migrations (migrations_view ());
  guint n = g_list_model_get_n_items (G_LIST_MODEL (all));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (G_LIST_MODEL (all), i);

      if (g_strcmp0 (ferry_migration_get_purpose (m), "migration_from_shared_file_store") == 0 &&
          g_strcmp0 (ferry_migration_get_import_status (m), "imported") == 0)
        {
          g_free (*id);
          *id = g_strdup (ferry_migration_get_id (m));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
undone (gpointer id)
{
  FerryMigration *m = lookup (id);

  return m != NULL && g_strcmp0 (ferry_migration_get_import_status (m), "undo_success") == 0;
}

static void
test_download_drop_import_undo (void)
{
  g_autofree char *id = create_package ("Tutorial for the air gap");
  g_autoptr(GFile) file = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *imported_id = NULL;
  FerryImportFileDialog *dialog;
  GtkDropTarget *target;
  GdkDragAction action = 0;
  AdwMessageDialog *question;

  /* Download Package… names the file after the migration. */
  show_migration (id);
  g_assert_true (button_ready ((gpointer) FERRY_MIGRATION_ACTION_DOWNLOAD_PACKAGE));
  g_assert_false (gtk_widget_get_visible (ferry_migration_details_get_action_button (details (),
                                                                                    FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE)));
  package_path = g_build_filename (dir, "Tutorial for the air gap.mmp", NULL);
  file = g_file_new_for_path (package_path);
  g_assert_true (ferry_migrations_view_download_package (migrations_view (), id, FALSE, file));
  g_assert_true (utu_spin_until (file_saved, NULL, 30000));
  g_assert_true (toast_starts ("Saved “Tutorial for the air gap.mmp”"));
  g_assert_true (g_file_test (package_path, G_FILE_TEST_IS_REGULAR));

  /* Dragged over the window: highlighted. */
  target = ferry_window_get_drop_target (utu_main_window ());
  g_signal_emit_by_name (target, "enter", 300.0, 300.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-drop.png");
  g_signal_emit_by_name (target, "leave");

  /* Dropped: the dialog, Production and the Tutorial. */
  g_assert_true (drop_file (file));
  g_assert_true (utu_spin_until (dialog_open, NULL, 5000));
  dialog = find_import_dialog ();
  g_assert_true (g_file_equal (ferry_import_file_dialog_get_file (dialog), file));
  g_assert_true (ferry_import_file_dialog_select (dialog, "Production", TUTORIAL_ID));
  g_assert_true (utu_spin_until (can_import, dialog, 20000));
  g_assert_nonnull (strstr (ferry_import_file_dialog_get_summary (dialog), "“MicroStrategy Tutorial” of Production"));
  utu_screenshot (GTK_WIDGET (dialog), "package-file-dialog.png");

  before = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  gtk_widget_activate (ferry_import_file_dialog_get_import_button (dialog));
  g_assert_true (utu_spin_until (dialog_closed, NULL, 5000));
  g_assert_true (utu_spin_until (imported_from_file, &imported_id, 60000));
  imported = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  g_assert_false (json_node_equal (before, imported));
  show_migration (imported_id);
  g_assert_true (utu_spin_until (button_ready, (gpointer) FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE, 20000));
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-imported.png");

  /* Undo, as the import's toast offers it (confirmed): Production exactly
   * as before. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.undo-migration", "s", imported_id));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  question = utu_find_dialog ();
  adw_message_dialog_response (question, "undo");
  g_assert_true (utu_spin_until (undone, imported_id, 60000));
  after = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  sbt_assert_json_equal (before, after);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-undone.png");
}

static void
test_refused (void)
{
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "not a package", -1, NULL));
  g_assert_false (drop_file (file));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (find_import_dialog ());
}

static void
test_open (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (package_path);
  GFile *files[] = { file };
  FerryImportFileDialog *dialog;

  g_application_open (G_APPLICATION (app), files, 1, "");
  g_assert_true (utu_spin_until (dialog_open, NULL, 5000));
  dialog = find_import_dialog ();
  g_assert_true (g_file_equal (ferry_import_file_dialog_get_file (dialog), file));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (utu_main_window ()));
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (dialog_closed, NULL, 5000));
}

static gboolean
validation_is (gpointer data)
{
  const char **wanted = data;
  FerryMigration *m = lookup (wanted[0]);

  return m != NULL && g_strcmp0 (ferry_migration_get_validation_status (m), wanted[1]) == 0;
}

static gboolean
certification_is (gpointer data)
{
  const char **wanted = data;
  FerryMigration *m = lookup (wanted[0]);

  return m != NULL && g_strcmp0 (ferry_migration_get_certification_status (m), wanted[1]) == 0;
}

static gboolean
label_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (gtk_label_get_text (pair[0]), pair[1]) == 0;
}

static void
test_validate_certify (void)
{
  g_autofree char *id = create_package ("Tutorial to validate");
  const char *validated[] = { id, "validated" };
  const char *requested[] = { id, "requested" };
  const char *certified[] = { id, "certified" };
  GtkLabel *badge;

  show_migration (id);
  press (FERRY_MIGRATION_ACTION_VALIDATE);
  g_assert_true (utu_spin_until (validation_is, validated, 60000));
  g_assert_true (utu_spin_until (toast_starts, "“Tutorial to validate” passed validation on Production", 20000));
  /* Nothing was imported: the package is still created. */
  g_assert_cmpstr (ferry_migration_get_package_status (lookup (id)), ==, "created");
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-validated.png");

  g_assert_false (gtk_widget_get_visible (ferry_migration_details_get_action_button (details (),
                                                                                    FERRY_MIGRATION_ACTION_CERTIFY)));
  press (FERRY_MIGRATION_ACTION_REQUEST_CERTIFICATION);
  g_assert_true (utu_spin_until (certification_is, requested, 20000));
  press (FERRY_MIGRATION_ACTION_CERTIFY);
  g_assert_true (utu_spin_until (certification_is, certified, 20000));
  badge = GTK_LABEL (utu_child (details (), FERRY_TYPE_MIGRATION_DETAILS, "certification_label"));
  g_assert_true (utu_spin_until (utu_is_mapped, badge, 5000));
  g_assert_true (utu_spin_until (label_is, (gpointer[]) { badge, (gpointer) "Certified" }, 5000));
  g_assert_true (utu_spin_until (button_ready, (gpointer) FERRY_MIGRATION_ACTION_DECERTIFY, 5000));
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-certified.png");

  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 400, 720);
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (utu_main_window ()), "package-file-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1280, 760);
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
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1280, 760);
  dir = g_dir_make_tmp ("ferry-package-file-XXXXXX", NULL);
  g_assert_nonnull (dir);
  toasts = g_ptr_array_new_with_free_func (g_free);

  /* In this order: they share the window and the demo. */
  g_test_add_func ("/package-file/demo", test_demo);
  g_test_add_func ("/package-file/download-drop-import-undo", test_download_drop_import_undo);
  g_test_add_func ("/package-file/refused", test_refused);
  g_test_add_func ("/package-file/open", test_open);
  g_test_add_func ("/package-file/validate-certify", test_validate_certify);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  sbt_rm_rf (dir);
  g_clear_pointer (&dir, g_free);
  g_clear_pointer (&package_path, g_free);
  g_clear_pointer (&toasts, g_ptr_array_unref);
  return status;
}
