/* test-migration-editor.c: define, preview and run a migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite ui). Two in-process sandboxes, tutorial-dev
 * (Development) → tutorial-prod (Production), sharing package storage; the
 * environments are connected as migrator.
 *
 *   - define: the selected objects are read from the source (name, type,
 *     folder); the name is prefilled; the package type's rules are enforced
 *     (a project object blocks a configuration package, with the reason next
 *     to Next; users and groups are offered; project security takes only
 *     users and groups; a project merge is always a project package);
 *   - rules that do not apply block Next with the reason;
 *   - keep_both shows the undo warning on the Rules page;
 *   - the preview of the demo's project merge with the reference page's
 *     settings: counts, filters, explanations (its time is logged); then the
 *     merge really runs (Run → "job-started") and every object of the
 *     target is compared with the preview's outcome, object by object
 *     (create → there with the source's version, replace → the source's
 *     version, keep existing and skip → unchanged, duplicate → a new
 *     "<name> (1)"); a second merge with keep_both, replace and delete rules
 *     covers the outcomes the first one has not;
 *   - a failed import shows the server's message and ticket id with Retry,
 *     and Retry goes on to "imported";
 *   - "Save Package…" writes the .mmp file.
 *
 * Screenshots in G_TEST_BUILDDIR/screenshots: migration-editor-project.png,
 * migration-editor-configuration.png, migration-editor-project-security.png,
 * migration-editor-rules-configuration.png, migration-editor-blocked.png,
 * migration-editor-keep-both.png, migration-editor-preview.png,
 * migration-editor-preview-filtered.png, migration-editor-run-done.png,
 * migration-editor-run-failed.png, migration-editor-narrow.png,
 * migration-editor-narrow-preview.png, migration-editor-run-confirm.png.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-migration-content-list.h"
#include "ferry-migration-editor.h"
#include "ferry-migration-live-page.h"
#include "ferry-migration-run-bar.h"
#include "ferry-migration-what-page.h"
#include "ferry-preview-view.h"
#include "ferry-settings-editor.h"
#include "ui-test-util.h"

#define E FERRY_TYPE_MIGRATION_EDITOR

/* A child of the editor's progress bar (FerryMigrationRunBar). */
static gpointer
run_child (FerryMigrationEditor *editor,
           const char           *name)
{
  return utu_child (utu_child (editor, E, "run_status"), FERRY_TYPE_MIGRATION_RUN_BAR, name);
}

/* A child of the editor's first page (FerryMigrationWhatPage). */
static gpointer
what_child (FerryMigrationEditor *editor,
            const char           *name)
{
  return utu_child (utu_child (editor, E, "what_page"), FERRY_TYPE_MIGRATION_WHAT_PAGE, name);
}

/* A child of the editor's objects table (FerryMigrationContentList). */
static gpointer
content_child (FerryMigrationEditor *editor,
               const char           *name)
{
  return utu_child (what_child (editor, "content_group"), FERRY_TYPE_MIGRATION_CONTENT_LIST, name);
}

typedef struct
{
  UtuPair           pair;
  FerryEnvironment *dev;
  FerryEnvironment *prod;
} Env;

static void
env_start (Env *e)
{
  memset (e, 0, sizeof *e);
  utu_pair_start (&e->pair);
  e->dev = utu_environment_connect (e->pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);
  e->prod = utu_environment_connect (e->pair.prod, "Production", UTU_MIGRATOR, UTU_PASSWORD);
}

static void
env_stop (Env *e)
{
  g_clear_object (&e->dev);
  g_clear_object (&e->prod);
  utu_pair_stop (&e->pair);
}

static gboolean
editor_settled (gpointer data)
{
  FerryMigrationEditor *editor = data;
  const char *reason = ferry_migration_editor_get_blocked_reason (editor);

  return ferry_migration_editor_get_target_project_id (editor) != NULL &&
         (reason == NULL || strstr (reason, "…") == NULL);
}

static FerryMigrationEditor *
editor_new (Env                *e,
            const char * const *selected)
{
  FerryMigrationEditor *editor;

  editor = ferry_migration_editor_new (NULL, e->dev, UTU_TUTORIAL_ID, "MicroStrategy Tutorial",
                                       e->prod, UTU_TUTORIAL_ID, "MicroStrategy Tutorial", selected);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1100, 760);
  utu_present (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (editor_settled, editor, 20000));
  return editor;
}

static const char *
blocked_label (FerryMigrationEditor *editor)
{
  GtkWidget *box = GTK_WIDGET (utu_child (editor, E, "blocked_box"));

  if (!gtk_widget_get_visible (box))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (utu_child (editor, E, "blocked_label")));
}

static gboolean
next_enabled (FerryMigrationEditor *editor)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (utu_child (editor, E, "next_button")));
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%-d %b %Y");
}

static FerryObjectInfo *
info_new (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return ferry_object_info_new_from_json (json_node_get_object (node), NULL);
}

static gboolean
content_resolved (gpointer data)
{
  GListModel *content = G_LIST_MODEL (ferry_migration_editor_get_content (data));

  for (guint i = 0; i < g_list_model_get_n_items (content); i++)
    {
      g_autoptr(FerryContentItem) item = g_list_model_get_item (content, i);

      if (ferry_content_item_get_object_type (item) == 0)
        return FALSE;
    }
  return g_list_model_get_n_items (content) > 0;
}

/* ------------------------------------------------------------------------ */
/* Define                                                                     */
/* ------------------------------------------------------------------------ */

