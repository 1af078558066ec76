/* ferry-migration-job.c: merge, object migration, resume
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
 *
 * Step functions take the FerryJob (they are FerryJobFunc for the polling
 * helpers) and reach this class's fields through FERRY_MIGRATION_JOB().
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-migration-job.h"

#include "ferry-job-private.h"

/* The share of the whole job each part takes (0–1). */
#define P_CREATED   0.40
#define P_APPROVED  0.45

struct _FerryMigrationJob
{
  FerryJob            parent_instance;

  /* Set up by the constructors */
  JsonNode           *create_body;        /* NULL when resuming */
  char               *source_project_id;
  char               *target_project_id;
  gboolean            generate_undo;
  gboolean            request_only;       /* stop once the import is requested */
  char               *reuse_package_id;   /* a reuse: POST ?packageId= instead of a create */
  char               *target_environment_id;
  char               *target_environment_name;
  char               *target_project_name;

  /* While running */
  gboolean            create_retried;
  FerryRequestStatus  sent;               /* the import request last sent */
  JsonObject         *full_record;        /* showContent=all, PUT on the target */
  gboolean            source_known;       /* resync: the side has a record */
  gboolean            target_known;
  JsonObject         *source_record;
  JsonObject         *target_record;
};

G_DEFINE_FINAL_TYPE (FerryMigrationJob, ferry_migration_job, FERRY_TYPE_JOB)

static void resync (FerryJob *job);
static void poll_created (FerryJob *job);
static void poll_imported (FerryJob *job);
static void do_request (FerryJob *job);
static void do_approve (FerryJob *job);
static void do_read_full (FerryJob *job);
static void do_put (FerryJob *job);

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

static void
set_record (JsonObject **slot,
            JsonObject  *record)
{
  g_clear_pointer (slot, json_object_unref);
  if (record != NULL)
    *slot = json_object_ref (record);
}

/* ------------------------------------------------------------------------ */
/* Create and wait for "created"                                              */
/* ------------------------------------------------------------------------ */

static void do_create (FerryJob *job);

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  const char *id;

  if (!_ferry_job_is_running (job))
    return;

  if (record == NULL)
    {
      /* An expired session means the server did nothing: once more. */
      if (!self->create_retried &&
          (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) ||
           g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAUTHORIZED)))
        {
          self->create_retried = TRUE;
          do_create (job);
          return;
        }
      _ferry_job_fail (job, g_steal_pointer (&error));
      return;
    }

  id = ferry_library_record_get_string (record, "id");
  if (id == NULL || *id == '\0')
    {
      _ferry_job_fail (job, g_error_new_literal (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                                 _("The server created the migration but did not say its id")));
      return;
    }

  _ferry_job_set_migration_id (job, id);
  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  _ferry_job_poll_later (job, TRUE, progress_of (record, "packageInfo"), poll_created);
}

static void
do_create (FerryJob *job)
{
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  if (self->reuse_package_id != NULL)
    {
      ferry_library_reuse_package_async (ferry_job_get_source (job), self->reuse_package_id,
                                         self->source_project_id, self->target_environment_id,
                                         self->target_environment_name, self->target_project_id,
                                         self->target_project_name, _ferry_job_get_cancellable (job),
                                         create_cb, g_object_ref (job));
      return;
    }
  ferry_library_create_migration_from_body_async (ferry_job_get_source (job), self->source_project_id,
                                                  self->create_body, _ferry_job_get_cancellable (job),
                                                  create_cb, g_object_ref (job));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_created);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  set_record (&self->source_record, record);
  status = ferry_library_record_get_string (record, "packageInfo.status");
  progress = progress_of (record, "packageInfo");

  if (ferry_library_status_is (status, "created"))
    {
      _ferry_job_set_progress (job, P_CREATED);
      do_request (job);
    }
  else if (ferry_library_status_is (status, "locked"))
    {
      /* Approved already (by someone else, or before a restart). */
      _ferry_job_set_progress (job, P_APPROVED);
      do_read_full (job);
    }
  else if (ferry_library_status_is (status, "create_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_CREATE_FAILED, record, "packageInfo.message",
                                  _("The server could not create the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (job, 0.0, P_CREATED, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_created);
    }
}

/* A GET of the migration on the source (or the target) for a step. */
static void
get_migration (FerryJob            *job,
               gboolean             from_target,
               FerryShowContent     show,
               GAsyncReadyCallback  callback)
{
  ferry_library_get_migration_async (from_target ? ferry_job_get_target (job) : ferry_job_get_source (job),
                                     ferry_job_get_migration_id (job), show,
                                     _ferry_job_get_cancellable (job), callback, g_object_ref (job));
}

static void
poll_created (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
  get_migration (job, FALSE, FERRY_SHOW_CONTENT_DEFAULT, created_cb);
}

/* ------------------------------------------------------------------------ */
/* Request and approve                                                        */
/* ------------------------------------------------------------------------ */

static void
import_request_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_work (job, result, resync);

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  if (FERRY_MIGRATION_JOB (job)->sent == FERRY_REQUEST_STATUS_REQUESTED)
    {
      if (FERRY_MIGRATION_JOB (job)->request_only)
        _ferry_job_succeed (job);
      else
        do_approve (job);
      return;
    }
  _ferry_job_set_progress (job, P_APPROVED);
  do_read_full (job);
}

