/* ferry-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The abstract FerryJob and what every workflow shares: running, finishing,
 * cancelling, polling and telling transient failures from real ones. It
 * knows none of its subclasses: run calls FerryJobClass.start, a job that
 * ends without success calls FerryJobClass.abandon.
 */

#define G_LOG_DOMAIN "ferry-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-job-private.h"

#define DEFAULT_POLL_MIN_MS 100
#define DEFAULT_POLL_MAX_MS 5000
/* Consecutive error answers (5xx, an HTML page, …) a read rides out; a
 * server that does not answer at all is waited for as long as it takes. */
#define MAX_ANSWERED_FAILURES 10
#define MAX_RESYNCS 5

G_DEFINE_QUARK (ferry-job-error-quark, ferry_job_error)

G_DEFINE_ENUM_TYPE (FerryJobState, ferry_job_state,
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATE_READY, "ready"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATE_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STATE_CANCELLED, "cancelled"))

G_DEFINE_ENUM_TYPE (FerryJobStep, ferry_job_step,
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_NONE, "none"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_READING_STATE, "reading-state"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_CREATING_PACKAGE, "creating-package"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_REQUESTING_APPROVAL, "requesting-approval"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_WAITING_FOR_APPROVAL, "waiting-for-approval"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_READING_PACKAGE, "reading-package"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_STARTING_IMPORT, "starting-import"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_IMPORTING, "importing"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_DOWNLOADING, "downloading"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_UPLOADING, "uploading"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_DOWNLOADING_UNDO, "downloading-undo"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_REQUESTING_UNDO, "requesting-undo"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_UNDOING, "undoing"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_DELETING, "deleting"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_CLEANING_UP, "cleaning-up"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_HASHING, "hashing"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_VALIDATING, "validating"),
  G_DEFINE_ENUM_VALUE (FERRY_JOB_STEP_DONE, "done"))

typedef struct
{
  FerryJobState      state;
  FerryJobStep       step;
  double             progress;
  GError            *error;
  char              *warning;
  /* What the job works on */
  char              *migration_id;
  FerryMigration    *migration;
  FerryConnection   *source;
  FerryConnection   *target;

  /* While running */
  GTask             *task;
  GMainContext      *context;
  GCancellable      *cancellable;       /* ours: every call uses it */
  GCancellable      *caller_cancellable;
  gulong             caller_handler;
  gulong             cancel_handler;
  GSource           *wait_source;       /* the pending poll */
  FerryPollSchedule  schedule;
  guint              poll_min_ms;
  guint              poll_max_ms;
  guint              answered_failures; /* consecutive transient errors a server answered */
  guint              resyncs;
  gboolean           holding_source;
  gboolean           holding_target;
} FerryJobPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FerryJob, ferry_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STEP,
  PROP_STEP_LABEL,
  PROP_PROGRESS,
  PROP_ERROR,
  PROP_WARNING,
  PROP_MIGRATION_ID,
  PROP_MIGRATION,
  PROP_SOURCE,
  PROP_TARGET,
  N_PROPS
};