static void
test_define (void)
{
  Env e;
  const char *selected[] = { UTU_YEAR_ID, NULL };
  FerryMigrationEditor *editor;
  GListStore *content;
  g_autoptr(FerryContentItem) year = NULL;
  g_autofree char *date = today ();
  g_autofree char *expected_name = NULL;
  GtkMenuButton *add;
  FerryObjectPicker *picker;

  env_start (&e);
  editor = editor_new (&e, selected);
  content = ferry_migration_editor_get_content (editor);
  /* What the editor defines is its draft's. */
  g_assert_true (G_LIST_STORE (content) == ferry_migration_draft_get_content (ferry_migration_editor_get_draft (editor)));
  g_assert_true (ferry_migration_editor_get_settings (editor) ==
                 ferry_migration_draft_get_settings (ferry_migration_editor_get_draft (editor)));

  /* The selected object, read from the source. */
  g_assert_true (utu_spin_until (content_resolved, editor, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (content)), ==, 1);
  year = g_list_model_get_item (G_LIST_MODEL (content), 0);
  g_assert_cmpstr (ferry_content_item_get_name (year), ==, "Year");
  g_assert_cmpint (ferry_content_item_get_object_type (year), ==, 12);
  g_assert_nonnull (ferry_content_item_get_path (year));
  g_assert_cmpint (ferry_content_item_get_action (year), ==, FERRY_CONFLICT_ACTION_REPLACE);
  g_assert_true (ferry_content_item_get_include_dependents (year));

  /* Prefilled: "Migrate Year: Development → Production, 22 Nov 2026" */
  expected_name = g_strdup_printf ("Migrate Year: Development → Production, %s", date);
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, expected_name);
  g_assert_false (ferry_migration_editor_get_project_merge (editor));
  g_assert_cmpint (ferry_migration_editor_get_package_type (editor), ==, FERRY_PACKAGE_TYPE_PROJECT);
  g_assert_null (ferry_migration_editor_get_blocked_reason (editor));
  g_assert_null (blocked_label (editor));
  g_assert_true (next_enabled (editor));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-project.png");

  /* Configuration: Year is a project object and blocks Next, with the reason. */
  ferry_migration_editor_set_package_type (editor, FERRY_PACKAGE_TYPE_CONFIGURATION);
  g_assert_cmpstr (blocked_label (editor), ==,
                   "“Year” is a project object: configuration packages take only configuration objects (users, groups, security roles…)");
  g_assert_false (next_enabled (editor));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (what_child (editor, "target_project_row"))));
  /* schema updates were cleared when the type changed */
  g_assert_false (ferry_toc_settings_get_update_schema_logical_size (ferry_migration_editor_get_settings (editor)));

  /* The users and groups of the environment are offered. */
  add = GTK_MENU_BUTTON (content_child (editor, "add_button"));
  picker = FERRY_OBJECT_PICKER (gtk_menu_button_get_popover (add));
  gtk_menu_button_popup (add);
  {
    GListModel *results = ferry_object_picker_get_results (picker);
    FerryObjectInfo *administrator = NULL;
    gboolean group_seen = FALSE;

    g_assert_true (utu_spin_until ((UtuCondition) g_list_model_get_n_items, results, 30000));
    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(FerryObjectInfo) info = g_list_model_get_item (results, i);

        g_assert_cmpint (ferry_object_info_get_object_type (info), ==, 34);
        if (g_strcmp0 (ferry_object_info_get_name (info), "Administrator") == 0)
          administrator = info;
        group_seen |= ferry_object_info_get_subtype (info) == 8705;
      }
    g_assert_nonnull (administrator);
    g_assert_true (group_seen);
    g_signal_emit_by_name (picker, "picked", administrator);
  }
  gtk_menu_button_popdown (add);
  g_list_store_remove (content, 0);   /* Year goes */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (content)), ==, 1);
  g_assert_null (blocked_label (editor));
  g_assert_true (next_enabled (editor));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-configuration.png");

  /* Its Rules page: no schema updates for configuration packages. */
  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  {
    FerrySettingsEditor *settings_editor = ferry_migration_editor_get_settings_editor (editor);
    GtkLabel *reason = GTK_LABEL (utu_child (settings_editor, FERRY_TYPE_SETTINGS_EDITOR, "schema_reason"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (reason)));
    g_assert_cmpstr (gtk_label_get_label (reason), ==, "Schema updates apply only to project packages");
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (utu_child (settings_editor, FERRY_TYPE_SETTINGS_EDITOR,
                                                                      "schema_keys_row"))));
  }
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-rules-configuration.png");
  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_WHAT);

  /* Project security: users and groups only; no ACL for replaced objects. */
  {
    g_autoptr(FerryObjectInfo) role = info_new ("{\"id\": \"A1B2C3D4E5F60718293A4B5C6D7E8F90\", \"name\": \"Power Users Role\","
                                                " \"type\": 44, \"subtype\": 11264}");
    g_autoptr(FerryObjectInfo) group = info_new ("{\"id\": \"B1B2C3D4E5F60718293A4B5C6D7E8F90\", \"name\": \"Analysts\","
                                                 " \"type\": 34, \"subtype\": 8705}");

    g_signal_emit_by_name (picker, "picked", role);   /* a configuration object, fine here */
    g_assert_null (blocked_label (editor));
    ferry_migration_editor_set_package_type (editor, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
    g_assert_cmpstr (blocked_label (editor), ==,
                     "“Power Users Role” is not a user or user group: project security packages take only users and user groups");
    g_assert_cmpint (ferry_toc_settings_get_acl_on_replacing_objects (ferry_migration_editor_get_settings (editor)), ==,
                     FERRY_ACL_ON_REPLACING_UNSET);
    g_list_store_remove (content, 1);
    g_signal_emit_by_name (picker, "picked", group);
    g_assert_null (blocked_label (editor));
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (what_child (editor, "target_project_row"))));
  }
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-project-security.png");

  /* A project merge is always a project package. */
  ferry_migration_editor_set_project_merge (editor, TRUE);
  g_assert_cmpint (ferry_migration_editor_get_package_type (editor), ==, FERRY_PACKAGE_TYPE_PROJECT);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (what_child (editor, "type_row"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (what_child (editor, "content_group"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (what_child (editor, "merge_group"))));

  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

static gboolean
preview_ready_narrow (gpointer data)
{
  FerryPreviewView *view = ferry_migration_editor_get_preview_view (data);

  return g_strcmp0 (ferry_preview_view_get_state (view), "table") == 0;
}

static void
test_merge_defaults_and_blocking (void)
{
  Env e;
  FerryMigrationEditor *editor;
  FerryTocSettings *settings;
  g_autofree char *date = today ();
  g_autofree char *expected_name = NULL;
  g_autoptr(FerryFolderRule) rule = NULL;

  env_start (&e);
  editor = editor_new (&e, NULL);
  settings = ferry_migration_editor_get_settings (editor);

  /* No selection: a project merge, named after the project. */
  g_assert_true (ferry_migration_editor_get_project_merge (editor));
  expected_name = g_strdup_printf ("Merge MicroStrategy Tutorial: Development → Production, %s", date);
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, expected_name);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (what_child (editor, "type_row"))));

  /* A user's name stays when the kind changes; an empty one blocks. */
  ferry_migration_editor_set_name (editor, "");
  g_assert_cmpstr (blocked_label (editor), ==, "Give the migration a name");
  ferry_migration_editor_set_name (editor, "Quarterly merge");

  /* Rules in an object migration: Next on the Rules page is blocked, with
   * the reason next to it. */
  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  rule = ferry_folder_rule_new ("7A1B2C3D4E5F60718293A4B5C6D7E8F9", FERRY_CONFLICT_ACTION_REPLACE);
  ferry_folder_rule_set_folder_path (rule, "\\Public Objects\\Reports");
  g_list_store_append (ferry_toc_settings_get_folder_rules (settings), rule);
  g_assert_null (blocked_label (editor));
  ferry_migration_editor_set_project_merge (editor, FALSE);
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, "Quarterly merge");
  /* (the object migration has no objects: page 1 says so first) */
  g_assert_cmpstr (blocked_label (editor), ==, "Add at least one object");
  {
    g_autoptr(FerryContentItem) item = ferry_content_item_new (UTU_YEAR_ID, "Year", 12, 3072, "\\Schema Objects",
                                                               FERRY_CONFLICT_ACTION_REPLACE, TRUE);

    g_list_store_append (ferry_migration_editor_get_content (editor), item);
  }
  g_assert_cmpstr (blocked_label (editor), ==, "Folder, object-type and object rules apply only to project merges");
  g_assert_false (next_enabled (editor));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-blocked.png");
  ferry_settings_editor_clear_inapplicable (ferry_migration_editor_get_settings_editor (editor));
  g_assert_null (blocked_label (editor));
  g_assert_true (next_enabled (editor));

  /* keep_both: the warning stays in view on the Rules page. */
  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  {
    FerrySettingsEditor *settings_editor = ferry_migration_editor_get_settings_editor (editor);
    GtkWidget *warning = GTK_WIDGET (utu_child (settings_editor, FERRY_TYPE_SETTINGS_EDITOR, "undo_warning"));

    utu_wait_ms (50);
    g_assert_true (gtk_widget_get_visible (warning));
    g_assert_true (gtk_widget_get_mapped (warning));
    utu_screenshot (GTK_WIDGET (editor), "migration-editor-keep-both.png");
    ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_REPLACE);
    g_assert_false (gtk_widget_get_visible (warning));
  }

  gtk_window_destroy (GTK_WINDOW (editor));

  /* A narrow window (360 px) still shows every page. */
  editor = ferry_migration_editor_new (NULL, e.dev, UTU_TUTORIAL_ID, "MicroStrategy Tutorial",
                                       e.prod, UTU_TUTORIAL_ID, "MicroStrategy Tutorial", NULL);
  gtk_window_set_default_size (GTK_WINDOW (editor), 360, 640);
  utu_present (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (editor_settled, editor, 20000));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), <=, 360);
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-narrow.png");
  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  g_assert_true (utu_spin_until ((UtuCondition) preview_ready_narrow, editor, 30000));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-narrow-preview.png");
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

/* ------------------------------------------------------------------------ */
/* Preview and run                                                            */
/* ------------------------------------------------------------------------ */

static gboolean
preview_ready (gpointer data)
{
  FerryMigrationEditor *editor = data;
  FerryPreviewView *view = ferry_migration_editor_get_preview_view (editor);

  return g_strcmp0 (ferry_preview_view_get_state (view), "table") == 0 &&
         ferry_preview_view_get_result (view) != NULL;
}

typedef struct
{
  guint     count;
  FerryJob *job;
} Started;

static void
job_started_cb (FerryMigrationEditor *editor,
                FerryJob             *job,
                Started              *started)
{
  started->count++;
  g_set_object (&started->job, job);
}

