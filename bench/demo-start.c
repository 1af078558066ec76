/* demo-start.c: how long `ferry --demo` takes to paint its first frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the built `ferry --demo` as a user would (a process of its own,
 * settings in memory, a fresh home so that no saved environment or draft
 * is read), with FERRY_REPORT_FIRST_FRAME set: the application then prints
 * "FERRY-FIRST-FRAME<TAB><monotonic µs>" once its window painted its first
 * frame (ferry-application.c). The monotonic clock is the system's, so the
 * figure is from just before the spawn to that paint. The process is then
 * stopped with SIGTERM (the demo removes its folder) and waited for.
 *
 *   bench-demo-start [RUNS] [floor|adw]     (default 1; one measured start
 *                                           per process)
 *
 * With "floor" or "adw", bench-first-frame-floor is started instead (a bare
 * GtkWindow, or an AdwApplicationWindow) in the same environment, and the
 * figure is demo.first_frame_floor / demo.first_frame_adw: what the toolkit
 * and the renderer cost before any of Ferry's code.
 *
 * Needs a display and a session bus (xvfb-run -a dbus-run-session -- …);
 * GSK_RENDERER is passed through: run it with GSK_RENDERER=cairo and with
 * it unset (GL). Prints demo.first_frame (ms; goal ≤ 1000). Build with
 * --buildtype=release for figures worth quoting.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-util.h"

/* One start: the milliseconds to the first frame, or a negative number. */
static double
one_start (const char *home,
           const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *cache = g_build_filename (home, "cache", NULL);
  const char *ferry_argv[] = { FERRY_PATH, "--demo", NULL };
  const char *floor_argv[] = { FLOOR_PATH, mode != NULL && g_str_equal (mode, "adw") ? "adw" : "gtk", NULL };
  const char **argv = mode != NULL ? floor_argv : ferry_argv;
  GPid pid = 0;
  int out_fd = -1;
  FILE *out;
  char line[256];
  double ms = -1;
  gint64 start;
  int status;

  env = g_environ_setenv (env, "FERRY_REPORT_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_SCHEMA_DIR", FERRY_SCHEMA_DIR, TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data, TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", cache, TRUE);

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, &out_fd, NULL, &error))
    g_error ("spawn %s: %s", argv[0], error->message);

  out = fdopen (out_fd, "r");
  while (fgets (line, sizeof line, out) != NULL)
    {
      gint64 painted;

      if (!g_str_has_prefix (line, "FERRY-FIRST-FRAME\t"))
        {
          fputs (line, stdout);
          continue;
        }
      painted = g_ascii_strtoll (line + strlen ("FERRY-FIRST-FRAME\t"), NULL, 10);
      ms = (painted - start) / 1000.0;
      break;
    }
  kill (pid, SIGTERM);
  /* the rest of its output, until it exits */
  while (fgets (line, sizeof line, out) != NULL)
    fputs (line, stdout);
  fclose (out);
  /* Ferry ends on SIGTERM by itself (the demo removes its folder); the bare
   * window just dies of it. */
  if (waitpid (pid, &status, 0) < 0 || (mode == NULL && !WIFEXITED (status)))
    g_printerr ("ferry did not exit normally\n");
  g_spawn_close_pid (pid);
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = MAX (bench_arg_uint (argc, argv, 1, 1), 1);
  g_autofree double *times = g_new0 (double, runs);
  const char *renderer = g_getenv ("GSK_RENDERER");
  const char *mode = argc > 2 ? argv[2] : NULL;
  g_autofree char *key = NULL;

  if (mode != NULL && !g_str_equal (mode, "floor") && !g_str_equal (mode, "adw"))
    g_error ("Usage: bench-demo-start [RUNS] [floor|adw]");
  key = g_strdup_printf ("demo.first_frame%s%s", mode != NULL ? "_" : "", mode != NULL ? mode : "");

  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *home = g_dir_make_tmp ("ferry-bench-demo-XXXXXX", NULL);

      times[r] = one_start (home, mode);
      bench_remove_tree (home);
      if (times[r] < 0)
        g_error ("%s exited without painting a frame", mode != NULL ? "The bare window" : "ferry --demo");
      printf ("  %s, first frame painted after %.1f ms (renderer %s)\n",
              mode != NULL ? mode : "ferry --demo", times[r], renderer ? renderer : "default");
    }
  bench_sort_doubles (times, runs);
  if (runs > 1)
    printf ("  median %.1f ms over %u starts (min %.1f, max %.1f)\n",
            times[runs / 2], runs, times[0], times[runs - 1]);
  bench_report (key, times[runs / 2], "ms");
  return 0;
}