enum {
  FINISHED,
  RECORD_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
ferry_job_step_get_label (FerryJobStep step)
{
  switch (step)
    {
    case FERRY_JOB_STEP_NONE:
      return _("Not started");
    case FERRY_JOB_STEP_READING_STATE:
      return _("Reading the migration’s state");
    case FERRY_JOB_STEP_CREATING_PACKAGE:
      return _("Creating package");
    case FERRY_JOB_STEP_REQUESTING_APPROVAL:
      return _("Requesting approval");
    case FERRY_JOB_STEP_WAITING_FOR_APPROVAL:
      return _("Waiting for approval");
    case FERRY_JOB_STEP_READING_PACKAGE:
      return _("Reading package");
    case FERRY_JOB_STEP_STARTING_IMPORT:
      return _("Starting import");
    case FERRY_JOB_STEP_IMPORTING:
      return _("Importing");
    case FERRY_JOB_STEP_DOWNLOADING:
      return _("Downloading package");
    case FERRY_JOB_STEP_UPLOADING:
      return _("Uploading package");
    case FERRY_JOB_STEP_DOWNLOADING_UNDO:
      return _("Downloading undo package");
    case FERRY_JOB_STEP_REQUESTING_UNDO:
      return _("Requesting undo");
    case FERRY_JOB_STEP_UNDOING:
      return _("Undoing");
    case FERRY_JOB_STEP_DELETING:
      return _("Deleting");
    case FERRY_JOB_STEP_CLEANING_UP:
      return _("Cleaning up");
    case FERRY_JOB_STEP_HASHING:
      return _("Checking the package file");
    case FERRY_JOB_STEP_VALIDATING:
      return _("Validating");
    case FERRY_JOB_STEP_DONE:
      return _("Done");
    default:
      g_return_val_if_reached ("");
    }
}

/* ------------------------------------------------------------------------ */
/* Polling schedule                                                           */
/* ------------------------------------------------------------------------ */

void
ferry_poll_schedule_init (FerryPollSchedule *schedule,
                          guint              min_ms,
                          guint              max_ms)
{
  g_return_if_fail (schedule != NULL);

  schedule->min_ms = MAX (min_ms, 1);
  schedule->max_ms = MAX (max_ms, schedule->min_ms);
  schedule->next_ms = schedule->min_ms;
  schedule->last_progress = -1.0;
  schedule->last_change_us = 0;
}

guint
ferry_poll_schedule_next (FerryPollSchedule *schedule,
                          double             progress,
                          gint64             now_us)
{
  guint next;

  g_return_val_if_fail (schedule != NULL, 1000);

  if (progress >= 0.0 && schedule->last_progress >= 0.0 &&
      progress > schedule->last_progress && schedule->last_change_us > 0 &&
      now_us > schedule->last_change_us)
    {
      /* Moving: aim at half the time the rest should take at this pace. */
      double rate = (progress - schedule->last_progress) / (double) (now_us - schedule->last_change_us);
      double remaining_us = (100.0 - MIN (progress, 100.0)) / rate;
      double half_ms = remaining_us / 2000.0;

      next = (guint) CLAMP (half_ms, (double) schedule->min_ms, (double) schedule->max_ms);
      /* Never slower than backing off would be. */
      next = MIN (next, MIN (schedule->next_ms * 2, schedule->max_ms));
    }
  else if (progress >= 0.0 && progress != schedule->last_progress)
    {
      /* The first progress seen, or it went back (another phase): keep
       * the pace. */
      next = schedule->next_ms;
    }
  else
    {
      next = MIN (schedule->next_ms * 2, schedule->max_ms);
    }

  if (progress >= 0.0 && progress != schedule->last_progress)
    {
      schedule->last_progress = progress;
      schedule->last_change_us = now_us;
    }
  schedule->next_ms = MAX (next, schedule->min_ms);
  return schedule->next_ms;
}

/* ------------------------------------------------------------------------ */
/* Shared machinery                                                           */
/* ------------------------------------------------------------------------ */

gboolean
_ferry_job_is_running (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  return priv->state == FERRY_JOB_STATE_RUNNING;
}

void
_ferry_job_set_step (FerryJob     *self,
                     FerryJobStep  step)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  if (priv->step == step)
    return;
  priv->step = step;
  g_debug ("Job %p: %s", self, ferry_job_step_get_label (step));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_LABEL]);
}

void
_ferry_job_set_progress (FerryJob *self,
                         double    progress)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  progress = CLAMP (progress, 0.0, 1.0);
  if (progress <= priv->progress)
    return;
  priv->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_ferry_job_set_progress_in (FerryJob *self,
                            double    from,
                            double    to,
                            double    percent)
{
  _ferry_job_set_progress (self, from + (to - from) * CLAMP (percent, 0.0, 100.0) / 100.0);
}

