/* ferryctl-migrations.c: environments, migrations, show, approve, reject,
 * undo, delete, validate, download, import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command on an existing migration goes through the window's engine:
 * a FerryMigrationMonitor over the connected environments finds it, and the
 * monitor's own actions (PATCHes, jobs) do the work.
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferryctl.h"

/* --- Following a job --------------------------------------------------------- */

static gboolean
job_ended (gpointer data)
{
  FerryJobState state = ferry_job_get_state (data);

  return state == FERRY_JOB_STATE_SUCCEEDED || state == FERRY_JOB_STATE_FAILED ||
         state == FERRY_JOB_STATE_CANCELLED;
}

static void
job_progress_cb (FerryJob    *job,
                 GParamSpec  *pspec,
                 FctlContext *ctx)
{
  if (!job_ended (job))
    fctl_progress (ctx, ferry_job_get_progress (job), ferry_job_get_step_label (job));
}

int
fctl_follow_job (FctlContext *ctx,
                 FerryJob    *job)
{
  gulong step_id, progress_id;
  gboolean ended;

  step_id = g_signal_connect (job, "notify::step-label", G_CALLBACK (job_progress_cb), ctx);
  progress_id = g_signal_connect (job, "notify::progress", G_CALLBACK (job_progress_cb), ctx);
  job_progress_cb (job, NULL, ctx);
  ended = fctl_wait_until (ctx, job_ended, job);
  g_signal_handler_disconnect (job, step_id);
  g_signal_handler_disconnect (job, progress_id);

  if (!ended)
    {
      ferry_job_cancel (job);
      fctl_progress_end (ctx);
      return fctl_fail_message (ctx, FCTL_EXIT_INTERRUPTED, _("Interrupted: %s goes on as the servers have it"),
                                ferry_job_get_migration_id (job) ? ferry_job_get_migration_id (job) : _("the work"));
    }
  fctl_progress_end (ctx);
  if (ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED)
    return FCTL_EXIT_OK;
  if (ferry_job_get_error (job) != NULL)
    return fctl_fail (ctx, ferry_job_get_error (job));
  return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("The job was cancelled"));
}

/* --- environments ---------------------------------------------------------- */

static const char *
login_mode_text (FerryLoginMode mode)
{
  return mode == FERRY_LOGIN_MODE_LDAP ? "ldap" : "standard";
}

int
fctl_cmd_environments (FctlContext  *ctx,
                       int           argc,
                       char        **argv)
{
  g_autoptr(GError) error = NULL;
  GListModel *model;

  if (argc > 1)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("environments takes no arguments"));
  if (!fctl_load_environments (ctx, &error))
    return fctl_fail (ctx, error);

  model = G_LIST_MODEL (ctx->environments);
  if (ctx->json)
    {
      JsonBuilder *b = fctl_json (ctx);

      json_builder_set_member_name (b, "environments");
      json_builder_begin_array (b);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FerryEnvironment) e = g_list_model_get_item (model, i);
          const char *name = ferry_environment_get_name (e);
          const char *variable = g_hash_table_lookup (ctx->password_envs, name);
          FerryEnvironment *saved = g_hash_table_lookup (ctx->saved, name);

          json_builder_begin_object (b);
          fctl_json_string (b, "name", name);
          fctl_json_string (b, "url", ferry_environment_get_base_url (e));
          fctl_json_string (b, "user", ferry_environment_get_username (e));
          fctl_json_string (b, "login-mode", login_mode_text (ferry_environment_get_login_mode (e)));
          fctl_json_string (b, "origin", g_hash_table_lookup (ctx->origins, name));
          fctl_json_string (b, "password-env", variable);
          fctl_json_string (b, "password-source",
                            ferry_environment_get_is_demo (e) ? "demo"
                            : variable ? "password-env"
                            : ctx->password_env ? "--password-env"
                            : ctx->password_stdin ? "--password-stdin"
                            : saved && ferry_environment_get_remember_password (saved) ? "keyring"
                            : NULL);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      return FCTL_EXIT_OK;
    }

  if (g_list_model_get_n_items (model) == 0)
    {
      fctl_print (ctx, "%s", _("No environments. Save one in the window, or give --environments FILE."));
      return FCTL_EXIT_OK;
    }
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) e = g_list_model_get_item (model, i);
      const char *name = ferry_environment_get_name (e);
      g_autofree char *bold = fctl_style (ctx, "1", name);

      fctl_print (ctx, "%s\t%s\t%s (%s)\t%s", bold, ferry_environment_get_base_url (e),
                  ferry_environment_get_username (e),
                  login_mode_text (ferry_environment_get_login_mode (e)),
                  (char *) g_hash_table_lookup (ctx->origins, name));
    }
  return FCTL_EXIT_OK;
}