static gboolean
job_over (gpointer data)
{
  FerryJobState state = ferry_job_get_state (data);

  return state != FERRY_JOB_STATE_READY && state != FERRY_JOB_STATE_RUNNING;
}

static GHashTable *
index_objects (JsonNode *objects)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      g_hash_table_insert (index, (gpointer) json_object_get_string_member (json_node_get_object (o), "id"), o);
    }
  return index;
}

static const char *
string_of (JsonNode   *object,
           const char *member)
{
  return object ? json_object_get_string_member (json_node_get_object (object), member) : NULL;
}

/* The preview against what the sandbox did, object by object. Returns how
 * many objects had each outcome. */
static void
compare_with_sandbox (FerryPreviewResult *result,
                      JsonNode           *source_objects,
                      JsonNode           *before_objects,
                      JsonNode           *after_objects,
                      gboolean            whole_project,
                      guint               seen[FERRY_PREVIEW_N_OUTCOMES])
{
  g_autoptr(GHashTable) source = index_objects (source_objects);
  g_autoptr(GHashTable) before = index_objects (before_objects);
  g_autoptr(GHashTable) after = index_objects (after_objects);
  g_autoptr(GHashTable) new_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *items = ferry_preview_result_get_items (result);
  g_autoptr(GString) mismatches = g_string_new (NULL);
  JsonArray *array = json_node_get_array (after_objects);

  memset (seen, 0, sizeof (guint) * FERRY_PREVIEW_N_OUTCOMES);

  /* Objects that appeared under a new id: duplicates. */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = string_of (o, "id");

      if (!g_hash_table_contains (before, id) && !g_hash_table_contains (source, id))
        g_hash_table_insert (new_by_name, (gpointer) string_of (o, "name"), o);
    }

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (items, i);
      const char *id = ferry_preview_item_get_id (item);
      JsonNode *src = g_hash_table_lookup (source, id);
      JsonNode *was = g_hash_table_lookup (before, id);
      JsonNode *now = g_hash_table_lookup (after, id);
      FerryOutcome outcome = ferry_preview_item_get_outcome (item);
      g_autofree char *dup_name = g_strdup_printf ("%s (1)", ferry_preview_item_get_name (item));
      gboolean ok = FALSE;

      g_assert_nonnull (src);
      /* The preview's source and target versions are the servers'. */
      g_assert_cmpstr (ferry_preview_item_get_source_version (item), ==, string_of (src, "version"));
      g_assert_cmpstr (ferry_preview_item_get_target_version (item), ==, string_of (was, "version"));

      switch (outcome)
        {
        case FERRY_OUTCOME_CREATE:
          ok = was == NULL && now != NULL && g_strcmp0 (string_of (now, "version"), string_of (src, "version")) == 0;
          break;
        case FERRY_OUTCOME_REPLACE:
          ok = was != NULL && now != NULL && g_strcmp0 (string_of (now, "version"), string_of (src, "version")) == 0 &&
               g_strcmp0 (string_of (now, "dateModified"), string_of (src, "dateModified")) == 0;
          break;
        case FERRY_OUTCOME_KEEP_EXISTING:
          ok = was != NULL && now != NULL && json_node_equal (was, now) &&
               g_strcmp0 (string_of (was, "version"), string_of (src, "version")) != 0 &&
               !g_hash_table_contains (new_by_name, dup_name);
          break;
        case FERRY_OUTCOME_SKIP:
          ok = (was == NULL && now == NULL) || (was != NULL && now != NULL && json_node_equal (was, now));
          break;
        case FERRY_OUTCOME_DUPLICATE:
          ok = was != NULL && now != NULL && json_node_equal (was, now) &&
               g_hash_table_contains (new_by_name, dup_name);
          break;
        case FERRY_OUTCOME_DELETE:
          ok = was != NULL && now == NULL;
          break;
        case FERRY_OUTCOME_FAIL:
        default:
          ok = FALSE;
          break;
        }

      seen[outcome]++;
      if (!ok)
        g_string_append_printf (mismatches, "  %s “%s”: preview says %s (%s); target version before %s, after %s, source %s\n",
                                id, ferry_preview_item_get_name (item), ferry_outcome_to_string (outcome),
                                ferry_preview_item_get_explanation (item),
                                string_of (was, "version"), string_of (now, "version"), string_of (src, "version"));
    }

  if (mismatches->len > 0)
    g_error ("the preview and the sandbox disagree:\n%s", mismatches->str);

  /* Every duplicate the sandbox made was predicted, and nothing else. */
  g_assert_cmpuint (g_hash_table_size (new_by_name), ==, seen[FERRY_OUTCOME_DUPLICATE]);
  /* A merge: every object of the source project is in the preview (but
   * the root folder, which keeps its place). */
  if (whole_project)
    g_assert_cmpuint (g_list_model_get_n_items (items) + 1, ==, g_hash_table_size (source));
  /* What the preview does not list is left alone. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (ferry_preview_result_lookup (result, key) == NULL)
        {
          if (!json_node_equal (value, g_hash_table_lookup (after, key)))
            g_error ("%s “%s” changed, but the preview does not list it", (char *) key, string_of (value, "name"));
        }
    /* and nothing appears that it does not predict */
    g_hash_table_iter_init (&iter, after);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_hash_table_contains (before, key) && ferry_preview_result_lookup (result, key) == NULL &&
          g_hash_table_lookup (new_by_name, string_of (value, "name")) != value)
        g_error ("%s “%s” appeared, but the preview does not list it", (char *) key, string_of (value, "name"));
  }
}

static gboolean
preview_rows_all_shown (gpointer view)
{
  return ferry_preview_view_get_n_pending (view) == 0;
}

static gint64
go_to_preview (FerryMigrationEditor *editor)
{
  gint64 start;

  ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_RULES);
  g_assert_null (blocked_label (editor));
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.next", NULL));
  g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  g_assert_true (utu_spin_until (preview_ready, editor, 30000));
  return g_get_monotonic_time () - start;
}

static gboolean
job_named_or_over (gpointer data)
{
  return ferry_job_get_migration_id (data) != NULL || ferry_job_get_state (data) != FERRY_JOB_STATE_RUNNING;
}

static FerryJob *
run_and_wait (FerryMigrationEditor *editor,
              Started              *started,
              gboolean              expect_success)
{
  guint before = started->count;
  FerryJob *job;

  g_assert_null (blocked_label (editor));
  job = ferry_migration_editor_run (editor);
  g_assert_nonnull (job);
  g_assert_cmpuint (started->count, ==, before + 1);
  g_assert_true (started->job == job);
  if (FERRY_IS_MIGRATION_JOB (job))
    {
      /* The editor becomes the migration's live page. */
      g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_RUN);
      g_assert_true (ferry_migration_live_page_get_job (ferry_migration_editor_get_live_page (editor)) == job);
    }
  else
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (run_child (editor, "run_revealer"))));
  /* The editor does not run the job itself: a monitor does (without a
   * window, one of the editor's own), and holds it by its migration id. */
  g_assert_nonnull (ferry_migration_editor_get_monitor (editor));
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  if (FERRY_IS_MIGRATION_JOB (job))
    {
      g_assert_true (utu_spin_until (job_named_or_over, job, 60000));
      if (ferry_job_get_state (job) == FERRY_JOB_STATE_RUNNING)
        g_assert_true (ferry_migration_monitor_get_job (ferry_migration_editor_get_monitor (editor),
                                                        ferry_job_get_migration_id (job)) == job);
    }
  g_assert_true (utu_spin_until (job_over, job, 120000));
  if (expect_success && ferry_job_get_state (job) != FERRY_JOB_STATE_SUCCEEDED)
    g_error ("the job ended %d: %s", ferry_job_get_state (job),
             ferry_job_get_error (job) ? ferry_job_get_error (job)->message : "(no error)");
  utu_wait_ms (50);
  return job;
}

