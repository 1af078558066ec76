/* test-kill-recovery.c: kill -9 at every step of create, import and undo;
 * after a restart the record and the target always agree, a retry
 * completes, and undo restores exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The target (and, in one case, the source) runs as a ferry-sandbox
 * subprocess with FERRY_SANDBOX_CRASH_AT=<point>:<n>, which makes it kill
 * itself with SIGKILL the n-th time it reaches the point: every commit of
 * the workflow is hit deterministically, before its journal entry is
 * queued, half written, written and synced. The state is then opened by an
 * in-process sandbox, which reads its objects directly.
 */

#include <signal.h>
#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

typedef struct
{
  FerrySandbox *dev;
  SbtClient    *dev_client;
  char         *shared;
  JsonNode     *before;       /* the target's objects before any import */
  char         *put_body;     /* PUT body of the approved migration */
  char         *id;
  char         *path;
} Fixture;

static JsonNode *
merge_body (const char *src,
            const char *tgt)
{
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");

  return sbt_migration_body (src, tgt, "project_merge", "project", P, settings, NULL);
}

/* A fresh target state seeded with tutorial-prod; its objects. */
static char *
seed_target (Fixture *f)
{
  g_autofree char *state = sbt_make_tmp_dir ();
  SbtOptions options = { .state_dir = state, .seed = "tutorial-prod", .name = "Production",
                         .shared_storage = f->shared };
  FerrySandbox *sb = sbt_sandbox_start (&options);

  if (f->before == NULL)
    f->before = ferry_sandbox_dup_objects (sb, P);
  ferry_sandbox_stop (sb);
  return g_steal_pointer (&state);
}

static void
fixture_init (Fixture *f)
{
  SbtOptions dev_options = { .seed = "tutorial-dev", .name = "Development" };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(SbtResponse) all = NULL;
  g_autofree char *state = NULL;

  memset (f, 0, sizeof *f);
  f->shared = sbt_make_tmp_dir ();
  dev_options.shared_storage = f->shared;
  f->dev = sbt_sandbox_start (&dev_options);
  f->dev_client = sbt_client_new_admin (f->dev);
  state = seed_target (f);

  body = merge_body (ferry_sandbox_get_base_url (f->dev), "http://127.0.0.1:1/MicroStrategyLibrary");
  f->id = sbt_migration_create (f->dev_client, P, body, NULL);
  sbt_migration_approve (f->dev_client, f->id);
  f->path = g_strdup_printf ("/api/migrations/%s", f->id);
  {
    g_autofree char *path_all = g_strdup_printf ("/api/migrations/%s?showContent=all", f->id);

    all = sbt_request (f->dev_client, "GET", path_all, NULL, NULL);
  }
  sbt_assert_status (all, 200);
  json_object_set_boolean_member (json_node_get_object (sbt_json_get (all->json, "packageInfo")),
                                  "replicated", TRUE);
  f->put_body = json_to_string (all->json, FALSE);
}

static void
fixture_clear (Fixture *f)
{
  g_clear_pointer (&f->dev_client, sbt_client_free);
  g_clear_pointer (&f->before, json_node_unref);
  g_free (f->put_body);
  g_free (f->id);
  g_free (f->path);
  g_free (f->shared);
}

/* Polls PATH until importInfo.status is not STATUS; NULL when the server
 * went away. */
static JsonNode *
wait_past (SbtClient  *c,
           const char *path,
           const char *status)
{
  for (guint i = 0; i < 6000; i++)
    {
      g_autoptr(SbtResponse) r = sbt_request (c, "GET", path, NULL, NULL);

      if (r->status != 200)
        return NULL;
      if (g_strcmp0 (sbt_json_get_string (r->json, "importInfo.status"), status) != 0)
        return json_node_ref (r->json);
      g_usleep (5 * 1000);
    }
  g_assert_not_reached ();
}

