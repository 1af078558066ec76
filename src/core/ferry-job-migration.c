/* ferry-job-migration.c: merge, object migration, resume, undo, delete
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A migration job moves through these steps (spec/ and api.md §5.2):
 *
 *   create (source POST) ─▶ wait for "created" (source GET) ─▶ request
 *   (PATCH) ─▶ approve (PATCH) ─▶ read showContent=all (source GET) ─▶ PUT
 *   on the target with replicated ─▶ wait for "imported" (target GET)
 *
 * Resuming, and recovering when a request that starts work may not have
 * reached the server, both go through resync(): read the target's record
 * and the source's, then continue from the step they say (decide()).
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-job-private.h"

/* The share of the whole job each part takes (0–1). */
#define P_CREATED   0.40
#define P_APPROVED  0.45

static void resync (FerryJob *self);
static void poll_created (FerryJob *self);
static void poll_imported (FerryJob *self);
static void do_request (FerryJob *self);
static void do_approve (FerryJob *self);
static void do_read_full (FerryJob *self);
static void do_put (FerryJob *self);

static gboolean
is_configuration (JsonObject *record)
{
  return ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.type"),
                                  "configuration");
}

static double
progress_of (JsonObject *record,
             const char *section)
{
  g_autofree char *path = g_strconcat (section, ".progress", NULL);

  return ferry_library_record_get_number (record, path, -1.0);
}

/* "The package could not be created: <the server's message>". */
static void
fail_with_record_message (FerryJob      *self,
                          FerryJobError  code,
                          JsonObject    *record,
                          const char    *section,
                          const char    *fallback)
{
  g_autofree char *path = g_strconcat (section, ".message", NULL);
  const char *message = ferry_library_record_get_string (record, path);

  _ferry_job_fail_literal (self, code, message != NULL && *message != '\0' ? message : fallback);
}

static void
set_record (JsonObject **slot,
            JsonObject  *record)
{
  g_clear_pointer (slot, json_object_unref);
  if (record != NULL)
    *slot = json_object_ref (record);
}

/* ------------------------------------------------------------------------ */
/* Constructors                                                               */
/* ------------------------------------------------------------------------ */

FerryJob *
ferry_job_new_migration (FerryConnection          *source,
                         FerryConnection          *target,
                         const FerryMigrationSpec *spec)
{
  FerryMigrationSpec copy;
  g_autofree char *source_env = NULL;
  g_autofree char *target_env = NULL;
  FerryJob *self;
  gboolean configuration;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  copy = *spec;
  source_env = ferry_connection_dup_environment_id (source);
  target_env = ferry_connection_dup_environment_id (target);
  if (copy.source_environment_id == NULL)
    copy.source_environment_id = source_env;
  if (copy.target_environment_id == NULL)
    copy.target_environment_id = target_env;

  self = _ferry_job_new (FERRY_JOB_KIND_MIGRATION, source, target);
  self->create_body = ferry_library_migration_body_new (&copy, NULL);
  configuration = ferry_library_status_is (spec->package_type, "configuration");
  if (!configuration)
    {
      self->source_project_id = g_strdup (spec->source_project_id);
      self->target_project_id = g_strdup (spec->target_project_id);
    }
  return self;
}

FerryJob *
ferry_job_resume_migration (FerryConnection *source,
                            FerryConnection *target,
                            const char      *migration_id)
{
  FerryJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  self = _ferry_job_new (FERRY_JOB_KIND_MIGRATION, source, target);
  _ferry_job_set_migration_id (self, migration_id);
  return self;
}

FerryJob *
ferry_job_new_undo (FerryConnection *target,
                    const char      *migration_id,
                    const char      *target_project_id)
{
  FerryJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  self = _ferry_job_new (FERRY_JOB_KIND_UNDO, NULL, target);
  _ferry_job_set_migration_id (self, migration_id);
  self->target_project_id = g_strdup (target_project_id);
  return self;
}

