/* test-migration-monitor.c: FerryMigrationMonitor and FerryPager against sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No display: the monitor is what the Migrations page binds to, so the
 * monitoring rules of design.md are shown here on what the API observes:
 * the one model, the per-environment listings, n-running, the jobs, the
 * "unfinished-migrations" key and the servers' records.
 */

#include "config.h"

#include <string.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "jobs-test-util.h"

typedef struct
{
  JtuEnv            env;
  FerryEnvironment *dev_env;
  FerryEnvironment *prod_env;
  FerryConnection  *dev;          /* the environments' connections: jobs */
  FerryConnection  *prod;         /* on them feed the monitor */
  GListStore       *environments;
} Fixture;

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
disconnect_environment (gpointer data)
{
  FerryEnvironment *environment = data;

  ferry_environment_disconnect (environment);
  g_object_unref (environment);
}

static FerryEnvironment *
connect_environment (FerrySandbox *sandbox,
                     const char   *name)
{
  FerryEnvironment *environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                                         FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_async (environment, "", NULL, store_result_cb, &result);
  jtu_wait_until (result_set, &result, 30);
  ferry_environment_connect_finish (environment, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ferry_environment_get_connection (environment));
  g_test_queue_destroy (disconnect_environment, environment);
  return environment;
}

static void
fixture_start (Fixture          *f,
               const SbtOptions *dev,
               const SbtOptions *prod)
{
  memset (f, 0, sizeof *f);
  jtu_env_start_full (&f->env, dev, prod);
  f->dev_env = connect_environment (f->env.pair.dev, "Development");
  f->prod_env = connect_environment (f->env.pair.prod, "Production");
  f->dev = ferry_environment_get_connection (f->dev_env);
  f->prod = ferry_environment_get_connection (f->prod_env);
  f->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_test_queue_unref (f->environments);
  g_list_store_append (f->environments, f->dev_env);
  g_list_store_append (f->environments, f->prod_env);
}

/* The application's settings, in memory (a new "computer" per test). */
static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

  return g_settings_new_with_backend (APP_ID, backend);
}

static gboolean
settings_have (GSettings  *settings,
               const char *id)
{
  g_auto(GStrv) ids = g_settings_get_strv (settings, "unfinished-migrations");

  return g_strv_contains ((const char * const *) ids, id);
}

static gboolean
monitor_settled (gpointer data)
{
  FerryMigrationMonitor *monitor = data;

  return !ferry_migration_monitor_get_loading (monitor) && ferry_migration_monitor_get_listed (monitor);
}

static gboolean
nothing_running (gpointer data)
{
  return ferry_migration_monitor_get_n_running (data) == 0;
}

static gboolean
something_running (gpointer data)
{
  return ferry_migration_monitor_get_n_running (data) > 0;
}

typedef struct
{
  FerryMigrationMonitor *monitor;
  const char            *id;
} TocWait;

static gboolean
toc_view_read (gpointer data)
{
  TocWait *wait = data;

  return ferry_migration_monitor_get_toc_view (wait->monitor, wait->id) != NULL;
}

static gboolean
job_for_id (gpointer data)
{
  TocWait *wait = data;

  return ferry_migration_monitor_get_job (wait->monitor, wait->id) != NULL;
}

static gboolean
job_has_id (gpointer job)
{
  return ferry_job_get_migration_id (job) != NULL;
}

static gboolean
job_over (gpointer job)
{
  FerryJobState state = ferry_job_get_state (job);

  return state != FERRY_JOB_STATE_READY && state != FERRY_JOB_STATE_RUNNING;
}

/* Creates a project merge on Development over raw HTTP, as another user
 * ("migrator") with another client would: no job of Ferry's, no
 * connection of the monitor's. Returns its id at once (still creating). */
static char *
create_elsewhere (Fixture    *f,
                  const char *name)
{
  g_autoptr(SbtClient) other = sbt_client_new_login (ferry_sandbox_get_base_url (f->env.pair.dev),
                                                     "migrator", "Ferry-Migr8!");
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(JsonNode) body = sbt_migration_body (ferry_sandbox_get_base_url (f->env.pair.dev),
                                                 ferry_sandbox_get_base_url (f->env.pair.prod),
                                                 "project_merge", "project", JTU_PROJECT_ID, settings, NULL);
  g_autoptr(SbtResponse) response = NULL;

  json_object_set_string_member (json_object_get_object_member (json_node_get_object (body), "packageInfo"),
                                 "name", name);
  response = sbt_request_json (other, "POST", "/api/migrations", body,
                               "X-MSTR-ProjectID", JTU_PROJECT_ID, "Prefer", "respond-async", NULL);
  sbt_assert_status (response, 201);
  return g_strdup (sbt_json_get_string (response->json, "id"));
}

