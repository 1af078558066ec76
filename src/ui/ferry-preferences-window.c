/* ferry-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-application.h"
#include "ferry-core.h"
#include "ferry-preferences-window.h"

#define FOLDER_KEY   "default-folder"
#define POLL_MIN_KEY "poll-interval-min"
#define POLL_MAX_KEY "poll-interval-max"

struct _FerryPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings       *settings;
  FerryTrustStore *trust_store;

  AdwActionRow    *folder_row;
  GtkButton       *folder_button;
  GtkButton       *folder_reset_button;
  GtkSpinButton   *poll_min_spin;
  GtkSpinButton   *poll_max_spin;
  GtkAdjustment   *poll_min_adjustment;
  GtkAdjustment   *poll_max_adjustment;
  GtkListBox      *trust_list;
};

G_DEFINE_FINAL_TYPE (FerryPreferencesWindow, ferry_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* --- default folder ------------------------------------------------------------ */

static void
update_folder_row (FerryPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, FOLDER_KEY);

  if (path[0] == '\0')
    {
      adw_action_row_set_subtitle (self->folder_row, _("Home folder"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->folder_reset_button), FALSE);
    }
  else
    {
      g_autofree char *shown = g_filename_display_name (path);

      adw_action_row_set_subtitle (self->folder_row, shown);
      gtk_widget_set_sensitive (GTK_WIDGET (self->folder_reset_button), TRUE);
    }
}

static void
folder_chosen_cb (GtkNativeDialog        *chooser,
                  int                     response,
                  FerryPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, FOLDER_KEY, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
folder_choose_clicked_cb (FerryPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *path = g_settings_get_string (self->settings, FOLDER_KEY);
  g_autoptr(GFile) current = g_file_new_for_path (path[0] != '\0' ? path : g_get_home_dir ());

  chooser = gtk_file_chooser_native_new (_("Folder for Plans and Packages"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
folder_reset_clicked_cb (FerryPreferencesWindow *self)
{
  g_settings_reset (self->settings, FOLDER_KEY);
}

void
ferry_preferences_apply_default_folder (GtkFileChooser *chooser,
                                        GtkWidget      *widget)
{
  GtkRoot *root;
  GtkApplication *app = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (GTK_IS_FILE_CHOOSER (chooser));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  /* A dialog (the editor, the import dialog) belongs to the application
   * through the window it is transient for. */
  for (GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
       window != NULL && app == NULL;
       window = gtk_window_get_transient_for (window))
    app = gtk_window_get_application (window);
  if (app == NULL && FERRY_IS_APPLICATION (g_application_get_default ()))
    app = GTK_APPLICATION (g_application_get_default ());
  if (!FERRY_IS_APPLICATION (app) || ferry_application_get_settings (FERRY_APPLICATION (app)) == NULL)
    return;

  path = g_settings_get_string (ferry_application_get_settings (FERRY_APPLICATION (app)), FOLDER_KEY);
  folder = g_file_new_for_path (path[0] != '\0' ? path : g_get_home_dir ());
  /* A folder since removed: the chooser's own start. */
  if (g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    return;
  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
}

/* --- polling bounds -------------------------------------------------------------- */

/* The longest interval never goes below the shortest (the monitor counts
 * such a maximum as the minimum; the window shows the same). */
static void
poll_min_changed_cb (FerryPreferencesWindow *self)
{
  double min = gtk_adjustment_get_value (self->poll_min_adjustment);

  gtk_adjustment_set_lower (self->poll_max_adjustment, min);
  if (gtk_adjustment_get_value (self->poll_max_adjustment) < min)
    gtk_adjustment_set_value (self->poll_max_adjustment, min);
}

/* --- trusted certificates ---------------------------------------------------------- */

/* "AB:CD:…" in groups of two, upper case, as certificate viewers show it. */
static char *
format_fingerprint (const char *sha256)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; sha256[i] != '\0'; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (sha256[i]));
    }
  return g_string_free (out, FALSE);
}

static void
revoke_clicked_cb (GtkButton              *button,
                   FerryPreferencesWindow *self)
{
  const char *host = g_object_get_data (G_OBJECT (button), "ferry-host");
  g_autofree char *text = NULL;

  ferry_trust_store_remove_host (self->trust_store, host);

  /* Translators: a toast after Revoke in Preferences: "library.example.com: certificate no longer trusted" */
  text = g_strdup_printf (_("%s: certificate no longer trusted"), host);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static GtkWidget *
trust_row_new (FerryPreferencesWindow *self,
               const char             *host)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  GtkWidget *row;
  GtkWidget *button;

  if (!ferry_trust_store_get_host (self->trust_store, host, &sha256, &when))
    return NULL;

  fingerprint = format_fingerprint (sha256);
  if (when != NULL)
    {
      local = g_date_time_to_local (when);
      /* Translators: the date a certificate was trusted, g_date_time_format() */
      date = g_date_time_format (local, _("%-d %b %Y, %H:%M"));
      /* Translators: "SHA-256 AB:CD:…" newline "Trusted on 2026-11-22 14:03" */
      subtitle = g_strdup_printf (_("SHA-256 %s\nTrusted on %s"), fingerprint, date);
    }
  else
    subtitle = g_strdup_printf (_("SHA-256 %s"), fingerprint);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), host);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "property");

  button = gtk_button_new_with_mnemonic (_("_Revoke"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  /* Translators: the accessible description of Revoke: "Stop trusting the certificate of library.example.com" */
  description = g_strdup_printf (_("Stop trusting the certificate of %s"), host);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "ferry-host", g_strdup (host), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (revoke_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "ferry-host", g_strdup (host), g_free);

  return row;
}

static void
rebuild_trust_rows (FerryPreferencesWindow *self)
{
  g_auto(GStrv) hosts = ferry_trust_store_list_hosts (self->trust_store);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->trust_list))) != NULL)
    gtk_list_box_remove (self->trust_list, child);

  for (guint i = 0; hosts[i] != NULL; i++)
    {
      GtkWidget *row = trust_row_new (self, hosts[i]);

      if (row != NULL)
        gtk_list_box_append (self->trust_list, row);
    }

  if (hosts[0] == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No certificates trusted"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_append (self->trust_list, row);
    }
}

