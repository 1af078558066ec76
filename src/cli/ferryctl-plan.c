/* ferryctl-plan.c: plan new, compare, preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * plan new builds a FerryMigrationDraft as the window's editor does and
 * writes ferry_migration_draft_to_plan() — the window's plan format.
 * compare is ferry_compare_projects_async() (the Compare page), preview
 * ferry_preview_run_async() (the editor's preview page).
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ferryctl.h"

/* --- plan new ---------------------------------------------------------------- */

static gboolean opt_merge;
static char **opt_objects, **opt_object_actions;
static char *opt_default_action, *opt_name;

const GOptionEntry fctl_plan_entries[] = {
  { "merge", 'm', 0, G_OPTION_ARG_NONE, &opt_merge, N_("A project merge"), NULL },
  { "objects", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &opt_objects,
    N_("An object migration of these object ids (comma-separated; repeatable)"), N_("ID,…") },
  { "default-action", 'a', 0, G_OPTION_ARG_STRING, &opt_default_action,
    N_("The conflict action of every object (default use_newer)"), N_("ACTION") },
  { "object-action", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_object_actions,
    N_("The conflict action of one object (repeatable)"), N_("ID=ACTION") },
  { "name", 'n', 0, G_OPTION_ARG_STRING, &opt_name, N_("The migration's name"), N_("NAME") },
  { NULL }
};

static gboolean
parse_action (const char          *text,
              FerryConflictAction *action,
              GError             **error)
{
  if (ferry_conflict_action_from_string (text, action))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a conflict action (use_existing, replace, keep_both, use_newer, use_older, "
                 "force_replace, delete)"), text);
  return FALSE;
}

static int
plan_new (FctlContext  *ctx,
          int           argc,
          char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryMigrationDraft) draft = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GHashTable) actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *src_project = NULL, *src_name = NULL, *tgt_project = NULL, *tgt_name = NULL;
  g_autofree char *data = NULL;
  FerryConflictAction default_action = FERRY_MIGRATION_DRAFT_DEFAULT_ACTION;
  FerryEnvironment *source, *target;
  gsize length;

  if (argc != 4)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("plan new takes SRC:PROJECT and TGT:PROJECT"));
  if (opt_merge == (opt_objects != NULL))
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("plan new takes either --merge or --objects"));
  if (opt_default_action != NULL && !parse_action (opt_default_action, &default_action, &error))
    return fctl_fail (ctx, error);
  for (guint i = 0; opt_object_actions != NULL && opt_object_actions[i] != NULL; i++)
    {
      const char *equals = strchr (opt_object_actions[i], '=');
      FerryConflictAction action;

      if (equals == NULL)
        return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("--object-action takes ID=ACTION"));
      if (!parse_action (equals + 1, &action, &error))
        return fctl_fail (ctx, error);
      g_hash_table_replace (actions, g_ascii_strup (opt_object_actions[i], equals - opt_object_actions[i]),
                            GINT_TO_POINTER (action));
    }

  source = fctl_resolve_endpoint (ctx, argv[2], TRUE, &src_project, &src_name, &error);
  if (source == NULL)
    return fctl_fail (ctx, error);
  target = fctl_resolve_endpoint (ctx, argv[3], TRUE, &tgt_project, &tgt_name, &error);
  if (target == NULL)
    return fctl_fail (ctx, error);

  draft = ferry_migration_draft_new ();
  ferry_migration_draft_set_project_merge (draft, opt_merge);
  ferry_migration_draft_set_source (draft, source, src_project, src_name);
  ferry_migration_draft_set_target (draft, target, tgt_project, tgt_name);

  if (opt_objects != NULL)
    {
      g_autoptr(FerryInventory) inventory = NULL;

      fctl_progress (ctx, 0.5, _("Reading the source project"));
      ferry_inventory_load_async (ferry_environment_get_connection (source), src_project, NULL, NULL, NULL,
                                  ctx->cancellable, fctl_result_cb, ctx);
      inventory = ferry_inventory_load_finish (fctl_wait (ctx), NULL, &error);
      fctl_progress_end (ctx);
      if (inventory == NULL)
        return fctl_fail (ctx, error);

      for (guint i = 0; opt_objects[i] != NULL; i++)
        {
          g_auto(GStrv) ids = g_strsplit (opt_objects[i], ",", -1);

          for (guint j = 0; ids[j] != NULL; j++)
            {
              g_autofree char *id = g_ascii_strup (g_strstrip (ids[j]), -1);
              const FerryInventoryItem *item;
              g_autoptr(FerryContentItem) content = NULL;
              gpointer action;

              if (*id == '\0')
                continue;
              item = ferry_inventory_find (inventory, id);
              if (item == NULL)
                return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("%s / %s has no object %s"),
                                          ferry_environment_get_name (source), src_name, id);
              if (!g_hash_table_lookup_extended (actions, id, NULL, &action))
                action = GINT_TO_POINTER (default_action);
              content = ferry_content_item_new (item->id, item->name, item->type, item->subtype, item->path,
                                                GPOINTER_TO_INT (action), TRUE);
              g_list_store_append (ferry_migration_draft_get_content (draft), content);
            }
        }
    }
  else if (opt_default_action != NULL)
    g_object_set (ferry_migration_draft_get_settings (draft), "default-action", default_action, NULL);

  if (opt_name != NULL)
    ferry_migration_draft_set_name (draft, opt_name);
  else
    {
      g_autofree char *name = ferry_migration_draft_make_auto_name (draft);

      ferry_migration_draft_set_name (draft, name);
    }

  plan = ferry_migration_draft_to_plan (draft);
  data = ferry_plan_to_data (plan, &length);
  fwrite (data, 1, length, stdout);
  if (length > 0 && data[length - 1] != '\n')
    fputc ('\n', stdout);
  return FCTL_EXIT_OK;
}

