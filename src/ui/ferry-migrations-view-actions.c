/* ferry-migrations-view-actions.c: the Migrations page's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each action may do now is asked of ferry-migration-actions (a pure
 * table); the work is the FerryMigrationMonitor's (PATCH, jobs). The jobs
 * an action starts are reported here when they end (a toast); the window
 * reports the others.
 */

#define G_LOG_DOMAIN "ferry-migrations-view"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-migrations-view-private.h"

typedef struct
{
  FerryMigrationOp  op;
  const char       *name;
} ActionName;

/* The view's actions, in the order of their buttons. */
static const ActionName action_names[] = {
  { FERRY_MIGRATION_OP_REQUEST_IMPORT, FERRY_MIGRATION_ACTION_REQUEST_IMPORT },
  { FERRY_MIGRATION_OP_APPROVE,        FERRY_MIGRATION_ACTION_APPROVE },
  { FERRY_MIGRATION_OP_REJECT,         FERRY_MIGRATION_ACTION_REJECT },
  { FERRY_MIGRATION_OP_IMPORT,         FERRY_MIGRATION_ACTION_IMPORT },
  { FERRY_MIGRATION_OP_REQUEST_UNDO,   FERRY_MIGRATION_ACTION_REQUEST_UNDO },
  { FERRY_MIGRATION_OP_APPROVE_UNDO,   FERRY_MIGRATION_ACTION_APPROVE_UNDO },
  { FERRY_MIGRATION_OP_REJECT_UNDO,    FERRY_MIGRATION_ACTION_REJECT_UNDO },
  { FERRY_MIGRATION_OP_UNDO,           FERRY_MIGRATION_ACTION_UNDO },
  { FERRY_MIGRATION_OP_DELETE,         FERRY_MIGRATION_ACTION_DELETE },
  /* ferry-migrations-view-package.c */
  { FERRY_MIGRATION_OP_VALIDATE,       FERRY_MIGRATION_ACTION_VALIDATE },
  { FERRY_MIGRATION_OP_REQUEST_CERTIFICATION, FERRY_MIGRATION_ACTION_REQUEST_CERTIFICATION },
  { FERRY_MIGRATION_OP_CERTIFY,        FERRY_MIGRATION_ACTION_CERTIFY },
  { FERRY_MIGRATION_OP_REJECT_CERTIFICATION, FERRY_MIGRATION_ACTION_REJECT_CERTIFICATION },
  { FERRY_MIGRATION_OP_DECERTIFY,      FERRY_MIGRATION_ACTION_DECERTIFY },
  { FERRY_MIGRATION_OP_DOWNLOAD_PACKAGE, FERRY_MIGRATION_ACTION_DOWNLOAD_PACKAGE },
  { FERRY_MIGRATION_OP_DOWNLOAD_UNDO_PACKAGE, FERRY_MIGRATION_ACTION_DOWNLOAD_UNDO_PACKAGE },
  /* the window opens the editor and the target chooser */
  { FERRY_MIGRATION_OP_EDIT_PACKAGE,   FERRY_MIGRATION_ACTION_EDIT_PACKAGE },
  { FERRY_MIGRATION_OP_REUSE_PACKAGE,  FERRY_MIGRATION_ACTION_REUSE_PACKAGE },
};

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

static void
toast (FerryMigrationsView *self,
       const char          *message)
{
  _ferry_migrations_view_toast (self, message);
}

static const char *
migration_name (FerryMigration *migration)
{
  return _ferry_migrations_view_migration_name (migration);
}

static FerryConnection *
source_connection (FerryMigrationsView *self,
                   FerryMigration      *migration)
{
  return self->monitor != NULL ? ferry_migration_monitor_get_source (self->monitor, migration) : NULL;
}

static FerryConnection *
target_connection (FerryMigrationsView *self,
                   FerryMigration      *migration)
{
  return self->monitor != NULL ? ferry_migration_monitor_get_target (self->monitor, migration) : NULL;
}