/* --- migrations -------------------------------------------------------------- */

static char *opt_status, *opt_purpose, *opt_since;

const GOptionEntry fctl_migrations_entries[] = {
  { "status", 's', 0, G_OPTION_ARG_STRING, &opt_status,
    N_("Only migrations in STATE (created, import_requested, imported, undone, …)"), N_("STATE") },
  { "purpose", 'p', 0, G_OPTION_ARG_STRING, &opt_purpose,
    N_("Only object_migration or project_merge (also migration, merge)"), N_("PURPOSE") },
  { "since", 0, 0, G_OPTION_ARG_STRING, &opt_since,
    N_("Only migrations created on or after DATE (YYYY-MM-DD or ISO 8601)"), N_("DATE") },
  { NULL }
};

static gboolean
purpose_matches (FerryMigration *m,
                 const char     *wanted)
{
  const char *purpose = ferry_migration_get_purpose (m);

  if (g_ascii_strcasecmp (wanted, "merge") == 0)
    wanted = "project_merge";
  else if (g_ascii_strcasecmp (wanted, "migration") == 0)
    wanted = "object_migration";
  return ferry_library_status_is (purpose, wanted);
}

static GDateTime *
parse_since (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  int y, mo, d;

  if (strlen (text) == 10 && sscanf (text, "%d-%d-%d", &y, &mo, &d) == 3)
    return g_date_time_new (local, y, mo, d, 0, 0, 0);
  return g_date_time_new_from_iso8601 (text, local);
}

static gboolean
monitor_ready (gpointer data)
{
  return ferry_migration_monitor_get_listed (data) && !ferry_migration_monitor_get_loading (data);
}

int
fctl_cmd_migrations (FctlContext  *ctx,
                     int           argc,
                     char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) connected = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *list;

  if (opt_since != NULL && (since = parse_since (opt_since)) == NULL)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("--since: “%s” is not a date (YYYY-MM-DD)"), opt_since);
  if (opt_purpose != NULL && !g_strv_contains ((const char * const[]) { "object_migration", "project_merge",
                                                                       "migration", "merge", NULL }, opt_purpose))
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("--purpose: “%s” is not object_migration or project_merge"),
                              opt_purpose);

  connected = fctl_connect_all (ctx, argc > 1 ? argv + 1 : NULL, &error);
  if (connected == NULL)
    return fctl_fail (ctx, error);

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (connected), NULL);
  ferry_migration_monitor_set_auto_resume (monitor, FALSE);
  fctl_progress (ctx, 0.5, _("Listing migrations"));
  if (!fctl_wait_until (ctx, monitor_ready, monitor))
    return fctl_fail_message (ctx, FCTL_EXIT_INTERRUPTED, _("Interrupted"));
  fctl_progress_end (ctx);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (connected)); i++)
    {
      g_autoptr(FerryEnvironment) e = g_list_model_get_item (G_LIST_MODEL (connected), i);
      FerryMigrationMonitorListing listing;

      if (ferry_migration_monitor_get_listing (monitor, e, &listing) && listing.error != NULL)
        return fctl_fail (ctx, listing.error);
    }

  list = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (list, i);
      GDateTime *created = ferry_migration_get_package_creation_date (m);

      if (opt_status != NULL && g_ascii_strcasecmp (fctl_migration_state (m), opt_status) != 0)
        continue;
      if (opt_purpose != NULL && !purpose_matches (m, opt_purpose))
        continue;
      if (since != NULL && (created == NULL || g_date_time_compare (created, since) < 0))
        continue;
      g_ptr_array_add (shown, g_steal_pointer (&m));
    }

  if (ctx->json)
    {
      JsonBuilder *b = fctl_json (ctx);

      json_builder_set_member_name (b, "migrations");
      json_builder_begin_array (b);
      for (guint i = 0; i < shown->len; i++)
        fctl_json_migration (b, g_ptr_array_index (shown, i));
      json_builder_end_array (b);
      return FCTL_EXIT_OK;
    }

  for (guint i = 0; i < shown->len; i++)
    {
      FerryMigration *m = g_ptr_array_index (shown, i);
      const char *state = fctl_migration_state (m);
      g_autofree char *styled = fctl_style (ctx, strstr (state, "fail") ? "31"
                                                 : g_str_equal (state, "imported") ? "32" : "33", state);

      fctl_print (ctx, "%s\t%s\t%s\t%s\t%s → %s", ferry_migration_get_id (m), styled,
                  ferry_migration_get_purpose (m), ferry_migration_get_name (m),
                  ferry_migration_get_source_environment_name (m) ? ferry_migration_get_source_environment_name (m) : "?",
                  ferry_migration_get_target_environment_name (m) ? ferry_migration_get_target_environment_name (m) : "?");
    }
  if (shown->len == 0)
    fctl_note (ctx, "%s", _("No migrations."));
  return FCTL_EXIT_OK;
}

