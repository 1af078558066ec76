/* test-environment.c: saved environments, validation, connecting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "ferry-core.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"

static GSettings *
memory_settings (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  return g_settings_new_with_backend (APP_ID, backend);
}

static void
test_validate (void)
{
  static const struct {
    const char *name, *url, *user;
    int code;   /* -1: valid */
  } cases[] = {
    { "Production", "https://bi.example.com/MicroStrategyLibrary", "admin", -1 },
    { "Dev", "http://127.0.0.1:8080/MicroStrategyLibrary/", "administrator", -1 },
    { "", "https://bi.example.com/MicroStrategyLibrary", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_NAME },
    { "   ", "https://bi.example.com/MicroStrategyLibrary", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_NAME },
    { "P", "", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_URL },
    { "P", "bi.example.com/MicroStrategyLibrary", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_URL },
    { "P", "ftp://bi.example.com/MicroStrategyLibrary", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_URL },
    { "P", "https:///MicroStrategyLibrary", "admin", FERRY_ENVIRONMENT_ERROR_INVALID_URL },
    { "P", "https://bi.example.com/MicroStrategyLibrary", "", FERRY_ENVIRONMENT_ERROR_INVALID_USERNAME },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = ferry_environment_validate (cases[i].name, cases[i].url, cases[i].user, &error);

      if (cases[i].code < 0)
        g_assert_no_error (error);
      else
        {
          g_assert_false (ok);
          g_assert_error (error, FERRY_ENVIRONMENT_ERROR, cases[i].code);
          g_assert_cmpuint (strlen (error->message), >, 10);
        }
    }
}

static void
test_list_persists (void)
{
  g_autoptr(GSettings) settings = memory_settings ();
  g_autoptr(FerryEnvironmentList) list = ferry_environment_list_new (settings);
  g_autoptr(FerryEnvironmentList) again = NULL;
  g_autoptr(FerryEnvironment) dev = ferry_environment_new ("Development", "https://dev.example.com/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "admin", TRUE);
  g_autoptr(FerryEnvironment) prod = ferry_environment_new ("Production", "https://prod.example.com/MicroStrategyLibrary",
                                                            FERRY_LOGIN_MODE_LDAP, "jdoe", FALSE);
  g_autoptr(FerryEnvironment) dup = ferry_environment_new ("development", "https://x.example.com/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "admin", TRUE);
  g_autoptr(FerryEnvironment) bad = ferry_environment_new ("Bad", "not a url",
                                                           FERRY_LOGIN_MODE_STANDARD, "admin", TRUE);
  g_autoptr(FerryEnvironment) renamed = ferry_environment_new ("Prod (EU)", "https://prod.example.com/MicroStrategyLibrary",
                                                               FERRY_LOGIN_MODE_LDAP, "jdoe", TRUE);
  g_autoptr(FerryEnvironment) demo = g_object_new (FERRY_TYPE_ENVIRONMENT, "name", "Demo", "base-url",
                                                   "http://127.0.0.1:1/MicroStrategyLibrary", "username",
                                                   "administrator", "is-demo", TRUE, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) saved = NULL;
  FerryEnvironment *found;

  g_assert_true (ferry_environment_list_add (list, dev, &error));
  g_assert_no_error (error);
  g_assert_true (ferry_environment_list_add (list, prod, &error));
  g_assert_false (ferry_environment_list_add (list, bad, &error));
  g_assert_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_INVALID_URL);
  g_clear_error (&error);
  /* Names are unique whatever their case. */
  g_assert_false (ferry_environment_list_add (list, dup, &error));
  g_assert_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_DUPLICATE_NAME);
  g_clear_error (&error);
  g_assert_true (ferry_environment_list_add (list, demo, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);

  /* What is stored: no password anywhere, no demo environment. */
  saved = g_settings_get_value (settings, "environments");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 2);
  {
    g_autofree char *text = g_variant_print (saved, FALSE);
    g_assert_null (strstr (text, "password\""));
    g_assert_null (strstr (text, "Demo"));
    g_assert_nonnull (strstr (text, "'login-mode': <'ldap'>"));
  }

  g_assert_true (ferry_environment_list_update (list, "Production", renamed, &error));
  g_assert_no_error (error);
  g_assert_null (ferry_environment_list_lookup (list, "Production"));

  again = ferry_environment_list_new (settings);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  found = ferry_environment_list_lookup (again, "Prod (EU)");
  g_assert_nonnull (found);
  g_assert_cmpstr (ferry_environment_get_base_url (found), ==, "https://prod.example.com/MicroStrategyLibrary");
  g_assert_cmpint (ferry_environment_get_login_mode (found), ==, FERRY_LOGIN_MODE_LDAP);
  g_assert_cmpstr (ferry_environment_get_username (found), ==, "jdoe");
  g_assert_true (ferry_environment_get_remember_password (found));

  ferry_environment_list_remove (again, "Development");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_clear_pointer (&saved, g_variant_unref);
  saved = g_settings_get_value (settings, "environments");
  g_assert_cmpuint (g_variant_n_children (saved), ==, 1);
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;
  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}


