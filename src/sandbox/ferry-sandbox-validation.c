/* ferry-sandbox-validation.c: PUT /api/migrations/{id}/validation and the
 * sync of its result to the source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * api.md §5.2 D and "Validation, certification, …": the target runs every
 * check an import would (sb_import_check(): version direction, package
 * type against the project, validateDependencies, blocked deletes) and
 * commits nothing; the result goes into the shared storage, next to the
 * package file, as "<packageId>.<importId>.validation": `validating` with
 * its progress while a job goes through the package's objects (paced by
 * "work-delay-ms" like every job), then the verdict; the source, whose
 * PATCH {"validation":{"status":"validating"}} started waiting, takes it
 * from there when its record is read. The two servers' clocks must be
 * within five minutes: the source leaves its clock next to the package
 * file ("<packageId>.clock") whenever it serves or changes the record,
 * and the target compares.
 */

#include "config.h"

#include <stdlib.h>

#include "ferry-sandbox-validation.h"
#include "ferry-sandbox-import.h"
#include "ferry-sandbox-migration-jobs.h"

#define CLOCK_MESSAGE \
  "The time difference between the source and target environments should be five minutes or less. " \
  "Please modify the environment system time and try again."
#define STORAGE_WRITE_MESSAGE \
  "Cannot create or modify the shared file. It may be temporarily unavailable for accessing the storage location."
#define MAX_SKEW_MS (5 * 60 * 1000)

static gint64
host_clock_ms (SbHost *host)
{
  return sb_now_ms () + (gint64) host->settings.clock_offset_s * 1000;
}

