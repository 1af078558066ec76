/* ferryctl-helper.c: the window's side of the cli suite, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ferryctl-helper save-plan FILE DEV_URL PROD_URL OBJECT_ID TYPE
 *     writes a plan with the window's code (a FerryMigrationDraft as the
 *     editor fills it, ferry_migration_draft_to_plan(), ferry_plan_save_async())
 *   ferryctl-helper save-environments DEV_URL PROD_URL
 *     saves Development and Production as the window's environment dialog
 *     does (FerryEnvironmentList over the application's settings)
 *   ferryctl-helper monitor ID DEV_URL PROD_URL
 *     the window's engine (a FerryMigrationMonitor over the application's
 *     settings, auto-resume on) must list migration ID, count it as started
 *     here (unfinished-migrations) and take it on to "imported"
 *
 * Exit 0 when it did, 1 (with a message) when not.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ferry-core.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"
#define TUTORIAL "MicroStrategy Tutorial"

static GAsyncResult *result;
static GMainLoop *loop;

static void
result_cb (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  result = g_object_ref (res);
  g_main_loop_quit (loop);
}

static GAsyncResult *
wait_result (void)
{
  g_clear_object (&result);
  while (result == NULL)
    g_main_loop_run (loop);
  return result;
}

static FerryEnvironment *
connect_env (const char *name,
             const char *url)
{
  FerryEnvironment *environment = ferry_environment_new (name, url, FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(GError) error = NULL;

  ferry_environment_connect_async (environment, "", NULL, result_cb, NULL);
  if (!ferry_environment_connect_finish (environment, wait_result (), &error))
    {
      fprintf (stderr, "connecting to %s: %s\n", name, error->message);
      exit (1);
    }
  return environment;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FerryEnvironment) dev = NULL;
  g_autoptr(FerryEnvironment) prod = NULL;
  g_autoptr(GError) error = NULL;

  loop = g_main_loop_new (NULL, FALSE);
  if (argc == 7 && g_str_equal (argv[1], "save-plan"))
    {
      g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
      g_autoptr(FerryContentItem) item = NULL;
      g_autoptr(FerryPlan) plan = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (argv[2]);
      g_autofree char *name = NULL;

      dev = connect_env ("Development", argv[3]);
      prod = connect_env ("Production", argv[4]);
      ferry_migration_draft_set_source (draft, dev, TUTORIAL_ID, TUTORIAL);
      ferry_migration_draft_set_target (draft, prod, TUTORIAL_ID, TUTORIAL);
      item = ferry_content_item_new (argv[5], "from the window", atoi (argv[6]), 0, "/Public Objects",
                                     FERRY_MIGRATION_DRAFT_DEFAULT_ACTION, TRUE);
      g_list_store_append (ferry_migration_draft_get_content (draft), item);
      name = ferry_migration_draft_make_auto_name (draft);
      ferry_migration_draft_set_name (draft, name);
      plan = ferry_migration_draft_to_plan (draft);
      ferry_plan_save_async (plan, file, NULL, result_cb, NULL);
      if (!ferry_plan_save_finish (wait_result (), &error))
        {
          fprintf (stderr, "saving the plan: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (argc == 4 && g_str_equal (argv[1], "save-environments"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autoptr(FerryEnvironmentList) list = ferry_environment_list_new (settings);
      g_autoptr(FerryEnvironment) saved_dev = ferry_environment_new ("Development", argv[2], FERRY_LOGIN_MODE_STANDARD,
                                                                     "administrator", TRUE);
      g_autoptr(FerryEnvironment) saved_prod = ferry_environment_new ("Production", argv[3], FERRY_LOGIN_MODE_LDAP,
                                                                      "ldapuser", TRUE);

      if (!ferry_environment_list_add (list, saved_dev, &error) ||
          !ferry_environment_list_add (list, saved_prod, &error))
        {
          fprintf (stderr, "saving the environments: %s\n", error->message);
          return 1;
        }
      g_settings_sync ();
      return 0;
    }

  if (argc == 5 && g_str_equal (argv[1], "monitor"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autoptr(GListStore) environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
      g_autoptr(FerryMigrationMonitor) monitor = NULL;
      g_auto(GStrv) own = g_settings_get_strv (settings, "unfinished-migrations");
      const char *id = argv[2];
      gboolean timed_out = FALSE;
      FerryMigration *migration = NULL;
      guint tick;

      if (!g_strv_contains ((const char * const *) own, id))
        {
          fprintf (stderr, "%s is not in unfinished-migrations\n", id);
          return 1;
        }
      dev = connect_env ("Development", argv[3]);
      prod = connect_env ("Production", argv[4]);
      g_list_store_append (environments, dev);
      g_list_store_append (environments, prod);
      monitor = ferry_migration_monitor_new (G_LIST_MODEL (environments), settings);
      ferry_migration_monitor_set_poll_interval (monitor, 100, 1000);
      if (!ferry_migration_monitor_is_own (monitor, id))
        {
          fprintf (stderr, "the monitor does not count %s as its own\n", id);
          return 1;
        }
      g_timeout_add_seconds (60, timeout_cb, &timed_out);
      tick = g_timeout_add (50, tick_cb, NULL);
      while (!timed_out)
        {
          migration = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), id);
          if (migration != NULL && ferry_library_status_is (ferry_migration_get_import_status (migration), "imported"))
            break;
          g_main_loop_run (loop);
        }
      g_source_remove (tick);
      if (timed_out)
        {
          fprintf (stderr, "%s: %s, not imported after 60 s\n", id,
                   migration ? ferry_migration_get_import_status (migration) : "not listed");
          return 1;
        }
      return 0;
    }

  fprintf (stderr, "usage: ferryctl-helper save-plan FILE DEV PROD OBJECT TYPE | save-environments DEV PROD | monitor ID DEV PROD\n");
  return 2;
}