FerryJob *
ferry_job_new_delete (FerryConnection *source,
                      FerryConnection *target,
                      const char      *migration_id)
{
  FerryJob *self;

  g_return_val_if_fail (source == NULL || FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (target == NULL || FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (source != NULL || target != NULL, NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  self = _ferry_job_new (FERRY_JOB_KIND_DELETE, source, target);
  _ferry_job_set_migration_id (self, migration_id);
  return self;
}

/* ------------------------------------------------------------------------ */
/* Create and wait for "created"                                              */
/* ------------------------------------------------------------------------ */

static void do_create (FerryJob *self);

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  const char *id;

  if (!_ferry_job_is_running (self))
    return;

  if (record == NULL)
    {
      /* An expired session means the server did nothing: once more. */
      if (!self->create_retried &&
          (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) ||
           g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAUTHORIZED)))
        {
          self->create_retried = TRUE;
          do_create (self);
          return;
        }
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }

  id = ferry_library_record_get_string (record, "id");
  if (id == NULL || *id == '\0')
    {
      _ferry_job_fail (self, g_error_new_literal (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                                  _("The server created the migration but did not say its id")));
      return;
    }

  _ferry_job_set_migration_id (self, id);
  _ferry_job_take_record (self, self->source, record, FALSE);
  _ferry_job_poll_later (self, TRUE, progress_of (record, "packageInfo"), poll_created);
}

static void
do_create (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_create_migration_from_body_async (self->source, self->source_project_id,
                                                  self->create_body, self->cancellable,
                                                  create_cb, g_object_ref (self));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, poll_created);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  _ferry_job_take_record (self, self->source, record, FALSE);
  set_record (&self->source_record, record);
  status = ferry_library_record_get_string (record, "packageInfo.status");
  progress = progress_of (record, "packageInfo");

  if (ferry_library_status_is (status, "created"))
    {
      _ferry_job_set_progress (self, P_CREATED);
      do_request (self);
    }
  else if (ferry_library_status_is (status, "locked"))
    {
      /* Approved already (by someone else, or before a restart). */
      _ferry_job_set_progress (self, P_APPROVED);
      do_read_full (self);
    }
  else if (ferry_library_status_is (status, "create_failed"))
    fail_with_record_message (self, FERRY_JOB_ERROR_CREATE_FAILED, record, "packageInfo",
                              _("The server could not create the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (self, 0.0, P_CREATED, progress);
      _ferry_job_poll_later (self, FALSE, progress, poll_created);
    }
}

static void
poll_created (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_CREATING_PACKAGE);
  ferry_library_get_migration_async (self->source, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, created_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Request and approve                                                        */
/* ------------------------------------------------------------------------ */

/* A request that starts work failed: read the state again when it may not
 * have happened, else fail. */
static void
work_request_failed (FerryJob *self,
                     GError   *error,
                     void    (*resync_func) (FerryJob *self))
{
  g_autoptr(GError) owned = error;

  if (_ferry_job_should_resync (self, owned))
    {
      g_debug ("Job %p: reading the state again after: %s", self, owned->message);
      resync_func (self);
      return;
    }
  _ferry_job_fail (self, g_steal_pointer (&owned));
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      work_request_failed (self, g_steal_pointer (&error), resync);
      return;
    }
  _ferry_job_take_record (self, self->source, record, FALSE);
  do_approve (self);
}

static void
do_request (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_REQUESTING_APPROVAL);
  ferry_library_set_import_request_async (self->source, self->migration_id,
                                          FERRY_REQUEST_STATUS_REQUESTED, self->cancellable,
                                          request_cb, g_object_ref (self));
}

static void
approve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      work_request_failed (self, g_steal_pointer (&error), resync);
      return;
    }
  _ferry_job_take_record (self, self->source, record, FALSE);
  _ferry_job_set_progress (self, P_APPROVED);
  do_read_full (self);
}

static void
do_approve (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_WAITING_FOR_APPROVAL);
  ferry_library_set_import_request_async (self->source, self->migration_id,
                                          FERRY_REQUEST_STATUS_APPROVED, self->cancellable,
                                          approve_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Read the whole record, PUT it on the target, wait for "imported"           */
/* ------------------------------------------------------------------------ */

static void
read_full_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, do_read_full);

  if (record == NULL)
    return;

  _ferry_job_take_record (self, self->source, record, FALSE);
  set_record (&self->full_record, record);
  if (self->target_project_id == NULL && !is_configuration (record))
    self->target_project_id = g_strdup (ferry_library_record_get_string (record, "importInfo.project.id"));
  do_put (self);
}