void
_ferry_job_set_warning (FerryJob   *self,
                        const char *warning)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  if (g_strcmp0 (priv->warning, warning) == 0)
    return;
  g_free (priv->warning);
  priv->warning = g_strdup (warning);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING]);
}

void
_ferry_job_set_migration_id (FerryJob   *self,
                             const char *migration_id)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  if (g_strcmp0 (priv->migration_id, migration_id) == 0)
    return;
  g_free (priv->migration_id);
  priv->migration_id = g_strdup (migration_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION_ID]);

  if (priv->migration == NULL && migration_id != NULL)
    {
      priv->migration = ferry_migration_new (migration_id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIGRATION]);
    }
}

void
_ferry_job_take_record (FerryJob        *self,
                        FerryConnection *connection,
                        JsonObject      *record,
                        gboolean         from_target)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  const char *id = ferry_library_record_get_string (record, "id");

  if (priv->migration_id == NULL && id != NULL)
    _ferry_job_set_migration_id (self, id);
  if (priv->migration != NULL)
    ferry_migration_update_from_json (priv->migration, record, from_target);
  g_signal_emit (self, signals[RECORD_RECEIVED], 0, connection, record);
}

static void
clear_wait (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  if (priv->wait_source != NULL)
    {
      g_source_destroy (priv->wait_source);
      g_clear_pointer (&priv->wait_source, g_source_unref);
    }
}

static void
release_sessions (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  if (priv->holding_source)
    {
      ferry_connection_release_session (priv->source);
      priv->holding_source = FALSE;
    }
  if (priv->holding_target)
    {
      ferry_connection_release_session (priv->target);
      priv->holding_target = FALSE;
    }
}

static void
finish (FerryJob      *self,
        FerryJobState  state,
        GError        *error)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) owned = error;

  if (!_ferry_job_is_running (self))
    return;

  task = g_steal_pointer (&priv->task);
  clear_wait (self);
  release_sessions (self);

  if (priv->caller_handler != 0)
    {
      g_cancellable_disconnect (priv->caller_cancellable, priv->caller_handler);
      priv->caller_handler = 0;
    }
  g_clear_object (&priv->caller_cancellable);
  if (priv->cancel_handler != 0)
    {
      g_cancellable_disconnect (priv->cancellable, priv->cancel_handler);
      priv->cancel_handler = 0;
    }

  g_object_freeze_notify (G_OBJECT (self));
  priv->state = state;
  if (state == FERRY_JOB_STATE_SUCCEEDED)
    {
      _ferry_job_set_step (self, FERRY_JOB_STEP_DONE);
      _ferry_job_set_progress (self, 1.0);
      _ferry_job_set_warning (self, NULL);
    }
  if (owned != NULL)
    {
      g_clear_error (&priv->error);
      priv->error = g_error_copy (owned);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
      g_debug ("Job %p ended: %s", self, owned->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));

  if (state != FERRY_JOB_STATE_SUCCEEDED && FERRY_JOB_GET_CLASS (self)->abandon != NULL)
    FERRY_JOB_GET_CLASS (self)->abandon (self);

  g_signal_emit (self, signals[FINISHED], 0);

  if (owned != NULL)
    g_task_return_error (task, g_steal_pointer (&owned));
  else
    g_task_return_boolean (task, TRUE);
}

void
_ferry_job_succeed (FerryJob *self)
{
  finish (self, FERRY_JOB_STATE_SUCCEEDED, NULL);
}

gboolean
_ferry_job_is_cancelled_error (FerryJob     *self,
                               const GError *error)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
         priv->cancellable != NULL && g_cancellable_is_cancelled (priv->cancellable);
}

void
_ferry_job_fail (FerryJob *self,
                 GError   *error)
{
  g_return_if_fail (error != NULL);

  if (_ferry_job_is_cancelled_error (self, error))
    finish (self, FERRY_JOB_STATE_CANCELLED, error);
  else
    finish (self, FERRY_JOB_STATE_FAILED, error);
}

