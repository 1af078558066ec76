/* test-migration-draft.c: FerryMigrationDraft with no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every blocked reason reached and cleared (the environments connected to
 * two in-process sandboxes), the spec of a project merge and of an object
 * migration, and a plan taken out, loaded into a new draft and taken out
 * again, equal.
 */

#include "config.h"

#include <string.h>

#include "ferry-core.h"
#include "ferry-sandbox.h"
#include "sb-test-util.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* ------------------------------------------------------------------------ */
/* Sandboxes and environments                                                 */
/* ------------------------------------------------------------------------ */

static FerrySandbox *
start_sandbox (const char *seed,
               const char *name)
{
  SbtOptions options = { .seed = seed, .name = name };

  return sbt_sandbox_start (&options);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
connect_environment (FerryEnvironment *environment)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_async (environment, "", NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_environment_connect_finish (environment, result, &error));
  g_assert_no_error (error);
}

static FerryEnvironment *
environment_new (FerrySandbox *sandbox,
                 const char   *name)
{
  return ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
}

static void
disconnect_environment (gpointer data)
{
  ferry_environment_disconnect (data);
  g_object_unref (data);
}

typedef struct
{
  FerryEnvironment *dev;
  FerryEnvironment *prod;
} Fixture;

/* Two environments, connected. */
static void
fixture_connected (Fixture *f)
{
  FerrySandbox *dev = start_sandbox ("tutorial-dev", "Development");
  FerrySandbox *prod = start_sandbox ("tutorial-prod", "Production");

  f->dev = environment_new (dev, "Development");
  f->prod = environment_new (prod, "Production");
  connect_environment (f->dev);
  connect_environment (f->prod);
  g_test_queue_destroy (disconnect_environment, f->dev);
  g_test_queue_destroy (disconnect_environment, f->prod);
}

typedef struct
{
  guint reason_notified;
  guint changed;
} Counter;

static void
reason_notify_cb (Counter *counter)
{
  counter->reason_notified++;
}

static void
changed_cb (Counter *counter)
{
  counter->changed++;
}

static void
counter_watch (Counter             *counter,
               FerryMigrationDraft *draft)
{
  memset (counter, 0, sizeof *counter);
  g_signal_connect_swapped (draft, "notify::blocked-reason", G_CALLBACK (reason_notify_cb), counter);
  g_signal_connect_swapped (draft, "changed", G_CALLBACK (changed_cb), counter);
}

/* ------------------------------------------------------------------------ */
/* Blocked reasons                                                            */
/* ------------------------------------------------------------------------ */

static void
assert_reason (FerryMigrationDraft *draft,
               const char          *expected)
{
  g_autofree char *property = NULL;

  g_object_get (draft, "blocked-reason", &property, NULL);
  g_assert_cmpstr (ferry_migration_draft_get_blocked_reason (draft), ==, expected);
  g_assert_cmpstr (property, ==, expected);
}