static void
do_read_full (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_READING_PACKAGE);
  ferry_library_get_migration_async (self->source, self->migration_id, FERRY_SHOW_CONTENT_ALL,
                                     self->cancellable, read_full_cb, g_object_ref (self));
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      work_request_failed (self, g_steal_pointer (&error), resync);
      return;
    }
  _ferry_job_take_record (self, self->target, record, TRUE);
  _ferry_job_set_step (self, FERRY_JOB_STEP_IMPORTING);
  _ferry_job_poll_later (self, TRUE, progress_of (record, "importInfo"), poll_imported);
}

static void
do_put (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_STARTING_IMPORT);
  ferry_library_import_migration_async (self->target, self->full_record, self->target_project_id,
                                        self->generate_undo, self->cancellable,
                                        put_cb, g_object_ref (self));
}

static gboolean
import_is_over (const char *status)
{
  return ferry_library_status_is (status, "imported") ||
         ferry_library_status_is (status, "undoing") ||
         ferry_library_status_is (status, "undo_success") ||
         ferry_library_status_is (status, "undo_failed");
}

static void
imported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, poll_imported);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  _ferry_job_take_record (self, self->target, record, TRUE);
  set_record (&self->target_record, record);
  status = ferry_library_record_get_string (record, "importInfo.status");
  progress = progress_of (record, "importInfo");

  if (import_is_over (status))
    _ferry_job_succeed (self);
  else if (ferry_library_status_is (status, "import_failed"))
    fail_with_record_message (self, FERRY_JOB_ERROR_IMPORT_FAILED, record, "importInfo",
                              _("The target could not import the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (self, P_APPROVED, 1.0, progress);
      _ferry_job_poll_later (self, FALSE, progress, poll_imported);
    }
}

static void
poll_imported (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_IMPORTING);
  ferry_library_get_migration_async (self->target, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, imported_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------ */
/* Resync: read both records and go on from there                             */
/* ------------------------------------------------------------------------ */

static void
decide (FerryJob *self)
{
  JsonObject *target = self->target_known ? self->target_record : NULL;
  JsonObject *source = self->source_known ? self->source_record : NULL;

  if (target != NULL)
    {
      const char *status = ferry_library_record_get_string (target, "importInfo.status");
      double progress = progress_of (target, "importInfo");

      if (import_is_over (status))
        {
          _ferry_job_succeed (self);
          return;
        }
      if (ferry_library_status_is (status, "importing"))
        {
          _ferry_job_set_progress (self, P_APPROVED);
          _ferry_job_set_step (self, FERRY_JOB_STEP_IMPORTING);
          _ferry_job_poll_later (self, TRUE, progress, poll_imported);
          return;
        }
      /* pending or import_failed: the PUT is (again) allowed. */
      if (source == NULL)
        {
          _ferry_job_fail_literal (self, FERRY_JOB_ERROR_INVALID_STATE,
                                   _("The import cannot be started again: the source no longer has the migration"));
          return;
        }
      _ferry_job_set_progress (self, P_APPROVED);
      do_read_full (self);
      return;
    }

  if (source == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Neither server knows the migration %s"), self->migration_id);

      _ferry_job_fail_literal (self, FERRY_JOB_ERROR_NOT_FOUND, message);
      return;
    }

  {
    const char *status = ferry_library_record_get_string (source, "packageInfo.status");
    const char *request = ferry_library_record_get_string (source, "importInfo.importRequestStatus");

    if (ferry_library_status_is (status, "creating") || ferry_library_status_is (status, "empty"))
      {
        _ferry_job_set_step (self, FERRY_JOB_STEP_CREATING_PACKAGE);
        _ferry_job_poll_later (self, TRUE, progress_of (source, "packageInfo"), poll_created);
      }
    else if (ferry_library_status_is (status, "create_failed"))
      fail_with_record_message (self, FERRY_JOB_ERROR_CREATE_FAILED, source, "packageInfo",
                                _("The server could not create the package"));
    else if (ferry_library_status_is (status, "created"))
      {
        _ferry_job_set_progress (self, P_CREATED);
        if (ferry_library_status_is (request, "requested"))
          do_approve (self);
        else if (ferry_library_status_is (request, "approved"))
          do_read_full (self);
        else
          do_request (self);
      }
    else if (ferry_library_status_is (status, "locked"))
      {
        _ferry_job_set_progress (self, P_APPROVED);
        do_read_full (self);
      }
    else
      {
        g_autofree char *message =
          g_strdup_printf (_("The migration cannot go on from its package status “%s”"),
                           status != NULL ? status : "");

        _ferry_job_fail_literal (self, FERRY_JOB_ERROR_INVALID_STATE, message);
      }
  }
}

static void resync_read_source (FerryJob *self);
static void resync_read_target (FerryJob *self);

/* A record read again: the source's (then the state is decided) or the
 * target's (then the source's is read). A 404 means the side has none. */
static void
resync_take (FerryJob     *self,
             GAsyncResult *result,
             gboolean      target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL && !g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    {
      _ferry_job_read_failed (self, error, target ? resync_read_target : resync_read_source);
      return;
    }

  _ferry_job_read_succeeded (self);
  if (target)
    self->target_known = record != NULL;
  else
    self->source_known = record != NULL;
  set_record (target ? &self->target_record : &self->source_record, record);
  if (record != NULL)
    _ferry_job_take_record (self, target ? self->target : self->source, record, target);

  if (target)
    resync_read_source (self);
  else
    decide (self);
}

static void
resync_source_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;

  resync_take (self, result, FALSE);
}