/* Whether OP applies to M now; *REASON gets what it does, or why not. */
static gboolean
action_state (FerryMigrationsView *self,
              FerryMigration      *m,
              FerryMigrationOp     op,
              char               **reason)
{
  const char *id = ferry_migration_get_id (m);
  FerryConnection *source = source_connection (self, m);
  FerryConnection *target = target_connection (self, m);
  g_autofree char *src = _ferry_migrations_view_dup_source_name (self, m);
  g_autofree char *tgt = _ferry_migrations_view_dup_target_name (self, m);
  FerryJob *job = _ferry_migrations_view_running_job (self, id);
  FerryMigrationOpContext context = {
    .source_connected = source != NULL,
    .target_connected = target != NULL,
    .same_connection = source != NULL && source == target,
    .source_name = src,
    .target_name = tgt,
    .job_step = NULL,
    .updating = self->monitor != NULL && ferry_migration_monitor_get_updating (self->monitor, id),
    .toc_view = self->monitor != NULL ? ferry_migration_monitor_get_toc_view (self->monitor, id) : NULL,
  };

  if (job != NULL)
    context.job_step = ferry_job_get_step_label (job) != NULL ? ferry_job_get_step_label (job) : "";
  if (self->monitor == NULL)
    {
      *reason = NULL;
      return FALSE;
    }
  return ferry_migration_op_available (m, &context, op, reason);
}

void
_ferry_migrations_view_update_actions (FerryMigrationsView *self)
{
  FerryMigration *m = self->selected;
  g_autofree char *note = NULL;
  int next = m != NULL ? ferry_migration_op_next (m) : -1;
  const char *primary = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      g_autofree char *reason = NULL;
      gboolean enabled = m != NULL && action_state (self, m, action_names[i].op, &reason);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), action_names[i].name, enabled);
      ferry_migration_details_set_action_tooltip (self->details, action_names[i].name, reason);
      /* What cannot apply to this stage is not shown at all; the next
       * step is the suggested action (never Delete). */
      ferry_migration_details_set_action_visible (self->details, action_names[i].name,
                                                  m != NULL && ferry_migration_op_applies (m, action_names[i].op));
      if ((int) action_names[i].op == next && enabled)
        primary = action_names[i].name;
      /* An imported migration that cannot be undone says why in words
       * too, not only in a tooltip. */
      if (action_names[i].op == FERRY_MIGRATION_OP_UNDO && !enabled && m != NULL &&
          is (ferry_migration_get_import_status (m), "imported") &&
          _ferry_migrations_view_running_job (self, ferry_migration_get_id (m)) == NULL)
        note = g_steal_pointer (&reason);
    }
  ferry_migration_details_set_primary_action (self->details, primary);
  ferry_migration_details_set_note (self->details, note);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migration.copy-id", m != NULL);
}

/* The selected migration, if ACTION applies to it now (else a toast says
 * why). */
FerryMigration *
_ferry_migrations_view_action_target (FerryMigrationsView *self,
                                      FerryMigrationOp     action)
{
  g_autofree char *reason = NULL;

  if (self->selected == NULL)
    return NULL;
  if (!action_state (self, self->selected, action, &reason))
    {
      if (reason != NULL)
        toast (self, reason);
      return NULL;
    }
  return self->selected;
}

/* Starts JOB's bookkeeping: an action of the view started it on M. */
void
_ferry_migrations_view_ran (FerryMigrationsView *self,
                            FerryMigration      *m,
                            FerryJob            *job)
{
  if (job == NULL)
    return;
  g_object_set_data (G_OBJECT (job), FERRY_JOB_REPORTED_KEY, self);
  g_hash_table_replace (self->own_jobs, g_object_ref (job), g_strdup (migration_name (m)));
  if (m == self->selected)
    {
      ferry_migration_details_set_last_error (self->details, NULL);
      ferry_migration_details_set_job (self->details, job);
    }
  _ferry_migrations_view_update_cells_for (self, m);
  _ferry_migrations_view_update_actions (self);
}

typedef struct
{
  FerryMigrationsView *view;              /* borrowed: the cancellable says when it is gone */
  GCancellable        *cancellable;
  char                *id;
  char                *name;
  FerryRequestStatus   status;
  gboolean             undo;                /* the undo request, not the import's */
} PatchData;