/* Requests the import, or (STATUS approved) approves it. */
static void
set_import_request (FerryJob           *job,
                    FerryRequestStatus  status)
{
  FERRY_MIGRATION_JOB (job)->sent = status;
  ferry_library_set_import_request_async (ferry_job_get_source (job), ferry_job_get_migration_id (job),
                                          status, _ferry_job_get_cancellable (job),
                                          import_request_cb, g_object_ref (job));
}

static void
do_request (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_REQUESTING_APPROVAL);
  set_import_request (job, FERRY_REQUEST_STATUS_REQUESTED);
}

static void
do_approve (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_WAITING_FOR_APPROVAL);
  set_import_request (job, FERRY_REQUEST_STATUS_APPROVED);
}

/* ------------------------------------------------------------------------ */
/* Read the whole record, PUT it on the target, wait for "imported"           */
/* ------------------------------------------------------------------------ */

static void
read_full_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, do_read_full);

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_source (job), record, FALSE);
  set_record (&self->full_record, record);
  if (self->target_project_id == NULL && !is_configuration (record))
    self->target_project_id = g_strdup (ferry_library_record_get_string (record, "importInfo.project.id"));
  do_put (job);
}

static void
do_read_full (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_READING_PACKAGE);
  get_migration (job, FALSE, FERRY_SHOW_CONTENT_ALL, read_full_cb);
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;
  g_autoptr(JsonObject) record = _ferry_job_finish_work (job, result, resync);

  if (record == NULL)
    return;
  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  _ferry_job_poll_later (job, TRUE, progress_of (record, "importInfo"), poll_imported);
}

static void
do_put (FerryJob *job)
{
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);

  _ferry_job_set_step (job, FERRY_JOB_STEP_STARTING_IMPORT);
  ferry_library_import_migration_async (ferry_job_get_target (job), self->full_record, self->target_project_id,
                                        self->generate_undo, _ferry_job_get_cancellable (job),
                                        put_cb, g_object_ref (job));
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
  g_autoptr(FerryJob) job = user_data;
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  g_autoptr(JsonObject) record = _ferry_job_finish_read (job, result, poll_imported);
  const char *status;
  double progress;

  if (record == NULL)
    return;

  _ferry_job_take_record (job, ferry_job_get_target (job), record, TRUE);
  set_record (&self->target_record, record);
  status = ferry_library_record_get_string (record, "importInfo.status");
  progress = progress_of (record, "importInfo");

  if (import_is_over (status))
    _ferry_job_succeed (job);
  else if (ferry_library_status_is (status, "import_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_IMPORT_FAILED, record, "importInfo.message",
                                  _("The target could not import the package"));
  else
    {
      if (progress >= 0.0)
        _ferry_job_set_progress_in (job, P_APPROVED, 1.0, progress);
      _ferry_job_poll_later (job, FALSE, progress, poll_imported);
    }
}

static void
poll_imported (FerryJob *job)
{
  _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
  get_migration (job, TRUE, FERRY_SHOW_CONTENT_DEFAULT, imported_cb);
}

/* ------------------------------------------------------------------------ */
/* Resync: read both records and go on from there                             */
/* ------------------------------------------------------------------------ */