static void
resync_target_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;

  resync_take (self, result, TRUE);
}

static void
resync_read_source (FerryJob *self)
{
  ferry_library_get_migration_async (self->source, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, resync_source_cb, g_object_ref (self));
}

static void
resync_read_target (FerryJob *self)
{
  /* Source and target may be one server: then one record plays both
   * roles, and it is the source's. */
  if (self->target == self->source)
    {
      self->target_known = FALSE;
      resync_read_source (self);
      return;
    }
  ferry_library_get_migration_async (self->target, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, resync_target_cb, g_object_ref (self));
}

static void
resync (FerryJob *self)
{
  self->resyncs++;
  _ferry_job_set_step (self, FERRY_JOB_STEP_READING_STATE);
  resync_read_target (self);
}

void
_ferry_job_migration_start (FerryJob *self)
{
  if (self->migration_id == NULL)
    do_create (self);
  else
    resync (self);
}

/* ------------------------------------------------------------------------ */
/* Undo                                                                       */
/* ------------------------------------------------------------------------ */

static void undo_read (FerryJob *self);
static void undo_request (FerryJob *self);
static void undo_approve (FerryJob *self);
static void undo_poll (FerryJob *self);

static void
undo_work_failed (FerryJob *self,
                  GError   *error)
{
  g_autoptr(GError) owned = error;

  if (_ferry_job_should_resync (self, owned))
    {
      self->resyncs++;
      undo_read (self);
      return;
    }
  _ferry_job_fail (self, g_steal_pointer (&owned));
}

static void
undo_poll_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, undo_poll);
  const char *status;

  if (record == NULL)
    return;

  _ferry_job_take_record (self, self->target, record, TRUE);
  status = ferry_library_record_get_string (record, "importInfo.status");

  if (ferry_library_status_is (status, "undo_success"))
    _ferry_job_succeed (self);
  else if (ferry_library_status_is (status, "undo_failed"))
    fail_with_record_message (self, FERRY_JOB_ERROR_UNDO_FAILED, record, "importInfo",
                              _("The target could not undo the migration"));
  else if (ferry_library_status_is (status, "undoing"))
    _ferry_job_poll_later (self, FALSE, -1.0, undo_poll);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The undo did not start: the import is “%s”"), status != NULL ? status : "");

      _ferry_job_fail_literal (self, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
undo_poll (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_UNDOING);
  ferry_library_get_migration_async (self->target, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, undo_poll_cb, g_object_ref (self));
}

static void
undo_approve_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      undo_work_failed (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_take_record (self, self->target, record, TRUE);
  _ferry_job_set_progress (self, 0.3);
  _ferry_job_set_step (self, FERRY_JOB_STEP_UNDOING);
  _ferry_job_poll_later (self, TRUE, -1.0, undo_poll);
}