/* "<dir of FILE>/<packageId>.SUFFIX" */
static char *
side_file (const char *package_file,
           const char *package_id,
           const char *suffix)
{
  g_autofree char *dir = g_path_get_dirname (package_file);
  g_autofree char *name = g_strconcat (package_id, ".", suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

/* The package file of a migration's packageInfo, or NULL. */
static char *
package_file_of (SbHost     *host,
                 JsonObject *package_info)
{
  const char *path = sb_migration_storage_path (package_info, "storage");

  if (host->settings.shared_storage == NULL || path == NULL)
    return NULL;
  return sb_storage_file (host->settings.shared_storage, path);
}

void
sb_validation_stamp_clock (SbHost      *host,
                           SbMigration *m)
{
  g_autofree char *file = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  if (!m->source_role || (file = package_file_of (host, sb_migration_package_info (m))) == NULL ||
      !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return;

  stamp = side_file (file, sb_migration_package_id (m), "clock");
  object = json_object_new ();
  json_object_set_int_member (object, "clock", host_clock_ms (host));
  json_object_set_int_member (object, "real", sb_now_ms ());
  if (!sb_json_write_object_file (stamp, object, &error))
    g_warning ("Cannot record the clock for %s: %s", m->id, error->message);
}

/* The source's clock now, as its last stamp tells; FALSE without one. */
static gboolean
source_clock_ms (const char *package_file,
                 const char *package_id,
                 gint64     *out)
{
  g_autofree char *stamp = side_file (package_file, package_id, "clock");
  g_autoptr(JsonObject) object = sb_json_read_object_file (stamp);

  if (object == NULL || !json_object_has_member (object, "clock") ||
      !json_object_has_member (object, "real"))
    return FALSE;
  *out = json_object_get_int_member (object, "clock") +
         (sb_now_ms () - json_object_get_int_member (object, "real"));
  return TRUE;
}

static char *
result_file (const char *package_file,
             const char *migration_id)
{
  g_autofree char *name = g_strdelimit (g_strdup (migration_id), ":", '.');
  g_autofree char *dir = g_path_get_dirname (package_file);
  g_autofree char *base = g_strconcat (name, ".validation", NULL);

  return g_build_filename (dir, base, NULL);
}

/* ------------------------------------------------------------------------ */
/* The validation job (the target)                                            */
/* ------------------------------------------------------------------------ */

/* Goes through the package's objects at the pace of "work-delay-ms", its
 * progress in the result file, then writes the verdict. RUN tells this
 * validation's file from a later one of the same migration (which wins). */
typedef struct
{
  SbHost     *host;
  char       *path;
  char       *run;
  const char *status;     /* the verdict: validated | validation_failed */
  char       *message;
  guint       total;
  guint       per_tick;
  guint       done;
} ValidationJob;

static void
validation_job_free (gpointer data)
{
  ValidationJob *job = data;

  g_free (job->path);
  g_free (job->run);
  g_free (job->message);
  g_free (job);
}

static gboolean
validation_job_tick (gpointer data)
{
  ValidationJob *job = data;
  g_autoptr(JsonObject) result = sb_json_read_object_file (job->path);
  g_autoptr(GError) error = NULL;
  gint64 progress;

  if (result == NULL || g_strcmp0 (sb_json_get_string (result, "run"), job->run) != 0)
    return G_SOURCE_REMOVE;

  job->done = MIN (job->total, job->done + job->per_tick);
  if (job->done < job->total)
    {
      progress = MIN (99, (gint64) job->done * 100 / job->total);
      if (progress == json_object_get_int_member (result, "progress"))
        return G_SOURCE_CONTINUE;
      json_object_set_int_member (result, "progress", progress);
    }
  else
    {
      json_object_set_string_member (result, "status", job->status);
      json_object_set_int_member (result, "progress", 100);
      json_object_set_string_member (result, "message", job->message);
    }
  sb_json_set_now (result, "lastUpdatedDate");
  if (!sb_json_write_object_file (job->path, result, &error))
    {
      g_warning ("Cannot write the validation %s: %s", job->path, error->message);
      return G_SOURCE_REMOVE;
    }
  return job->done < job->total ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* ------------------------------------------------------------------------ */
/* PUT /api/migrations/{id}/validation (the target)                           */
/* ------------------------------------------------------------------------ */

void
sb_handle_migration_validation (SbContext *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *file = NULL;
  const char *storage = ctx->host->settings.shared_storage;
  const char *id = ctx->id;
  const char *body_id;
  const char *type;
  const char *status;
  const char *path;
  const char *project_id = ctx->project_header;
  g_auto(GStrv) halves = NULL;
  JsonObject *bp;
  JsonObject *bi;
  SbProject *project = NULL;
  SbPackageFile *pkg;
  gint64 source_now;
  gboolean valid;
  guint n_objects;
  guint interval;
  ValidationJob *job;

  if ((body = sb_request_parse_object (ctx)) == NULL)
    return;

  halves = g_strsplit (id, ":", -1);
  if (g_strv_length (halves) != 2 || !sb_is_hex_id (halves[0]) || !sb_is_hex_id (halves[1]))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid migration id '%s': expected '<packageId>:<importId>'", id);
      return;
    }
  body_id = sb_json_get_string (body, "id");
  if (body_id == NULL || g_ascii_strcasecmp (body_id, id) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The migration id in the body ('%s') is not the one of the path ('%s')",
                      body_id != NULL ? body_id : "", id);
      return;
    }

  bp = sb_json_get_object (body, "packageInfo");
  bi = sb_json_get_object (body, "importInfo");
  if (bp == NULL)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The body needs the source's packageInfo (GET on the source)");
      return;
    }
  if (sb_json_get_string (bp, "id") != NULL &&
      g_ascii_strcasecmp (sb_json_get_string (bp, "id"), halves[0]) != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "packageInfo.id '%s' is not the package of migration '%s'",
                      sb_json_get_string (bp, "id"), id);
      return;
    }

  status = sb_json_get_string_or (bp, "status", "");
  if (!g_str_equal (status, "created"))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "A migration can be validated only while its package is 'created'; it is '%s'",
                      status);
      return;
    }

  type = sb_json_get_string (bp, "type");
  if (g_strcmp0 (type, "project") != 0 && g_strcmp0 (type, "configuration") != 0 &&
      g_strcmp0 (type, "project_security") != 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid packageInfo.type '%s': must be one of project, configuration, project_security",
                      type != NULL ? type : "");
      return;
    }

  /* The target project: the header (optional here), else importInfo.project. */
  if (!g_str_equal (type, "configuration"))
    {
      if (project_id == NULL && bi != NULL)
        project_id = sb_json_get_string (sb_json_get_object (bi, "project"), "id");
      if (project_id == NULL || *project_id == '\0')
        {
          sb_reply_error (ctx, 400, "ERR005",
                          "The target project is missing: send X-MSTR-ProjectID or importInfo.project.id");
          return;
        }
      project = sb_store_get_project (ctx->store, project_id);
      if (project == NULL)
        {
          sb_reply_error (ctx, 404, "ERR004", "Project '%s' was not found", project_id);
          return;
        }
    }

  path = sb_migration_storage_path (bp, "storage");
  file = path != NULL ? sb_storage_file (storage, path) : NULL;
  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The shared file cannot be accessed. It may be deleted or the storage location cannot be accessed.");
      return;
    }

  if (source_clock_ms (file, halves[0], &source_now) &&
      ABS (source_now - host_clock_ms (ctx->host)) > MAX_SKEW_MS)
    {
      sb_reply_error (ctx, 400, "ERR006", CLOCK_MESSAGE);
      return;
    }

  if ((pkg = sb_request_read_package_file (ctx, file, path, type)) == NULL)
    return;

  /* The dry run: what the import would do, and nothing done. Its verdict
   * is known now; the result says so only once the job has gone through
   * every object, as a real server's takes a moment. */
  valid = sb_import_check (ctx->store, project, pkg, &plan, &error);
  n_objects = pkg->items != NULL ? pkg->items->len : 0;
  sb_package_file_free (pkg);

  job = g_new0 (ValidationJob, 1);
  job->host = ctx->host;
  job->run = sb_new_ticket_id ();
  job->total = MAX (n_objects, 1);
  job->status = valid ? "validated" : "validation_failed";
  job->message = g_strdup (valid ? "" : (error != NULL ? error->message : "The validation failed"));
  job->path = result_file (file, id);

  result = json_object_new ();
  json_object_set_string_member (result, "migrationId", id);
  json_object_set_string_member (result, "status", "validating");
  json_object_set_int_member (result, "progress", 0);
  sb_json_set_now (result, "creationDate");
  sb_json_set_now (result, "lastUpdatedDate");
  json_object_set_string_member (result, "message", "");
  json_object_set_string_member (result, "run", job->run);

  g_clear_error (&error);
  if (!sb_json_write_object_file (job->path, result, &error))
    {
      g_warning ("Cannot write the validation of %s: %s", id, error->message);
      validation_job_free (job);
      sb_reply_error (ctx, 400, "ERR006", STORAGE_WRITE_MESSAGE);
      return;
    }

  sb_host_job_pacing (ctx->host, job->total, &interval, &job->per_tick);
  sb_host_schedule (ctx->host, interval, validation_job_tick, job, validation_job_free);
  sb_reply_empty (ctx, 202);
}