/* --- show -------------------------------------------------------------------- */

static void
print_field (FctlContext *ctx,
             const char  *label,
             const char  *value)
{
  if (value != NULL && *value != '\0')
    {
      g_autofree char *bold = fctl_style (ctx, "1", label);

      fctl_print (ctx, "%s: %s", bold, value);
    }
}

static void
print_migration (FctlContext    *ctx,
                 FerryMigration *m)
{
  g_autofree char *source = g_strdup_printf ("%s / %s",
                                             ferry_migration_get_source_environment_name (m) ?: "?",
                                             ferry_migration_get_source_project_name (m) ?: "-");
  g_autofree char *target = g_strdup_printf ("%s / %s",
                                             ferry_migration_get_target_environment_name (m) ?: "?",
                                             ferry_migration_get_target_project_name (m) ?: "-");
  GDateTime *created = ferry_migration_get_package_creation_date (m);
  g_autofree char *created_text = created ? g_date_time_format (created, "%Y-%m-%d %H:%M") : NULL;
  g_autofree char *size = ferry_migration_get_storage_size (m) > 0
                          ? g_format_size (ferry_migration_get_storage_size (m)) : NULL;

  print_field (ctx, _("Migration"), ferry_migration_get_id (m));
  print_field (ctx, _("Name"), ferry_migration_get_name (m));
  print_field (ctx, _("State"), fctl_migration_state (m));
  print_field (ctx, _("Purpose"), ferry_migration_get_purpose (m));
  print_field (ctx, _("Package type"), ferry_migration_get_package_type (m));
  print_field (ctx, _("Source"), source);
  print_field (ctx, _("Target"), target);
  print_field (ctx, _("Package"), ferry_migration_get_package_status (m));
  print_field (ctx, _("Import request"), ferry_migration_get_import_request_status (m));
  print_field (ctx, _("Import"), ferry_migration_get_import_status (m));
  print_field (ctx, _("Undo request"), ferry_migration_get_undo_request_status (m));
  print_field (ctx, _("Validation"), ferry_migration_get_validation_status (m));
  print_field (ctx, _("Certification"), ferry_migration_get_certification_status (m));
  print_field (ctx, _("Created by"), ferry_migration_get_creator_name (m));
  print_field (ctx, _("Created"), created_text);
  print_field (ctx, _("Package size"), size);
  print_field (ctx, _("Message"), ferry_migration_get_import_message (m) ?: ferry_migration_get_package_message (m));
}

static void
report_migration (FctlContext    *ctx,
                  FerryMigration *m)
{
  if (ctx->json)
    {
      json_builder_set_member_name (fctl_json (ctx), "migration");
      fctl_json_migration (fctl_json (ctx), m);
    }
  else
    print_migration (ctx, m);
}

static int
one_id (FctlContext  *ctx,
        int           argc,
        char        **argv)
{
  if (argc != 2)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("%s takes one migration ID"), ctx->command);
  return FCTL_EXIT_OK;
}

int
fctl_cmd_show (FctlContext  *ctx,
               int           argc,
               char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  FerryMigration *migration = NULL;
  int code;

  if ((code = one_id (ctx, argc, argv)) != 0)
    return code;
  monitor = fctl_find_migration (ctx, argv[1], &migration, &error);
  if (monitor == NULL)
    return fctl_fail (ctx, error);
  report_migration (ctx, migration);
  return FCTL_EXIT_OK;
}

/* --- approve, reject ---------------------------------------------------------- */