static void
undo_approve (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_REQUESTING_UNDO);
  ferry_library_set_undo_request_async (self->target, self->migration_id, FERRY_REQUEST_STATUS_APPROVED,
                                        self->target_project_id, self->cancellable,
                                        undo_approve_cb, g_object_ref (self));
}

static void
undo_request_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return;
  if (record == NULL)
    {
      undo_work_failed (self, g_steal_pointer (&error));
      return;
    }
  _ferry_job_take_record (self, self->target, record, TRUE);
  _ferry_job_set_progress (self, 0.2);
  undo_approve (self);
}

static void
undo_request (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_REQUESTING_UNDO);
  ferry_library_set_undo_request_async (self->target, self->migration_id, FERRY_REQUEST_STATUS_REQUESTED,
                                        self->target_project_id, self->cancellable,
                                        undo_request_cb, g_object_ref (self));
}

static void
undo_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_read (self, result, undo_read);
  const char *status;
  const char *request;

  if (record == NULL)
    return;

  _ferry_job_take_record (self, self->target, record, TRUE);
  if (self->target_project_id == NULL && !is_configuration (record))
    self->target_project_id = g_strdup (ferry_library_record_get_string (record, "importInfo.project.id"));
  _ferry_job_set_progress (self, 0.1);

  status = ferry_library_record_get_string (record, "importInfo.status");
  request = ferry_library_record_get_string (record, "importInfo.undoRequestStatus");

  if (ferry_library_status_is (status, "undo_success"))
    _ferry_job_succeed (self);
  else if (ferry_library_status_is (status, "undoing"))
    {
      _ferry_job_set_step (self, FERRY_JOB_STEP_UNDOING);
      _ferry_job_poll_later (self, TRUE, -1.0, undo_poll);
    }
  else if ((ferry_library_status_is (status, "imported") || ferry_library_status_is (status, "undo_failed")) &&
           ferry_library_status_is (request, "requested"))
    undo_approve (self);
  else if (ferry_library_status_is (status, "imported") || ferry_library_status_is (status, "undo_failed"))
    undo_request (self);
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("Only an imported migration can be undone; this one is “%s”"),
                         status != NULL ? status : "");

      _ferry_job_fail_literal (self, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
undo_read (FerryJob *self)
{
  _ferry_job_set_step (self, FERRY_JOB_STEP_READING_STATE);
  ferry_library_get_migration_async (self->target, self->migration_id, FERRY_SHOW_CONTENT_DEFAULT,
                                     self->cancellable, undo_read_cb, g_object_ref (self));
}

void
_ferry_job_undo_start (FerryJob *self)
{
  undo_read (self);
}

/* ------------------------------------------------------------------------ */
/* Delete                                                                     */
/* ------------------------------------------------------------------------ */

static void delete_on_target (FerryJob *self);

static void
delete_target_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->migration != NULL)
    ferry_migration_forget_record (self->migration, TRUE);
  _ferry_job_succeed (self);
}

static void
delete_on_target (FerryJob *self)
{
  g_autofree char *package_id = ferry_library_migration_package_id (self->migration_id);

  if (self->target == NULL || self->target == self->source)
    {
      _ferry_job_succeed (self);
      return;
    }
  ferry_library_delete_migration_async (self->target, package_id, self->cancellable,
                                        delete_target_cb, g_object_ref (self));
}

static void
delete_source_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!_ferry_job_is_running (self))
    return;
  if (!ferry_library_finish (result, &error))
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return;
    }
  if (self->migration != NULL)
    ferry_migration_forget_record (self->migration, FALSE);
  _ferry_job_set_progress (self, 0.5);
  delete_on_target (self);
}

void
_ferry_job_delete_start (FerryJob *self)
{
  g_autofree char *package_id = ferry_library_migration_package_id (self->migration_id);

  _ferry_job_set_step (self, FERRY_JOB_STEP_DELETING);
  if (self->source == NULL)
    {
      delete_on_target (self);
      return;
    }
  ferry_library_delete_migration_async (self->source, package_id, self->cancellable,
                                        delete_source_cb, g_object_ref (self));
}
