/* test-jobs.c: the migration workflows against two sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Development (tutorial-dev) and Production (tutorial-prod) share one
 * storage folder, as two Library servers share a Storage Service. Every
 * test checks what the servers say afterwards (records over HTTP, objects
 * through the sandbox's hooks), not what the job believes.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "jobs-test-util.h"

#define MMP_MAGIC     "\x01\x80" "FERRY-MMP"
#define MMP_MAGIC_LEN 11
#define HTML_502 \
  "<html><head><title>502 Bad Gateway</title></head>" \
  "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

/* The planted differences of the seeds (tests/data/seed-differences.json). */
static JsonNode *
load_seed_differences (void)
{
  const char *path = g_getenv ("FERRY_SEED_DIFFERENCES");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (path);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return sbt_json_parse (text);
}

/* The id of the first planted object in STATE (and of TYPE/SUBTYPE when
 * not 0). */
static char *
planted_object (const char *state,
                gint64      type,
                gint64      subtype)
{
  g_autoptr(JsonNode) differences = load_seed_differences ();
  JsonArray *objects = json_node_get_array (sbt_json_get (differences, "objects"));

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);

      if (g_strcmp0 (json_object_get_string_member (o, "state"), state) != 0)
        continue;
      if (type != 0 && json_object_get_int_member (o, "type") != type)
        continue;
      if (subtype != 0 && json_object_get_int_member (o, "subtype") != subtype)
        continue;
      return g_strdup (json_object_get_string_member (o, "id"));
    }
  g_assert_not_reached ();
}

static const char *
version_of (JsonNode *object)
{
  return jtu_object_string (object, "version");
}

typedef struct
{
  GArray    *steps;
  GPtrArray *warnings;
  GPtrArray *import_statuses;
} Watch;

static void
step_changed_cb (FerryJob   *job,
                 GParamSpec *pspec,
                 Watch      *watch)
{
  FerryJobStep step = ferry_job_get_step (job);

  if (watch->steps->len == 0 || g_array_index (watch->steps, FerryJobStep, watch->steps->len - 1) != step)
    g_array_append_val (watch->steps, step);
}

static void
warning_changed_cb (FerryJob   *job,
                    GParamSpec *pspec,
                    Watch      *watch)
{
  if (ferry_job_get_warning (job) != NULL)
    g_ptr_array_add (watch->warnings, g_strdup (ferry_job_get_warning (job)));
}

static void
import_status_changed_cb (FerryMigration *migration,
                          GParamSpec     *pspec,
                          Watch          *watch)
{
  g_ptr_array_add (watch->import_statuses, g_strdup (ferry_migration_get_import_status (migration)));
}

static void
migration_changed_cb (FerryJob   *job,
                      GParamSpec *pspec,
                      Watch      *watch)
{
  g_signal_connect (ferry_job_get_migration (job), "notify::import-status",
                    G_CALLBACK (import_status_changed_cb), watch);
}

static void
watch_free (Watch *watch)
{
  g_array_unref (watch->steps);
  g_ptr_array_unref (watch->warnings);
  g_ptr_array_unref (watch->import_statuses);
  g_free (watch);
}

/* Records the job's steps, warnings and its migration's import statuses;
 * freed with the job. */
static Watch *
watch_job (FerryJob *job)
{
  Watch *watch = g_new0 (Watch, 1);

  watch->steps = g_array_new (FALSE, FALSE, sizeof (FerryJobStep));
  watch->warnings = g_ptr_array_new_with_free_func (g_free);
  watch->import_statuses = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data_full (G_OBJECT (job), "watch", watch, (GDestroyNotify) watch_free);
  g_signal_connect (job, "notify::step", G_CALLBACK (step_changed_cb), watch);
  g_signal_connect (job, "notify::warning", G_CALLBACK (warning_changed_cb), watch);
  if (ferry_job_get_migration (job) != NULL)
    migration_changed_cb (job, NULL, watch);
  else
    g_signal_connect (job, "notify::migration", G_CALLBACK (migration_changed_cb), watch);
  return watch;
}

static gboolean
saw_step (Watch        *watch,
          FerryJobStep  step)
{
  for (guint i = 0; i < watch->steps->len; i++)
    if (g_array_index (watch->steps, FerryJobStep, i) == step)
      return TRUE;
  return FALSE;
}