typedef struct
{
  FerryMigrationMonitor *monitor;
  const char            *id;
  const char            *package_status;   /* nullable */
  const char            *import_status;    /* nullable */
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *wait = data;
  FerryMigration *m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (wait->monitor), wait->id);

  if (m == NULL)
    return FALSE;
  if (wait->package_status != NULL &&
      !ferry_library_status_is (ferry_migration_get_package_status (m), wait->package_status))
    return FALSE;
  if (wait->import_status != NULL &&
      !ferry_library_status_is (ferry_migration_get_import_status (m), wait->import_status))
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The pager                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  guint   pages;
  guint   items;
  guint64 last_offset;
  gint64  total;
  guint   stop_after;   /* 0: never */
} PageCount;

static gboolean
count_page_cb (JsonArray *items,
               guint64    offset,
               gint64     total,
               gpointer   user_data,
               GError   **error)
{
  PageCount *count = user_data;

  g_assert_cmpuint (offset, ==, count->items);
  count->pages++;
  count->items += json_array_get_length (items);
  count->last_offset = offset;
  count->total = total;
  return count->stop_after == 0 || count->pages < count->stop_after;
}

static gint64
run_pager (FerryConnection *connection,
           guint            page_size,
           guint64          max_items,
           PageCount       *count,
           gboolean        *truncated,
           GError         **error)
{
  FerryPagerOptions options = {
    .items_member = "data",
    .total_member = "total",
    .page_size = page_size,
    .max_items = max_items,
  };
  g_autoptr(GAsyncResult) result = NULL;

  ferry_pager_run_async (connection,
                         "/api/migrations?packageInfo.purpose=object_migration,project_merge,migration_from_shared_file_store",
                         &options, count_page_cb, count, NULL,
                         NULL, jtu_result_cb, &result);
  return ferry_pager_run_finish (jtu_wait_result (&result), truncated, error);
}

/* 23 seeded migrations (and what the seed adds), 5 at a time: every page, in order; bounded by max_items;
 * stopped by the page function; an HTML 502 is an error. */