int
fctl_cmd_plan (FctlContext  *ctx,
               int           argc,
               char        **argv)
{
  if (argc < 2 || !g_str_equal (argv[1], "new"))
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("plan takes a subcommand: plan new"));
  return plan_new (ctx, argc, argv);
}

/* --- compare -------------------------------------------------------------------- */

static gboolean opt_differences;

const GOptionEntry fctl_compare_entries[] = {
  { "differences", 'D', 0, G_OPTION_ARG_NONE, &opt_differences,
    N_("One line per differing object: mark, type, path, versions"), NULL },
  { NULL }
};

static const struct { const char *key, *mark, *label; } diff_states[FERRY_DIFF_N_STATES] = {
  [FERRY_DIFF_STATE_ONLY_IN_SOURCE] = { "only-in-source", "+", N_("new (only in the source)") },
  [FERRY_DIFF_STATE_ONLY_IN_TARGET] = { "only-in-target", "-", N_("only in the target") },
  [FERRY_DIFF_STATE_IDENTICAL] = { "identical", "=", N_("the same") },
  [FERRY_DIFF_STATE_NEWER_IN_SOURCE] = { "newer-in-source", ">", N_("newer in the source") },
  [FERRY_DIFF_STATE_NEWER_IN_TARGET] = { "newer-in-target", "<", N_("newer in the target") },
  [FERRY_DIFF_STATE_MOVED] = { "moved", "~", N_("moved") },
};

