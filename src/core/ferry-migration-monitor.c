/* ferry-migration-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the parts fit:
 *
 * - Environments: one EnvState per item of the environment model, with the
 *   connection while the environment is connected (added to the
 *   FerryMigrationList) and the ids read from it.
 *
 * - Listing (ferry-migration-monitor-listing.c): FerryPager reads GET
 *   /api/migrations page by page per connection; every record goes into a
 *   queue that is fed to the FerryMigrationList a few milliseconds at a
 *   time, above the redraw priority (FERRY_MIGRATION_MONITOR_PRIORITY). At
 *   the end of a listing, the ids it knew but did not list are forgotten.
 *
 * - Everything that changes records (listing, polls, jobs' records, PATCH
 *   answers) ends in _ferry_migration_monitor_queue_changes(): once per
 *   main-loop turn the busy set is scanned ("n-running"), jobs are
 *   resumed, the poller is started and "changed" is emitted.
 *
 * - Polling: a timer reads the records of migrations in progress that no
 *   job drives, on the connection that holds the work (the source while the
 *   package is created, the target while importing or undoing), with
 *   back-off while nothing changes.
 *
 * - Jobs: one per migration id (the "jobs" table; "unnamed" holds those
 *   whose id is not known yet).
 */

#define G_LOG_DOMAIN "ferry-migration-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-migration-monitor-private.h"

#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-migrations-export.h"
#include "ferry-pager.h"
#include "ferry-migration-job.h"
#include "ferry-undo-job.h"
#include "ferry-delete-job.h"
#include "ferry-file-import-job.h"
#include "ferry-validation-job.h"

#define DEFAULT_PAGE_SIZE   1000
#define POLL_MIN_MS         1000
#define POLL_MAX_MS         10000
#define RESUMED_POLL_MIN_MS 1000
#define RESUMED_POLL_MAX_MS 10000
#define OWN_MAX             500
#define OWN_KEY             "unfinished-migrations"

G_DEFINE_FINAL_TYPE (FerryMigrationMonitor, ferry_migration_monitor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENVIRONMENTS,
  PROP_SETTINGS,
  PROP_N_RUNNING,
  PROP_LOADING,
  PROP_AUTO_RESUME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_JOB_STARTED,
  SIGNAL_JOB_CHANGED,
  SIGNAL_JOB_FINISHED,
  SIGNAL_NAMES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void watch_job (FerryMigrationMonitor *self,
                       FerryJob              *job,
                       gboolean               owned);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
/* ------------------------------------------------------------------------ */

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

/* The key of an environment id, cached (NULL for none). */
static const char *
environment_key (FerryMigrationMonitor *self,
                 const char            *environment_id)
{
  const char *key;

  if (environment_id == NULL || *environment_id == '\0')
    return NULL;
  key = g_hash_table_lookup (self->key_cache, environment_id);
  if (key == NULL)
    {
      char *computed = ferry_migrations_environment_key (environment_id);

      key = computed != NULL ? computed : g_strdup ("");
      g_hash_table_insert (self->key_cache, g_strdup (environment_id), (char *) key);
    }
  return *key != '\0' ? key : NULL;
}

static EnvState *
env_for_id (FerryMigrationMonitor *self,
            const char            *environment_id)
{
  const char *key = environment_key (self, environment_id);

  if (key == NULL)
    return NULL;
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->key != NULL && g_str_equal (env->key, key))
        return env;
    }
  return NULL;
}

static FerryConnection *
connection_for_id (FerryMigrationMonitor *self,
                   const char            *environment_id)
{
  EnvState *env = env_for_id (self, environment_id);

  return env != NULL ? env->connection : NULL;
}

static FerryConnection *
source_connection (FerryMigrationMonitor *self,
                   FerryMigration        *migration)
{
  return connection_for_id (self, ferry_migration_get_source_environment_id (migration));
}

static FerryConnection *
target_connection (FerryMigrationMonitor *self,
                   FerryMigration        *migration)
{
  return connection_for_id (self, ferry_migration_get_target_environment_id (migration));
}

