/* migrations-list.c: the Migrations page with ten thousand migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two in-process sandboxes sharing package storage: "Development" (seed
 * tutorial-dev) with N finished migration records (its "seed-migrations",
 * N = 10 000 by default), and "Production" (tutorial-prod) with a work
 * delay per object; both connected as administrator, and a
 * FerryMigrationsView in a window. Measured on the window's main loop:
 *
 *   (a) loading: from handing the view its environments until the first
 *       rows are visible (rows in the shown model and a frame painted after
 *       that), and until every record is in (the rest loads in the
 *       background); the longest main-loop stall meanwhile: the largest gap
 *       between two runs of a 1 ms timeout, and between two frame-clock
 *       ticks (a tick callback keeps the clock ticking; it draws
 *       nothing, so frames are painted only when the window changes, as
 *       in the application: an animation here, a spinner as before,
 *       would have the GL renderer draw the whole window 60 times a
 *       second on a software rasteriser, 0.5 s of the 100,000 rows);
 *
 *   (b) polling: 100 migrations are then started on Production (POST
 *       /api/migrations, object migrations of Year with its dependents,
 *       Production being source and target), so that 100 rows are "in
 *       progress" (package creating: WORK_DELAY_MS per object, one object
 *       a tick, so about 20 s at the default 1000 ms) among the
 *       ten thousand; the view
 *       is refreshed, picks them up and watches them: with "auto-resume"
 *       off it polls their records itself (GET /api/migrations/{id}, 1 s
 *       doubling to 10 s), with it on ("resume": the bench counts them as
 *       started from this computer, ferry_migrations_view_take_over(), as
 *       auto-resume drives only those) it resumes each one with a job
 *       (request, approve, import, all polling). The longest stall is
 *       measured over POLL_SECONDS, and the GETs the server answered are
 *       counted.
 *
 *   (c) teardown: "Development" (its N records) is removed from the
 *       environments, and the time until the list has dropped them (the
 *       call, then the main loop until it is idle) is measured; it is
 *       added back, loaded again, and the window (the view, its monitor
 *       and list with N + 100 rows) is destroyed: the time until that is
 *       done.
 *
 *   bench-migrations-list [N] [POLL_SECONDS] [WORK_DELAY_MS] [resume|poll]
 *       (defaults 10000, 20, 1000, poll)
 *
 * Needs a display (xvfb-run -a dbus-run-session -- …). Prints, for bench/run
 * (bench_report): migrations.first_rows (ms), migrations.all_rows (s),
 * migrations.stall_load (ms), migrations.stall_poll (ms),
 * migrations.teardown_env (ms), migrations.teardown_view (ms). Goals: all
 * rows within 2 s at 100 000, stalls within 16 ms (10 000 / 100 polled),
 * teardowns within 100 ms. Build with --buildtype=release for figures that
 * mean something.
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>

#include "bench-util.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define YEAR_ID     "8D679D5111D3E4981000E787EC6DE8A4"
#define N_RUNNING   100

typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  gint64 max_gap_end_us;   /* when the longest gap ended */
} GapMeter;

static FerryMigrationsView *view;
static GapMeter timeout_meter;
static GapMeter tick_meter;
static gboolean measuring;
static gint64 start_us;
static gint64 first_rows_us;
static gint64 first_painted_us;
static gint64 frame_start_us;
static gint64 max_frame_us;
static guint n_renders;

/* On stderr: when each phase starts, in CLOCK_MONOTONIC seconds (a
 * profiler's samples, `perf record -k CLOCK_MONOTONIC`, can be cut by it). */
static void
phase (const char *name)
{
  fprintf (stderr, "phase %s %.6f\n", name, g_get_monotonic_time () / 1e6);
}

static void
meter_reset (GapMeter *meter)
{
  meter->last_us = g_get_monotonic_time ();
  meter->max_gap_us = 0;
}

static void
meter_hit (GapMeter *meter)
{
  gint64 now = g_get_monotonic_time ();

  if (measuring && now - meter->last_us > meter->max_gap_us)
    {
      meter->max_gap_us = now - meter->last_us;
      meter->max_gap_end_us = now;
    }
  meter->last_us = now;
}

static gboolean
timeout_cb (gpointer data)
{
  meter_hit (&timeout_meter);
  return G_SOURCE_CONTINUE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  meter_hit (&tick_meter);
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  frame_start_us = g_get_monotonic_time ();
}