static void
test_pager (void)
{
  SbtOptions dev = { .seed_migrations = 23 };
  JtuEnv env;
  g_autoptr(GError) error = NULL;
  PageCount count = { 0 };
  gboolean truncated = TRUE;
  guint n;

  jtu_env_start_full (&env, &dev, NULL);
  {
    g_autoptr(GPtrArray) all = jtu_list_migrations (env.dev, &error);

    g_assert_no_error (error);
    n = all->len;
  }
  g_assert_cmpuint (n, >, 15);

  g_assert_cmpint (run_pager (env.dev, 5, 0, &count, &truncated, &error), ==, n);
  g_assert_no_error (error);
  g_assert_false (truncated);
  g_assert_cmpuint (count.pages, ==, (n + 4) / 5);
  g_assert_cmpuint (count.items, ==, n);
  g_assert_cmpuint (count.last_offset, ==, ((n - 1) / 5) * 5);
  g_assert_cmpint (count.total, ==, n);

  memset (&count, 0, sizeof count);
  g_assert_cmpint (run_pager (env.dev, 5, 12, &count, &truncated, &error), ==, 12);
  g_assert_no_error (error);
  g_assert_true (truncated);
  g_assert_cmpuint (count.items, ==, 12);
  g_assert_cmpuint (count.pages, ==, 3);

  memset (&count, 0, sizeof count);
  count.stop_after = 2;
  g_assert_cmpint (run_pager (env.dev, 5, 0, &count, &truncated, &error), ==, 10);
  g_assert_no_error (error);
  g_assert_false (truncated);
  g_assert_cmpuint (count.pages, ==, 2);

  ferry_sandbox_add_fault (env.pair.dev, "GET", "/api/migrations", 1000, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", "<html><title>Bad Gateway</title></html>", 0);
  memset (&count, 0, sizeof count);
  g_assert_cmpint (run_pager (env.dev, 5, 0, &count, NULL, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_cmpuint (count.pages, ==, 0);
}

/* Several pages in flight, handed over in a worker thread: still every
 * page once, in order, off the main thread; the progress hook on it. */
typedef struct
{
  PageCount count;
  GThread  *main_thread;
  gboolean  off_main;
  guint     n_progress;
  guint64   last_done;
} ThreadCount;

static gboolean
thread_page_cb (JsonArray *items,
                guint64    offset,
                gint64     total,
                gpointer   user_data,
                GError   **error)
{
  ThreadCount *count = user_data;

  if (g_thread_self () != count->main_thread)
    count->off_main = TRUE;
  return count_page_cb (items, offset, total, &count->count, error);
}

static void
thread_progress_cb (guint64  done,
                    gint64   total,
                    gpointer user_data)
{
  ThreadCount *count = user_data;

  g_assert_true (g_thread_self () == count->main_thread);
  g_assert_cmpuint (done, >, count->last_done);
  count->last_done = done;
  count->n_progress++;
}

static void
test_pager_in_flight (void)
{
  SbtOptions dev = { .seed_migrations = 23 };
  JtuEnv env;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ThreadCount count = { .main_thread = g_thread_self () };
  FerryPagerOptions options = {
    .items_member = "data",
    .total_member = "total",
    .page_size = 5,
    .max_in_flight = 3,
    .pager_flags = FERRY_PAGER_IN_THREAD,
    .progress = thread_progress_cb,
    .progress_data = &count,
  };
  gboolean truncated = TRUE;
  guint n;

  jtu_env_start_full (&env, &dev, NULL);
  {
    g_autoptr(GPtrArray) all = jtu_list_migrations (env.dev, &error);

    g_assert_no_error (error);
    n = all->len;
  }

  ferry_pager_run_async (env.dev,
                         "/api/migrations?packageInfo.purpose=object_migration,project_merge,migration_from_shared_file_store",
                         &options, thread_page_cb, &count, NULL, NULL, jtu_result_cb, &result);
  g_assert_cmpint (ferry_pager_run_finish (jtu_wait_result (&result), &truncated, &error), ==, n);
  g_assert_no_error (error);
  g_assert_false (truncated);
  g_assert_true (count.off_main);
  g_assert_cmpuint (count.count.pages, ==, (n + 4) / 5);
  g_assert_cmpuint (count.count.items, ==, n);
  g_assert_cmpint (count.count.total, ==, n);
  g_assert_cmpuint (count.n_progress, ==, (n + 4) / 5);
  g_assert_cmpuint (count.last_done, ==, n);
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryMigrationMonitor *monitor;
  guint                  changes;
  FerryEnvironment      *environment;
  guint                  first_seen_while_listing;
} Stream;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Stream     *stream)
{
  FerryMigrationMonitorListing listing;

  stream->changes++;
  if (stream->first_seen_while_listing == 0 &&
      ferry_migration_monitor_get_listing (stream->monitor, stream->environment, &listing) &&
      listing.listing)
    stream->first_seen_while_listing = g_list_model_get_n_items (model);
}

/* Two sandboxes listed 4 records a page into one model: every migration of
 * both, the first ones in while the listing still runs. */
static void
test_two_sandboxes (void)
{
  SbtOptions dev = { .seed_migrations = 21 };
  SbtOptions prod = { .seed_migrations = 13 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  Stream stream = { 0 };
  GListModel *model;
  FerryMigrationMonitorListing listing;
  guint n_dev;
  guint n_prod;
  guint n_all;

  fixture_start (&f, &dev, &prod);
  {
    g_autoptr(GPtrArray) dev_list = jtu_list_migrations (f.env.dev, NULL);
    g_autoptr(GPtrArray) prod_list = jtu_list_migrations (f.env.prod, NULL);

    g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

    n_dev = dev_list->len;
    n_prod = prod_list->len;
    g_assert_cmpuint (n_dev, >=, 21);
    g_assert_cmpuint (n_prod, >=, 13);
    /* One item per id, whichever servers keep a record of it. */
    for (guint i = 0; i < n_dev; i++)
      g_hash_table_add (ids, (gpointer) ferry_json_get_string (g_ptr_array_index (dev_list, i), "id"));
    for (guint i = 0; i < n_prod; i++)
      g_hash_table_add (ids, (gpointer) ferry_json_get_string (g_ptr_array_index (prod_list, i), "id"));
    n_all = g_hash_table_size (ids);
  }

  monitor = ferry_migration_monitor_new (NULL, NULL);
  g_clear_object (&monitor);

  /* The page size is set before the environments come. */
  {
    g_autoptr(GListStore) later = g_list_store_new (FERRY_TYPE_ENVIRONMENT);

    monitor = ferry_migration_monitor_new (G_LIST_MODEL (later), NULL);
    ferry_migration_monitor_set_page_size (monitor, 4);
    stream.monitor = monitor;
    stream.environment = f.dev_env;
    model = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));
    g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &stream);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

    g_list_store_append (later, f.dev_env);
    g_list_store_append (later, f.prod_env);
    g_assert_true (ferry_migration_monitor_get_loading (monitor));
    g_assert_false (ferry_migration_monitor_get_listed (monitor));
    g_assert_true (ferry_migration_monitor_get_listing (monitor, f.dev_env, &listing));
    g_assert_true (listing.connected);
    g_assert_true (listing.listing);

    jtu_wait_until (monitor_settled, monitor, 30);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_all);
    /* Rows came while Development's pages were still being read, in
     * helpings. How many helpings depends on time: the feed hands over
     * what arrived within its time budget as one batch, so 21 records from
     * a fast in-process server may all come at once (one change per
     * batch is pinned by test-migration-list; the first rows' delay at
     * 100,000 is bench-migrations-list's migrations.first_rows). */
    g_assert_cmpuint (stream.first_seen_while_listing, >, 0);
    g_assert_cmpuint (stream.first_seen_while_listing, <=, n_dev);
    g_assert_cmpuint (stream.changes, >=, 1);

    g_assert_true (ferry_migration_monitor_get_listing (monitor, f.prod_env, &listing));
    g_assert_true (listing.listed);
    g_assert_false (listing.listing);
    g_assert_null (listing.error);
    g_assert_cmpuint (ferry_migration_monitor_get_n_running (monitor), ==, 0);

    /* The names by key. */
    {
      g_autofree char *key = ferry_migrations_environment_key (ferry_sandbox_get_base_url (f.env.pair.prod));

      g_assert_cmpstr (g_hash_table_lookup (ferry_migration_monitor_get_environment_names (monitor), key),
                       ==, "Production");
    }

    /* An environment that goes: its records leave; what is left is what
     * the other one lists. */
    g_list_store_remove (later, 0);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_prod);
    g_list_store_remove (later, 0);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    g_signal_handlers_disconnect_by_data (model, &stream);
  }
}

