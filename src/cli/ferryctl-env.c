/* ferryctl-env.c: environments, passwords and connections for ferryctl
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The environments are the window's saved list (GSettings; the memory
 * backend when no D-Bus session bus can be reached, so nothing blocks or
 * fails on a server without one) merged with --environments FILE. A
 * password comes from, in this order: the environment's password-env in the
 * file, --password-env NAME, --password-stdin, the keyring (saved
 * environments only, and only with a session bus). It is never an argument
 * and never printed; ferryctl connects through its own copies of the saved
 * definitions with remember-password off, so a password given on the
 * command line never lands in the keyring.
 */

#define G_LOG_DOMAIN "ferryctl"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "ferryctl.h"
#include "ferry-sandbox.h"

static gboolean
session_bus_reachable (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autoptr(GDBusConnection) bus = NULL;

  if (address == NULL || *address == '\0')
    {
      /* Not g_bus_get_sync(): without an address GLib may try to autolaunch
       * a bus (dbus-launch), which a headless server must not do. */
      g_autofree char *socket = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);

      if (!g_file_test (socket, G_FILE_TEST_EXISTS))
        return FALSE;
    }
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  return bus != NULL;
}

static GSettings *
open_settings (FctlContext *ctx)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("the schema %s is not installed: no saved environments", APP_ID);
      return NULL;
    }

  if (g_getenv ("GSETTINGS_BACKEND") == NULL && !ctx->have_bus)
    {
      g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();

      g_debug ("no D-Bus session bus: the settings are kept in memory");
      return g_settings_new_full (schema, backend, NULL);
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
add_environment (FctlContext      *ctx,
                 FerryEnvironment *environment,
                 const char       *origin)
{
  const char *name = ferry_environment_get_name (environment);
  guint position;

  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (ctx->environments)); position++)
    {
      g_autoptr(FerryEnvironment) old = g_list_model_get_item (G_LIST_MODEL (ctx->environments), position);

      if (g_str_equal (ferry_environment_get_name (old), name))
        {
          g_list_store_splice (ctx->environments, position, 1, (gpointer *) &environment, 1);
          g_hash_table_replace (ctx->origins, g_strdup (name),
                                g_strdup_printf ("%s, %s", (char *) g_hash_table_lookup (ctx->origins, name), origin));
          return;
        }
    }
  g_list_store_append (ctx->environments, environment);
  g_hash_table_replace (ctx->origins, g_strdup (name), g_strdup (origin));
}

static gboolean
parse_login_mode (const char     *text,
                  FerryLoginMode *mode)
{
  if (text == NULL || g_ascii_strcasecmp (text, "standard") == 0)
    *mode = FERRY_LOGIN_MODE_STANDARD;
  else if (g_ascii_strcasecmp (text, "ldap") == 0)
    *mode = FERRY_LOGIN_MODE_LDAP;
  else
    return FALSE;
  return TRUE;
}

static gboolean
load_file (FctlContext  *ctx,
           const char   *path,
           GError      **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("Could not read %s: "), path);
      if ((*error)->domain != G_KEY_FILE_ERROR)
        {
          /* a missing file is a usage error too */
          GError *usage = g_error_new_literal (G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_NOT_FOUND, (*error)->message);

          g_clear_error (error);
          g_propagate_error (error, usage);
        }
      return FALSE;
    }

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *name = groups[i];
      FerryEnvironment *saved = g_hash_table_lookup (ctx->saved, name);
      g_autofree char *url = g_key_file_get_string (file, name, "url", NULL);
      g_autofree char *user = g_key_file_get_string (file, name, "user", NULL);
      g_autofree char *mode_text = g_key_file_get_string (file, name, "login-mode", NULL);
      g_autofree char *password_env = g_key_file_get_string (file, name, "password-env", NULL);
      g_autoptr(FerryEnvironment) environment = NULL;
      FerryLoginMode mode;

      if (url == NULL && saved != NULL)
        url = g_strdup (ferry_environment_get_base_url (saved));
      if (user == NULL && saved != NULL)
        user = g_strdup (ferry_environment_get_username (saved));
      if (mode_text == NULL && saved != NULL)
        mode = ferry_environment_get_login_mode (saved);
      else if (!parse_login_mode (mode_text, &mode))
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s, [%s]: login-mode must be “standard” or “ldap”, not “%s”"),
                       path, name, mode_text);
          return FALSE;
        }
      if (!ferry_environment_validate (name, url, user, error))
        {
          GError *usage = g_error_new (G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                                       "%s, [%s]: %s", path, name, (*error)->message);

          g_clear_error (error);
          g_propagate_error (error, usage);
          return FALSE;
        }

      environment = ferry_environment_new (name, url, mode, user, FALSE);
      add_environment (ctx, environment, "file");
      if (password_env != NULL)
        g_hash_table_replace (ctx->password_envs, g_strdup (name), g_strdup (password_env));
    }
  return TRUE;
}

