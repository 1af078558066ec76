/* ferry-package-edit-job.c: PUT …/packageInfo, then wait for "created"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PUT sends the package back to "creating"; the source then writes the
 * package file anew. The edit is one request: a refusal (400 ERR006 naming
 * the state the package must be in) ends the job with that sentence.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-package-edit-job.h"

#include "ferry-job-private.h"

struct _FerryPackageEditJob
{
  FerryJob    parent_instance;

  JsonObject *package_info;
};

G_DEFINE_FINAL_TYPE (FerryPackageEditJob, ferry_package_edit_job, FERRY_TYPE_JOB)

static void poll_created (FerryJob *job);

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_created);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  status = ferry_library_record_get_string (record, "packageInfo.status");
  progress = ferry_library_record_get_number (record, "packageInfo.progress", -1.0);

  if (ferry_library_status_is (status, "created"))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (status, "create_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_CREATE_FAILED, record, "packageInfo.message",
                                  _("The server could not create the edited package"));
  else if (ferry_library_status_is (status, "creating") || ferry_library_status_is (status, "empty"))
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (job, 0.1, 1.0, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_created);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The edited package went to the status “%s” instead of being created"),
                         status != NULL ? status : "");

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
poll_created (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_get_migration_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                     FERRY_SHOW_CONTENT_DEFAULT, _ferry_job_get_cancellable (job),
                                     created_cb, g_object_ref (job));
}

static void
edit_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) answer = _ferry_job_finish_step_object (job, result);

  if (answer == NULL)
    return;
  _ferry_job_set_progress (job, 0.1);
  _ferry_job_poll_later (job, TRUE, ferry_library_record_get_number (answer, "progress", -1.0), poll_created);
}

static void
ferry_package_edit_job_start (FerryJob *job)
{
  FerryPackageEditJob *self = FERRY_PACKAGE_EDIT_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_edit_package_info_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                         self->package_info, _ferry_job_get_cancellable (job),
                                         edit_cb, g_object_ref (job));
}

static void
ferry_package_edit_job_finalize (GObject *object)
{
  FerryPackageEditJob *self = (FerryPackageEditJob *) object;

  g_clear_pointer (&self->package_info, json_object_unref);

  G_OBJECT_CLASS (ferry_package_edit_job_parent_class)->finalize (object);
}

static void
ferry_package_edit_job_class_init (FerryPackageEditJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_package_edit_job_finalize;
  job_class->start = ferry_package_edit_job_start;
}

static void
ferry_package_edit_job_init (FerryPackageEditJob *self)
{
}

FerryJob *
ferry_package_edit_job_new (FerryConnection *source,
                            const char      *migration_id,
                            JsonObject      *package_info)
{
  FerryPackageEditJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);
  g_return_val_if_fail (package_info != NULL, NULL);

  self = g_object_new (FERRY_TYPE_PACKAGE_EDIT_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), source, source);
  _ferry_job_set_migration_id (FERRY_JOB (self), migration_id);
  self->package_info = ferry_json_object_copy_deep (package_info);
  return FERRY_JOB (self);
}

JsonObject *
ferry_package_edit_job_get_package_info (FerryPackageEditJob *self)
{
  g_return_val_if_fail (FERRY_IS_PACKAGE_EDIT_JOB (self), NULL);
  return self->package_info;
}