static void
test_preview_and_run (void)
{
  Env e;
  FerryMigrationEditor *editor;
  FerryPreviewView *view;
  FerryPreviewResult *result;
  g_autoptr(JsonNode) request = utu_fixture ("merge-create-request.json");
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  g_autoptr(GError) error = NULL;
  guint seen[FERRY_PREVIEW_N_OUTCOMES];
  Started started = { 0 };
  gint64 elapsed;
  guint counted = 0;

  env_start (&e);
  editor = editor_new (&e, NULL);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  view = ferry_migration_editor_get_preview_view (editor);

  /* The reference page's merge settings. */
  ferry_toc_settings_load_json (ferry_migration_editor_get_settings (editor),
                                utu_member_object (request, "packageInfo.tocView.settings"), &error);
  g_assert_no_error (error);

  elapsed = go_to_preview (editor);
  result = ferry_preview_view_get_result (view);
  g_test_message ("preview of the demo's project merge: %u objects in %.0f ms",
                  ferry_preview_result_get_n_items (result), elapsed / 1000.0);
  /* How fast is measured in bench/preview.c (`bench-preview 430` is a
   * project the demo's size), not here: a loaded machine is no failure. */

  /* The counts at the top: one button per outcome, and they add up. */
  for (FerryOutcome o = FERRY_OUTCOME_CREATE; o <= FERRY_OUTCOME_FAIL; o++)
    {
      GtkToggleButton *button = ferry_preview_view_get_count_button (view, o);
      GtkWidget *label = gtk_widget_get_last_child (gtk_button_get_child (GTK_BUTTON (button)));
      g_autofree char *text = g_strdup_printf ("%s %u", ferry_outcome_get_label (o), ferry_preview_result_get_count (result, o));

      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, text);
      counted += ferry_preview_result_get_count (result, o);
    }
  g_assert_cmpuint (counted, ==, ferry_preview_result_get_n_items (result));
  g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_CREATE), >, 0);
  g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_KEEP_EXISTING), >, 0);
  g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_SKIP), >, 0);
  g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_FAIL), ==, 0);
  g_assert_true (ferry_preview_result_get_undo_possible (result));
  /* The rows come a slice per frame (issue 14). */
  g_assert_true (utu_spin_until (preview_rows_all_shown, view, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_preview_view_get_rows (view)), ==, ferry_preview_result_get_n_items (result));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-preview.png");

  /* Filtering by outcome, and a row's explanation. */
  gtk_toggle_button_set_active (ferry_preview_view_get_count_button (view, FERRY_OUTCOME_KEEP_EXISTING), TRUE);
  g_assert_cmpint (ferry_preview_view_get_filter (view), ==, FERRY_OUTCOME_KEEP_EXISTING);
  g_assert_true (utu_spin_until (preview_rows_all_shown, view, 30000));
  g_assert_cmpuint (g_list_model_get_n_items (ferry_preview_view_get_rows (view)), ==,
                    ferry_preview_result_get_count (result, FERRY_OUTCOME_KEEP_EXISTING));
  ferry_preview_view_select_row (view, 0);
  g_assert_nonnull (strstr (ferry_preview_view_get_explanation (view), "→ keep existing"));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-preview-filtered.png");
  gtk_toggle_button_set_active (ferry_preview_view_get_count_button (view, FERRY_PREVIEW_FILTER_ALL), TRUE);

  /* The filter rule of the reference page names the row: "Object-type rule Filter: use existing" */
  {
    GListModel *items = ferry_preview_result_get_items (result);
    gboolean type_rule_seen = FALSE, object_rule_seen = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (items); i++)
      {
        g_autoptr(FerryPreviewItem) item = g_list_model_get_item (items, i);

        type_rule_seen |= g_strcmp0 (ferry_preview_item_get_rule (item), "Object-type rule Filter: use existing") == 0;
        object_rule_seen |= g_strcmp0 (ferry_preview_item_get_id (item), UTU_YEAR_ID) == 0 &&
                            g_strcmp0 (ferry_preview_item_get_rule (item), "Object rule: replace") == 0;
      }
    g_assert_true (type_rule_seen);
    g_assert_true (object_rule_seen);
  }

  /* Run it, and compare the target with the preview, object by object. */
  source_objects = ferry_sandbox_dup_objects (e.pair.dev, UTU_TUTORIAL_ID);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  run_and_wait (editor, &started, TRUE);
  after_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  compare_with_sandbox (result, source_objects, before_objects, after_objects, TRUE, seen);
  g_test_message ("merge 1 agrees: create %u, replace %u, keep %u, duplicate %u, skip %u, delete %u",
                  seen[FERRY_OUTCOME_CREATE], seen[FERRY_OUTCOME_REPLACE], seen[FERRY_OUTCOME_KEEP_EXISTING],
                  seen[FERRY_OUTCOME_DUPLICATE], seen[FERRY_OUTCOME_SKIP], seen[FERRY_OUTCOME_DELETE]);
  for (FerryOutcome o = FERRY_OUTCOME_CREATE; o <= FERRY_OUTCOME_FAIL; o++)
    g_assert_cmpuint (seen[o], ==, ferry_preview_result_get_count (result, o));
  /* The live page says what was done, in the past tense, and never that a
   * preview is out of date. */
  {
    FerryMigrationLivePage *live = ferry_migration_editor_get_live_page (editor);

    g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_IMPORTED);
    g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Imported into Production");
    g_assert_null (blocked_label (editor));
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "run_button"))));
  }
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-run-done.png");
  gtk_window_destroy (GTK_WINDOW (editor));

  /* A second merge on the new state (a new editor: one migration per
   * editor), with the outcomes the first lacked: keep_both by default
   * (duplicates, no undo), replace for filters, and a delete object rule. */
  editor = editor_new (&e, NULL);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  view = ferry_migration_editor_get_preview_view (editor);
  go_to_preview (editor);
  {
    FerryTocSettings *settings = ferry_migration_editor_get_settings (editor);
    g_autoptr(JsonNode) dev_now = ferry_sandbox_dup_objects (e.pair.dev, UTU_TUTORIAL_ID);
    g_autoptr(GHashTable) dev_index = index_objects (dev_now);
    g_autoptr(JsonNode) prod_now = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
    g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(FerryObjectTypeRule) filters = ferry_object_type_rule_new (1, 0, FERRY_CONFLICT_ACTION_REPLACE);
    g_autoptr(FerryObjectRule) gone = NULL;
    const char *victim = NULL;
    GHashTableIter iter;
    gpointer key, value;
    gint64 later = G_GINT64_CONSTANT (1893456000000);   /* 2030 */
    guint modified = 0;

    /* What the target's objects use: the delete needs something unused. */
    for (guint i = 0; i < json_array_get_length (json_node_get_array (prod_now)); i++)
      {
        JsonObject *o = json_array_get_object_element (json_node_get_array (prod_now), i);
        JsonNode *uses = json_object_get_member (o, "uses");

        for (guint k = 0; uses && JSON_NODE_HOLDS_ARRAY (uses) && k < json_array_get_length (json_node_get_array (uses)); k++)
          g_hash_table_add (used, (gpointer) json_array_get_string_element (json_node_get_array (uses), k));
      }

    /* Make some objects differ again: newer in the source. */
    g_hash_table_iter_init (&iter, dev_index);
    while (g_hash_table_iter_next (&iter, &key, &value) && modified < 12)
      {
        gboolean folder = json_object_get_int_member (json_node_get_object (value), "type") == 8;

        if (folder || json_object_get_member (json_node_get_object (value), "parentId") == NULL)
          continue;
        if (!ferry_sandbox_modify_object (e.pair.dev, UTU_TUTORIAL_ID, key, NULL, NULL, later + modified, &error))
          g_error ("%s", error->message);
        modified++;
        /* an object nothing in the target uses, for the delete */
        if (victim == NULL && !g_hash_table_contains (used, key))
          victim = key;
      }
    g_assert_nonnull (victim);
    ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_KEEP_BOTH);
    g_list_store_remove_all (ferry_toc_settings_get_object_type_rules (settings));
    g_list_store_append (ferry_toc_settings_get_object_type_rules (settings), filters);
    g_list_store_remove_all (ferry_toc_settings_get_object_rules (settings));
    gone = ferry_object_rule_new (victim, FERRY_CONFLICT_ACTION_DELETE);
    g_list_store_append (ferry_toc_settings_get_object_rules (settings), gone);
    ferry_toc_settings_set_validate_dependencies (settings, FALSE);

    /* On the Preview page an edit previews again by itself. */
    g_assert_true (utu_spin_until (preview_ready, editor, 30000));
    utu_wait_ms (600);
    g_assert_true (utu_spin_until (preview_ready, editor, 30000));
    result = ferry_preview_view_get_result (view);
    g_assert_false (ferry_preview_result_get_undo_possible (result));

    if (ferry_preview_result_get_count (result, FERRY_OUTCOME_FAIL) > 0)
      {
        /* The victim is still used in the target: the preview says the
         * whole import fails, and Run is blocked. */
        g_assert_nonnull (ferry_preview_result_get_failure (result));
        g_assert_cmpstr (blocked_label (editor), ==, "The migration would fail: see the preview");
        g_list_store_remove_all (ferry_toc_settings_get_object_rules (settings));
        g_assert_true (utu_spin_until (preview_ready, editor, 30000));
        utu_wait_ms (600);
        g_assert_true (utu_spin_until (preview_ready, editor, 30000));
        result = ferry_preview_view_get_result (view);
      }
    g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_DUPLICATE), >, 0);

    g_clear_pointer (&source_objects, json_node_unref);
    g_clear_pointer (&before_objects, json_node_unref);
    g_clear_pointer (&after_objects, json_node_unref);
    source_objects = ferry_sandbox_dup_objects (e.pair.dev, UTU_TUTORIAL_ID);
    before_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
    run_and_wait (editor, &started, TRUE);
    after_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
    compare_with_sandbox (result, source_objects, before_objects, after_objects, TRUE, seen);
    g_test_message ("merge 2 agrees: create %u, replace %u, keep %u, duplicate %u, skip %u, delete %u",
                    seen[FERRY_OUTCOME_CREATE], seen[FERRY_OUTCOME_REPLACE], seen[FERRY_OUTCOME_KEEP_EXISTING],
                    seen[FERRY_OUTCOME_DUPLICATE], seen[FERRY_OUTCOME_SKIP], seen[FERRY_OUTCOME_DELETE]);
    g_assert_cmpuint (seen[FERRY_OUTCOME_DUPLICATE], >, 0);
  }

  g_assert_cmpuint (started.count, ==, 2);
  g_clear_object (&started.job);
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

