/* test-preferences.c: Preferences and removing an environment (issue 16)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In a FerryApplication with a window, against an in-process sandbox over
 * TLS whose certificate this computer does not trust:
 * - Preferences (app.preferences) lists the trusted host with its
 *   fingerprint and date; Revoke removes it, and connecting again asks
 *   again (the certificate dialog shows);
 * - the default folder of Preferences is where the import file chooser
 *   starts;
 * - the polling bounds: the longest never below the shortest;
 * - removing an environment offers to forget its trusted certificate
 *   (checked by default), and Remove forgets it.
 * Screenshots preferences-*.png.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-certificate-dialog.h"
#include "ferry-environment-dialog.h"
#include "ferry-preferences-window.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "ui-test-util.h"

typedef struct
{
  char         *state;
  FerrySandbox *secure;
  char         *host_key;
} Secure;

static gboolean
certificate_dialog_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG) != NULL;
}

static gboolean
certificate_dialog_gone (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG) == NULL;
}

static gboolean
environment_dialog_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG) != NULL;
}

static gboolean
environment_dialog_gone (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG) == NULL;
}

static gboolean
preferences_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_PREFERENCES_WINDOW) != NULL;
}

static void
answer (gpointer    dialog,
        const char *response)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
fill (GtkWindow  *dialog,
      const char *field,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, field)), text);
}

static void
save (GtkWindow *dialog)
{
  g_signal_emit_by_name (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "save_button"), "clicked");
}

static gboolean
trusted (const char *host_key)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) value = g_settings_get_value (settings, "trusted-certificates");
  const char *fingerprint;

  return g_variant_lookup (value, host_key, "&s", &fingerprint);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
secure_start (Secure *s)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-key.pem", NULL);
  g_autoptr(GError) error = NULL;

  s->state = g_dir_make_tmp ("ferry-test-prefs-XXXXXX", NULL);
  s->secure = g_object_new (FERRY_TYPE_SANDBOX,
                            "state-dir", s->state,
                            "seed", "empty",
                            "name", "Secure",
                            "tls-cert-file", cert,
                            "tls-key-file", key,
                            NULL);
  ferry_sandbox_start (s->secure, &error);
  g_assert_no_error (error);
  s->host_key = g_strdup_printf ("127.0.0.1:%u", ferry_sandbox_get_port (s->secure));
}

static void
secure_stop (Secure *s)
{
  ferry_sandbox_stop (s->secure);
  g_clear_object (&s->secure);
  remove_tree (s->state);
  g_clear_pointer (&s->state, g_free);
  g_clear_pointer (&s->host_key, g_free);
}

/* The environment dialog (add or edit) saved with the analyst's password:
 * the certificate question comes, answered with RESPONSE. */
static void
save_and_answer (GtkWindow  *dialog,
                 const char *response)
{
  FerryCertificateDialog *certificate;

  fill (dialog, "password_row", "analyst");
  save (dialog);
  g_assert_true (utu_spin_until (certificate_dialog_shown, NULL, 10000));
  certificate = FERRY_CERTIFICATE_DIALOG (utu_find_toplevel (FERRY_TYPE_CERTIFICATE_DIALOG));
  g_assert_cmpstr (ferry_certificate_dialog_get_host (certificate), ==, "127.0.0.1");
  answer (certificate, response);
  g_assert_true (utu_spin_until (certificate_dialog_gone, NULL, 5000));
}

static void
add_secure (Secure *s)
{
  GtkWindow *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.add-environment", NULL));
  g_assert_true (utu_spin_until (environment_dialog_shown, NULL, 5000));
  dialog = utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG);
  fill (dialog, "name_row", "Secure");
  fill (dialog, "url_row", ferry_sandbox_get_base_url (s->secure));
  fill (dialog, "username_row", "analyst");
  gtk_switch_set_active (GTK_SWITCH (utu_child (dialog, FERRY_TYPE_ENVIRONMENT_DIALOG, "remember_switch")), FALSE);
  save_and_answer (dialog, "trust");
  g_assert_true (utu_spin_until (environment_dialog_gone, NULL, 10000));
  g_assert_true (trusted (s->host_key));
}