void
_ferry_job_fail_literal (FerryJob      *self,
                         FerryJobError  code,
                         const char    *message)
{
  _ferry_job_fail (self, g_error_new_literal (FERRY_JOB_ERROR, code, message));
}

void
_ferry_job_fail_with_message (FerryJob      *self,
                              FerryJobError  code,
                              JsonObject    *record,
                              const char    *path,
                              const char    *fallback)
{
  const char *message = ferry_library_record_get_string (record, path);

  _ferry_job_fail_literal (self, code, message != NULL && *message != '\0' ? message : fallback);
}

gboolean
_ferry_job_require_id (FerryJob   *self,
                       const char *id,
                       const char *what)
{
  if (id != NULL && *id != '\0')
    return TRUE;
  _ferry_job_fail (self, g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                      _("The server did not say the id of the %s"), what));
  return FALSE;
}

gboolean
_ferry_job_finish_step (FerryJob     *self,
                        GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ferry_library_finish (result, &error);

  if (!_ferry_job_is_running (self))
    return FALSE;
  if (!ok)
    {
      _ferry_job_fail (self, g_steal_pointer (&error));
      return FALSE;
    }
  return TRUE;
}

/* The object a call answered, or NULL with *ERROR set when the job should
 * still hear of the failure; NULL and no error when the job stopped. */
static JsonObject *
finish_object (FerryJob      *self,
               GAsyncResult  *result,
               GError       **error)
{
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, error);

  if (!_ferry_job_is_running (self))
    {
      g_clear_error (error);
      return NULL;
    }
  return g_steal_pointer (&record);
}

JsonObject *
_ferry_job_finish_step_object (FerryJob     *self,
                               GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = finish_object (self, result, &error);

  if (error != NULL)
    _ferry_job_fail (self, g_steal_pointer (&error));
  return record;
}

JsonObject *
_ferry_job_finish_work (FerryJob     *self,
                        GAsyncResult *result,
                        FerryJobFunc  resync)
{
  g_autoptr(GError) error = NULL;
  JsonObject *record = finish_object (self, result, &error);

  if (error == NULL)
    return record;
  if (_ferry_job_should_resync (self, error))
    {
      g_debug ("Job %p: reading the state again after: %s", self, error->message);
      resync (self);
    }
  else
    _ferry_job_fail (self, g_steal_pointer (&error));
  return NULL;
}

/* --- Waiting -------------------------------------------------------------- */

typedef struct
{
  FerryJob *job;
  FerryJobFunc func;
} Wait;

static void
wait_free (gpointer data)
{
  Wait *wait = data;

  g_object_unref (wait->job);
  g_free (wait);
}

static gboolean
wait_done_cb (gpointer data)
{
  Wait *wait = data;
  FerryJob *self = wait->job;
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_clear_pointer (&priv->wait_source, g_source_unref);
  if (_ferry_job_is_running (self))
    wait->func (self);
  return G_SOURCE_REMOVE;
}

static void
wait_for (FerryJob     *self,
          guint         delay_ms,
          FerryJobFunc  func)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  Wait *wait = g_new0 (Wait, 1);

  clear_wait (self);
  wait->job = g_object_ref (self);
  wait->func = func;
  priv->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_name (priv->wait_source, "[ferry] job poll");
  g_source_set_callback (priv->wait_source, wait_done_cb, wait, wait_free);
  g_source_attach (priv->wait_source, priv->context);
}

