/* test-plan.c: plan files, alone and through the migration editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display for the editor parts (suite ui).
 *
 *   - a plan goes to JSON and back unchanged; URLs lose user information,
 *     query and fragment; broken plans are refused with a sentence that
 *     names the problem;
 *   - the editor's plan, saved and opened again in a new editor, is the
 *     same plan (JSON equal) — for an object migration and for a project
 *     merge with rules — and the file holds neither the password of the
 *     account the environments are connected with (migrator / Ferry-Migr8!)
 *     nor either session token (read with the connection's test accessor);
 *   - a plan opened against another target: when the plan's target is not
 *     available the editor keeps its own and says so; when it is (by URL),
 *     the editor switches to it.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-connection-private.h"
#include "ferry-migration-editor.h"
#include "ferry-migration-what-page.h"
#include "ferry-plan.h"
#include "ui-test-util.h"

/* ------------------------------------------------------------------------ */
/* Plans alone                                                                */
/* ------------------------------------------------------------------------ */

static FerryPlan *
sample_plan (void)
{
  FerryPlan *plan = ferry_plan_new ();
  g_autoptr(JsonNode) file = utu_fixture ("package-define-project.json");

  plan->name = g_strdup ("Year to Production");
  plan->purpose = FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  plan->package_type = FERRY_PACKAGE_TYPE_PROJECT;
  ferry_plan_set_endpoint (&plan->source, "Development", "http://127.0.0.1:1234/MicroStrategyLibrary",
                           UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_plan_set_endpoint (&plan->target, "Production", "https://prod.example.com/MicroStrategyLibrary/",
                           UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  plan->settings = json_node_init_object (json_node_alloc (), utu_member_object (file, "settings"));
  g_ptr_array_add (plan->content, ferry_content_item_new (UTU_YEAR_ID, "Year", 12, 3072,
                                                          "\\Schema Objects\\Attributes\\Time",
                                                          FERRY_CONFLICT_ACTION_REPLACE, TRUE));
  return plan;
}

static void
test_round_trip (void)
{
  g_autoptr(FerryPlan) plan = sample_plan ();
  g_autoptr(FerryPlan) back = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  data = ferry_plan_to_data (plan, &length);
  g_assert_cmpuint (length, ==, strlen (data));
  back = ferry_plan_new_from_data (data, -1, &error);
  g_assert_no_error (error);

  a = ferry_plan_to_json (plan);
  b = ferry_plan_to_json (back);
  g_assert_true (json_node_equal (a, b));
  g_assert_cmpstr (back->target.environment_url, ==, "https://prod.example.com/MicroStrategyLibrary");
  g_assert_cmpuint (back->content->len, ==, 1);
  g_assert_cmpstr (ferry_content_item_get_path (g_ptr_array_index (back->content, 0)), ==,
                   "\\Schema Objects\\Attributes\\Time");

  /* The settings are the sample's, member for member. */
  {
    g_autoptr(JsonNode) file = utu_fixture ("package-define-project.json");
    g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (), utu_member_object (file, "settings"));

    g_assert_true (json_node_equal (back->settings, expected));
  }
}

static void
test_clean_url (void)
{
  g_autofree char *a = ferry_plan_clean_url ("http://migrator:Ferry-Migr8!@host:8080/MicroStrategyLibrary/?token=abc#x");
  g_autofree char *b = ferry_plan_clean_url ("https://host/MicroStrategyLibrary");
  g_autoptr(FerryPlan) plan = ferry_plan_new ();
  g_autofree char *data = NULL;

  g_assert_cmpstr (a, ==, "http://host:8080/MicroStrategyLibrary");
  g_assert_cmpstr (b, ==, "https://host/MicroStrategyLibrary");

  /* Even a URL typed with a password in it never reaches the file. */
  ferry_plan_set_endpoint (&plan->source, "Dev", "http://migrator:Ferry-Migr8!@host:8080/MicroStrategyLibrary", NULL, NULL);
  data = ferry_plan_to_data (plan, NULL);
  g_assert_null (strstr (data, "Ferry-Migr8!"));
  g_assert_null (strstr (data, "migrator"));
}

static void
assert_refused (const char *text,
                const char *expected_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) plan = ferry_plan_new_from_data (text, -1, &error);

  g_assert_null (plan);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FERRY_PLAN_ERROR);
  if (strstr (error->message, expected_words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected_words);
}

