/* ferry-password-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-password-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-password-dialog.h"

struct _FerryPasswordDialog
{
  AdwMessageDialog  parent_instance;

  FerryEnvironment *environment;
  GtkWidget        *entry;
  GtkWidget        *error_label;
  GtkWidget        *progress_box;
  GtkWidget        *spinner;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (FerryPasswordDialog, ferry_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ferry_password_dialog_dispose (GObject *object)
{
  FerryPasswordDialog *self = FERRY_PASSWORD_DIALOG (object);

  /* GTK 4.8: a GtkPasswordEntry whose text still has the focus when its
   * window is disposed leaves a "notify::has-focus" handler behind on the
   * text, which the window then runs on the freed entry ("invalid
   * unclassed pointer in cast to 'GtkPasswordEntry'"). Let go of the
   * focus while the entry is alive. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (ferry_password_dialog_parent_class)->dispose (object);
}

/* AdwMessageDialog closes itself before it emits a response (its buttons)
 * or emits the close response when closed otherwise (Escape). It stays
 * open here: the response decides (ferry_password_dialog_response). */
static gboolean
ferry_password_dialog_close_request (GtkWindow *window)
{
  /* The parent emits the close response ("cancel") unless a button's
   * response is on its way; that response closes the dialog. */
  GTK_WINDOW_CLASS (ferry_password_dialog_parent_class)->close_request (window);
  return TRUE;
}

/* The class handler runs after the handlers connected to "response". */
static void
ferry_password_dialog_response (AdwMessageDialog *dialog,
                                const char       *response)
{
  FerryPasswordDialog *self = FERRY_PASSWORD_DIALOG (dialog);

  if (g_strcmp0 (response, "connect") == 0)
    {
      /* Connecting (asynchronously): whoever connects destroys the dialog
       * or says why not. */
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
        ferry_password_dialog_set_busy (self, TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ferry_password_dialog_class_init (FerryPasswordDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_password_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = ferry_password_dialog_close_request;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = ferry_password_dialog_response;
}

static void
entry_activate_cb (FerryPasswordDialog *self)
{
  /* Enter: the default response, "Connect" (at once: the default button
   * itself would only click after its 250 ms pressed look). */
  if (!self->busy)
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "connect");
}

static void
ferry_password_dialog_init (FerryPasswordDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;

  self->entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"),
                                  -1);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);
  gtk_box_append (GTK_BOX (box), self->entry);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->error_label);

  /* "Connecting…" in place of the error while the connection is made. */
  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->spinner = gtk_spinner_new ();
  label = gtk_label_new (_("Connecting…"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (self->progress_box), self->spinner);
  gtk_box_append (GTK_BOX (self->progress_box), label);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->progress_box);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Password Required"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "connect", _("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "connect");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

FerryPasswordDialog *
ferry_password_dialog_new (GtkWindow        *parent,
                           FerryEnvironment *environment)
{
  FerryPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT (environment), NULL);

  self = g_object_new (FERRY_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->environment = g_object_ref (environment);
  /* Translators: "Password for migrator at Production (https://…)" */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self), _("Password for %s at %s (%s)"),
                                  ferry_environment_get_username (environment),
                                  ferry_environment_get_name (environment),
                                  ferry_environment_get_base_url (environment));
  gtk_window_set_focus (GTK_WINDOW (self), self->entry);

  return self;
}

FerryEnvironment *
ferry_password_dialog_get_environment (FerryPasswordDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PASSWORD_DIALOG (self), NULL);
  return self->environment;
}

const char *
ferry_password_dialog_get_password (FerryPasswordDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PASSWORD_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
ferry_password_dialog_set_error (FerryPasswordDialog *self,
                                 const char          *message)
{
  g_return_if_fail (FERRY_IS_PASSWORD_DIALOG (self));

  ferry_password_dialog_set_busy (self, FALSE);
  gtk_label_set_label (GTK_LABEL (self->error_label), message);
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (self->entry, "error");
  else
    gtk_widget_remove_css_class (self->entry, "error");
}

gboolean
ferry_password_dialog_get_busy (FerryPasswordDialog *self)
{
  g_return_val_if_fail (FERRY_IS_PASSWORD_DIALOG (self), FALSE);
  return self->busy;
}

void
ferry_password_dialog_set_busy (FerryPasswordDialog *self,
                                gboolean             busy)
{
  g_return_if_fail (FERRY_IS_PASSWORD_DIALOG (self));

  busy = !!busy;
  if (self->busy == busy)
    return;
  self->busy = busy;

  if (busy)
    {
      gtk_widget_set_visible (self->error_label, FALSE);
      gtk_widget_remove_css_class (self->entry, "error");
    }
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->entry), !busy);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", !busy);

  /* Ready for another try: Enter in the entry again. */
  if (!busy)
    gtk_widget_grab_focus (self->entry);
}
