/* ferry-package-import-job.c: a package file imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (holder, by FerryPackageJob) ─▶ upload the file ─▶ start the import
 * (generateUndo) ─▶ wait for IMPORTED ─▶ save the undo package (when asked)
 * ─▶ delete the import process ─▶ (delete the holder).
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-package-import-job.h"

#include "ferry-package-job-private.h"

struct _FerryPackageImportJob
{
  FerryPackageJob  parent_instance;

  gboolean         generate_undo;
  GFile           *undo_file;  /* NULL: the undo package is not saved */
  char            *import_id;  /* while the import process exists */
};

G_DEFINE_FINAL_TYPE (FerryPackageImportJob, ferry_package_import_job, FERRY_TYPE_PACKAGE_JOB)

static void poll_import (FerryJob *job);

static void
delete_import_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  if (!_ferry_job_finish_step (job, result))
    return;
  g_clear_pointer (&FERRY_PACKAGE_IMPORT_JOB (job)->import_id, g_free);
  _ferry_job_set_progress (job, 0.96);
  _ferry_package_job_delete_holder (FERRY_PACKAGE_JOB (job));
}

static void
delete_import (FerryJob *job)
{
  FerryPackageJob *package = FERRY_PACKAGE_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_CLEANING_UP);
  ferry_library_delete_package_resource_async (_ferry_package_job_get_connection (package), FERRY_PACKAGE_IMPORT,
                                               FERRY_PACKAGE_IMPORT_JOB (job)->import_id,
                                               _ferry_package_job_get_project_id (package),
                                               _ferry_job_get_cancellable (job),
                                               delete_import_cb, g_object_ref (job));
}

static void
download_undo_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  if (!_ferry_job_finish_step (job, result))
    return;
  _ferry_job_set_progress (job, 0.92);
  delete_import (job);
}

static void
download_undo (FerryJob *job)
{
  FerryPackageImportJob *self = FERRY_PACKAGE_IMPORT_JOB (job);
  FerryPackageJob *package = FERRY_PACKAGE_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_DOWNLOADING_UNDO);
  ferry_library_download_package_resource_async (_ferry_package_job_get_connection (package), FERRY_PACKAGE_IMPORT,
                                                 self->import_id, _ferry_package_job_get_project_id (package),
                                                 self->undo_file, _ferry_job_get_cancellable (job),
                                                 download_undo_cb, g_object_ref (job));
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_import);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  status = ferry_library_record_get_string (record, "status");
  progress = ferry_library_record_get_number (record, "progress", -1.0);

  if (ferry_library_status_is (status, "imported"))
    {
      _ferry_job_set_progress (job, 0.85);
      if (FERRY_PACKAGE_IMPORT_JOB (job)->undo_file != NULL)
        download_undo (job);
      else
        delete_import (job);
    }
  else if (ferry_library_status_is (status, "failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_IMPORT_FAILED, record, "message",
                                  _("The server could not import the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (job, 0.2, 0.85, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_import);
    }
}

static void
poll_import (FerryJob *job)
{
  FerryPackageJob *package = FERRY_PACKAGE_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  ferry_library_get_package_resource_async (_ferry_package_job_get_connection (package), FERRY_PACKAGE_IMPORT,
                                            FERRY_PACKAGE_IMPORT_JOB (job)->import_id,
                                            _ferry_package_job_get_project_id (package),
                                            _ferry_job_get_cancellable (job), import_cb, g_object_ref (job));
}

static void
start_import_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);
  const char *id;

  if (record == NULL)
    return;
  id = ferry_library_record_get_string (record, "id");
  if (!_ferry_job_require_id (job, id, _("import")))
    return;
  FERRY_PACKAGE_IMPORT_JOB (job)->import_id = g_strdup (id);
  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  _ferry_job_poll_later (job, TRUE, ferry_library_record_get_number (record, "progress", -1.0),
                         poll_import);
}

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);
  FerryPackageJob *package = FERRY_PACKAGE_JOB (job);

  if (record == NULL)
    return;
  _ferry_job_set_progress (job, 0.2);
  _ferry_job_set_step (job, FERRY_JOB_STEP_STARTING_IMPORT);
  ferry_library_create_package_import_async (_ferry_package_job_get_connection (package),
                                             _ferry_package_job_get_holder_id (package),
                                             _ferry_package_job_get_project_id (package),
                                             FERRY_PACKAGE_IMPORT_JOB (job)->generate_undo,
                                             _ferry_job_get_cancellable (job),
                                             start_import_cb, g_object_ref (job));
}