/* An object migration: the content's own actions, the dependents it pulls
 * in with the default action, previewed and then really run. */
static void
test_object_migration_run (void)
{
  Env e;
  const char *selected[] = {
    "85D993221ADF2F13C6AD217E014857C4",   /* Customer Churn Analysis: only in the source */
    "CBCB6C67523AD3BED1E6AE564C4D8A88",   /* Revenue by Year: newer in the source */
    "2908007E3C6C17DA543C36CD2D9C0537",   /* Inventory Summary: newer in the target */
    NULL
  };
  FerryMigrationEditor *editor;
  FerryPreviewResult *result;
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  guint seen[FERRY_PREVIEW_N_OUTCOMES];
  guint dependents = 0;
  Started started = { 0 };
  GListStore *content;

  env_start (&e);
  editor = editor_new (&e, selected);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  g_assert_true (utu_spin_until (content_resolved, editor, 20000));
  content = ferry_migration_editor_get_content (editor);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (content)), ==, 3);

  /* Their own actions: replace, use_existing, use_newer; the dependents
   * take the default action, force_replace. */
  {
    g_autoptr(FerryContentItem) revenue = g_list_model_get_item (G_LIST_MODEL (content), 1);
    g_autoptr(FerryContentItem) inventory = g_list_model_get_item (G_LIST_MODEL (content), 2);

    ferry_content_item_set_action (revenue, FERRY_CONFLICT_ACTION_USE_EXISTING);
    ferry_content_item_set_action (inventory, FERRY_CONFLICT_ACTION_USE_NEWER);
    ferry_content_item_set_include_dependents (inventory, FALSE);
  }
  ferry_toc_settings_set_default_action (ferry_migration_editor_get_settings (editor),
                                         FERRY_CONFLICT_ACTION_FORCE_REPLACE);

  go_to_preview (editor);
  result = ferry_preview_view_get_result (ferry_migration_editor_get_preview_view (editor));
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, selected[0])), ==, FERRY_OUTCOME_CREATE);
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, selected[1])), ==, FERRY_OUTCOME_KEEP_EXISTING);
  g_assert_cmpstr (ferry_preview_item_get_rule (ferry_preview_result_lookup (result, selected[1])), ==, "Own action: use existing");
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, selected[2])), ==, FERRY_OUTCOME_KEEP_EXISTING);
  for (guint i = 0; i < ferry_preview_result_get_n_items (result); i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (ferry_preview_result_get_items (result), i);

      if (ferry_preview_item_get_origin (item) == FERRY_PREVIEW_ORIGIN_DEPENDENT)
        {
          dependents++;
          g_assert_cmpstr (ferry_preview_item_get_rule (item), ==, "Default: force replace");
        }
    }
  g_assert_cmpuint (dependents, >, 0);

  source_objects = ferry_sandbox_dup_objects (e.pair.dev, UTU_TUTORIAL_ID);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  run_and_wait (editor, &started, TRUE);
  after_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  compare_with_sandbox (result, source_objects, before_objects, after_objects, FALSE, seen);
  g_test_message ("object migration agrees (%u dependents): create %u, replace %u, keep %u, duplicate %u, skip %u",
                  dependents, seen[FERRY_OUTCOME_CREATE], seen[FERRY_OUTCOME_REPLACE], seen[FERRY_OUTCOME_KEEP_EXISTING],
                  seen[FERRY_OUTCOME_DUPLICATE], seen[FERRY_OUTCOME_SKIP]);

  g_clear_object (&started.job);
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

/* The computation alone, on made-up inventories: what a server would not
 * let the tests set up easily. */
static void
test_preview_compute (void)
{
  g_autoptr(FerryInventoryBuilder) sb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) tb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) set = NULL;
  g_autoptr(GPtrArray) content = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) dependents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(FerryPreviewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *v1 = "11111111111111111111111111111111", *v2 = "22222222222222222222222222222222";
  /* root ─ A (in both) ─ B (source only) ─ report R (source only, uses metric M) */
  const char *root = "00000000000000000000000000000001", *a = "0000000000000000000000000000000A";
  const char *b = "0000000000000000000000000000000B", *r = "000000000000000000000000000000AA";
  const char *m = "000000000000000000000000000000BB", *u = "000000000000000000000000000000CC";

  ferry_inventory_builder_add (sb, a, "A", 8, 2048, v1, 1000, root, "\\", NULL);
  ferry_inventory_builder_add (sb, b, "B", 8, 2048, v1, 1000, a, "\\A", NULL);
  ferry_inventory_builder_add (sb, r, "R", 3, 768, v1, 5000, b, "\\A\\B", NULL);
  ferry_inventory_builder_add (sb, m, "M", 4, 1024, v2, 5000, a, "\\A", NULL);
  ferry_inventory_builder_add (sb, u, "Someone", 34, 8704, v1, 1000, NULL, NULL, NULL);
  ferry_inventory_builder_add (tb, a, "A", 8, 2048, v1, 1000, root, "\\", NULL);
  ferry_inventory_builder_add (tb, m, "M", 4, 1024, v1, 9000, a, "\\A", NULL);   /* newer in the target */
  source = ferry_inventory_builder_end (sb);
  target = ferry_inventory_builder_end (tb);

  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_USE_NEWER);
  set = ferry_rule_set_new (settings);
  g_ptr_array_add (content, ferry_content_item_new (r, "R", 3, 768, NULL, FERRY_CONFLICT_ACTION_REPLACE, TRUE));
  g_ptr_array_add (content, ferry_content_item_new (r, "R again", 3, 768, NULL, FERRY_CONFLICT_ACTION_DELETE, TRUE));
  g_ptr_array_add (content, ferry_content_item_new ("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "Ghost", 4, 0, NULL,
                                                    FERRY_CONFLICT_ACTION_REPLACE, FALSE));
  g_ptr_array_add (content, ferry_content_item_new (u, "Someone", 34, 8704, NULL, FERRY_CONFLICT_ACTION_REPLACE, FALSE));
  g_hash_table_add (dependents, (gpointer) m);

  result = ferry_preview_compute (set, FERRY_PACKAGE_TYPE_PROJECT, source, target, content, dependents, NULL, &error);
  g_assert_no_error (error);

  /* R: its own action, absent from the target; the first mention wins. */
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, r)), ==, FERRY_OUTCOME_CREATE);
  g_assert_cmpint (ferry_preview_item_get_origin (ferry_preview_result_lookup (result, r)), ==, FERRY_PREVIEW_ORIGIN_CONTENT);
  /* M: a dependent, default action use_newer, newer in the target → keep */
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, m)), ==, FERRY_OUTCOME_KEEP_EXISTING);
  g_assert_cmpstr (ferry_preview_item_get_rule (ferry_preview_result_lookup (result, m)), ==, "Default: use newer");
  /* B: the folder above R that the target lacks is created; A exists. */
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, b)), ==, FERRY_OUTCOME_CREATE);
  g_assert_cmpint (ferry_preview_item_get_origin (ferry_preview_result_lookup (result, b)), ==, FERRY_PREVIEW_ORIGIN_FOLDER);
  g_assert_null (ferry_preview_result_lookup (result, a));
  /* Ghost is not in the source, Someone is a user: both fail, and so does the migration. */
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")), ==,
                   FERRY_OUTCOME_FAIL);
  g_assert_nonnull (strstr (ferry_preview_item_get_explanation (ferry_preview_result_lookup (result, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")),
                            "is not in the source"));
  g_assert_cmpint (ferry_preview_item_get_outcome (ferry_preview_result_lookup (result, u)), ==, FERRY_OUTCOME_FAIL);
  g_assert_nonnull (strstr (ferry_preview_item_get_explanation (ferry_preview_result_lookup (result, u)),
                            "project packages take only project objects"));
  g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_FAIL), ==, 2);
  g_assert_true (g_str_has_prefix (ferry_preview_result_get_failure (result), "The migration will fail: "));
  g_assert_cmpuint (ferry_preview_result_get_n_items (result), ==, 5);
}

