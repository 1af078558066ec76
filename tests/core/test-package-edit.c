/* test-package-edit.c: a created package's definition read back into a
 * draft, edited on its source (FerryPackageEditJob), and reused for another
 * target (ferry_migration_job_new_reuse)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against two sandboxes sharing storage (Development → Production).
 */

#include "config.h"

#include <string.h>

#include "jobs-test-util.h"

typedef struct
{
  JtuEnv            env;
  FerryEnvironment *dev_env;
  FerryEnvironment *prod_env;
} Fixture;

static void
store_result_cb (GObject      *object G_GNUC_UNUSED,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
disconnect_environment (gpointer data)
{
  ferry_environment_disconnect (data);
  g_object_unref (data);
}

static FerryEnvironment *
connect_environment (FerrySandbox *sandbox,
                     const char   *name)
{
  FerryEnvironment *environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                                         FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_async (environment, "", NULL, store_result_cb, &result);
  jtu_wait_until (result_set, &result, 30);
  ferry_environment_connect_finish (environment, result, &error);
  g_assert_no_error (error);
  g_test_queue_destroy (disconnect_environment, environment);
  return environment;
}

static void
fixture_start (Fixture *f)
{
  memset (f, 0, sizeof *f);
  jtu_env_start (&f->env, 0, 0);
  f->dev_env = connect_environment (f->env.pair.dev, "Development");
  f->prod_env = connect_environment (f->env.pair.prod, "Production");
}

/* The id of an object of TYPE in the Tutorial on Development other than
 * the Year attribute. */
static char *
pick_object (Fixture *f,
             int      type,
             char   **name)
{
  g_autoptr(JsonNode) objects = ferry_sandbox_dup_objects (f->env.pair.dev, JTU_PROJECT_ID);
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *object = json_array_get_element (array, i);

      if (sbt_json_get_int (object, "type") == type &&
          g_ascii_strcasecmp (sbt_json_get_string (object, "id"), JTU_YEAR_ID) != 0)
        {
          *name = g_strdup (sbt_json_get_string (object, "name"));
          return g_strdup (sbt_json_get_string (object, "id"));
        }
    }
  g_assert_not_reached ();
}

/* An object migration of Year (Ferry's own content and settings, as the
 * editor sends them) created on dev for prod and left "created" (nothing
 * requested). Returns its id. */
static char *
create_object_migration (Fixture    *f,
                         const char *name)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryContentItem) year = ferry_content_item_new (JTU_YEAR_ID, "Year", 12, 0, "\\Schema Objects",
                                                             FERRY_CONFLICT_ACTION_REPLACE, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *id = NULL;
  GAsyncResult *result = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  FerryMigrationSpec spec;

  ferry_migration_draft_set_source (draft, f->dev_env, JTU_PROJECT_ID, JTU_PROJECT_NAME);
  ferry_migration_draft_set_target (draft, f->prod_env, JTU_PROJECT_ID, JTU_PROJECT_NAME);
  ferry_migration_draft_set_name (draft, name);
  g_list_store_append (ferry_migration_draft_get_content (draft), year);
  g_assert_true (ferry_migration_draft_to_spec (draft, &spec, &error));
  g_assert_no_error (error);

  ferry_library_create_migration_async (f->env.dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  id = g_strdup (ferry_library_record_get_string (created, "id"));

  for (;;)
    {
      g_autoptr(JsonObject) record = jtu_get_migration (f->env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);

      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jtu_spin (20);
    }
  return g_steal_pointer (&id);
}

static JsonObject *
read_all (Fixture    *f,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = jtu_get_migration (f->env.dev, id, FERRY_SHOW_CONTENT_ALL, &error);

  g_assert_no_error (error);
  return record;
}

/* Record → draft → the packageInfo an edit would PUT: unchanged, it is the
 * record's own. */
static void
test_round_trip (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  fixture_start (&f);
  id = create_object_migration (&f, "Round trip");
  record = read_all (&f, id);

  plan = ferry_plan_new_from_record (record, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan->name, ==, "Round trip");
  g_assert_cmpint (plan->purpose, ==, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION);
  g_assert_cmpint (plan->package_type, ==, FERRY_PACKAGE_TYPE_PROJECT);
  g_assert_cmpstr (plan->source.project_id, ==, JTU_PROJECT_ID);
  g_assert_cmpstr (plan->target.project_id, ==, JTU_PROJECT_ID);
  g_assert_cmpstr (plan->target.environment_name, ==, "Production");
  g_assert_cmpuint (plan->content->len, ==, 1);

  g_assert_true (ferry_migration_draft_load_record (draft, record, f.dev_env, f.prod_env, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_migration_draft_get_modified (draft));
  g_assert_cmpstr (ferry_migration_draft_get_name (draft), ==, "Round trip");
  g_assert_false (ferry_migration_draft_get_project_merge (draft));
  g_assert_true (ferry_migration_draft_get_source (draft) == f.dev_env);
  g_assert_true (ferry_migration_draft_get_target (draft) == f.prod_env);
  g_assert_cmpstr (ferry_migration_draft_get_target_project_id (draft), ==, JTU_PROJECT_ID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_migration_draft_get_content (draft))), ==, 1);
  g_assert_null (ferry_migration_draft_get_blocked_reason (draft));

  edited = ferry_migration_draft_dup_edited_package_info (draft, record);
  a = json_node_init_object (json_node_alloc (), json_object_get_object_member (record, "packageInfo"));
  b = json_node_init_object (json_node_alloc (), edited);
  if (!json_node_equal (a, b))
    {
      g_autofree char *sa = json_to_string (a, TRUE);
      g_autofree char *sb = json_to_string (b, TRUE);

      g_test_message ("record: %s\nedited: %s", sa, sb);
      g_assert_not_reached ();
    }

  /* A renamed draft is modified and says so in what it would send. */
  ferry_migration_draft_set_name (draft, "Renamed");
  g_assert_true (ferry_migration_draft_get_modified (draft));
  g_clear_pointer (&edited, json_object_unref);
  edited = ferry_migration_draft_dup_edited_package_info (draft, record);
  g_assert_cmpstr (json_object_get_string_member (edited, "name"), ==, "Renamed");
  g_assert_cmpstr (json_object_get_string_member (edited, "type"), ==, "project");
  g_assert_cmpstr (json_object_get_string_member (edited, "purpose"), ==, "object_migration");

  /* Not a record Ferry can edit */
  {
    g_autoptr(JsonObject) bad = json_object_new ();
    g_autoptr(FerryPlan) none = ferry_plan_new_from_record (bad, &error);

    g_assert_null (none);
    g_assert_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID);
  }
}

