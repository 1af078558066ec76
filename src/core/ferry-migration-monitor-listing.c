/* ferry-migration-monitor-listing.c: the environments and their listings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One EnvState per item of the environment model, with the connection
 * while the environment is connected (added to the FerryMigrationList) and
 * the ids read from it. FerryPager reads GET /api/migrations page by page
 * per connection, several pages at once, each read by simdjson in a worker
 * thread into records and migrations (ferry-migration-read.h); every record
 * goes into a queue that is fed to the
 * FerryMigrationList a few milliseconds at a time, above the redraw
 * priority but with a pause between two helpings in which a frame can be
 * drawn (FERRY_MIGRATION_MONITOR_PRIORITY says why). At the end
 * of a connection's listing, the ids it knew but did not list any more are
 * forgotten there. Records read by other means (polls, jobs, PATCH
 * answers) come in through _ferry_migration_monitor_take_record().
 */

#define G_LOG_DOMAIN "ferry-migration-monitor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-migration-monitor-private.h"
#include "ferry-migration-private.h"

#include "ferry-json.h"
#include "ferry-migration-actions.h"
#include "ferry-migration-read.h"
#include "ferry-migrations-export.h"
#include "ferry-pager.h"

#define LIST_PURPOSES       "object_migration,project_merge,migration_from_shared_file_store"
#define FEED_BUDGET_US      4000
/* Records between two looks at the clock. */
#define FEED_CHUNK          64
/* While the list has fewer rows than a list view makes widgets for (GTK
 * 4.8: up to 200 around its anchor, whatever the viewport), a helping
 * adds this many at most: each new visible row costs its widgets, built
 * inside the list's items-changed (150 ms for a first page of 1000). */
#define FEED_FIRST_ROWS     256
#define FEED_FIRST_SLICE    16
/* Between two helpings at most: a window that always has a frame due (GL
 * on a software rasteriser) still gets its rows. */
#define FEED_MAX_PAUSE_MS   20
/* Once the first rows show, the helpings go into the list held: it shows
 * them (one items-changed) this often at most. Each showing costs the
 * views a pass over every row (the sorted model merges, the column view
 * lays out and draws again): a hundred of them for a listing of 100,000
 * fed a few milliseconds at a time. */
#define FEED_SHOW_EVERY_US  (100 * 1000)
#define PAGES_IN_FLIGHT     4

/* ------------------------------------------------------------------------ */
/* Records in                                                                 */
/* ------------------------------------------------------------------------ */

static EnvState *
env_for_connection (FerryMigrationMonitor *self,
                    FerryConnection       *connection)
{
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->connection == connection)
        return env;
    }
  return NULL;
}

static void
remember_toc_view (FerryMigrationMonitor *self,
                   JsonObject            *record)
{
  const char *id = ferry_json_get_string (record, "id");
  JsonObject *package = ferry_json_get_object (record, "packageInfo");
  JsonObject *toc = package != NULL ? ferry_json_get_object (package, "tocView") : NULL;

  if (id == NULL || toc == NULL)
    return;
  g_hash_table_replace (self->toc_views, g_strdup (id), json_object_ref (toc));
}

/* Keeps the sets of migrations the servers work on and of requests
 * waiting for an approver up to date after a record of MIGRATION_ID
 * changed, so that nothing has to walk ten thousand rows to find them:
 * MIGRATION_ID is filed as M (its row, or NULL when there is none) is now. */
static void
note_migration (FerryMigrationMonitor *self,
                const char            *migration_id,
                FerryMigration        *m)
{
  if (m != NULL && ferry_migration_get_busy (m))
    g_hash_table_add (self->busy, g_strdup (migration_id));
  else
    g_hash_table_remove (self->busy, migration_id);
  if (m != NULL && ferry_migration_op_waiting_for_approval (m))
    g_hash_table_add (self->waiting, g_strdup (migration_id));
  else
    g_hash_table_remove (self->waiting, migration_id);
}

static void
note_record (FerryMigrationMonitor *self,
             const char            *migration_id)
{
  note_migration (self, migration_id, ferry_migration_list_lookup (self->list, migration_id));
}

