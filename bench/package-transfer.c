/* package-transfer.c: a 2 GB package through the core, both ways, and the
 * client's peak memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   ./_build/bench/bench-package-transfer [MIB]     (default 2048)
 *
 * Makes a sparse .mmp-shaped file of MIB MiB in a temporary folder, starts
 * the ferry-sandbox binary as a subprocess (so its memory is not counted
 * here) with --max-package-bytes above the file's size, and sends the file
 * through the core as FerryFileImportJob does (sha256 read in chunks,
 * shared-file metadata, the streamed multipart upload), then downloads it
 * back streamed (GET …/sharedFileStore/files/{id}/binary, the same core
 * download as a migration's package). The shared file store checks the
 * size and sha256 of what arrived; the bench checks the downloaded file's.
 *
 * Prints the throughput of each direction and the peak resident memory
 * (VmHWM) of the client and of the sandbox process (read from its
 * /proc/<pid>/status before it is stopped); exits 1 when either is 200 MB
 * or more.
 */

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-util.h"
#include "ferry-core.h"

#define LIMIT_KIB (200L * 1000L)

/* VmHWM of process PID ("self" for this one), or -1. */
static long
peak_rss_kib (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer data)
{
  const char *what = data;
  static int last_percent = -1;
  int percent = total > 0 ? (int) (100 * done / total) : 0;

  if (percent / 10 != last_percent / 10)
    {
      g_print ("  %s %3d %%  (RSS %ld KiB)\n", what, percent, bench_rss_kib ());
      last_percent = percent;
    }
  if (done == total)
    last_percent = -1;
}