static void
patch_data_free (PatchData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data->id);
  g_free (data->name);
  g_free (data);
}

/* What a PATCH did. */
static const char *
patch_done (const PatchData *data)
{
  switch (data->status)
    {
    case FERRY_REQUEST_STATUS_REQUESTED:
      return data->undo ? _("The undo was requested") : _("The import was requested");
    case FERRY_REQUEST_STATUS_APPROVED:
      return data->undo ? _("The undo was approved") : _("The import was approved");
    case FERRY_REQUEST_STATUS_REJECTED:
      return data->undo ? _("The undo was rejected") : _("The import was rejected");
    default:
      g_return_val_if_reached ("");
    }
}

/* Why a PATCH failed: "Could not … “name”: why". */
static char *
patch_failed (const PatchData *data,
              const char      *why)
{
  switch (data->status)
    {
    case FERRY_REQUEST_STATUS_REQUESTED:
      return data->undo ? g_strdup_printf (_("Could not request the undo of “%s”: %s"), data->name, why)
                        : g_strdup_printf (_("Could not request the import of “%s”: %s"), data->name, why);
    case FERRY_REQUEST_STATUS_APPROVED:
      return data->undo ? g_strdup_printf (_("Could not approve the undo of “%s”: %s"), data->name, why)
                        : g_strdup_printf (_("Could not approve “%s”: %s"), data->name, why);
    case FERRY_REQUEST_STATUS_REJECTED:
      return data->undo ? g_strdup_printf (_("Could not reject the undo of “%s”: %s"), data->name, why)
                        : g_strdup_printf (_("Could not reject “%s”: %s"), data->name, why);
    default:
      g_return_val_if_reached (g_strdup (why));
    }
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PatchData *data = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = data->undo
                ? ferry_migration_monitor_set_undo_request_finish (FERRY_MIGRATION_MONITOR (object), result, &error)
                : ferry_migration_monitor_set_import_request_finish (FERRY_MIGRATION_MONITOR (object), result, &error);
  FerryMigrationsView *self = data->view;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      patch_data_free (data);
      return;
    }

  if (ok)
    toast (self, patch_done (data));
  else
    {
      g_autofree char *described = ferry_api_error_describe (error);
      g_autofree char *message = patch_failed (data, described);

      toast (self, message);
    }

  if (self->selected != NULL && g_strcmp0 (ferry_migration_get_id (self->selected), data->id) == 0)
    ferry_migration_details_set_last_error (self->details,
                                            ferry_migration_monitor_get_last_error (self->monitor, data->id));
  _ferry_migrations_view_queue_update (self);
  _ferry_migrations_view_update_actions (self);
  patch_data_free (data);
}

/* PATCHes M's import request (UNDO: its undo request) to STATUS. */
static void
patch_request (FerryMigrationsView *self,
               FerryMigration      *m,
               gboolean             undo,
               FerryRequestStatus   status)
{
  PatchData *data = g_new0 (PatchData, 1);

  data->view = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->id = g_strdup (ferry_migration_get_id (m));
  data->name = g_strdup (migration_name (m));
  data->status = status;
  data->undo = undo;
  if (undo)
    ferry_migration_monitor_set_undo_request_async (self->monitor, m, status, self->cancellable, patch_cb, data);
  else
    ferry_migration_monitor_set_import_request_async (self->monitor, m, status, self->cancellable, patch_cb, data);
  _ferry_migrations_view_update_actions (self);
}

static void
set_import_request (FerryMigrationsView *self,
                    FerryMigrationOp     action,
                    FerryRequestStatus   status)
{
  FerryMigration *m = _ferry_migrations_view_action_target (self, action);

  if (m == NULL)
    return;
  patch_request (self, m, action == FERRY_MIGRATION_OP_REQUEST_UNDO, status);
}

static void
request_import_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  set_import_request (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_REQUEST_IMPORT, FERRY_REQUEST_STATUS_REQUESTED);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_import_request (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_APPROVE, FERRY_REQUEST_STATUS_APPROVED);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_IMPORT);

  if (m == NULL)
    return;
  _ferry_migrations_view_ran (self, m, ferry_migration_monitor_start_import (self->monitor, m));
}

