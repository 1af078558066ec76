/* merge.c: what the client's own logic costs in a project merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two in-process sandboxes sharing storage — source seeded generated:N,
 * target seeded empty — and the project merge of
 * spec/project-merge-between-environments.md run twice per round, each time
 * on a fresh pair:
 *
 *   job   a FerryJob over two FerryConnections (the product's code path);
 *   raw   the same requests sent with plain libsoup, polling on the same
 *         schedule (FerryPollSchedule with the job's bounds), with no client
 *         logic at all.
 *
 * Reported per run: the wall time from the create request to the end; the
 * ratio job/raw (median of the rounds; target ≤ 1.10); and how long after
 * the server finished the import each client noticed it (server finish =
 * importInfo.lastUpdatedDate of the imported record, same clock: the
 * sandboxes run in this process).
 *
 *   bench-merge [N] [ROUNDS] [WORK_DELAY_MS]
 *
 * Reports merge.completion_lag (ms): the job's "noticed after", mean of the
 * rounds.
 *
 * (default 10000 objects, 3 rounds, and the sandboxes' own pace: no
 * "work-delay-ms"; with a delay of 1 ms per object each phase of the server's
 * work takes about N ms, so the polling schedule really backs off.)
 */

#include "config.h"

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "bench-util.h"
#include "ferry-core.h"
#include "ferry-sandbox.h"

#define PROJECT      "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define POLL_MIN_MS  100
#define POLL_MAX_MS  5000

typedef struct
{
  char         *dir;
  FerrySandbox *source;
  FerrySandbox *target;
} Pair;

typedef struct
{
  double seconds;       /* create request → import seen */
  double notice_ms;     /* import seen − server's lastUpdatedDate */
  double last_get_ms;   /* raw only: how long the server took to answer the last poll */
  guint  polls;
} Result;

static guint work_delay_ms;

static void
pair_start (Pair  *pair,
            guint  n)
{
  g_autofree char *storage = NULL;
  g_autofree char *source_state = NULL;
  g_autofree char *target_state = NULL;
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autoptr(GError) error = NULL;

  pair->dir = g_dir_make_tmp ("ferry-bench-merge-XXXXXX", NULL);
  storage = g_build_filename (pair->dir, "storage", NULL);
  source_state = g_build_filename (pair->dir, "source", NULL);
  target_state = g_build_filename (pair->dir, "target", NULL);
  g_mkdir_with_parents (storage, 0755);

  pair->source = ferry_sandbox_new (source_state, seed);
  g_object_set (pair->source, "shared-storage", storage, "name", "Development",
                "work-delay-ms", work_delay_ms, NULL);
  pair->target = ferry_sandbox_new (target_state, "empty");
  g_object_set (pair->target, "shared-storage", storage, "name", "Production",
                "work-delay-ms", work_delay_ms, NULL);
  if (!ferry_sandbox_start (pair->source, &error) || !ferry_sandbox_start (pair->target, &error))
    g_error ("%s", error->message);
}

static void
pair_stop (Pair *pair)
{
  ferry_sandbox_stop (pair->source);
  ferry_sandbox_stop (pair->target);
  g_clear_object (&pair->source);
  g_clear_object (&pair->target);
  bench_remove_tree (pair->dir);
  g_clear_pointer (&pair->dir, g_free);
}

/* The status reads of one run: GETs of the record on both servers, less
 * the one full read (showContent=all) on the source. */
static guint
polls_of (Pair *pair)
{
  return ferry_sandbox_get_request_count (pair->source, "GET", "/api/migrations/{id}") - 1 +
         ferry_sandbox_get_request_count (pair->target, "GET", "/api/migrations/{id}");
}

static double
real_ms_of (const char *timestamp)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (timestamp, NULL);

  if (date == NULL)
    g_error ("Not a timestamp: %s", timestamp);
  return g_date_time_to_unix (date) * 1000.0 + g_date_time_get_microsecond (date) / 1000.0;
}