/* A window that animates and draws slower than its frame rate (GL on a
 * software rasteriser, a spinner turning): a frame is always due at GTK's
 * redraw priority. */
typedef struct
{
  guint frames;
  guint source;
} SlowFrames;

static gboolean
slow_frame_cb (gpointer user_data)
{
  SlowFrames *frames = user_data;

  frames->frames++;
  g_usleep (20000);
  return G_SOURCE_CONTINUE;
}

/* Issue 11, finding 5: the listing ends, and feeds the model, while a
 * frame is always due (it timed out when the feed ran below the redraw
 * priority). A refresh then reads the lists again. */
static void
test_busy_redraw (void)
{
  SbtOptions dev = { .seed_migrations = 30 };
  SbtOptions prod = { .seed_migrations = 10 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  SlowFrames frames = { 0 };
  GListModel *model;
  guint n_listings;
  guint n_items;

  fixture_start (&f, &dev, &prod);
  frames.source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, slow_frame_cb, &frames, NULL);

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), NULL);
  ferry_migration_monitor_set_page_size (monitor, 4);
  model = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));
  g_assert_true (ferry_migration_monitor_get_loading (monitor));

  jtu_wait_until (monitor_settled, monitor, 20);
  n_items = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_items, >=, 30);

  /* Refresh reads both lists again and ends the same way. */
  n_listings = ferry_sandbox_get_request_count (f.env.pair.dev, "GET", "/api/migrations");
  ferry_migration_monitor_refresh (monitor);
  g_assert_true (ferry_migration_monitor_get_loading (monitor));
  jtu_wait_until (monitor_settled, monitor, 20);
  g_assert_cmpuint (ferry_sandbox_get_request_count (f.env.pair.dev, "GET", "/api/migrations"), >, n_listings);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_items);

  g_source_remove (frames.source);
}

/* What a listing's items-changed did, around the first 256 rows (as many
 * as a list view makes widgets for). */
typedef struct
{
  guint  changes_below;   /* items-changed while the list had < 256 rows */
  guint  max_added_below; /* the most rows one of them added */
  gint64 first_us;        /* when one first came with 256 rows or more */
  gint64 last_us;         /* the last one */
  guint  changes_above;   /* those with 256 rows or more before them */
} Changes;

static void
changes_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Changes    *changes)
{
  guint before = g_list_model_get_n_items (model) - added + removed;
  gint64 now = g_get_monotonic_time ();

  if (before < 256)
    {
      changes->changes_below++;
      changes->max_added_below = MAX (changes->max_added_below, added);
      return;
    }
  if (changes->first_us == 0)
    changes->first_us = now;
  changes->last_us = now;
  changes->changes_above++;
}

/* A monitor lists a server with N_SEEDED migrations, PAGE_SIZE a page (0:
 * the monitor's own), its list's changes noted in CHANGES; returns how many
 * rows it has once it settles. */
static guint
list_seeded (guint    n_seeded,
             guint    page_size,
             Changes *changes)
{
  SbtOptions dev = { .seed_migrations = n_seeded };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  GListModel *model;
  g_autoptr(GListStore) later = g_list_store_new (FERRY_TYPE_ENVIRONMENT);

  fixture_start (&f, &dev, NULL);
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (later), NULL);
  if (page_size > 0)
    ferry_migration_monitor_set_page_size (monitor, page_size);
  model = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));
  g_signal_connect (model, "items-changed", G_CALLBACK (changes_cb), changes);
  g_list_store_append (later, f.dev_env);
  jtu_wait_until (monitor_settled, monitor, 60);
  return g_list_model_get_n_items (model);
}

/* The first rows come 16 at a time until the list has as many as a list
 * view makes widgets for (each costs its widgets inside items-changed: a
 * first page of 1000 stalled a window 150 ms); the rest in larger batches.
 * Fails with one batch per helping from the start (a first change adds
 * the whole first page). */
static void
test_first_rows (void)
{
  Changes changes = { 0 };

  g_assert_cmpuint (list_seeded (600, 0, &changes), >=, 600);
  g_assert_cmpuint (changes.max_added_below, <=, 16);
  g_assert_cmpuint (changes.changes_below, >=, 256 / 16);
}

/* Past the first rows, what the helpings feed is shown in one change every
 * 100 ms at most (each costs the views a pass over every row), and all of
 * it in the end. Fails when each helping shows its rows (a change every
 * few milliseconds). */