static void
test_refused (void)
{
  assert_refused ("not json", "not a usable Ferry plan");
  assert_refused ("{\"format\": \"something\", \"version\": 1}", "format is 'something'");
  assert_refused ("{\"format\": \"ferry-plan\", \"version\": 99}", "newer version of Ferry");
  assert_refused ("{\"format\": \"ferry-plan\", \"version\": 1, \"kind\": \"merge\", \"packageType\": \"project\"}",
                  "kind 'merge'");
  assert_refused ("{\"format\": \"ferry-plan\", \"version\": 1, \"kind\": \"object_migration\","
                  " \"packageType\": \"project\", \"source\": {\"environment\": {}, \"project\": null},"
                  " \"target\": {\"environment\": {}, \"project\": null},"
                  " \"content\": [{\"id\": \"X\", \"action\": \"overwrite\"}]}",
                  "content[0].action 'overwrite'");
  assert_refused ("{\"format\": \"ferry-plan\", \"version\": 1, \"kind\": \"project_merge\","
                  " \"packageType\": \"project\", \"source\": {\"environment\": {}, \"project\": null},"
                  " \"target\": {\"environment\": {}, \"project\": null},"
                  " \"settings\": {\"defaultAction\": \"sometimes\"}}",
                  "defaultAction");
}

/* ------------------------------------------------------------------------ */
/* Through the editor                                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  UtuPair           pair;
  FerryEnvironment *dev;
  FerryEnvironment *prod;
  char             *dir;
} Env;

static void
env_start (Env *e)
{
  memset (e, 0, sizeof *e);
  utu_pair_start (&e->pair);
  e->dev = utu_environment_connect (e->pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);
  e->prod = utu_environment_connect (e->pair.prod, "Production", UTU_MIGRATOR, UTU_PASSWORD);
  e->dir = g_dir_make_tmp ("ferry-plan-test-XXXXXX", NULL);
}

static void
env_stop (Env *e)
{
  g_autofree char *plan = g_build_filename (e->dir, "plan.json", NULL);

  g_clear_object (&e->dev);
  g_clear_object (&e->prod);
  utu_pair_stop (&e->pair);
  g_unlink (plan);
  g_rmdir (e->dir);
  g_free (e->dir);
}

static gboolean
editor_ready (gpointer data)
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
  utu_present (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (editor_ready, editor, 20000));
  return editor;
}

static gboolean
file_written (gpointer data)
{
  g_autoptr(GFileInfo) info = g_file_query_info (data, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

  return info != NULL && g_file_info_get_size (info) > 0;
}

static char *
save_and_read (FerryMigrationEditor *editor,
               GFile                *file)
{
  char *contents = NULL;

  g_file_delete (file, NULL, NULL);
  ferry_migration_editor_save_plan_to_file (editor, file);
  g_assert_true (utu_spin_until (file_written, file, 10000));
  utu_wait_ms (100);   /* the replace is atomic: it is there whole */
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  return contents;
}

static void
assert_no_secret (Env        *e,
                  const char *contents)
{
  const char *tokens[] = {
    _ferry_connection_get_token_for_tests (ferry_environment_get_connection (e->dev)),
    _ferry_connection_get_token_for_tests (ferry_environment_get_connection (e->prod)),
  };

  g_assert_null (strstr (contents, UTU_PASSWORD));
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_assert_nonnull (tokens[i]);
      g_assert_cmpuint (strlen (tokens[i]), >, 8);
      g_assert_null (strstr (contents, tokens[i]));
    }
  /* Not even the account: environments are named by name and URL. */
  g_assert_null (strstr (contents, UTU_MIGRATOR));
}

