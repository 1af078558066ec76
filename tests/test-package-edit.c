/* test-package-edit.c: the migration editor in edit mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite ui). Two in-process sandboxes (Development →
 * Production), connected as migrator. A migration of Year is created
 * through core up to "created" (nothing requested); then:
 *
 *   - the editor opened for edit reads it: the name, the objects; source,
 *     target and kind are insensitive with a tooltip saying why; rename,
 *     remove Year and add a metric; the last step's button says "Update
 *     Package"; pressed, the live page ends "Package Updated" and the
 *     sandbox's record has the new name and content (still "created",
 *     nothing imported);
 *   - a migration whose import is requested: the editor says so on its
 *     first page before anything is edited, and Next stays off.
 *
 * Screenshots: screenshots/package-edit-editor.png (the first page of the
 * edit), package-edit-updated.png (the result), package-edit-refused.png.
 */

#include "config.h"

#include <string.h>

#include "ferry-migration-editor.h"
#include "ferry-migration-what-page.h"
#include "ui-test-util.h"

typedef struct
{
  UtuPair                pair;
  FerryEnvironment      *dev;
  FerryEnvironment      *prod;
  GListStore            *environments;
  FerryMigrationMonitor *monitor;
} Env;

static void
env_start (Env *e)
{
  memset (e, 0, sizeof *e);
  utu_pair_start (&e->pair);
  e->dev = utu_environment_connect (e->pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);
  e->prod = utu_environment_connect (e->pair.prod, "Production", UTU_MIGRATOR, UTU_PASSWORD);
  e->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_list_store_append (e->environments, e->dev);
  g_list_store_append (e->environments, e->prod);
  e->monitor = ferry_migration_monitor_new (G_LIST_MODEL (e->environments), NULL);
}

static void
env_stop (Env *e)
{
  g_clear_object (&e->monitor);
  g_clear_object (&e->environments);
  g_clear_object (&e->dev);
  g_clear_object (&e->prod);
  utu_pair_stop (&e->pair);
}

static FerryConnection *
dev_connection (Env *e)
{
  return ferry_environment_get_connection (e->dev);
}

static JsonObject *
read_record (Env        *e,
             const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  ferry_library_get_migration_async (dev_connection (e), id, FERRY_SHOW_CONTENT_ALL, NULL,
                                     utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 20000));
  record = ferry_library_finish_object (result, &error);
  g_assert_no_error (error);
  return record;
}

typedef struct
{
  Env        *env;
  const char *id;
} Created;

static gboolean
package_created (gpointer data)
{
  Created *c = data;
  g_autoptr(JsonObject) record = read_record (c->env, c->id);

  return ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created");
}

/* An object migration of Year, created on Development for Production. */
static char *
create_migration (Env        *e,
                  const char *name)
{
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(JsonNode) content = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryTocSettings) defaults = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autofree char *prod_id = ferry_connection_dup_environment_id (ferry_environment_get_connection (e->prod));
  FerryMigrationSpec spec = { 0 };
  Created c = { e, NULL };
  char *id;

  g_assert_true (json_parser_load_from_data (parser, "[{\"id\": \"" UTU_YEAR_ID "\", \"name\": \"Year\", \"type\": 12,"
                                                     " \"action\": \"replace\", \"includeDependents\": true}]", -1, NULL));
  content = json_node_copy (json_parser_get_root (parser));
  settings = ferry_toc_settings_to_json (defaults);
  spec.purpose = FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  spec.package_type = "project";
  spec.name = name;
  spec.source_environment_name = "Development";
  spec.source_project_id = UTU_TUTORIAL_ID;
  spec.source_project_name = "MicroStrategy Tutorial";
  spec.target_environment_id = prod_id;
  spec.target_environment_name = "Production";
  spec.target_project_id = UTU_TUTORIAL_ID;
  spec.target_project_name = "MicroStrategy Tutorial";
  spec.settings = settings;
  spec.content = content;
  ferry_library_create_migration_async (dev_connection (e), &spec, NULL, utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 20000));
  created = ferry_library_finish_object (result, &error);
  g_assert_no_error (error);
  id = g_strdup (ferry_library_record_get_string (created, "id"));
  c.id = id;
  g_assert_true (utu_spin_until (package_created, &c, 20000));
  return id;
}

/* A metric of the Tutorial on Development: its id and name. */
static char *
pick_metric (Env   *e,
             char **name)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (e->pair.dev, UTU_TUTORIAL_ID);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (json_object_get_int_member (object, "type") == 4)
        {
          *name = g_strdup (json_object_get_string_member (object, "name"));
          return g_strdup (json_object_get_string_member (object, "id"));
        }
    }
  g_assert_not_reached ();
}

static FerryMigrationEditor *
edit_editor_new (Env        *e,
                 const char *id)
{
  g_autoptr(FerryMigration) migration = ferry_migration_new (id);
  FerryMigrationEditor *editor = ferry_migration_editor_new_for_edit (NULL, e->monitor, e->dev, e->prod, migration);

  gtk_window_set_default_size (GTK_WINDOW (editor), 1100, 720);
  utu_present (GTK_WINDOW (editor));
  return editor;
}

static gboolean
edit_loaded (gpointer data)
{
  FerryMigrationEditor *editor = data;
  FerryMigrationDraft *draft = ferry_migration_editor_get_draft (editor);

  return ferry_migration_editor_get_blocked_reason (editor) == NULL &&
         !ferry_migration_draft_get_resolving (draft) &&
         !ferry_migration_draft_get_projects_loading (draft);
}