/* A port nothing listens on: bound, then let go. */
static guint16
closed_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

/* Why connecting failed, in words: the address with its port, and the
 * reason. */
static void
test_describe_error (void)
{
  guint16 port = closed_port ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary", port);
  g_autofree char *expected = g_strdup_printf ("Could not reach 127.0.0.1:%u: connection refused", port);
  g_autoptr(FerryEnvironment) env = ferry_environment_new ("Nowhere", url, FERRY_LOGIN_MODE_STANDARD, "someone", FALSE);
  g_autoptr(FerryEnvironment) secure = ferry_environment_new ("Secure", "https://bi.example.com/MicroStrategyLibrary",
                                                              FERRY_LOGIN_MODE_STANDARD, "someone", FALSE);
  g_autoptr(FerryEnvironment) six = ferry_environment_new ("Six", "https://[::1]:8443/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "someone", FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *timed_out = NULL;
  g_autofree char *unreachable = NULL;
  g_autofree char *login = NULL;
  Wait w = { 0 };

  /* A real refused connection, as the connection reports it. */
  ferry_environment_connect_async (env, "secret", NULL, done_cb, &w);
  g_assert_false (ferry_environment_connect_finish (env, wait_result (&w), &error));
  g_clear_object (&w.result);
  g_test_message ("error: %s %d: %s", g_quark_to_string (error->domain), error->code, error->message);
  sentence = ferry_environment_describe_error (env, error);
  g_assert_cmpstr (sentence, ==, expected);

  /* No port in the URL: the scheme's. */
  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Socket I/O timed out");
  timed_out = ferry_environment_describe_error (secure, other);
  g_assert_cmpstr (timed_out, ==, "bi.example.com:443 did not answer in time");
  g_clear_error (&other);

  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "No route to host");
  unreachable = ferry_environment_describe_error (six, other);
  g_assert_cmpstr (unreachable, ==, "Could not reach [::1]:8443: no route to the host");
  g_clear_error (&other);

  other = ferry_api_error_new_literal (FERRY_API_ERROR_LOGIN_FAILED, 401, "ERR003", NULL, "Login failed");
  login = ferry_environment_describe_error (env, other);
  g_assert_cmpstr (login, ==, "The user name or password is wrong");
}

