/* test-package-files.c: package files, validation and certification in core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against two sandboxes sharing storage (Development → Production): a
 * package downloaded from the source and imported on the target from the
 * file (shared file store, migration_from_shared_file_store), undone back
 * to the exact prior state; downloads of the package and of the undo
 * package, byte for byte what the sandbox stores, and a cancelled download
 * that leaves nothing; server-side validation passing and failing;
 * certification with its refusals; the rejection of an import request.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "jobs-test-util.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

static GFile *
tmp_file (const char *dir,
          const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_new_for_path (path);
}

/* Creates the spec's project merge on dev (package only) and waits until
 * its package is "created"; returns the migration id. */
static char *
create_package (JtuEnv     *env,
                const char *name)
{
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  FerryMigrationSpec spec = jtu_spec (env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, name, settings, NULL);
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *id = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_autofree char *target_env = ferry_connection_dup_environment_id (env->prod);
  spec.target_environment_id = target_env;
  ferry_library_create_migration_async (env->dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  id = g_strdup (ferry_library_record_get_string (created, "id"));
  g_assert_nonnull (id);

  for (;;)
    {
      g_autoptr(JsonObject) record = jtu_get_migration (env->dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);

      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created"))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      jtu_spin (20);
    }
  return g_steal_pointer (&id);
}

static char *
storage_path (JtuEnv     *env,
              JsonObject *record,
              const char *path)
{
  const char *relative = ferry_library_record_get_string (record, path);

  g_assert_nonnull (relative);
  return g_build_filename (env->pair.shared, relative, NULL);
}

static void
assert_same_bytes (const char *expected_path,
                   GFile      *file)
{
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  gsize expected_len = 0, actual_len = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (expected_path, &expected, &expected_len, &error);
  g_assert_no_error (error);
  g_file_load_contents (file, NULL, &actual, &actual_len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected_len, >, 0);
  g_assert_cmpmem (expected, expected_len, actual, actual_len);
}

typedef struct
{
  goffset       done;
  goffset       total;
  guint         calls;
  GCancellable *cancel_at_first;
} Progress;

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer data)
{
  Progress *p = data;

  g_assert_cmpint (done, >, p->done);
  p->done = done;
  p->total = total;
  p->calls++;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

static gboolean
download (FerryConnection *connection,
          const char      *package_id,
          const char      *import_id,
          GFile           *file,
          Progress        *progress,
          GCancellable    *cancellable,
          GError         **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  if (package_id != NULL)
    ferry_library_download_package_to_file_async (connection, package_id, file, progress_cb, progress, NULL,
                                                  cancellable, jtu_result_cb, &result);
  else
    ferry_library_download_undo_package_to_file_async (connection, import_id, file, progress_cb, progress, NULL,
                                                       cancellable, jtu_result_cb, &result);
  ok = ferry_library_finish (jtu_wait_result (&result), error);
  g_clear_object (&result);
  return ok;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* ------------------------------------------------------------------------ */
/* File import, downloads, undo                                               */
/* ------------------------------------------------------------------------ */

static void
test_file_import_undo (void)
{
  JtuEnv env = { 0 };
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autoptr(GFile) package = tmp_file (dir, "Merge from Development.mmp");
  g_autoptr(GFile) undo = tmp_file (dir, "undo.mmp");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) imported = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) undo_job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *undo_stored = NULL;
  Progress progress = { 0 };
  const char *migration_id;
  const char *import_id;

  jtu_env_start (&env, 0, 0);
  id = create_package (&env, "Merge from Development");
  package_id = ferry_library_migration_package_id (id);

  /* The package, streamed to a file: byte for byte what the source stores. */
  g_assert_true (download (env.dev, package_id, NULL, package, &progress, NULL, &error));
  g_assert_no_error (error);
  source = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  stored = storage_path (&env, source, "packageInfo.storage.path");
  assert_same_bytes (stored, package);
  g_assert_cmpuint (progress.calls, >, 0);
  g_assert_cmpint (progress.done, ==, progress.total);
  g_assert_cmpuint (count_files (dir), ==, 1);   /* no partial file left */

  /* Imported from the file into Production. */
  before = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  job = ferry_file_import_job_new (env.prod, package, JTU_PROJECT_ID, JTU_PROJECT_NAME, NULL);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_assert_cmpint (ferry_file_import_job_get_uploaded (FERRY_FILE_IMPORT_JOB (job)), ==,
                   ferry_file_import_job_get_size (FERRY_FILE_IMPORT_JOB (job)));
  g_assert_nonnull (ferry_file_import_job_get_file_id (FERRY_FILE_IMPORT_JOB (job)));
  migration_id = ferry_job_get_migration_id (job);
  g_assert_nonnull (migration_id);
  g_assert_cmpstr (ferry_migration_get_import_status (ferry_job_get_migration (job)), ==, "imported");

  target = jtu_get_migration (env.prod, migration_id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (target, "packageInfo.purpose"), ==,
                   "migration_from_shared_file_store");
  g_assert_cmpstr (ferry_library_record_get_string (target, "packageInfo.name"), ==, "Merge from Development");
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.status"), ==, "imported");
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.project.id"), ==, JTU_PROJECT_ID);
  imported = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  g_assert_false (json_node_equal (before, imported));

  /* Its undo package, streamed: what the target stores. */
  import_id = strchr (migration_id, ':') + 1;
  memset (&progress, 0, sizeof progress);
  g_assert_true (download (env.prod, NULL, import_id, undo, &progress, NULL, &error));
  g_assert_no_error (error);
  undo_stored = storage_path (&env, target, "importInfo.undoStorage.path");
  assert_same_bytes (undo_stored, undo);

  /* The source has no undo package of that import: 404 ERR006, no file. */
  {
    g_autoptr(GFile) none = tmp_file (dir, "none.mmp");

    g_assert_false (download (env.dev, NULL, import_id, none, &progress, NULL, &error));
    g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
    g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
    g_clear_error (&error);
    g_assert_false (g_file_query_exists (none, NULL));
  }

  /* Undone through FerryUndoJob: exactly the objects of before (ids,
   * versions, names, everything). */
  undo_job = ferry_undo_job_new (env.prod, migration_id, NULL);
  g_assert_true (jtu_run_job (undo_job, &error));
  g_assert_no_error (error);
  after = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  sbt_assert_json_equal (before, after);
  g_clear_pointer (&target, json_object_unref);
  target = jtu_get_migration (env.prod, migration_id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (target, "importInfo.status"), ==, "undo_success");
}