static gboolean
run_enabled (gpointer data)
{
  FerryMigrationEditor *editor = data;

  return ferry_migration_editor_get_page (editor) == FERRY_MIGRATION_EDITOR_PAGE_PREVIEW &&
         ferry_migration_editor_get_blocked_reason (editor) == NULL &&
         gtk_widget_is_sensitive (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "run_button")));
}

static gboolean
updated (gpointer data)
{
  FerryMigrationEditor *editor = data;
  FerryLiveState state = ferry_migration_live_page_get_state (ferry_migration_editor_get_live_page (editor));

  return state == FERRY_LIVE_STATE_UPDATED || state == FERRY_LIVE_STATE_UPDATE_FAILED;
}

static void
test_edit (void)
{
  Env e;
  g_autofree char *id = NULL;
  g_autofree char *metric_name = NULL;
  g_autofree char *metric = NULL;
  g_autoptr(JsonObject) record = NULL;
  FerryMigrationEditor *editor;
  GObject *what_page;
  GtkWidget *source_row, *target_row, *kind_row, *name_row, *run_button;
  GListStore *content;
  const char *ids[2] = { NULL, NULL };
  JsonArray *items;

  env_start (&e);
  id = create_migration (&e, "Year for Production");
  metric = pick_metric (&e, &metric_name);

  editor = edit_editor_new (&e, id);
  g_assert_cmpstr (ferry_migration_editor_get_edit_migration_id (editor), ==, id);
  g_assert_true (utu_spin_until (edit_loaded, editor, 20000));

  /* The record's definition; source, target and kind fixed, saying why */
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, "Year for Production");
  g_assert_false (ferry_migration_editor_get_project_merge (editor));
  content = ferry_migration_editor_get_content (editor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (content)), ==, 1);
  g_assert_false (ferry_migration_editor_get_modified (editor));
  what_page = utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "what_page");
  source_row = GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "source_row"));
  target_row = GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "target_row"));
  kind_row = GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "kind_row"));
  name_row = GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "name_row"));
  g_assert_false (gtk_widget_get_sensitive (source_row));
  g_assert_false (gtk_widget_get_sensitive (target_row));
  g_assert_false (gtk_widget_get_sensitive (kind_row));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "target_project_row"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (utu_child (what_page, FERRY_TYPE_MIGRATION_WHAT_PAGE, "type_row"))));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (target_row), "stay as they were created"));
  g_assert_true (gtk_widget_get_sensitive (name_row));
  g_assert_true (ferry_migration_editor_get_target (editor) == e.prod);
  g_assert_cmpstr (ferry_migration_editor_get_target_project_id (editor), ==, UTU_TUTORIAL_ID);

  /* Rename (as typed), swap Year for a metric */
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Metric for Production");
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, "Metric for Production");
  ids[0] = metric;
  g_assert_cmpuint (ferry_migration_editor_add_objects (editor, ids), ==, 1);
  g_list_store_remove (content, 0);
  g_assert_true (ferry_migration_editor_get_modified (editor));
  g_assert_true (utu_spin_until (edit_loaded, editor, 20000));
  utu_wait_ms (200);
  utu_screenshot (GTK_WIDGET (editor), "package-edit-editor.png");

  /* To the last step: its button updates the package */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next", NULL);
  g_assert_true (utu_spin_until (run_enabled, editor, 30000));
  run_button = GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "run_button"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (run_button)), ==, "_Update Package");

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL);
  g_assert_true (FERRY_IS_PACKAGE_EDIT_JOB (ferry_migration_editor_get_job (editor)));
  g_assert_true (utu_spin_until (updated, editor, 30000));
  g_assert_cmpint (ferry_migration_live_page_get_state (ferry_migration_editor_get_live_page (editor)), ==,
                   FERRY_LIVE_STATE_UPDATED);
  g_assert_cmpstr (ferry_migration_live_page_get_title (ferry_migration_editor_get_live_page (editor)), ==,
                   "Package Updated");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "done_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "show_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "undo_button"))));
  utu_wait_ms (200);
  utu_screenshot (GTK_WIDGET (editor), "package-edit-updated.png");

  /* The sandbox holds the edit: new name and content, created, not imported */
  record = read_record (&e, id);
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.name"), ==, "Metric for Production");
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.status"), ==, "pending");
  items = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (record, "packageInfo"),
                                                                       "tocView"), "content");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"), ==, metric);

  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

static gboolean
refused_shown (gpointer data)
{
  const char *reason = ferry_migration_editor_get_blocked_reason (data);

  return reason != NULL && strstr (reason, "import was requested") != NULL;
}

static void
test_refused (void)
{
  Env e;
  g_autofree char *id = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationEditor *editor;

  env_start (&e);
  id = create_migration (&e, "Requested already");
  ferry_library_set_import_request_async (dev_connection (&e), id, FERRY_REQUEST_STATUS_REQUESTED, NULL,
                                          utu_store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 20000));
  answer = ferry_library_finish_object (result, &error);
  g_assert_no_error (error);

  editor = edit_editor_new (&e, id);
  g_assert_true (utu_spin_until (refused_shown, editor, 20000));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "notice_revealer"))));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "notice_label"))),
                            "import was requested"));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "next_button"))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "what_page"))));
  utu_wait_ms (200);
  utu_screenshot (GTK_WIDGET (editor), "package-edit-refused.png");
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

int
main (int   argc,
      char *argv[])
{
  if (utu_init (&argc, &argv) == NULL)
    return 0;

  g_test_add_func ("/package-edit/edit", test_edit);
  g_test_add_func ("/package-edit/refused", test_refused);
  return g_test_run ();
}