/* ------------------------------------------------------------------------ */
/* Raw libsoup, the same requests and the same polling schedule               */
/* ------------------------------------------------------------------------ */

/* The answer to a request sent as FerryConnection sends it (Accept: JSON,
 * Prefer: respond-async where the job asks for it); aborts on a status
 * other than EXPECTED. */
static JsonNode *
raw_call (BenchClient *raw,
          const char  *method,
          const char  *path,
          const char  *project,
          gboolean     prefer_async,
          const char  *body,
          guint        expected)
{
  BenchRequestFlags flags = BENCH_REQUEST_ACCEPT_JSON | (prefer_async ? BENCH_REQUEST_PREFER_ASYNC : 0);
  g_autoptr(GBytes) reply = NULL;
  guint status;

  reply = bench_client_request (raw, method, path, project, flags, body, &status, NULL);
  if (status != expected)
    g_error ("%s %s: %u", method, path, status);
  return bench_json_from_bytes (reply);
}

static double
section_progress (JsonNode   *record,
                  const char *section)
{
  return ferry_json_get_double (ferry_json_get_object (json_node_get_object (record), section),
                                "progress", -1.0);
}

/* Polls PATH on RAW as the job does; returns the final record. */
static JsonNode *
raw_wait (BenchClient *raw,
          const char  *path,
          const char  *section,
          const char  *wanted,
          double       first_progress,
          double      *last_get_ms)
{
  FerryPollSchedule schedule;
  guint delay = POLL_MIN_MS;

  ferry_poll_schedule_init (&schedule, POLL_MIN_MS, POLL_MAX_MS);
  if (first_progress >= 0)
    ferry_poll_schedule_next (&schedule, first_progress, g_get_monotonic_time ());
  schedule.next_ms = POLL_MIN_MS;

  for (;;)
    {
      g_autoptr(JsonNode) record = NULL;
      const char *status;
      gint64 sent;

      g_usleep (delay * 1000);
      sent = g_get_monotonic_time ();
      record = raw_call (raw, "GET", path, NULL, FALSE, NULL, 200);
      *last_get_ms = bench_ms_since (sent);
      status = bench_record_string (record, section, "status");
      if (g_ascii_strcasecmp (status, wanted) == 0)
        return g_steal_pointer (&record);
      if (g_str_has_suffix (status, "failed"))
        g_error ("%s ended %s", section, status);
      delay = ferry_poll_schedule_next (&schedule, section_progress (record, section), g_get_monotonic_time ());
    }
}