/* After the records of ENV's listing left the list: the ids it knew that
 * still have a row (known elsewhere too) are noted again, and those of the
 * busy and waiting sets (a few) that lost theirs leave them. One look-up
 * an id of the smaller side, the ids ENV knew or the rows left, where
 * note_record() for each would take three (an environment of 100,000). */
static void
note_forgotten (FerryMigrationMonitor *self,
                EnvState              *env)
{
  GHashTable *sets[] = { self->busy, self->waiting };
  GListModel *rows = G_LIST_MODEL (self->list);
  guint n_rows = g_list_model_get_n_items (rows);
  GHashTableIter iter;
  gpointer key;

  /* (The rows are all there is outside a batch.) */
  if (n_rows < g_hash_table_size (env->known) &&
      ferry_migration_list_get_n_known (self->list) == n_rows)
    for (guint i = 0; i < n_rows; i++)
      {
        g_autoptr(FerryMigration) m = g_list_model_get_item (rows, i);
        const char *id = ferry_migration_get_id (m);

        if (g_hash_table_contains (env->known, id))
          note_migration (self, id, m);
      }
  else
    {
      g_hash_table_iter_init (&iter, env->known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          FerryMigration *m = ferry_migration_list_lookup (self->list, key);

          if (m != NULL)
            note_migration (self, key, m);
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      g_hash_table_iter_init (&iter, sets[k]);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (ferry_migration_list_lookup (self->list, key) == NULL)
          g_hash_table_iter_remove (&iter);
    }
}

/* Kept as records come and go (note_record()), not counted row by row. */
guint
ferry_migration_monitor_get_n_waiting (FerryMigrationMonitor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_MONITOR (self), 0);

  return g_hash_table_size (self->waiting);
}

/* A record read from CONNECTION (by a poll, a job, an action). */
void
_ferry_migration_monitor_take_record (FerryMigrationMonitor *self,
                                      FerryConnection       *connection,
                                      JsonObject            *record)
{
  EnvState *env = env_for_connection (self, connection);
  const char *id = ferry_json_get_string (record, "id");

  if (env == NULL || id == NULL || *id == '\0')
    return;
  g_hash_table_add (env->known, g_strdup (id));
  ferry_migration_list_update_record (self->list, connection, record);
  note_record (self, id);
  remember_toc_view (self, record);
}

void
_ferry_migration_monitor_forget_record (FerryMigrationMonitor *self,
                                        FerryConnection       *connection,
                                        const char            *migration_id)
{
  EnvState *env = env_for_connection (self, connection);

  if (env == NULL)
    return;
  g_hash_table_remove (env->known, migration_id);
  /* Seen stays within known (finish_listing() counts on it). */
  if (env->seen != NULL)
    g_hash_table_remove (env->seen, migration_id);
  ferry_migration_list_forget_record (self->list, connection, migration_id);
  note_record (self, migration_id);
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                    */
/* ------------------------------------------------------------------------ */

void
_ferry_migration_monitor_pending_free (Pending *pending)
{
  g_clear_pointer (&pending->record, ferry_migration_record_unref);
  g_clear_object (&pending->prepared);
  g_free (pending);
}

/* Drops the queued records of ENV (all of them, or the stale ones). */
static void
drop_pending (FerryMigrationMonitor *self,
              EnvState              *env,
              gboolean               stale_only)
{
  GList *l = self->pending.head;

  while (l != NULL)
    {
      GList *next = l->next;
      Pending *pending = l->data;

      if (pending->env == env && (!stale_only || pending->generation != env->generation))
        {
          g_queue_delete_link (&self->pending, l);
          _ferry_migration_monitor_pending_free (pending);
        }
      l = next;
    }
}

static void
finish_listing (FerryMigrationMonitor *self,
                EnvState              *env)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  /* What the server no longer lists is gone there (deleted elsewhere).
   * Every id seen is known: as many known as seen, none is gone (no walk
   * over a hundred thousand ids at the end of a first listing). */
  if (env->error == NULL && env->seen != NULL &&
      g_hash_table_size (env->known) > g_hash_table_size (env->seen))
    {
      g_hash_table_iter_init (&iter, env->known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (env->seen, key) && _ferry_migration_monitor_running_job (self, key) == NULL)
          g_ptr_array_add (gone, g_strdup (key));
      /* Gone together: one items-changed per run of neighbouring rows. */
      ferry_migration_list_hold (self->list);
      for (guint i = 0; i < gone->len; i++)
        _ferry_migration_monitor_forget_record (self, env->connection, g_ptr_array_index (gone, i));
      ferry_migration_list_release (self->list);
    }

  /* The ids of a whole listing (a hundred thousand): freed by a worker,
   * not in the main loop (20 ms). */
  _ferry_free_in_thread (g_steal_pointer (&env->seen), (GDestroyNotify) g_hash_table_unref);
  env->listing = FALSE;
  env->listed = TRUE;
  if (env->list_again && env->connection != NULL)
    _ferry_migration_monitor_env_start_listing (env);
  _ferry_migration_monitor_set_loading (self);
  _ferry_migration_monitor_queue_changes (self);
}

