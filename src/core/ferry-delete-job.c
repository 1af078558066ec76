/* ferry-delete-job.c: a migration deleted on its source, then its target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include "ferry-delete-job.h"

#include "ferry-job-private.h"

struct _FerryDeleteJob
{
  FerryJob  parent_instance;

  gboolean  on_target;  /* the side being deleted */
};

G_DEFINE_FINAL_TYPE (FerryDeleteJob, ferry_delete_job, FERRY_TYPE_JOB)

static void deleted_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data);

static void
delete_on (FerryJob *job,
           gboolean  on_target)
{
  g_autofree char *package_id = ferry_library_migration_package_id (ferry_job_get_migration_id (job));

  FERRY_DELETE_JOB (job)->on_target = on_target;
  ferry_library_delete_migration_async (on_target ? ferry_job_get_target (job) : ferry_job_get_source (job),
                                        package_id, _ferry_job_get_cancellable (job),
                                        deleted_cb, g_object_ref (job));
}

static void
delete_on_target (FerryJob *job)
{
  FerryConnection *target = ferry_job_get_target (job);

  if (target == NULL || target == ferry_job_get_source (job))
    _ferry_job_succeed (job);
  else
    delete_on (job, TRUE);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  gboolean on_target = FERRY_DELETE_JOB (job)->on_target;

  if (!_ferry_job_finish_step (job, result))
    return;
  if (ferry_job_get_migration (job) != NULL)
    ferry_migration_forget_record (ferry_job_get_migration (job), on_target);
  if (on_target)
    _ferry_job_succeed (job);
  else
    {
      _ferry_job_set_progress (job, 0.5);
      delete_on_target (job);
    }
}

static void
ferry_delete_job_start (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_DELETING);
  if (ferry_job_get_source (job) == NULL)
    delete_on_target (job);
  else
    delete_on (job, FALSE);
}

static void
ferry_delete_job_class_init (FerryDeleteJobClass *klass)
{
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  job_class->start = ferry_delete_job_start;
}

static void
ferry_delete_job_init (FerryDeleteJob *self)
{
}

FerryJob *
ferry_delete_job_new (FerryConnection *source,
                      FerryConnection *target,
                      const char      *migration_id)
{
  FerryJob *job;

  g_return_val_if_fail (source == NULL || FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (target == NULL || FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (source != NULL || target != NULL, NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  job = g_object_new (FERRY_TYPE_DELETE_JOB, NULL);
  _ferry_job_set_connections (job, source, target);
  _ferry_job_set_migration_id (job, migration_id);
  return job;
}