static Result
run_raw (Pair *pair)
{
  BenchClient source = { 0 };
  BenchClient target = { 0 };
  g_autofree char *body = NULL;
  g_autofree char *get_path = NULL;
  g_autofree char *all_path = NULL;
  g_autofree char *put_path = NULL;
  g_autofree char *put_body = NULL;
  g_autofree char *source_env = g_strconcat (ferry_sandbox_get_base_url (pair->source), "/", NULL);
  g_autofree char *target_env = g_strconcat (ferry_sandbox_get_base_url (pair->target), "/", NULL);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) put = NULL;
  g_autoptr(JsonNode) imported = NULL;
  Result result = { 0 };
  gint64 start;
  double seen_ms;
  const char *id;

  bench_client_login (&source, ferry_sandbox_get_base_url (pair->source), BENCH_REQUEST_ACCEPT_JSON);
  bench_client_login (&target, ferry_sandbox_get_base_url (pair->target), BENCH_REQUEST_ACCEPT_JSON);
  body = g_strdup_printf ("{\"packageInfo\":{\"type\":\"project\",\"purpose\":\"project_merge\","
                          "\"name\":\"bench\",\"environment\":{\"id\":\"%s\",\"name\":\"Development\"},"
                          "\"project\":{\"id\":\"" PROJECT "\",\"name\":\"MicroStrategy Tutorial\"},"
                          "\"tocView\":{\"settings\":%s},\"treeView\":{}},"
                          "\"importInfo\":{\"environment\":{\"id\":\"%s\",\"name\":\"Production\"},"
                          "\"project\":{\"id\":\"" PROJECT "\",\"name\":\"MicroStrategy Tutorial\"}}}",
                          source_env, bench_merge_settings_json, target_env);

  start = g_get_monotonic_time ();
  created = raw_call (&source, "POST", "/api/migrations", PROJECT, TRUE, body, 201);
  id = json_object_get_string_member (json_node_get_object (created), "id");
  get_path = g_strdup_printf ("/api/migrations/%s?showContent=default", id);
  record = raw_wait (&source, get_path, "packageInfo", "created", section_progress (created, "packageInfo"),
                     &result.last_get_ms);

  put_path = g_strdup_printf ("/api/migrations/%s", id);
  json_node_unref (raw_call (&source, "PATCH", put_path, NULL, FALSE,
                             "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", 200));
  json_node_unref (raw_call (&source, "PATCH", put_path, NULL, FALSE,
                             "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}", 200));
  all_path = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
  full = raw_call (&source, "GET", all_path, NULL, FALSE, NULL, 200);
  json_object_set_boolean_member (json_object_get_object_member (json_node_get_object (full), "packageInfo"),
                                  "replicated", TRUE);
  put_body = json_to_string (full, FALSE);
  g_free (put_path);
  put_path = g_strdup_printf ("/api/migrations/%s?generateUndo=true", id);
  put = raw_call (&target, "PUT", put_path, PROJECT, TRUE, put_body, 202);
  imported = raw_wait (&target, get_path, "importInfo", "imported", section_progress (put, "importInfo"),
                       &result.last_get_ms);

  seen_ms = g_get_real_time () / 1000.0;
  result.seconds = bench_seconds_since (start);
  result.notice_ms = seen_ms - real_ms_of (bench_record_string (imported, "importInfo", "lastUpdatedDate"));

  bench_client_clear (&source);
  bench_client_clear (&target);
  return result;
}

/* ------------------------------------------------------------------------ */
/* The job                                                                    */
/* ------------------------------------------------------------------------ */

static FerryConnection *
connect_to (FerrySandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FerryConnection *connection;

  connection = ferry_connection_new (ferry_sandbox_get_base_url (sandbox), FERRY_LOGIN_MODE_STANDARD,
                                     "administrator", &error);
  ferry_connection_connect_async (connection, "", NULL, bench_result_cb, &result);
  if (!ferry_connection_connect_finish (connection, bench_wait_result (&result), &error))
    g_error ("%s", error->message);
  return connection;
}

static void
disconnect (FerryConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_connection_disconnect_async (connection, NULL, bench_result_cb, &result);
  ferry_connection_disconnect_finish (connection, bench_wait_result (&result), NULL);
  g_object_unref (connection);
}

static Result
run_job (Pair *pair)
{
  FerryConnection *source = connect_to (pair->source);
  FerryConnection *target = connect_to (pair->target);
  g_autoptr(JsonNode) settings = json_from_string (bench_merge_settings_json, NULL);
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryMigrationSpec spec = { 0 };
  Result outcome = { 0 };
  gint64 start;
  double seen_ms;
  GDateTime *finished;

  spec.purpose = FERRY_MIGRATION_PURPOSE_PROJECT_MERGE;
  spec.package_type = "project";
  spec.name = "bench";
  spec.source_environment_name = "Development";
  spec.source_project_id = PROJECT;
  spec.source_project_name = "MicroStrategy Tutorial";
  spec.target_environment_name = "Production";
  spec.target_project_id = PROJECT;
  spec.target_project_name = "MicroStrategy Tutorial";
  spec.settings = settings;

  job = ferry_migration_job_new (source, target, &spec);
  ferry_job_set_poll_interval (job, POLL_MIN_MS, POLL_MAX_MS);

  start = g_get_monotonic_time ();
  ferry_job_run_async (job, NULL, bench_result_cb, &result);
  bench_wait_result (&result);
  seen_ms = g_get_real_time () / 1000.0;
  outcome.seconds = bench_seconds_since (start);
  if (!ferry_job_run_finish (job, result, &error))
    g_error ("The job failed: %s", error->message);

  finished = ferry_migration_get_import_last_updated_date (ferry_job_get_migration (job));
  outcome.notice_ms = seen_ms - (g_date_time_to_unix (finished) * 1000.0 +
                                 g_date_time_get_microsecond (finished) / 1000.0);

  g_clear_object (&job);
  disconnect (source);
  disconnect (target);
  return outcome;
}