static void
test_shown_in_batches (void)
{
  Changes changes = { 0 };
  guint allowed;

  g_assert_cmpuint (list_seeded (4000, 50, &changes), >=, 4000);
  /* One change when the 256th row comes, one at the end, and one for each
   * 100 ms in between. */
  allowed = 2 + (guint) ((changes.last_us - changes.first_us) / 100000);
  g_test_message ("%u changes in %.0f ms past the first rows (%u allowed)", changes.changes_above,
                  (changes.last_us - changes.first_us) / 1000.0, allowed);
  g_assert_cmpuint (changes.changes_above, >=, 1);
  g_assert_cmpuint (changes.changes_above, <=, allowed);
}

/* A refresh asked for while a listing runs is not lost: the listing may
 * have read the page of a record before the change the caller knows of
 * (the record renamed here), so another listing follows it. Fails when a
 * refresh during a listing does nothing (the name stays the old one). */
static void
test_refresh_during_listing (void)
{
  SbtOptions dev = { .seed_migrations = 300 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GListStore) later = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autoptr(SbtClient) admin = NULL;
  g_autoptr(SbtResponse) response = NULL;
  g_autoptr(FerryMigration) first = NULL;
  g_autofree char *path = NULL;
  FerryMigrationMonitorListing listing;
  GListModel *model;
  FerryMigration *m;

  fixture_start (&f, &dev, NULL);
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (later), NULL);
  model = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));
  g_list_store_append (later, f.dev_env);
  while (g_list_model_get_n_items (model) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.dev_env, &listing));
  g_assert_true (listing.listing);

  /* The newest (its page read already) renamed on the server, then a refresh. */
  first = g_list_model_get_item (model, 0);
  admin = sbt_client_new_login (ferry_sandbox_get_base_url (f.env.pair.dev), "administrator", "");
  path = g_strdup_printf ("/api/migrations/%s", ferry_migration_get_id (first));
  response = sbt_request (admin, "PATCH", path, "{\"packageInfo\":{\"name\":\"Renamed while listing\"}}", NULL);
  sbt_assert_status (response, 200);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.dev_env, &listing));
  g_assert_true (listing.listing);
  ferry_migration_monitor_refresh (monitor);

  jtu_wait_until (monitor_settled, monitor, 30);
  m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), ferry_migration_get_id (first));
  g_assert_nonnull (m);
  g_assert_cmpstr (ferry_migration_get_name (m), ==, "Renamed while listing");
}

/* Production's list fails (a proxy's 502 page): Development's records are
 * in, Production's listing says why; a refresh once it is back clears it. */
static void
test_errors (void)
{
  SbtOptions dev = { .seed_migrations = 6 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  FerryMigrationMonitorListing listing;
  g_autofree char *described = NULL;

  fixture_start (&f, &dev, NULL);
  ferry_sandbox_add_fault (f.env.pair.prod, "GET", "/api/migrations", 1000, FERRY_SANDBOX_FAULT_STATUS,
                           502, "text/html", "<html><title>Bad Gateway</title></html>", 0);

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), NULL);
  ferry_migration_monitor_set_page_size (monitor, 4);
  jtu_wait_until (monitor_settled, monitor, 30);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor))),
                    ==, 6);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.dev_env, &listing));
  g_assert_null (listing.error);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.prod_env, &listing));
  g_assert_true (listing.listed);
  g_assert_nonnull (listing.error);
  described = ferry_api_error_describe (listing.error);
  g_assert_nonnull (strstr (described, "502"));

  ferry_sandbox_clear_faults (f.env.pair.prod);
  ferry_migration_monitor_refresh (monitor);
  g_assert_true (ferry_migration_monitor_get_loading (monitor));
  jtu_wait_until (monitor_settled, monitor, 30);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.prod_env, &listing));
  g_assert_null (listing.error);

  /* Unreachable: the connection is dropped without an answer. */
  ferry_sandbox_add_fault (f.env.pair.prod, "GET", "/api/migrations", 1000, FERRY_SANDBOX_FAULT_DROP,
                           0, NULL, NULL, 0);
  ferry_migration_monitor_refresh (monitor);
  jtu_wait_until (monitor_settled, monitor, 60);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.prod_env, &listing));
  g_assert_nonnull (listing.error);
  g_assert_true (ferry_migration_monitor_get_listing (monitor, f.dev_env, &listing));
  g_assert_null (listing.error);
}

/* ------------------------------------------------------------------------ */
/* Polling                                                                    */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryMigrationMonitor *monitor;
  guint                  seen[8];
  guint                  n_seen;
} IntervalWatch;

static gboolean
interval_reached (gpointer data)
{
  IntervalWatch *watch = data;
  guint interval = ferry_migration_monitor_get_poll_interval (watch->monitor);

  if (interval != 0 && (watch->n_seen == 0 || watch->seen[watch->n_seen - 1] != interval) &&
      watch->n_seen < G_N_ELEMENTS (watch->seen))
    watch->seen[watch->n_seen++] = interval;
  return interval == 400;
}

/* Someone else's package that makes no progress (a day per object): read
 * again at 50, 100, 200, 400 ms, then every 400 ms; never driven. */