/* ------------------------------------------------------------------------ */
/* First use: New Migration → Next → Next → Run → Undo                        */
/* ------------------------------------------------------------------------ */

static gboolean
dialog_gone (gpointer data)
{
  return utu_find_dialog () == NULL;
}

/* The focus of DIALOG is on the button of RESPONSE's label (Enter presses it). */
static gboolean
dialog_focus_is (gpointer data)
{
  AdwMessageDialog *dialog = utu_find_dialog ();
  GtkWidget *focus = dialog != NULL ? gtk_root_get_focus (GTK_ROOT (dialog)) : NULL;

  return focus != NULL && GTK_IS_BUTTON (focus) && gtk_button_get_label (GTK_BUTTON (focus)) != NULL &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), data) == 0;
}

static void
assert_dialog_focus (const char *label)
{
  if (!utu_spin_until (dialog_focus_is, (gpointer) label, 5000))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (utu_find_dialog ()));

      g_error ("the dialog's focus is on %s “%s”, not on “%s”", focus ? G_OBJECT_TYPE_NAME (focus) : "nothing",
               focus && GTK_IS_BUTTON (focus) ? gtk_button_get_label (GTK_BUTTON (focus)) : "", label);
    }
}

/* As a click on a response's button: the response, and the dialog closes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_autofree char *id = g_strdup (response);

  adw_message_dialog_response (dialog, id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (dialog_gone, NULL, 5000));
}

typedef struct
{
  GtkWidget *widget;
  GtkWindow *window;
} FocusOn;

static gboolean
focus_is (gpointer data)
{
  FocusOn *f = data;

  return gtk_root_get_focus (GTK_ROOT (f->window)) == f->widget;
}

static void
assert_focus (FerryMigrationEditor *editor,
              const char           *button)
{
  FocusOn f = { GTK_WIDGET (utu_child (editor, E, button)), GTK_WINDOW (editor) };

  if (!utu_spin_until (focus_is, &f, 20000))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (editor));

      g_error ("the focus is on %s, not on %s", focus ? G_OBJECT_TYPE_NAME (focus) : "nothing", button);
    }
  /* and Enter presses it */
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (editor)) == f.widget);
}

static gboolean
width_at_most (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) <= 400;
}

static gboolean
width_at_least (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (data)) >= 1000;
}

/* A step as it looks: 1,100 px, in dark mode, and 400 px wide. */
static void
shoot (FerryMigrationEditor *editor,
       const char           *step)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *wide = g_strdup_printf ("migration-editor-%s.png", step);
  g_autofree char *dark = g_strdup_printf ("migration-editor-%s-dark.png", step);
  g_autofree char *narrow = g_strdup_printf ("migration-editor-%s-400.png", step);

  utu_screenshot (GTK_WIDGET (editor), wide);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  utu_screenshot (GTK_WIDGET (editor), dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (editor), 400, 760);
  if (utu_spin_until (width_at_most, editor, 5000))
    utu_screenshot (GTK_WIDGET (editor), narrow);
  else
    g_test_message ("the editor did not narrow to 400 px: no %s", narrow);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1100, 760);
  utu_spin_until (width_at_least, editor, 5000);
}

static GHashTable *
versions_of (JsonNode *objects)
{
  GHashTable *versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);

      g_hash_table_insert (versions, g_strdup (json_object_get_string_member (o, "id")),
                           g_strdup_printf ("%s %s", json_object_get_string_member (o, "version"),
                                            json_object_get_string_member_with_default (o, "dateModified", "")));
    }
  return versions;
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_visible (data) && gtk_widget_is_sensitive (data);
}

typedef struct
{
  FerryMigrationEditor    *editor;
  FerryMigrationEditorPage page;
} PageIs;

static gboolean
page_is (gpointer data)
{
  PageIs *p = data;

  return ferry_migration_editor_get_page (p->editor) == p->page;
}

/* As Enter or a click: a button's "clicked" comes after its press animation. */
static void
press_to_page (FerryMigrationEditor     *editor,
               GtkWidget                *button,
               FerryMigrationEditorPage  page)
{
  PageIs p = { editor, page };

  g_assert_true (gtk_widget_activate (button));
  g_assert_true (utu_spin_until (page_is, &p, 5000));
}