static void
test_connect (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ferry-env-XXXXXX", NULL);
  g_autoptr(FerrySandbox) sandbox = ferry_sandbox_new (dir, "tutorial-dev");
  g_autoptr(FerryEnvironment) env = NULL;
  g_autoptr(FerryEnvironment) forgetful = NULL;
  g_autoptr(GError) error = NULL;
  Wait w = { 0 };

  g_assert_true (ferry_sandbox_start (sandbox, &error));
  g_assert_no_error (error);

  /* A wrong password: the error says so and the environment remembers it. */
  env = ferry_environment_new ("Development", ferry_sandbox_get_base_url (sandbox),
                               FERRY_LOGIN_MODE_STANDARD, "migrator", FALSE);
  ferry_environment_connect_async (env, "wrong", NULL, done_cb, &w);
  g_assert_false (ferry_environment_connect_finish (env, wait_result (&w), &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_LOGIN_FAILED);
  g_assert_cmpstr (ferry_environment_get_last_error (env), ==, error->message);
  g_clear_error (&error);
  g_clear_object (&w.result);

  ferry_environment_connect_async (env, "Ferry-Migr8!", NULL, done_cb, &w);
  g_assert_true (ferry_environment_connect_finish (env, wait_result (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);
  g_assert_nonnull (ferry_environment_get_connection (env));
  g_assert_cmpint (ferry_environment_get_state (env), ==, FERRY_CONNECTION_STATE_CONNECTED);
  g_assert_null (ferry_environment_get_last_error (env));

  ferry_environment_disconnect (env);
  g_assert_null (ferry_environment_get_connection (env));
  g_assert_cmpint (ferry_environment_get_state (env), ==, FERRY_CONNECTION_STATE_DISCONNECTED);

  /* An account without a password (the default administrator): the empty
   * password is a password, remembered or not. */
  {
    g_autoptr(FerryEnvironment) admin = ferry_environment_new ("Development", ferry_sandbox_get_base_url (sandbox),
                                                               FERRY_LOGIN_MODE_STANDARD, "administrator", TRUE);

    ferry_environment_connect_async (admin, "", NULL, done_cb, &w);
    g_assert_true (ferry_environment_connect_finish (admin, wait_result (&w), &error));
    g_assert_no_error (error);
    g_clear_object (&w.result);
    g_assert_cmpint (ferry_environment_get_state (admin), ==, FERRY_CONNECTION_STATE_CONNECTED);
    ferry_environment_disconnect (admin);
  }

  /* Without a password and without remembering one, the caller must ask. */
  forgetful = ferry_environment_new ("Development", ferry_sandbox_get_base_url (sandbox),
                                     FERRY_LOGIN_MODE_STANDARD, "migrator", FALSE);
  ferry_environment_connect_async (forgetful, NULL, NULL, done_cb, &w);
  g_assert_false (ferry_environment_connect_finish (forgetful, wait_result (&w), &error));
  g_assert_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD);
  g_clear_error (&error);
  g_clear_object (&w.result);

  /* Let the logout reach the server before it stops. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  ferry_sandbox_stop (sandbox);
  {
    g_autoptr(GFile) file = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) e = NULL;
    GFileInfo *info;

    /* Remove the state folder. */
    e = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
    while (e && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, g_file_info_get_name (info), NULL);
        g_remove (path);
        g_object_unref (info);
      }
    g_rmdir (dir);
  }
}