/* The edit job renames the package and changes its content and settings;
 * the sandbox's record shows them, and the package is created again. */
static void
test_edit_job (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) package_info = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *metric_name = NULL;
  g_autofree char *metric = NULL;
  g_autoptr(FerryContentItem) item = NULL;
  JsonArray *content;

  fixture_start (&f);
  metric = pick_object (&f, 4, &metric_name);
  id = create_object_migration (&f, "Before the edit");
  record = read_all (&f, id);
  g_assert_true (ferry_migration_draft_load_record (draft, record, f.dev_env, f.prod_env, &error));

  /* Rename, swap Year for a metric, validate dependencies */
  ferry_migration_draft_set_name (draft, "After the edit");
  g_list_store_remove_all (ferry_migration_draft_get_content (draft));
  item = ferry_content_item_new (metric, metric_name, 4, 0, NULL, FERRY_CONFLICT_ACTION_USE_EXISTING, FALSE);
  g_list_store_append (ferry_migration_draft_get_content (draft), item);
  ferry_toc_settings_set_validate_dependencies (ferry_migration_draft_get_settings (draft), TRUE);
  package_info = ferry_migration_draft_dup_edited_package_info (draft, record);

  job = ferry_package_edit_job_new (f.env.dev, id, package_info);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_job_get_migration_id (job), ==, id);
  g_assert_cmpstr (ferry_migration_get_package_status (ferry_job_get_migration (job)), ==, "created");

  after = read_all (&f, id);
  g_assert_cmpstr (ferry_library_record_get_string (after, "packageInfo.name"), ==, "After the edit");
  g_assert_cmpstr (ferry_library_record_get_string (after, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (after, "packageInfo.type"), ==, "project");
  content = json_object_get_array_member (json_object_get_object_member (json_object_get_object_member (after, "packageInfo"), "tocView"), "content");
  g_assert_cmpuint (json_array_get_length (content), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "id"), ==, metric);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "action"), ==, "use_existing");
  {
    JsonObject *before_settings = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (record, "packageInfo"), "tocView"), "settings");
    JsonObject *settings = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (after, "packageInfo"), "tocView"), "settings");

    g_assert_false (json_object_get_boolean_member_with_default (before_settings, "validateDependencies", FALSE));
    g_assert_true (json_object_get_boolean_member_with_default (settings, "validateDependencies", FALSE));
  }
  /* The import is still to come: nothing on the target */
  g_assert_cmpstr (ferry_library_record_get_string (after, "importInfo.status"), ==, "pending");
}

/* Refused while the import is requested, and while the package is locked:
 * the sandbox's sentence is the job's error; nothing changes. */