/* Feeds BATCH (records of ENV, in listing order; PREPARED: the migration
 * built from each, or NULL) to the list in one go. */
static void
feed_batch (FerryMigrationMonitor *self,
            EnvState              *env,
            GPtrArray             *batch,
            GPtrArray             *prepared)
{
  if (batch->len == 0)
    return;

  ferry_migration_list_update_prepared (self->list, env->connection,
                                        (FerryMigrationRecord * const *) batch->pdata,
                                        (FerryMigration * const *) prepared->pdata, batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      const char *id = ferry_migration_record_get_id (g_ptr_array_index (batch, i));

      if (id != NULL && *id != '\0')
        {
          if (env->seen != NULL)
            g_hash_table_add (env->seen, g_strdup (id));
          g_hash_table_add (env->known, g_strdup (id));
          note_record (self, id);
        }
    }
  env->n_listed += batch->len;
  g_ptr_array_set_size (batch, 0);
  g_ptr_array_set_size (prepared, 0);
}

/* What the helpings put into the list, shown. */
void
_ferry_migration_monitor_feed_show (FerryMigrationMonitor *self)
{
  g_clear_handle_id (&self->feed_show, g_source_remove);
  if (!self->feed_holding)
    return;
  self->feed_holding = FALSE;
  self->feed_released_us = g_get_monotonic_time ();
  ferry_migration_list_release (self->list);
}

static gboolean
feed_show_cb (gpointer user_data)
{
  FerryMigrationMonitor *self = user_data;

  self->feed_show = 0;
  _ferry_migration_monitor_feed_show (self);
  _ferry_migration_monitor_queue_changes (self);
  return G_SOURCE_REMOVE;
}

/* One helping: the records queued, for about FEED_BUDGET_US, go to the list
 * as one batch (one items-changed for the rows that appear: each costs the
 * list's views a pass over their rows, so they are few and large, however
 * fast or slow the records go in). A listing's end closes the helping. */