/* --- Confirmations ------------------------------------------------------------ */

typedef struct
{
  FerryMigrationsView *view;
  FerryMigrationOp     action;
  char                *id;
} Confirm;

static void
confirm_free (gpointer data)
{
  Confirm *confirm = data;

  g_clear_weak_pointer (&confirm->view);
  g_free (confirm->id);
  g_free (confirm);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  FerryMigrationsView *self = confirm->view;
  FerryMigration *m;
  g_autofree char *reason = NULL;
  FerryJob *job;

  if (self == NULL || g_str_equal (response, "cancel"))
    return;
  if (self->monitor == NULL)
    return;
  m = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), confirm->id);
  if (m == NULL)
    return;
  /* The state may have moved while the dialog was open. */
  if (!action_state (self, m, confirm->action, &reason))
    {
      if (reason != NULL)
        toast (self, reason);
      return;
    }

  switch ((int) confirm->action)
    {
    case FERRY_MIGRATION_OP_REJECT:
      patch_request (self, m, FALSE, FERRY_REQUEST_STATUS_REJECTED);
      return;
    case FERRY_MIGRATION_OP_APPROVE_UNDO:
      patch_request (self, m, TRUE, FERRY_REQUEST_STATUS_APPROVED);
      return;
    case FERRY_MIGRATION_OP_REJECT_UNDO:
      patch_request (self, m, TRUE, FERRY_REQUEST_STATUS_REJECTED);
      return;
    case FERRY_MIGRATION_OP_UNDO:
      job = ferry_migration_monitor_start_undo (self->monitor, m);
      break;
    default:
      job = ferry_migration_monitor_start_delete (self->monitor, m);
      break;
    }
  _ferry_migrations_view_ran (self, m, job);
}

static void
ask (FerryMigrationsView *self,
     FerryMigration      *m,
     FerryMigrationOp     action,
     const char          *heading,
     const char          *body,
     const char          *response_id,
     const char          *response_label,
     gboolean             destructive)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  Confirm *confirm = g_new0 (Confirm, 1);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response_id, response_label,
                                    NULL);
  /* Undo gives the objects their state back: the default (Enter) is what
   * the user asked for. A deletion cannot be taken back: Enter cancels. */
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response_id,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), destructive ? "cancel" : response_id);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  g_set_weak_pointer (&confirm->view, self);
  confirm->action = action;
  confirm->id = g_strdup (ferry_migration_get_id (m));
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), confirm,
                         (GClosureNotify) (void (*) (void)) confirm_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_UNDO);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;

  if (m == NULL)
    return;
  where = _ferry_migrations_view_dup_target_name (self, m);
  heading = g_strdup_printf (_("Undo “%s” in %s?"), migration_name (m), where);
  body = g_strdup_printf (_("Objects replaced by this migration get their previous versions back and objects it created are removed. "
                            "Only %s changes; the migration’s record stays, marked as undone."),
                          where);
  ask (self, m, FERRY_MIGRATION_OP_UNDO, heading, body, "undo", _("_Undo"), FALSE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_REJECT);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;

  if (m == NULL)
    return;
  where = _ferry_migrations_view_dup_target_name (self, m);
  heading = g_strdup_printf (_("Reject the Import of “%s”?"), migration_name (m));
  body = g_strdup_printf (_("Nothing is imported into %s. The package stays; its import can be requested again."),
                          where);
  ask (self, m, FERRY_MIGRATION_OP_REJECT, heading, body, "reject", _("_Reject"), TRUE);
}

static void
request_undo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_import_request (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_REQUEST_UNDO, FERRY_REQUEST_STATUS_REQUESTED);
}

