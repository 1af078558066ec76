/* ferry-undo-job.c: the undo of a migration on its target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * read the target's record ─▶ request the undo (PATCH) ─▶ approve it
 * (PATCH) ─▶ wait for "undo_success". A request that may not have reached
 * the server sends the job back to reading the record.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-undo-job.h"

#include "ferry-job-private.h"

struct _FerryUndoJob
{
  FerryJob            parent_instance;

  char               *target_project_id;  /* NULL: the project of the target's record */
  FerryRequestStatus  sent;               /* the undo request last sent */
};

G_DEFINE_FINAL_TYPE (FerryUndoJob, ferry_undo_job, FERRY_TYPE_JOB)

static void undo_read (FerryJob *job);
static void undo_poll (FerryJob *job);
static void undo_request_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data);

static void
undo_resync (FerryJob *job)
{
  _ferry_job_count_resync (job);
  undo_read (job);
}

/* Requests the undo, or (STATUS approved) approves it. */
static void
set_undo_request (FerryJob           *job,
                  FerryRequestStatus  status)
{
  FerryUndoJob *self = FERRY_UNDO_JOB (job);

  self->sent = status;
  _ferry_job_set_step (job, FERRY_JOB_STEP_REQUESTING_UNDO);
  ferry_library_set_undo_request_async (ferry_job_get_target (job), ferry_job_get_migration_id (job), status,
                                        self->target_project_id, _ferry_job_get_cancellable (job),
                                        undo_request_cb, g_object_ref (job));
}

static void
read_record (FerryJob            *job,
             GAsyncReadyCallback  callback)
{
  ferry_library_get_migration_async (ferry_job_get_target (job), ferry_job_get_migration_id (job),
                                     FERRY_SHOW_CONTENT_DEFAULT, _ferry_job_get_cancellable (job),
                                     callback, g_object_ref (job));
}

static void
undo_poll_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, undo_poll);
  const char *status;

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  status = ferry_library_record_get_string (record, "importInfo.status");

  if (ferry_library_status_is (status, "undo_success"))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (status, "undo_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_UNDO_FAILED, record, "importInfo.message",
                                  _("The target could not undo the migration"));
  else if (ferry_library_status_is (status, "undoing"))
    _ferry_job_poll_later (job, FALSE, -1.0, undo_poll);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The undo did not start: the import is “%s”"), status != NULL ? status : "");

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
undo_poll (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_UNDOING);
  read_record (job, undo_poll_cb);
}

static void
undo_request_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_work (job, result, undo_resync);

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  if (FERRY_UNDO_JOB (job)->sent == FERRY_REQUEST_STATUS_REQUESTED)
    {
      _ferry_job_set_progress (job, 0.2);
      set_undo_request (job, FERRY_REQUEST_STATUS_APPROVED);
      return;
    }
  _ferry_job_set_progress (job, 0.3);
  _ferry_job_set_step (job, FERRY_JOB_STEP_UNDOING);
  _ferry_job_poll_later (job, TRUE, -1.0, undo_poll);
}

static void
undo_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryUndoJob *self = FERRY_UNDO_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, undo_read);
  const char *status;
  const char *request;
  gboolean undoable;

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  if (self->target_project_id == NULL &&
      !ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.type"), "configuration"))
    self->target_project_id = g_strdup (ferry_library_record_get_string (record, "importInfo.project.id"));
  _ferry_job_set_progress (job, 0.1);

  status = ferry_library_record_get_string (record, "importInfo.status");
  request = ferry_library_record_get_string (record, "importInfo.undoRequestStatus");
  undoable = ferry_library_status_is (status, "imported") || ferry_library_status_is (status, "undo_failed");

  if (ferry_library_status_is (status, "undo_success"))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (status, "undoing"))
    {
      _ferry_job_set_step (job, FERRY_JOB_STEP_UNDOING);
      _ferry_job_poll_later (job, TRUE, -1.0, undo_poll);
    }
  else if (undoable && ferry_library_status_is (request, "requested"))
    set_undo_request (job, FERRY_REQUEST_STATUS_APPROVED);
  else if (undoable)
    set_undo_request (job, FERRY_REQUEST_STATUS_REQUESTED);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("Only an imported migration can be undone; this one is “%s”"),
                         status != NULL ? status : "");

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
undo_read (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_READING_STATE);
  read_record (job, undo_read_cb);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_undo_job_finalize (GObject *object)
{
  FerryUndoJob *self = (FerryUndoJob *) object;

  g_clear_pointer (&self->target_project_id, g_free);

  G_OBJECT_CLASS (ferry_undo_job_parent_class)->finalize (object);
}

static void
ferry_undo_job_class_init (FerryUndoJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_undo_job_finalize;
  job_class->start = undo_read;
}

static void
ferry_undo_job_init (FerryUndoJob *self)
{
}

FerryJob *
ferry_undo_job_new (FerryConnection *target,
                    const char      *migration_id,
                    const char      *target_project_id)
{
  FerryUndoJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  self = g_object_new (FERRY_TYPE_UNDO_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), NULL, target);
  _ferry_job_set_migration_id (FERRY_JOB (self), migration_id);
  self->target_project_id = g_strdup (target_project_id);
  return FERRY_JOB (self);
}