void
_ferry_job_poll_later (FerryJob     *self,
                       gboolean      restart,
                       double        progress,
                       FerryJobFunc  func)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  guint delay;

  if (restart)
    {
      ferry_poll_schedule_init (&priv->schedule, priv->poll_min_ms, priv->poll_max_ms);
      delay = priv->schedule.min_ms;
      if (progress >= 0.0)
        ferry_poll_schedule_next (&priv->schedule, progress, g_get_monotonic_time ());
      priv->schedule.next_ms = priv->schedule.min_ms;
    }
  else
    delay = ferry_poll_schedule_next (&priv->schedule, progress, g_get_monotonic_time ());

  wait_for (self, delay, func);
}

/* Whether the failure is worth waiting out, and whether the server answered
 * (a bounded number of those is ridden out) or not at all (waited for as
 * long as it takes: the user may cancel). */
static gboolean
is_transient (const GError *error,
              gboolean     *answered)
{
  *answered = TRUE;

  if (error->domain == G_IO_ERROR)
    {
      *answered = FALSE;
      return error->code != G_IO_ERROR_CANCELLED &&
             error->code != G_IO_ERROR_INVALID_ARGUMENT &&
             error->code != G_IO_ERROR_NOT_SUPPORTED;
    }
  if (error->domain == G_RESOLVER_ERROR)
    {
      *answered = FALSE;
      return TRUE;
    }
  if (error->domain == FERRY_API_ERROR)
    {
      guint status = ferry_api_error_get_http_status (error);

      switch (error->code)
        {
        case FERRY_API_ERROR_SERVER:
        case FERRY_API_ERROR_UNAVAILABLE:
        case FERRY_API_ERROR_INVALID_RESPONSE:
        case FERRY_API_ERROR_SESSION_EXPIRED:
          return TRUE;
        default:
          return status == 429 || status == 408;
        }
    }
  return FALSE;
}

void
_ferry_job_read_failed (FerryJob     *self,
                        const GError *error,
                        FerryJobFunc  func)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  gboolean answered = TRUE;

  if (_ferry_job_is_cancelled_error (self, error))
    {
      _ferry_job_fail (self, g_error_copy (error));
      return;
    }

  if (!is_transient (error, &answered) ||
      (answered && ++priv->answered_failures > MAX_ANSWERED_FAILURES))
    {
      _ferry_job_fail (self, g_error_copy (error));
      return;
    }

  g_debug ("Job %p: a read failed, trying again: %s", self, error->message);
  _ferry_job_set_warning (self, error->message);
  /* Back off as when nothing moved. */
  wait_for (self, ferry_poll_schedule_next (&priv->schedule, -1.0, g_get_monotonic_time ()), func);
}

void
_ferry_job_read_succeeded (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  priv->answered_failures = 0;
  _ferry_job_set_warning (self, NULL);
}

JsonObject *
_ferry_job_finish_read (FerryJob     *self,
                        GAsyncResult *result,
                        FerryJobFunc  retry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (!_ferry_job_is_running (self))
    return NULL;
  if (record == NULL)
    {
      /* What the job works on is gone: that is no transient failure. */
      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
        _ferry_job_fail (self, g_steal_pointer (&error));
      else
        _ferry_job_read_failed (self, error, retry);
      return NULL;
    }

  _ferry_job_read_succeeded (self);
  return g_steal_pointer (&record);
}

gboolean
_ferry_job_should_resync (FerryJob     *self,
                          const GError *error)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  gboolean answered;

  if (_ferry_job_is_cancelled_error (self, error))
    return FALSE;
  if (priv->resyncs >= MAX_RESYNCS)
    return FALSE;
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_SESSION_EXPIRED) ||
      g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_UNAUTHORIZED))
    return TRUE;
  return is_transient (error, &answered);
}

void
_ferry_job_count_resync (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  priv->resyncs++;
}

/* --- Cancelling ----------------------------------------------------------- */