static FerryPreferencesWindow *
open_preferences (void)
{
  FerryPreferencesWindow *preferences;

  g_action_group_activate_action (G_ACTION_GROUP (g_application_get_default ()), "preferences", NULL);
  g_assert_true (utu_spin_until (preferences_shown, NULL, 5000));
  preferences = FERRY_PREFERENCES_WINDOW (utu_find_toplevel (FERRY_TYPE_PREFERENCES_WINDOW));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (utu_main_window ()));
  utu_wait_ms (300);
  return preferences;
}

static gboolean
row_gone (gpointer data)
{
  gpointer *pair = data;

  return ferry_preferences_window_get_trust_row (pair[0], pair[1]) == NULL;
}

/* Revoke: the row goes, the host is no longer trusted, and connecting to
 * it again asks again. */
static void
test_revoke (void)
{
  Secure s = { 0 };
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  FerryPreferencesWindow *preferences;
  FerryEnvironment *added;
  GtkWidget *row;
  GtkWidget *revoke;
  GtkWindow *dialog;
  const char *subtitle;

  secure_start (&s);
  add_secure (&s);
  added = ferry_environment_list_lookup (list, "Secure");
  g_assert_nonnull (added);

  preferences = open_preferences ();
  row = ferry_preferences_window_get_trust_row (preferences, s.host_key);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, s.host_key);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("row: %s", subtitle);
  /* The fingerprint as certificate viewers show it, and the date. */
  g_assert_true (g_str_has_prefix (subtitle, "SHA-256 74:07:2C:9B"));
  g_assert_nonnull (strstr (subtitle, "Trusted on "));
  utu_screenshot (GTK_WIDGET (preferences), "preferences-trusted.png");

  revoke = find_button (row, "_Revoke");
  g_assert_nonnull (revoke);
  g_assert_true (gtk_widget_is_sensitive (revoke));
  g_signal_emit_by_name (revoke, "clicked");
  g_assert_true (utu_spin_until (row_gone, (gpointer[]) { preferences, s.host_key }, 5000));
  g_assert_false (trusted (s.host_key));
  utu_screenshot (GTK_WIDGET (preferences), "preferences-revoked.png");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The next connection asks again (here: Edit, Save). Refused: not
   * trusted, still not connected. */
  ferry_environment_disconnect (added);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.edit-environment", "s", "Secure"));
  g_assert_true (utu_spin_until (environment_dialog_shown, NULL, 5000));
  dialog = utu_find_toplevel (FERRY_TYPE_ENVIRONMENT_DIALOG);
  save_and_answer (dialog, "cancel");
  g_assert_false (trusted (s.host_key));
  g_assert_cmpint (ferry_environment_get_state (added), !=, FERRY_CONNECTION_STATE_CONNECTED);
  gtk_window_destroy (dialog);
  g_assert_true (utu_spin_until (environment_dialog_gone, NULL, 5000));

  ferry_environment_list_remove (list, "Secure");
  secure_stop (&s);
}

/* Remove asks, with "Forget the trusted certificate" checked; Remove
 * then forgets the environment and its trust. */
static void
test_remove_forgets (void)
{
  Secure s = { 0 };
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  AdwMessageDialog *confirm;
  GtkWidget *extra;
  GtkWidget *forget_trust;

  secure_start (&s);
  add_secure (&s);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.remove-environment", "s", "Secure"));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  confirm = utu_find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Remove Secure?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  extra = adw_message_dialog_get_extra_child (confirm);
  g_assert_nonnull (extra);
  forget_trust = find_named (extra, "forget-trust");
  g_assert_nonnull (forget_trust);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (forget_trust)));
  g_assert_nonnull (strstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (forget_trust)), "127.0.0.1"));
  /* Not remembered: no keyring entry to ask about. */
  g_assert_null (find_named (extra, "forget-password"));
  utu_wait_ms (300);
  utu_screenshot (GTK_WIDGET (confirm), "preferences-remove-environment.png");

  /* Cancel keeps everything. */
  answer (confirm, "cancel");
  g_assert_nonnull (ferry_environment_list_lookup (list, "Secure"));
  g_assert_true (trusted (s.host_key));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.remove-environment", "s", "Secure"));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  confirm = utu_find_dialog ();
  answer (confirm, "remove");
  g_assert_null (ferry_environment_list_lookup (list, "Secure"));
  g_assert_false (trusted (s.host_key));

  secure_stop (&s);
}