int
fctl_cmd_compare (FctlContext  *ctx,
                  int           argc,
                  char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryCompareResult) result = NULL;
  g_autofree char *src_project = NULL, *src_name = NULL, *tgt_project = NULL, *tgt_name = NULL;
  FerryEnvironment *source, *target;
  JsonBuilder *b = fctl_json (ctx);

  if (argc != 3)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("compare takes SRC[:PROJECT] and TGT[:PROJECT]"));
  source = fctl_resolve_endpoint (ctx, argv[1], FALSE, &src_project, &src_name, &error);
  if (source == NULL)
    return fctl_fail (ctx, error);
  target = fctl_resolve_endpoint (ctx, argv[2], FALSE, &tgt_project, &tgt_name, &error);
  if (target == NULL)
    return fctl_fail (ctx, error);
  /* One project named: the same on the other side. */
  if (src_project == NULL && tgt_project != NULL)
    src_project = g_strdup (tgt_project);
  if (tgt_project == NULL && src_project != NULL)
    tgt_project = g_strdup (src_project);

  fctl_progress (ctx, 0.5, _("Comparing"));
  ferry_compare_projects_async (ferry_environment_get_connection (source), src_project,
                                ferry_environment_get_connection (target), tgt_project,
                                NULL, NULL, NULL, ctx->cancellable, fctl_result_cb, ctx);
  result = ferry_compare_projects_finish (fctl_wait (ctx), NULL, &error);
  fctl_progress_end (ctx);
  if (result == NULL)
    return fctl_fail (ctx, error);

  if (b != NULL)
    {
      json_builder_set_member_name (b, "counts");
      json_builder_begin_object (b);
      for (guint s = 0; s < FERRY_DIFF_N_STATES; s++)
        {
          json_builder_set_member_name (b, diff_states[s].key);
          json_builder_add_int_value (b, ferry_compare_result_get_count (result, s));
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "differences");
      json_builder_begin_array (b);
    }
  else
    for (guint s = 0; s < FERRY_DIFF_N_STATES; s++)
      fctl_print (ctx, "%6u  %s", ferry_compare_result_get_count (result, s), _(diff_states[s].label));

  for (guint i = 0; (opt_differences || b != NULL) && i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *entry = ferry_compare_result_get_entry (result, i);
      const FerryInventoryItem *src = ferry_compare_result_get_source_item (result, entry);
      const FerryInventoryItem *tgt = ferry_compare_result_get_target_item (result, entry);
      const FerryInventoryItem *item = src ? src : tgt;
      g_autofree char *path = NULL;

      if (entry->state == FERRY_DIFF_STATE_IDENTICAL && !entry->moved)
        continue;
      path = g_strdup_printf ("%s/%s", item->path ? item->path : "", item->name ? item->name : item->id);
      if (b != NULL)
        {
          json_builder_begin_object (b);
          fctl_json_string (b, "mark", diff_states[entry->state].mark);
          fctl_json_string (b, "state", diff_states[entry->state].key);
          fctl_json_string (b, "id", entry->id);
          json_builder_set_member_name (b, "type");
          json_builder_add_int_value (b, item->type);
          fctl_json_string (b, "path", path);
          fctl_json_string (b, "source-version", src ? src->version : NULL);
          fctl_json_string (b, "target-version", tgt ? tgt->version : NULL);
          json_builder_end_object (b);
        }
      else
        fctl_print (ctx, "%s %5d  %s  %s  %s", diff_states[entry->state].mark, item->type, path,
                    src && src->version ? src->version : "-", tgt && tgt->version ? tgt->version : "-");
    }
  if (b != NULL)
    json_builder_end_array (b);
  return FCTL_EXIT_OK;
}

/* --- preview -------------------------------------------------------------------- */