static void
test_back_off (void)
{
  SbtOptions dev = { .work_delay_ms = 100000 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GSettings) settings = memory_settings ();
  g_autofree char *id = NULL;
  IntervalWatch watch = { 0 };

  fixture_start (&f, &dev, NULL);
  id = create_elsewhere (&f, "A colleague's slow merge");

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  ferry_migration_monitor_set_poll_interval (monitor, 50, 400);
  watch.monitor = monitor;
  jtu_wait_until (interval_reached, &watch, 30);

  g_assert_cmpuint (watch.seen[0], ==, 50);
  g_assert_cmpuint (watch.seen[1], ==, 100);
  g_assert_cmpuint (watch.seen[2], ==, 200);
  g_assert_cmpuint (watch.seen[3], ==, 400);
  g_assert_cmpuint (watch.n_seen, ==, 4);   /* the fifth never comes: capped */
  jtu_spin (1500);
  interval_reached (&watch);
  g_assert_cmpuint (watch.n_seen, ==, 4);
  g_assert_cmpuint (ferry_migration_monitor_get_poll_interval (monitor), ==, 400);

  g_assert_cmpuint (ferry_migration_monitor_get_n_running (monitor), ==, 1);
  g_assert_null (ferry_migration_monitor_get_job (monitor, id));
  g_assert_false (ferry_migration_monitor_is_own (monitor, id));
  g_assert_false (settings_have (settings, id));
}

/* Someone else's merge, polled while its package is created, then left
 * alone: not imported, its import request pending, no job. */
static void
test_others_not_driven (void)
{
  SbtOptions dev = { .work_delay_ms = 5 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FerryMigration *m;

  fixture_start (&f, &dev, NULL);
  id = create_elsewhere (&f, "A colleague's merge");

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  jtu_wait_until (status_is, &(StatusWait) { monitor, id, "creating", NULL }, 10);
  jtu_wait_until (something_running, monitor, 5);
  g_assert_cmpuint (ferry_migration_monitor_get_n_running (monitor), ==, 1);
  g_assert_null (ferry_migration_monitor_get_job (monitor, id));

  /* Read again until the server is done... */
  jtu_wait_until (status_is, &(StatusWait) { monitor, id, "created", NULL }, 30);
  jtu_wait_until (nothing_running, monitor, 5);
  /* ...and then nothing more happens to it. */
  jtu_spin (2500);
  g_assert_null (ferry_migration_monitor_get_job (monitor, id));
  g_assert_false (ferry_migration_monitor_is_own (monitor, id));
  record = jtu_get_migration (f.env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.importRequestStatus"), ==, "pending");
  m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), id);
  g_assert_nonnull (m);
  g_assert_cmpstr (ferry_migration_get_name (m), ==, "A colleague's merge");
  g_assert_cmpstr (ferry_migration_get_creator_name (m), ==, "Migrator");
  g_assert_false (ferry_library_status_is (ferry_migration_get_import_status (m), "imported"));
  g_assert_cmpuint (ferry_migration_monitor_get_poll_interval (monitor), ==, 0);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *started;
  GPtrArray *finished;
  guint      max_running;
} JobLog;

static void
job_started_cb (FerryMigrationMonitor *monitor,
                FerryJob              *job,
                JobLog                *log)
{
  g_ptr_array_add (log->started, g_object_ref (job));
}

static void
job_finished_cb (FerryMigrationMonitor *monitor,
                 FerryJob              *job,
                 JobLog                *log)
{
  g_ptr_array_add (log->finished, g_object_ref (job));
}

static void
n_running_cb (FerryMigrationMonitor *monitor,
              GParamSpec            *pspec,
              JobLog                *log)
{
  log->max_running = MAX (log->max_running, ferry_migration_monitor_get_n_running (monitor));
}

/* A merge run through the monitor: one job per id (a second job on the
 * same id is not run, get_job gives the first), n-running while it runs,
 * the id remembered until it succeeds, one "job-finished". */