gboolean
fctl_load_environments (FctlContext  *ctx,
                        GError      **error)
{
  if (ctx->environments == NULL)
    {
      ctx->environments = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
      ctx->origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      ctx->password_envs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      ctx->saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      ctx->password_sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  else
    return TRUE;

  ctx->have_bus = session_bus_reachable ();
  g_clear_object (&ctx->settings);
  ctx->settings = open_settings (ctx);
  if (ctx->settings != NULL)
    {
      g_autoptr(FerryEnvironmentList) list = ferry_environment_list_new (ctx->settings);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
        {
          g_autoptr(FerryEnvironment) saved = g_list_model_get_item (G_LIST_MODEL (list), i);
          g_autoptr(FerryEnvironment) copy = NULL;
          const char *name = ferry_environment_get_name (saved);

          if (ferry_environment_get_is_demo (saved))
            continue;
          copy = ferry_environment_new (name, ferry_environment_get_base_url (saved),
                                        ferry_environment_get_login_mode (saved),
                                        ferry_environment_get_username (saved), FALSE);
          g_hash_table_replace (ctx->saved, g_strdup (name), g_object_ref (saved));
          add_environment (ctx, copy, "saved");
        }
    }

  if (ctx->environments_file != NULL && !load_file (ctx, ctx->environments_file, error))
    return FALSE;
  return TRUE;
}

FerryEnvironment *
fctl_lookup_environment (FctlContext  *ctx,
                         const char   *name,
                         GError      **error)
{
  GListModel *model;

  if (!fctl_load_environments (ctx, error))
    return NULL;
  model = G_LIST_MODEL (ctx->environments);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);

      if (g_str_equal (ferry_environment_get_name (environment), name))
        return environment;
    }
  /* a URL works too, and so does a name in another case */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);

      if (g_ascii_strcasecmp (ferry_environment_get_name (environment), name) == 0 ||
          g_strcmp0 (ferry_environment_get_base_url (environment), name) == 0)
        return environment;
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("No environment is called “%s” (see `ferryctl environments`)"), name);
  return NULL;
}

/* --- Passwords --------------------------------------------------------------- */

static char *
read_stdin_password (FctlContext  *ctx,
                     GError      **error)
{
  if (!ctx->stdin_read)
    {
      GString *line = g_string_new (NULL);
      struct termios saved, quiet;
      gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
      int c;

      /* Typed on a terminal: asked for, and never echoed. */
      if (terminal)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          /* echo off before the prompt: what is typed after it is kept */
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
          fprintf (stderr, "%s", _("Password: "));
          fflush (stderr);
        }
      while ((c = fgetc (stdin)) != EOF && c != '\n')
        g_string_append_c (line, (char) c);
      if (terminal)
        {
          tcsetattr (STDIN_FILENO, TCSANOW, &saved);
          fputc ('\n', stderr);
        }
      if (line->len > 0 && line->str[line->len - 1] == '\r')
        g_string_truncate (line, line->len - 1);
      ctx->stdin_password = g_string_free (line, FALSE);
      ctx->stdin_read = TRUE;
    }
  return g_strdup (ctx->stdin_password);
}

static char *
password_from_variable (const char  *variable,
                        const char  *environment_name,
                        GError     **error)
{
  const char *value = g_getenv (variable);

  if (value == NULL)
    {
      g_set_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
                   _("The password of %s should be in the environment variable %s, which is not set"),
                   environment_name, variable);
      return NULL;
    }
  return g_strdup (value);
}