FerryJob *
_ferry_migration_monitor_running_job (FerryMigrationMonitor *self,
                                      const char            *migration_id)
{
  Watched *watched;

  if (migration_id == NULL)
    return NULL;
  watched = g_hash_table_lookup (self->jobs, migration_id);
  if (watched != NULL && ferry_job_get_state (watched->job) == FERRY_JOB_STATE_RUNNING)
    return watched->job;
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Migrations started from this computer                                      */
/* ------------------------------------------------------------------------ */

static void
own_save (FerryMigrationMonitor *self)
{
  g_autofree const char **ids = NULL;

  if (self->settings == NULL)
    return;
  ids = (const char **) g_hash_table_get_keys_as_array (self->own_ids, NULL);
  g_settings_set_strv (self->settings, OWN_KEY, ids);
}

static void
own_add (FerryMigrationMonitor *self,
         const char            *migration_id)
{
  if (migration_id == NULL || g_hash_table_contains (self->own_ids, migration_id) ||
      g_hash_table_size (self->own_ids) >= OWN_MAX)
    return;
  g_hash_table_add (self->own_ids, g_strdup (migration_id));
  own_save (self);
}

static void
own_remove (FerryMigrationMonitor *self,
            const char            *migration_id)
{
  if (migration_id != NULL && g_hash_table_remove (self->own_ids, migration_id))
    own_save (self);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                    */
/* ------------------------------------------------------------------------ */

void
_ferry_migration_monitor_set_loading (FerryMigrationMonitor *self)
{
  gboolean loading = FALSE;

  for (guint i = 0; i < self->envs->len; i++)
    if (((EnvState *) g_ptr_array_index (self->envs, i))->listing)
      loading = TRUE;
  if (!loading && !g_queue_is_empty (&self->pending))
    loading = TRUE;

  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

void
_ferry_migration_monitor_names_changed (FerryMigrationMonitor *self)
{
  g_signal_emit (self, signals[SIGNAL_NAMES_CHANGED], 0);
}

/* ------------------------------------------------------------------------ */
/* Polling                                                                    */
/* ------------------------------------------------------------------------ */

static void poll_tick (FerryMigrationMonitor *self);

/* One read of a migration record (a poll, a tocView): what the answer
 * needs to find its way back. */
typedef struct
{
  FerryMigrationMonitor *monitor;
  GCancellable          *cancellable;
  FerryConnection       *connection;
  char                  *id;
} ReadData;

static ReadData *
read_data_new (FerryMigrationMonitor *self,
               FerryConnection       *connection,
               const char            *id)
{
  ReadData *data = g_new0 (ReadData, 1);

  data->monitor = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->connection = g_object_ref (connection);
  data->id = g_strdup (id);
  return data;
}

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_object (&data->connection);
  g_free (data->id);
  g_free (data);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  FerryMigrationMonitor *self = user_data;

  self->poll_source = 0;
  poll_tick (self);
  return G_SOURCE_REMOVE;
}

static void
poll_schedule (FerryMigrationMonitor *self,
               guint                  interval_ms)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_interval_ms = interval_ms;
  self->poll_source = g_timeout_add (interval_ms, poll_timeout_cb, self);
}

/* Preferences' poll-interval-min/-max (s; max < min: min), also for resumed
 * jobs; a wait over the new maximum is cut short. */
static void
poll_settings_changed_cb (FerryMigrationMonitor *self,
                          const char            *key,
                          GSettings             *settings)
{
  guint min_s = CLAMP (g_settings_get_uint (settings, "poll-interval-min"), 1, 60);

  self->poll_min_ms = min_s * 1000;
  self->poll_max_ms = MAX (min_s, CLAMP (g_settings_get_uint (settings, "poll-interval-max"), 1, 600)) * 1000;
  if (key != NULL && self->poll_source != 0 && self->poll_interval_ms > self->poll_max_ms)
    poll_schedule (self, self->poll_max_ms);
}

/* A state that tells whether a poll saw a change. */
static char *
state_of (FerryMigration *m)
{
  if (m == NULL)
    return NULL;
  return g_strdup_printf ("%s|%s|%s|%s|%.1f|%.1f",
                          ferry_migration_get_package_status (m),
                          ferry_migration_get_import_status (m),
                          ferry_migration_get_import_request_status (m),
                          ferry_migration_get_undo_request_status (m),
                          ferry_migration_get_package_progress (m),
                          ferry_migration_get_import_progress (m));
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  FerryMigrationMonitor *self = data->monitor;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      read_data_free (data);
      return;
    }

  before = state_of (ferry_migration_list_lookup (self->list, data->id));
  if (record != NULL)
    _ferry_migration_monitor_take_record (self, data->connection, record);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    _ferry_migration_monitor_forget_record (self, data->connection, data->id);
  else
    g_debug ("Reading the migration %s failed: %s", data->id, error->message);
  after = state_of (ferry_migration_list_lookup (self->list, data->id));
  if (g_strcmp0 (before, after) != 0)
    self->poll_changed = TRUE;

  if (--self->polls_pending == 0)
    {
      guint next = self->poll_changed ? self->poll_min_ms
                                      : MIN (self->poll_interval_ms * 2, self->poll_max_ms);

      poll_schedule (self, MAX (next, self->poll_min_ms));
    }
  _ferry_migration_monitor_queue_changes (self);
  read_data_free (data);
}

/* Migrations in progress that no job drives, and where to read them. */
static void
poll_tick (FerryMigrationMonitor *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint started = 0;

  if (self->polls_pending > 0)
    return;

  self->poll_changed = FALSE;
  g_hash_table_iter_init (&iter, self->busy);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));

  for (guint i = 0; i < ids->len; i++)
    {
      FerryMigration *m = ferry_migration_list_lookup (self->list, g_ptr_array_index (ids, i));
      FerryConnection *connection;
      ReadData *data;

      if (m == NULL || !ferry_migration_get_busy (m) ||
          _ferry_migration_monitor_running_job (self, ferry_migration_get_id (m)) != NULL)
        continue;

      if (is (ferry_migration_get_package_status (m), "creating"))
        connection = source_connection (self, m);
      else
        connection = target_connection (self, m);
      if (connection == NULL)
        continue;

      data = read_data_new (self, connection, ferry_migration_get_id (m));
      ferry_library_get_migration_async (connection, data->id, FERRY_SHOW_CONTENT_DEFAULT,
                                         self->cancellable, poll_cb, data);
      started++;
    }

  self->polls_pending = started;
  if (started == 0)
    self->poll_interval_ms = 0;   /* idle: the next busy migration starts it again */
}