/* The window drawn (the frame clock also ticks without drawing anything,
 * for the tick callback): an emission hook of GdkSurface::render, as GTK's
 * own handler stops the signal. */
static gboolean
render_hook (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               data)
{
  n_renders++;
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (measuring && frame_start_us != 0)
    max_frame_us = MAX (max_frame_us, g_get_monotonic_time () - frame_start_us);
  /* A frame drawn with rows in the model: they are visible. */
  if (first_rows_us != 0 && first_painted_us == 0)
    first_painted_us = g_get_monotonic_time ();
}

static void
shown_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  if (first_rows_us == 0 && g_list_model_get_n_items (model) > 0)
    first_rows_us = g_get_monotonic_time ();
}

static void
spin_until_set (gpointer *slot,
                guint     timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  if (*slot == NULL)
    g_error ("Timed out");
}

/* Until SHOWN has N rows, the view is done loading and a frame was
 * painted with rows in it. */
static void
wait_loaded (GListModel *shown,
             guint       n)
{
  while (first_painted_us == 0 || ferry_migrations_view_get_loading (view) ||
         g_list_model_get_n_items (shown) < n)
    {
      g_main_context_iteration (NULL, TRUE);
      if (g_get_monotonic_time () - start_us > 120 * G_USEC_PER_SEC)
        g_error ("Loading took more than 2 minutes (%u rows)", g_list_model_get_n_items (shown));
    }
}

/* An environment of SANDBOX named NAME, connected as administrator. */
static FerryEnvironment *
connect_environment (const char   *name,
                     FerrySandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FerryEnvironment *environment;

  environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                       FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  ferry_environment_connect_async (environment, "", NULL, bench_result_cb, &result);
  spin_until_set ((gpointer *) &result, 30);
  if (!ferry_environment_connect_finish (environment, result, &error))
    g_error ("%s", error->message);
  return environment;
}