static gboolean
feed_idle_cb (gpointer user_data)
{
  FerryMigrationMonitor *self = user_data;
  gint64 end = g_get_monotonic_time () + FEED_BUDGET_US;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_migration_record_unref);
  g_autoptr(GPtrArray) prepared = g_ptr_array_new_with_free_func (_ferry_object_unref_nullable);
  EnvState *batch_env = NULL;
  EnvState *finished = NULL;
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint limit = n_rows < FEED_FIRST_ROWS ? FEED_FIRST_SLICE : G_MAXUINT;
  guint n_fed = 0;

  /* Whichever of the two came first: the other is not needed. */
  g_clear_handle_id (&self->feed_idle, g_source_remove);
  g_clear_handle_id (&self->feed_timeout, g_source_remove);
  if (!self->feed_holding)
    {
      ferry_migration_list_hold (self->list);
      self->feed_holding = TRUE;
    }
  while (!g_queue_is_empty (&self->pending) && finished == NULL)
    {
      Pending *pending = g_queue_pop_head (&self->pending);
      EnvState *env = pending->env;

      if (pending->generation == env->generation && env->connection != NULL)
        {
          if (batch_env != env)
            {
              if (batch_env != NULL)
                feed_batch (self, batch_env, batch, prepared);
              batch_env = env;
            }
          if (pending->record == NULL)
            {
              feed_batch (self, env, batch, prepared);
              finished = env;
            }
          else
            {
              g_ptr_array_add (batch, ferry_migration_record_ref (pending->record));
              g_ptr_array_add (prepared, g_steal_pointer (&pending->prepared));
              n_fed++;
            }
        }
      _ferry_migration_monitor_pending_free (pending);

      if (n_fed >= limit)
        break;
      if (batch->len >= FEED_CHUNK)
        {
          feed_batch (self, batch_env, batch, prepared);
          if (g_get_monotonic_time () >= end)
            break;
        }
    }
  if (batch_env != NULL)
    feed_batch (self, batch_env, batch, prepared);
  /* Shown: the first rows at once, then every FEED_SHOW_EVERY_US (by a
   * timeout when no helping comes before), and all that is held when a
   * listing ends (its removals are a batch of their own). */
  {
    gint64 wait = self->feed_released_us + FEED_SHOW_EVERY_US - g_get_monotonic_time ();

    if (n_rows < FEED_FIRST_ROWS || finished != NULL || wait <= 0)
      _ferry_migration_monitor_feed_show (self);
    else if (self->feed_show == 0)
      self->feed_show = g_timeout_add_full (FERRY_MIGRATION_MONITOR_PRIORITY, (guint) (wait / 1000) + 1,
                                            feed_show_cb, self, NULL);
  }
  if (finished != NULL)
    finish_listing (self, finished);

  _ferry_migration_monitor_queue_changes (self);
  if (g_queue_is_empty (&self->pending))
    {
      _ferry_migration_monitor_set_loading (self);
      return G_SOURCE_REMOVE;
    }
  /* More next time: not at this priority at once, which would keep a
   * frame that is due waiting until the whole queue is fed (with pages
   * arriving as fast as they are fed, for the whole listing). As soon as
   * nothing more urgent waits (a frame, the network), or at the latest
   * after FEED_MAX_PAUSE_MS. */
  self->feed_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_idle_cb, self, NULL);
  self->feed_timeout = g_timeout_add_full (FERRY_MIGRATION_MONITOR_PRIORITY, FEED_MAX_PAUSE_MS,
                                           feed_idle_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

/* Queues RECORD (taken; NULL: the listing's end) and PREPARED (taken,
 * nullable). */
static void
push_pending (FerryMigrationMonitor *self,
              EnvState              *env,
              FerryMigrationRecord  *record,
              FerryMigration        *prepared)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->env = env;
  pending->generation = env->generation;
  pending->record = record;
  pending->prepared = prepared;
  g_queue_push_tail (&self->pending, pending);
  if (self->feed_idle == 0 && self->feed_timeout == 0)
    self->feed_idle = g_idle_add_full (FERRY_MIGRATION_MONITOR_PRIORITY, feed_idle_cb, self, NULL);
}

typedef struct
{
  GCancellable *cancellable;
  EnvState     *env;
  guint         generation;
} PageData;

static void
page_data_free (PageData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data);
}

/* A page of the listing, in a worker thread (several at once, as they
 * arrive): simdjson reads it and makes a FerryMigration of each record
 * (ferry-migration-read.h), so that the main thread only files them. */
static gpointer
read_page (GBytes   *body,
           guint     http_status,
           guint    *n_items,
           gint64   *total,
           GError  **error)
{
  FerryMigrationPage *page = ferry_migration_page_read (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                                        http_status, error);

  if (page == NULL)
    return NULL;
  *n_items = ferry_migration_page_get_n_records (page);
  *total = ferry_migration_page_get_total (page);
  return page;
}