static void
test_blocked_reasons (void)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  FerrySandbox *dev_box = start_sandbox ("tutorial-dev", "Development");
  FerrySandbox *prod_box = start_sandbox ("tutorial-prod", "Production");
  g_autoptr(FerryEnvironment) dev = environment_new (dev_box, "Development");
  g_autoptr(FerryEnvironment) prod = environment_new (prod_box, "Production");
  g_autoptr(FerryContentItem) user = ferry_content_item_new ("54F3D26011D2896560009A8E67019608", "Administrator",
                                                             34, 8704, NULL, FERRY_CONFLICT_ACTION_REPLACE, TRUE);
  g_autoptr(FerryContentItem) report = ferry_content_item_new ("D5D3C1F24A61E4B6C3B2A58F4C8C5A01", "Revenue",
                                                               3, 768, "/Public Objects/Reports",
                                                               FERRY_CONFLICT_ACTION_REPLACE, TRUE);
  FerryTocSettings *settings = ferry_migration_draft_get_settings (draft);
  GListStore *content = ferry_migration_draft_get_content (draft);
  g_autofree char *definition = NULL;
  Counter counter;

  counter_watch (&counter, draft);
  g_assert_true (ferry_migration_draft_get_generate_undo (draft));

  /* Where from. */
  assert_reason (draft, "Connect to  in the main window first");
  ferry_migration_draft_set_source (draft, dev, NULL, NULL);
  assert_reason (draft, "Connect to Development in the main window first");
  g_assert_cmpuint (counter.reason_notified, ==, 1);
  connect_environment (dev);
  /* The environment's state is watched: notified without asking. */
  g_assert_cmpuint (counter.reason_notified, ==, 2);
  assert_reason (draft, "Choose where the migration goes");

  /* Where to. */
  ferry_migration_draft_set_target (draft, prod, NULL, NULL);
  assert_reason (draft, "Connect to Production in the main window first");
  connect_environment (prod);
  assert_reason (draft, "Choose the source project in the main window first");

  /* A project merge of a configuration package cannot be: the type
   * follows the kind, and the reason shows when the settings are set
   * around the draft's back. */
  ferry_migration_draft_set_package_type (draft, FERRY_PACKAGE_TYPE_CONFIGURATION);
  ferry_migration_draft_set_project_merge (draft, TRUE);
  g_assert_cmpint (ferry_migration_draft_get_package_type (draft), ==, FERRY_PACKAGE_TYPE_PROJECT);
  g_signal_handlers_block_matched (settings, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, draft);
  ferry_toc_settings_set_package_type (settings, FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
  g_signal_handlers_unblock_matched (settings, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, draft);
  assert_reason (draft, "A project merge always uses a project package");
  ferry_migration_draft_set_package_type (draft, FERRY_PACKAGE_TYPE_PROJECT);
  assert_reason (draft, "Choose the source project in the main window first");

  /* The projects. */
  ferry_migration_draft_set_source (draft, dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  assert_reason (draft, "Choose a target project");
  ferry_migration_draft_set_projects_loading (draft, TRUE);
  assert_reason (draft, "Listing the target’s projects…");
  ferry_migration_draft_set_projects_loading (draft, FALSE);
  assert_reason (draft, "Choose a target project");
  ferry_migration_draft_set_target (draft, prod, TUTORIAL_ID, NULL);
  g_assert_cmpstr (ferry_migration_draft_get_target_project_id (draft), ==, TUTORIAL_ID);
  g_assert_null (ferry_migration_draft_get_target_project_name (draft));

  /* The name. */
  assert_reason (draft, "Give the migration a name");
  ferry_migration_draft_set_name (draft, "   ");
  assert_reason (draft, "Give the migration a name");
  ferry_migration_draft_set_name (draft, "Tutorial merge");
  assert_reason (draft, NULL);
  g_assert_true (ferry_migration_draft_get_package_source_project (draft) != NULL);

  /* An object migration needs objects, read and accepted. */
  ferry_migration_draft_set_project_merge (draft, FALSE);
  assert_reason (draft, "Add at least one object");
  ferry_migration_draft_set_resolving (draft, TRUE);
  assert_reason (draft, "Reading the selected objects…");
  ferry_migration_draft_set_resolving (draft, FALSE);
  counter.changed = 0;
  g_list_store_append (content, user);
  g_assert_cmpuint (counter.changed, ==, 1);
  assert_reason (draft, "“Administrator” is a configuration object: project packages take only project objects");
  g_list_store_remove (content, 0);
  g_list_store_append (content, report);
  assert_reason (draft, NULL);
  g_assert_true (ferry_migration_draft_contains (draft, "d5d3c1f24a61e4b6c3b2a58f4c8c5a01"));
  ferry_migration_draft_set_missing (draft, "d5d3c1f24a61e4b6c3b2a58f4c8c5a01", TRUE);
  g_assert_true (ferry_migration_draft_is_missing (draft, "D5D3C1F24A61E4B6C3B2A58F4C8C5A01"));
  assert_reason (draft, "“Revenue” is not in the source: remove it");
  ferry_migration_draft_clear_missing (draft);
  assert_reason (draft, NULL);
  counter.changed = 0;
  ferry_content_item_set_action (report, FERRY_CONFLICT_ACTION_KEEP_BOTH);
  g_assert_cmpuint (counter.changed, ==, 1);

  /* Configuration packages: no project needed, but configuration objects;
   * settings that stop applying are cleared on the switch, and the
   * settings' own validation is the last reason. */
  ferry_toc_settings_set_update_schema_logical_info (settings, TRUE);
  ferry_migration_draft_set_package_type (draft, FERRY_PACKAGE_TYPE_CONFIGURATION);
  g_assert_false (ferry_toc_settings_get_update_schema_logical_info (settings));
  g_assert_null (ferry_migration_draft_get_package_source_project (draft));
  g_assert_null (ferry_migration_draft_get_package_target_project (draft));
  assert_reason (draft, "“Revenue” is a project object: configuration packages take only configuration objects (users, groups, security roles…)");
  g_list_store_remove_all (content);
  g_list_store_append (content, user);
  assert_reason (draft, NULL);
  ferry_toc_settings_set_update_schema_logical_info (settings, TRUE);
  assert_reason (draft, "Schema updates apply only to project packages");
  definition = ferry_migration_draft_dup_definition_reason (draft);
  g_assert_null (definition);
  ferry_toc_settings_set_update_schema_logical_info (settings, FALSE);
  assert_reason (draft, NULL);

  /* Disconnecting blocks again. */
  ferry_environment_disconnect (prod);
  assert_reason (draft, "Connect to Production in the main window first");
  ferry_environment_disconnect (dev);
  assert_reason (draft, "Connect to Development in the main window first");
}

/* ------------------------------------------------------------------------ */
/* Specs                                                                      */
/* ------------------------------------------------------------------------ */

static char *
node_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : NULL;
}

