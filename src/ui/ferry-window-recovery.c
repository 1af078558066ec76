/* ferry-window-recovery.c: an unfinished migration comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once the window shows, the drafts folder is searched
 * (ferry_draft_file_find_recovered_async(): drafts an editor of an earlier
 * run left behind when the app was killed or quit with an editor open;
 * never one an editor of this run has open). The newest is offered in a
 * bar under the header: "An Unfinished Migration Was Recovered — “Name”",
 * with Open (an editor on that plan, modified, going on writing to the same
 * file) and Discard (the file goes).
 */

#define G_LOG_DOMAIN "ferry-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-environment-dialog.h"
#include "ferry-migration-editor.h"
#include "ferry-window-private.h"

static void
show_offer (FerryWindow *self,
            gboolean     shown)
{
  gtk_revealer_set_reveal_child (self->recovery_revealer, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-recovered-draft", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-recovered-draft", shown);
}

static void
forget_offer (FerryWindow *self)
{
  g_clear_pointer (&self->recovered_plan, ferry_plan_free);
  g_clear_object (&self->recovered_file);
  show_offer (self, FALSE);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FerryWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) plan = ferry_draft_file_find_recovered_finish (result, &file, &error);
  g_autofree char *text = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (plan == NULL)
    {
      if (error != NULL)
        g_debug ("No draft recovered: %s", error->message);
      return;
    }

  g_clear_pointer (&self->recovered_plan, ferry_plan_free);
  g_set_object (&self->recovered_file, file);
  if (plan->name != NULL && *plan->name != '\0')
    /* Translators: the name of the migration being defined when Ferry stopped */
    text = g_strdup_printf (_("An Unfinished Migration Was Recovered — “%s”"), plan->name);
  else
    text = g_strdup (_("An Unfinished Migration Was Recovered"));
  self->recovered_plan = g_steal_pointer (&plan);
  gtk_label_set_text (self->recovery_label, text);
  show_offer (self, TRUE);
}

/**
 * ferry_window_find_recovered_draft:
 *
 * Looks for a draft an earlier run left behind and offers it (a bar with
 * Open and Discard) when there is one. The application calls it once its
 * window shows.
 */
void
ferry_window_find_recovered_draft (FerryWindow *self)
{
  g_return_if_fail (FERRY_IS_WINDOW (self));

  ferry_draft_file_find_recovered_async (self->cancellable, found_cb, g_object_ref (self));
}

/* The recovered draft's file while it is offered, or NULL (for tests). */
GFile *
ferry_window_get_recovered_draft_file (FerryWindow *self)
{
  g_return_val_if_fail (FERRY_IS_WINDOW (self), NULL);
  return self->recovered_file;
}

static void
open_recovered_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  FerryMigrationEditor *editor;

  if (self->recovered_plan == NULL)
    return;
  /* The editor starts from the Compare page's environments; the plan
   * then says its own target (matched by name and URL) and its objects. */
  editor = ferry_window_new_migration (self);
  if (editor == NULL)
    {
      _ferry_window_toast (self, _("Connect a source and a target on the Compare page to open the recovered migration"));
      return;
    }
  /* Goes on writing to the same file; gone once the editor closes normally. */
  ferry_migration_editor_set_draft_file (editor, self->recovered_file);
  ferry_migration_editor_load_plan (editor, self->recovered_plan);
  forget_offer (self);
}

static void
discard_recovered_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autoptr(FerryDraftFile) draft_file = NULL;

  if (self->recovered_file == NULL)
    return;
  /* The core removes it (after a write under way, if any). */
  draft_file = ferry_draft_file_new_for_file (self->recovered_file);
  ferry_draft_file_remove (draft_file);
  forget_offer (self);
  _ferry_window_toast (self, _("The unfinished migration was discarded"));
}

void
_ferry_window_recovery_init (FerryWindow *self)
{
  show_offer (self, FALSE);
}

void
_ferry_window_recovery_finalize (FerryWindow *self)
{
  g_clear_pointer (&self->recovered_plan, ferry_plan_free);
  g_clear_object (&self->recovered_file);
}

void
_ferry_window_class_add_recovery (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recovery_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryWindow, recovery_label);
  gtk_widget_class_install_action (widget_class, "win.open-recovered-draft", NULL, open_recovered_action);
  gtk_widget_class_install_action (widget_class, "win.discard-recovered-draft", NULL, discard_recovered_action);
}
