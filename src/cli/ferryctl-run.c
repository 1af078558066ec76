/* ferryctl-run.c: ferryctl run — a plan file from pre-flight to imported
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's path, without the window: the plan is loaded into a
 * FerryMigrationDraft (as the editor opens a plan), its spec goes to a
 * FerryMigrationJob run by a FerryMigrationMonitor, after a
 * FerryPreflight. Interrupted, the job stops watching and the servers keep
 * their work; `ferryctl run --resume ID` goes on from where they are (the
 * job's resume). With the window's settings, a migration run or detached
 * here is in its "unfinished-migrations", so the window goes on with it too.
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferryctl.h"

static char *opt_to, *opt_resume;
static gboolean opt_request_only, opt_no_undo_check, opt_wait, opt_detach;

const GOptionEntry fctl_run_entries[] = {
  { "to", 't', 0, G_OPTION_ARG_STRING, &opt_to,
    N_("Import into ENV instead of the plan's target (same project)"), N_("ENV") },
  { "request-only", 'r', 0, G_OPTION_ARG_NONE, &opt_request_only,
    N_("Stop once the import is requested (for a user who may only request)"), NULL },
  { "no-undo-check", 0, 0, G_OPTION_ARG_NONE, &opt_no_undo_check,
    N_("Run even when the preview says the import deletes or duplicates objects or cannot be undone"), NULL },
  { "wait", 'w', 0, G_OPTION_ARG_NONE, &opt_wait,
    N_("Wait until the migration is imported (the default)"), NULL },
  { "detach", 'd', 0, G_OPTION_ARG_NONE, &opt_detach,
    N_("Return once the migration exists; the window or `ferryctl run --resume ID` goes on with it"), NULL },
  { "resume", 0, 0, G_OPTION_ARG_STRING, &opt_resume,
    N_("Go on with migration ID from where the servers have it (no PLAN)"), N_("ID") },
  { NULL }
};

static const char *
preflight_state_text (FerryPreflightState state)
{
  switch (state)
    {
    case FERRY_PREFLIGHT_PASSED: return "passed";
    case FERRY_PREFLIGHT_NOTE: return "note";
    case FERRY_PREFLIGHT_FAILED: return "failed";
    case FERRY_PREFLIGHT_RUNNING: return "running";
    case FERRY_PREFLIGHT_PENDING:
    default: return "pending";
    }
}

static void
report_preflight (FctlContext    *ctx,
                  FerryPreflight *preflight)
{
  GListModel *checks = ferry_preflight_get_checks (preflight);
  JsonBuilder *b = fctl_json (ctx);

  if (b != NULL)
    {
      json_builder_set_member_name (b, "preflight");
      json_builder_begin_array (b);
    }
  for (guint i = 0; i < g_list_model_get_n_items (checks); i++)
    {
      g_autoptr(FerryPreflightCheck) check = g_list_model_get_item (checks, i);
      FerryPreflightState state = ferry_preflight_check_get_state (check);

      if (b != NULL)
        {
          json_builder_begin_object (b);
          fctl_json_string (b, "title", ferry_preflight_check_get_title (check));
          fctl_json_string (b, "status", preflight_state_text (state));
          fctl_json_string (b, "message", ferry_preflight_check_get_message (check));
          json_builder_set_member_name (b, "blocking");
          json_builder_add_boolean_value (b, ferry_preflight_check_blocks (check));
          json_builder_end_object (b);
        }
      else if (state == FERRY_PREFLIGHT_FAILED || state == FERRY_PREFLIGHT_NOTE)
        {
          g_autofree char *mark = fctl_style (ctx, state == FERRY_PREFLIGHT_FAILED ? "1;31" : "33",
                                              state == FERRY_PREFLIGHT_FAILED ? _("failed") : _("note"));

          fctl_note (ctx, "%s %s: %s", mark, ferry_preflight_check_get_title (check),
                     ferry_preflight_check_get_message (check) ?: "");
        }
    }
  if (b != NULL)
    json_builder_end_array (b);
}

static void
report_result (FctlContext    *ctx,
               FerryMigration *migration,
               gboolean        detached)
{
  if (ctx->json)
    {
      JsonBuilder *b = fctl_json (ctx);

      json_builder_set_member_name (b, "detached");
      json_builder_add_boolean_value (b, detached);
      json_builder_set_member_name (b, "migration");
      if (migration != NULL)
        fctl_json_migration (b, migration);
      else
        json_builder_add_null_value (b);
    }
}

static gboolean
has_id (gpointer data)
{
  FerryJobState state = ferry_job_get_state (data);

  return ferry_job_get_migration_id (data) != NULL || state == FERRY_JOB_STATE_SUCCEEDED ||
         state == FERRY_JOB_STATE_FAILED || state == FERRY_JOB_STATE_CANCELLED;
}

/* Runs JOB through MONITOR to the end, or (--detach) until the migration
 * exists. */