static gboolean
count_reached (gpointer data)
{
  return ((Started *) data)->count > 0;
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
show_migration_cb (FerryMigrationEditor *editor,
                   const char           *id,
                   char                **shown)
{
  g_free (*shown);
  *shown = g_strdup (id);
  g_signal_stop_emission_by_name (editor, "show-migration");
}

static void
test_first_use (void)
{
  Env e;
  FerryMigrationEditor *editor;
  FerryMigrationLivePage *live;
  FerryPreviewResult *result;
  FerryJob *job;
  FerryJob *undo;
  AdwMessageDialog *dialog;
  Started started = { 0 };
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  g_autoptr(JsonNode) undone_objects = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) undone = NULL;
  g_autoptr(GHashTable) source = NULL;
  g_autofree char *shown = NULL;
  guint replaced = 0, default_rule = 0;

  env_start (&e);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  source_objects = ferry_sandbox_dup_objects (e.pair.dev, UTU_TUTORIAL_ID);

  /* New Migration with nothing selected: a project merge that brings over
   * what is newer, and says so where the default is shown. */
  editor = editor_new (&e, NULL);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  g_signal_connect (editor, "show-migration", G_CALLBACK (show_migration_cb), &shown);
  g_assert_true (ferry_migration_editor_get_project_merge (editor));
  g_assert_cmpint (ferry_toc_settings_get_default_action (ferry_migration_editor_get_settings (editor)), ==,
                   FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (utu_child (ferry_migration_editor_get_settings_editor (editor),
                                                              FERRY_TYPE_SETTINGS_EDITOR, "default_note"))), ==,
                   ferry_conflict_action_get_default_note (FERRY_CONFLICT_ACTION_USE_NEWER));

  /* The focus is on Next (not on "Open Plan…"), Enter presses it, and Alt+N is Next's. */
  assert_focus (editor, "next_button");
  {
    GtkWidget *label = gtk_button_get_child (GTK_BUTTON (utu_child (editor, E, "next_button")));

    g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label))), ==, GDK_KEY_n);
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (what_child (editor, "name_row"))), ==, "Na_me");
  }
  shoot (editor, "step1-what");

  /* Next, Next: the Rules page, then the preview, focus on Run. */
  press_to_page (editor, gtk_window_get_default_widget (GTK_WINDOW (editor)), FERRY_MIGRATION_EDITOR_PAGE_RULES);
  assert_focus (editor, "next_button");
  shoot (editor, "step2-rules");
  press_to_page (editor, gtk_window_get_default_widget (GTK_WINDOW (editor)), FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);
  g_assert_true (utu_spin_until (preview_ready, editor, 30000));
  assert_focus (editor, "run_button");
  result = ferry_preview_view_get_result (ferry_migration_editor_get_preview_view (editor));
  /* use_newer updates what is newer in the source, in words */
  for (guint i = 0; i < ferry_preview_result_get_n_items (result); i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (ferry_preview_result_get_items (result), i);

      if (g_strcmp0 (ferry_preview_item_get_rule (item), "Default: use newer") == 0)
        default_rule++;
      /* words, never a JSON token */
      g_assert_null (strchr (ferry_preview_item_get_rule (item), '_'));
      if (ferry_preview_item_get_outcome (item) == FERRY_OUTCOME_REPLACE)
        replaced++;
    }
  g_assert_cmpuint (replaced, >, 0);
  g_assert_cmpuint (default_rule, >, 0);
  g_assert_true (ferry_preview_result_get_undo_possible (result));
  shoot (editor, "step3-preview");

  /* Run: no question (its counts are on screen), and the editor becomes
   * the migration's live page. */
  press_to_page (editor, gtk_window_get_default_widget (GTK_WINDOW (editor)), FERRY_MIGRATION_EDITOR_PAGE_RUN);
  g_assert_null (utu_find_dialog ());
  g_assert_cmpuint (started.count, ==, 1);
  job = started.job;
  live = ferry_migration_editor_get_live_page (editor);
  g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_RUN);
  g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_IMPORTING);
  g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Importing into Production…");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (live, FERRY_TYPE_MIGRATION_LIVE_PAGE, "progress_box"))));
  g_assert_null (blocked_label (editor));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "run_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "back_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "done_button"))));
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-step4-importing.png");

  /* The result in the past tense, with Undo, Show in Migrations and Done. */
  g_assert_true (utu_spin_until (job_over, job, 120000));
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_IMPORTED);
  g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Imported into Production");
  {
    g_autofree char *summary = ferry_preview_result_dup_summary (result);

    g_assert_nonnull (strstr (ferry_migration_live_page_get_description (live), summary));
    g_assert_nonnull (strstr (summary, "updated"));
  }
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (live, FERRY_TYPE_MIGRATION_LIVE_PAGE, "progress_box"))));
  g_assert_null (blocked_label (editor));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "undo_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "show_button"))));
  assert_focus (editor, "done_button");
  /* Production has what is newer in the source. */
  after_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  after = versions_of (after_objects);
  source = versions_of (source_objects);
  for (guint i = 0; i < ferry_preview_result_get_n_items (result); i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (ferry_preview_result_get_items (result), i);
      FerryOutcome outcome = ferry_preview_item_get_outcome (item);

      if (outcome == FERRY_OUTCOME_REPLACE || outcome == FERRY_OUTCOME_CREATE)
        g_assert_cmpstr (g_hash_table_lookup (after, ferry_preview_item_get_id (item)), ==,
                         g_hash_table_lookup (source, ferry_preview_item_get_id (item)));
    }
  /* Show in Migrations names the migration. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (utu_child (editor, E, "show_button"))));
  g_assert_true (utu_spin_until (string_set, &shown, 5000));
  g_assert_cmpstr (shown, ==, ferry_job_get_migration_id (job));
  shoot (editor, "step5-imported");

  /* Undo asks once, Enter (the default response) undoes. */
  g_assert_true (utu_spin_until (widget_sensitive, utu_child (editor, E, "undo_button"), 20000));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (utu_child (editor, E, "undo_button"))));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "undo");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Undo “Merge MicroStrategy Tutorial"));
  assert_dialog_focus ("_Undo");
  utu_screenshot (GTK_WIDGET (dialog), "migration-editor-undo-confirm.png");
  answer (dialog, adw_message_dialog_get_default_response (dialog));
  undo = ferry_migration_editor_get_undo_job (editor);
  g_assert_nonnull (undo);
  g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_UNDOING);
  g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Undoing…");
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-step6-undoing.png");
  g_assert_true (utu_spin_until (job_over, undo, 120000));
  if (ferry_job_get_state (undo) != FERRY_JOB_STATE_SUCCEEDED)
    g_error ("the undo ended %d: %s", ferry_job_get_state (undo),
             ferry_job_get_error (undo) ? ferry_job_get_error (undo)->message : "(no error)");
  g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_UNDONE);
  g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Undone: Production is back as it was");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "undo_button"))));
  assert_focus (editor, "done_button");
  /* Production is back as it was: the same objects, the same versions. */
  undone_objects = ferry_sandbox_dup_objects (e.pair.prod, UTU_TUTORIAL_ID);
  undone = versions_of (undone_objects);
  before = versions_of (before_objects);
  g_assert_cmpuint (g_hash_table_size (undone), ==, g_hash_table_size (before));
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpstr (g_hash_table_lookup (undone, key), ==, value);
  }
  shoot (editor, "step7-undone");

  /* Done closes. */
  {
    GtkWidget *weak = GTK_WIDGET (editor);

    g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &weak);
    g_object_ref (editor);
    g_assert_true (gtk_widget_activate (GTK_WIDGET (utu_child (editor, E, "done_button"))));
    g_assert_true (utu_spin_until (widget_hidden, editor, 5000));
    g_object_unref (editor);
    g_assert_null (weak);
  }

  g_clear_object (&started.job);
  env_stop (&e);
}

/* Run asks only when the preview duplicates, deletes or cannot be undone;
 * the default response runs, and it is destructive when it deletes. */
static void
test_run_confirmation (void)
{
  Env e;
  FerryMigrationEditor *editor;
  FerryTocSettings *settings;
  FerryPreviewResult *result;
  AdwMessageDialog *dialog;
  Started started = { 0 };

  env_start (&e);
  editor = editor_new (&e, NULL);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  settings = ferry_migration_editor_get_settings (editor);

  /* keep_both: duplicates, and no undo. */
  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  go_to_preview (editor);
  result = ferry_preview_view_get_result (ferry_migration_editor_get_preview_view (editor));
  g_assert_true (ferry_preview_result_get_needs_confirmation (result));
  assert_focus (editor, "run_button");
  g_assert_true (gtk_widget_activate (GTK_WIDGET (utu_child (editor, E, "run_button"))));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "run");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "run"), ==, ADW_RESPONSE_SUGGESTED);
  assert_dialog_focus ("_Run");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "(keep both)"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Undo will not be available for this migration."));
  utu_screenshot (GTK_WIDGET (dialog), "migration-editor-run-confirm.png");
  /* Escape (the close response) runs nothing. */
  answer (dialog, adw_message_dialog_get_close_response (dialog));
  g_assert_cmpuint (started.count, ==, 0);
  g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_PREVIEW);

  /* A delete: the question is destructive, and its default runs. */
  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_DELETE);
  ferry_toc_settings_set_validate_dependencies (settings, FALSE);
  utu_wait_ms (600);
  g_assert_true (utu_spin_until (preview_ready, editor, 30000));
  result = ferry_preview_view_get_result (ferry_migration_editor_get_preview_view (editor));
  if (ferry_preview_result_get_count (result, FERRY_OUTCOME_FAIL) > 0)
    g_test_message ("deleting every object would fail on a dependency: no destructive question to see");
  else
    {
      g_assert_cmpuint (ferry_preview_result_get_count (result, FERRY_OUTCOME_DELETE), >, 0);
      g_assert_true (gtk_widget_activate (GTK_WIDGET (utu_child (editor, E, "run_button"))));
      g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
      dialog = utu_find_dialog ();
      g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "run");
      g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "run"), ==, ADW_RESPONSE_DESTRUCTIVE);
      g_assert_true (g_str_has_prefix (adw_message_dialog_get_body (dialog), "It deletes "));
      answer (dialog, adw_message_dialog_get_default_response (dialog));
      g_assert_true (utu_spin_until (count_reached, &started, 5000));
      g_assert_cmpuint (started.count, ==, 1);
      g_assert_cmpint (ferry_migration_editor_get_page (editor), ==, FERRY_MIGRATION_EDITOR_PAGE_RUN);
      g_assert_true (utu_spin_until (job_over, started.job, 120000));
    }

  g_clear_object (&started.job);
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