/* The pages, handed over in order on the main thread: queued to be fed. */
static gboolean
page_read_cb (gpointer   parsed,
              guint      n_items,
              guint64    offset,
              gint64     total,
              gpointer   user_data,
              GError   **error)
{
  FerryMigrationPage *page = parsed;
  PageData *data = user_data;
  EnvState *env = data->env;

  if (g_cancellable_is_cancelled (data->cancellable) || data->generation != env->generation)
    return FALSE;
  env->total = total;
  for (guint i = 0; i < n_items; i++)
    push_pending (env->monitor, env,
                  ferry_migration_record_ref (ferry_migration_page_get_record (page, i)),
                  ferry_migration_page_steal_migration (page, i));
  return TRUE;
}

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageData *data = user_data;
  g_autoptr(GError) error = NULL;
  EnvState *env = data->env;

  ferry_pager_run_finish (result, NULL, &error);

  /* Cancelled: the environment (or the monitor) is gone; touch nothing. */
  if (g_cancellable_is_cancelled (data->cancellable) || data->generation != env->generation)
    {
      page_data_free (data);
      return;
    }

  g_clear_error (&env->error);
  if (error != NULL)
    {
      g_debug ("Listing the migrations of %s failed: %s",
               ferry_environment_get_name (env->environment), error->message);
      env->error = g_steal_pointer (&error);
    }
  /* Records queued before a failure still apply; the end marker keeps the
   * ids that were not seen. */
  push_pending (env->monitor, env, NULL, NULL);
  page_data_free (data);
}

static void
env_cancel_listing (EnvState *env)
{
  if (env->cancellable != NULL)
    g_cancellable_cancel (env->cancellable);
  g_clear_object (&env->cancellable);
  env->generation++;
  env->listing = FALSE;
  _ferry_free_in_thread (g_steal_pointer (&env->seen), (GDestroyNotify) g_hash_table_unref);
  drop_pending (env->monitor, env, TRUE);
}

void
_ferry_migration_monitor_env_start_listing (EnvState *env)
{
  FerryMigrationMonitor *self = env->monitor;
  g_autofree char *purposes = g_uri_escape_string (LIST_PURPOSES, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/migrations?packageInfo.purpose=%s", purposes);
  FerryPagerOptions options = {
    .page_size = self->page_size,
    /* 170 MB at 100,000 migrations: read beside the frames, not before them. */
    .flags = FERRY_REQUEST_BULK,
    /* Once the total is known: the server builds the next pages while
     * these are read (one at a time, 100 000 records made a chain of 100
     * round trips, each waiting for the one before). */
    .max_in_flight = PAGES_IN_FLIGHT,
  };
  PageData *page = g_new0 (PageData, 1);
  PageData *done = g_new0 (PageData, 1);

  if (env->connection == NULL)
    {
      g_free (page);
      g_free (done);
      return;
    }

  env_cancel_listing (env);
  env->cancellable = g_cancellable_new ();
  env->listing = TRUE;
  env->list_again = FALSE;
  env->n_listed = 0;
  env->total = -1;
  env->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  page->cancellable = g_object_ref (env->cancellable);
  page->env = env;
  page->generation = env->generation;
  done->cancellable = g_object_ref (env->cancellable);
  done->env = env;
  done->generation = env->generation;
  ferry_pager_run_parsed_async (env->connection, path, &options, read_page,
                                (GDestroyNotify) ferry_migration_page_free, page_read_cb, page,
                                (GDestroyNotify) page_data_free, env->cancellable, list_done_cb, done);
  _ferry_migration_monitor_set_loading (self);
}

/* A listing under way may have read its pages before the change the caller
 * knows of: one more follows it. */
void
_ferry_migration_monitor_env_refresh (EnvState *env)
{
  if (env->connection == NULL)
    return;
  if (env->listing)
    env->list_again = TRUE;
  else
    _ferry_migration_monitor_env_start_listing (env);
}

/* ------------------------------------------------------------------------ */
/* Environments                                                               */
/* ------------------------------------------------------------------------ */

static void
rebuild_names (FerryMigrationMonitor *self)
{
  g_hash_table_remove_all (self->names);
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      g_free (env->key);
      env->key = ferry_migrations_environment_key (ferry_environment_get_base_url (env->environment));
      if (env->key != NULL && !g_hash_table_contains (self->names, env->key))
        g_hash_table_insert (self->names, g_strdup (env->key),
                             g_strdup (ferry_environment_get_name (env->environment)));
    }
  _ferry_migration_monitor_names_changed (self);
}

