/* ferry-migration-editor-preflight.c: the checks before Run (FerryPreflight)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor makes a FerryPreflight of its draft (the source and target
 * connections and names, package type, purpose and projects) when the
 * Preview page is reached, and again whenever one of those changes,
 * cancelling the run before. While it runs, or a blocking check failed,
 * Run is insensitive and the action bar says why; a user who may request
 * but not approve an import gets "Request Import" instead of Run.
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include "ferry-migration-editor-private.h"

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* What the pre-flight depends on: the same key, the same checks. */
static char *
preflight_key (FerryMigrationEditor *self)
{
  FerryConnection *source = ferry_migration_draft_get_source_connection (self->draft);
  FerryConnection *target = ferry_migration_draft_get_target_connection (self->draft);

  if (source == NULL || target == NULL)
    return NULL;
  return g_strdup_printf ("%p\n%p\n%s\n%s\n%d\n%d\n%s\n%s", (void *) source, (void *) target,
                          environment_name (source_env (self)), environment_name (target_env (self)),
                          package_type (self), is_merge (self),
                          or_empty (ferry_migration_draft_get_package_source_project (self->draft)),
                          or_empty (ferry_migration_draft_get_package_target_project (self->draft)));
}

static void
preflight_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The checks say what they found; a cancelled run was replaced. */
  if (!ferry_preflight_run_finish (FERRY_PREFLIGHT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Pre-flight: %s", error->message);
}

static void
run_preflight (FerryMigrationEditor *self)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight == NULL)
    return;
  /* Tied to the editor's life: its dispose cancels the checks
   * (_ferry_migration_editor_clear_preflight()). */
  self->preflight_cancellable = g_cancellable_new ();
  ferry_preflight_run_async (self->preflight, self->preflight_cancellable, preflight_done_cb, NULL);
}

static void
set_preflight (FerryMigrationEditor *self,
               FerryPreflight       *preflight,
               char                 *key)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_set_object (&self->preflight, preflight);
  g_free (self->preflight_key);
  self->preflight_key = key;
  if (preflight != NULL)
    g_signal_connect_swapped (preflight, "notify", G_CALLBACK (_ferry_migration_editor_update_actions), self);
  ferry_preflight_view_set_preflight (ferry_migration_preview_page_get_preflight_view (self->preview_page), preflight);
}

void
_ferry_migration_editor_update_preflight (FerryMigrationEditor *self)
{
  g_autofree char *key = NULL;
  g_autoptr(FerryPreflight) preflight = NULL;

  if (self->page == FERRY_MIGRATION_EDITOR_PAGE_RUN)
    return;
  key = preflight_key (self);
  if (key != NULL && g_strcmp0 (key, self->preflight_key) == 0)
    return;
  /* Away from the Preview page, what was checked is forgotten: the checks
   * run when the page is reached. */
  if (key == NULL || self->page != FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    {
      if (self->preflight != NULL)
        set_preflight (self, NULL, NULL);
      return;
    }

  preflight = ferry_preflight_new (ferry_migration_draft_get_source_connection (self->draft),
                                   environment_name (source_env (self)),
                                   ferry_migration_draft_get_target_connection (self->draft),
                                   environment_name (target_env (self)),
                                   ferry_package_type_to_string (package_type (self)),
                                   is_merge (self) ? FERRY_MIGRATION_PURPOSE_PROJECT_MERGE
                                                   : FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION,
                                   ferry_migration_draft_get_package_source_project (self->draft),
                                   ferry_migration_draft_get_package_target_project (self->draft));
  set_preflight (self, preflight, g_steal_pointer (&key));
  run_preflight (self);
}

/* Why Run must wait for the pre-flight, or NULL. */
char *
_ferry_migration_editor_preflight_reason (FerryMigrationEditor *self)
{
  const char *reason;

  if (self->preflight == NULL)
    return NULL;
  if (ferry_preflight_get_running (self->preflight))
    return g_strdup (_("Checking both servers before anything is created…"));
  reason = ferry_preflight_get_blocked_reason (self->preflight);
  return reason != NULL ? g_strdup (reason) : NULL;
}

/* The user may request the import but not approve it: Run only requests. */
gboolean
_ferry_migration_editor_request_only (FerryMigrationEditor *self)
{
  return self->preflight != NULL && !ferry_preflight_get_running (self->preflight) &&
         !ferry_preflight_get_can_apply (self->preflight) && ferry_preflight_get_can_request (self->preflight);
}

void
_ferry_migration_editor_check_again_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  FerryMigrationEditor *self = FERRY_MIGRATION_EDITOR (widget);

  if (self->page != FERRY_MIGRATION_EDITOR_PAGE_PREVIEW)
    return;
  if (self->preflight == NULL)
    _ferry_migration_editor_update_preflight (self);
  else
    run_preflight (self);
  _ferry_migration_editor_update_actions (self);
}

void
_ferry_migration_editor_clear_preflight (FerryMigrationEditor *self)
{
  if (self->preflight_cancellable != NULL)
    g_cancellable_cancel (self->preflight_cancellable);
  g_clear_object (&self->preflight_cancellable);
  if (self->preflight != NULL)
    g_signal_handlers_disconnect_by_data (self->preflight, self);
  g_clear_object (&self->preflight);
  g_clear_pointer (&self->preflight_key, g_free);
}
