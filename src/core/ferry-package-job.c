/* ferry-package-job.c: the package holder of the package jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-package-job-private.h"

typedef struct
{
  char  *project_id;
  GFile *file;
  char  *holder_id;  /* while the holder exists */
} FerryPackageJobPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FerryPackageJob, ferry_package_job, FERRY_TYPE_JOB)

/* ------------------------------------------------------------------------ */
/* The holder                                                                 */
/* ------------------------------------------------------------------------ */

static void
create_holder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryPackageJob *self = FERRY_PACKAGE_JOB (job);
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);

  if (record == NULL)
    return;
  g_free (priv->holder_id);
  priv->holder_id = g_strdup (ferry_library_record_get_string (record, "id"));
  if (!_ferry_job_require_id (job, priv->holder_id, _("package")))
    return;
  _ferry_job_set_progress (job, 0.05);
  FERRY_PACKAGE_JOB_GET_CLASS (self)->holder_created (self);
}

void
_ferry_package_job_create_holder (FerryPackageJob *self)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);
  FerryJob *job = FERRY_JOB (self);

  ferry_library_create_package_async (ferry_job_get_source (job), priv->project_id,
                                      _ferry_job_get_cancellable (job),
                                      create_holder_cb, g_object_ref (job));
}

static void
delete_holder_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (FERRY_PACKAGE_JOB (job));

  if (!_ferry_job_finish_step (job, result))
    return;
  g_clear_pointer (&priv->holder_id, g_free);
  _ferry_job_succeed (job);
}

void
_ferry_package_job_delete_holder (FerryPackageJob *self)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);
  FerryJob *job = FERRY_JOB (self);

  _ferry_job_set_step (job, FERRY_JOB_STEP_CLEANING_UP);
  ferry_library_delete_package_resource_async (ferry_job_get_source (job), FERRY_PACKAGE_HOLDER,
                                               priv->holder_id, priv->project_id,
                                               _ferry_job_get_cancellable (job),
                                               delete_holder_cb, g_object_ref (job));
}

void
_ferry_package_job_abandon_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!ferry_library_finish (result, &error))
    g_debug ("Cleaning up after a package job failed: %s", error->message);
}

/* Best effort, without the job's cancellable (it is cancelled already when
 * the job was). */
static void
ferry_package_job_abandon (FerryJob *job)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (FERRY_PACKAGE_JOB (job));

  if (priv->holder_id != NULL)
    ferry_library_delete_package_resource_async (ferry_job_get_source (job), FERRY_PACKAGE_HOLDER,
                                                 priv->holder_id, priv->project_id,
                                                 NULL, _ferry_package_job_abandon_cb, NULL);
  g_clear_pointer (&priv->holder_id, g_free);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_package_job_finalize (GObject *object)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (FERRY_PACKAGE_JOB (object));

  g_clear_pointer (&priv->project_id, g_free);
  g_clear_object (&priv->file);
  g_clear_pointer (&priv->holder_id, g_free);

  G_OBJECT_CLASS (ferry_package_job_parent_class)->finalize (object);
}

static void
ferry_package_job_class_init (FerryPackageJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_package_job_finalize;
  job_class->abandon = ferry_package_job_abandon;
}

static void
ferry_package_job_init (FerryPackageJob *self)
{
}

/* ------------------------------------------------------------------------ */
/* Protected API                                                              */
/* ------------------------------------------------------------------------ */

void
_ferry_package_job_set_up (FerryPackageJob *self,
                           FerryConnection *connection,
                           const char      *project_id,
                           GFile           *file)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);

  _ferry_job_set_connections (FERRY_JOB (self), connection, NULL);
  g_free (priv->project_id);
  priv->project_id = g_strdup (project_id);
  g_set_object (&priv->file, file);
}

FerryConnection *
_ferry_package_job_get_connection (FerryPackageJob *self)
{
  return ferry_job_get_source (FERRY_JOB (self));
}

const char *
_ferry_package_job_get_project_id (FerryPackageJob *self)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);

  return priv->project_id;
}

GFile *
_ferry_package_job_get_file (FerryPackageJob *self)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);

  return priv->file;
}

const char *
_ferry_package_job_get_holder_id (FerryPackageJob *self)
{
  FerryPackageJobPrivate *priv = ferry_package_job_get_instance_private (self);

  return priv->holder_id;
}
