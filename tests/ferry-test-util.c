/* ferry-test-util.c: helpers shared by the tests that start in-process
 * sandboxes (see ferry-test-util.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "ferry-test-util.h"

/* --- Temporary folders ------------------------------------------------------ */

void
ftu_rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ftu_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
rm_rf_and_free (gpointer path)
{
  ftu_rm_rf (path);
  g_free (path);
}

const char *
ftu_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ferry-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_test_queue_destroy (rm_rf_and_free, dir);
  return dir;
}

/* --- Sandboxes -------------------------------------------------------------- */

static void
stop_and_unref (gpointer data)
{
  ferry_sandbox_stop (data);
  g_object_unref (data);
}

FerrySandbox *
ftu_sandbox_start (const FtuSandboxOptions *options)
{
  static const FtuSandboxOptions defaults = { 0 };
  FerrySandbox *sandbox;
  g_autoptr(GError) error = NULL;

  if (options == NULL)
    options = &defaults;
  /* The state folder is queued first: removed after the sandbox stops. */
  sandbox = ferry_sandbox_new (ftu_make_tmp_dir (), options->seed ? options->seed : "tutorial-dev");
  if (options->name != NULL)
    g_object_set (sandbox, "name", options->name, NULL);
  if (options->shared_storage)
    g_object_set (sandbox, "shared-storage", ftu_make_tmp_dir (), NULL);
  if (options->session_timeout != 0)
    g_object_set (sandbox, "session-timeout", options->session_timeout, NULL);
  if (options->seed_migrations != 0)
    g_object_set (sandbox, "seed-migrations", options->seed_migrations, NULL);
  if (options->tls)
    {
      g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-cert.pem", NULL);
      g_autofree char *key = g_test_build_filename (G_TEST_DIST, "data", "tls", "sandbox-key.pem", NULL);

      g_object_set (sandbox, "tls-cert-file", cert, "tls-key-file", key, NULL);
    }
  g_test_queue_destroy (stop_and_unref, sandbox);
  g_assert_true (ferry_sandbox_start (sandbox, &error));
  g_assert_no_error (error);
  return sandbox;
}

/* --- The main loop ---------------------------------------------------------- */

/* Wakes the main context up every 10 ms, so that the timeout is seen even
 * when nothing else happens. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
ftu_spin_until (FtuCondition condition,
                gpointer     data,
                guint        timeout_ms)
{
  guint tick = g_timeout_add (10, tick_cb, NULL);
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  return ok;
}

void
ftu_wait_until (FtuCondition condition,
                gpointer     data,
                guint        timeout_s)
{
  if (!ftu_spin_until (condition, data, timeout_s * 1000))
    g_error ("Timed out after %u s waiting", timeout_s);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

void
ftu_wait_flag (gboolean *flag,
               guint     timeout_s)
{
  ftu_wait_until (flag_is_set, flag, timeout_s);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
ftu_spin (guint ms)
{
  ftu_spin_until (never, NULL, ms);
}

gboolean
ftu_is_set (gpointer pointer)
{
  return *(gpointer *) pointer != NULL;
}

void
ftu_store_result_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
ftu_wait_for (GAsyncResult **result)
{
  if (!ftu_spin_until (ftu_is_set, result, 60000))
    g_error ("no result within 60 s");
  return *result;
}

/* --- Connections ------------------------------------------------------------ */

FerryConnection *
ftu_connection_new (const char     *base_url,
                    FerryLoginMode  mode,
                    const char     *username)
{
  g_autoptr(GError) error = NULL;
  FerryConnection *connection = ferry_connection_new (base_url, mode, username, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connection);
  return connection;
}

gboolean
ftu_connection_connect (FerryConnection *connection,
                        const char      *password,
                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_connection_connect_async (connection, password, NULL, ftu_store_result_cb, &result);
  return ferry_connection_connect_finish (connection, ftu_wait_for (&result), error);
}

void
ftu_connection_disconnect (FerryConnection *connection)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  ferry_connection_disconnect_async (connection, NULL, ftu_store_result_cb, &result);
  g_assert_true (ferry_connection_disconnect_finish (connection, ftu_wait_for (&result), &error));
  g_assert_no_error (error);
}