/* ------------------------------------------------------------------------ */
/* Changes and resume                                                         */
/* ------------------------------------------------------------------------ */

/* Nothing is left for Ferry to drive: imported, failed, undone, refused. */
static gboolean
migration_at_end (FerryMigration *m)
{
  static const char * const ends[] = {
    "imported", "import_failed", "undo_success", "undo_failed",
  };
  const char *import_status = ferry_migration_get_import_status (m);

  if (is (ferry_migration_get_package_status (m), "create_failed") ||
      is (ferry_migration_get_import_request_status (m), "rejected"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (is (import_status, ends[i]))
      return TRUE;
  return FALSE;
}

static void
resume_migration (FerryMigrationMonitor *self,
                  FerryMigration        *m)
{
  const char *id = ferry_migration_get_id (m);
  FerryConnection *source = source_connection (self, m);
  FerryConnection *target = target_connection (self, m);
  g_autoptr(FerryJob) job = NULL;

  if (is (ferry_migration_get_import_status (m), "undoing"))
    {
      if (target == NULL)
        return;
      job = ferry_undo_job_new (target, id, ferry_migration_get_target_project_id (m));
    }
  else
    {
      if (source == NULL || target == NULL)
        return;
      job = ferry_migration_job_new_resume (source, target, id);
    }

  g_debug ("Resuming the migration %s", id);
  ferry_job_set_poll_interval (job, self->settings != NULL ? self->poll_min_ms : RESUMED_POLL_MIN_MS,
                               self->settings != NULL ? self->poll_max_ms : RESUMED_POLL_MAX_MS);
  ferry_migration_monitor_run_job (self, job);
}

static gboolean
changes_idle_cb (gpointer user_data)
{
  FerryMigrationMonitor *self = user_data;
  gboolean can_resume = self->auto_resume && ferry_migration_monitor_get_listed (self);
  gboolean needs_poll = FALSE;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint running = 0;

  self->changes_idle = 0;

  g_hash_table_iter_init (&iter, self->busy);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      FerryMigration *m = ferry_migration_list_lookup (self->list, id);

      if (m == NULL || !ferry_migration_get_busy (m))
        {
          g_hash_table_remove (self->busy, id);
          continue;
        }
      running++;
      if (_ferry_migration_monitor_running_job (self, id) != NULL)
        continue;
      if (can_resume && g_hash_table_contains (self->own_ids, id))
        resume_migration (self, m);
      if (_ferry_migration_monitor_running_job (self, id) == NULL)
        needs_poll = TRUE;
    }

  /* Migrations started here that wait for the next step (a request, an
   * approval, the import): go on with them; those at their end are done. */
  if (can_resume)
    {
      g_autofree const char **own = (const char **) g_hash_table_get_keys_as_array (self->own_ids, NULL);
      g_auto(GStrv) copy = g_strdupv ((char **) own);

      for (guint i = 0; copy[i] != NULL; i++)
        {
          FerryMigration *m = ferry_migration_list_lookup (self->list, copy[i]);

          if (m == NULL || ferry_migration_get_busy (m) ||
              _ferry_migration_monitor_running_job (self, copy[i]) != NULL)
            continue;
          if (migration_at_end (m))
            own_remove (self, copy[i]);
          else
            resume_migration (self, m);
        }
    }

  /* Jobs on migrations the servers are not (or not yet) busy with: a
   * request, an approval, the start of an import. */
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->busy, key) && _ferry_migration_monitor_running_job (self, key) != NULL &&
        ferry_migration_list_lookup (self->list, key) != NULL)
      running++;

  if (self->n_running != running)
    {
      self->n_running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
    }

  if (needs_poll && self->poll_source == 0 && self->polls_pending == 0)
    poll_schedule (self, self->poll_min_ms);

  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

void
_ferry_migration_monitor_queue_changes (FerryMigrationMonitor *self)
{
  if (self->changes_idle == 0 && self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
    self->changes_idle = g_idle_add_full (FERRY_MIGRATION_MONITOR_PRIORITY, changes_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

static void
watched_disconnect (Watched *watched)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched->handlers); i++)
    g_clear_signal_handler (&watched->handlers[i], watched->job);
}

static void
watched_free (Watched *watched)
{
  watched_disconnect (watched);
  g_clear_object (&watched->job);
  g_free (watched);
}

static void
job_record_cb (FerryJob              *job,
               FerryConnection       *connection,
               JsonObject            *record,
               FerryMigrationMonitor *self)
{
  _ferry_migration_monitor_take_record (self, connection, record);
  _ferry_migration_monitor_queue_changes (self);
}

static void
job_progress_cb (FerryJob              *job,
                 GParamSpec            *pspec,
                 FerryMigrationMonitor *self)
{
  g_signal_emit (self, signals[SIGNAL_JOB_CHANGED], 0, job);
}

