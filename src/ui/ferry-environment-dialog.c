/* ferry-environment-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-environment-dialog.h"

struct _FerryEnvironmentDialog
{
  AdwWindow         parent_instance;

  /* template widgets */
  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkSpinner       *save_spinner;
  GtkLabel         *save_label;
  GtkWidget        *general_group;
  GtkLabel         *general_error;
  AdwEntryRow      *name_row;
  GtkLabel         *name_error;
  AdwEntryRow      *url_row;
  GtkLabel         *url_error;
  GtkWidget        *insecure_box;
  AdwComboRow      *login_mode_row;
  AdwEntryRow      *username_row;
  GtkLabel         *username_error;
  GtkSwitch        *remember_switch;
  AdwEntryRow      *password_row;
  GtkLabel         *password_error;
  GtkWidget        *password_hint;

  /* owned references */
  FerryEnvironment *environment;   /* being edited, or NULL */
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (FerryEnvironmentDialog, ferry_environment_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SAVED,
  SIGNAL_CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Plain http:// to a host other than this computer. */
static gboolean
url_is_insecure (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost"))
    return FALSE;
  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

static void
set_field_error (GtkWidget  *row,
                 GtkLabel   *label,
                 const char *message)
{
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (row == NULL)
    return;
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

static void
clear_errors (FerryEnvironmentDialog *self)
{
  set_field_error (NULL, self->general_error, NULL);
  gtk_widget_set_visible (self->general_group, FALSE);
  set_field_error (GTK_WIDGET (self->name_row), self->name_error, NULL);
  set_field_error (GTK_WIDGET (self->url_row), self->url_error, NULL);
  set_field_error (GTK_WIDGET (self->username_row), self->username_error, NULL);
  set_field_error (GTK_WIDGET (self->password_row), self->password_error, NULL);
}

static void
name_changed_cb (FerryEnvironmentDialog *self)
{
  set_field_error (GTK_WIDGET (self->name_row), self->name_error, NULL);
}

static void
url_changed_cb (FerryEnvironmentDialog *self)
{
  g_autofree char *url = row_text (self->url_row);

  set_field_error (GTK_WIDGET (self->url_row), self->url_error, NULL);
  gtk_widget_set_visible (self->insecure_box, url_is_insecure (url));
}

static void
username_changed_cb (FerryEnvironmentDialog *self)
{
  set_field_error (GTK_WIDGET (self->username_row), self->username_error, NULL);
}

static void
password_changed_cb (FerryEnvironmentDialog *self)
{
  set_field_error (GTK_WIDGET (self->password_row), self->password_error, NULL);
}

static void
remember_changed_cb (FerryEnvironmentDialog *self)
{
  /* Only an edited environment may have a password in the keyring; else
   * an empty field is an empty password. */
  if (self->environment != NULL && ferry_environment_get_remember_password (self->environment) &&
      gtk_switch_get_active (self->remember_switch))
    gtk_label_set_label (GTK_LABEL (self->password_hint),
                         _("Leave the password empty to keep the one in the keyring."));
  else
    gtk_label_set_label (GTK_LABEL (self->password_hint),
                         _("Leave it empty for an account without a password."));
}

static FerryLoginMode
selected_login_mode (FerryEnvironmentDialog *self)
{
  return adw_combo_row_get_selected (self->login_mode_row) == 1 ? FERRY_LOGIN_MODE_LDAP
                                                                : FERRY_LOGIN_MODE_STANDARD;
}

/* An empty password is a password (MicroStrategy's default Administrator
 * has none), except when an edited environment whose password is in the
 * keyring keeps it: the field is then left empty to keep it (the hint
 * under the field says so). */
static gboolean
keeps_keyring_password (FerryEnvironmentDialog *self,
                        const char             *password)
{
  return *password == '\0' &&
         self->environment != NULL &&
         ferry_environment_get_remember_password (self->environment) &&
         gtk_switch_get_active (self->remember_switch);
}

static void
save_clicked_cb (FerryEnvironmentDialog *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *url = row_text (self->url_row);
  g_autofree char *username = row_text (self->username_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryEnvironment) environment = NULL;

  if (self->busy)
    return;

  clear_errors (self);
  if (!ferry_environment_validate (name, url, username, &error))
    {
      ferry_environment_dialog_show_gerror (self, error);
      return;
    }

  environment = ferry_environment_new (name, url, selected_login_mode (self), username,
                                       gtk_switch_get_active (self->remember_switch));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0,
                 environment,
                 keeps_keyring_password (self, password) ? NULL : password,
                 self->environment != NULL ? ferry_environment_get_name (self->environment) : NULL);
}

static gboolean
ferry_environment_dialog_close_request (GtkWindow *window)
{
  g_signal_emit (window, signals[SIGNAL_CANCELLED], 0);
  return GTK_WINDOW_CLASS (ferry_environment_dialog_parent_class)->close_request (window);
}

static void
ferry_environment_dialog_dispose (GObject *object)
{
  FerryEnvironmentDialog *self = FERRY_ENVIRONMENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_ENVIRONMENT_DIALOG);
  g_clear_object (&self->environment);

  G_OBJECT_CLASS (ferry_environment_dialog_parent_class)->dispose (object);
}

static void
ferry_environment_dialog_class_init (FerryEnvironmentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_environment_dialog_dispose;
  window_class->close_request = ferry_environment_dialog_close_request;

  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  FERRY_TYPE_ENVIRONMENT, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/ferryapp/Ferry/ferry-environment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, save_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, save_label);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, general_group);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, general_error);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, url_error);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, insecure_box);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, login_mode_row);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, username_error);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, password_error);
  gtk_widget_class_bind_template_child (widget_class, FerryEnvironmentDialog, password_hint);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, username_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ferry_environment_dialog_init (FerryEnvironmentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_fix_mnemonics (GTK_WIDGET (self));
  g_signal_connect_swapped (self->remember_switch, "notify::active", G_CALLBACK (remember_changed_cb), self);
  remember_changed_cb (self);
}