/* The password for ENVIRONMENT, or NULL with ERROR. */
static char *
find_password (FctlContext       *ctx,
               FerryEnvironment  *environment,
               GError           **error)
{
  const char *name = ferry_environment_get_name (environment);
  const char *variable = g_hash_table_lookup (ctx->password_envs, name);
  FerryEnvironment *saved = g_hash_table_lookup (ctx->saved, name);

  if (ferry_environment_get_is_demo (environment))
    {
      g_hash_table_replace (ctx->password_sources, g_strdup (name), "demo");
      return g_strdup ("");
    }
  if (variable != NULL)
    {
      g_hash_table_replace (ctx->password_sources, g_strdup (name), "password-env");
      return password_from_variable (variable, name, error);
    }
  if (ctx->password_env != NULL)
    {
      g_hash_table_replace (ctx->password_sources, g_strdup (name), "--password-env");
      return password_from_variable (ctx->password_env, name, error);
    }
  if (ctx->password_stdin)
    {
      g_hash_table_replace (ctx->password_sources, g_strdup (name), "--password-stdin");
      return read_stdin_password (ctx, error);
    }
  if (saved != NULL && ferry_environment_get_remember_password (saved) && ctx->have_bus)
    {
      g_autoptr(GError) local_error = NULL;
      char *password;

      ferry_password_lookup_async (ferry_environment_get_base_url (saved),
                                   ferry_environment_get_username (saved),
                                   ctx->cancellable, fctl_result_cb, ctx);
      password = ferry_password_lookup_finish (fctl_wait (ctx), &local_error);
      if (password != NULL)
        {
          g_hash_table_replace (ctx->password_sources, g_strdup (name), "keyring");
          return password;
        }
      if (local_error != NULL)
        g_debug ("the keyring could not be read: %s", local_error->message);
    }

  g_set_error (error, FERRY_ENVIRONMENT_ERROR, FERRY_ENVIRONMENT_ERROR_NO_PASSWORD,
               _("No password for %s (%s): give one with --password-env NAME, --password-stdin, "
                 "password-env= in the environments file, or save it in the window"),
               name, ferry_environment_get_username (environment));
  return NULL;
}

gboolean
fctl_connect (FctlContext       *ctx,
              FerryEnvironment  *environment,
              GError           **error)
{
  g_autofree char *password = NULL;
  gboolean ok;

  if (ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED)
    return TRUE;

  password = find_password (ctx, environment, error);
  if (password == NULL)
    return FALSE;

  {
    g_autofree char *label = g_strdup_printf (_("Connecting to %s"), ferry_environment_get_name (environment));

    fctl_progress (ctx, 0.0, label);
  }
  ferry_environment_connect_async (environment, password, ctx->cancellable, fctl_result_cb, ctx);
  memset (password, 0, strlen (password));
  ok = ferry_environment_connect_finish (environment, fctl_wait (ctx), error);
  if (!ok && error != NULL && *error != NULL && (*error)->domain == FERRY_API_ERROR &&
      (*error)->code != FERRY_API_ERROR_LOGIN_FAILED)
    g_prefix_error (error, "%s: ", ferry_environment_get_name (environment));
  return ok;
}

/* --- ENV:PROJECT ------------------------------------------------------------- */