static gboolean
saw_string (GPtrArray  *strings,
            const char *needle)
{
  for (guint i = 0; i < strings->len; i++)
    if (strstr (g_ptr_array_index (strings, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* The steps in this order (others may come in between). */
static void
assert_steps_in_order (Watch              *watch,
                       const FerryJobStep *expected,
                       guint               n)
{
  guint k = 0;

  for (guint i = 0; i < watch->steps->len && k < n; i++)
    if (g_array_index (watch->steps, FerryJobStep, i) == expected[k])
      k++;
  if (k != n)
    g_error ("Step “%s” was not seen in order", ferry_job_step_get_label (expected[k]));
}

/* Runs the project merge of spec/ from dev to prod; returns the id. */
static char *
run_spec_merge (JtuEnv *env)
{
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  FerryMigrationSpec spec = jtu_spec (env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE,
                                      "ProjectMerge_success", settings, NULL);
  g_autoptr(FerryJob) job = ferry_migration_job_new (env->dev, env->prod, &spec);
  g_autoptr(GError) error = NULL;

  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  return g_strdup (ferry_job_get_migration_id (job));
}

static void
assert_api_error (const GError  *error,
                  FerryApiError  code,
                  const char    *server_code)
{
  g_assert_error ((GError *) error, FERRY_API_ERROR, (gint) code);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, server_code);
  g_assert_true (sbt_is_hex32 (ferry_api_error_get_ticket_id (error)));
  g_assert_cmpstr (error->message, !=, "");
}

static gboolean
file_starts_with_magic (GFile *file,
                        gsize *size_out)
{
  g_autofree char *contents = NULL;
  gsize size = 0;

  if (!g_file_load_contents (file, NULL, &contents, &size, NULL, NULL))
    return FALSE;
  *size_out = size;
  return size >= MMP_MAGIC_LEN && memcmp (contents, MMP_MAGIC, MMP_MAGIC_LEN) == 0;
}

/* The sample of spec/create-a-migration-package.md. */
static JsonNode *
spec_package_definition (void)
{
  return sbt_json_parse (
    "{"
    "  \"type\": \"project\","
    "  \"settings\": {"
    "    \"updateSchema\": [\"recal_table_logical_size\", \"recal_table_keys_fact_entry_level\"],"
    "    \"aclOnReplacingObjects\": \"use_existing\","
    "    \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
    "    \"defaultAction\": \"replace\""
    "  },"
    "  \"content\": ["
    "    {"
    "      \"id\": \"8D679D5111D3E4981000E787EC6DE8A4\","
    "      \"name\": \"Year\","
    "      \"type\": 12,"
    "      \"action\": \"replace\","
    "      \"includeDependents\": true"
    "    }"
    "  ]"
    "}");
}

static GFile *
tmp_file (const char *name)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_new_for_path (path);
}

/* ------------------------------------------------------------------------ */
/* Workflows                                                                  */
/* ------------------------------------------------------------------------ */

static void
test_project_merge (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dev_year = NULL;
  g_autoptr(JsonNode) prod_year = NULL;
  g_autoptr(JsonNode) prod_filter_before = NULL;
  g_autoptr(JsonNode) prod_filter_after = NULL;
  g_autoptr(JsonNode) dev_new = NULL;
  g_autoptr(JsonNode) prod_new = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autofree char *filter_id = planted_object ("newer_in_source", 1, 256);
  g_autofree char *new_id = planted_object ("only_in_source", 0, 0);
  FerryMigrationSpec spec;
  FerryMigration *migration;
  Watch *watch;
  static const FerryJobStep order[] = {
    FERRY_JOB_STEP_CREATING_PACKAGE, FERRY_JOB_STEP_REQUESTING_APPROVAL,
    FERRY_JOB_STEP_WAITING_FOR_APPROVAL, FERRY_JOB_STEP_READING_PACKAGE,
    FERRY_JOB_STEP_STARTING_IMPORT, FERRY_JOB_STEP_IMPORTING, FERRY_JOB_STEP_DONE,
  };

  jtu_env_start (&env, 0, 0);
  prod_filter_before = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, filter_id);
  g_assert_null (ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, new_id));
  dev_year = ferry_sandbox_dup_object (env.pair.dev, JTU_PROJECT_ID, JTU_YEAR_ID);
  prod_year = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);
  g_assert_cmpstr (version_of (dev_year), !=, version_of (prod_year));
  g_clear_pointer (&prod_year, json_node_unref);

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "ProjectMerge_success", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  watch = watch_job (job);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_READY);

  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_assert_cmpfloat (ferry_job_get_progress (job), ==, 1.0);
  g_assert_null (ferry_job_get_error (job));
  assert_steps_in_order (watch, order, G_N_ELEMENTS (order));

  /* What the job shows. */
  migration = ferry_job_get_migration (job);
  g_assert_nonnull (migration);
  g_assert_cmpstr (ferry_migration_get_id (migration), ==, ferry_job_get_migration_id (job));
  g_assert_cmpstr (ferry_migration_get_import_status (migration), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "locked");
  g_assert_cmpstr (ferry_migration_get_purpose (migration), ==, "project_merge");
  g_assert_true (ferry_migration_get_has_undo_package (migration));
  g_assert_true (ferry_migration_get_has_source_record (migration));
  g_assert_true (ferry_migration_get_has_target_record (migration));

  /* What the servers say. */
  target = jtu_get_migration (env.prod, ferry_job_get_migration_id (job), FERRY_SHOW_CONTENT_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.status"), ==, "imported");
  g_assert_nonnull (ferry_library_record_get_string (target, "importInfo.undoStorage.path"));
  g_assert_cmpfloat (ferry_library_record_get_number (target, "importInfo.undoStorage.size", 0), >, 0);
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.project.id"), ==, JTU_PROJECT_ID);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (target, "packageInfo"),
                                                 "replicated"));
  source = jtu_get_migration (env.dev, ferry_job_get_migration_id (job), FERRY_SHOW_CONTENT_ALL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (source, "packageInfo.status"), ==, "locked");
  g_assert_cmpstr (ferry_library_record_get_string (source, "importInfo.importRequestStatus"), ==, "approved");
  /* The settings went through untouched. */
  sbt_assert_json_equal (settings, json_object_get_member (
                           json_object_get_object_member (json_object_get_object_member (source, "packageInfo"),
                                                          "tocView"),
                           "settings"));

  /* The target's objects: Year replaced by its object rule, the new
   * object created, the newer filter kept by the object-type rule. */
  prod_year = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);
  sbt_assert_object_migrated (dev_year, prod_year);
  dev_new = ferry_sandbox_dup_object (env.pair.dev, JTU_PROJECT_ID, new_id);
  prod_new = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, new_id);
  g_assert_nonnull (prod_new);
  sbt_assert_object_migrated (dev_new, prod_new);
  prod_filter_after = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, filter_id);
  sbt_assert_json_equal (prod_filter_before, prod_filter_after);
}