/* ------------------------------------------------------------------------ */
/* Failure, retry, package                                                    */
/* ------------------------------------------------------------------------ */

static gboolean
notification_came (gpointer data)
{
  return utu_notifications_sent >= GPOINTER_TO_UINT (data);
}

/* Set when a job ends: whether the editor was the active window then. */
static gboolean active_at_end;

static void
record_active_at_end (GtkWindow *editor)
{
  active_at_end = gtk_window_is_active (editor);
}

static void
test_failure_and_retry (void)
{
  Env e;
  FerryMigrationEditor *editor;
  Started started = { 0 };
  FerryJob *job;
  const char *text;
  g_autofree char *migration_id = NULL;
  guint notifications_before;

  env_start (&e);
  editor = editor_new (&e, NULL);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  go_to_preview (editor);

  notifications_before = utu_notifications_sent;

  /* The target refuses the import once (a 5xx the job would ride out; a
   * 400 it cannot). */
  ferry_sandbox_add_fault (e.pair.prod, "PUT", "/api/migrations/", 1, FERRY_SANDBOX_FAULT_STATUS, 400,
                           "application/json",
                           "{\"code\": \"ERR006\", \"message\": \"The import service is unavailable\","
                           " \"ticketId\": \"7c1f0e5a9b2d4c3e8f6a1b2c3d4e5f60\"}", 0);
  /* The preview is the confirmation: an undoable merge that deletes and
   * duplicates nothing runs at once. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.run", NULL));
  g_assert_null (utu_find_dialog ());
  g_assert_cmpuint (started.count, ==, 1);
  job = started.job;
  /* Whether the editor was the active window when the job ended: the
   * moment it decides on a desktop notification. */
  g_signal_connect_swapped (job, "finished", G_CALLBACK (record_active_at_end), editor);
  g_assert_true (utu_spin_until (job_over, job, 120000));
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_FAILED);
  utu_wait_ms (50);
  {
    FerryMigrationLivePage *live = ferry_migration_editor_get_live_page (editor);

    g_assert_cmpint (ferry_migration_live_page_get_state (live), ==, FERRY_LIVE_STATE_FAILED);
    g_assert_cmpstr (ferry_migration_live_page_get_title (live), ==, "Not imported into Production");
    text = ferry_migration_live_page_get_description (live);
    g_assert_nonnull (strstr (text, "The import service is unavailable"));
    g_assert_nonnull (strstr (text, "7c1f0e5a9b2d4c3e8f6a1b2c3d4e5f60"));
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "retry_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "login_button"))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "show_button"))));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (utu_child (editor, E, "show_button"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "undo_button"))));
  /* Not the active window: a desktop notification. */
  if (!active_at_end)
    {
      g_assert_true (utu_spin_until (notification_came, GUINT_TO_POINTER (notifications_before + 1), 5000));
      g_assert_cmpstr (utu_notification_summary, ==, "Migration Failed");
      g_assert_nonnull (strstr (utu_notification_body, "The import service is unavailable"));
    }
  else
    g_test_message ("the editor is the active window: no desktop notification expected");
  utu_screenshot (GTK_WIDGET (editor), "migration-editor-run-failed.png");

  /* Retry goes on with the same migration, to "imported". */
  migration_id = g_strdup (ferry_job_get_migration_id (job));
  g_assert_nonnull (migration_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.retry", NULL));
  g_assert_cmpuint (started.count, ==, 2);
  g_assert_cmpstr (ferry_job_get_migration_id (started.job), ==, migration_id);
  g_assert_true (utu_spin_until (job_over, started.job, 120000));
  g_assert_cmpint (ferry_job_get_state (started.job), ==, FERRY_JOB_STATE_SUCCEEDED);
  utu_wait_ms (50);
  g_assert_cmpstr (ferry_migration_live_page_get_title (ferry_migration_editor_get_live_page (editor)), ==,
                   "Imported into Production");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (utu_child (editor, E, "retry_button"))));

  g_clear_object (&started.job);
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
}

static void
test_save_package (void)
{
  Env e;
  const char *selected[] = { UTU_YEAR_ID, NULL };
  FerryMigrationEditor *editor;
  Started started = { 0 };
  g_autofree char *dir = g_dir_make_tmp ("ferry-package-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "year.mmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  FerryJob *job;
  guint64 size;

  env_start (&e);
  editor = editor_new (&e, selected);
  g_signal_connect (editor, "job-started", G_CALLBACK (job_started_cb), &started);
  g_assert_true (utu_spin_until (content_resolved, editor, 20000));

  /* keep_both as an object's own action: no undo either, and both pages say so. */
  {
    g_autoptr(FerryContentItem) year = g_list_model_get_item (G_LIST_MODEL (ferry_migration_editor_get_content (editor)), 0);
    FerrySettingsEditor *settings_editor = ferry_migration_editor_get_settings_editor (editor);
    GtkWidget *warning = GTK_WIDGET (utu_child (settings_editor, FERRY_TYPE_SETTINGS_EDITOR, "undo_warning"));
    GtkWidget *note = GTK_WIDGET (content_child (editor, "undo_box"));

    g_assert_false (gtk_widget_get_visible (note));
    ferry_content_item_set_action (year, FERRY_CONFLICT_ACTION_KEEP_BOTH);
    g_assert_true (gtk_widget_get_visible (note));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (content_child (editor, "undo_label"))),
                              "Undo will not be available for this migration"));
    g_assert_true (gtk_widget_get_visible (warning));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (utu_child (settings_editor, FERRY_TYPE_SETTINGS_EDITOR,
                                                                         "undo_warning_detail"))),
                              "the action of “Year”"));
    go_to_preview (editor);
    g_assert_false (ferry_preview_result_get_undo_possible (ferry_preview_view_get_result (ferry_migration_editor_get_preview_view (editor))));
    ferry_content_item_set_action (year, FERRY_CONFLICT_ACTION_REPLACE);
    g_assert_false (gtk_widget_get_visible (note));
    g_assert_false (gtk_widget_get_visible (warning));
    ferry_migration_editor_set_page (editor, FERRY_MIGRATION_EDITOR_PAGE_WHAT);
  }

  job = ferry_migration_editor_save_package_to_file (editor, file);
  g_assert_nonnull (job);
  g_assert_true (FERRY_IS_PACKAGE_CREATE_JOB (job));
  g_assert_true (utu_spin_until (job_over, job, 60000));
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

    g_assert_nonnull (info);
    size = g_file_info_get_size (info);
    g_assert_cmpuint (size, >, 0);
  }
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (run_child (editor, "run_label"))), "year.mmp"));

  /* Not for a project merge. */
  ferry_migration_editor_set_project_merge (editor, TRUE);
  g_assert_null (ferry_migration_editor_save_package_to_file (editor, file));

  g_clear_object (&started.job);
  gtk_window_destroy (GTK_WINDOW (editor));
  env_stop (&e);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (utu_init (&argc, &argv) == NULL)
    return 0;
  utu_notification_server_start ();

  g_test_add_func ("/migration-editor/define", test_define);
  g_test_add_func ("/migration-editor/merge-defaults-and-blocking", test_merge_defaults_and_blocking);
  g_test_add_func ("/migration-editor/preview-and-run", test_preview_and_run);
  g_test_add_func ("/migration-editor/object-migration-run", test_object_migration_run);
  g_test_add_func ("/migration-editor/preview-compute", test_preview_compute);
  g_test_add_func ("/migration-editor/failure-and-retry", test_failure_and_retry);
  g_test_add_func ("/migration-editor/first-use", test_first_use);
  g_test_add_func ("/migration-editor/run-confirmation", test_run_confirmation);
  g_test_add_func ("/migration-editor/save-package", test_save_package);

  return g_test_run ();
}