static void
job_finished_cb (FerryJob              *job,
                 FerryMigrationMonitor *self)
{
  const char *id = ferry_job_get_migration_id (job);
  Watched *watched = id != NULL ? g_hash_table_lookup (self->jobs, id) : NULL;
  FerryJobState state = ferry_job_get_state (job);

  g_object_ref (job);
  if (watched == NULL || watched->job != job)
    {
      /* Ended before its id was known (the creation failed). */
      if (g_hash_table_remove (self->unnamed, job))
        g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
      g_object_unref (job);
      return;
    }

  if (state == FERRY_JOB_STATE_FAILED)
    g_hash_table_replace (self->last_errors, g_strdup (id), g_error_copy (ferry_job_get_error (job)));
  else if (state == FERRY_JOB_STATE_SUCCEEDED)
    g_hash_table_remove (self->last_errors, id);

  /* Cancelled: the server goes on, and so does Ferry after a restart. */
  if (state != FERRY_JOB_STATE_CANCELLED)
    own_remove (self, id);

  /* A deletion: the records are gone on both sides. */
  if (FERRY_IS_DELETE_JOB (job) && state == FERRY_JOB_STATE_SUCCEEDED)
    {
      if (ferry_job_get_source (job) != NULL)
        _ferry_migration_monitor_forget_record (self, ferry_job_get_source (job), id);
      if (ferry_job_get_target (job) != NULL)
        _ferry_migration_monitor_forget_record (self, ferry_job_get_target (job), id);
    }

  g_hash_table_remove (self->jobs, id);
  _ferry_migration_monitor_queue_changes (self);
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
  g_object_unref (job);
}

/* Files JOB under ID: one job per migration, and Ferry's own migrations
 * are remembered. */
static void
file_job (FerryMigrationMonitor *self,
          const char            *id,
          Watched               *watched)
{
  g_hash_table_replace (self->jobs, g_strdup (id), watched);
  if (!FERRY_IS_DELETE_JOB (watched->job))
    own_add (self, id);
}

/* The job's migration id became known: file it. */
static void
job_id_cb (FerryJob              *job,
           GParamSpec            *pspec,
           FerryMigrationMonitor *self)
{
  const char *id = ferry_job_get_migration_id (job);
  gpointer key;
  gpointer value;

  if (id == NULL || !g_hash_table_steal_extended (self->unnamed, job, &key, &value))
    return;
  g_object_unref (key);
  if (_ferry_migration_monitor_running_job (self, id) != NULL)
    {
      /* Another job drives it already: this one is only let run. */
      watched_free (value);
      return;
    }
  file_job (self, id, value);
  _ferry_migration_monitor_queue_changes (self);
}

static void
watch_job (FerryMigrationMonitor *self,
           FerryJob              *job,
           gboolean               owned)
{
  const char *id = ferry_job_get_migration_id (job);
  Watched *watched;

  if (ferry_job_get_state (job) != FERRY_JOB_STATE_READY && ferry_job_get_state (job) != FERRY_JOB_STATE_RUNNING)
    return;
  if (id != NULL)
    {
      Watched *known = g_hash_table_lookup (self->jobs, id);

      if (known != NULL)
        return;
    }
  else if (g_hash_table_contains (self->unnamed, job))
    return;

  watched = g_new0 (Watched, 1);
  watched->job = g_object_ref (job);
  watched->owned = owned;
  watched->handlers[0] = g_signal_connect (job, "record-received", G_CALLBACK (job_record_cb), self);
  watched->handlers[1] = g_signal_connect (job, "notify::progress", G_CALLBACK (job_progress_cb), self);
  watched->handlers[2] = g_signal_connect (job, "notify::step", G_CALLBACK (job_progress_cb), self);
  watched->handlers[3] = g_signal_connect (job, "finished", G_CALLBACK (job_finished_cb), self);

  if (id != NULL)
    file_job (self, id, watched);
  else
    {
      /* The id comes with the first answer (a new migration). */
      g_hash_table_insert (self->unnamed, g_object_ref (job), watched);
      g_signal_connect_object (job, "notify::migration-id", G_CALLBACK (job_id_cb), self, 0);
    }

  /* What the job knows already. */
  if (ferry_job_get_migration (job) != NULL && id != NULL)
    {
      FerryConnection *source = ferry_job_get_source (job);
      FerryConnection *target = ferry_job_get_target (job);
      g_autoptr(JsonObject) source_record = ferry_migration_dup_record (ferry_job_get_migration (job), FALSE);
      g_autoptr(JsonObject) target_record = ferry_migration_dup_record (ferry_job_get_migration (job), TRUE);

      if (source != NULL && source_record != NULL)
        _ferry_migration_monitor_take_record (self, source, source_record);
      if (target != NULL && target_record != NULL)
        _ferry_migration_monitor_take_record (self, target, target_record);
    }

  g_signal_emit (self, signals[SIGNAL_JOB_STARTED], 0, job);
  _ferry_migration_monitor_queue_changes (self);
}

void
ferry_migration_monitor_run_job (FerryMigrationMonitor *self,
                                 FerryJob              *job)
{
  const char *id;

  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_JOB (job));

  id = ferry_job_get_migration_id (job);
  if (id != NULL && g_hash_table_contains (self->jobs, id))
    return;
  if (ferry_job_get_state (job) == FERRY_JOB_STATE_READY)
    {
      if (id != NULL)
        g_hash_table_remove (self->last_errors, id);
      watch_job (self, job, TRUE);
      ferry_job_run_async (job, self->cancellable, NULL, NULL);
    }
  else
    watch_job (self, job, FALSE);
}