typedef struct
{
  guint    created;
  guint    failed;
  gboolean take_over;   /* "resume": as if started from this computer */
} CreateCount;

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CreateCount *count = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);

  if (record == NULL)
    {
      g_printerr ("create failed: %s\n", error->message);
      count->failed++;
    }
  else
    {
      count->created++;
      /* Auto-resume drives only migrations started from this computer. */
      if (count->take_over)
        ferry_migrations_view_take_over (view, ferry_library_record_get_string (record, "id"));
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 10000);
  guint poll_seconds = bench_arg_uint (argc, argv, 2, 20);
  guint work_delay = bench_arg_uint (argc, argv, 3, 1000);
  gboolean resume = argc > 4 && g_str_equal (argv[4], "resume");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *state = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *state2 = NULL;
  g_autoptr(FerrySandbox) sandbox = NULL;
  g_autoptr(FerrySandbox) production = NULL;
  g_autoptr(FerryEnvironment) environment = NULL;
  g_autoptr(FerryEnvironment) environment2 = NULL;
  g_autoptr(GListStore) environments = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GtkWidget *window;
  GListModel *shown;
  FerryConnection *connection;
  CreateCount count = { 0, 0, FALSE };
  gint64 loaded_us;
  gint64 load_timeout_gap;
  gint64 load_tick_gap;
  gint64 load_frame;
  guint load_renders;
  guint gets_before;
  guint gets_after;
  guint running_max = 0;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  /* The sandbox. */
  folder = g_dir_make_tmp ("ferry-bench-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (folder, "state", NULL);
  state2 = g_build_filename (folder, "state2", NULL);
  storage = g_build_filename (folder, "storage", NULL);
  g_mkdir_with_parents (state, 0700);
  g_mkdir_with_parents (state2, 0700);
  g_mkdir_with_parents (storage, 0700);
  sandbox = ferry_sandbox_new (state, "tutorial-dev");
  g_object_set (sandbox,
                "shared-storage", storage,
                "seed-migrations", n,
                "name", "Development",
                NULL);
  production = ferry_sandbox_new (state2, "tutorial-prod");
  g_object_set (production,
                "shared-storage", storage,
                "work-delay-ms", work_delay,
                "name", "Production",
                NULL);
  if (!ferry_sandbox_start (production, &error))
    g_error ("%s", error->message);
  {
    gint64 t = g_get_monotonic_time ();

    if (!ferry_sandbox_start (sandbox, &error))
      g_error ("%s", error->message);
    printf ("sandbox seeded with %u migrations in %.0f ms (not measured below)\n",
            n, bench_ms_since (t));
  }

  environment = connect_environment ("Development", sandbox);
  environment2 = connect_environment ("Production", production);
  connection = ferry_environment_get_connection (environment2);
  environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_list_store_append (environments, environment);
  g_list_store_append (environments, environment2);

  /* The window. */
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = FERRY_MIGRATIONS_VIEW (ferry_migrations_view_new ());
  ferry_migrations_view_set_auto_resume (view, resume);
  count.take_over = resume;
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  bench_spin_for (500);

  shown = ferry_migrations_view_get_shown (view);
  g_signal_connect (shown, "items-changed", G_CALLBACK (shown_changed_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "before-paint", G_CALLBACK (before_paint_cb), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), NULL);
  g_signal_add_emission_hook (g_signal_lookup ("render", GDK_TYPE_SURFACE), 0, render_hook, NULL, NULL);
  g_timeout_add_full (G_PRIORITY_HIGH, 1, timeout_cb, NULL, NULL);
  gtk_widget_add_tick_callback (window, tick_cb, NULL, NULL);

  /* (a) Loading. */
  meter_reset (&timeout_meter);
  meter_reset (&tick_meter);
  max_frame_us = 0;
  n_renders = 0;
  measuring = TRUE;
  phase ("load");
  start_us = g_get_monotonic_time ();
  ferry_migrations_view_set_environments (view, G_LIST_MODEL (environments));
  wait_loaded (shown, n);
  loaded_us = g_get_monotonic_time ();
  phase ("loaded");
  bench_spin_for (500);
  measuring = FALSE;
  load_timeout_gap = timeout_meter.max_gap_us;
  load_tick_gap = tick_meter.max_gap_us;
  load_frame = max_frame_us;
  load_renders = n_renders;

  printf ("\nloading %u migrations (%s)\n", n, resume ? "auto-resume on" : "auto-resume off");
  printf ("  first rows in the model:   %7.1f ms\n", (first_rows_us - start_us) / 1000.0);
  printf ("  first rows painted:        %7.1f ms   (target 500 ms)\n", (first_painted_us - start_us) / 1000.0);
  printf ("  all %u rows in:          %7.1f ms   (the rest loads in the background)\n",
          g_list_model_get_n_items (shown), (loaded_us - start_us) / 1000.0);
  printf ("  longest stall (1 ms timeout): %6.1f ms   (target 50 ms)\n", load_timeout_gap / 1000.0);
  fprintf (stderr, "stall load %.6f %.6f\n", (timeout_meter.max_gap_end_us - load_timeout_gap) / 1e6,
           timeout_meter.max_gap_end_us / 1e6);
  printf ("  longest stall (frame clock):  %6.1f ms\n", load_tick_gap / 1000.0);
  printf ("  longest frame (layout+paint): %6.1f ms\n", load_frame / 1000.0);
  printf ("  times the window was drawn:   %6u\n", load_renders);
  bench_report ("migrations.first_rows", (first_painted_us - start_us) / 1000.0, "ms");
  bench_report ("migrations.all_rows", (loaded_us - start_us) / 1e6, "s");
  bench_report ("migrations.stall_load", load_timeout_gap / 1000.0, "ms");

  /* (b) 100 migrations in progress. */
  json_parser_load_from_data (parser,
                              "{\"packageInfo\": {\"type\": \"project\", \"purpose\": \"object_migration\","
                              "  \"name\": \"Bench\", \"tocView\": {\"settings\": {\"defaultAction\": \"replace\","
                              "  \"aclOnReplacingObjects\": \"use_existing\", \"aclOnNewObjects\": [\"keep_acl_as_source_object\"]},"
                              "  \"content\": [{\"id\": \"" YEAR_ID "\", \"type\": 12, \"action\": \"replace\","
                              "  \"includeDependents\": true}]}}}",
                              -1, &error);
  g_assert_no_error (error);
  {
    g_autofree char *environment_id = ferry_connection_dup_environment_id (connection);

    for (guint i = 0; i < N_RUNNING; i++)
      {
        FerryMigrationSpec spec = { 0 };
        g_autofree char *name = g_strdup_printf ("In progress %03u", i + 1);
        JsonNode *toc = json_object_get_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                               "packageInfo"),
                                                "tocView");

        spec.purpose = FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
        spec.package_type = "project";
        spec.name = name;
        spec.source_environment_name = "Production";
        spec.source_project_id = TUTORIAL_ID;
        spec.source_project_name = "MicroStrategy Tutorial";
        spec.target_environment_id = environment_id;
        spec.target_environment_name = "Production";
        spec.target_project_id = TUTORIAL_ID;
        spec.target_project_name = "MicroStrategy Tutorial";
        spec.settings = json_object_get_member (json_node_get_object (toc), "settings");
        spec.content = json_object_get_member (json_node_get_object (toc), "content");
        ferry_library_create_migration_async (connection, &spec, NULL, created_cb, &count);
      }
  }
  while (count.created + count.failed < N_RUNNING)
    g_main_context_iteration (NULL, TRUE);

  gets_before = ferry_sandbox_get_request_count (production, "GET", "/api/migrations/{id}");
  meter_reset (&timeout_meter);
  meter_reset (&tick_meter);
  max_frame_us = 0;
  measuring = TRUE;
  start_us = g_get_monotonic_time ();
  phase ("poll");
  ferry_migrations_view_refresh (view);
  while (g_get_monotonic_time () - start_us < (gint64) poll_seconds * G_USEC_PER_SEC)
    {
      g_main_context_iteration (NULL, TRUE);
      running_max = MAX (running_max, ferry_migrations_view_get_n_running (view));
    }
  measuring = FALSE;
  gets_after = ferry_sandbox_get_request_count (production, "GET", "/api/migrations/{id}");

  printf ("\n%u migrations started (%u failed to start), watched for %u s (%s)\n",
          count.created, count.failed, poll_seconds,
          resume ? "resumed with jobs" : "polled by the view");
  printf ("  most in progress at once:     %u\n", running_max);
  printf ("  in progress at the end:       %u\n", ferry_migrations_view_get_n_running (view));
  printf ("  GET /api/migrations/{id}:     %u\n", gets_after - gets_before);
  printf ("  longest stall (1 ms timeout): %6.1f ms   (target 50 ms)\n", timeout_meter.max_gap_us / 1000.0);
  fprintf (stderr, "stall poll %.6f %.6f\n", (timeout_meter.max_gap_end_us - timeout_meter.max_gap_us) / 1e6,
           timeout_meter.max_gap_end_us / 1e6);
  printf ("  longest stall (frame clock):  %6.1f ms\n", tick_meter.max_gap_us / 1000.0);
  printf ("  longest frame (layout+paint): %6.1f ms\n", max_frame_us / 1000.0);
  bench_report ("migrations.stall_poll", timeout_meter.max_gap_us / 1000.0, "ms");

  /* (c) Teardown: an environment removed, then the view closed. */
  {
    guint before;
    gint64 t;
    double env_ms, view_ms;

    /* The refresh of (b) done: only the teardown is measured. */
    while (ferry_migrations_view_get_loading (view))
      g_main_context_iteration (NULL, TRUE);
    bench_spin_for (200);
    before = g_list_model_get_n_items (shown);
    bench_drain ();
    phase ("teardown-env");
    t = g_get_monotonic_time ();
    g_list_store_remove (environments, 0);
    printf ("\n  (the removal itself: %.1f ms)", bench_ms_since (t));
    bench_drain ();
    env_ms = bench_ms_since (t);
    phase ("reload");
    printf ("\nteardown\n");
    printf ("  Development removed (%u → %u rows): %7.1f ms   (target 100 ms)\n",
            before, g_list_model_get_n_items (shown), env_ms);
    bench_report ("migrations.teardown_env", env_ms, "ms");

    start_us = g_get_monotonic_time ();
    g_list_store_insert (environments, 0, environment);
    wait_loaded (shown, n);
    bench_spin_for (200);
    before = g_list_model_get_n_items (shown);

    bench_drain ();
    phase ("teardown-view");
    t = g_get_monotonic_time ();
    gtk_window_destroy (GTK_WINDOW (window));
    bench_drain ();
    view_ms = bench_ms_since (t);
    phase ("end");
    printf ("  window closed (%u rows):        %7.1f ms   (target 100 ms)\n", before, view_ms);
    bench_report ("migrations.teardown_view", view_ms, "ms");
  }
  ferry_environment_disconnect (environment);
  ferry_environment_disconnect (environment2);
  ferry_sandbox_stop (sandbox);
  ferry_sandbox_stop (production);
  bench_remove_tree (folder);
  return 0;
}