static void
test_object_migration_dependents (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) dev_objects = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GHashTable) closure = NULL;
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();
  g_autoptr(JsonNode) content = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) prod_year = NULL;
  GHashTableIter iter;
  gpointer key;
  FerryMigrationSpec spec;

  jtu_env_start (&env, 0, 0);

  /* The tables Year uses (through its forms and columns), gone from
   * Production. */
  dev_objects = ferry_sandbox_dup_objects (env.pair.dev, JTU_PROJECT_ID);
  index = sbt_objects_index (dev_objects);
  closure = sbt_uses_closure (index, JTU_YEAR_ID);
  g_hash_table_iter_init (&iter, closure);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      JsonNode *object = g_hash_table_lookup (index, key);

      if (object != NULL && sbt_json_get_int (object, "type") == 15)
        g_ptr_array_add (tables, key);
    }
  g_assert_cmpuint (tables->len, >, 0);
  for (guint i = 0; i < tables->len; i++)
    {
      ferry_sandbox_delete_object (env.pair.prod, JTU_PROJECT_ID, g_ptr_array_index (tables, i), &error);
      g_assert_no_error (error);
    }

  content = sbt_json_parse ("[{\"id\": \"" JTU_YEAR_ID "\", \"name\": \"Year\", \"type\": 12,"
                            " \"action\": \"replace\", \"includeDependents\": true}]");
  settings = sbt_json_parse ("{\"updateSchema\": [\"recal_table_logical_size\"],"
                             " \"aclOnReplacingObjects\": \"use_existing\","
                             " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
                             " \"defaultAction\": \"replace\"}");
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Year and dependents", settings, content);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_purpose (ferry_job_get_migration (job)), ==, "object_migration");
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");

  prod_year = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);
  sbt_assert_object_migrated (g_hash_table_lookup (index, JTU_YEAR_ID), prod_year);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *id = g_ptr_array_index (tables, i);
      g_autoptr(JsonNode) table = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, id);

      g_assert_nonnull (table);
      sbt_assert_object_migrated (g_hash_table_lookup (index, id), table);
    }
}

static void
test_undo (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autofree char *id = NULL;
  Watch *watch;
  static const FerryJobStep order[] = {
    FERRY_JOB_STEP_READING_STATE, FERRY_JOB_STEP_REQUESTING_UNDO, FERRY_JOB_STEP_UNDOING,
    FERRY_JOB_STEP_DONE,
  };

  jtu_env_start (&env, 0, 0);
  before = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  id = run_spec_merge (&env);
  merged = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  g_assert_false (json_node_equal (before, merged));

  job = ferry_undo_job_new (env.prod, id, NULL);
  watch = watch_job (job);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  assert_steps_in_order (watch, order, G_N_ELEMENTS (order));
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "undo_success");

  target = jtu_get_migration (env.prod, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.status"), ==, "undo_success");
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.undoRequestStatus"), ==, "approved");

  /* Exactly as before the merge. */
  after = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  sbt_assert_json_equal (before, after);

  /* Undoing again is nothing to do. */
  g_clear_object (&job);
  job = ferry_undo_job_new (env.prod, id, JTU_PROJECT_ID);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *total_removed)
{
  *total_removed += removed;
}