static void
decide_from_source (FerryJob   *job,
                    JsonObject *source)
{
  const char *status = ferry_library_record_get_string (source, "packageInfo.status");
  const char *request = ferry_library_record_get_string (source, "importInfo.importRequestStatus");

  if (ferry_library_status_is (status, "creating") || ferry_library_status_is (status, "empty"))
    {
      _ferry_job_set_step (job, FERRY_JOB_STEP_CREATING_PACKAGE);
      _ferry_job_poll_later (job, TRUE, progress_of (source, "packageInfo"), poll_created);
    }
  else if (ferry_library_status_is (status, "create_failed"))
    _ferry_job_fail_with_message (job, FERRY_JOB_ERROR_CREATE_FAILED, source, "packageInfo.message",
                                  _("The server could not create the package"));
  else if (ferry_library_status_is (status, "created"))
    {
      _ferry_job_set_progress (job, P_CREATED);
      if (ferry_library_status_is (request, "requested") && FERRY_MIGRATION_JOB (job)->request_only)
        _ferry_job_succeed (job);
      else if (ferry_library_status_is (request, "requested"))
        do_approve (job);
      else if (ferry_library_status_is (request, "approved"))
        do_read_full (job);
      else
        do_request (job);
    }
  else if (ferry_library_status_is (status, "locked"))
    {
      _ferry_job_set_progress (job, P_APPROVED);
      do_read_full (job);
    }
  else
    {
      g_autofree char *message =
        g_strdup_printf (_("The migration cannot go on from its package status “%s”"),
                         status != NULL ? status : "");

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE, message);
    }
}

static void
decide (FerryJob *job)
{
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  JsonObject *target = self->target_known ? self->target_record : NULL;
  JsonObject *source = self->source_known ? self->source_record : NULL;

  if (target != NULL)
    {
      const char *status = ferry_library_record_get_string (target, "importInfo.status");
      double progress = progress_of (target, "importInfo");

      if (import_is_over (status))
        {
          _ferry_job_succeed (job);
          return;
        }
      if (ferry_library_status_is (status, "importing"))
        {
          _ferry_job_set_progress (job, P_APPROVED);
          _ferry_job_set_step (job, FERRY_JOB_STEP_IMPORTING);
          _ferry_job_poll_later (job, TRUE, progress, poll_imported);
          return;
        }
      /* pending or import_failed: the PUT is (again) allowed. */
      if (source == NULL)
        {
          _ferry_job_fail_literal (job, FERRY_JOB_ERROR_INVALID_STATE,
                                   _("The import cannot be started again: the source no longer has the migration"));
          return;
        }
      _ferry_job_set_progress (job, P_APPROVED);
      do_read_full (job);
      return;
    }

  if (source == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Neither server knows the migration %s"), ferry_job_get_migration_id (job));

      _ferry_job_fail_literal (job, FERRY_JOB_ERROR_NOT_FOUND, message);
      return;
    }

  decide_from_source (job, source);
}

static void resync_read_source (FerryJob *job);
static void resync_read_target (FerryJob *job);

/* A record read again: the source's (then the state is decided) or the
 * target's (then the source's is read). A 404 means the side has none. */
static void
resync_take (FerryJob     *job,
             GAsyncResult *result,
             gboolean      target)
{
  FerryMigrationJob *self = FERRY_MIGRATION_JOB (job);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (job))
    return;
  if (record == NULL && !g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    {
      _ferry_job_read_failed (job, error, target ? resync_read_target : resync_read_source);
      return;
    }

  _ferry_job_read_succeeded (job);
  if (target)
    self->target_known = record != NULL;
  else
    self->source_known = record != NULL;
  set_record (target ? &self->target_record : &self->source_record, record);
  if (record != NULL)
    _ferry_job_take_record (job, target ? ferry_job_get_target (job) : ferry_job_get_source (job),
                            record, target);

  if (target)
    resync_read_source (job);
  else
    decide (job);
}

static void
resync_source_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  resync_take (job, result, FALSE);
}

static void
resync_target_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FerryJob) job = user_data;

  resync_take (job, result, TRUE);
}

static void
resync_read_source (FerryJob *job)
{
  get_migration (job, FALSE, FERRY_SHOW_CONTENT_DEFAULT, resync_source_cb);
}

static void
resync_read_target (FerryJob *job)
{
  /* Source and target may be one server: then one record plays both
   * roles, and it is the source's. */
  if (ferry_job_get_target (job) == ferry_job_get_source (job))
    {
      FERRY_MIGRATION_JOB (job)->target_known = FALSE;
      resync_read_source (job);
      return;
    }
  get_migration (job, TRUE, FERRY_SHOW_CONTENT_DEFAULT, resync_target_cb);
}