FerryEnvironment *
fctl_resolve_endpoint (FctlContext  *ctx,
                       const char   *spec,
                       gboolean      project_required,
                       char        **project_id,
                       char        **project_name,
                       GError      **error)
{
  g_autofree char *env_name = NULL;
  const char *project = NULL;
  const char *colon = NULL;
  FerryEnvironment *environment;
  g_autoptr(GPtrArray) projects = NULL;

  *project_id = NULL;
  *project_name = NULL;

  /* "https://host/MicroStrategyLibrary:Project" has colons of its own */
  if (!g_str_has_prefix (spec, "http://") && !g_str_has_prefix (spec, "https://"))
    colon = strchr (spec, ':');
  else
    colon = strrchr (spec, ':');
  if (colon != NULL && (g_str_has_prefix (spec, "http") && strchr (colon, '/') != NULL))
    colon = NULL;
  env_name = colon ? g_strndup (spec, colon - spec) : g_strdup (spec);
  project = colon ? colon + 1 : NULL;
  if (project != NULL && *project == '\0')
    project = NULL;

  environment = fctl_lookup_environment (ctx, env_name, error);
  if (environment == NULL)
    return NULL;
  if (project == NULL && project_required)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” names no project: write ENV:PROJECT"), spec);
      return NULL;
    }
  if (!fctl_connect (ctx, environment, error))
    return NULL;
  if (project == NULL)
    return environment;

  ferry_discovery_list_projects_async (ferry_environment_get_connection (environment),
                                       ctx->cancellable, fctl_result_cb, ctx);
  projects = ferry_discovery_list_projects_finish (ferry_environment_get_connection (environment),
                                                   fctl_wait (ctx), error);
  if (projects == NULL)
    return NULL;
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < projects->len; i++)
      {
        FerryProject *p = g_ptr_array_index (projects, i);
        gboolean match = pass == 0 ? g_ascii_strcasecmp (ferry_project_get_id (p), project) == 0
                       : pass == 1 ? g_strcmp0 (ferry_project_get_name (p), project) == 0
                                   : g_ascii_strcasecmp (ferry_project_get_name (p), project) == 0;

        if (match)
          {
            *project_id = g_strdup (ferry_project_get_id (p));
            *project_name = g_strdup (ferry_project_get_name (p));
            return environment;
          }
      }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s has no project “%s”"), ferry_environment_get_name (environment), project);
  return NULL;
}

GListStore *
fctl_connect_all (FctlContext  *ctx,
                  char        **names,
                  GError      **error)
{
  g_autoptr(GListStore) connected = g_list_store_new (FERRY_TYPE_ENVIRONMENT);
  g_autoptr(GError) first_error = NULL;
  GListModel *model;

  if (!fctl_load_environments (ctx, error))
    return NULL;

  if (names != NULL && names[0] != NULL)
    {
      for (guint i = 0; names[i] != NULL; i++)
        {
          FerryEnvironment *environment = fctl_lookup_environment (ctx, names[i], error);

          if (environment == NULL || !fctl_connect (ctx, environment, error))
            return NULL;
          g_list_store_append (connected, environment);
        }
      return g_steal_pointer (&connected);
    }

  model = G_LIST_MODEL (ctx->environments);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);
      g_autoptr(GError) local_error = NULL;

      if (fctl_connect (ctx, environment, &local_error))
        g_list_store_append (connected, environment);
      else if (ctx->interrupted)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      else
        {
          g_autofree char *message = ferry_environment_describe_error (environment, local_error);

          fctl_note (ctx, _("%s is skipped: %s"), ferry_environment_get_name (environment),
                     message ? message : local_error->message);
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
        }
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (connected)) == 0)
    {
      if (first_error != NULL)
        g_propagate_error (error, g_steal_pointer (&first_error));
      else
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     _("No environments: save one in the window, or give --environments FILE"));
      return NULL;
    }
  return g_steal_pointer (&connected);
}

/* --- Finding a migration ---------------------------------------------------- */

static gboolean
monitor_listed (gpointer data)
{
  return ferry_migration_monitor_get_listed (data) &&
         !ferry_migration_monitor_get_loading (data);
}

FerryMigrationMonitor *
fctl_find_migration (FctlContext     *ctx,
                     const char      *migration_id,
                     FerryMigration **migration,
                     GError         **error)
{
  g_autoptr(GListStore) connected = fctl_connect_all (ctx, NULL, error);
  g_autoptr(FerryMigrationMonitor) monitor = NULL;
  FerryMigration *found;

  if (connected == NULL)
    return NULL;
  monitor = ferry_migration_monitor_new (G_LIST_MODEL (connected), NULL);
  ferry_migration_monitor_set_auto_resume (monitor, FALSE);
  ferry_migration_monitor_set_poll_interval (monitor, 100, 2000);
  if (!fctl_wait_until (ctx, monitor_listed, monitor))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Interrupted"));
      return NULL;
    }

  found = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (monitor), migration_id);
  if (found == NULL)
    {
      /* ids are hex: case does not matter */
      GListModel *list = G_LIST_MODEL (ferry_migration_monitor_get_migrations (monitor));

      for (guint i = 0; i < g_list_model_get_n_items (list) && found == NULL; i++)
        {
          g_autoptr(FerryMigration) m = g_list_model_get_item (list, i);

          if (g_ascii_strcasecmp (ferry_migration_get_id (m), migration_id) == 0)
            found = m;
        }
    }
  if (found == NULL)
    {
      g_set_error (error, FERRY_JOB_ERROR, FERRY_JOB_ERROR_NOT_FOUND,
                   _("No connected environment knows the migration %s"), migration_id);
      return NULL;
    }
  *migration = found;
  return g_steal_pointer (&monitor);
}