static void
approve_undo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_APPROVE_UNDO);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;

  if (m == NULL)
    return;
  where = _ferry_migrations_view_dup_target_name (self, m);
  heading = g_strdup_printf (_("Approve the Undo of “%s” in %s?"), migration_name (m), where);
  body = g_strdup_printf (_("The undo starts at once: objects replaced by this migration get their previous versions back "
                            "and objects it created are removed. Only %s changes."),
                          where);
  ask (self, m, FERRY_MIGRATION_OP_APPROVE_UNDO, heading, body, "approve", _("_Approve and Undo"), FALSE);
}

static void
reject_undo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_REJECT_UNDO);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;

  if (m == NULL)
    return;
  where = _ferry_migrations_view_dup_target_name (self, m);
  heading = g_strdup_printf (_("Reject the Undo of “%s”?"), migration_name (m));
  body = g_strdup_printf (_("The objects in %s stay as this migration left them. The undo can be requested again."),
                          where);
  ask (self, m, FERRY_MIGRATION_OP_REJECT_UNDO, heading, body, "reject", _("_Reject"), TRUE);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = _ferry_migrations_view_action_target (self, FERRY_MIGRATION_OP_DELETE);
  FerryConnection *source;
  FerryConnection *target;
  g_autofree char *src = NULL;
  g_autofree char *tgt = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *where = NULL;
  g_autofree char *body = NULL;
  const char *undo_note;

  if (m == NULL)
    return;
  source = source_connection (self, m);
  target = target_connection (self, m);
  src = _ferry_migrations_view_dup_source_name (self, m);
  tgt = _ferry_migrations_view_dup_target_name (self, m);

  if (source != NULL && target != NULL && source != target)
    where = g_strdup_printf (_("from %s and %s"), src, tgt);
  else if (source != NULL && target == NULL && ferry_migration_get_has_target_record (m))
    where = g_strdup_printf (_("from %s only (%s is not connected: its record stays)"), src, tgt);
  else if (source == NULL && target != NULL && ferry_migration_get_has_source_record (m))
    where = g_strdup_printf (_("from %s only (%s is not connected: its record stays)"), tgt, src);
  else
    where = g_strdup_printf (_("from %s"), source != NULL ? src : tgt);

  undo_note = ferry_migration_get_has_undo_package (m) && is (ferry_migration_get_import_status (m), "imported")
              ? _(" It can then no longer be undone.")
              : "";
  heading = g_strdup_printf (_("Delete “%s”?"), migration_name (m));
  /* Translators: the first %s is "from Development and Production" */
  body = g_strdup_printf (_("The migration's records and packages are deleted %s. The objects it imported stay as they are.%s"),
                          where, undo_note);
  ask (self, m, FERRY_MIGRATION_OP_DELETE, heading, body, "delete", _("_Delete"), TRUE);
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  if (self->selected == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ferry_migration_get_id (self->selected));
  toast (self, _("The migration's id was copied"));
}

static void
copied_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  toast (FERRY_MIGRATIONS_VIEW (widget), _("Copied"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ferry_migrations_view_refresh (FERRY_MIGRATIONS_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  ferry_migrations_view_set_search_text (self, NULL);
  ferry_migrations_view_set_status_filter (self, FERRY_MIGRATIONS_FILTER_ALL);
  ferry_migrations_view_set_purpose_filter (self, NULL);
}

static void
show_waiting_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  ferry_migrations_view_set_status_filter (self, FERRY_MIGRATIONS_FILTER_WAITING);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ferry_migrations_view_select (FERRY_MIGRATIONS_VIEW (widget), NULL);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  graphene_point_t point;

  if (self->selected == NULL)
    return;
  /* Near the top of the list; while the list is being laid out again (the
   * details panel opening), wherever the popover goes by itself. */
  if (gtk_widget_compute_point (GTK_WIDGET (self->column_view), widget,
                                &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (self->column_view)) / 3.0f, 24.0f),
                                &point))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                                 &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* --- Export -------------------------------------------------------------------- */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = ferry_migrations_view_export_finish (self, result, &error);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
    }
  else
    message = g_strdup_printf (ngettext ("%zd migration exported to %s", "%zd migrations exported to %s", n), n, name);
  toast (self, message);
}