FerryEnvironmentDialog *
ferry_environment_dialog_new (GtkWindow        *parent,
                              FerryEnvironment *environment)
{
  FerryEnvironmentDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (environment == NULL || FERRY_IS_ENVIRONMENT (environment), NULL);

  self = g_object_new (FERRY_TYPE_ENVIRONMENT_DIALOG,
                       "transient-for", parent,
                       NULL);

  if (environment != NULL)
    {
      self->environment = g_object_ref (environment);
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Environment"));
      adw_window_title_set_title (self->window_title, _("Edit Environment"));
      gtk_label_set_label (self->save_label, _("_Save"));
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), ferry_environment_get_name (environment));
      gtk_editable_set_text (GTK_EDITABLE (self->url_row), ferry_environment_get_base_url (environment));
      adw_combo_row_set_selected (self->login_mode_row,
                                  ferry_environment_get_login_mode (environment) == FERRY_LOGIN_MODE_LDAP ? 1 : 0);
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), ferry_environment_get_username (environment));
      gtk_switch_set_active (self->remember_switch, ferry_environment_get_remember_password (environment));
      remember_changed_cb (self);
    }
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->name_row));

  return self;
}

FerryEnvironment *
ferry_environment_dialog_get_environment (FerryEnvironmentDialog *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_DIALOG (self), NULL);
  return self->environment;
}

void
ferry_environment_dialog_show_error (FerryEnvironmentDialog *self,
                                     const char             *field,
                                     const char             *message)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_DIALOG (self));

  ferry_environment_dialog_set_busy (self, FALSE);

  if (g_strcmp0 (field, FERRY_ENVIRONMENT_FIELD_NAME) == 0)
    set_field_error (GTK_WIDGET (self->name_row), self->name_error, message);
  else if (g_strcmp0 (field, FERRY_ENVIRONMENT_FIELD_URL) == 0)
    set_field_error (GTK_WIDGET (self->url_row), self->url_error, message);
  else if (g_strcmp0 (field, FERRY_ENVIRONMENT_FIELD_USERNAME) == 0)
    set_field_error (GTK_WIDGET (self->username_row), self->username_error, message);
  else if (g_strcmp0 (field, FERRY_ENVIRONMENT_FIELD_PASSWORD) == 0)
    set_field_error (GTK_WIDGET (self->password_row), self->password_error, message);
  else
    {
      if (field != NULL)
        g_warning ("No field “%s” in the environment dialog", field);
      set_field_error (NULL, self->general_error, message);
      gtk_widget_set_visible (self->general_group, message != NULL);
    }
}

static const char *
field_for_error (const GError *error)
{
  if (error->domain == FERRY_ENVIRONMENT_ERROR)
    {
      switch (error->code)
        {
        case FERRY_ENVIRONMENT_ERROR_INVALID_NAME:
        case FERRY_ENVIRONMENT_ERROR_DUPLICATE_NAME:
          return FERRY_ENVIRONMENT_FIELD_NAME;
        case FERRY_ENVIRONMENT_ERROR_INVALID_URL:
          return FERRY_ENVIRONMENT_FIELD_URL;
        case FERRY_ENVIRONMENT_ERROR_INVALID_USERNAME:
          return FERRY_ENVIRONMENT_FIELD_USERNAME;
        case FERRY_ENVIRONMENT_ERROR_NO_PASSWORD:
          return FERRY_ENVIRONMENT_FIELD_PASSWORD;
        default:
          return NULL;
        }
    }

  if (error->domain == FERRY_API_ERROR)
    {
      switch (error->code)
        {
        case FERRY_API_ERROR_LOGIN_FAILED:
        case FERRY_API_ERROR_UNAUTHORIZED:
          return FERRY_ENVIRONMENT_FIELD_PASSWORD;
        case FERRY_API_ERROR_NOT_A_LIBRARY_SERVER:
        case FERRY_API_ERROR_TLS_UNTRUSTED:
        case FERRY_API_ERROR_NOT_FOUND:
        case FERRY_API_ERROR_INVALID_RESPONSE:
          return FERRY_ENVIRONMENT_FIELD_URL;
        default:
          return NULL;
        }
    }

  /* Unreachable hosts, refused connections, names that do not resolve,
   * TLS failures: the address is the thing to check. */
  if (error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return FERRY_ENVIRONMENT_FIELD_URL;
  if (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED)
    return FERRY_ENVIRONMENT_FIELD_URL;

  return NULL;
}

void
ferry_environment_dialog_show_gerror (FerryEnvironmentDialog *self,
                                      const GError           *error)
{
  g_autofree char *message = NULL;

  g_return_if_fail (FERRY_IS_ENVIRONMENT_DIALOG (self));
  g_return_if_fail (error != NULL);

  message = ferry_api_error_describe (error);
  ferry_environment_dialog_show_error (self, field_for_error (error), message);
}

void
ferry_environment_dialog_set_busy (FerryEnvironmentDialog *self,
                                   gboolean                busy)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_DIALOG (self));

  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->save_spinner), self->busy);
  gtk_spinner_set_spinning (self->save_spinner, self->busy);
  gtk_widget_set_sensitive (self->save_button, !self->busy);
}