typedef struct
{
  FerryMigrationEditor *editor;
  JsonNode             *expected;
} Loaded;

/* The editor's plan is the expected one (the file is read asynchronously). */
static gboolean
plan_loaded (gpointer data)
{
  Loaded *l = data;
  g_autoptr(FerryPlan) plan = ferry_migration_editor_dup_plan (l->editor);
  g_autoptr(JsonNode) json = ferry_plan_to_json (plan);

  return json_node_equal (json, l->expected);
}

static void
reopen_and_compare (Env                  *e,
                    FerryMigrationEditor *editor,
                    GFile                *file)
{
  g_autoptr(FerryPlan) before = ferry_migration_editor_dup_plan (editor);
  g_autoptr(JsonNode) before_json = ferry_plan_to_json (before);
  g_autoptr(FerryPlan) after = NULL;
  g_autoptr(JsonNode) after_json = NULL;
  FerryMigrationEditor *fresh;
  Loaded loaded;

  /* A new editor, of the other kind to begin with. */
  fresh = editor_new (e, NULL);
  loaded.editor = fresh;
  loaded.expected = before_json;
  g_assert_false (plan_loaded (&loaded));   /* the other kind: it differs */
  ferry_migration_editor_open_plan_from_file (fresh, file);
  utu_spin_until (plan_loaded, &loaded, 10000);
  g_assert_true (utu_spin_until (editor_ready, fresh, 20000));
  g_assert_null (ferry_migration_editor_get_plan_notice (fresh));

  after = ferry_migration_editor_dup_plan (fresh);
  after_json = ferry_plan_to_json (after);
  if (!json_node_equal (before_json, after_json))
    g_error ("reopened plan differs:\n%s\n%s", json_to_string (before_json, TRUE), json_to_string (after_json, TRUE));
  gtk_window_destroy (GTK_WINDOW (fresh));
}

static gboolean
content_resolved (gpointer data)
{
  GListModel *content = G_LIST_MODEL (ferry_migration_editor_get_content (data));
  g_autoptr(FerryContentItem) item = g_list_model_get_n_items (content) ? g_list_model_get_item (content, 0) : NULL;

  return item != NULL && ferry_content_item_get_object_type (item) > 0;
}

static void
test_editor_save_reopen (void)
{
  Env e;
  const char *selected[] = { UTU_YEAR_ID, NULL };
  FerryMigrationEditor *editor;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;

  env_start (&e);
  path = g_build_filename (e.dir, "plan.json", NULL);
  file = g_file_new_for_path (path);

  /* An object migration of Year, with its settings changed here and there. */
  editor = editor_new (&e, selected);
  g_assert_true (utu_spin_until (content_resolved, editor, 20000));
  {
    FerryTocSettings *settings = ferry_migration_editor_get_settings (editor);
    g_autoptr(FerryContentItem) year = g_list_model_get_item (G_LIST_MODEL (ferry_migration_editor_get_content (editor)), 0);

    ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_USE_NEWER);
    ferry_toc_settings_set_update_schema_logical_info (settings, TRUE);
    ferry_toc_settings_set_acl_on_new_objects (settings, FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
    ferry_content_item_set_action (year, FERRY_CONFLICT_ACTION_FORCE_REPLACE);
    ferry_content_item_set_include_dependents (year, FALSE);
    ferry_migration_editor_set_name (editor, "Year, forced");
  }
  contents = save_and_read (editor, file);
  assert_no_secret (&e, contents);
  g_assert_nonnull (strstr (contents, "\"force_replace\""));
  g_assert_nonnull (strstr (contents, ferry_sandbox_get_base_url (e.pair.prod)));
  reopen_and_compare (&e, editor, file);
  gtk_window_destroy (GTK_WINDOW (editor));
  g_clear_pointer (&contents, g_free);

  /* A project merge with the reference page's settings and rules. */
  editor = editor_new (&e, NULL);
  {
    g_autoptr(JsonNode) request = utu_fixture ("merge-create-request.json");
    g_autoptr(GError) error = NULL;

    g_assert_true (ferry_migration_editor_get_project_merge (editor));
    ferry_toc_settings_load_json (ferry_migration_editor_get_settings (editor),
                                  utu_member_object (request, "packageInfo.tocView.settings"), &error);
    g_assert_no_error (error);
  }
  contents = save_and_read (editor, file);
  assert_no_secret (&e, contents);
  g_assert_nonnull (strstr (contents, "\"project_merge\""));
  g_assert_nonnull (strstr (contents, "\"folderActions\""));
  reopen_and_compare (&e, editor, file);
  gtk_window_destroy (GTK_WINDOW (editor));

  env_stop (&e);
}

