/* ferry-validation-job.c: the server-side validation of a migration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * read the source's record (showContent=all) ─▶ (PATCH the target
 * environment / project when missing, read again) ─▶ PUT …/validation on
 * the target ─▶ PATCH validation.status "validating" on the source ─▶ poll
 * the source until "validated" / "validation_failed". The result travels
 * from the target to the source through the shared storage.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-validation-job.h"

#include "ferry-job-private.h"

struct _FerryValidationJob
{
  FerryJob   parent_instance;

  char      *target_project_id;
  char      *target_project_name;
  gboolean   target_set;        /* the PATCH of importInfo was sent */
  char      *status;
  char      *message;
};

G_DEFINE_FINAL_TYPE (FerryValidationJob, ferry_validation_job, FERRY_TYPE_JOB)

static void read_source (FerryJob *job);
static void poll_validation (FerryJob *job);

static void
set_result (FerryValidationJob *self,
            JsonObject         *record)
{
  g_free (self->status);
  self->status = g_strdup (ferry_library_record_get_string (record, "validation.status"));
  g_free (self->message);
  self->message = g_strdup (ferry_library_record_get_string (record, "validation.message"));
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryValidationJob *self = FERRY_VALIDATION_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_validation);
  double progress;

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  set_result (self, record);
  progress = ferry_library_record_get_number (record, "validation.progress", -1.0);

  if (ferry_library_status_is (self->status, "validated"))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (self->status, "validation_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_VALIDATION_FAILED, record, "validation.message",
                                  _("The target found problems with the migration"));
  else
    {
      if (progress >= 0)
        _ferry_job_set_progress_in (job, 0.5, 0.99, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_validation);
    }
}

static void
poll_validation (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_VALIDATING);
  ferry_library_get_migration_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                     FERRY_SHOW_CONTENT_DEFAULT, _ferry_job_get_cancellable (job),
                                     poll_cb, g_object_ref (job));
}

static void
validating_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);

  if (record == NULL)
    return;
  _ferry_job_set_progress (job, 0.5);
  _ferry_job_poll_later (job, TRUE, -1.0, poll_validation);
}

static void
validate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  if (!_ferry_job_finish_step (job, result))
    return;
  _ferry_job_set_progress (job, 0.4);
  ferry_library_start_validation_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                        _ferry_job_get_cancellable (job), validating_cb, g_object_ref (job));
}

static void
import_target_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_step_object (job, result);

  if (record == NULL)
    return;
  FERRY_VALIDATION_JOB (job)->target_set = TRUE;
  read_source (job);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryValidationJob *self = FERRY_VALIDATION_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, read_source);
  FerryConnection *target = ferry_job_get_target (job);
  gboolean configuration;
  const char *status, *environment_id, *project_id;

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  _ferry_job_set_progress (job, 0.2);

  status = ferry_library_record_get_string (record, "packageInfo.status");
  if (!ferry_library_status_is (status, "created"))
    {
      g_autofree char *message =
        g_strdup_printf (_("Only a migration whose package is created can be validated; this one is “%s”"),
                         status != NULL ? status : "");

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, message);
      return;
    }

  configuration = ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.type"),
                                           "configuration");
  environment_id = ferry_library_record_get_string (record, "importInfo.environment.id");
  project_id = ferry_library_record_get_string (record, "importInfo.project.id");
  if (self->target_project_id == NULL && !configuration)
    self->target_project_id = g_strdup (project_id);
  if (self->target_project_id == NULL && !configuration)
    {
      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE,
                               _("The migration has no target project to validate against"));
      return;
    }

  /* Flow D, first step: the source must name the target. */
  if (!self->target_set &&
      (environment_id == NULL || *environment_id == '\0' ||
       (!configuration && g_strcmp0 (project_id, self->target_project_id) != 0)))
    {
      g_autofree char *target_env = ferry_connection_dup_environment_id (target);

      _ferry_job_set_step (job, FERRY_JOB_STEP_READING_STATE);
      ferry_library_set_import_target_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                             environment_id != NULL && *environment_id != '\0' ? environment_id
                                                                                               : target_env,
                                             NULL,
                                             configuration ? NULL : self->target_project_id,
                                             self->target_project_name,
                                             _ferry_job_get_cancellable (job), import_target_cb,
                                             g_object_ref (job));
      return;
    }

  _ferry_job_set_step (job, FERRY_JOB_STEP_VALIDATING);
  ferry_library_validate_migration_async (target, record, configuration ? NULL : self->target_project_id,
                                          _ferry_job_get_cancellable (job), validate_cb, g_object_ref (job));
}

static void
read_source (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_READING_STATE);
  ferry_library_get_migration_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                     FERRY_SHOW_CONTENT_ALL, _ferry_job_get_cancellable (job),
                                     read_cb, g_object_ref (job));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_validation_job_finalize (GObject *object)
{
  FerryValidationJob *self = (FerryValidationJob *) object;

  g_clear_pointer (&self->target_project_id, g_free);
  g_clear_pointer (&self->target_project_name, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ferry_validation_job_parent_class)->finalize (object);
}

static void
ferry_validation_job_class_init (FerryValidationJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_validation_job_finalize;
  job_class->start = read_source;
}

static void
ferry_validation_job_init (FerryValidationJob *self)
{
}

FerryJob *
ferry_validation_job_new (FerryConnection *source,
                          FerryConnection *target,
                          const char      *migration_id,
                          const char      *target_project_id,
                          const char      *target_project_name)
{
  FerryValidationJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  self = g_object_new (FERRY_TYPE_VALIDATION_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), source, target);
  _ferry_job_set_migration_id (FERRY_JOB (self), migration_id);
  self->target_project_id = g_strdup (target_project_id);
  self->target_project_name = g_strdup (target_project_name);
  return FERRY_JOB (self);
}

const char *
ferry_validation_job_get_status (FerryValidationJob *self)
{
  g_return_val_if_fail (FERRY_IS_VALIDATION_JOB (self), NULL);
  return self->status;
}

const char *
ferry_validation_job_get_message (FerryValidationJob *self)
{
  g_return_val_if_fail (FERRY_IS_VALIDATION_JOB (self), NULL);
  return self->message;
}

char *
ferry_validation_job_describe (FerryValidationJob *self,
                               const char         *name,
                               const char         *where)
{
  FerryJob *job = FERRY_JOB (self);

  g_return_val_if_fail (FERRY_IS_VALIDATION_JOB (self), NULL);

  if (ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED)
    /* Translators: "“Tutorial to Production” passed validation on Production" */
    return g_strdup_printf (_("“%s” passed validation on %s"), name, where);
  else
    {
      const GError *error = ferry_job_get_error (job);
      g_autofree char *described = NULL;

      if (g_error_matches (error, FERRY_JOB_ERROR, FERRY_JOB_ERROR_VALIDATION_FAILED))
        return g_strdup_printf (_("“%s” failed validation: %s"), name, error->message);
      described = error != NULL ? ferry_api_error_describe (error) : g_strdup ("");
      return g_strdup_printf (_("Could not validate “%s”: %s"), name, described);
    }
}
