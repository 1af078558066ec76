/* test-preflight.c: FerryPreflight against sandboxes set up to fail each
 * check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case asserts the state, message and action of the check that must
 * fail (or pass), "blocked-reason", "can-apply" / "can-request", and that
 * neither server received a request that creates or changes anything
 * (the sandboxes' request counters: no POST, PUT, PATCH or DELETE).
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-routes.h"
#include "jobs-test-util.h"

#define P JTU_PROJECT_ID

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

/* Every POST, PUT, PATCH and DELETE SANDBOX has answered. */
static guint
count_writes (FerrySandbox *sandbox)
{
  static const char *const methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  guint n = 0;

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      n += ferry_sandbox_get_request_count (sandbox, methods[m], "unknown");
      for (guint i = 0; i < sb_n_routes; i++)
        {
          const char *route = sb_routes[i].name != NULL ? sb_routes[i].name : sb_routes[i].pattern;

          if (g_hash_table_contains (seen, route))
            continue;
          g_hash_table_add (seen, (gpointer) route);
          n += ferry_sandbox_get_request_count (sandbox, methods[m], route);
        }
    }
  return n;
}

typedef struct
{
  FerrySandbox   *sandbox[2];
  guint           writes[2];
  FerryPreflight *preflight;
} Fixture;

static void
run_preflight (Fixture *f)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < 2; i++)
    f->writes[i] = f->sandbox[i] != NULL ? count_writes (f->sandbox[i]) : 0;

  ferry_preflight_run_async (f->preflight, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_preflight_get_running (f->preflight));
  g_assert_null (ferry_preflight_get_blocked_reason (f->preflight));
  jtu_wait_result (&result);
  ok = ferry_preflight_run_finish (f->preflight, result, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_false (ferry_preflight_get_running (f->preflight));

  /* Nothing was created or changed on either server. */
  for (guint i = 0; i < 2; i++)
    if (f->sandbox[i] != NULL)
      g_assert_cmpuint (count_writes (f->sandbox[i]), ==, f->writes[i]);
}

/* The check titled TITLE (asserted present). */
static FerryPreflightCheck *
find_check (FerryPreflight *preflight,
            const char     *title)
{
  GListModel *checks = ferry_preflight_get_checks (preflight);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);

      if (g_strcmp0 (ferry_preflight_check_get_title (check), title) == 0)
        return check;   /* the list keeps it alive */
    }
  g_error ("no check titled “%s”", title);
  return NULL;
}

static void
assert_check (FerryPreflight      *preflight,
              const char          *title,
              FerryPreflightState  state,
              const char          *message_part,
              const char          *action)
{
  FerryPreflightCheck *check = find_check (preflight, title);

  g_assert_cmpint (ferry_preflight_check_get_state (check), ==, state);
  if (message_part != NULL)
    g_assert_nonnull (strstr (ferry_preflight_check_get_message (check), message_part));
  else
    g_assert_nonnull (ferry_preflight_check_get_message (check));
  g_assert_cmpstr (ferry_preflight_check_get_action (check), ==, action);
}

/* Every check but those named has passed. */
static void
assert_others_pass (FerryPreflight *preflight,
                    ...)
{
  GListModel *checks = ferry_preflight_get_checks (preflight);
  g_autoptr(GPtrArray) skip = g_ptr_array_new ();
  const char *title;
  va_list args;

  va_start (args, preflight);
  while ((title = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (skip, (gpointer) title);
  va_end (args);

  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);
      gboolean skipped = FALSE;

      for (guint j = 0; j < skip->len; j++)
        skipped |= g_str_equal (g_ptr_array_index (skip, j), ferry_preflight_check_get_title (check));
      if (skipped || g_str_equal (ferry_preflight_check_get_title (check), "Package size"))
        continue;
      if (ferry_preflight_check_get_state (check) != FERRY_PREFLIGHT_PASSED)
        g_error ("“%s” did not pass: %s", ferry_preflight_check_get_title (check),
                 ferry_preflight_check_get_message (check));
    }
}

static FerryPreflight *
new_merge (FerryConnection *source,
           FerryConnection *target,
           const char      *target_project)
{
  return ferry_preflight_new (source, "Development", target, "Production", "project",
                              FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, P, target_project);
}