/* The keyring's failures in words for the toast and the prompt. */
static void
test_describe_keyring_error (void)
{
  struct { GQuark domain; int code; const char *message; const char *expected; } cases[] = {
    { 0, G_DBUS_ERROR_SERVICE_UNKNOWN, "The name org.freedesktop.secrets was not provided by any .service files",
      "no keyring service is running" },
    { 0, G_DBUS_ERROR_NAME_HAS_NO_OWNER, "x", "no keyring service is running" },
    { 0, G_DBUS_ERROR_UNKNOWN_METHOD, "No such interface", "the keyring service gave an unexpected answer" },
    { 0, G_DBUS_ERROR_NO_REPLY, "x", "the keyring service did not answer" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (G_DBUS_ERROR, cases[i].code, cases[i].message);
      g_autofree char *text = ferry_password_describe_error (error);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  /* Anything else: the service's own words, without D-Bus's prefix. */
  {
    g_autoptr(GError) error = g_dbus_error_new_for_dbus_error ("org.freedesktop.Secret.Error.NoSession",
                                                               "The session was closed");
    g_autofree char *text = ferry_password_describe_error (error);

    g_assert_cmpstr (text, ==, "The session was closed");
  }
}

static gboolean
projects_loaded (gpointer projects)
{
  return !ferry_environment_projects_get_loading (projects);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *count)
{
  (*count)++;
}

/* The projects of a chosen environment (both package dialogs' choosers):
 * listed in one change, found by id; a server that cannot be reached is
 * said in a sentence; choosing another environment drops what the first
 * was doing. */
static void
test_environment_projects (void)
{
  FerrySandbox *sandbox = ftu_sandbox_start (NULL);
  guint16 port = closed_port ();
  g_autofree char *nowhere_url = g_strdup_printf ("http://127.0.0.1:%u/MicroStrategyLibrary", port);
  /* Not connected, and no password to connect with: the dialogs send the
   * user to the Compare page, where a prompt asks. */
  const char *expected = "Could not connect to Nowhere: Enter the password for someone. Connect it on the "
                         "Compare page, then choose it again.";
  g_autoptr(FerryEnvironment) dev = ferry_environment_new ("Development", ferry_sandbox_get_base_url (sandbox),
                                                           FERRY_LOGIN_MODE_STANDARD, "migrator", FALSE);
  g_autoptr(FerryEnvironment) nowhere = ferry_environment_new ("Nowhere", nowhere_url, FERRY_LOGIN_MODE_STANDARD,
                                                               "someone", FALSE);
  g_autoptr(FerryEnvironmentProjects) projects = ferry_environment_projects_new ();
  GListModel *model = ferry_environment_projects_get_model (projects);
  g_autoptr(GError) error = NULL;
  guint changes = 0;
  guint n;
  Wait w = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes_cb), &changes);
  ferry_environment_connect_async (dev, "Ferry-Migr8!", NULL, done_cb, &w);
  g_assert_true (ferry_environment_connect_finish (dev, wait_result (&w), &error));
  g_assert_no_error (error);
  g_clear_object (&w.result);

  ferry_environment_projects_set_environment (projects, dev);
  g_assert_true (ferry_environment_projects_get_loading (projects));
  ftu_wait_until (projects_loaded, projects, 20);
  g_assert_null (ferry_environment_projects_get_error (projects));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpuint (ferry_environment_projects_find (projects, "B19DEDCC11D4E0EFC000EB9495D0F44F"), <, n);
  g_assert_cmpuint (ferry_environment_projects_find (projects, "00000000000000000000000000000000"), ==, G_MAXUINT);

  /* Not connected and cannot be: emptied at once, then why. */
  ferry_environment_projects_set_environment (projects, nowhere);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_true (ferry_environment_projects_get_loading (projects));
  ftu_wait_until (projects_loaded, projects, 20);
  g_assert_cmpstr (ferry_environment_projects_get_error (projects), ==, expected);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Chosen again at once: the first choice's answer never lands. */
  ferry_environment_projects_set_environment (projects, nowhere);
  ferry_environment_projects_set_environment (projects, dev);
  g_assert_null (ferry_environment_projects_get_error (projects));
  ftu_wait_until (projects_loaded, projects, 20);
  ftu_spin (200);
  g_assert_null (ferry_environment_projects_get_error (projects));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_true (ferry_environment_projects_get_environment (projects) == dev);

  ferry_environment_disconnect (dev);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/environment/validate", test_validate);
  g_test_add_func ("/environment/list-persists", test_list_persists);
  g_test_add_func ("/environment/connect", test_connect);
  g_test_add_func ("/environment/describe-error", test_describe_error);
  g_test_add_func ("/environment/describe-keyring-error", test_describe_keyring_error);
  g_test_add_func ("/environment/projects", test_environment_projects);
  return g_test_run ();
}