typedef struct
{
  FerryMigrationEditor *editor;
  FerryEnvironment     *target;
} TargetWait;

static gboolean
target_is (gpointer data)
{
  TargetWait *w = data;

  return ferry_migration_editor_get_target (w->editor) == w->target &&
         ferry_migration_editor_get_target_project_id (w->editor) != NULL;
}

static gboolean
notice_shown (gpointer data)
{
  return ferry_migration_editor_get_plan_notice (data) != NULL;
}

static void
test_other_target (void)
{
  Env e;
  FerryMigrationEditor *editor;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(FerryEnvironment) staging = NULL;
  g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  TargetWait wait;
  const char *notice;

  env_start (&e);
  editor = editor_new (&e, NULL);

  /* The plan's target is nowhere to be found: the editor keeps Production. */
  plan = ferry_migration_editor_dup_plan (editor);
  ferry_plan_set_endpoint (&plan->target, "Staging", "https://staging.example.com/MicroStrategyLibrary",
                           UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_editor_load_plan (editor, plan);
  g_assert_true (utu_spin_until (notice_shown, editor, 5000));
  g_assert_true (ferry_migration_editor_get_target (editor) == e.prod);
  notice = ferry_migration_editor_get_plan_notice (editor);
  g_assert_nonnull (strstr (notice, "Staging"));
  g_assert_nonnull (strstr (notice, "Production"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "notice_revealer"))));
  utu_screenshot (GTK_WIDGET (editor), "plan-other-target.png");

  /* A "Staging" environment the user has (here: served by the Development
   * sandbox, so that Development has the same URL), connected: the plan,
   * matched by name and URL, switches the target to it. */
  staging = utu_environment_connect (e.pair.dev, "Staging", UTU_MIGRATOR, UTU_PASSWORD);
  g_list_store_append (environments, e.dev);
  g_list_store_append (environments, e.prod);
  g_list_store_append (environments, staging);
  ferry_migration_editor_set_environments (editor, G_LIST_MODEL (environments));
  ferry_plan_set_endpoint (&plan->target, "Staging", ferry_sandbox_get_base_url (e.pair.dev),
                           UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_editor_load_plan (editor, plan);
  wait.editor = editor;
  wait.target = staging;
  g_assert_true (utu_spin_until (target_is, &wait, 10000));
  g_assert_null (ferry_migration_editor_get_plan_notice (editor));
  g_assert_cmpstr (ferry_migration_editor_get_target_project_id (editor), ==, UTU_TUTORIAL_ID);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (utu_child (utu_child (editor, FERRY_TYPE_MIGRATION_EDITOR, "what_page"),
                                                                          FERRY_TYPE_MIGRATION_WHAT_PAGE, "target_row"))), ==, 2);

  gtk_window_destroy (GTK_WINDOW (editor));
  g_clear_object (&staging);
  env_stop (&e);
}

int
main (int   argc,
      char *argv[])
{
  if (utu_init (&argc, &argv) == NULL)
    return 0;

  g_test_add_func ("/plan/round-trip", test_round_trip);
  g_test_add_func ("/plan/clean-url", test_clean_url);
  g_test_add_func ("/plan/refused", test_refused);
  g_test_add_func ("/plan/editor-save-reopen-no-secrets", test_editor_save_reopen);
  g_test_add_func ("/plan/other-target", test_other_target);

  return g_test_run ();
}