void
ferry_migration_monitor_watch_job (FerryMigrationMonitor *self,
                                   FerryJob              *job)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_JOB (job));

  watch_job (self, job, FALSE);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                    */
/* ------------------------------------------------------------------------ */

static FerryJob *
start (FerryMigrationMonitor *self,
       FerryMigration        *migration,
       FerryJob              *job)
{
  g_autoptr(FerryJob) owned = job;

  if (job == NULL)
    return NULL;
  g_hash_table_remove (self->last_errors, ferry_migration_get_id (migration));
  ferry_migration_monitor_run_job (self, job);
  return _ferry_migration_monitor_running_job (self, ferry_migration_get_id (migration)) == job ? job : NULL;
}

FerryJob *
ferry_migration_monitor_start_import (FerryMigrationMonitor *self,
                                      FerryMigration        *migration)
{
  FerryConnection *source;
  FerryConnection *target;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  source = source_connection (self, migration);
  target = target_connection (self, migration);
  if (source == NULL || target == NULL)
    return NULL;
  return start (self, migration, ferry_migration_job_new_resume (source, target, ferry_migration_get_id (migration)));
}

FerryJob *
ferry_migration_monitor_start_undo (FerryMigrationMonitor *self,
                                    FerryMigration        *migration)
{
  FerryConnection *target;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  target = target_connection (self, migration);
  if (target == NULL)
    return NULL;
  return start (self, migration, ferry_undo_job_new (target, ferry_migration_get_id (migration),
                                                     ferry_migration_get_target_project_id (migration)));
}

FerryJob *
ferry_migration_monitor_start_delete (FerryMigrationMonitor *self,
                                      FerryMigration        *migration)
{
  FerryConnection *source;
  FerryConnection *target;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  source = source_connection (self, migration);
  target = target_connection (self, migration);
  if (source == NULL && target == NULL)
    return NULL;
  return start (self, migration, ferry_delete_job_new (source, target, ferry_migration_get_id (migration)));
}

typedef struct
{
  FerryConnection *connection;
  char            *id;
} PatchData;

static void
patch_data_free (PatchData *data)
{
  g_clear_object (&data->connection);
  g_free (data->id);
  g_free (data);
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryMigrationMonitor *self = g_task_get_source_object (task);
  PatchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  g_hash_table_remove (self->actions_running, data->id);
  if (record != NULL)
    {
      _ferry_migration_monitor_take_record (self, data->connection, record);
      g_hash_table_remove (self->last_errors, data->id);
    }
  else
    g_hash_table_replace (self->last_errors, g_strdup (data->id), g_error_copy (error));
  _ferry_migration_monitor_queue_changes (self);

  if (record != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
ferry_migration_monitor_set_import_request_async (FerryMigrationMonitor *self,
                                                  FerryMigration        *migration,
                                                  FerryRequestStatus     status,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  FerryConnection *source;
  PatchData *data;

  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_MIGRATION (migration));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migration_monitor_set_import_request_async);
  source = source_connection (self, migration);
  if (source == NULL)
    {
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_FAILED,
                               _("The source environment is not connected"));
      return;
    }

  data = g_new0 (PatchData, 1);
  data->connection = g_object_ref (source);
  data->id = g_strdup (ferry_migration_get_id (migration));
  g_task_set_task_data (task, data, (GDestroyNotify) patch_data_free);
  g_hash_table_add (self->actions_running, g_strdup (data->id));
  ferry_library_set_import_request_async (source, data->id, status, self->cancellable,
                                          patch_cb, g_steal_pointer (&task));
  _ferry_migration_monitor_queue_changes (self);
}

gboolean
ferry_migration_monitor_set_import_request_finish (FerryMigrationMonitor *self,
                                                   GAsyncResult          *result,
                                                   GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Approval roles: the undo request (target) --------------------------- */

void
ferry_migration_monitor_set_undo_request_async (FerryMigrationMonitor *self,
                                                FerryMigration        *migration,
                                                FerryRequestStatus     status,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  FerryConnection *target;
  PatchData *data;
  const char *project_id = NULL;

  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_MIGRATION (migration));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migration_monitor_set_undo_request_async);
  target = target_connection (self, migration);
  if (target == NULL)
    {
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_FAILED,
                               _("The target environment is not connected"));
      return;
    }

  /* The target project header (required to approve); none for a
   * configuration package. */
  if (!ferry_library_status_is (ferry_migration_get_package_type (migration), "configuration"))
    project_id = ferry_migration_get_target_project_id (migration);

  data = g_new0 (PatchData, 1);
  data->connection = g_object_ref (target);
  data->id = g_strdup (ferry_migration_get_id (migration));
  g_task_set_task_data (task, data, (GDestroyNotify) patch_data_free);
  g_hash_table_add (self->actions_running, g_strdup (data->id));
  ferry_library_set_undo_request_async (target, data->id, status, project_id, self->cancellable,
                                        patch_cb, g_steal_pointer (&task));
  _ferry_migration_monitor_queue_changes (self);
}