/* The holder exists: upload the file into it. */
static void
ferry_package_import_job_holder_created (FerryPackageJob *package)
{
  FerryJob *job = FERRY_JOB (package);

  _ferry_job_set_step (job, FERRY_JOB_STEP_UPLOADING);
  ferry_library_upload_package_async (_ferry_package_job_get_connection (package),
                                      _ferry_package_job_get_holder_id (package),
                                      _ferry_package_job_get_project_id (package),
                                      _ferry_package_job_get_file (package),
                                      _ferry_job_get_cancellable (job), upload_cb, g_object_ref (job));
}

static void
ferry_package_import_job_start (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_UPLOADING);
  _ferry_package_job_create_holder (FERRY_PACKAGE_JOB (job));
}

/* The import process first, then (the parent) the holder. */
static void
ferry_package_import_job_abandon (FerryJob *job)
{
  FerryPackageImportJob *self = FERRY_PACKAGE_IMPORT_JOB (job);
  FerryPackageJob *package = FERRY_PACKAGE_JOB (job);

  if (self->import_id != NULL)
    ferry_library_delete_package_resource_async (_ferry_package_job_get_connection (package), FERRY_PACKAGE_IMPORT,
                                                 self->import_id, _ferry_package_job_get_project_id (package),
                                                 NULL, _ferry_package_job_abandon_cb, NULL);
  g_clear_pointer (&self->import_id, g_free);

  FERRY_JOB_CLASS (ferry_package_import_job_parent_class)->abandon (job);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_package_import_job_finalize (GObject *object)
{
  FerryPackageImportJob *self = (FerryPackageImportJob *) object;

  g_clear_object (&self->undo_file);
  g_clear_pointer (&self->import_id, g_free);

  G_OBJECT_CLASS (ferry_package_import_job_parent_class)->finalize (object);
}

static void
ferry_package_import_job_class_init (FerryPackageImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);
  FerryPackageJobClass *package_class = FERRY_PACKAGE_JOB_CLASS (klass);

  object_class->finalize = ferry_package_import_job_finalize;
  job_class->start = ferry_package_import_job_start;
  job_class->abandon = ferry_package_import_job_abandon;
  package_class->holder_created = ferry_package_import_job_holder_created;
}

static void
ferry_package_import_job_init (FerryPackageImportJob *self)
{
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

FerryJob *
ferry_package_import_job_new (FerryConnection *connection,
                              const char      *project_id,
                              GFile           *file,
                              gboolean         generate_undo,
                              GFile           *undo_file)
{
  FerryPackageImportJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (undo_file == NULL || G_IS_FILE (undo_file), NULL);

  self = g_object_new (FERRY_TYPE_PACKAGE_IMPORT_JOB, NULL);
  _ferry_package_job_set_up (FERRY_PACKAGE_JOB (self), connection, project_id, file);
  self->generate_undo = !!generate_undo;
  self->undo_file = generate_undo && undo_file != NULL ? g_object_ref (undo_file) : NULL;
  return FERRY_JOB (self);
}

const char *
ferry_package_import_job_get_import_id (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_PACKAGE_IMPORT_JOB (self), NULL);

  return FERRY_PACKAGE_IMPORT_JOB (self)->import_id;
}