/* A cancelled or failed download leaves the destination as it was and no
 * partial file. */
static void
test_download_cancelled (void)
{
  JtuEnv env = { 0 };
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autoptr(GFile) file = tmp_file (dir, "package.mmp");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *contents = NULL;
  Progress progress = { 0 };

  jtu_env_start (&env, 0, 0);
  id = create_package (&env, "Cancelled download");
  package_id = ferry_library_migration_package_id (id);

  /* Cancelled while the first bytes arrive: no file at all. */
  progress.cancel_at_first = cancellable;
  g_assert_false (download (env.dev, package_id, NULL, file, &progress, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (progress.calls, ==, 1);
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (count_files (dir), ==, 0);

  /* An existing file stays as it was when the download is cancelled
   * before it starts, or fails (an unknown package: 404). */
  g_file_set_contents (g_file_peek_path (file), "old", -1, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancelled);
  memset (&progress, 0, sizeof progress);
  g_assert_false (download (env.dev, package_id, NULL, file, &progress, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (download (env.dev, "00000000000000000000000000000000", NULL, file, &progress, NULL, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_file_get_contents (g_file_peek_path (file), &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_files (dir), ==, 1);
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                 */
/* ------------------------------------------------------------------------ */

static void
run_validation (const SbtOptions *prod_options,
                gboolean          valid,
                const char       *message)
{
  JtuEnv env = { 0 };
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *id = NULL;
  gboolean ok;

  jtu_env_start_full (&env, NULL, prod_options);
  id = create_package (&env, "Validated");
  before = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);

  job = ferry_validation_job_new (env.dev, env.prod, id, NULL, NULL);
  ok = jtu_run_job (job, &error);
  if (valid)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (ferry_validation_job_get_status (FERRY_VALIDATION_JOB (job)), ==, "validated");
    }
  else
    {
      g_assert_false (ok);
      g_assert_error (error, FERRY_JOB_ERROR, FERRY_JOB_ERROR_VALIDATION_FAILED);
      g_assert_nonnull (strstr (error->message, message));
      g_assert_cmpstr (ferry_validation_job_get_status (FERRY_VALIDATION_JOB (job)), ==, "validation_failed");
      g_assert_nonnull (strstr (ferry_validation_job_get_message (FERRY_VALIDATION_JOB (job)), message));
      g_clear_error (&error);
    }

  /* The source's record says so; the package is still created; nothing
   * was imported and the target has no record. */
  source = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (source, "validation.status"), ==,
                   valid ? "validated" : "validation_failed");
  g_assert_cmpstr (ferry_library_record_get_string (source, "packageInfo.status"), ==, "created");
  g_assert_nonnull (ferry_library_record_get_string (source, "importInfo.environment.id"));
  target = jtu_get_migration (env.prod, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  sbt_assert_json_equal (before, after);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", "/api/migrations/{id}/validation"), ==, 1);
  g_assert_cmpuint (ferry_sandbox_get_request_count (env.pair.prod, "PUT", "/api/migrations/{id}"), ==, 0);
}

static void
test_validation_passes (void)
{
  run_validation (NULL, TRUE, NULL);
}

static void
test_validation_fails (void)
{
  SbtOptions older = { .server_version = "11.3.1200" };

  /* A package of 11.4 into an 11.3 target: the version direction. */
  run_validation (&older, FALSE, SBT_VERSION_SENTENCE);
}

/* ------------------------------------------------------------------------ */
/* Certification, reject                                                      */
/* ------------------------------------------------------------------------ */

static gboolean
certify (FerryConnection          *connection,
         const char               *id,
         FerryCertificationStatus  status,
         GError                  **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  ferry_library_set_certification_async (connection, id, status, NULL, jtu_result_cb, &result);
  ok = ferry_library_finish (jtu_wait_result (&result), error);
  g_clear_object (&result);
  return ok;
}

static const char *
certification_of (FerryConnection *connection,
                  const char      *id,
                  JsonObject     **keep)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (keep, json_object_unref);
  *keep = jtu_get_migration (connection, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  return ferry_library_record_get_string (*keep, "packageInfo.certification.status");
}

static gboolean
set_import_request (FerryConnection    *connection,
                    const char         *id,
                    FerryRequestStatus  status,
                    GError            **error)
{
  GAsyncResult *result = NULL;
  g_autoptr(JsonObject) record = NULL;

  ferry_library_set_import_request_async (connection, id, status, NULL, jtu_result_cb, &result);
  record = ferry_library_finish_object (jtu_wait_result (&result), error);
  g_clear_object (&result);
  return record != NULL;
}

static void
test_certification (void)
{
  JtuEnv env = { 0 };
  FerryConnection *architect;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *id = NULL;

  jtu_env_start (&env, 0, 0);
  architect = jtu_connect (env.pair.dev, "architect", "Arch1tect!");
  id = create_package (&env, "Certified");
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "uncertified");

  /* The architect requests; may not certify (403 naming the privilege). */
  g_assert_true (certify (architect, id, FERRY_CERTIFICATION_REQUESTED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "requested");
  g_assert_false (certify (architect, id, FERRY_CERTIFICATION_CERTIFIED, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR014");
  g_assert_nonnull (strstr (error->message, "Apply package"));
  g_clear_error (&error);
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "requested");

  /* The administrator certifies, then decertifies. */
  g_assert_true (certify (env.dev, id, FERRY_CERTIFICATION_CERTIFIED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "certified");
  g_assert_nonnull (ferry_library_record_get_string (record, "packageInfo.certification.lastUpdatedDate"));
  g_assert_true (certify (env.dev, id, FERRY_CERTIFICATION_UNCERTIFIED, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "uncertified");

  /* Not once the package is locked (approved for import). */
  g_assert_true (set_import_request (env.dev, id, FERRY_REQUEST_STATUS_REQUESTED, &error));
  g_assert_true (set_import_request (env.dev, id, FERRY_REQUEST_STATUS_APPROVED, &error));
  g_assert_no_error (error);
  g_assert_false (certify (env.dev, id, FERRY_CERTIFICATION_CERTIFIED, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
  g_clear_error (&error);
  g_assert_cmpstr (certification_of (env.dev, id, &record), ==, "uncertified");
}

static void
test_reject (void)
{
  JtuEnv env = { 0 };
  FerryConnection *architect;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) target = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *id = NULL;

  jtu_env_start (&env, 0, 0);
  architect = jtu_connect (env.pair.dev, "architect", "Arch1tect!");
  before = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  id = create_package (&env, "Rejected");

  /* The architect requests, may not reject; the administrator rejects. */
  g_assert_true (set_import_request (architect, id, FERRY_REQUEST_STATUS_REQUESTED, &error));
  g_assert_no_error (error);
  g_assert_false (set_import_request (architect, id, FERRY_REQUEST_STATUS_REJECTED, &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_FORBIDDEN);
  g_clear_error (&error);
  g_assert_true (set_import_request (env.dev, id, FERRY_REQUEST_STATUS_REJECTED, &error));
  g_assert_no_error (error);

  source = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (source, "importInfo.importRequestStatus"), ==, "rejected");
  g_assert_cmpstr (ferry_library_record_get_string (source, "packageInfo.status"), !=, "locked");
  g_assert_cmpstr (ferry_library_record_get_string (source, "importInfo.status"), ==, "pending");

  /* Nothing reached the target. */
  target = jtu_get_migration (env.prod, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = ferry_sandbox_dup_objects (env.pair.prod, JTU_PROJECT_ID);
  sbt_assert_json_equal (before, after);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/package-files/import-undo", test_file_import_undo);
  g_test_add_func ("/package-files/download-cancelled", test_download_cancelled);
  g_test_add_func ("/package-files/validation/passes", test_validation_passes);
  g_test_add_func ("/package-files/validation/fails", test_validation_fails);
  g_test_add_func ("/package-files/certification", test_certification);
  g_test_add_func ("/package-files/reject", test_reject);

  return g_test_run ();
}
