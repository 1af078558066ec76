/* ferry-file-import-job.c: a package file imported through the shared
 * file store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * hash the file (worker thread) ─▶ create the file's metadata ─▶ upload it
 * streamed ─▶ create the migration (purpose migration_from_shared_file_store,
 * importing at once) ─▶ poll the target until imported.
 *
 * Progress: hashing 0–10 %, upload 10–60 % by bytes, import 60–100 % by
 * the server's progress.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-file-import-job.h"

#include "ferry-job-private.h"

struct _FerryFileImportJob
{
  FerryJob  parent_instance;

  GFile    *file;
  char     *project_id;
  char     *project_name;
  char     *package_type;

  char     *sha256;
  goffset   size;
  goffset   uploaded;
  char     *file_id;
};

G_DEFINE_FINAL_TYPE (FerryFileImportJob, ferry_file_import_job, FERRY_TYPE_JOB)

static void poll_import (FerryJob *job);

/* The file's name without ".mmp", for the shared file and the migration. */
static char *
package_name (FerryFileImportJob *self)
{
  g_autofree char *basename = g_file_get_basename (self->file);

  if (basename == NULL)
    return g_strdup ("package");
  if (g_str_has_suffix (basename, ".mmp") && strlen (basename) > 4)
    basename[strlen (basename) - 4] = '\0';
  return g_steal_pointer (&basename);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_import);
  const char *status;
  double progress;

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  status = ferry_library_record_get_string (record, "importInfo.status");
  progress = ferry_library_record_get_number (record, "importInfo.progress", -1.0);

  if (ferry_library_status_is (status, "imported"))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (status, "import_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_IMPORT_FAILED, record, "importInfo.message",
                                  _("The target could not import the package"));
  else
    {
      if (progress >= 0)
        _ferry_job_set_progress_in (job, 0.6, 0.99, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_import);
    }
}

static void
poll_import (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  ferry_library_get_migration_async (ferry_job_get_target (job), ferry_job_get_migration_id (job),
                                     FERRY_SHOW_CONTENT_DEFAULT, _ferry_job_get_cancellable (job),
                                     poll_cb, g_object_ref (job));
}

static void
migration_created_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);

  if (record == NULL)
    return;
  if (!_ferry_job_require_id (job, ferry_library_record_get_string (record, "id"), _("migration")))
    return;
  /* The id is known: the monitor counts the migration as this computer's. */
  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  _ferry_job_set_progress (job, 0.6);
  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  _ferry_job_poll_later (job, TRUE, -1.0, poll_import);
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryFileImportJob *self = FERRY_FILE_IMPORT_JOB (job);
  g_autoptr(JsonObject) metadata = _ferry_job_finish_step_object (job, result);
  g_autofree char *name = NULL;

  if (metadata == NULL)
    return;
  _ferry_job_set_progress (job, 0.58);
  name = package_name (self);
  _ferry_job_set_step (job, FERRY_JOB_STEP_STARTING_IMPORT);
  ferry_library_create_migration_from_file_async (ferry_job_get_target (job), self->file_id, name, NULL, NULL,
                                                  self->project_id, self->project_name,
                                                  _ferry_job_get_cancellable (job), migration_created_cb,
                                                  g_object_ref (job));
}

static void
upload_progress_cb (goffset  done,
                    goffset  total,
                    gpointer data)
{
  FerryJob *job = data;
  FerryFileImportJob *self = FERRY_FILE_IMPORT_JOB (job);

  self->uploaded = MIN (done, self->size);
  if (total > 0 && _ferry_job_is_running (job))
    _ferry_job_set_progress_in (job, 0.1, 0.58, 100.0 * (double) done / (double) total);
}

static void
metadata_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryFileImportJob *self = FERRY_FILE_IMPORT_JOB (job);
  g_autoptr(JsonObject) metadata = _ferry_job_finish_step_object (job, result);
  const char *id;

  if (metadata == NULL)
    return;
  id = ferry_library_record_get_string (metadata, "id");
  if (!_ferry_job_require_id (job, id, _("shared file")))
    return;
  self->file_id = g_strdup (id);
  ferry_library_upload_shared_file_async (ferry_job_get_target (job), self->file_id, self->file,
                                          upload_progress_cb, g_object_ref (job), g_object_unref,
                                          _ferry_job_get_cancellable (job), uploaded_cb, g_object_ref (job));
}

static void
hashed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryFileImportJob *self = FERRY_FILE_IMPORT_JOB (job);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  FerrySharedFileSpec spec = { 0 };

  self->sha256 = ferry_library_hash_file_finish (result, &self->size, &error);
  if (!_ferry_job_is_running (job))
    return;
  if (self->sha256 == NULL)
    {
      _ferry_job_fail (job, g_steal_pointer (&error));
      return;
    }
  if (self->size == 0)
    {
      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, _("The package file is empty"));
      return;
    }
  _ferry_job_set_progress (job, 0.1);
  _ferry_job_set_step (job, FERRY_JOB_STEP_UPLOADING);

  name = package_name (self);
  spec.name = name;
  spec.size = self->size;
  spec.sha256 = self->sha256;
  spec.package_type = self->package_type;
  ferry_library_create_shared_file_async (ferry_job_get_target (job), &spec, _ferry_job_get_cancellable (job),
                                          metadata_cb, g_object_ref (job));
}

static void
file_import_start (FerryJob *job)
{
  FerryFileImportJob *self = FERRY_FILE_IMPORT_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_HASHING);
  ferry_library_hash_file_async (self->file, _ferry_job_get_cancellable (job), hashed_cb, g_object_ref (job));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_file_import_job_finalize (GObject *object)
{
  FerryFileImportJob *self = (FerryFileImportJob *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->project_name, g_free);
  g_clear_pointer (&self->package_type, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->file_id, g_free);

  G_OBJECT_CLASS (ferry_file_import_job_parent_class)->finalize (object);
}

static void
ferry_file_import_job_class_init (FerryFileImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_file_import_job_finalize;
  job_class->start = file_import_start;
}

static void
ferry_file_import_job_init (FerryFileImportJob *self)
{
}

FerryJob *
ferry_file_import_job_new (FerryConnection *target,
                           GFile           *file,
                           const char      *project_id,
                           const char      *project_name,
                           const char      *package_type)
{
  FerryFileImportJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FERRY_TYPE_FILE_IMPORT_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), NULL, target);
  self->file = g_object_ref (file);
  self->project_id = g_strdup (project_id);
  self->project_name = g_strdup (project_name);
  self->package_type = g_strdup (package_type);
  return FERRY_JOB (self);
}

GFile *
ferry_file_import_job_get_file (FerryFileImportJob *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_IMPORT_JOB (self), NULL);
  return self->file;
}

const char *
ferry_file_import_job_get_file_id (FerryFileImportJob *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_IMPORT_JOB (self), NULL);
  return self->file_id;
}

goffset
ferry_file_import_job_get_uploaded (FerryFileImportJob *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_IMPORT_JOB (self), 0);
  return self->uploaded;
}

goffset
ferry_file_import_job_get_size (FerryFileImportJob *self)
{
  g_return_val_if_fail (FERRY_IS_FILE_IMPORT_JOB (self), 0);
  return self->size;
}