/* --- --demo ------------------------------------------------------------------ */

gboolean
fctl_start_demo (FctlContext  *ctx,
                 GError      **error)
{
  static const struct { const char *name, *seed, *folder; } servers[] = {
    { "Development", "tutorial-dev", "development" },
    { "Production", "tutorial-prod", "production" },
  };
  g_autofree char *directory = g_dir_make_tmp ("ferryctl-demo-XXXXXX", error);
  g_autofree char *storage = NULL;

  if (directory == NULL || !fctl_load_environments (ctx, error))
    return FALSE;
  storage = g_build_filename (directory, "storage", NULL);
  g_mkdir_with_parents (storage, 0700);
  ctx->demo = g_ptr_array_new_with_free_func (g_object_unref);
  ctx->demo_dir = g_strdup (directory);

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autofree char *state = g_build_filename (directory, servers[i].folder, NULL);
      g_autoptr(FerrySandbox) sandbox = NULL;
      g_autoptr(FerryEnvironment) environment = NULL;

      g_mkdir_with_parents (state, 0700);
      sandbox = ferry_sandbox_new (state, servers[i].seed);
      g_object_set (sandbox, "shared-storage", storage, "name", servers[i].name, NULL);
      if (!ferry_sandbox_start (sandbox, error))
        return FALSE;
      environment = g_object_new (FERRY_TYPE_ENVIRONMENT,
                                  "name", servers[i].name,
                                  "base-url", ferry_sandbox_get_base_url (sandbox),
                                  "username", "administrator",
                                  "remember-password", FALSE,
                                  "is-demo", TRUE,
                                  NULL);
      add_environment (ctx, environment, "demo");
      g_ptr_array_add (ctx->demo, g_steal_pointer (&sandbox));
    }
  fctl_note (ctx, _("Demo servers: Development and Production (state in %s)"), directory);
  return TRUE;
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (file, NULL, NULL);
}

void
fctl_context_clear (FctlContext *ctx)
{
  if (ctx->environments != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ctx->environments)); i++)
      {
        g_autoptr(FerryEnvironment) environment = g_list_model_get_item (G_LIST_MODEL (ctx->environments), i);

        ferry_environment_disconnect (environment);
      }
  if (ctx->demo != NULL)
    for (guint i = 0; i < ctx->demo->len; i++)
      ferry_sandbox_stop (g_ptr_array_index (ctx->demo, i));
  g_clear_pointer (&ctx->demo, g_ptr_array_unref);
  if (ctx->demo_dir != NULL)
    {
      g_autoptr(GFile) directory = g_file_new_for_path (ctx->demo_dir);

      remove_tree (directory);
      g_clear_pointer (&ctx->demo_dir, g_free);
    }
  g_clear_object (&ctx->environments);
  g_clear_pointer (&ctx->origins, g_hash_table_unref);
  g_clear_pointer (&ctx->password_envs, g_hash_table_unref);
  g_clear_pointer (&ctx->saved, g_hash_table_unref);
  g_clear_pointer (&ctx->password_sources, g_hash_table_unref);
  if (ctx->stdin_password != NULL)
    memset (ctx->stdin_password, 0, strlen (ctx->stdin_password));
  g_clear_pointer (&ctx->stdin_password, g_free);
  g_clear_pointer (&ctx->password_env, g_free);
  g_clear_pointer (&ctx->environments_file, g_free);
  if (ctx->settings != NULL)
    g_settings_sync ();  /* unfinished-migrations, for the window */
  g_clear_object (&ctx->settings);
  g_clear_object (&ctx->result);
  g_clear_object (&ctx->builder);
  g_clear_object (&ctx->cancellable);
  g_clear_pointer (&ctx->loop, g_main_loop_unref);
}