int
fctl_cmd_preview (FctlContext  *ctx,
                  int           argc,
                  char        **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(FerryMigrationDraft) draft = NULL;
  g_autoptr(FerryPreviewResult) preview = NULL;
  FerryEnvironment *source, *target;
  JsonBuilder *b = fctl_json (ctx);
  GListModel *items;

  if (argc != 2)
    return fctl_fail_message (ctx, FCTL_EXIT_USAGE, _("preview takes one PLAN.json"));
  file = g_file_new_for_commandline_arg (argv[1]);
  ferry_plan_load_async (file, ctx->cancellable, fctl_result_cb, ctx);
  plan = ferry_plan_load_finish (fctl_wait (ctx), &error);
  if (plan == NULL)
    {
      fctl_fail (ctx, error);
      return FCTL_EXIT_USAGE;
    }
  source = fctl_lookup_environment (ctx, plan->source.environment_name, &error);
  target = source ? fctl_lookup_environment (ctx, plan->target.environment_name, &error) : NULL;
  if (target == NULL)
    return fctl_fail (ctx, error);
  if (!fctl_connect (ctx, source, &error) || !fctl_connect (ctx, target, &error))
    return fctl_fail (ctx, error);

  draft = ferry_migration_draft_new ();
  ferry_migration_draft_set_source (draft, source, plan->source.project_id, plan->source.project_name);
  ferry_migration_draft_set_target (draft, target, plan->target.project_id, plan->target.project_name);
  ferry_migration_draft_load_plan (draft, plan, NULL, NULL);

  fctl_progress (ctx, 0.5, _("Preview"));
  ferry_preview_run_async (ferry_environment_get_connection (source), plan->source.project_id,
                           ferry_environment_get_name (source),
                           ferry_environment_get_connection (target), plan->target.project_id,
                           ferry_environment_get_name (target),
                           ferry_migration_draft_get_settings (draft),
                           G_LIST_MODEL (ferry_migration_draft_get_content (draft)),
                           NULL, NULL, NULL, ctx->cancellable, fctl_result_cb, ctx);
  preview = ferry_preview_run_finish (fctl_wait (ctx), &error);
  fctl_progress_end (ctx);
  if (preview == NULL)
    return fctl_fail (ctx, error);

  items = ferry_preview_result_get_items (preview);
  if (b != NULL)
    {
      json_builder_set_member_name (b, "needs-confirmation");
      json_builder_add_boolean_value (b, ferry_preview_result_get_needs_confirmation (preview));
      json_builder_set_member_name (b, "undo-possible");
      json_builder_add_boolean_value (b, ferry_preview_result_get_undo_possible (preview));
      fctl_json_string (b, "failure", ferry_preview_result_get_failure (preview));
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
    }
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (items, i);
      FerryOutcome outcome = ferry_preview_item_get_outcome (item);
      g_autoptr(GEnumClass) outcomes = g_type_class_ref (FERRY_TYPE_OUTCOME);
      GEnumValue *value = g_enum_get_value (outcomes, outcome);

      if (b != NULL)
        {
          json_builder_begin_object (b);
          fctl_json_string (b, "id", ferry_preview_item_get_id (item));
          fctl_json_string (b, "name", ferry_preview_item_get_name (item));
          fctl_json_string (b, "type", ferry_preview_item_get_type_name (item));
          fctl_json_string (b, "path", ferry_preview_item_get_path (item));
          fctl_json_string (b, "outcome", value ? value->value_nick : NULL);
          fctl_json_string (b, "action", ferry_conflict_action_to_string (ferry_preview_item_get_action (item)));
          fctl_json_string (b, "rule", ferry_preview_item_get_rule (item));
          fctl_json_string (b, "explanation", ferry_preview_item_get_explanation (item));
          json_builder_end_object (b);
        }
      else
        fctl_print (ctx, "%-14s %s/%s  (%s)", ferry_outcome_get_label (outcome),
                    ferry_preview_item_get_path (item) ?: "", ferry_preview_item_get_name (item),
                    ferry_preview_item_get_rule (item) ?: "");
    }
  if (b != NULL)
    json_builder_end_array (b);
  else
    {
      g_autofree char *summary = ferry_preview_result_dup_summary (preview);

      if (ferry_preview_result_get_failure (preview) != NULL)
        fctl_print (ctx, "%s", ferry_preview_result_get_failure (preview));
      if (ferry_preview_result_get_needs_confirmation (preview))
        fctl_print (ctx, "%s", _("This import deletes or duplicates objects, or cannot be undone: "
                                 "`ferryctl run` needs --no-undo-check."));
    }
  return FCTL_EXIT_OK;
}