static void
export_chooser_response_cb (GtkNativeDialog     *chooser,
                            int                  response,
                            FerryMigrationsView *self)
{
  FerryExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_migrations_view_export_async (self, format, file, self->cancellable,
                                            export_done_cb, g_object_ref (file));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryExportFormat format = g_strcmp0 (g_variant_get_string (parameter, NULL), "json") == 0
                             ? FERRY_EXPORT_FORMAT_JSON : FERRY_EXPORT_FORMAT_CSV;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("migrations.%s", ferry_export_format_get_extension (format));

  chooser = gtk_file_chooser_native_new (format == FERRY_EXPORT_FORMAT_JSON ? _("Export as JSON")
                                                                             : _("Export as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, format == FERRY_EXPORT_FORMAT_JSON ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, ferry_export_format_get_content_type (format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* --- The end of a job an action started ------------------------------------- */

void
_ferry_migrations_view_report_job (FerryMigrationsView *self,
                                   FerryJob            *job,
                                   const char          *name)
{
  FerryJobState state = ferry_job_get_state (job);
  const char *id = ferry_job_get_migration_id (job);
  FerryMigration *m = id != NULL && self->monitor != NULL
                      ? ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), id)
                      : NULL;
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;

  if (state == FERRY_JOB_STATE_CANCELLED)
    return;
  if (name == NULL)
    name = m != NULL ? migration_name (m) : ferry_job_get_migration_id (job);
  if (m != NULL)
    where = _ferry_migrations_view_dup_target_name (self, m);

  if (FERRY_IS_VALIDATION_JOB (job))
    message = ferry_validation_job_describe (FERRY_VALIDATION_JOB (job), name, where != NULL ? where : _("the target"));
  else if (state == FERRY_JOB_STATE_SUCCEEDED)
    {
      if (FERRY_IS_UNDO_JOB (job))
        message = g_strdup_printf (_("“%s” was undone in %s"), name, where != NULL ? where : _("the target"));
      else if (FERRY_IS_DELETE_JOB (job))
        message = g_strdup_printf (_("“%s” was deleted"), name);
      else
        message = g_strdup_printf (_("“%s” was imported into %s"), name, where != NULL ? where : _("the target"));
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (ferry_job_get_error (job));

      if (FERRY_IS_UNDO_JOB (job))
        message = g_strdup_printf (_("Could not undo “%s”: %s"), name, described);
      else if (FERRY_IS_DELETE_JOB (job))
        message = g_strdup_printf (_("Could not delete “%s”: %s"), name, described);
      else
        message = g_strdup_printf (_("“%s” failed: %s"), name, described);
    }
  toast (self, message);
}

void
ferry_migrations_view_report_job (FerryMigrationsView *self,
                                  FerryJob            *job)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (FERRY_IS_JOB (job));

  _ferry_migrations_view_report_job (self, job, NULL);
}

/* ------------------------------------------------------------------------ */
/* Opening a migration                                                        */
/* ------------------------------------------------------------------------ */

/* The details of the selected row, shown and focused: its next step if it
 * has one, else the first thing that takes focus there. */
static void
focus_details (FerryMigrationsView *self)
{
  GtkWidget *primary = ferry_migration_details_get_primary_button (self->details);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  if (primary != NULL && gtk_widget_is_sensitive (primary) && gtk_widget_grab_focus (primary))
    return;
  gtk_widget_child_focus (GTK_WIDGET (self->details), GTK_DIR_TAB_FORWARD);
}

void
_ferry_migrations_view_row_activated (FerryMigrationsView *self,
                                      guint                position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  focus_details (self);
}

/* migration.edit-package and migration.reuse-package: the window opens
 * the editor (win.edit-package) or the chooser of the new target
 * (win.reuse-package), given the migration's id; the view has no editor
 * of its own. */
static void
package_window_action (FerryMigrationsView *self,
                       FerryMigrationOp     op,
                       const char          *window_action)
{
  FerryMigration *m = _ferry_migrations_view_action_target (self, op);

  if (m == NULL)
    return;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), window_action, "s", ferry_migration_get_id (m)))
    g_warning ("%s is not in the window", window_action);
}