static void
test_delete (void)
{
  JtuEnv env = { 0 };
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) gone = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *id = NULL;
  guint removed = 0;

  jtu_env_start (&env, 0, 0);
  id = run_spec_merge (&env);

  ferry_migration_list_add_connection (list, env.dev);
  ferry_migration_list_add_connection (list, env.prod);
  ferry_migration_list_refresh_async (list, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_migration_list_refresh_finish (list, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_nonnull (ferry_migration_list_lookup (list, id));
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &removed);

  job = ferry_delete_job_new (env.dev, env.prod, id);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_migration_get_has_source_record (ferry_job_get_migration (job)));
  g_assert_false (ferry_migration_get_has_target_record (ferry_job_get_migration (job)));

  /* Gone from both servers… */
  gone = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_null (gone);
  assert_api_error (error, FERRY_API_ERROR_NOT_FOUND, "ERR004");
  g_clear_error (&error);
  gone = jtu_get_migration (env.prod, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_null (gone);
  assert_api_error (error, FERRY_API_ERROR_NOT_FOUND, "ERR004");
  g_clear_error (&error);

  /* …and from the list. */
  ferry_migration_list_refresh_async (list, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_migration_list_refresh_finish (list, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_null (ferry_migration_list_lookup (list, id));
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  /* Deleting what is gone succeeds (404 ERR006 is "already deleted"). */
  g_clear_object (&job);
  job = ferry_delete_job_new (env.dev, env.prod, id);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
}

static void
test_package_create (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) definition = spec_package_definition ();
  g_autoptr(GFile) file = tmp_file ("year.mmp");
  g_autoptr(GFile) again = tmp_file ("year-again.mmp");
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  Watch *watch;
  static const FerryJobStep order[] = {
    FERRY_JOB_STEP_CREATING_PACKAGE, FERRY_JOB_STEP_DOWNLOADING, FERRY_JOB_STEP_CLEANING_UP,
    FERRY_JOB_STEP_DONE,
  };

  jtu_env_start (&env, 0, 0);

  job = ferry_package_create_job_new (env.dev, JTU_PROJECT_ID, definition, file);
  watch = watch_job (job);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  assert_steps_in_order (watch, order, G_N_ELEMENTS (order));
  g_assert_true (file_starts_with_magic (file, &size));
  g_assert_cmpuint (size, >, MMP_MAGIC_LEN);

  /* The holder was deleted: the session may create another (one holder
   * per session). */
  g_clear_object (&job);
  job = ferry_package_create_job_new (env.dev, JTU_PROJECT_ID, definition, again);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_true (file_starts_with_magic (again, &size));
}

/* One final class per workflow under the abstract FerryJob; the
 * subclasses' own calls refuse other jobs. */
static void
test_job_types (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(JsonNode) definition = spec_package_definition ();
  g_autoptr(GFile) file = tmp_file ("types.mmp");
  g_autoptr(FerryJob) migration = NULL;
  g_autoptr(FerryJob) resume = NULL;
  g_autoptr(FerryJob) undo = NULL;
  g_autoptr(FerryJob) delete = NULL;
  g_autoptr(FerryJob) create = NULL;
  g_autoptr(FerryJob) import = NULL;
  FerryMigrationSpec spec;

  g_assert_true (G_TYPE_IS_ABSTRACT (FERRY_TYPE_JOB));
  g_assert_true (G_TYPE_IS_ABSTRACT (FERRY_TYPE_PACKAGE_JOB));

  jtu_env_start (&env, 0, 0);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Types", settings, NULL);
  migration = ferry_migration_job_new (env.dev, env.prod, &spec);
  resume = ferry_migration_job_new_resume (env.dev, env.prod, "A:B");
  undo = ferry_undo_job_new (env.prod, "A:B", NULL);
  delete = ferry_delete_job_new (env.dev, NULL, "A:B");
  create = ferry_package_create_job_new (env.dev, JTU_PROJECT_ID, definition, file);
  import = ferry_package_import_job_new (env.prod, JTU_PROJECT_ID, file, FALSE, NULL);

  g_assert_true (G_OBJECT_TYPE (migration) == FERRY_TYPE_MIGRATION_JOB);
  g_assert_true (G_OBJECT_TYPE (resume) == FERRY_TYPE_MIGRATION_JOB);
  g_assert_true (G_OBJECT_TYPE (undo) == FERRY_TYPE_UNDO_JOB);
  g_assert_true (G_OBJECT_TYPE (delete) == FERRY_TYPE_DELETE_JOB);
  g_assert_true (G_OBJECT_TYPE (create) == FERRY_TYPE_PACKAGE_CREATE_JOB);
  g_assert_true (G_OBJECT_TYPE (import) == FERRY_TYPE_PACKAGE_IMPORT_JOB);
  g_assert_true (FERRY_IS_PACKAGE_JOB (create) && FERRY_IS_PACKAGE_JOB (import));
  g_assert_false (FERRY_IS_PACKAGE_JOB (migration));

  /* What the base class holds, set by each constructor. */
  g_assert_null (ferry_job_get_migration_id (migration));
  g_assert_cmpstr (ferry_job_get_migration_id (resume), ==, "A:B");
  g_assert_nonnull (ferry_job_get_migration (resume));
  g_assert_null (ferry_job_get_source (undo));
  g_assert_true (ferry_job_get_target (undo) == env.prod);
  g_assert_true (ferry_job_get_source (delete) == env.dev);
  g_assert_null (ferry_job_get_target (delete));
  g_assert_true (ferry_job_get_source (import) == env.prod);
  g_assert_null (ferry_package_import_job_get_import_id (import));
  g_assert_cmpint (ferry_job_get_state (create), ==, FERRY_JOB_STATE_READY);
  g_assert_cmpint (ferry_job_get_step (create), ==, FERRY_JOB_STEP_NONE);

  ferry_migration_job_set_generate_undo (migration, FALSE);
  g_test_expect_message ("ferry-job", G_LOG_LEVEL_CRITICAL, "*FERRY_IS_MIGRATION_JOB*");
  ferry_migration_job_set_generate_undo (undo, FALSE);
  g_test_assert_expected_messages ();
  g_test_expect_message ("ferry-job", G_LOG_LEVEL_CRITICAL, "*FERRY_IS_PACKAGE_IMPORT_JOB*");
  g_assert_null (ferry_package_import_job_get_import_id (create));
  g_test_assert_expected_messages ();
}

static void
test_package_import (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) definition = spec_package_definition ();
  g_autoptr(GFile) file = tmp_file ("year.mmp");
  g_autoptr(GFile) undo_file = tmp_file ("year-undo.mmp");
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) dev_year = NULL;
  g_autoptr(JsonNode) prod_year_before = NULL;
  g_autoptr(JsonNode) prod_year = NULL;
  gsize size = 0;

  jtu_env_start (&env, 0, 0);
  dev_year = ferry_sandbox_dup_object (env.pair.dev, JTU_PROJECT_ID, JTU_YEAR_ID);
  prod_year_before = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);

  job = ferry_package_create_job_new (env.dev, JTU_PROJECT_ID, definition, file);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);

  g_clear_object (&job);
  job = ferry_package_import_job_new (env.prod, JTU_PROJECT_ID, file, TRUE, undo_file);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  prod_year = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);
  sbt_assert_object_migrated (dev_year, prod_year);
  g_assert_true (file_starts_with_magic (undo_file, &size));

  /* Importing the undo package puts Year back as it was. */
  g_clear_object (&job);
  job = ferry_package_import_job_new (env.prod, JTU_PROJECT_ID, undo_file, FALSE, NULL);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_clear_pointer (&prod_year, json_node_unref);
  prod_year = ferry_sandbox_dup_object (env.pair.prod, JTU_PROJECT_ID, JTU_YEAR_ID);
  sbt_assert_json_equal (prod_year_before, prod_year);
}

