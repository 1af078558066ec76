/* ferry-package-create-job.c: a package created and saved to a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (holder, by FerryPackageJob) ─▶ define it (PUT) ─▶ wait for READY ─▶
 * download the binary to the file ─▶ (delete the holder).
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-package-create-job.h"

#include "ferry-package-job-private.h"

struct _FerryPackageCreateJob
{
  FerryPackageJob  parent_instance;

  JsonNode        *definition;  /* {type, settings, content} */
};

G_DEFINE_FINAL_TYPE (FerryPackageCreateJob, ferry_package_create_job, FERRY_TYPE_PACKAGE_JOB)

static void poll_ready (FerryJob *job);

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  if (!_ferry_job_finish_step (job, result))
    return;
  _ferry_job_set_progress (job, 0.9);
  _ferry_package_job_delete_holder (FERRY_PACKAGE_JOB (job));
}

static void
download (FerryJob *job)
{
  FerryPackageJob *self = FERRY_PACKAGE_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_DOWNLOADING);
  ferry_library_download_package_resource_async (_ferry_package_job_get_connection (self), FERRY_PACKAGE_HOLDER,
                                                 _ferry_package_job_get_holder_id (self),
                                                 _ferry_package_job_get_project_id (self),
                                                 _ferry_package_job_get_file (self),
                                                 _ferry_job_get_cancellable (job), download_cb, g_object_ref (job));
}

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_ready);
  const char *status;

  if (record == NULL)
    return;

  status = ferry_library_record_get_string (record, "status");
  if (ferry_library_status_is (status, "ready"))
    {
      _ferry_job_set_progress (job, 0.6);
      download (job);
    }
  else if (ferry_library_status_is (status, "failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_CREATE_FAILED, record, "message",
                                  _("The server could not create the package"));
  else
    _ferry_job_poll_later (job, FALSE, ferry_library_record_get_number (record, "progress", -1.0),
                           poll_ready);
}

static void
poll_ready (FerryJob *job)
{
  FerryPackageJob *self = FERRY_PACKAGE_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_get_package_resource_async (_ferry_package_job_get_connection (self), FERRY_PACKAGE_HOLDER,
                                            _ferry_package_job_get_holder_id (self),
                                            _ferry_package_job_get_project_id (self),
                                            _ferry_job_get_cancellable (job), ready_cb, g_object_ref (job));
}

static void
define_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);

  if (record == NULL)
    return;
  _ferry_job_set_progress (job, 0.1);
  _ferry_job_poll_later (job, TRUE, -1.0, poll_ready);
}

static void
ferry_package_create_job_holder_created (FerryPackageJob *self)
{
  FerryJob *job = FERRY_JOB (self);

  ferry_library_define_package_async (_ferry_package_job_get_connection (self),
                                      _ferry_package_job_get_holder_id (self),
                                      _ferry_package_job_get_project_id (self),
                                      FERRY_PACKAGE_CREATE_JOB (self)->definition,
                                      _ferry_job_get_cancellable (job), define_cb, g_object_ref (job));
}

static void
ferry_package_create_job_start (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  _ferry_package_job_create_holder (FERRY_PACKAGE_JOB (job));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_package_create_job_finalize (GObject *object)
{
  FerryPackageCreateJob *self = (FerryPackageCreateJob *) object;

  g_clear_pointer (&self->definition, json_node_unref);

  G_OBJECT_CLASS (ferry_package_create_job_parent_class)->finalize (object);
}

static void
ferry_package_create_job_class_init (FerryPackageCreateJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);
  FerryPackageJobClass *package_class = FERRY_PACKAGE_JOB_CLASS (klass);

  object_class->finalize = ferry_package_create_job_finalize;
  job_class->start = ferry_package_create_job_start;
  package_class->holder_created = ferry_package_create_job_holder_created;
}

static void
ferry_package_create_job_init (FerryPackageCreateJob *self)
{
}

FerryJob *
ferry_package_create_job_new (FerryConnection *connection,
                              const char      *project_id,
                              JsonNode        *definition,
                              GFile           *file)
{
  FerryPackageCreateJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (definition != NULL && JSON_NODE_HOLDS_OBJECT (definition), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (FERRY_TYPE_PACKAGE_CREATE_JOB, NULL);
  _ferry_package_job_set_up (FERRY_PACKAGE_JOB (self), connection, project_id, file);
  self->definition = ferry_json_node_copy_deep (definition);
  return FERRY_JOB (self);
}
