/* test-package-monitor.c: the monitor's entry points for package files,
 * validation and certification; edit and reuse; sessions that expire in
 * the middle of a streamed transfer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against two sandboxes sharing storage (Development → Production), with
 * FerryEnvironments feeding a FerryMigrationMonitor as the window does.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "jobs-test-util.h"

#define FILES "/api/mstrServices/library/storage/sharedFileStore/files"

typedef struct
{
  JtuEnv                 env;
  FerryEnvironment      *dev_env;
  FerryEnvironment      *prod_env;
  GListStore            *environments;
  FerryMigrationMonitor *monitor;
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

static gboolean
monitor_settled (gpointer data)
{
  FerryMigrationMonitor *monitor = data;

  return !ferry_migration_monitor_get_loading (monitor) && ferry_migration_monitor_get_listed (monitor);
}

static void
fixture_start (Fixture *f)
{
  memset (f, 0, sizeof *f);
  jtu_env_start (&f->env, 0, 0);
  f->dev_env = connect_environment (f->env.pair.dev, "Development");
  f->prod_env = connect_environment (f->env.pair.prod, "Production");
  f->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_test_queue_unref (f->environments);
  g_list_store_append (f->environments, f->dev_env);
  g_list_store_append (f->environments, f->prod_env);
  f->monitor = ferry_migration_monitor_new (G_LIST_MODEL (f->environments), NULL);
  g_test_queue_unref (f->monitor);
  jtu_wait_until (monitor_settled, f->monitor, 30);
}

typedef struct
{
  FerryMigrationMonitor *monitor;
  const char            *id;
} Lookup;

static gboolean
listed (gpointer data)
{
  Lookup *l = data;

  return ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (l->monitor), l->id) != NULL;
}

/* The monitor's item for ID, once it is listed (a refresh asked for). */
static FerryMigration *
wait_listed (FerryMigrationMonitor *monitor,
             const char            *id)
{
  Lookup l = { monitor, id };

  if (!listed (&l))
    ferry_migration_monitor_refresh (monitor);
  jtu_wait_until (listed, &l, 30);
  return ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), id);
}

static gboolean
job_ended (gpointer data)
{
  FerryJobState state = ferry_job_get_state (data);

  return state != FERRY_JOB_STATE_READY && state != FERRY_JOB_STATE_RUNNING;
}

/* A job the monitor runs: waits for its end, and fails the test with its
 * error unless it succeeded. */
static void
wait_job_succeeded (FerryJob *job)
{
  const GError *error;

  jtu_wait_until (job_ended, job, 60);
  error = ferry_job_get_error (job);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
}

/* The spec's project merge created on dev for prod; waits until its
 * package is STATUS ("created", or "create_failed"); returns its id. */
static char *
create_package (JtuEnv     *env,
                const char *name,
                const char *status)
{
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  FerryMigrationSpec spec = jtu_spec (env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, name, settings, NULL);
  g_autofree char *target_env = ferry_connection_dup_environment_id (env->prod);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *id = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  spec.target_environment_id = target_env;
  ferry_library_create_migration_async (env->dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  id = g_strdup (ferry_library_record_get_string (created, "id"));

  for (;;)
    {
      g_autoptr(JsonObject) record = jtu_get_migration (env->dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);

      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), status))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jtu_spin (20);
    }
  return g_steal_pointer (&id);
}

static const char *
record_string (FerryConnection *connection,
               const char      *id,
               const char      *path,
               JsonObject     **keep)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (keep, json_object_unref);
  *keep = jtu_get_migration (connection, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  return ferry_library_record_get_string (*keep, path);
}

/* ------------------------------------------------------------------------ */
/* The monitor's entry points                                                 */
/* ------------------------------------------------------------------------ */

/* import_file: a downloaded package imported into Production from the
 * file; the job ends imported and the migration is in the monitor's list. */