/* ------------------------------------------------------------------------ */
/* Cases                                                                      */
/* ------------------------------------------------------------------------ */

/* Administrator on two sandboxes: every check passes; the size check
 * follows the size. */
static void
test_all_green (void)
{
  JtuEnv env;
  Fixture f = { 0 };
  GListModel *checks;

  jtu_env_start (&env, 0, 0);
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  /* The counters see writes: the logins were POSTs. */
  g_assert_cmpuint (count_writes (env.pair.dev), >, 0);
  f.preflight = new_merge (env.dev, env.prod, P);
  checks = ferry_preflight_get_checks (f.preflight);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 8);

  run_preflight (&f);
  assert_others_pass (f.preflight, NULL);
  assert_check (f.preflight, "Privileges on Production", FERRY_PREFLIGHT_PASSED,
                "may approve and import packages on Production", NULL);
  assert_check (f.preflight, "Clock difference", FERRY_PREFLIGHT_PASSED, "agree", NULL);
  assert_check (f.preflight, "Project on Production", FERRY_PREFLIGHT_PASSED, "MicroStrategy Tutorial", NULL);
  /* Unknown size: a note, not a block */
  assert_check (f.preflight, "Package size", FERRY_PREFLIGHT_NOTE, "once the package is created", NULL);
  g_assert_null (ferry_preflight_get_blocked_reason (f.preflight));
  g_assert_true (ferry_preflight_get_can_apply (f.preflight));
  g_assert_true (ferry_preflight_get_can_request (f.preflight));

  /* The size, once known */
  ferry_preflight_set_package_size (f.preflight, 10 * 1024 * 1024);
  assert_check (f.preflight, "Package size", FERRY_PREFLIGHT_PASSED, "within the limit of 2 GB", NULL);
  g_assert_null (ferry_preflight_get_blocked_reason (f.preflight));
  ferry_preflight_set_package_size (f.preflight, FERRY_PREFLIGHT_MAX_PACKAGE_BYTES + 1);
  assert_check (f.preflight, "Package size", FERRY_PREFLIGHT_FAILED, "more than the limit of 2 GB",
                "Split the migration into smaller ones, each under 2 GB.");
  g_assert_cmpstr (ferry_preflight_get_blocked_reason (f.preflight), ==,
                   ferry_preflight_check_get_message (find_check (f.preflight, "Package size")));

  /* Running again replaces the results (the size stays known) */
  run_preflight (&f);
  g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 8);
  assert_check (f.preflight, "Package size", FERRY_PREFLIGHT_FAILED, "more than the limit",
                "Split the migration into smaller ones, each under 2 GB.");
  g_object_unref (f.preflight);
}

/* analyst has no migration privilege: both privilege checks fail and
 * block. */
static void
test_analyst (void)
{
  JtuEnv env;
  Fixture f = { 0 };
  FerryConnection *dev;
  FerryConnection *prod;

  jtu_env_start (&env, 0, 0);
  dev = jtu_connect (env.pair.dev, "analyst", "analyst");
  prod = jtu_connect (env.pair.prod, "analyst", "analyst");
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (dev, prod, P);
  run_preflight (&f);

  assert_check (f.preflight, "Privileges on Development", FERRY_PREFLIGHT_FAILED,
                "analyst does not have the Create package privilege on Development.",
                "Ask an administrator of Development for the Create package privilege.");
  assert_check (f.preflight, "Privileges on Production", FERRY_PREFLIGHT_FAILED,
                "neither the Apply package nor the Create package privilege on Production",
                "Ask an administrator of Production for the Apply package privilege.");
  g_assert_cmpstr (ferry_preflight_get_blocked_reason (f.preflight), ==,
                   "analyst does not have the Create package privilege on Development.");
  g_assert_false (ferry_preflight_get_can_apply (f.preflight));
  g_assert_false (ferry_preflight_get_can_request (f.preflight));
  g_assert_false (ferry_preflight_get_request_only (f.preflight));
  {
    g_autofree char *wait = ferry_preflight_dup_wait_reason (f.preflight);

    g_assert_cmpstr (wait, ==, "analyst does not have the Create package privilege on Development.");
  }
  assert_others_pass (f.preflight, "Privileges on Development", "Privileges on Production", NULL);
  g_object_unref (f.preflight);
}