static void
test_one_job_per_id (void)
{
  SbtOptions dev = { .work_delay_ms = 2 };
  SbtOptions prod = { .work_delay_ms = 4 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(JsonNode) merge = jtu_spec_merge_settings ();
  FerryMigrationSpec spec;
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) second = NULL;
  JobLog log = { g_ptr_array_new_with_free_func (g_object_unref),
                 g_ptr_array_new_with_free_func (g_object_unref), 0 };
  const char *id;

  fixture_start (&f, &dev, &prod);
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  g_signal_connect (monitor, "job-started", G_CALLBACK (job_started_cb), &log);
  g_signal_connect (monitor, "job-finished", G_CALLBACK (job_finished_cb), &log);
  g_signal_connect (monitor, "notify::n-running", G_CALLBACK (n_running_cb), &log);
  jtu_wait_until (monitor_settled, monitor, 30);

  spec = jtu_spec (&f.env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Merge through the monitor", merge, NULL);
  job = ferry_migration_job_new (f.dev, f.prod, &spec);
  ferry_migration_monitor_run_job (monitor, job);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_RUNNING);
  /* Run twice: still one job. */
  ferry_migration_monitor_run_job (monitor, job);
  g_assert_cmpuint (log.started->len, ==, 1);

  jtu_wait_until (job_has_id, job, 30);
  id = ferry_job_get_migration_id (job);
  g_assert_true (ferry_migration_monitor_get_job (monitor, id) == job);
  g_assert_true (ferry_migration_monitor_is_own (monitor, id));
  g_assert_true (settings_have (settings, id));

  second = ferry_migration_job_new_resume (f.dev, f.prod, id);
  ferry_migration_monitor_run_job (monitor, second);
  g_assert_cmpint (ferry_job_get_state (second), ==, FERRY_JOB_STATE_READY);
  g_assert_true (ferry_migration_monitor_get_job (monitor, id) == job);
  g_assert_cmpuint (log.started->len, ==, 1);

  jtu_wait_until (job_over, job, 120);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_assert_cmpuint (log.max_running, ==, 1);
  jtu_wait_until (nothing_running, monitor, 5);
  jtu_spin (200);
  g_assert_cmpuint (log.finished->len, ==, 1);
  g_assert_true (g_ptr_array_index (log.finished, 0) == job);
  g_assert_null (ferry_migration_monitor_get_job (monitor, id));
  g_assert_false (settings_have (settings, id));
  g_assert_true (status_is (&(StatusWait) { monitor, id, NULL, "imported" }));

  g_signal_handlers_disconnect_by_data (monitor, &log);
  g_ptr_array_unref (log.started);
  g_ptr_array_unref (log.finished);
}

/* A merge started, the first monitor gone mid-import (the application
 * quit: its job is cancelled, the servers' work goes on), a NEW monitor
 * over the same settings: it picks the migration up and drives it to
 * imported, then forgets it. */
static void
test_restart (void)
{
  SbtOptions dev = { .work_delay_ms = 3 };
  SbtOptions prod = { .work_delay_ms = 20 };
  Fixture f;
  FerryMigrationMonitor *first;
  g_autoptr(FerryMigrationMonitor) second = NULL;
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(JsonNode) merge = jtu_spec_merge_settings ();
  FerryMigrationSpec spec;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *id = NULL;
  FerryJob *resumed;

  fixture_start (&f, &dev, &prod);
  first = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  jtu_wait_until (monitor_settled, first, 30);

  spec = jtu_spec (&f.env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Merge across a restart", merge, NULL);
  job = ferry_migration_job_new (f.dev, f.prod, &spec);
  ferry_migration_monitor_run_job (first, job);
  jtu_wait_until (job_has_id, job, 30);
  id = g_strdup (ferry_job_get_migration_id (job));
  jtu_wait_until (status_is, &(StatusWait) { first, id, NULL, "importing" }, 60);

  /* Killed mid-import. */
  g_object_unref (first);
  jtu_wait_until (job_over, job, 5);
  g_assert_cmpint (ferry_job_get_state (job), ==, FERRY_JOB_STATE_CANCELLED);
  g_assert_true (settings_have (settings, id));

  /* Started again. */
  second = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  g_assert_true (ferry_migration_monitor_is_own (second, id));
  g_assert_null (ferry_migration_monitor_get_job (second, id));
  jtu_wait_until (job_for_id, &(TocWait) { second, id }, 30);
  g_assert_true (ferry_migration_monitor_get_listed (second));
  g_assert_cmpuint (ferry_migration_monitor_get_n_running (second), ==, 1);
  resumed = ferry_migration_monitor_get_job (second, id);
  g_assert_nonnull (resumed);
  g_assert_true (resumed != job);
  g_assert_true (FERRY_IS_MIGRATION_JOB (resumed));
  g_object_ref (resumed);
  jtu_wait_until (status_is, &(StatusWait) { second, id, NULL, "imported" }, 120);
  jtu_wait_until (job_over, resumed, 30);
  g_assert_cmpint (ferry_job_get_state (resumed), ==, FERRY_JOB_STATE_SUCCEEDED);
  g_object_unref (resumed);
  jtu_wait_until (nothing_running, second, 5);
  g_assert_null (ferry_migration_monitor_get_job (second, id));
  g_assert_false (settings_have (settings, id));

  /* The target's record says so too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) record = jtu_get_migration (f.env.prod, id, FERRY_SHOW_CONTENT_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (ferry_library_status_is (ferry_library_record_get_string (record, "importInfo.status"),
                                            "imported"));
  }
}

/* Someone else's migration taken over (as the benchmark does): from then
 * on it counts as started here, and auto-resume drives it through the
 * request, the approval and the import; once imported it is forgotten. */
static void
test_take_over (void)
{
  SbtOptions dev = { 0 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GSettings) settings = memory_settings ();
  g_autofree char *id = NULL;

  fixture_start (&f, &dev, NULL);
  id = create_elsewhere (&f, "Taken over");
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), settings);
  jtu_wait_until (status_is, &(StatusWait) { monitor, id, "created", NULL }, 30);
  jtu_spin (300);
  g_assert_null (ferry_migration_monitor_get_job (monitor, id));

  ferry_migration_monitor_take_over (monitor, id);
  g_assert_true (ferry_migration_monitor_is_own (monitor, id));
  g_assert_true (settings_have (settings, id));
  jtu_wait_until (status_is, &(StatusWait) { monitor, id, NULL, "imported" }, 60);
  jtu_wait_until (nothing_running, monitor, 10);
  g_assert_false (settings_have (settings, id));
  g_assert_false (ferry_migration_monitor_is_own (monitor, id));
}