static void
test_resume_created (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  char *id;
  Watch *watch;
  static const FerryJobStep order[] = {
    FERRY_JOB_STEP_READING_STATE, FERRY_JOB_STEP_REQUESTING_APPROVAL,
    FERRY_JOB_STEP_WAITING_FOR_APPROVAL, FERRY_JOB_STEP_STARTING_IMPORT, FERRY_JOB_STEP_DONE,
  };

  jtu_env_start (&env, 0, 0);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Made elsewhere", settings, NULL);
  spec.target_environment_id = "Target environment URL";
  ferry_library_create_migration_async (env.dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  id = g_strdup (ferry_library_record_get_string (created, "id"));
  g_test_queue_free (id);

  /* Wait until it is created, as another client would. */
  for (;;)
    {
      g_autoptr(JsonObject) record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);

      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created"))
        break;
      jtu_spin (20);
    }

  job = ferry_migration_job_new_resume (env.dev, env.prod, id);
  watch = watch_job (job);
  g_assert_cmpstr (ferry_job_get_migration_id (job), ==, id);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  assert_steps_in_order (watch, order, G_N_ELEMENTS (order));
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");

  /* Resuming a finished migration is done at once, without new work. */
  g_clear_object (&job);
  job = ferry_migration_job_new_resume (env.dev, env.prod, id);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", "/api/migrations/{id}"), ==, 1);
}

/* An architect may create and request, never approve: a request-only job
 * stops at "requested" with nothing on the target; an administrator's
 * resume job approves and imports it. */