/* architect on the target may request the import only: a note, no block. */
static void
test_architect_target (void)
{
  JtuEnv env;
  Fixture f = { 0 };
  FerryConnection *prod;

  jtu_env_start (&env, 0, 0);
  prod = jtu_connect (env.pair.prod, "architect", "Arch1tect!");
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (env.dev, prod, P);
  run_preflight (&f);

  assert_check (f.preflight, "Privileges on Production", FERRY_PREFLIGHT_NOTE,
                "may request the import on Production, but not approve or apply it",
                "Create the package and request the import; an administrator of Production approves and imports it.");
  g_assert_null (ferry_preflight_get_blocked_reason (f.preflight));
  g_assert_false (ferry_preflight_get_can_apply (f.preflight));
  g_assert_true (ferry_preflight_get_can_request (f.preflight));
  g_assert_true (ferry_preflight_get_request_only (f.preflight));
  g_assert_null (ferry_preflight_dup_wait_reason (f.preflight));
  assert_others_pass (f.preflight, "Privileges on Production", NULL);
  g_object_unref (f.preflight);
}

/* A target without a Storage Service. */
static void
test_storage (void)
{
  JtuEnv env;
  Fixture f = { 0 };
  SbtOptions bare = { .seed = "tutorial-prod", .name = "Production" };
  FerrySandbox *prod_sandbox;
  FerryConnection *prod;

  jtu_env_start (&env, 0, 0);
  prod_sandbox = sbt_sandbox_start (&bare);
  prod = jtu_connect (prod_sandbox, "administrator", "");
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = prod_sandbox;
  f.preflight = new_merge (env.dev, prod, P);
  run_preflight (&f);

  assert_check (f.preflight, "Storage Service of Production", FERRY_PREFLIGHT_FAILED,
                "The Storage Service is not configured properly, please contact your administrator to configure Storage Service",
                "Ask an administrator of Production to configure the Storage Service.");
  g_assert_nonnull (strstr (ferry_preflight_get_blocked_reason (f.preflight), "Storage Service"));
  g_assert_true (ferry_preflight_get_can_apply (f.preflight));
  assert_others_pass (f.preflight, "Storage Service of Production", NULL);
  g_object_unref (f.preflight);
}

/* A source newer than the target. */
static void
test_version (void)
{
  JtuEnv env;
  Fixture f = { 0 };
  SbtOptions older = { .server_version = "11.3.1200" };

  jtu_env_start_full (&env, NULL, &older);
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (env.dev, env.prod, P);
  run_preflight (&f);

  assert_check (f.preflight, "Version direction", FERRY_PREFLIGHT_FAILED,
                "newer than Production (11.3.1200). A package created in a newer platform version cannot be imported into an older one.",
                "Upgrade Production to 11.4.1000 or later, or migrate from a server no newer than Production.");
  g_assert_nonnull (strstr (ferry_preflight_get_blocked_reason (f.preflight), "newer platform version"));
  assert_others_pass (f.preflight, "Version direction", NULL);
  g_object_unref (f.preflight);

  /* older → newer passes */
  f.preflight = new_merge (env.prod, env.dev, P);
  run_preflight (&f);
  assert_check (f.preflight, "Version direction", FERRY_PREFLIGHT_PASSED, "equal or newer version", NULL);
  g_object_unref (f.preflight);
}