/* ------------------------------------------------------------------------ */
/* The source                                                                 */
/* ------------------------------------------------------------------------ */

gboolean
sb_validation_sync (SbHost      *host,
                    SbMigration *m)
{
  JsonObject *v;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *status;

  /* Without a validation a record kept as text needs no tree. */
  if (!sb_migration_has_validation (m))
    return FALSE;
  v = sb_json_get_object (sb_migration_record (m), "validation");
  if (v == NULL || g_strcmp0 (sb_json_get_string (v, "status"), "validating") != 0 ||
      (file = package_file_of (host, sb_migration_package_info (m))) == NULL)
    return FALSE;

  path = result_file (file, m->id);
  result = sb_json_read_object_file (path);
  status = result != NULL ? sb_json_get_string (result, "status") : NULL;
  if (g_strcmp0 (status, "validating") == 0)
    {
      /* The target is still at it: its progress, once it moved. */
      gint64 progress = json_object_has_member (result, "progress")
                        ? json_object_get_int_member (result, "progress") : 0;

      if (progress == json_object_get_int_member (v, "progress"))
        return FALSE;
      json_object_set_int_member (v, "progress", progress);
      json_object_set_string_member (v, "lastUpdatedDate",
                                     sb_json_get_string_or (result, "lastUpdatedDate", ""));
      return TRUE;
    }
  if (g_strcmp0 (status, "validated") != 0 && g_strcmp0 (status, "validation_failed") != 0)
    return FALSE;

  json_object_set_string_member (v, "status", status);
  json_object_set_int_member (v, "progress", 100);
  json_object_set_string_member (v, "lastUpdatedDate",
                                 sb_json_get_string_or (result, "lastUpdatedDate", ""));
  json_object_set_string_member (v, "message", sb_json_get_string_or (result, "message", ""));
  return TRUE;
}

gboolean
sb_validation_patch (SbContext   *ctx,
                     SbMigration *m,
                     JsonObject  *validation)
{
  JsonNode *status = json_object_get_member (validation, "status");
  const char *package_status = sb_json_get_string_or (sb_migration_package_info (m), "status", "");
  JsonObject *v;

  if (!sb_json_node_is_string (status) || g_strcmp0 (json_node_get_string (status), "validating") != 0)
    {
      g_autofree char *shown = sb_json_describe_node (status);

      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid validation.status %s: a client sets only 'validating'", shown);
      return FALSE;
    }
  if (!sb_request_require_privileges (ctx, SB_PRIV_APPLY_PACKAGE))
    return FALSE;
  if (!g_str_equal (package_status, "created"))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "A migration can be validated only while its package is 'created'; it is '%s'",
                      package_status);
      return FALSE;
    }

  v = json_object_new ();
  json_object_set_string_member (v, "status", "validating");
  json_object_set_int_member (v, "progress", 0);
  sb_json_set_now (v, "creationDate");
  sb_json_set_now (v, "lastUpdatedDate");
  json_object_set_string_member (v, "message", "");
  json_object_set_object_member (sb_migration_record (m), "validation", v);
  sb_validation_sync (ctx->host, m);
  return TRUE;
}
