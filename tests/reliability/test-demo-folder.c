/* test-demo-folder.c: `ferry --demo` leaves no folder behind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 13, item 9: the demo's temporary folder holds the seeded
 * passwords. A demo stopped by SIGTERM or SIGINT removes it before the
 * process goes; one killed outright (SIGKILL) leaves it, and the next demo
 * removes it by its pid file. FerryDemo needs no display. The demo runs in
 * a child process (this program with --demo-child), with TMPDIR pointing
 * at a folder of the test.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "ferry-demo.h"
#include "ferry-test-util.h"

static const char *self_path;

static gboolean
is_running (gpointer data)
{
  return ferry_demo_get_state (data) == FERRY_DEMO_STATE_RUNNING;
}

/* The child: starts the demo, prints its folder, and runs the main loop
 * until a signal ends it (at most 60 s). */
static int
demo_child (void)
{
  g_autoptr(FerryDemo) demo = ferry_demo_new ();
  gint64 end;

  ferry_demo_start_async (demo, NULL, NULL, NULL);
  ftu_wait_until (is_running, demo, 120);
  g_print ("DIRECTORY=%s\n", ferry_demo_get_directory (demo));
  fflush (stdout);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_print ("STILL ALIVE\n");
  return 0;
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *directory;
} Child;

/* Starts a demo child with TMPDIR=PARENT; returns once it printed its
 * folder. */
static void
child_start (Child      *child,
             const char *parent)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_setenv (launcher, "TMPDIR", parent, TRUE);
  child->process = g_subprocess_launcher_spawn (launcher, &error, self_path, "--demo-child", NULL);
  g_assert_no_error (error);
  child->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child->process));
  while ((line = g_data_input_stream_read_line (child->out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "DIRECTORY="))
        break;
      g_clear_pointer (&line, g_free);
    }
  g_assert_no_error (error);
  g_assert_nonnull (line);
  child->directory = g_strdup (line + strlen ("DIRECTORY="));
  g_assert_true (g_str_has_prefix (child->directory, parent));
  g_assert_true (g_file_test (child->directory, G_FILE_TEST_IS_DIR));
}

static void
child_clear (Child *child)
{
  g_clear_object (&child->out);
  g_clear_object (&child->process);
  g_clear_pointer (&child->directory, g_free);
}

static void
test_signal (gconstpointer data)
{
  int signum = GPOINTER_TO_INT (data);
  const char *parent = ftu_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pid_file = NULL;
  Child child = { 0 };

  child_start (&child, parent);
  pid_file = g_build_filename (child.directory, "ferry-demo.pid", NULL);
  g_assert_true (g_file_test (pid_file, G_FILE_TEST_IS_REGULAR));

  g_subprocess_send_signal (child.process, signum);
  g_assert_true (g_subprocess_wait (child.process, NULL, &error));
  g_assert_no_error (error);

  /* Ended by the signal, as without the watch, and the folder is gone. */
  g_assert_true (g_subprocess_get_if_signaled (child.process));
  g_assert_cmpint (g_subprocess_get_term_sig (child.process), ==, signum);
  g_assert_false (g_file_test (child.directory, G_FILE_TEST_EXISTS));
  child_clear (&child);
}

/* SIGKILL cannot be caught: the folder stays, and the next demo's start
 * (ferry_demo_remove_stale_folders) removes it. */
static void
test_killed_then_cleaned (void)
{
  const char *parent = ftu_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  Child child = { 0 };

  child_start (&child, parent);
  g_subprocess_force_exit (child.process);
  g_assert_true (g_subprocess_wait (child.process, NULL, &error));
  g_assert_true (g_file_test (child.directory, G_FILE_TEST_IS_DIR));

  g_assert_cmpuint (ferry_demo_remove_stale_folders (parent), ==, 1);
  g_assert_false (g_file_test (child.directory, G_FILE_TEST_EXISTS));
  child_clear (&child);
}

static char *
make_demo_folder (const char *parent,
                  const char *name,
                  gint64      pid)
{
  char *path = g_build_filename (parent, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  if (pid > 0)
    {
      g_autofree char *pid_path = g_build_filename (path, "ferry-demo.pid", NULL);
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT "\n", pid);

      g_assert_true (g_file_set_contents (pid_path, text, -1, &error));
      g_assert_no_error (error);
    }
  return path;
}

/* Only folders of dead processes go; live ones, young unmarked ones,
 * other names and symbolic links stay. */
static void
test_stale_rules (void)
{
  const char *parent = ftu_make_tmp_dir ();
  gint64 dead_pid;
  pid_t child;
  g_autofree char *dead = NULL, *live = NULL, *young = NULL, *old = NULL, *other = NULL, *link = NULL;
  struct utimbuf two_hours_ago;

  /* A pid that is surely gone: a child that exits at once, reaped here
   * (GSubprocess forgets the pid of a child that has exited). */
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    _exit (0);
  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  dead_pid = child;

  dead = make_demo_folder (parent, "ferry-demo-AAAAAA", dead_pid);
  live = make_demo_folder (parent, "ferry-demo-BBBBBB", getppid ());
  young = make_demo_folder (parent, "ferry-demo-CCCCCC", 0);
  old = make_demo_folder (parent, "ferry-demo-DDDDDD", 0);
  other = make_demo_folder (parent, "other-AAAAAA", dead_pid);
  link = g_build_filename (parent, "ferry-demo-FFFFFF", NULL);
  g_assert_cmpint (symlink (dead, link), ==, 0);
  two_hours_ago.actime = two_hours_ago.modtime = time (NULL) - 7200;
  g_assert_cmpint (utime (old, &two_hours_ago), ==, 0);

  g_assert_cmpuint (ferry_demo_remove_stale_folders (parent), ==, 2);
  g_assert_false (g_file_test (dead, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (young, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
}

int
main (int    argc,
      char **argv)
{
  if (argc == 2 && g_str_equal (argv[1], "--demo-child"))
    return demo_child ();

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/demo-folder/sigterm", GINT_TO_POINTER (SIGTERM), test_signal);
  g_test_add_data_func ("/demo-folder/sigint", GINT_TO_POINTER (SIGINT), test_signal);
  g_test_add_func ("/demo-folder/killed-then-cleaned", test_killed_then_cleaned);
  g_test_add_func ("/demo-folder/stale-rules", test_stale_rules);
  return g_test_run ();
}