GtkWidget *
ferry_preferences_window_get_trust_row (FerryPreferencesWindow *self,
                                        const char             *host)
{
  g_return_val_if_fail (FERRY_IS_PREFERENCES_WINDOW (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->trust_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "ferry-host"), host) == 0)
      return child;
  return NULL;
}

/* --- the window ---------------------------------------------------------------------- */

static void
ferry_preferences_window_dispose (GObject *object)
{
  FerryPreferencesWindow *self = FERRY_PREFERENCES_WINDOW (object);

  g_clear_object (&self->trust_store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_preferences_window_parent_class)->dispose (object);
}

static void
ferry_preferences_window_class_init (FerryPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, folder_button);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, folder_reset_button);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, poll_min_spin);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, poll_max_spin);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, poll_min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, poll_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FerryPreferencesWindow, trust_list);
  gtk_widget_class_bind_template_callback (widget_class, folder_choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, folder_reset_clicked_cb);
}

static void
ferry_preferences_window_init (FerryPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FerryPreferencesWindow *
ferry_preferences_window_new (GtkWindow *parent,
                              GSettings *settings)
{
  FerryPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FERRY_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->settings = g_object_ref (settings);
  self->trust_store = ferry_trust_store_new (settings);

  g_signal_connect_object (settings, "changed::" FOLDER_KEY,
                           G_CALLBACK (update_folder_row), self, G_CONNECT_SWAPPED);
  update_folder_row (self);

  g_settings_bind (settings, POLL_MIN_KEY, self->poll_min_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, POLL_MAX_KEY, self->poll_max_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->poll_min_adjustment, "value-changed",
                           G_CALLBACK (poll_min_changed_cb), self, G_CONNECT_SWAPPED);
  poll_min_changed_cb (self);

  g_signal_connect_object (self->trust_store, "changed",
                           G_CALLBACK (rebuild_trust_rows), self, G_CONNECT_SWAPPED);
  rebuild_trust_rows (self);

  return self;
}