static void
test_request_only (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) again = NULL;
  g_autoptr(FerryJob) approve = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(GPtrArray) target_records = NULL;
  FerryConnection *architect;
  FerryMigrationSpec spec;
  const char *id;

  jtu_env_start (&env, 0, 0);
  architect = jtu_connect (env.pair.dev, "architect", "Arch1tect!");

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Requested by an architect", settings, NULL);
  job = ferry_migration_job_new (architect, env.prod, &spec);
  g_assert_false (ferry_migration_job_get_request_only (job));
  ferry_migration_job_set_request_only (job, TRUE);
  g_assert_true (ferry_migration_job_get_request_only (job));
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  id = ferry_job_get_migration_id (job);
  g_assert_nonnull (id);

  source = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (source, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (source, "importInfo.importRequestStatus"), ==, "requested");
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", "/api/migrations/{id}"), ==, 0);
  target_records = jtu_list_migrations (env.prod, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (target_records->len, ==, 0);

  /* Resumed as request-only again: already requested, nothing sent. */
  again = ferry_migration_job_new_resume (architect, env.prod, id);
  ferry_migration_job_set_request_only (again, TRUE);
  g_assert_true (jtu_run_job (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.dev, "PATCH", "/api/migrations/{id}"), ==, 1);

  /* The administrator approves and imports it. */
  approve = ferry_migration_job_new_resume (env.dev, env.prod, id);
  g_assert_true (jtu_run_job (approve, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (approve)), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_import_request_status (ferry_job_get_migration (approve)), ==, "approved");
}

/* ------------------------------------------------------------------------ */
/* Failures                                                                   */
/* ------------------------------------------------------------------------ */

static void
test_forbidden (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  FerryConnection *analyst;
  FerryMigrationSpec spec;

  jtu_env_start (&env, 0, 0);
  analyst = jtu_connect (env.pair.dev, "analyst", "analyst");

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Not allowed", settings, NULL);
  job = ferry_migration_job_new (analyst, env.prod, &spec);
  g_assert_false (jtu_run_job (job, &error));
  assert_api_error (error, FERRY_API_ERROR_FORBIDDEN, "ERR014");
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_FAILED);
  g_assert_error ((GError *) ferry_job_get_error (job), FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (ferry_api_error_get_ticket_id (ferry_job_get_error (job)), ==,
                   ferry_api_error_get_ticket_id (error));
  g_assert_null (ferry_job_get_migration_id (job));
  g_clear_error (&error);

  /* Nothing was created. */
  records = jtu_list_migrations (env.dev, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 0);
}