static void
edit_package_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  package_window_action (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_EDIT_PACKAGE, "win.edit-package");
}

static void
reuse_package_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  package_window_action (FERRY_MIGRATIONS_VIEW (widget), FERRY_MIGRATION_OP_REUSE_PACKAGE, "win.reuse-package");
}

/* Selects MIGRATION_ID's row among those shown, scrolls to it and shows
 * its details; FALSE when it is not shown. */
static gboolean
open_row (FerryMigrationsView *self,
          const char          *migration_id)
{
  guint position;

  if (!ferry_migrations_view_select (self, migration_id))
    return FALSE;
  position = gtk_single_selection_get_selected (self->selection);
  _ferry_migrations_view_scroll_to_row (self, position);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  return TRUE;
}

void
_ferry_migrations_view_show_pending (FerryMigrationsView *self)
{
  g_autofree char *id = NULL;

  if (self->pending_show == NULL)
    return;
  id = g_steal_pointer (&self->pending_show);
  ferry_migrations_view_show_migration (self, id);
}

/**
 * ferry_migrations_view_show_migration:
 * @migration_id: a migration's id
 *
 * Selects the row of MIGRATION_ID, scrolls to it and opens its details
 * (clearing the filters if they hide it). A migration not listed yet
 * (just started elsewhere) is shown when its row arrives; the list is read
 * again if no listing is under way.
 */
void
ferry_migrations_view_show_migration (FerryMigrationsView *self,
                                      const char          *migration_id)
{
  FerryMigrationList *all;

  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (migration_id != NULL);

  g_clear_pointer (&self->pending_show, g_free);
  if (open_row (self, migration_id))
    return;
  all = ferry_migrations_view_get_migrations (self);
  if (all != NULL && ferry_migration_list_lookup (all, migration_id) != NULL)
    {
      /* Listed but filtered out: show them all. */
      gtk_widget_activate_action (GTK_WIDGET (self), "migrations.clear-filters", NULL);
      if (open_row (self, migration_id))
        return;
    }
  self->pending_show = g_strdup (migration_id);
  if (!ferry_migrations_view_get_loading (self) && (all == NULL || ferry_migration_list_lookup (all, migration_id) == NULL))
    ferry_migrations_view_refresh (self);
}

gboolean
ferry_migrations_view_shows_details (FerryMigrationsView *self,
                                     const char          *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  return self->selected != NULL && migration_id != NULL &&
         g_strcmp0 (ferry_migration_get_id (self->selected), migration_id) == 0 &&
         adw_flap_get_reveal_flap (self->flap);
}

void
_ferry_migrations_view_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REQUEST_IMPORT, NULL, request_import_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_APPROVE, NULL, approve_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REJECT, NULL, reject_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_IMPORT, NULL, import_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REQUEST_UNDO, NULL, request_undo_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_APPROVE_UNDO, NULL, approve_undo_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REJECT_UNDO, NULL, reject_undo_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_UNDO, NULL, undo_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_DELETE, NULL, delete_action);
  _ferry_migrations_view_class_add_package_actions (widget_class);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_EDIT_PACKAGE, NULL, edit_package_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REUSE_PACKAGE, NULL, reuse_package_action);
  gtk_widget_class_install_action (widget_class, "migration.copy-id", NULL, copy_id_action);
  gtk_widget_class_install_action (widget_class, "migrations.copied", NULL, copied_action);
  gtk_widget_class_install_action (widget_class, "migrations.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "migrations.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "migrations.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "migrations.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "migrations.close-details", NULL, close_details_action);
  gtk_widget_class_install_action (widget_class, "migrations.show-waiting", NULL, show_waiting_action);
  gtk_widget_class_install_action (widget_class, "migrations.context-menu", NULL, context_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "migrations.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "migrations.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "migrations.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, FERRY_MIGRATION_ACTION_DELETE, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, FERRY_MIGRATION_ACTION_DELETE, NULL);
  /* Undo the selected migration (after its confirmation); a text field
   * that has focus undoes its own typing first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, FERRY_MIGRATION_ACTION_UNDO, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "migrations.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "migrations.context-menu", NULL);
}