/* Unchecked: removed, the trust kept. */
static void
test_remove_keeps_trust (void)
{
  Secure s = { 0 };
  FerryEnvironmentList *list = ferry_window_get_environments (utu_main_window ());
  AdwMessageDialog *confirm;
  GtkWidget *forget_trust;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  secure_start (&s);
  add_secure (&s);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.remove-environment", "s", "Secure"));
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  confirm = utu_find_dialog ();
  forget_trust = find_named (adw_message_dialog_get_extra_child (confirm), "forget-trust");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (forget_trust), FALSE);
  answer (confirm, "remove");
  g_assert_null (ferry_environment_list_lookup (list, "Secure"));
  g_assert_true (trusted (s.host_key));

  g_settings_reset (settings, "trusted-certificates");
  g_settings_reset (settings, "trusted-certificate-dates");
  secure_stop (&s);
}

static GtkWindow *
find_chooser (void)
{
  return utu_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

/* Once it has read the folder, the chooser says which it is. */
static gboolean
chooser_in (gpointer data)
{
  GtkWindow *chooser = find_chooser ();
  g_autoptr(GFile) current = chooser != NULL ? gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser)) : NULL;

  return current != NULL && g_file_equal (current, data);
}

static gboolean
chooser_gone (gpointer data)
{
  return find_chooser () == NULL;
}

/* The default folder of Preferences: shown there, and where Import
 * Package File… starts; reset, the home folder. */
static void
test_default_folder (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("ferry-prefs-folder-XXXXXX", NULL);
  g_autoptr(GFile) expected = g_file_new_for_path (dir);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  FerryPreferencesWindow *preferences;
  GtkWindow *chooser;
  AdwActionRow *folder_row;

  g_mkdir_with_parents (g_get_home_dir (), 0700);
  g_settings_set_string (settings, "default-folder", dir);
  preferences = open_preferences ();
  folder_row = ADW_ACTION_ROW (utu_child (preferences, FERRY_TYPE_PREFERENCES_WINDOW, "folder_row"));
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, dir);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (utu_child (preferences, FERRY_TYPE_PREFERENCES_WINDOW, "folder_reset_button"))));

  /* The polling bounds: raising the shortest above the longest raises
   * the longest too; both are the monitor's settings. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (utu_child (preferences, FERRY_TYPE_PREFERENCES_WINDOW, "poll_min_spin")), 20);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval-min"), ==, 20);
  g_assert_cmpuint (g_settings_get_uint (settings, "poll-interval-max"), ==, 20);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (utu_child (preferences, FERRY_TYPE_PREFERENCES_WINDOW, "poll_max_spin"))), ==, 20);
  utu_screenshot (GTK_WIDGET (preferences), "preferences-general.png");
  g_settings_reset (settings, "poll-interval-min");
  g_settings_reset (settings, "poll-interval-max");
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.import-file", NULL));
  g_assert_true (utu_spin_until (chooser_shown, NULL, 5000));
  chooser = find_chooser ();
  g_assert_true (utu_spin_until (chooser_in, expected, 5000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (utu_spin_until (chooser_gone, NULL, 5000));

  /* Reset: the home folder, not the process's working folder. */
  g_settings_reset (settings, "default-folder");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (utu_main_window ()), "win.import-file", NULL));
  g_assert_true (utu_spin_until (chooser_shown, NULL, 5000));
  chooser = find_chooser ();
  g_assert_true (utu_spin_until (chooser_in, home, 5000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (utu_spin_until (chooser_gone, NULL, 5000));

  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  FerryApplication *app = utu_application_init (&argc, &argv);
  FerryWindow *window;
  int status;

  if (app == NULL)
    return 0;

  window = ferry_window_new (GTK_APPLICATION (app));
  utu_present (GTK_WINDOW (window));

  g_test_add_func ("/preferences/revoke", test_revoke);
  g_test_add_func ("/preferences/remove-forgets", test_remove_forgets);
  g_test_add_func ("/preferences/remove-keeps-trust", test_remove_keeps_trust);
  g_test_add_func ("/preferences/default-folder", test_default_folder);

  status = g_test_run ();
  utu_application_teardown ();
  return status;
}