static gboolean
cancelled_idle_cb (gpointer data)
{
  FerryJob *self = data;

  if (_ferry_job_is_running (self))
    finish (self, FERRY_JOB_STATE_CANCELLED,
            g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The job was cancelled")));
  return G_SOURCE_REMOVE;
}

/* May run in any thread (whichever cancels): hand over to the job's
 * context. */
static void
our_cancellable_cancelled_cb (GCancellable *cancellable,
                              FerryJob     *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_name (source, "[ferry] job cancelled");
  g_source_set_callback (source, cancelled_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (source, priv->context);
}

static void
caller_cancellable_cancelled_cb (GCancellable *cancellable,
                                 GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_job_dispose (GObject *object)
{
  FerryJob *self = (FerryJob *) object;
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_assert (priv->task == NULL);
  clear_wait (self);

  G_OBJECT_CLASS (ferry_job_parent_class)->dispose (object);
}

static void
ferry_job_finalize (GObject *object)
{
  FerryJob *self = (FerryJob *) object;
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_clear_error (&priv->error);
  g_clear_pointer (&priv->warning, g_free);
  g_clear_pointer (&priv->migration_id, g_free);
  g_clear_object (&priv->migration);
  g_clear_object (&priv->source);
  g_clear_object (&priv->target);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->context, g_main_context_unref);

  G_OBJECT_CLASS (ferry_job_parent_class)->finalize (object);
}

static void
ferry_job_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FerryJob *self = FERRY_JOB (object);
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_STEP:
      g_value_set_enum (value, priv->step);
      break;
    case PROP_STEP_LABEL:
      g_value_set_string (value, ferry_job_step_get_label (priv->step));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, priv->progress);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, priv->error);
      break;
    case PROP_WARNING:
      g_value_set_string (value, priv->warning);
      break;
    case PROP_MIGRATION_ID:
      g_value_set_string (value, priv->migration_id);
      break;
    case PROP_MIGRATION:
      g_value_set_object (value, priv->migration);
      break;
    case PROP_SOURCE:
      g_value_set_object (value, priv->source);
      break;
    case PROP_TARGET:
      g_value_set_object (value, priv->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_job_real_start (FerryJob *self)
{
  g_critical ("%s does not implement FerryJobClass.start", G_OBJECT_TYPE_NAME (self));
  _ferry_job_fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                              "This job cannot run"));
}

static void
ferry_job_class_init (FerryJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_job_dispose;
  object_class->finalize = ferry_job_finalize;
  object_class->get_property = ferry_job_get_property;

  klass->start = ferry_job_real_start;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, "Ready, running, succeeded, failed or cancelled",
                       FERRY_TYPE_JOB_STATE, FERRY_JOB_STATE_READY, flags);
  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, "The step under way",
                       FERRY_TYPE_JOB_STEP, FERRY_JOB_STEP_NONE, flags);
  properties[PROP_STEP_LABEL] =
    g_param_spec_string ("step-label", NULL, "The step, for people",
                         NULL, flags);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, "How far the whole job is (0–1)",
                         0.0, 1.0, 0.0, flags);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, "Why the job failed",
                        G_TYPE_ERROR, flags);
  properties[PROP_WARNING] =
    g_param_spec_string ("warning", NULL, "A transient failure being ridden out",
                         NULL, flags);
  properties[PROP_MIGRATION_ID] =
    g_param_spec_string ("migration-id", NULL, "The migration's id, once known",
                         NULL, flags);
  properties[PROP_MIGRATION] =
    g_param_spec_object ("migration", NULL, "The migration as last read",
                         FERRY_TYPE_MIGRATION, flags);
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, "The source connection (or the only one)",
                         FERRY_TYPE_CONNECTION, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, "The target connection",
                         FERRY_TYPE_CONNECTION, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryJob::finished:
   *
   * The job ended (succeeded, failed or cancelled); emitted before the
   * run callback.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * FerryJob::record-received:
   * @connection: the server the record was read from
   * @record: the migration record (a full or a short one)
   *
   * A migration record was read; e.g. for ferry_migration_list_update_record().
   */
  signals[RECORD_RECEIVED] =
    g_signal_new ("record-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  FERRY_TYPE_CONNECTION, JSON_TYPE_OBJECT);
}