gboolean
ferry_migration_monitor_set_undo_request_finish (FerryMigrationMonitor *self,
                                                 GAsyncResult          *result,
                                                 GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- End of the undo request ------------------------------------------------ */

gboolean
ferry_migration_monitor_get_updating (FerryMigrationMonitor *self,
                                      const char            *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  return migration_id != NULL && g_hash_table_contains (self->actions_running, migration_id);
}

const GError *
ferry_migration_monitor_get_last_error (FerryMigrationMonitor *self,
                                        const char            *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);

  return migration_id != NULL ? g_hash_table_lookup (self->last_errors, migration_id) : NULL;
}

/* --- tocView ---------------------------------------------------------------- */

static void
content_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReadData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  FerryMigrationMonitor *self = data->monitor;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      read_data_free (data);
      return;
    }

  if (record != NULL)
    {
      g_hash_table_remove (self->toc_fetching, data->id);
      _ferry_migration_monitor_take_record (self, data->connection, record);
      if (!g_hash_table_contains (self->toc_views, data->id))
        g_hash_table_replace (self->toc_views, g_strdup (data->id), json_object_new ());
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (error);
      g_autofree char *message = g_strdup_printf (_("The settings could not be read: %s"), described);

      g_hash_table_replace (self->toc_fetching, g_strdup (data->id), g_steal_pointer (&message));
    }
  _ferry_migration_monitor_queue_changes (self);
  read_data_free (data);
}

void
ferry_migration_monitor_fetch_toc_view (FerryMigrationMonitor *self,
                                        FerryMigration        *migration)
{
  const char *id;
  FerryConnection *connection;
  ReadData *data;

  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_MIGRATION (migration));

  id = ferry_migration_get_id (migration);
  if (g_hash_table_contains (self->toc_views, id) || g_hash_table_contains (self->toc_fetching, id))
    return;

  connection = source_connection (self, migration);
  if (connection == NULL || !ferry_migration_get_has_source_record (migration))
    connection = target_connection (self, migration);
  if (connection == NULL)
    return;

  data = read_data_new (self, connection, id);
  g_hash_table_replace (self->toc_fetching, g_strdup (id), g_strdup (""));
  ferry_library_get_migration_async (connection, id, FERRY_SHOW_CONTENT_ALL, self->cancellable,
                                     content_cb, data);
}

JsonObject *
ferry_migration_monitor_get_toc_view (FerryMigrationMonitor *self,
                                      const char            *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);

  return migration_id != NULL ? g_hash_table_lookup (self->toc_views, migration_id) : NULL;
}

gboolean
ferry_migration_monitor_get_toc_view_fetching (FerryMigrationMonitor *self,
                                               const char            *migration_id,
                                               const char           **error_message)
{
  const char *fetching;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  fetching = migration_id != NULL ? g_hash_table_lookup (self->toc_fetching, migration_id) : NULL;
  if (error_message != NULL)
    *error_message = fetching != NULL && *fetching != '\0' ? fetching : NULL;
  return fetching != NULL && *fetching == '\0';
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_monitor_constructed (GObject *object)
{
  FerryMigrationMonitor *self = FERRY_MIGRATION_MONITOR (object);

  G_OBJECT_CLASS (ferry_migration_monitor_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      g_auto(GStrv) ids = g_settings_get_strv (self->settings, OWN_KEY);

      for (guint i = 0; ids[i] != NULL; i++)
        g_hash_table_add (self->own_ids, g_strdup (ids[i]));

      poll_settings_changed_cb (self, NULL, self->settings);
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (poll_settings_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (self->environments != NULL)
    self->environments_handler = g_signal_connect (self->environments, "items-changed",
                                                   G_CALLBACK (_ferry_migration_monitor_environments_changed_cb), self);
  _ferry_migration_monitor_sync_environments (self);
}

static void
ferry_migration_monitor_dispose (GObject *object)
{
  FerryMigrationMonitor *self = FERRY_MIGRATION_MONITOR (object);
  GHashTableIter iter;
  gpointer value;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_handle_id (&self->feed_idle, g_source_remove);
  g_clear_handle_id (&self->feed_timeout, g_source_remove);
  _ferry_migration_monitor_feed_show (self);
  g_clear_handle_id (&self->changes_idle, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);

  /* Jobs the monitor runs stop (the servers' work goes on; a new monitor
   * picks it up); watched ones are let go. */
  for (guint pass = 0; pass < 2; pass++)
    {
      GHashTable *table = pass == 0 ? self->jobs : self->unnamed;

      if (table == NULL)
        continue;
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Watched *watched = value;

          watched_disconnect (watched);
          if (watched->owned)
            ferry_job_cancel (watched->job);
        }
      g_hash_table_remove_all (table);
    }

  if (self->environments != NULL)
    g_clear_signal_handler (&self->environments_handler, self->environments);
  g_clear_object (&self->environments);
  if (self->envs != NULL)
    {
      /* No walk of a half-freed array; the list, set aside, is not emptied row by row. */
      g_autoptr(GPtrArray) envs = g_steal_pointer (&self->envs);
      g_autoptr(FerryMigrationList) list = g_steal_pointer (&self->list);

      self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) _ferry_migration_monitor_env_state_free);
      g_clear_pointer (&envs, g_ptr_array_unref);
      self->list = g_steal_pointer (&list);
    }
  g_queue_clear_full (&self->pending, (GDestroyNotify) _ferry_migration_monitor_pending_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_migration_monitor_parent_class)->dispose (object);
}