static void
test_import_file (void)
{
  Fixture f;
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "Imported.mmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;
  GAsyncResult *result = NULL;
  FerryMigration *item;
  g_autoptr(FerryJob) job = NULL;

  fixture_start (&f);
  id = create_package (&f.env, "Imported", "created");
  package_id = ferry_library_migration_package_id (id);
  ferry_library_download_package_to_file_async (f.env.dev, package_id, file, NULL, NULL, NULL, NULL,
                                                jtu_result_cb, &result);
  g_assert_true (ferry_library_finish (jtu_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);

  /* The monitor's job, kept beyond its end */
  job = ferry_migration_monitor_import_file (f.monitor, file, f.prod_env, JTU_PROJECT_ID, JTU_PROJECT_NAME);
  g_assert_nonnull (job);
  g_object_ref (job);
  g_assert_true (FERRY_IS_FILE_IMPORT_JOB (job));
  wait_job_succeeded (job);
  g_assert_nonnull (ferry_job_get_migration_id (job));

  item = wait_listed (f.monitor, ferry_job_get_migration_id (job));
  g_assert_cmpstr (ferry_migration_get_name (item), ==, "Imported");
  g_assert_cmpstr (ferry_migration_get_purpose (item), ==, "migration_from_shared_file_store");
  g_assert_cmpstr (record_string (f.env.prod, ferry_job_get_migration_id (job), "importInfo.status", &record),
                   ==, "imported");

  /* Not connected: no job */
  {
    g_autoptr(FerryEnvironment) offline = ferry_environment_new ("Offline", "http://127.0.0.1:9/MicroStrategyLibrary",
                                                                 FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);

    g_assert_null (ferry_migration_monitor_import_file (f.monitor, file, offline, JTU_PROJECT_ID, JTU_PROJECT_NAME));
  }
}

/* start_validation: a validation job of the listed migration that ends
 * validated, the source's record saying so. */
static void
test_start_validation (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  FerryMigration *item;
  g_autoptr(FerryJob) job = NULL;

  fixture_start (&f);
  id = create_package (&f.env, "Validated", "created");
  item = wait_listed (f.monitor, id);

  job = ferry_migration_monitor_start_validation (f.monitor, item);
  g_assert_nonnull (job);
  g_object_ref (job);
  g_assert_true (FERRY_IS_VALIDATION_JOB (job));
  wait_job_succeeded (job);
  g_assert_cmpstr (ferry_validation_job_get_status (FERRY_VALIDATION_JOB (job)), ==, "validated");
  g_assert_cmpstr (record_string (f.env.dev, id, "validation.status", &record), ==, "validated");
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.status", &record), ==, "created");
  g_assert_cmpuint (ferry_sandbox_get_request_count (f.env.pair.prod, "PUT", "/api/migrations/{id}/validation"), ==, 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (f.env.pair.prod, "PUT", "/api/migrations/{id}"), ==, 0);
}

static gboolean
set_certification (Fixture                  *f,
                   FerryMigration           *item,
                   FerryCertificationStatus  status,
                   GError                  **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ferry_migration_monitor_set_certification (f->monitor, item, status, NULL, jtu_result_cb, &result);
  ok = ferry_migration_monitor_set_certification_finish (f->monitor, jtu_wait_result (&result), error);
  g_clear_object (&result);
  return ok;
}

/* set_certification: each status reaches the source's record; refused (with
 * the server's error) once the package is locked. */
static void
test_set_certification (void)
{
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;
  GAsyncResult *result = NULL;
  FerryMigration *item;

  fixture_start (&f);
  id = create_package (&f.env, "Certified", "created");
  item = wait_listed (f.monitor, id);
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.certification.status", &record), ==, "uncertified");

  g_assert_true (set_certification (&f, item, FERRY_CERTIFICATION_REQUESTED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.certification.status", &record), ==, "requested");
  g_assert_true (set_certification (&f, item, FERRY_CERTIFICATION_CERTIFIED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.certification.status", &record), ==, "certified");
  g_assert_true (set_certification (&f, item, FERRY_CERTIFICATION_UNCERTIFIED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.certification.status", &record), ==, "uncertified");

  /* Locked: refused, nothing changes */
  ferry_library_set_import_request_async (f.env.dev, id, FERRY_REQUEST_STATUS_REQUESTED, NULL, jtu_result_cb, &result);
  g_clear_pointer (&record, json_object_unref);
  record = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  ferry_library_set_import_request_async (f.env.dev, id, FERRY_REQUEST_STATUS_APPROVED, NULL, jtu_result_cb, &result);
  g_clear_pointer (&record, json_object_unref);
  record = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_false (set_certification (&f, item, FERRY_CERTIFICATION_CERTIFIED, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
  g_clear_error (&error);
  g_assert_cmpstr (record_string (f.env.dev, id, "packageInfo.certification.status", &record), ==, "uncertified");
}

/* ------------------------------------------------------------------------ */
/* Edit and reuse through the core calls                                      */
/* ------------------------------------------------------------------------ */

static JsonObject *
edit (FerryConnection *connection,
      const char      *id,
      const char      *new_name,
      GError         **error)
{
  g_autoptr(JsonObject) full = jtu_get_migration (connection, id, FERRY_SHOW_CONTENT_ALL, NULL);
  g_autoptr(JsonObject) package_info = NULL;
  GAsyncResult *result = NULL;
  JsonObject *answer;

  g_assert_nonnull (full);
  package_info = json_object_ref (json_object_get_object_member (full, "packageInfo"));
  json_object_set_string_member (package_info, "name", new_name);
  ferry_library_edit_package_info_async (connection, id, package_info, NULL, jtu_result_cb, &result);
  answer = ferry_library_finish_object (jtu_wait_result (&result), error);
  g_clear_object (&result);
  return answer;
}

static JsonObject *
reuse (JtuEnv     *env,
       const char *package_id,
       GError    **error)
{
  g_autofree char *target_env = ferry_connection_dup_environment_id (env->prod);
  GAsyncResult *result = NULL;
  JsonObject *answer;

  ferry_library_reuse_package_async (env->dev, package_id, JTU_PROJECT_ID, target_env, "Production",
                                     JTU_PROJECT_ID, JTU_PROJECT_NAME, NULL, jtu_result_cb, &result);
  answer = ferry_library_finish_object (jtu_wait_result (&result), error);
  g_clear_object (&result);
  return answer;
}

static void
test_edit_and_reuse (void)
{
  JtuEnv env = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autoptr(JsonObject) reused = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;
  const char *reused_id;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  jtu_env_start (&env, 0, 0);
  id = create_package (&env, "Before", "created");
  package_id = ferry_library_migration_package_id (id);

  /* Edit: 202 creating, then created again under the new name */
  edited = edit (env.dev, id, "After", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (edited, "status"), ==, "creating");
  while (!ferry_library_status_is (record_string (env.dev, id, "packageInfo.status", &record), "created"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jtu_spin (20);
    }
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.name"), ==, "After");

  /* Reuse: a new migration of the same package for Production */
  reused = reuse (&env, package_id, &error);
  g_assert_no_error (error);
  reused_id = ferry_library_record_get_string (reused, "id");
  g_assert_nonnull (reused_id);
  g_assert_cmpstr (reused_id, !=, id);
  {
    g_autofree char *reused_package = ferry_library_migration_package_id (reused_id);

    g_assert_cmpstr (reused_package, ==, package_id);
    g_assert_cmpstr (record_string (env.dev, reused_id, "importInfo.environment.name", &record), ==, "Production");
    g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.project.id"), ==, JTU_PROJECT_ID);
  }

  /* Locked (approved for import): no more edits, naming the states */
  {
    GAsyncResult *result = NULL;
    g_autoptr(JsonObject) refused = NULL;

    ferry_library_set_import_request_async (env.dev, id, FERRY_REQUEST_STATUS_REQUESTED, NULL, jtu_result_cb, &result);
    g_clear_pointer (&record, json_object_unref);
    record = ferry_library_finish_object (jtu_wait_result (&result), &error);
    g_clear_object (&result);
    ferry_library_set_import_request_async (env.dev, id, FERRY_REQUEST_STATUS_APPROVED, NULL, jtu_result_cb, &result);
    g_clear_pointer (&record, json_object_unref);
    record = ferry_library_finish_object (jtu_wait_result (&result), &error);
    g_clear_object (&result);
    g_assert_no_error (error);

    refused = edit (env.dev, id, "Again", &error);
    g_assert_null (refused);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
    g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
    g_assert_nonnull (strstr (error->message, "created or create_failed"));
    g_clear_error (&error);
  }

  /* An unknown package cannot be reused */
  {
    g_autoptr(JsonObject) refused = reuse (&env, "0123456789ABCDEF0123456789ABCDEF", &error);

    g_assert_null (refused);
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
}

/* A package that failed to be created cannot be reused: 400 naming it. */
static void
test_reuse_refused (void)
{
  JtuEnv env = { 0 };
  SbtOptions small = { .max_package_bytes = 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;

  jtu_env_start_full (&env, &small, NULL);
  id = create_package (&env, "Too big", "create_failed");
  package_id = ferry_library_migration_package_id (id);
  refused = reuse (&env, package_id, &error);
  g_assert_null (refused);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
  g_assert_nonnull (strstr (error->message, "create_failed"));
}

/* ------------------------------------------------------------------------ */
/* Sessions expiring under a streamed transfer                                */
/* ------------------------------------------------------------------------ */

static void
test_expired_session_transfers (void)
{
  JtuEnv env = { 0 };
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "big.mmp", NULL);
  g_autofree char *back_path = g_build_filename (dir, "back.mmp", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) back = g_file_new_for_path (back_path);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(JsonObject) uploaded = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *binary = NULL;
  g_autofree guint32 *words = NULL;
  g_autofree char *back_data = NULL;
  gsize back_len = 0;
  const gsize n_words = 2 * 1024 * 1024;    /* 8 MB */
  FerrySharedFileSpec spec = { 0 };
  GAsyncResult *result = NULL;
  guint logins;

  jtu_env_start (&env, 0, 0);
  words = g_new (guint32, n_words);
  for (gsize k = 0; k < n_words; k++)
    words[k] = g_rand_int (rand);
  g_file_set_contents (path, (const char *) words, (gssize) (n_words * 4), &error);
  g_assert_no_error (error);
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) words, n_words * 4);

  spec.name = "big";
  spec.size = (goffset) (n_words * 4);
  spec.sha256 = sha256;
  ferry_library_create_shared_file_async (env.prod, &spec, NULL, jtu_result_cb, &result);
  metadata = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  /* Upload: 401 ERR009, one login, the file sent again from its start */
  logins = ferry_sandbox_get_login_count (env.pair.prod);
  ferry_sandbox_expire_sessions (env.pair.prod);
  ferry_library_upload_shared_file_async (env.prod, ferry_library_record_get_string (metadata, "id"), file,
                                          NULL, NULL, NULL, NULL, jtu_result_cb, &result);
  uploaded = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (uploaded, "existing"));
  g_assert_cmpuint (ferry_sandbox_get_login_count (env.pair.prod), ==, logins + 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", FILES "/{id}/binary"), ==, 2);

  /* Download: the same, into the file, byte for byte */
  escaped = g_uri_escape_string (ferry_library_record_get_string (metadata, "id"), NULL, FALSE);
  binary = g_strdup_printf (FILES "/%s/binary", escaped);
  ferry_sandbox_expire_sessions (env.pair.prod);
  ferry_connection_download_async (env.prod, binary, NULL, back, NULL, NULL, NULL, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_connection_download_finish (env.prod, jtu_wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_sandbox_get_login_count (env.pair.prod), ==, logins + 2);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "GET", FILES "/{id}/binary"), ==, 2);
  g_file_get_contents (back_path, &back_data, &back_len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back_data, back_len, words, n_words * 4);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/package-monitor/import-file", test_import_file);
  g_test_add_func ("/package-monitor/start-validation", test_start_validation);
  g_test_add_func ("/package-monitor/set-certification", test_set_certification);
  g_test_add_func ("/package-monitor/edit-reuse", test_edit_and_reuse);
  g_test_add_func ("/package-monitor/reuse-refused", test_reuse_refused);
  g_test_add_func ("/package-monitor/expired-session-transfers", test_expired_session_transfers);

  return g_test_run ();
}