static void
env_set_connection (EnvState        *env,
                    FerryConnection *connection)
{
  FerryMigrationMonitor *self = env->monitor;

  if (env->connection == connection)
    return;

  if (env->connection != NULL)
    {
      g_autoptr(GHashTable) known = g_steal_pointer (&env->known);
      GHashTableIter iter;
      gpointer key;

      env_cancel_listing (env);
      drop_pending (self, env, FALSE);
      ferry_migration_list_remove_connection (self->list, env->connection);
      env->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        note_record (self, key);
      g_clear_error (&env->error);
      g_clear_object (&env->connection);
      env->listed = FALSE;
    }
  if (connection != NULL)
    {
      env->connection = g_object_ref (connection);
      ferry_migration_list_add_connection (self->list, connection);
      _ferry_migration_monitor_env_start_listing (env);
    }

  _ferry_migration_monitor_set_loading (self);
  _ferry_migration_monitor_queue_changes (self);
}

static FerryConnection *
connected (FerryEnvironment *environment)
{
  FerryConnection *connection = ferry_environment_get_connection (environment);

  if (connection != NULL && ferry_connection_get_state (connection) != FERRY_CONNECTION_STATE_CONNECTED)
    return NULL;
  return connection;
}

static void
environment_notify_cb (FerryEnvironment *environment,
                       GParamSpec       *pspec,
                       EnvState         *env)
{
  FerryMigrationMonitor *self = env->monitor;

  if (g_str_equal (pspec->name, "connection") || g_str_equal (pspec->name, "state"))
    env_set_connection (env, connected (environment));
  else if (g_str_equal (pspec->name, "name") || g_str_equal (pspec->name, "base-url"))
    {
      rebuild_names (self);
      _ferry_migration_monitor_queue_changes (self);
    }
}

void
_ferry_migration_monitor_env_state_free (EnvState *env)
{
  FerryMigrationMonitor *self = env->monitor;

  g_clear_signal_handler (&env->notify_handler, env->environment);
  env_cancel_listing (env);
  drop_pending (self, env, FALSE);
  if (env->connection != NULL && self->list != NULL)
    {
      ferry_migration_list_remove_connection (self->list, env->connection);
      note_forgotten (self, env);
    }
  g_clear_object (&env->connection);
  g_clear_object (&env->environment);
  g_clear_pointer (&env->key, g_free);
  /* An environment's ids, a hundred thousand of them: freed by a worker. */
  _ferry_free_in_thread (g_steal_pointer (&env->known), (GDestroyNotify) g_hash_table_unref);
  _ferry_free_in_thread (g_steal_pointer (&env->seen), (GDestroyNotify) g_hash_table_unref);
  g_clear_error (&env->error);
  g_free (env);
}

void
_ferry_migration_monitor_sync_environments (FerryMigrationMonitor *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->envs);
  guint n = self->environments != NULL ? g_list_model_get_n_items (self->environments) : 0;

  self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) _ferry_migration_monitor_env_state_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->environments, i);
      EnvState *env = NULL;

      if (!FERRY_IS_ENVIRONMENT (item))
        continue;

      for (guint j = 0; j < old->len; j++)
        {
          EnvState *candidate = g_ptr_array_index (old, j);

          if ((GObject *) candidate->environment == item)
            {
              env = g_ptr_array_steal_index (old, j);
              break;
            }
        }

      if (env == NULL)
        {
          env = g_new0 (EnvState, 1);
          env->monitor = self;
          env->environment = g_object_ref (FERRY_ENVIRONMENT (item));
          env->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          env->notify_handler = g_signal_connect (item, "notify",
                                                  G_CALLBACK (environment_notify_cb), env);
        }
      g_ptr_array_add (self->envs, env);
    }

  /* Those gone drop their records now (_ferry_migration_monitor_env_state_free). */
  g_clear_pointer (&old, g_ptr_array_unref);

  rebuild_names (self);
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      env_set_connection (env, connected (env->environment));
    }

  _ferry_migration_monitor_set_loading (self);
  _ferry_migration_monitor_queue_changes (self);
}

void
_ferry_migration_monitor_environments_changed_cb (GListModel            *model,
                                                  guint                  position,
                                                  guint                  removed,
                                                  guint                  added,
                                                  FerryMigrationMonitor *self)
{
  _ferry_migration_monitor_sync_environments (self);
}