static int
drive (FctlContext           *ctx,
       FerryMigrationMonitor *monitor,
       FerryJob              *job)
{
  int code;

  ferry_migration_monitor_run_job (monitor, job);

  if (opt_detach)
    {
      const char *id;

      fctl_progress (ctx, 0.0, _("Creating package"));
      if (!fctl_wait_until (ctx, has_id, job))
        {
          ferry_job_cancel (job);
          return fctl_fail_message (ctx, FCTL_EXIT_INTERRUPTED, _("Interrupted"));
        }
      fctl_progress_end (ctx);
      if (ferry_job_get_state (job) == FERRY_JOB_STATE_FAILED)
        return fctl_fail (ctx, ferry_job_get_error (job));
      id = ferry_job_get_migration_id (job);
      ferry_migration_monitor_take_over (monitor, id);
      fctl_print (ctx, _("Migration %s started; go on with: ferryctl run --resume %s"), id, id);
      report_result (ctx, ferry_job_get_migration (job), TRUE);
      /* Leaves the servers working; the id stays in unfinished-migrations. */
      ferry_job_cancel (job);
      return FCTL_EXIT_OK;
    }

  code = fctl_follow_job (ctx, job);
  if (code == FCTL_EXIT_INTERRUPTED)
    {
      const char *id = ferry_job_get_migration_id (job);

      if (id != NULL)
        fctl_note (ctx, _("Migration %s is left as the servers have it. Go on with: ferryctl run --resume %s"), id, id);
      else
        fctl_note (ctx, "%s", _("No migration was created yet."));
      if (ctx->json)
        report_result (ctx, ferry_job_get_migration (job), FALSE);
      return code;
    }
  if (code != 0)
    {
      report_result (ctx, ferry_job_get_migration (job), FALSE);
      return code;
    }

  {
    FerryMigration *migration = ferry_job_get_migration (job);
    const char *id = ferry_job_get_migration_id (job);

    if (ferry_migration_job_get_request_only (job))
      fctl_print (ctx, _("Import of %s requested; an administrator approves it with: ferryctl approve %s"), id, id);
    else
      fctl_print (ctx, _("Migration %s: %s"), id, migration ? fctl_migration_state (migration) : "imported");
    report_result (ctx, migration, FALSE);
  }
  return FCTL_EXIT_OK;
}

static int
resume (FctlContext  *ctx,
        const char   *migration_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(FerryJob) job = NULL;
  FerryMigration *migration = NULL;
  FerryConnection *source, *target;

  monitor = fctl_find_migration (ctx, migration_id, &migration, &error);
  if (monitor == NULL)
    return fctl_fail (ctx, error);
  source = ferry_migration_monitor_get_source (monitor, migration);
  target = ferry_migration_monitor_get_target (monitor, migration);
  if (source == NULL || target == NULL)
    return fctl_fail_message (ctx, FCTL_EXIT_FAILURE, _("Both environments of %s must be connected to go on"),
                              migration_id);
  job = ferry_migration_job_new_resume (source, target, ferry_migration_get_id (migration));
  ferry_migration_job_set_request_only (job, opt_request_only);
  return drive (ctx, monitor, job);
}

static FerryEnvironment *
plan_environment (FctlContext        *ctx,
                  FerryPlanEndpoint  *endpoint,
                  GError            **error)
{
  GListModel *model;
  g_autoptr(GError) local_error = NULL;
  FerryEnvironment *environment = fctl_lookup_environment (ctx, endpoint->environment_name, &local_error);

  if (environment != NULL)
    return environment;
  /* the same server under another name */
  model = G_LIST_MODEL (ctx->environments);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) e = g_list_model_get_item (model, i);
      g_autofree char *url = ferry_plan_clean_url (ferry_environment_get_base_url (e));

      if (g_strcmp0 (url, endpoint->environment_url) == 0)
        return e;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static gboolean
draft_settled (gpointer data)
{
  return !ferry_migration_draft_get_resolving (data) && !ferry_migration_draft_get_projects_loading (data);
}