static int
decide (FctlContext       *ctx,
        int                argc,
        char             **argv,
        FerryRequestStatus status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  FerryMigration *migration = NULL;
  gboolean undo;
  int code;

  if ((code = one_id (ctx, argc, argv)) != 0)
    return code;
  monitor = fctl_find_migration (ctx, argv[1], &migration, &error);
  if (monitor == NULL)
    return fctl_fail (ctx, error);
  g_object_ref (migration);

  undo = ferry_library_status_is (ferry_migration_get_undo_request_status (migration), "requested");
  if (!undo && !ferry_library_status_is (ferry_migration_get_import_request_status (migration), "requested"))
    {
      code = fctl_fail_message (ctx, FCTL_EXIT_FAILURE,
                                _("Migration %s waits for no approval (state %s)"),
                                ferry_migration_get_id (migration), fctl_migration_state (migration));
      g_object_unref (migration);
      return code;
    }

  if (undo)
    ferry_migration_monitor_set_undo_request_async (monitor, migration, status, ctx->cancellable, fctl_result_cb, ctx);
  else
    ferry_migration_monitor_set_import_request_async (monitor, migration, status, ctx->cancellable, fctl_result_cb, ctx);
  if (!(undo ? ferry_migration_monitor_set_undo_request_finish (monitor, fctl_wait (ctx), &error)
             : ferry_migration_monitor_set_import_request_finish (monitor, fctl_wait (ctx), &error)))
    {
      g_object_unref (migration);
      return fctl_fail (ctx, error);
    }

  /* Approved: the work follows, as the window's Approve and Import do. */
  if (status == FERRY_REQUEST_STATUS_APPROVED)
    {
      g_autoptr(FerryJob) job = undo ? ferry_migration_monitor_start_undo (monitor, migration)
                                     : ferry_migration_monitor_start_import (monitor, migration);

      if (job != NULL)
        {
          g_object_ref (job);
          code = fctl_follow_job (ctx, job);
          if (code != 0)
            {
              g_object_unref (migration);
              return code;
            }
        }
    }

  fctl_print (ctx, status == FERRY_REQUEST_STATUS_APPROVED
                   ? (undo ? _("Undo approved: %s is %s") : _("Import approved: %s is %s"))
                   : (undo ? _("Undo rejected: %s is %s") : _("Import rejected: %s is %s")),
              ferry_migration_get_id (migration), fctl_migration_state (migration));
  if (ctx->json)
    report_migration (ctx, migration);
  g_object_unref (migration);
  return FCTL_EXIT_OK;
}

int
fctl_cmd_approve (FctlContext  *ctx,
                  int           argc,
                  char        **argv)
{
  return decide (ctx, argc, argv, FERRY_REQUEST_STATUS_APPROVED);
}

int
fctl_cmd_reject (FctlContext  *ctx,
                 int           argc,
                 char        **argv)
{
  return decide (ctx, argc, argv, FERRY_REQUEST_STATUS_REJECTED);
}

/* --- undo, delete, validate ---------------------------------------------------- */

typedef FerryJob *(*StartFunc) (FerryMigrationMonitor *monitor,
                                FerryMigration        *migration);

static int
run_on_migration (FctlContext  *ctx,
                  int           argc,
                  char        **argv,
                  StartFunc     start,
                  const char   *done_format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(FerryMigration) migration = NULL;
  g_autoptr(FerryJob) job = NULL;
  FerryMigration *found = NULL;
  int code;

  if ((code = one_id (ctx, argc, argv)) != 0)
    return code;
  monitor = fctl_find_migration (ctx, argv[1], &found, &error);
  if (monitor == NULL)
    return fctl_fail (ctx, error);
  migration = g_object_ref (found);

  job = start (monitor, migration);
  if (job == NULL)
    return fctl_fail_message (ctx, FCTL_EXIT_FAILURE,
                              _("%s is not possible now: an environment of migration %s is not connected"),
                              ctx->command, ferry_migration_get_id (migration));
  g_object_ref (job);
  code = fctl_follow_job (ctx, job);
  if (code != 0)
    return code;

  fctl_print (ctx, "%s: %s", done_format, ferry_migration_get_id (migration));
  if (ctx->json)
    report_migration (ctx, ferry_job_get_migration (job) ? ferry_job_get_migration (job) : migration);
  return FCTL_EXIT_OK;
}

int
fctl_cmd_undo (FctlContext  *ctx,
               int           argc,
               char        **argv)
{
  return run_on_migration (ctx, argc, argv, ferry_migration_monitor_start_undo, _("Undone"));
}

int
fctl_cmd_delete (FctlContext  *ctx,
                 int           argc,
                 char        **argv)
{
  return run_on_migration (ctx, argc, argv, ferry_migration_monitor_start_delete, _("Deleted"));
}

int
fctl_cmd_validate (FctlContext  *ctx,
                   int           argc,
                   char        **argv)
{
  return run_on_migration (ctx, argc, argv, ferry_migration_monitor_start_validation, _("Validated"));
}

