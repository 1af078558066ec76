/* ferry-migration-editor-close.c: never lose a migration being defined
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Closing (or Escape) an editor whose draft the user changed asks first:
 * Discard, Save Plan… (the save-plan flow; the editor closes once the plan
 * is saved) or Cancel. Every change of a changed draft is also kept on disk
 * (FerryDraftFile, debounced and atomic), so that it survives a crash or a
 * quit; the file goes when the editor closes normally (Discard, Run, Save
 * Plan, Done) and the window offers it again at the next start.
 */

#define G_LOG_DOMAIN "ferry-migration-editor"

#include "config.h"

#include "ferry-migration-editor-private.h"

static gboolean
is_modified (FerryMigrationEditor *self)
{
  return self->draft != NULL && self->page != FERRY_MIGRATION_EDITOR_PAGE_RUN &&
         ferry_migration_draft_get_modified (self->draft);
}

/* Every change of a changed draft goes to its file (after the delay). */
static void
draft_changed_cb (FerryMigrationEditor *self)
{
  g_autoptr(FerryPlan) plan = NULL;

  if (!is_modified (self))
    return;
  /* An edit of a created package is not offered again after a crash: a
   * recovered draft opens as a new migration, which it is not (the
   * package on the server keeps what was last saved). */
  if (self->edit_migration_id != NULL)
    return;
  if (self->draft_file == NULL)
    self->draft_file = ferry_draft_file_new ();
  plan = ferry_migration_draft_to_plan (self->draft);
  ferry_draft_file_queue (self->draft_file, plan);
}

void
_ferry_migration_editor_watch_draft (FerryMigrationEditor *self)
{
  /* What the editor opened with is not the user's work. */
  ferry_migration_draft_mark_unmodified (self->draft);
  g_signal_connect_swapped (self->draft, "changed", G_CALLBACK (draft_changed_cb), self);
  g_signal_connect_swapped (self->draft, "notify::name", G_CALLBACK (draft_changed_cb), self);
  g_signal_connect_swapped (self->draft, "notify::generate-undo", G_CALLBACK (draft_changed_cb), self);
  g_signal_connect_swapped (self->draft, "notify::modified", G_CALLBACK (draft_changed_cb), self);
}

/* Closed normally (Discard, Run, Save Plan, Done): the file goes. */
void
_ferry_migration_editor_forget_draft (FerryMigrationEditor *self)
{
  if (self->draft_file == NULL)
    return;
  ferry_draft_file_remove (self->draft_file);
  g_clear_object (&self->draft_file);
}

/* The window goes without closing (the application quits, the main window
 * closed): what is queued is written now, to be offered at the next start. */
void
_ferry_migration_editor_flush_draft (FerryMigrationEditor *self)
{
  if (self->draft_file == NULL)
    return;
  ferry_draft_file_flush (self->draft_file);
  g_clear_object (&self->draft_file);
}

void
_ferry_migration_editor_plan_saved (FerryMigrationEditor *self)
{
  ferry_migration_draft_mark_unmodified (self->draft);
  _ferry_migration_editor_forget_draft (self);
  if (self->close_after_save)
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_idle (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog     *dialog,
                   const char           *response,
                   FerryMigrationEditor *self)
{
  /* The question is answered (the dialog closes after this). */
  if (self->close_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->close_dialog), (gpointer *) &self->close_dialog);
  self->close_dialog = NULL;
  if (g_strcmp0 (response, "discard") == 0)
    {
      /* Once the dialog (transient for the editor) is done answering. */
      self->close_confirmed = TRUE;
      g_idle_add_full (G_PRIORITY_DEFAULT, close_idle, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      /* Closes once the plan is saved (_ferry_migration_editor_plan_saved()). */
      self->close_after_save = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self), "editor.save-plan", NULL);
    }
}

gboolean
_ferry_migration_editor_close_request (FerryMigrationEditor *self)
{
  g_autofree char *body = NULL;
  const char *name;
  AdwMessageDialog *dialog;

  if (self->close_dialog != NULL)
    return TRUE;
  if (self->close_confirmed || !is_modified (self))
    {
      _ferry_migration_editor_forget_draft (self);
      return FALSE;
    }

  /* Pressed Save Plan… and then cancelled the file chooser: asks again. */
  self->close_after_save = FALSE;
  name = ferry_migration_draft_get_name (self->draft);
  if (name != NULL && *name != '\0')
    body = g_strdup_printf (_("“%s” is not saved in a plan. Without saving, what you set here is lost."), name);
  else
    body = g_strdup (_("This migration is not saved in a plan. Without saving, what you set here is lost."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Save the Migration Plan?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save Plan…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  /* Enter saves; Escape keeps the editor open. */
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  self->close_dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->close_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/**
 * ferry_migration_editor_get_modified:
 *
 * Whether closing asks first: the user changed the draft since the editor
 * opened (or since the plan was last saved) and it has not run.
 */
gboolean
ferry_migration_editor_get_modified (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), FALSE);
  return is_modified (self);
}

/**
 * ferry_migration_editor_set_draft_file:
 * @file: where the unsaved draft is kept (e.g. a recovered draft's file)
 *
 * The editor goes on keeping its draft in FILE, and removes it when it
 * closes normally.
 */
void
ferry_migration_editor_set_draft_file (FerryMigrationEditor *self,
                                       GFile                *file)
{
  g_return_if_fail (FERRY_IS_MIGRATION_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_object (&self->draft_file);
  self->draft_file = ferry_draft_file_new_for_file (file);
  draft_changed_cb (self);
}

/**
 * ferry_migration_editor_get_draft_file:
 *
 * Returns: (transfer none) (nullable): the file the unsaved draft is kept
 *   in, or %NULL while there is nothing to keep.
 */
FerryDraftFile *
ferry_migration_editor_get_draft_file (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->draft_file;
}

/**
 * ferry_migration_editor_get_close_dialog:
 *
 * Returns: (transfer none) (nullable): the question asked on closing, while
 *   it is shown.
 */
GtkWidget *
ferry_migration_editor_get_close_dialog (FerryMigrationEditor *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION_EDITOR (self), NULL);
  return self->close_dialog;
}