int
fctl_cmd_run (FctlContext  *ctx,
              int           argc,
              char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(FerryMigrationDraft) draft = NULL;
  g_autoptr(FerryPreflight) preflight = NULL;
  g_autoptr(GListStore) environments = NULL;
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  g_autoptr(FerryJob) job = NULL;
  g_autofree char *notice = NULL;
  FerryEnvironment *source, *target;
  FerryMigrationSpec spec = { 0 };

  if (opt_wait && opt_detach)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("--wait and --detach exclude each other"));
  if (opt_resume != NULL)
    {
      if (argc != 1)
        return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("run --resume ID takes no PLAN"));
      return resume (ctx, opt_resume);
    }
  if (argc != 2)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("run takes one PLAN.json (or --resume ID)"));

  file = g_file_new_for_commandline_arg (argv[1]);
  ferry_plan_load_async (file, ctx->cancellable, fctl_result_cb, ctx);
  plan = ferry_plan_load_finish (fctl_wait (ctx), &error);
  if (plan == NULL)
    {
      int code = fctl_fail (ctx, error);

      return code == FCTL_EXIT_FAILURE ? FCTL_EXIT_USAGE : code;
    }

  if (!fctl_load_environments (ctx, &error) ||
      (source = plan_environment (ctx, &plan->source, &error)) == NULL)
    return fctl_fail (ctx, error);
  if (opt_to != NULL)
    target = fctl_lookup_environment (ctx, opt_to, &error);
  else
    target = plan_environment (ctx, &plan->target, &error);
  if (target == NULL)
    return fctl_fail (ctx, error);
  if (!fctl_connect (ctx, source, &error) || !fctl_connect (ctx, target, &error))
    return fctl_fail (ctx, error);
  fctl_progress_end (ctx);

  /* The plan, opened as the window's editor opens it. */
  draft = ferry_migration_draft_new ();
  ferry_migration_draft_set_source (draft, source, plan->source.project_id, plan->source.project_name);
  ferry_migration_draft_set_target (draft, target, plan->target.project_id, plan->target.project_name);
  environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_list_store_append (environments, source);
  if (target != source)
    g_list_store_append (environments, target);
  ferry_migration_draft_load_plan (draft, plan, opt_to ? NULL : G_LIST_MODEL (environments), &notice);
  if (opt_to != NULL)
    ferry_migration_draft_set_target (draft, target, plan->target.project_id, plan->target.project_name);
  if (notice != NULL)
    fctl_note (ctx, "%s", notice);
  if (!fctl_wait_until (ctx, draft_settled, draft))
    return fctl_fail_message (ctx, FCTL_EXIT_INTERRUPTED, _("Interrupted"));
  if (!ferry_migration_draft_to_spec (draft, &spec, &error))
    return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT, "%s", error->message);

  /* Pre-flight */
  preflight = ferry_preflight_new (ferry_environment_get_connection (source), ferry_environment_get_name (source),
                                   ferry_environment_get_connection (target), ferry_environment_get_name (target),
                                   spec.package_type, spec.purpose,
                                   ferry_migration_draft_get_package_source_project (draft),
                                   ferry_migration_draft_get_package_target_project (draft));
  fctl_progress (ctx, 0.0, _("Pre-flight checks"));
  ferry_preflight_run_async (preflight, ctx->cancellable, fctl_result_cb, ctx);
  if (!ferry_preflight_run_finish (preflight, fctl_wait (ctx), &error))
    return fctl_fail (ctx, error);
  fctl_progress_end (ctx);
  report_preflight (ctx, preflight);
  if (ferry_preflight_get_blocked_reason (preflight) != NULL)
    return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT, _("Pre-flight refused: %s"),
                              ferry_preflight_get_blocked_reason (preflight));
  if (!ferry_preflight_get_can_request (preflight))
    return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT, _("Pre-flight refused: %s may not create this package"),
                              ferry_connection_get_username (ferry_environment_get_connection (source)));
  if (!opt_request_only && !ferry_preflight_get_can_apply (preflight))
    return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT,
                              _("Pre-flight refused: %s may not approve and import on %s; run with --request-only"),
                              ferry_connection_get_username (ferry_environment_get_connection (target)),
                              ferry_environment_get_name (target));

  /* The preview's confirmation, as the window asks for it. */
  if (!opt_no_undo_check && !opt_request_only)
    {
      g_autoptr(FerryPreviewResult) preview = NULL;

      fctl_progress (ctx, 0.0, _("Preview"));
      ferry_preview_run_async (ferry_environment_get_connection (source),
                               ferry_migration_draft_get_source_project_id (draft), ferry_environment_get_name (source),
                               ferry_environment_get_connection (target),
                               ferry_migration_draft_get_target_project_id (draft), ferry_environment_get_name (target),
                               ferry_migration_draft_get_settings (draft),
                               G_LIST_MODEL (ferry_migration_draft_get_content (draft)),
                               NULL, NULL, NULL, ctx->cancellable, fctl_result_cb, ctx);
      preview = ferry_preview_run_finish (fctl_wait (ctx), &error);
      fctl_progress_end (ctx);
      if (preview == NULL)
        return fctl_fail (ctx, error);
      if (ferry_preview_result_get_failure (preview) != NULL)
        return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT, _("Pre-flight refused: %s"),
                                  ferry_preview_result_get_failure (preview));
      if (ferry_preview_result_get_needs_confirmation (preview))
        return fctl_fail_message (ctx, FCTL_EXIT_PREFLIGHT,
                                  _("Pre-flight refused: the import deletes or duplicates objects, or cannot be undone "
                                    "(see `ferryctl preview`); run with --no-undo-check to go ahead"));
    }

  job = ferry_migration_job_new (ferry_environment_get_connection (source),
                                 ferry_environment_get_connection (target), &spec);
  ferry_migration_job_set_generate_undo (job, ferry_migration_draft_get_generate_undo (draft));
  ferry_migration_job_set_request_only (job, opt_request_only);

  monitor = ferry_migration_monitor_new (G_LIST_MODEL (environments), ctx->settings);
  ferry_migration_monitor_set_auto_resume (monitor, FALSE);
  return drive (ctx, monitor, job);
}