/* A sparse file of SIZE bytes that starts like a package file. */
static void
make_sparse_file (const char *path,
                  goffset     size)
{
  static const char head[] = "\x01\x80" "FERRY-MMP\n" "bench: a sparse package\n";
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  if (fd < 0 || write (fd, head, sizeof head - 1) != (ssize_t) (sizeof head - 1) ||
      ftruncate (fd, size) != 0 || lseek (fd, size - 4, SEEK_SET) < 0 || write (fd, "END\n", 4) != 4)
    g_error ("Cannot make %s: %s", path, g_strerror (errno));
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  guint mib = bench_arg_uint (argc, argv, 1, 2048);
  goffset size = (goffset) mib * 1024 * 1024;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-bench-transfer-XXXXXX", &error);
  g_autofree char *state = NULL, *shared = NULL, *path = NULL, *back_path = NULL;
  g_autofree char *max_bytes = NULL, *line = NULL, *sha256 = NULL, *back_sha256 = NULL;
  g_autofree char *id_escaped = NULL, *binary_path = NULL;
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GFile) file = NULL, back = NULL;
  g_autoptr(JsonObject) metadata = NULL, uploaded = NULL;
  GAsyncResult *result = NULL;
  FerrySharedFileSpec spec = { 0 };
  goffset hashed = 0, back_size = 0;
  gint64 start;
  double up_s, down_s, hash_s;
  long peak, sandbox_peak;

  g_assert_no_error (error);
  state = g_build_filename (dir, "state", NULL);
  shared = g_build_filename (dir, "shared", NULL);
  path = g_build_filename (dir, "bench.mmp", NULL);
  back_path = g_build_filename (dir, "downloaded.mmp", NULL);
  g_mkdir_with_parents (shared, 0755);
  make_sparse_file (path, size);
  file = g_file_new_for_path (path);
  back = g_file_new_for_path (back_path);

  /* The sandbox in its own process. */
  max_bytes = g_strdup_printf ("%" G_GOFFSET_FORMAT, size + 1024 * 1024 * 1024);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, FERRY_SANDBOX_PATH,
                              "--port", "0", "--state", state, "--shared-storage", shared,
                              "--seed", "tutorial-prod", "--max-package-bytes", max_bytes, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "Listening on "))
    g_error ("The sandbox said “%s”", line ? line : "");

  connection = ferry_connection_new (line + strlen ("Listening on "), FERRY_LOGIN_MODE_STANDARD,
                                     "administrator", &error);
  g_assert_no_error (error);
  ferry_connection_set_request_timeout (connection, 120);
  ferry_connection_connect_async (connection, "", NULL, bench_result_cb, &result);
  ferry_connection_connect_finish (connection, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  g_print ("Package file: %u MiB (sparse), client RSS at start %ld KiB\n", mib, bench_rss_kib ());

  /* As FerryFileImportJob: hash, metadata, streamed upload. */
  start = g_get_monotonic_time ();
  ferry_library_hash_file_async (file, NULL, bench_result_cb, &result);
  sha256 = ferry_library_hash_file_finish (wait_result (&result), &hashed, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  hash_s = bench_seconds_since (start);

  spec.name = "bench";
  spec.size = hashed;
  spec.sha256 = sha256;
  ferry_library_create_shared_file_async (connection, &spec, NULL, bench_result_cb, &result);
  metadata = ferry_library_finish_object (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  ferry_library_upload_shared_file_async (connection, ferry_library_record_get_string (metadata, "id"), file,
                                          progress_cb, (gpointer) "upload", NULL, NULL, bench_result_cb, &result);
  uploaded = ferry_library_finish_object (wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  up_s = bench_seconds_since (start);
  g_assert_true (json_object_get_boolean_member (uploaded, "existing"));

  /* Back, streamed into a partial file renamed into place. */
  id_escaped = g_uri_escape_string (ferry_library_record_get_string (metadata, "id"), NULL, FALSE);
  binary_path = g_strdup_printf ("/api/mstrServices/library/storage/sharedFileStore/files/%s/binary", id_escaped);
  start = g_get_monotonic_time ();
  ferry_connection_download_async (connection, binary_path, NULL, back, progress_cb, (gpointer) "download", NULL,
                                   NULL, bench_result_cb, &result);
  ferry_connection_download_finish (connection, wait_result (&result), &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  down_s = bench_seconds_since (start);

  ferry_library_hash_file_async (back, NULL, bench_result_cb, &result);
  back_sha256 = ferry_library_hash_file_finish (wait_result (&result), &back_size, &error);
  g_clear_object (&result);
  g_assert_no_error (error);
  if (back_size != size || g_strcmp0 (back_sha256, sha256) != 0)
    g_error ("The downloaded file differs: %" G_GOFFSET_FORMAT " bytes, sha256 %s", back_size, back_sha256);

  peak = peak_rss_kib ("self");
  sandbox_peak = peak_rss_kib (g_subprocess_get_identifier (sandbox));
  g_print ("sha256 (chunked, worker thread): %.1f s, %.0f MiB/s\n", hash_s, mib / hash_s);
  g_print ("upload (streamed multipart):     %.1f s, %.0f MiB/s\n", up_s, mib / up_s);
  g_print ("download (streamed to a file):   %.1f s, %.0f MiB/s\n", down_s, mib / down_s);
  g_print ("downloaded file: same size and sha256 (%s)\n", sha256);
  g_print ("client peak RSS (VmHWM): %ld KiB (%.1f MB); limit %ld KiB\n", peak, peak * 1024 / 1e6, LIMIT_KIB);
  g_print ("sandbox peak RSS (VmHWM): %ld KiB (%.1f MB); limit %ld KiB\n", sandbox_peak,
           sandbox_peak * 1024 / 1e6, LIMIT_KIB);

  g_clear_object (&connection);
  g_subprocess_force_exit (sandbox);
  g_subprocess_wait (sandbox, NULL, NULL);
  bench_remove_tree (dir);

  if (peak < 0 || peak >= LIMIT_KIB)
    {
      g_printerr ("FAIL: the client's peak RSS is over 200 MB\n");
      return 1;
    }
  if (sandbox_peak < 0 || sandbox_peak >= LIMIT_KIB)
    {
      g_printerr ("FAIL: the sandbox's peak RSS is over 200 MB\n");
      return 1;
    }
  return 0;
}