/* Request, approve and reject over the monitor (PATCH on the source), and
 * the tocView read once. */
static void
test_requests (void)
{
  SbtOptions dev = { 0 };
  Fixture f;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  FerryMigration *m;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture_start (&f, &dev, NULL);
  id = create_elsewhere (&f, "To approve");
  other = create_elsewhere (&f, "To reject");
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (f.environments), NULL);
  jtu_wait_until (status_is, &(StatusWait) { monitor, id, "created", NULL }, 30);
  jtu_wait_until (status_is, &(StatusWait) { monitor, other, "created", NULL }, 30);
  m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), id);

  ferry_migration_monitor_set_import_request_async (monitor, m, FERRY_REQUEST_STATUS_REQUESTED, NULL,
                                                    jtu_result_cb, &result);
  g_assert_true (ferry_migration_monitor_get_updating (monitor, id));
  g_assert_true (ferry_migration_monitor_set_import_request_finish (monitor, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_false (ferry_migration_monitor_get_updating (monitor, id));
  g_assert_true (ferry_library_status_is (ferry_migration_get_import_request_status (m), "requested"));
  g_clear_object (&result);

  ferry_migration_monitor_set_import_request_async (monitor, m, FERRY_REQUEST_STATUS_APPROVED, NULL,
                                                    jtu_result_cb, &result);
  g_assert_true (ferry_migration_monitor_set_import_request_finish (monitor, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (ferry_library_status_is (ferry_migration_get_import_request_status (m), "approved"));
  g_clear_object (&result);

  /* Approved twice: the server says no, and the monitor keeps why. */
  ferry_migration_monitor_set_import_request_async (monitor, m, FERRY_REQUEST_STATUS_REQUESTED, NULL,
                                                    jtu_result_cb, &result);
  g_assert_false (ferry_migration_monitor_set_import_request_finish (monitor, jtu_wait_result (&result), &error));
  g_assert_nonnull (error);
  g_assert_nonnull (ferry_migration_monitor_get_last_error (monitor, id));
  g_clear_error (&error);
  g_clear_object (&result);

  m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), other);
  ferry_migration_monitor_set_import_request_async (monitor, m, FERRY_REQUEST_STATUS_REQUESTED, NULL,
                                                    jtu_result_cb, &result);
  g_assert_true (ferry_migration_monitor_set_import_request_finish (monitor, jtu_wait_result (&result), &error));
  g_clear_object (&result);
  ferry_migration_monitor_set_import_request_async (monitor, m, FERRY_REQUEST_STATUS_REJECTED, NULL,
                                                    jtu_result_cb, &result);
  g_assert_true (ferry_migration_monitor_set_import_request_finish (monitor, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (ferry_library_status_is (ferry_migration_get_import_request_status (m), "rejected"));

  /* The tocView: fetched once, then kept. */
  g_assert_false (ferry_migration_monitor_get_toc_view_fetching (monitor, other, NULL));
  ferry_migration_monitor_fetch_toc_view (monitor, m);
  if (ferry_migration_monitor_get_toc_view (monitor, other) == NULL)
    {
      const char *message = NULL;

      g_assert_true (ferry_migration_monitor_get_toc_view_fetching (monitor, other, &message));
      g_assert_null (message);
      jtu_wait_until (toc_view_read, &(TocWait) { monitor, other }, 30);
    }
  g_assert_false (ferry_migration_monitor_get_toc_view_fetching (monitor, other, NULL));
  /* The merge's settings (spec step 1) came with it. */
  g_assert_nonnull (ferry_json_get_object (ferry_migration_monitor_get_toc_view (monitor, other), "settings"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-monitor/pager", test_pager);
  g_test_add_func ("/migration-monitor/pager-in-flight", test_pager_in_flight);
  g_test_add_func ("/migration-monitor/two-sandboxes", test_two_sandboxes);
  g_test_add_func ("/migration-monitor/errors", test_errors);
  g_test_add_func ("/migration-monitor/busy-redraw", test_busy_redraw);
  g_test_add_func ("/migration-monitor/first-rows", test_first_rows);
  g_test_add_func ("/migration-monitor/shown-in-batches", test_shown_in_batches);
  g_test_add_func ("/migration-monitor/refresh-during-listing", test_refresh_during_listing);
  g_test_add_func ("/migration-monitor/back-off", test_back_off);
  g_test_add_func ("/migration-monitor/others-not-driven", test_others_not_driven);
  g_test_add_func ("/migration-monitor/one-job-per-id", test_one_job_per_id);
  g_test_add_func ("/migration-monitor/restart", test_restart);
  g_test_add_func ("/migration-monitor/take-over", test_take_over);
  g_test_add_func ("/migration-monitor/requests", test_requests);

  return g_test_run ();
}