static void
resync (FerryJob *job)
{
  _ferry_job_count_resync (job);
  _ferry_job_set_step (job, FERRY_JOB_STEP_READING_STATE);
  resync_read_target (job);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_job_start (FerryJob *job)
{
  if (ferry_job_get_migration_id (job) == NULL)
    do_create (job);
  else
    resync (job);
}

static void
ferry_migration_job_finalize (GObject *object)
{
  FerryMigrationJob *self = (FerryMigrationJob *) object;

  g_clear_pointer (&self->create_body, json_node_unref);
  g_clear_pointer (&self->source_project_id, g_free);
  g_clear_pointer (&self->target_project_id, g_free);
  g_clear_pointer (&self->reuse_package_id, g_free);
  g_clear_pointer (&self->target_environment_id, g_free);
  g_clear_pointer (&self->target_environment_name, g_free);
  g_clear_pointer (&self->target_project_name, g_free);
  g_clear_pointer (&self->full_record, json_object_unref);
  g_clear_pointer (&self->source_record, json_object_unref);
  g_clear_pointer (&self->target_record, json_object_unref);

  G_OBJECT_CLASS (ferry_migration_job_parent_class)->finalize (object);
}

static void
ferry_migration_job_class_init (FerryMigrationJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryJobClass *job_class = FERRY_JOB_CLASS (klass);

  object_class->finalize = ferry_migration_job_finalize;
  job_class->start = ferry_migration_job_start;
}

static void
ferry_migration_job_init (FerryMigrationJob *self)
{
  self->generate_undo = TRUE;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

FerryJob *
ferry_migration_job_new (FerryConnection          *source,
                         FerryConnection          *target,
                         const FerryMigrationSpec *spec)
{
  FerryMigrationSpec copy;
  g_autofree char *source_env = NULL;
  g_autofree char *target_env = NULL;
  FerryMigrationJob *self;

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

  self = g_object_new (FERRY_TYPE_MIGRATION_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), source, target);
  self->create_body = ferry_library_migration_body_new (&copy, NULL);
  if (!ferry_library_status_is (spec->package_type, "configuration"))
    {
      self->source_project_id = g_strdup (spec->source_project_id);
      self->target_project_id = g_strdup (spec->target_project_id);
    }
  return FERRY_JOB (self);
}

FerryJob *
ferry_migration_job_new_resume (FerryConnection *source,
                                FerryConnection *target,
                                const char      *migration_id)
{
  FerryJob *job;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  job = g_object_new (FERRY_TYPE_MIGRATION_JOB, NULL);
  _ferry_job_set_connections (job, source, target);
  _ferry_job_set_migration_id (job, migration_id);
  return job;
}

FerryJob *
ferry_migration_job_new_reuse (FerryConnection *source,
                               FerryConnection *target,
                               const char      *package_id,
                               const char      *source_project_id,
                               const char      *target_environment_id,
                               const char      *target_environment_name,
                               const char      *target_project_id,
                               const char      *target_project_name)
{
  FerryMigrationJob *self;

  g_return_val_if_fail (FERRY_IS_CONNECTION (source), NULL);
  g_return_val_if_fail (FERRY_IS_CONNECTION (target), NULL);
  g_return_val_if_fail (package_id != NULL && *package_id != '\0', NULL);

  self = g_object_new (FERRY_TYPE_MIGRATION_JOB, NULL);
  _ferry_job_set_connections (FERRY_JOB (self), source, target);
  self->reuse_package_id = g_strdup (package_id);
  self->source_project_id = g_strdup (source_project_id);
  self->target_environment_id = target_environment_id != NULL ? g_strdup (target_environment_id)
                                                              : ferry_connection_dup_environment_id (target);
  self->target_environment_name = g_strdup (target_environment_name);
  self->target_project_id = g_strdup (target_project_id);
  self->target_project_name = g_strdup (target_project_name);
  return FERRY_JOB (self);
}

const char *
ferry_migration_job_get_reused_package_id (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_JOB (self), NULL);

  return FERRY_MIGRATION_JOB (self)->reuse_package_id;
}

void
ferry_migration_job_set_generate_undo (FerryJob *self,
                                       gboolean  generate_undo)
{
  g_return_if_fail (FERRY_IS_MIGRATION_JOB (self));
  g_return_if_fail (ferry_job_get_state (self) == FERRY_JOB_STATE_READY);

  FERRY_MIGRATION_JOB (self)->generate_undo = !!generate_undo;
}

void
ferry_migration_job_set_request_only (FerryJob *self,
                                      gboolean  request_only)
{
  g_return_if_fail (FERRY_IS_MIGRATION_JOB (self));
  g_return_if_fail (ferry_job_get_state (self) == FERRY_JOB_STATE_READY);

  FERRY_MIGRATION_JOB (self)->request_only = !!request_only;
}

gboolean
ferry_migration_job_get_request_only (FerryJob *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_JOB (self), FALSE);

  return FERRY_MIGRATION_JOB (self)->request_only;
}
