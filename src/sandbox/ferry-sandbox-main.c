/* ferry-sandbox-main.c: the ferry-sandbox program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-sandbox --port N --state DIR [--shared-storage DIR] [--seed SEED]
 *   [--seed-migrations N] [--name NAME] [--server-version V] [--work-delay-ms N]
 *   [--session-timeout S] [--max-package-bytes N] [--tls-cert F --tls-key F]
 *
 * Prints exactly one line, "Listening on <base URL>", once it serves.
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "ferry-sandbox.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *state = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *server_version = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *max_bytes = NULL;
  int port = 0, seed_migrations = 0, work_delay = 0, session_timeout = 1800, clock_offset = 0;
  guint64 max_package = G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "TCP port on 127.0.0.1 (0 = any free port)", "N" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "Folder where the server's state persists (required)", "DIR" },
    { "shared-storage", 0, 0, G_OPTION_ARG_FILENAME, &shared, "Shared package storage (stands in for the Storage Service)", "DIR" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, "Content of a new state: tutorial-dev, tutorial-prod, empty or generated:N", "SEED" },
    { "seed-migrations", 0, 0, G_OPTION_ARG_INT, &seed_migrations, "Add N finished migration records to a new state", "N" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "Environment name", "NAME" },
    { "server-version", 0, 0, G_OPTION_ARG_STRING, &server_version, "Platform version to report (default 11.4.1000)", "VERSION" },
    { "work-delay-ms", 0, 0, G_OPTION_ARG_INT, &work_delay, "Delay per object of asynchronous work", "MS" },
    { "session-timeout", 0, 0, G_OPTION_ARG_INT, &session_timeout, "Idle seconds before a session expires (default 1800)", "S" },
    { "max-package-bytes", 0, 0, G_OPTION_ARG_STRING, &max_bytes, "Package size limit in bytes (default 2 GB)", "N" },
    { "clock-offset-s", 0, 0, G_OPTION_ARG_INT, &clock_offset, "Seconds this server's clock runs ahead (negative: behind)", "S" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "PEM certificate: serve HTTPS", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "PEM private key of the certificate", "FILE" },
    { NULL }
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— a local MicroStrategy Library server for Ferry");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ferry-sandbox: %s\n", error->message);
      return 2;
    }
  if (state == NULL)
    {
      g_printerr ("ferry-sandbox: --state DIR is required\n");
      return 2;
    }
  if (port < 0 || port > 65535 || seed_migrations < 0 || work_delay < 0 || session_timeout < 1 ||
      clock_offset < -864000 || clock_offset > 864000)
    {
      g_printerr ("ferry-sandbox: a numeric option is out of range\n");
      return 2;
    }
  if (max_bytes != NULL &&
      !g_ascii_string_to_unsigned (max_bytes, 10, 1, G_MAXUINT64, &max_package, &error))
    {
      g_printerr ("ferry-sandbox: --max-package-bytes: %s\n", error->message);
      return 2;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("ferry-sandbox: --tls-cert and --tls-key go together\n");
      return 2;
    }

  sandbox = g_object_new (FERRY_TYPE_SANDBOX,
                          "port", (guint) port,
                          "state-dir", state,
                          "shared-storage", shared,
                          "seed", seed ? seed : "empty",
                          "seed-migrations", (guint) seed_migrations,
                          "name", name ? name : "Library",
                          "server-version", server_version ? server_version : "11.4.1000",
                          "work-delay-ms", (guint) work_delay,
                          "session-timeout", (guint) session_timeout,
                          "max-package-bytes", max_package,
                          "clock-offset-s", clock_offset,
                          "tls-cert-file", tls_cert,
                          "tls-key-file", tls_key,
                          NULL);

  if (!ferry_sandbox_start (sandbox, &error))
    {
      g_printerr ("ferry-sandbox: %s\n", error->message);
      return 1;
    }

  printf ("Listening on %s\n", ferry_sandbox_get_base_url (sandbox));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  ferry_sandbox_stop (sandbox);
  return 0;
}