static void
ferry_job_init (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  priv->poll_min_ms = DEFAULT_POLL_MIN_MS;
  priv->poll_max_ms = DEFAULT_POLL_MAX_MS;
  ferry_poll_schedule_init (&priv->schedule, priv->poll_min_ms, priv->poll_max_ms);
}

void
_ferry_job_set_connections (FerryJob        *self,
                            FerryConnection *source,
                            FerryConnection *target)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_if_fail (FERRY_IS_JOB (self));
  g_return_if_fail (priv->state == FERRY_JOB_STATE_READY);

  g_set_object (&priv->source, source);
  g_set_object (&priv->target, target);
}

GCancellable *
_ferry_job_get_cancellable (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  return priv->cancellable;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

void
ferry_job_set_poll_interval (FerryJob *self,
                             guint     min_ms,
                             guint     max_ms)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_if_fail (FERRY_IS_JOB (self));
  g_return_if_fail (min_ms > 0 && max_ms >= min_ms);

  priv->poll_min_ms = min_ms;
  priv->poll_max_ms = max_ms;
  ferry_poll_schedule_init (&priv->schedule, min_ms, max_ms);
}

void
ferry_job_run_async (FerryJob           *self,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_if_fail (FERRY_IS_JOB (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (priv->state != FERRY_JOB_STATE_READY)
    {
      g_task_report_new_error (self, callback, user_data, ferry_job_run_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING,
                               "A job runs only once");
      return;
    }

  priv->task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (priv->task, ferry_job_run_async);
  g_task_set_name (priv->task, "[ferry] job");
  priv->context = g_main_context_ref_thread_default ();
  priv->cancellable = g_cancellable_new ();
  priv->state = FERRY_JOB_STATE_RUNNING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  if (priv->source != NULL)
    {
      ferry_connection_hold_session (priv->source);
      priv->holding_source = TRUE;
    }
  if (priv->target != NULL && priv->target != priv->source)
    {
      ferry_connection_hold_session (priv->target);
      priv->holding_target = TRUE;
    }

  priv->cancel_handler = g_cancellable_connect (priv->cancellable,
                                                G_CALLBACK (our_cancellable_cancelled_cb),
                                                self, NULL);
  if (cancellable != NULL)
    {
      priv->caller_cancellable = g_object_ref (cancellable);
      /* Runs at once when already cancelled. */
      priv->caller_handler = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (caller_cancellable_cancelled_cb),
                                                    g_object_ref (priv->cancellable),
                                                    g_object_unref);
    }

  FERRY_JOB_GET_CLASS (self)->start (self);
}

gboolean
ferry_job_run_finish (FerryJob      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (FERRY_IS_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_job_run_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ferry_job_cancel (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_if_fail (FERRY_IS_JOB (self));

  if (priv->cancellable != NULL)
    g_cancellable_cancel (priv->cancellable);
}

FerryJobState
ferry_job_get_state (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), FERRY_JOB_STATE_READY);
  return priv->state;
}

FerryJobStep
ferry_job_get_step (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), FERRY_JOB_STEP_NONE);
  return priv->step;
}

const char *
ferry_job_get_step_label (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return ferry_job_step_get_label (priv->step);
}

double
ferry_job_get_progress (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), 0.0);
  return priv->progress;
}

const GError *
ferry_job_get_error (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->error;
}

const char *
ferry_job_get_warning (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->warning;
}

const char *
ferry_job_get_migration_id (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->migration_id;
}

FerryMigration *
ferry_job_get_migration (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->migration;
}

FerryConnection *
ferry_job_get_source (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->source;
}

FerryConnection *
ferry_job_get_target (FerryJob *self)
{
  FerryJobPrivate *priv = ferry_job_get_instance_private (self);

  g_return_val_if_fail (FERRY_IS_JOB (self), NULL);
  return priv->target;
}