static gboolean
is_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Drops the last reference to OBJECT and asserts that it goes: at once, or
 * once the main context has run the callbacks of requests that were
 * cancelled (they hold their connection until then). A leak never goes. */
static void
finalize_soon (gpointer object)
{
  gpointer weak = object;

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  if (weak != NULL)
    ftu_spin_until (is_cleared, &weak, 5000);
  if (weak != NULL)
    g_error ("a %s is still referenced after its test", G_OBJECT_TYPE_NAME (weak));
}

void
ftu_connection_finish (FerryConnection *connection)
{
  if (ferry_connection_get_state (connection) == FERRY_CONNECTION_STATE_CONNECTED)
    ftu_connection_disconnect (connection);
  finalize_soon (connection);
}

FerryConnection *
ftu_connect_as (FerrySandbox   *sandbox,
                const char     *username,
                const char     *password,
                FerryLoginMode  mode)
{
  FerryConnection *connection = ftu_connection_new (ferry_sandbox_get_base_url (sandbox), mode, username);
  g_autoptr(GError) error = NULL;

  g_assert_true (ftu_connection_connect (connection, password, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_connection_get_state (connection), ==, FERRY_CONNECTION_STATE_CONNECTED);
  return connection;
}

static void
disconnect_and_finalize (gpointer data)
{
  ftu_connection_disconnect (data);
  finalize_soon (data);
}

FerryConnection *
ftu_connect_admin (FerrySandbox *sandbox)
{
  FerryConnection *connection = ftu_connect_as (sandbox, "administrator", "", FERRY_LOGIN_MODE_STANDARD);

  g_test_queue_destroy (disconnect_and_finalize, connection);
  return connection;
}

static void
disconnect_and_unref (gpointer data)
{
  FerryConnection *connection = data;

  if (ferry_connection_get_state (connection) == FERRY_CONNECTION_STATE_CONNECTED)
    {
      g_autoptr(GAsyncResult) result = NULL;

      ferry_connection_disconnect_async (connection, NULL, ftu_store_result_cb, &result);
      ferry_connection_disconnect_finish (connection, ftu_wait_for (&result), NULL);
    }
  g_object_unref (connection);
}

FerryConnection *
ftu_try_connect (FerrySandbox *sandbox,
                 const char   *username,
                 const char   *password,
                 GError      **error)
{
  g_autoptr(FerryConnection) connection = NULL;

  connection = ferry_connection_new (ferry_sandbox_get_base_url (sandbox), FERRY_LOGIN_MODE_STANDARD,
                                     username, error);
  if (connection == NULL || !ftu_connection_connect (connection, password, error))
    return NULL;
  g_test_queue_destroy (disconnect_and_unref, g_object_ref (connection));
  return connection;
}

FerryConnection *
ftu_connect (FerrySandbox *sandbox,
             const char   *username,
             const char   *password)
{
  g_autoptr(GError) error = NULL;
  FerryConnection *connection = ftu_try_connect (sandbox, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connection);
  return connection;
}

GPtrArray *
ftu_list_folder (FerryConnection *connection,
                 const char      *project_id,
                 const char      *folder_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  ferry_discovery_list_folder_async (connection, project_id, folder_id, NULL, ftu_store_result_cb, &result);
  found = ferry_discovery_list_folder_finish (connection, ftu_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

FerryEnvironment *
ftu_environment_connect (FerrySandbox *sandbox,
                         const char   *name,
                         const char   *username,
                         const char   *password)
{
  FerryEnvironment *environment;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  environment = ferry_environment_new (name, ferry_sandbox_get_base_url (sandbox),
                                       FERRY_LOGIN_MODE_STANDARD, username, FALSE);
  ferry_environment_connect_async (environment, password, NULL, ftu_store_result_cb, &result);
  g_assert_true (ferry_environment_connect_finish (environment, ftu_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (ferry_environment_get_state (environment), ==, FERRY_CONNECTION_STATE_CONNECTED);
  return environment;
}