static void
ferry_migration_monitor_finalize (GObject *object)
{
  FerryMigrationMonitor *self = FERRY_MIGRATION_MONITOR (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->list);
  g_clear_pointer (&self->envs, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->key_cache, g_hash_table_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->unnamed, g_hash_table_unref);
  g_clear_pointer (&self->own_ids, g_hash_table_unref);
  g_clear_pointer (&self->actions_running, g_hash_table_unref);
  g_clear_pointer (&self->last_errors, g_hash_table_unref);
  g_clear_pointer (&self->toc_views, g_hash_table_unref);
  g_clear_pointer (&self->toc_fetching, g_hash_table_unref);

  G_OBJECT_CLASS (ferry_migration_monitor_parent_class)->finalize (object);
}

static void
ferry_migration_monitor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FerryMigrationMonitor *self = FERRY_MIGRATION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS: g_value_set_object (value, self->environments); break;
    case PROP_SETTINGS:     g_value_set_object (value, self->settings); break;
    case PROP_N_RUNNING:    g_value_set_uint (value, self->n_running); break;
    case PROP_LOADING:      g_value_set_boolean (value, self->loading); break;
    case PROP_AUTO_RESUME:  g_value_set_boolean (value, self->auto_resume); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_monitor_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FerryMigrationMonitor *self = FERRY_MIGRATION_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS: self->environments = g_value_dup_object (value); break;
    case PROP_SETTINGS:     self->settings = g_value_dup_object (value); break;
    case PROP_AUTO_RESUME:  ferry_migration_monitor_set_auto_resume (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_monitor_class_init (FerryMigrationMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ferry_migration_monitor_constructed;
  object_class->dispose = ferry_migration_monitor_dispose;
  object_class->finalize = ferry_migration_monitor_finalize;
  object_class->get_property = ferry_migration_monitor_get_property;
  object_class->set_property = ferry_migration_monitor_set_property;

  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_RESUME] =
    g_param_spec_boolean ("auto-resume", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_JOB_STARTED] =
    g_signal_new ("job-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_JOB);
  signals[SIGNAL_JOB_CHANGED] =
    g_signal_new ("job-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_JOB);
  signals[SIGNAL_NAMES_CHANGED] =
    g_signal_new ("names-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FERRY_TYPE_JOB);
}

static void
ferry_migration_monitor_init (FerryMigrationMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) _ferry_migration_monitor_env_state_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->list = ferry_migration_list_new ();
  self->auto_resume = TRUE;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->poll_min_ms = POLL_MIN_MS;
  self->poll_max_ms = POLL_MAX_MS;
  g_queue_init (&self->pending);
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) watched_free);
  self->unnamed = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, (GDestroyNotify) watched_free);
  self->own_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->actions_running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_error_free);
  self->toc_views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->toc_fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

FerryMigrationMonitor *
ferry_migration_monitor_new (GListModel *environments,
                             GSettings  *settings)
{
  g_return_val_if_fail (environments == NULL || G_IS_LIST_MODEL (environments), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (FERRY_TYPE_MIGRATION_MONITOR,
                       "environments", environments,
                       "settings", settings,
                       NULL);
}

GListModel *
ferry_migration_monitor_get_environments (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);

  return self->environments;
}

FerryMigrationList *
ferry_migration_monitor_get_migrations (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);

  return self->list;
}

guint
ferry_migration_monitor_get_n_running (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), 0);

  return self->n_running;
}

gboolean
ferry_migration_monitor_get_loading (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  return self->loading;
}

gboolean
ferry_migration_monitor_get_auto_resume (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  return self->auto_resume;
}

void
ferry_migration_monitor_set_auto_resume (FerryMigrationMonitor *self,
                                         gboolean               auto_resume)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));

  auto_resume = !!auto_resume;
  if (self->auto_resume == auto_resume)
    return;
  self->auto_resume = auto_resume;
  _ferry_migration_monitor_queue_changes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RESUME]);
}

gboolean
ferry_migration_monitor_get_listing (FerryMigrationMonitor        *self,
                                     FerryEnvironment             *environment,
                                     FerryMigrationMonitorListing *listing)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);
  g_return_val_if_fail (listing != NULL, FALSE);

  memset (listing, 0, sizeof *listing);
  listing->total = -1;
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->environment != environment)
        continue;
      listing->connected = env->connection != NULL;
      listing->listing = env->listing;
      listing->listed = env->listed;
      listing->n_listed = env->n_listed;
      listing->total = env->total;
      listing->error = env->connection != NULL ? env->error : NULL;
      return TRUE;
    }
  return FALSE;
}

gboolean
ferry_migration_monitor_get_listed (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->connection != NULL && !env->listed)
        return FALSE;
    }
  return TRUE;
}

GHashTable *
ferry_migration_monitor_get_environment_names (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);

  return self->names;
}

FerryConnection *
ferry_migration_monitor_get_source (FerryMigrationMonitor *self,
                                    FerryMigration        *migration)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  return source_connection (self, migration);
}