/* --- download ------------------------------------------------------------------ */

static gboolean opt_undo;

const GOptionEntry fctl_download_entries[] = {
  { "undo", 'u', 0, G_OPTION_ARG_NONE, &opt_undo,
    N_("Save the undo package (made on the target by the import)"), NULL },
  { NULL }
};

int
fctl_cmd_download (FctlContext  *ctx,
                   int           argc,
                   char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  FerryMigration *migration = NULL;
  FerryConnection *connection;
  g_autofree char *package_id = NULL;

  if (argc != 3)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("download takes a migration ID and a FILE"));
  monitor = fctl_find_migration (ctx, argv[1], &migration, &error);
  if (monitor == NULL)
    return fctl_fail (ctx, error);

  file = g_file_new_for_commandline_arg (argv[2]);
  if (opt_undo)
    {
      if (!ferry_migration_get_has_undo_package (migration))
        return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("Migration %s has no undo package"), argv[1]);
      connection = ferry_migration_monitor_get_target (monitor, migration);
      if (connection == NULL)
        return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("The target of %s is not connected"), argv[1]);
      ferry_library_download_undo_package_to_file_async (connection, ferry_migration_get_import_id (migration),
                                                         file, NULL, NULL, NULL,
                                                         ctx->cancellable, fctl_result_cb, ctx);
    }
  else
    {
      connection = ferry_migration_monitor_get_source (monitor, migration);
      if (connection == NULL)
        connection = ferry_migration_monitor_get_target (monitor, migration);
      if (connection == NULL)
        return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("No environment of %s is connected"), argv[1]);
      package_id = ferry_library_migration_package_id (ferry_migration_get_id (migration));
      ferry_library_download_package_to_file_async (connection, package_id, file, NULL, NULL, NULL,
                                                    ctx->cancellable, fctl_result_cb, ctx);
    }
  fctl_progress (ctx, 0.5, _("Downloading"));
  if (!ferry_library_finish (fctl_wait (ctx), &error))
    return fctl_fail (ctx, error);
  fctl_progress_end (ctx);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (ctx->json)
    {
      g_autofree char *path = g_file_get_path (file);

      fctl_json_string (fctl_json (ctx), "file", path);
      json_builder_set_member_name (fctl_json (ctx), "bytes");
      json_builder_add_int_value (fctl_json (ctx), info ? g_file_info_get_size (info) : -1);
    }
  else
    {
      g_autofree char *size = g_format_size (info ? g_file_info_get_size (info) : 0);

      fctl_print (ctx, _("Saved %s (%s)"), argv[2], size);
    }
  return FCTL_EXIT_OK;
}

/* --- import ------------------------------------------------------------------------ */

int
fctl_cmd_import (FctlContext  *ctx,
                 int           argc,
                 char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) environments = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *project_name = NULL;
  FerryEnvironment *environment;
  int code;

  if (argc != 3)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("import takes FILE.mmp and ENV:PROJECT"));
  file = g_file_new_for_commandline_arg (argv[1]);
  if (!g_file_query_exists (file, NULL))
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("%s does not exist"), argv[1]);

  environment = fctl_resolve_endpoint (ctx, argv[2], TRUE, &project_id, &project_name, &error);
  if (environment == NULL)
    return fctl_fail (ctx, error);

  environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_list_store_append (environments, environment);
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (environments), NULL);
  ferry_migration_monitor_set_auto_resume (monitor, FALSE);
  job = ferry_migration_monitor_import_file (monitor, file, environment, project_id, project_name);
  if (job == NULL)
    return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("%s is not connected"), ferry_environment_get_name (environment));
  g_object_ref (job);
  code = fctl_follow_job (ctx, job);
  if (code != 0)
    return code;

  fctl_print (ctx, _("Imported %s into %s / %s"), argv[1], ferry_environment_get_name (environment), project_name);
  if (ctx->json)
    {
      JsonBuilder *b = fctl_json (ctx);

      json_builder_set_member_name (b, "import");
      json_builder_begin_object (b);
      fctl_json_string (b, "environment", ferry_environment_get_name (environment));
      fctl_json_string (b, "project-id", project_id);
      fctl_json_string (b, "project", project_name);
      fctl_json_string (b, "status", "imported");
      json_builder_end_object (b);
      if (ferry_job_get_migration (job) != NULL)
        report_migration (ctx, ferry_job_get_migration (job));
    }
  return FCTL_EXIT_OK;
}
