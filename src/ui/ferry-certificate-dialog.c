/* ferry-certificate-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-certificate-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-certificate-dialog.h"
#include "ferry-core.h"

struct _FerryCertificateDialog
{
  AdwMessageDialog  parent_instance;

  char             *host;
  char             *sha256;
  GtkWidget        *fingerprint_label;
};

G_DEFINE_FINAL_TYPE (FerryCertificateDialog, ferry_certificate_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
ferry_certificate_dialog_finalize (GObject *object)
{
  FerryCertificateDialog *self = FERRY_CERTIFICATE_DIALOG (object);

  g_free (self->host);
  g_free (self->sha256);

  G_OBJECT_CLASS (ferry_certificate_dialog_parent_class)->finalize (object);
}

static void
ferry_certificate_dialog_class_init (FerryCertificateDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_certificate_dialog_finalize;
}

static void
ferry_certificate_dialog_init (FerryCertificateDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *caption = gtk_label_new (_("SHA-256 fingerprint"));

  gtk_widget_add_css_class (caption, "heading");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_box_append (GTK_BOX (box), caption);

  self->fingerprint_label = gtk_label_new (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->fingerprint_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->fingerprint_label), 0);
  gtk_widget_add_css_class (self->fingerprint_label, "monospace");
  gtk_widget_add_css_class (self->fingerprint_label, "certificate-fingerprint");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->fingerprint_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, caption, NULL,
                                  -1);
  gtk_box_append (GTK_BOX (box), self->fingerprint_label);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Untrusted Certificate"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust This Certificate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "trust", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

/* "74072C…" or "74:07:2c:…" → "74:07:2C:…"; with LINE_BYTES > 0, a line
 * break after every LINE_BYTES bytes instead of the colon. */
static char *
format_fingerprint (const char *sha256,
                    guint       line_bytes)
{
  GString *out = g_string_new (NULL);
  guint digits = 0;

  for (const char *p = sha256; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p))
        continue;
      if (digits > 0 && digits % 2 == 0)
        g_string_append_c (out, line_bytes > 0 && digits % (2 * line_bytes) == 0 ? '\n' : ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      digits++;
    }
  return g_string_free (out, FALSE);
}

FerryCertificateDialog *
ferry_certificate_dialog_new (GtkWindow  *parent,
                              const char *host,
                              const char *sha256)
{
  FerryCertificateDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  self = g_object_new (FERRY_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->host = g_strdup (host);
  self->sha256 = format_fingerprint (sha256, 0);
  {
    /* Four lines of eight bytes: easy to compare with another copy. */
    g_autofree char *lines = format_fingerprint (sha256, 8);

    gtk_label_set_label (GTK_LABEL (self->fingerprint_label), lines);
  }
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("This computer does not trust the certificate of %s, so it cannot tell "
                                    "whether it is really talking to that server. Trust the certificate only "
                                    "if its fingerprint matches the one your server administrator gives you. "
                                    "Ferry then remembers it for this server."),
                                  host);
  return self;
}

FerryCertificateDialog *
ferry_certificate_dialog_new_for_error (GtkWindow    *parent,
                                        const GError *error)
{
  const char *host;
  const char *sha256;

  g_return_val_if_fail (error != NULL, NULL);

  host = ferry_api_error_get_certificate_host (error);
  sha256 = ferry_api_error_get_certificate_sha256 (error);
  g_return_val_if_fail (sha256 != NULL, NULL);

  return ferry_certificate_dialog_new (parent, host != NULL ? host : _("the server"), sha256);
}

const char *
ferry_certificate_dialog_get_host (FerryCertificateDialog *self)
{
  g_return_val_if_fail (FERRY_IS_CERTIFICATE_DIALOG (self), NULL);
  return self->host;
}

const char *
ferry_certificate_dialog_get_sha256 (FerryCertificateDialog *self)
{
  g_return_val_if_fail (FERRY_IS_CERTIFICATE_DIALOG (self), NULL);
  return self->sha256;
}