FerryConnection *
ferry_migration_monitor_get_target (FerryMigrationMonitor *self,
                                    FerryMigration        *migration)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  return target_connection (self, migration);
}

void
ferry_migration_monitor_refresh (FerryMigrationMonitor *self)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));

  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      _ferry_migration_monitor_env_refresh (env);
    }
  /* A fresh look at the migrations in progress too. */
  if (self->polls_pending == 0)
    g_clear_handle_id (&self->poll_source, g_source_remove);
  _ferry_migration_monitor_queue_changes (self);
}

FerryJob *
ferry_migration_monitor_get_job (FerryMigrationMonitor *self,
                                 const char            *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  return _ferry_migration_monitor_running_job (self, migration_id);
}

void
ferry_migration_monitor_take_over (FerryMigrationMonitor *self,
                                   const char            *migration_id)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (migration_id != NULL);

  own_add (self, migration_id);
  _ferry_migration_monitor_queue_changes (self);
}

gboolean
ferry_migration_monitor_is_own (FerryMigrationMonitor *self,
                                const char            *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), FALSE);

  return migration_id != NULL && g_hash_table_contains (self->own_ids, migration_id);
}

void
ferry_migration_monitor_set_page_size (FerryMigrationMonitor *self,
                                       guint                  page_size)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));

  self->page_size = page_size > 0 ? page_size : DEFAULT_PAGE_SIZE;
}

void
ferry_migration_monitor_set_poll_interval (FerryMigrationMonitor *self,
                                           guint                  min_ms,
                                           guint                  max_ms)
{
  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->poll_min_ms = min_ms;
  self->poll_max_ms = max_ms;
}

guint
ferry_migration_monitor_get_poll_interval (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), 0);

  return self->poll_interval_ms;
}

/* ------------------------------------------------------------------------ */
/* Validation, package files, certification (issue 12)                       */
/* ------------------------------------------------------------------------ */

FerryJob *
ferry_migration_monitor_start_validation (FerryMigrationMonitor *self,
                                          FerryMigration        *migration)
{
  FerryConnection *source;
  FerryConnection *target;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  source = source_connection (self, migration);
  target = target_connection (self, migration);
  if (source == NULL || target == NULL)
    return NULL;
  return start (self, migration,
                ferry_validation_job_new (source, target, ferry_migration_get_id (migration),
                                          ferry_migration_get_target_project_id (migration), NULL));
}

FerryJob *
ferry_migration_monitor_import_file (FerryMigrationMonitor *self,
                                     GFile                 *file,
                                     FerryEnvironment      *environment,
                                     const char            *project_id,
                                     const char            *project_name)
{
  g_autoptr(FerryJob) job = NULL;
  FerryConnection *target;

  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (environment), NULL);

  target = ferry_environment_get_connection (environment);
  if (target == NULL || ferry_connection_get_state (target) != FERRY_CONNECTION_STATE_CONNECTED)
    return NULL;
  job = ferry_file_import_job_new (target, file, project_id, project_name, NULL);
  ferry_migration_monitor_run_job (self, job);
  /* The monitor keeps it (watch_job) until it ends. */
  return job;
}

static void
certification_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryMigrationMonitor *self = g_task_get_source_object (task);
  PatchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!ferry_library_finish (result, &error))
    {
      g_hash_table_remove (self->actions_running, data->id);
      g_hash_table_replace (self->last_errors, g_strdup (data->id), g_error_copy (error));
      _ferry_migration_monitor_queue_changes (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* 204 without a body: the record is read again (patch_cb takes it). */
  ferry_library_get_migration_async (data->connection, data->id, FERRY_SHOW_CONTENT_DEFAULT, self->cancellable,
                                     patch_cb, g_steal_pointer (&task));
}

void
ferry_migration_monitor_set_certification (FerryMigrationMonitor    *self,
                                           FerryMigration           *migration,
                                           FerryCertificationStatus  status,
                                           GCancellable             *cancellable,
                                           GAsyncReadyCallback       callback,
                                           gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  FerryConnection *connection;
  PatchData *data;

  g_return_if_fail (FERRY_IS_MIGRATION_MONITOR (self));
  g_return_if_fail (FERRY_IS_MIGRATION (migration));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migration_monitor_set_certification);
  connection = source_connection (self, migration);
  if (connection == NULL && !ferry_migration_get_has_source_record (migration))
    connection = target_connection (self, migration);
  if (connection == NULL)
    {
      g_task_return_new_error (task, FERRY_API_ERROR, FERRY_API_ERROR_FAILED,
                               _("The source environment is not connected"));
      return;
    }

  data = g_new0 (PatchData, 1);
  data->connection = g_object_ref (connection);
  data->id = g_strdup (ferry_migration_get_id (migration));
  g_task_set_task_data (task, data, (GDestroyNotify) patch_data_free);
  g_hash_table_add (self->actions_running, g_strdup (data->id));
  ferry_library_set_certification_async (connection, data->id, status, self->cancellable,
                                         certification_cb, g_steal_pointer (&task));
  _ferry_migration_monitor_queue_changes (self);
}

gboolean
ferry_migration_monitor_set_certification_finish (FerryMigrationMonitor *self,
                                                  GAsyncResult          *result,
                                                  GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