static gboolean
patch_undo (SbtClient  *c,
            const char *path,
            const char *value)
{
  g_autofree char *body = g_strdup_printf ("{\"importInfo\":{\"undoRequestStatus\":\"%s\"}}", value);
  g_autoptr(SbtResponse) r = sbt_request (c, "PATCH", path, body,
                                          "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  return r->status == 200;
}

/* Import then undo on a target that may die at any step; FALSE once it
 * did (a transport error). */
static gboolean
workflow (Fixture   *f,
          SbtClient *tgt)
{
  g_autoptr(SbtResponse) put = sbt_request (tgt, "PUT", f->path, f->put_body,
                                            "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  g_autoptr(JsonNode) done = NULL;
  g_autoptr(JsonNode) undone = NULL;

  if (put->status != 202)
    return FALSE;
  done = wait_past (tgt, f->path, "importing");
  if (done == NULL)
    return FALSE;
  g_assert_cmpstr (sbt_json_get_string (done, "importInfo.status"), ==, "imported");
  if (!patch_undo (tgt, f->path, "requested") || !patch_undo (tgt, f->path, "approved"))
    return FALSE;
  undone = wait_past (tgt, f->path, "undoing");
  if (undone == NULL)
    return FALSE;
  g_assert_cmpstr (sbt_json_get_string (undone, "importInfo.status"), ==, "undo_success");
  return TRUE;
}

/* The restarted target: its record agrees with its objects; the retry
 * (import again when it did not happen, then undo) ends exactly where the
 * target started. */
static void
check_and_finish (Fixture    *f,
                  const char *state,
                  const char *what)
{
  SbtOptions options = { .state_dir = state, .seed = "empty", .name = "Production",
                         .shared_storage = f->shared };
  FerrySandbox *sb = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) tgt = sbt_client_new_admin (sb);
  g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", f->path, NULL, NULL);
  g_autoptr(JsonNode) now = ferry_sandbox_dup_objects (sb, P);
  g_autoptr(JsonNode) end = NULL;
  const char *status = r->status == 200 ? sbt_json_get_string (r->json, "importInfo.status") : NULL;
  gboolean imported;

  g_test_message ("%s: after the kill the record is %s", what, status != NULL ? status : "(absent)");
  if (status == NULL)
    sbt_assert_error (r, 404, "ERR004");

  imported = g_strcmp0 (status, "imported") == 0 || g_strcmp0 (status, "undo_failed") == 0;
  if (imported)
    g_assert_cmpuint (sbt_count_changed (f->before, now), >, 0);
  else
    {
      /* absent, import_failed or undo_success: the target as before */
      g_assert_true (status == NULL || g_str_equal (status, "import_failed") ||
                     g_str_equal (status, "undo_success"));
      sbt_assert_same_objects (f->before, now);
    }

  if (status == NULL || g_str_equal (status, "import_failed"))
    {
      g_autoptr(SbtResponse) put = sbt_request (tgt, "PUT", f->path, f->put_body,
                                                "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
      g_autoptr(JsonNode) done = NULL;

      g_assert_true (put->status == 201 || put->status == 202);
      done = sbt_wait_for (tgt, f->path, "importInfo.status", "imported", "import_failed", NULL);
      g_assert_cmpstr (sbt_json_get_string (done, "importInfo.status"), ==, "imported");
      imported = TRUE;
    }
  if (imported)
    {
      g_autoptr(JsonNode) u = sbt_migration_undo (tgt, f->id, P);

      g_assert_cmpstr (sbt_json_get_string (u, "importInfo.status"), ==, "undo_success");
    }
  end = ferry_sandbox_dup_objects (sb, P);
  sbt_assert_same_objects (f->before, end);
  sbt_assert_json_equal (f->before, end);
}

static void
run_with_crash (Fixture    *f,
                const char *point,
                guint       n)
{
  g_autofree char *state = seed_target (f);
  g_autofree char *crash = g_strdup_printf ("%s:%u", point, n);
  g_autoptr(SbtProcess) target = NULL;
  g_autoptr(SbtClient) tgt = NULL;
  gboolean finished;

  g_setenv ("FERRY_SANDBOX_CRASH_AT", crash, TRUE);
  target = sbt_process_start (state, f->shared, NULL, "--name", "Production", NULL);
  g_unsetenv ("FERRY_SANDBOX_CRASH_AT");
  tgt = sbt_client_new_login (target->base_url, "administrator", "");

  finished = workflow (f, tgt);
  g_test_message ("%s: workflow %s", crash, finished ? "finished (point not reached)" : "cut by the kill");
  sbt_process_kill (target);
  check_and_finish (f, state, crash);
}

static void
test_target_kills (void)
{
  static const struct { const char *point; guint max; } points[] = {
    { "commit", 5 },
    { "journal-torn", 5 },
    { "journal-written", 5 },
    { "journal-synced", 5 },
    { "undo-written", 1 },
  };
  Fixture f;

  fixture_init (&f);
  for (guint k = 0; k < G_N_ELEMENTS (points); k++)
    for (guint n = 1; n <= points[k].max; n++)
      run_with_crash (&f, points[k].point, n);
  fixture_clear (&f);
}

/* Killed while writing the new snapshot at start (after a finished
 * import): the next start replays the same journal and agrees. */
static void
test_kill_during_compaction (void)
{
  Fixture f;
  g_autofree char *state = NULL;

  fixture_init (&f);
  state = seed_target (&f);
  {
    g_autoptr(SbtProcess) target = sbt_process_start (state, f.shared, NULL, "--name", "Production", NULL);
    g_autoptr(SbtClient) tgt = sbt_client_new_login (target->base_url, "administrator", "");
    g_autoptr(SbtResponse) put = sbt_request (tgt, "PUT", f.path, f.put_body,
                                              "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
    g_autoptr(JsonNode) done = NULL;

    sbt_assert_status (put, 202);
    done = sbt_wait_for (tgt, f.path, "importInfo.status", "imported", "import_failed", NULL);
    g_assert_cmpstr (sbt_json_get_string (done, "importInfo.status"), ==, "imported");
    sbt_process_kill (target);
  }
  {
    const char *bin = g_getenv ("FERRY_SANDBOX_BIN");
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_autoptr(GSubprocess) p = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (bin);
    g_subprocess_launcher_setenv (launcher, "FERRY_SANDBOX_CRASH_AT", "compact", TRUE);
    p = g_subprocess_launcher_spawn (launcher, &error, bin, "--port", "0", "--state", state,
                                     "--shared-storage", f.shared, NULL);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait (p, NULL, &error));
    g_assert_true (g_subprocess_get_if_signaled (p));
    g_assert_cmpint (g_subprocess_get_term_sig (p), ==, SIGKILL);
  }
  check_and_finish (&f, state, "compact");
  fixture_clear (&f);
}

/* The source killed at each commit of a create: its record is absent,
 * create_failed or created, and a created package can be downloaded. */
static void
test_source_kills (void)
{
  for (guint n = 1; n <= 2; n++)
    for (guint w = 0; w < 2; w++)
      {
        g_autofree char *shared = sbt_make_tmp_dir ();
        g_autofree char *state = sbt_make_tmp_dir ();
        g_autofree char *crash = g_strdup_printf ("%s:%u", w == 0 ? "commit" : "journal-written", n);
        g_autofree char *id = NULL;

        {
          SbtOptions o = { .state_dir = state, .seed = "tutorial-dev", .name = "Development",
                           .shared_storage = shared };
          ferry_sandbox_stop (sbt_sandbox_start (&o));
        }
        {
          g_autoptr(SbtProcess) source = NULL;
          g_autoptr(SbtClient) src = NULL;
          g_autoptr(JsonNode) body = NULL;
          g_autoptr(SbtResponse) r = NULL;

          g_setenv ("FERRY_SANDBOX_CRASH_AT", crash, TRUE);
          source = sbt_process_start (state, shared, NULL, "--name", "Development", NULL);
          g_unsetenv ("FERRY_SANDBOX_CRASH_AT");
          src = sbt_client_new_login (source->base_url, "administrator", "");
          body = merge_body (source->base_url, "http://127.0.0.1:1/MicroStrategyLibrary");
          r = sbt_request_json (src, "POST", "/api/migrations", body, "X-MSTR-ProjectID", P, NULL);
          if (r->status == 201)
            {
              g_autofree char *path = NULL;

              id = g_strdup (sbt_json_get_string (r->json, "id"));
              path = g_strdup_printf ("/api/migrations/%s", id);
              for (guint i = 0; i < 2000; i++)
                {
                  g_autoptr(SbtResponse) g = sbt_request (src, "GET", path, NULL, NULL);

                  if (g->status != 200 ||
                      g_strcmp0 (sbt_json_get_string (g->json, "packageInfo.status"), "creating") != 0)
                    break;
                  g_usleep (5 * 1000);
                }
            }
          sbt_process_kill (source);
        }
        {
          SbtOptions o = { .state_dir = state, .seed = "empty", .name = "Development",
                           .shared_storage = shared };
          FerrySandbox *sb = sbt_sandbox_start (&o);
          g_autoptr(SbtClient) src = sbt_client_new_admin (sb);
          g_autoptr(SbtResponse) list =
            sbt_request (src, "GET", "/api/migrations?packageInfo.purpose=project_merge", NULL, NULL);
          JsonArray *data;

          sbt_assert_status (list, 200);
          data = json_node_get_array (sbt_json_get (list->json, "data"));
          g_assert_cmpuint (json_array_get_length (data), <=, 1);
          if (json_array_get_length (data) == 1)
            {
              JsonNode *m = json_array_get_element (data, 0);
              const char *status = sbt_json_get_string (m, "packageInfo.status");

              g_test_message ("%s: source record %s", crash, status);
              g_assert_true (g_str_equal (status, "created") || g_str_equal (status, "create_failed"));
              if (g_str_equal (status, "created"))
                {
                  g_auto(GStrv) halves = g_strsplit (sbt_json_get_string (m, "id"), ":", 2);
                  g_autofree char *bin = g_strdup_printf ("/api/migrations/packages/%s/binary", halves[0]);
                  g_autoptr(SbtResponse) b = sbt_request (src, "GET", bin, NULL, NULL);

                  sbt_assert_status (b, 200);
                  g_assert_cmpuint (g_bytes_get_size (b->body), >, 0);
                }
            }
          else
            g_test_message ("%s: no source record", crash);
        }
      }
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/reliability/kill/target", test_target_kills);
  g_test_add_func ("/reliability/kill/compaction", test_kill_during_compaction);
  g_test_add_func ("/reliability/kill/source", test_source_kills);

  return g_test_run ();
}