static void
test_edit_refused (void)
{
  Fixture f;
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) package_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(JsonObject) answer = NULL;

  fixture_start (&f);
  id = create_object_migration (&f, "Requested");
  record = read_all (&f, id);
  g_assert_true (ferry_migration_draft_load_record (draft, record, f.dev_env, f.prod_env, &error));
  ferry_migration_draft_set_name (draft, "Never");
  package_info = ferry_migration_draft_dup_edited_package_info (draft, record);

  ferry_library_set_import_request_async (f.env.dev, id, FERRY_REQUEST_STATUS_REQUESTED, NULL, jtu_result_cb, &result);
  answer = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  {
    g_autoptr(FerryJob) job = ferry_package_edit_job_new (f.env.dev, id, package_info);

    g_assert_false (jtu_run_job (job, &error));
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
    g_assert_nonnull (strstr (error->message, "import request is pending or rejected"));
    g_assert_nonnull (strstr (error->message, "requested"));
    g_clear_error (&error);
  }

  g_clear_pointer (&answer, json_object_unref);
  ferry_library_set_import_request_async (f.env.dev, id, FERRY_REQUEST_STATUS_APPROVED, NULL, jtu_result_cb, &result);
  answer = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  {
    g_autoptr(FerryJob) job = ferry_package_edit_job_new (f.env.dev, id, package_info);

    g_assert_false (jtu_run_job (job, &error));
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
    g_assert_nonnull (strstr (error->message, "created or create_failed"));
    g_assert_nonnull (strstr (error->message, "locked"));
    g_clear_error (&error);
  }

  after = read_all (&f, id);
  g_assert_cmpstr (ferry_library_record_get_string (after, "packageInfo.name"), ==, "Requested");
}

/* The package of a finished migration sent again, to the second project of
 * Production: a new migration (same packageInfo.id, new import id),
 * imported there. */
static void
test_reuse_job (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryJob) first = NULL;
  g_autoptr(FerryJob) again = NULL;
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autofree char *package_id = NULL;
  g_autofree char *again_package = NULL;
  g_autoptr(JsonObject) target_record = NULL;
  FerryMigrationSpec spec;
  const char *id, *again_id;

  fixture_start (&f);
  spec = jtu_spec (&f.env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Merge once", settings, NULL);
  first = ferry_migration_job_new (f.env.dev, f.env.prod, &spec);
  g_assert_true (jtu_run_job (first, &error));
  g_assert_no_error (error);
  id = ferry_job_get_migration_id (first);
  package_id = ferry_library_migration_package_id (id);

  again = ferry_migration_job_new_reuse (f.env.dev, f.env.prod, package_id, JTU_PROJECT_ID, NULL,
                                         "Production", SBT_SECOND_PROJECT_ID, "Second project");
  g_assert_cmpstr (ferry_migration_job_get_reused_package_id (again), ==, package_id);
  g_assert_true (jtu_run_job (again, &error));
  g_assert_no_error (error);
  again_id = ferry_job_get_migration_id (again);
  g_assert_nonnull (again_id);
  g_assert_cmpstr (again_id, !=, id);
  again_package = ferry_library_migration_package_id (again_id);
  g_assert_cmpstr (again_package, ==, package_id);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (again)), ==, "imported");

  target_record = jtu_get_migration (f.env.prod, again_id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (target_record, "importInfo.status"), ==, "imported");
  g_assert_cmpstr (ferry_library_record_get_string (target_record, "importInfo.project.id"), ==, SBT_SECOND_PROJECT_ID);
}

/* Request-only: the reused migration stops at "requested". */
static void
test_reuse_request_only (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryJob) again = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;

  fixture_start (&f);
  id = create_object_migration (&f, "Send twice");
  package_id = ferry_library_migration_package_id (id);
  again = ferry_migration_job_new_reuse (f.env.dev, f.env.prod, package_id, JTU_PROJECT_ID, NULL,
                                         "Production", JTU_PROJECT_ID, JTU_PROJECT_NAME);
  ferry_migration_job_set_request_only (again, TRUE);
  g_assert_true (jtu_run_job (again, &error));
  g_assert_no_error (error);
  record = jtu_get_migration (f.env.dev, ferry_job_get_migration_id (again), FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.importRequestStatus"), ==, "requested");
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.status"), ==, "pending");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/package-edit/round-trip", test_round_trip);
  g_test_add_func ("/package-edit/edit-job", test_edit_job);
  g_test_add_func ("/package-edit/edit-refused", test_edit_refused);
  g_test_add_func ("/package-edit/reuse-job", test_reuse_job);
  g_test_add_func ("/package-edit/reuse-request-only", test_reuse_request_only);

  return g_test_run ();
}