static void
test_create_failed (void)
{
  JtuEnv env = { 0 };
  SbtOptions dev = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  FerryMigrationSpec spec;

  dev.max_package_bytes = 1000;
  jtu_env_start_full (&env, &dev, NULL);

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Too large", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  g_assert_false (jtu_run_job (job, &error));
  g_assert_error (error, FERRY_JOB_ERROR, FERRY_JOB_ERROR_CREATE_FAILED);
  g_assert_nonnull (strstr (error->message, "maximum size"));
  g_assert_cmpstr (ferry_migration_get_package_status (ferry_job_get_migration (job)), ==, "create_failed");

  /* Left as the server has it. */
  record = jtu_get_migration (env.dev, ferry_job_get_migration_id (job), FERRY_SHOW_CONTENT_DEFAULT, NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.status"), ==, "create_failed");
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.message"), ==, error->message);
}

static gboolean
job_polls_creation (gpointer data)
{
  FerryJob *job = data;

  return ferry_job_get_state (job) != FERRY_JOB_STATE_RUNNING ||
         (ferry_job_get_migration_id (job) != NULL &&
          ferry_job_get_step (job) == FERRY_JOB_STEP_CREATING_PACKAGE);
}

static gboolean
job_polls_import (gpointer data)
{
  FerryJob *job = data;

  return ferry_job_get_state (job) != FERRY_JOB_STATE_RUNNING ||
         ferry_job_get_step (job) == FERRY_JOB_STEP_IMPORTING;
}

static void
test_sessions_expire_while_polling (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  guint dev_logins;
  guint prod_logins;

  jtu_env_start (&env, 5, 5);
  dev_logins = ferry_sandbox_get_login_count (env.pair.dev);
  prod_logins = ferry_sandbox_get_login_count (env.pair.prod);

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Expiring", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  jtu_job_start (job);

  jtu_wait_until (job_polls_creation, job, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  ferry_sandbox_expire_sessions (env.pair.dev);
  ferry_sandbox_expire_sessions (env.pair.prod);

  jtu_wait_until (job_polls_import, job, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  ferry_sandbox_expire_sessions (env.pair.dev);
  ferry_sandbox_expire_sessions (env.pair.prod);

  g_assert_true (jtu_job_wait (job, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");

  /* Both connections logged in again, silently. */
  g_assert_cmpuint (ferry_sandbox_get_login_count (env.pair.dev), >, dev_logins);
  g_assert_cmpuint (ferry_sandbox_get_login_count (env.pair.prod), >, prod_logins);
}

static gboolean
import_seen_importing (gpointer data)
{
  FerryJob *job = data;
  FerryMigration *migration = ferry_job_get_migration (job);

  return ferry_job_get_state (job) != FERRY_JOB_STATE_RUNNING ||
         (migration != NULL && g_strcmp0 (ferry_migration_get_import_status (migration), "importing") == 0);
}

static gboolean
job_has_warned (gpointer data)
{
  Watch *watch = data;

  return watch->warnings->len > 0;
}

static void
stop_and_unref (gpointer data)
{
  FerrySandbox *sandbox = data;

  if (ferry_sandbox_is_running (sandbox))
    ferry_sandbox_stop (sandbox);
  g_object_unref (sandbox);
}

static void
test_target_restarts_while_importing (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *state_dir = NULL;
  FerrySandbox *restarted;
  FerryMigrationSpec spec;
  Watch *watch;
  guint port;

  jtu_env_start (&env, 0, 5);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Interrupted", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  watch = watch_job (job);
  jtu_job_start (job);

  jtu_wait_until (import_seen_importing, job, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "importing");

  /* Production goes down in the middle of the import… */
  port = ferry_sandbox_get_port (env.pair.prod);
  state_dir = g_strdup (sbt_sandbox_get_state_dir (env.pair.prod));
  ferry_sandbox_stop (env.pair.prod);
  /* The job keeps trying, and says why it waits. */
  jtu_wait_until (job_has_warned, watch, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  g_assert_cmpuint (watch->warnings->len, >, 0);
  g_assert_true (saw_step (watch, FERRY_JOB_STEP_IMPORTING));

  /* …and comes back on the same address, with the same state. */
  restarted = ferry_sandbox_new (state_dir, "tutorial-prod");
  g_object_set (restarted, "port", port, "shared-storage", env.pair.shared, "name", "Production",
                "work-delay-ms", 5, NULL);
  g_test_queue_destroy (stop_and_unref, restarted);
  g_assert_true (ferry_sandbox_start (restarted, &error));
  g_assert_no_error (error);

  /* The interrupted import is import_failed there, and the job says so. */
  g_assert_false (jtu_job_wait (job, 60, &error));
  g_assert_error (error, FERRY_JOB_ERROR, FERRY_JOB_ERROR_IMPORT_FAILED);
  g_clear_error (&error);
  record = jtu_get_migration (env.prod, ferry_job_get_migration_id (job), FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.status"), ==, "import_failed");

  /* Resuming retries the PUT and ends imported. */
  resumed = ferry_migration_job_new_resume (env.dev, env.prod, ferry_job_get_migration_id (job));
  g_assert_true (jtu_run_job (resumed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (resumed)), ==, "imported");
  g_assert_cmpuint (ferry_sandbox_get_request_count (restarted, "PUT", "/api/migrations/{id}"), ==, 1);
}

/* No fault is left for the path: a plain client gets 200 there. */
static void
assert_faults_consumed (FerrySandbox *sandbox,
                        const char   *migration_id)
{
  g_autoptr(SbtClient) client = sbt_client_new_admin (sandbox);
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", migration_id);
  g_autoptr(SbtResponse) response = sbt_request (client, "GET", path, NULL, NULL);

  sbt_assert_status (response, 200);
}

static void
test_proxy_502_while_polling (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  Watch *watch;

  jtu_env_start (&env, 2, 0);
  /* More than the connection's own retries of one GET. */
  ferry_sandbox_add_fault (env.pair.dev, "GET", "/api/migrations/", 4, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", HTML_502, 0);

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Behind a proxy", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  watch = watch_job (job);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");

  /* The job rode the 502s out (and said so meanwhile). */
  g_assert_true (saw_string (watch->warnings, "502"));
  g_assert_null (ferry_job_get_warning (job));
  assert_faults_consumed (env.pair.dev, ferry_job_get_migration_id (job));
}

static void
test_dropped_connection_while_polling (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  Watch *watch;

  jtu_env_start (&env, 0, 2);
  ferry_sandbox_add_fault (env.pair.prod, "GET", "/api/migrations/", 4, FERRY_SANDBOX_FAULT_DROP,
                           0, NULL, NULL, 0);

  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Flaky network", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  watch = watch_job (job);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");
  g_assert_cmpuint (watch->warnings->len, >, 0);
  assert_faults_consumed (env.pair.prod, ferry_job_get_migration_id (job));
}

static void
test_cancel (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) other = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  FerryMigrationSpec spec;
  gint64 start;

  jtu_env_start (&env, 5, 0);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Cancelled", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  jtu_job_start (job);
  jtu_wait_until (job_polls_creation, job, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);

  start = g_get_monotonic_time ();
  ferry_job_cancel (job);
  g_assert_false (jtu_job_wait (job, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_CANCELLED);
  g_clear_error (&error);

  /* Cancelling stops the watching, not the server's work. */
  record = jtu_get_migration (env.dev, ferry_job_get_migration_id (job), FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  /* The caller's cancellable, in the middle of a request. */
  other = ferry_migration_job_new (env.dev, env.prod, &spec);
  ferry_job_run_async (other, cancellable, jtu_result_cb, &result);
  g_cancellable_cancel (cancellable);
  start = g_get_monotonic_time ();
  g_assert_false (ferry_job_run_finish (other, jtu_wait_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (ferry_job_get_state (other), ==, FERRY_JOB_STATE_CANCELLED);

  /* Let the abandoned requests end before the servers go. */
  jtu_spin (300);
}

static void
test_resume_importing (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) resumed = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec;
  Watch *watch;

  jtu_env_start (&env, 0, 5);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Watched again", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  jtu_job_start (job);
  jtu_wait_until (import_seen_importing, job, 30);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);

  /* The application goes away while the target imports… */
  ferry_job_cancel (job);
  g_assert_false (jtu_job_wait (job, 10, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* …and, back, only watches the import to its end: no second PUT. */
  resumed = ferry_migration_job_new_resume (env.dev, env.prod, ferry_job_get_migration_id (job));
  watch = watch_job (resumed);
  g_assert_true (jtu_run_job (resumed, &error));
  g_assert_no_error (error);
  g_assert_true (saw_step (watch, FERRY_JOB_STEP_IMPORTING));
  g_assert_false (saw_step (watch, FERRY_JOB_STEP_STARTING_IMPORT));
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (resumed)), ==, "imported");
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", "/api/migrations/{id}"), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* The polling schedule                                                       */
/* ------------------------------------------------------------------------ */

static void
test_poll_schedule (void)
{
  FerryPollSchedule schedule;
  gint64 now = 1000000;
  guint delay;

  /* Nothing moving: 100 ms doubling to the cap. */
  ferry_poll_schedule_init (&schedule, 100, 5000);
  g_assert_cmpuint (ferry_poll_schedule_next (&schedule, -1, now), ==, 200);
  g_assert_cmpuint (ferry_poll_schedule_next (&schedule, -1, now), ==, 400);
  for (guint i = 0; i < 10; i++)
    delay = ferry_poll_schedule_next (&schedule, -1, now);
  g_assert_cmpuint (delay, ==, 5000);

  /* Moving 10 % a second from 50 %: the end is 5 s away, the next poll
   * about half of that; near the end the polls come sooner. */
  ferry_poll_schedule_init (&schedule, 100, 5000);
  ferry_poll_schedule_next (&schedule, 40, now);
  delay = ferry_poll_schedule_next (&schedule, 50, now + G_USEC_PER_SEC);
  g_assert_cmpuint (delay, <=, 2500);
  delay = ferry_poll_schedule_next (&schedule, 95, now + G_USEC_PER_SEC * 3 / 2);
  g_assert_cmpuint (delay, <, 500);
  g_assert_cmpuint (delay, >=, 100);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/jobs/poll-schedule", test_poll_schedule);
  g_test_add_func ("/jobs/project-merge", test_project_merge);
  g_test_add_func ("/jobs/object-migration-dependents", test_object_migration_dependents);
  g_test_add_func ("/jobs/undo", test_undo);
  g_test_add_func ("/jobs/delete", test_delete);
  g_test_add_func ("/jobs/package-create", test_package_create);
  g_test_add_func ("/jobs/package-import", test_package_import);
  g_test_add_func ("/jobs/types", test_job_types);
  g_test_add_func ("/jobs/resume-created", test_resume_created);
  g_test_add_func ("/jobs/resume-importing", test_resume_importing);
  g_test_add_func ("/jobs/request-only", test_request_only);
  g_test_add_func ("/jobs/failure/forbidden", test_forbidden);
  g_test_add_func ("/jobs/failure/create-failed", test_create_failed);
  g_test_add_func ("/jobs/failure/sessions-expire-while-polling", test_sessions_expire_while_polling);
  g_test_add_func ("/jobs/failure/target-restarts-while-importing", test_target_restarts_while_importing);
  g_test_add_func ("/jobs/failure/proxy-502-while-polling", test_proxy_502_while_polling);
  g_test_add_func ("/jobs/failure/dropped-connection-while-polling", test_dropped_connection_while_polling);
  g_test_add_func ("/jobs/cancel", test_cancel);

  return g_test_run ();
}