static void
test_spec_merge (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autofree char *settings_text = NULL;
  g_autofree char *spec_settings_text = NULL;
  g_autofree char *dev_id = NULL;
  g_autofree char *prod_id = NULL;
  FerryMigrationSpec spec;

  fixture_connected (&f);
  ferry_migration_draft_set_source (draft, f.dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_target (draft, f.prod, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_project_merge (draft, TRUE);

  /* Blocked: no spec, the reason says why. */
  g_assert_false (ferry_migration_draft_to_spec (draft, &spec, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "Give the migration a name");
  g_clear_error (&error);

  ferry_migration_draft_set_name (draft, "Merge Tutorial");
  g_assert_true (ferry_migration_draft_to_spec (draft, &spec, &error));
  g_assert_no_error (error);

  dev_id = ferry_connection_dup_environment_id (ferry_environment_get_connection (f.dev));
  prod_id = ferry_connection_dup_environment_id (ferry_environment_get_connection (f.prod));
  g_assert_cmpint (spec.purpose, ==, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE);
  g_assert_cmpstr (spec.package_type, ==, "project");
  g_assert_cmpstr (spec.name, ==, "Merge Tutorial");
  g_assert_cmpstr (spec.source_environment_id, ==, dev_id);
  g_assert_cmpstr (spec.source_environment_name, ==, "Development");
  g_assert_cmpstr (spec.source_project_id, ==, TUTORIAL_ID);
  g_assert_cmpstr (spec.source_project_name, ==, "MicroStrategy Tutorial");
  g_assert_cmpstr (spec.target_environment_id, ==, prod_id);
  g_assert_cmpstr (spec.target_environment_name, ==, "Production");
  g_assert_cmpstr (spec.target_project_id, ==, TUTORIAL_ID);
  g_assert_cmpstr (spec.target_project_name, ==, "MicroStrategy Tutorial");
  g_assert_null (spec.content);
  settings = ferry_toc_settings_to_json (ferry_migration_draft_get_settings (draft));
  settings_text = node_to_string (settings);
  spec_settings_text = node_to_string (spec.settings);
  g_assert_cmpstr (spec_settings_text, ==, settings_text);
}

static void
test_spec_objects (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryContentItem) a = ferry_content_item_new ("AAAA0000AAAA0000AAAA0000AAAA0000", "Revenue", 3, 768,
                                                          "/Public Objects/Reports",
                                                          FERRY_CONFLICT_ACTION_REPLACE, TRUE);
  g_autoptr(FerryContentItem) b = ferry_content_item_new ("BBBB0000BBBB0000BBBB0000BBBB0000", "Profit", 4, 1024,
                                                          NULL, FERRY_CONFLICT_ACTION_KEEP_BOTH, FALSE);
  g_autoptr(JsonNode) expected = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *expected_text = NULL;
  g_autofree char *content_text = NULL;
  g_autoptr(JsonNode) package = NULL;
  JsonObject *package_object;
  FerryMigrationSpec spec;

  fixture_connected (&f);
  ferry_migration_draft_set_source (draft, f.dev, TUTORIAL_ID, NULL);
  ferry_migration_draft_set_target (draft, f.prod, TUTORIAL_ID, NULL);
  ferry_migration_draft_set_name (draft, "Two objects");
  g_list_store_append (ferry_migration_draft_get_content (draft), a);
  g_list_store_append (ferry_migration_draft_get_content (draft), b);
  g_assert_true (ferry_migration_draft_to_spec (draft, &spec, &error));
  g_assert_no_error (error);

  g_assert_cmpint (spec.purpose, ==, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION);
  g_assert_cmpstr (spec.package_type, ==, "project");
  g_assert_cmpstr (spec.name, ==, "Two objects");
  g_assert_cmpstr (spec.source_project_id, ==, TUTORIAL_ID);
  g_assert_null (spec.source_project_name);
  json_node_take_array (expected, json_array_new ());
  json_array_add_element (json_node_get_array (expected), ferry_content_item_to_api_json (a));
  json_array_add_element (json_node_get_array (expected), ferry_content_item_to_api_json (b));
  expected_text = node_to_string (expected);
  content_text = node_to_string (spec.content);
  g_assert_cmpstr (content_text, ==, expected_text);
  g_assert_true (strstr (content_text, "\"keep_both\"") != NULL || strstr (content_text, "keep") != NULL);

  /* A configuration package goes between configurations: no projects. */
  ferry_migration_draft_set_package_type (draft, FERRY_PACKAGE_TYPE_CONFIGURATION);
  g_list_store_remove_all (ferry_migration_draft_get_content (draft));
  {
    g_autoptr(FerryContentItem) user = ferry_content_item_new ("54F3D26011D2896560009A8E67019608", "Administrator",
                                                               34, 8704, NULL, FERRY_CONFLICT_ACTION_REPLACE, TRUE);

    g_list_store_append (ferry_migration_draft_get_content (draft), user);
  }
  g_assert_true (ferry_migration_draft_to_spec (draft, &spec, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (spec.package_type, ==, "configuration");
  g_assert_null (spec.source_project_id);
  g_assert_null (spec.source_project_name);
  g_assert_null (spec.target_project_id);
  g_assert_null (spec.target_project_name);

  /* The package definition: {type, settings, content}. */
  package = ferry_migration_draft_dup_package_definition (draft);
  package_object = json_node_get_object (package);
  g_assert_cmpstr (json_object_get_string_member (package_object, "type"), ==, "configuration");
  g_assert_true (json_object_has_member (package_object, "settings"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (package_object, "content")), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* Plans                                                                      */
/* ------------------------------------------------------------------------ */

static char *
plan_text (const FerryPlan *plan)
{
  return ferry_plan_to_data (plan, NULL);
}

static void
test_plan_round_trip (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryMigrationDraft) again = ferry_migration_draft_new ();
  g_autoptr(FerryContentItem) a = ferry_content_item_new ("AAAA0000AAAA0000AAAA0000AAAA0000", "Revenue", 3, 768,
                                                          "/Public Objects/Reports",
                                                          FERRY_CONFLICT_ACTION_USE_EXISTING, FALSE);
  g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(FerryPlan) plan_again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autofree char *notice = NULL;
  Counter counter;

  fixture_connected (&f);
  ferry_migration_draft_set_source (draft, f.dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_target (draft, f.prod, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_name (draft, "Round trip");
  ferry_toc_settings_set_acl_on_replacing_objects (ferry_migration_draft_get_settings (draft),
                                                   FERRY_ACL_ON_REPLACING_REPLACE);
  g_list_store_append (ferry_migration_draft_get_content (draft), a);
  plan = ferry_migration_draft_to_plan (draft);
  g_assert_cmpstr (plan->name, ==, "Round trip");
  g_assert_cmpint (plan->purpose, ==, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION);
  g_assert_cmpstr (plan->target.environment_name, ==, "Production");
  g_assert_cmpuint (plan->content->len, ==, 1);

  /* A new draft opened against Development with no target: the plan's
   * target is found among the environments. */
  g_list_store_append (environments, f.dev);
  g_list_store_append (environments, f.prod);
  ferry_migration_draft_set_source (again, f.dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  counter_watch (&counter, again);
  ferry_migration_draft_load_plan (again, plan, G_LIST_MODEL (environments), &notice);
  g_assert_null (notice);
  g_assert_cmpuint (counter.changed, ==, 1);
  g_assert_true (ferry_migration_draft_get_target (again) == f.prod);
  g_assert_null (ferry_migration_draft_get_blocked_reason (again));
  plan_again = ferry_migration_draft_to_plan (again);
  text = plan_text (plan);
  text_again = plan_text (plan_again);
  g_assert_cmpstr (text_again, ==, text);

  /* A copy of a plan is a copy: its settings are its own. */
  {
    g_autoptr(FerryPlan) copy = ferry_plan_copy (plan);

    json_object_set_string_member (json_node_get_object (copy->settings), "ferryTest", "changed");
    g_assert_false (json_object_has_member (json_node_get_object (plan->settings), "ferryTest"));
  }

  /* Against environments that are not the plan's: a notice. */
  {
    g_autoptr(FerryMigrationDraft) other = ferry_migration_draft_new ();
    g_autoptr(FerryPlan) moved = ferry_plan_copy (plan);

    g_free (moved->source.environment_name);
    g_free (moved->source.environment_url);
    moved->source.environment_name = g_strdup ("Elsewhere");
    moved->source.environment_url = g_strdup ("https://elsewhere.example.com/MicroStrategyLibrary");
    ferry_migration_draft_set_source (other, f.dev, TUTORIAL_ID, NULL);
    g_clear_pointer (&notice, g_free);
    ferry_migration_draft_load_plan (other, moved, NULL, &notice);
    g_assert_nonnull (notice);
    g_assert_true (strstr (notice, "Elsewhere") != NULL);
    g_assert_cmpstr (ferry_migration_draft_get_name (other), ==, "Round trip");
  }
}

/* A new draft brings over what is newer (use_newer), says why, and a plan
 * read in keeps its own default. */
static void
test_default_action (void)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryMigrationDraft) other = ferry_migration_draft_new ();
  FerryTocSettings *settings = ferry_migration_draft_get_settings (draft);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(JsonNode) json = NULL;

  g_assert_cmpint (ferry_toc_settings_get_default_action (settings), ==, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_cmpint (FERRY_MIGRATION_DRAFT_DEFAULT_ACTION, ==, FERRY_CONFLICT_ACTION_USE_NEWER);
  g_assert_nonnull (strstr (ferry_conflict_action_get_default_note (FERRY_CONFLICT_ACTION_USE_NEWER), "newer"));
  /* the package says it (JSON), not only the widgets */
  json = ferry_toc_settings_to_json (settings);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "defaultAction"), ==, "use_newer");

  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_REPLACE);
  ferry_migration_draft_set_name (draft, "Replace all");
  plan = ferry_migration_draft_to_plan (draft);
  ferry_migration_draft_load_plan (other, plan, NULL, NULL);
  g_assert_cmpint (ferry_toc_settings_get_default_action (ferry_migration_draft_get_settings (other)), ==,
                   FERRY_CONFLICT_ACTION_REPLACE);
}

/* Every action is said in words, and the dangerous ones warn. */
static void
test_action_words (void)
{
  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    {
      g_assert_nonnull (ferry_conflict_action_get_label (a));
      g_assert_nonnull (ferry_conflict_action_get_description (a));
      /* no JSON token shows: "use existing", not "use_existing" */
      g_assert_null (strchr (ferry_conflict_action_get_phrase (a), '_'));
      g_assert_null (strchr (ferry_conflict_action_get_label (a), '_'));
    }
  g_assert_cmpstr (ferry_conflict_action_get_label (FERRY_CONFLICT_ACTION_USE_NEWER), ==, "Use newer");
  g_assert_cmpstr (ferry_conflict_action_get_description (FERRY_CONFLICT_ACTION_USE_NEWER), ==,
                   "Replace when the source was changed later");
  g_assert_cmpstr (ferry_conflict_action_get_warning (FERRY_CONFLICT_ACTION_DELETE), ==, "Deletes the object in the target");
  g_assert_cmpstr (ferry_conflict_action_get_warning (FERRY_CONFLICT_ACTION_FORCE_REPLACE), ==, "Replaces even identical versions");
  g_assert_nonnull (strstr (ferry_conflict_action_get_description (FERRY_CONFLICT_ACTION_KEEP_BOTH), "undo"));
  g_assert_null (ferry_conflict_action_get_warning (FERRY_CONFLICT_ACTION_USE_NEWER));
  g_assert_null (ferry_conflict_action_get_warning (FERRY_CONFLICT_ACTION_REPLACE));
}

/* ------------------------------------------------------------------------ */
/* Modified, and the draft kept on disk                                       */
/* ------------------------------------------------------------------------ */

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until CONDITION (checked after each iteration) or
 * 10 s have passed (a failure). */
#define SPIN_UNTIL(condition) G_STMT_START {                                  \
    gboolean timed_out_ = FALSE;                                              \
    guint id_ = g_timeout_add_seconds (10, timeout_cb, &timed_out_);          \
    while (!(condition) && !timed_out_)                                       \
      g_main_context_iteration (NULL, TRUE);                                  \
    g_assert_false (timed_out_);                                              \
    g_source_remove (id_);                                                    \
  } G_STMT_END

static void
test_modified (void)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryEnvironment) dev = ferry_environment_new ("Development", "http://127.0.0.1:9/MicroStrategyLibrary",
                                                          FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(FerryEnvironment) prod = ferry_environment_new ("Production", "http://127.0.0.1:10/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(FerryContentItem) a = ferry_content_item_new ("AAAA0000AAAA0000AAAA0000AAAA0000", "Revenue", 3, 768,
                                                          "/Public Objects/Reports",
                                                          FERRY_CONFLICT_ACTION_REPLACE, TRUE);
  GListStore *content = ferry_migration_draft_get_content (draft);
  g_autofree char *auto_name = NULL;

  ferry_migration_draft_set_source (draft, dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_target (draft, prod, TUTORIAL_ID, "MicroStrategy Tutorial");
  /* Not opened yet: never modified. */
  g_assert_false (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_mark_unmodified (draft);
  g_assert_false (ferry_migration_draft_get_modified (draft));

  /* The name: a typed one is a change, the automatic one is not. */
  ferry_migration_draft_set_name (draft, "Quarter end");
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_set_name (draft, NULL);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  auto_name = ferry_migration_draft_make_auto_name (draft);
  ferry_migration_draft_set_name (draft, auto_name);
  g_assert_false (ferry_migration_draft_get_modified (draft));

  /* The kind, the settings, the objects and their actions, undo. */
  ferry_migration_draft_set_project_merge (draft, TRUE);
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_set_project_merge (draft, FALSE);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  ferry_toc_settings_set_acl_on_replacing_objects (ferry_migration_draft_get_settings (draft),
                                                   FERRY_ACL_ON_REPLACING_REPLACE);
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_mark_unmodified (draft);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  g_list_store_append (content, a);
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_mark_unmodified (draft);
  g_object_set (a, "action", FERRY_CONFLICT_ACTION_USE_EXISTING, NULL);
  g_assert_true (ferry_migration_draft_get_modified (draft));
  g_object_set (a, "action", FERRY_CONFLICT_ACTION_REPLACE, NULL);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_set_generate_undo (draft, FALSE);
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_set_generate_undo (draft, TRUE);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  /* The target. */
  ferry_migration_draft_set_target (draft, dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  g_assert_true (ferry_migration_draft_get_modified (draft));
  ferry_migration_draft_set_target (draft, prod, TUTORIAL_ID, "MicroStrategy Tutorial");
  g_assert_false (ferry_migration_draft_get_modified (draft));

  /* The project picked for the user once the target's projects are listed
   * is not a change of theirs... */
  ferry_migration_draft_set_projects_loading (draft, TRUE);
  ferry_migration_draft_set_projects_loading (draft, FALSE);
  ferry_migration_draft_set_target (draft, prod, "CCCC0000CCCC0000CCCC0000CCCC0000", "Other");
  SPIN_UNTIL (!ferry_migration_draft_get_modified (draft));
  /* ... unless they changed something before. */
  ferry_migration_draft_set_name (draft, "Mine");
  ferry_migration_draft_set_projects_loading (draft, TRUE);
  ferry_migration_draft_set_projects_loading (draft, FALSE);
  ferry_migration_draft_set_target (draft, prod, TUTORIAL_ID, "MicroStrategy Tutorial");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (ferry_migration_draft_get_modified (draft));
}

static FerryPlan *
sample_plan (const char *name)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryEnvironment) dev = ferry_environment_new ("Development", "http://127.0.0.1:9/MicroStrategyLibrary",
                                                          FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(FerryContentItem) a = ferry_content_item_new ("AAAA0000AAAA0000AAAA0000AAAA0000", "Revenue", 3, 768,
                                                          "/Public Objects/Reports",
                                                          FERRY_CONFLICT_ACTION_USE_EXISTING, FALSE);

  ferry_migration_draft_set_source (draft, dev, TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_name (draft, name);
  ferry_toc_settings_set_acl_on_replacing_objects (ferry_migration_draft_get_settings (draft),
                                                   FERRY_ACL_ON_REPLACING_REPLACE);
  g_list_store_append (ferry_migration_draft_get_content (draft), a);
  return ferry_migration_draft_to_plan (draft);
}

static char *
read_file_text (GFile *file)
{
  char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
empty_drafts (void)
{
  g_autofree char *path = ferry_draft_file_dup_directory ();

  sbt_rm_rf (path);
}

static void
test_draft_file (void)
{
  g_autofree char *dir = ferry_draft_file_dup_directory ();
  g_autoptr(FerryPlan) plan = sample_plan ("Kept");
  g_autoptr(FerryPlan) read_back = NULL;
  g_autoptr(FerryDraftFile) draft_file = NULL;
  g_autoptr(GFileInfo) before = NULL;
  g_autoptr(GFileInfo) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = plan_text (plan);
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  GFile *file;

  empty_drafts ();
  g_assert_true (g_str_has_prefix (dir, g_get_user_state_dir ()));
  draft_file = ferry_draft_file_new ();
  file = ferry_draft_file_get_file (draft_file);
  path = g_file_get_path (file);
  g_assert_true (g_str_has_prefix (path, dir));
  g_assert_cmpuint (ferry_draft_file_get_delay (draft_file), ==, 1000);
  ferry_draft_file_set_delay (draft_file, 100);

  /* Debounced: nothing is written at once. */
  ferry_draft_file_queue (draft_file, plan);
  g_assert_true (ferry_draft_file_get_busy (draft_file));
  g_assert_false (g_file_query_exists (file, NULL));
  SPIN_UNTIL (!ferry_draft_file_get_busy (draft_file));

  /* Read back identical, private to the user. */
  text = read_file_text (file);
  g_assert_cmpstr (text, ==, expected);
  read_back = ferry_plan_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = plan_text (read_back);
  g_assert_cmpstr (text, ==, expected);
  before = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_INODE "," G_FILE_ATTRIBUTE_UNIX_MODE,
                              G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_file_info_get_attribute_uint32 (before, G_FILE_ATTRIBUTE_UNIX_MODE) & 0777, ==, 0600);

  /* Atomic: the next plan is a new file renamed over the old one (another
   * inode), and nothing else is left in the folder. */
  {
    g_autoptr(FerryPlan) next = sample_plan ("Kept, renamed");
    g_autofree char *next_text = plan_text (next);

    ferry_draft_file_queue (draft_file, next);
    ferry_draft_file_flush (draft_file);
    g_assert_true (ferry_draft_file_get_busy (draft_file));
    SPIN_UNTIL (!ferry_draft_file_get_busy (draft_file));
    after = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_INODE, G_FILE_QUERY_INFO_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_file_info_get_attribute_uint64 (after, G_FILE_ATTRIBUTE_UNIX_INODE), !=,
                      g_file_info_get_attribute_uint64 (before, G_FILE_ATTRIBUTE_UNIX_INODE));
    g_clear_pointer (&text, g_free);
    text = read_file_text (file);
    g_assert_cmpstr (text, ==, next_text);
    g_assert_cmpuint (count_files (dir), ==, 1);
  }

  /* Removed while a write is under way: gone once it ends. */
  ferry_draft_file_queue (draft_file, plan);
  ferry_draft_file_flush (draft_file);
  ferry_draft_file_remove (draft_file);
  /* Nothing more is written after the removal. */
  ferry_draft_file_queue (draft_file, plan);
  SPIN_UNTIL (!ferry_draft_file_get_busy (draft_file) && !g_file_query_exists (file, NULL));
  g_assert_cmpuint (count_files (dir), ==, 0);
}

static void
recovered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static FerryPlan *
find_recovered (GFile **out_file)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlan *plan;

  ferry_draft_file_find_recovered_async (NULL, recovered_cb, &result);
  SPIN_UNTIL (result != NULL);
  plan = ferry_draft_file_find_recovered_finish (result, out_file, &error);
  g_assert_no_error (error);
  return plan;
}

static void
test_recovered (void)
{
  g_autofree char *dir = ferry_draft_file_dup_directory ();
  g_autofree char *older_path = g_build_filename (dir, "older.ferry-plan", NULL);
  g_autofree char *newer_path = g_build_filename (dir, "newer.ferry-plan", NULL);
  g_autofree char *junk_path = g_build_filename (dir, "junk.ferry-plan", NULL);
  g_autoptr(GFile) older = g_file_new_for_path (older_path);
  g_autoptr(GFile) newer = g_file_new_for_path (newer_path);
  g_autoptr(FerryPlan) older_plan = sample_plan ("Older");
  g_autoptr(FerryPlan) newer_plan = sample_plan ("Newer");
  g_autoptr(FerryPlan) found = NULL;
  g_autoptr(GFile) found_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = plan_text (newer_plan);
  g_autofree char *text = NULL;

  empty_drafts ();
  /* None left: no plan, no error. */
  found = find_recovered (&found_file);
  g_assert_null (found);
  g_assert_null (found_file);

  g_assert_true (ferry_draft_file_write_sync (older, older_plan, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_draft_file_write_sync (newer, newer_plan, &error));
  g_assert_no_error (error);
  /* The older one a minute older; a newest one that is not a plan is skipped. */
  g_file_set_attribute_uint64 (older, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) (g_get_real_time () / G_USEC_PER_SEC - 60),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (junk_path, "{ half a pl", -1, &error));
  g_file_set_attribute_uint64 (newer, G_FILE_ATTRIBUTE_TIME_MODIFIED, (guint64) (g_get_real_time () / G_USEC_PER_SEC - 30),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  found = find_recovered (&found_file);
  g_assert_nonnull (found);
  g_assert_true (g_file_equal (found_file, newer));
  text = plan_text (found);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (found->name, ==, "Newer");
  empty_drafts ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("ferry-draft-state-XXXXXX", NULL);

  /* Drafts of this test only (before anything reads the state folder). */
  int ret;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  sbt_init (&argc, &argv);

  g_test_add_func ("/migration-draft/blocked-reasons", test_blocked_reasons);
  g_test_add_func ("/migration-draft/spec/merge", test_spec_merge);
  g_test_add_func ("/migration-draft/spec/objects", test_spec_objects);
  g_test_add_func ("/migration-draft/plan-round-trip", test_plan_round_trip);
  g_test_add_func ("/migration-draft/default-action", test_default_action);
  g_test_add_func ("/migration-draft/action-words", test_action_words);
  g_test_add_func ("/migration-draft/modified", test_modified);
  g_test_add_func ("/migration-draft/draft-file", test_draft_file);
  g_test_add_func ("/migration-draft/recovered", test_recovered);
  ret = g_test_run ();
  sbt_rm_rf (state);
  return ret;
}