/* Clocks ten minutes apart block; one minute apart passes. */
static void
test_clock (void)
{
  JtuEnv env;
  JtuEnv near;
  Fixture f = { 0 };
  SbtOptions ahead = { .clock_offset_s = 600 };
  SbtOptions minute = { .clock_offset_s = 60 };

  jtu_env_start_full (&env, NULL, &ahead);
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (env.dev, env.prod, P);
  run_preflight (&f);
  assert_check (f.preflight, "Clock difference", FERRY_PREFLIGHT_FAILED,
                "differ by about 10 minutes. The time difference between the source and target environments "
                "should be five minutes or less. Please modify the environment system time and try again.",
                "Ask the administrators of Development and Production to set their system time, for example with NTP.");
  g_assert_nonnull (strstr (ferry_preflight_get_blocked_reason (f.preflight), "five minutes or less"));
  assert_others_pass (f.preflight, "Clock difference", NULL);
  g_object_unref (f.preflight);

  jtu_env_start_full (&near, &minute, NULL);
  f.sandbox[0] = near.pair.dev;
  f.sandbox[1] = near.pair.prod;
  f.preflight = new_merge (near.dev, near.prod, P);
  run_preflight (&f);
  assert_check (f.preflight, "Clock difference", FERRY_PREFLIGHT_PASSED, "within five minutes", NULL);
  g_assert_null (ferry_preflight_get_blocked_reason (f.preflight));
  g_object_unref (f.preflight);
}

/* A target project that does not exist. */
static void
test_missing_project (void)
{
  JtuEnv env;
  Fixture f = { 0 };

  jtu_env_start (&env, 0, 0);
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (env.dev, env.prod, "0123456789ABCDEF0123456789ABCDEF");
  run_preflight (&f);
  assert_check (f.preflight, "Project on Production", FERRY_PREFLIGHT_FAILED,
                "The target project (0123456789ABCDEF0123456789ABCDEF) does not exist on Production.",
                "Choose a project that exists on Production, or ask its administrator to create it.");
  g_assert_cmpstr (ferry_preflight_get_blocked_reason (f.preflight), ==,
                   "The target project (0123456789ABCDEF0123456789ABCDEF) does not exist on Production.");
  assert_others_pass (f.preflight, "Project on Production", NULL);
  g_object_unref (f.preflight);
}

/* A server that cannot be reached fails its checks with the next action. */
static void
test_connection_error (void)
{
  JtuEnv env;
  Fixture f = { 0 };

  jtu_env_start (&env, 0, 0);
  f.sandbox[0] = env.pair.dev;
  f.sandbox[1] = env.pair.prod;
  f.preflight = new_merge (env.dev, env.prod, P);
  ferry_sandbox_add_fault (env.pair.prod, "GET", "/api/mstrServices", 10, FERRY_SANDBOX_FAULT_DROP,
                           0, NULL, NULL, 0);
  run_preflight (&f);
  assert_check (f.preflight, "Storage Service of Production", FERRY_PREFLIGHT_FAILED, NULL,
                "Check the connection to Production and run the checks again.");
  g_assert_nonnull (ferry_preflight_get_blocked_reason (f.preflight));
  assert_others_pass (f.preflight, "Storage Service of Production", NULL);
  g_object_unref (f.preflight);
}

/* Cancelled: the finish says so and nothing stays running. */
static void
test_cancel (void)
{
  JtuEnv env;
  g_autoptr(FerryPreflight) preflight = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  GListModel *checks;

  jtu_env_start (&env, 0, 0);
  preflight = new_merge (env.dev, env.prod, P);
  ferry_sandbox_add_fault (env.pair.prod, NULL, "/api", 10, FERRY_SANDBOX_FAULT_DELAY, 0, NULL, NULL, 2000);
  ferry_preflight_run_async (preflight, cancellable, jtu_result_cb, &result);
  g_cancellable_cancel (cancellable);
  jtu_wait_result (&result);
  g_assert_false (ferry_preflight_run_finish (preflight, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&result);
  g_assert_false (ferry_preflight_get_running (preflight));
  checks = ferry_preflight_get_checks (preflight);
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);

      g_assert_cmpint (ferry_preflight_check_get_state (check), !=, FERRY_PREFLIGHT_RUNNING);
    }
  ferry_sandbox_clear_faults (env.pair.prod);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/preflight/all-green", test_all_green);
  g_test_add_func ("/preflight/analyst", test_analyst);
  g_test_add_func ("/preflight/architect-target", test_architect_target);
  g_test_add_func ("/preflight/storage", test_storage);
  g_test_add_func ("/preflight/version", test_version);
  g_test_add_func ("/preflight/clock", test_clock);
  g_test_add_func ("/preflight/missing-project", test_missing_project);
  g_test_add_func ("/preflight/connection-error", test_connection_error);
  g_test_add_func ("/preflight/cancel", test_cancel);
  return g_test_run ();
}