/* One run of RUN on a pair of its own, which is then stopped and removed. */
static Result
run_on_fresh_pair (Result (*run) (Pair *),
                   guint   n)
{
  Pair pair = { 0 };
  Result result;

  pair_start (&pair, n);
  result = run (&pair);
  result.polls = polls_of (&pair);
  pair_stop (&pair);
  return result;
}

int
main (int   argc,
      char *argv[])
{
  guint n = bench_arg_uint (argc, argv, 1, 10000);
  guint rounds = bench_arg_uint (argc, argv, 2, 3);
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  double job_total = 0, raw_total = 0, job_notice = 0, raw_notice = 0, job_notice_max = 0, raw_notice_max = 0;

  work_delay_ms = bench_arg_uint (argc, argv, 3, 0);
  rounds = MAX (rounds, 1);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  printf ("project merge of generated:%u into an empty project, %u rounds, work delay %u ms per object,"
          " polling %u ms → %u ms\n", n, rounds, work_delay_ms, POLL_MIN_MS, POLL_MAX_MS);
  printf ("%-6s %-4s %10s %7s %14s\n", "round", "run", "seconds", "polls", "noticed after");
  printf ("(noticed after: when the client saw \"imported\", less the server's importInfo.lastUpdatedDate;\n"
          " for raw, the server's own time to answer that last poll is shown in brackets)\n");

  for (guint round = 1; round <= rounds; round++)
    {
      Result raw, job;
      double ratio;

      /* Alternate the order, so neither side always runs on a warm page cache. */
      if (round % 2 == 1)
        {
          raw = run_on_fresh_pair (run_raw, n);
          job = run_on_fresh_pair (run_job, n);
        }
      else
        {
          job = run_on_fresh_pair (run_job, n);
          raw = run_on_fresh_pair (run_raw, n);
        }

      ratio = job.seconds / raw.seconds;
      g_array_append_val (ratios, ratio);
      job_total += job.seconds;
      raw_total += raw.seconds;
      job_notice += job.notice_ms;
      raw_notice += raw.notice_ms;
      job_notice_max = MAX (job_notice_max, job.notice_ms);
      raw_notice_max = MAX (raw_notice_max, raw.notice_ms);
      printf ("%-6u %-4s %10.3f %7u %11.0f ms   [%.0f ms]\n", round, "raw", raw.seconds, raw.polls,
              raw.notice_ms, raw.last_get_ms);
      printf ("%-6u %-4s %10.3f %7u %11.0f ms   ratio %.3f\n", round, "job", job.seconds, job.polls,
              job.notice_ms, ratio);
      fflush (stdout);
    }

  bench_sort_doubles ((double *) ratios->data, ratios->len);
  printf ("\nmean: raw %.3f s, job %.3f s; ratio job/raw: median %.3f (min %.3f, max %.3f), target ≤ 1.10\n",
          raw_total / rounds, job_total / rounds, g_array_index (ratios, double, rounds / 2),
          g_array_index (ratios, double, 0), g_array_index (ratios, double, rounds - 1));
  printf ("noticed after the server finished: job mean %.0f ms (max %.0f), raw mean %.0f ms (max %.0f)\n",
          job_notice / rounds, job_notice_max, raw_notice / rounds, raw_notice_max);
  /* The product's job: server finished (importInfo.lastUpdatedDate) → the
   * client saw "imported"; mean of the rounds (bench/run asks for one). */
  bench_report ("merge.completion_lag", job_notice / rounds, "ms");
  return 0;
}
