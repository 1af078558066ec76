/* test-connections.c: sockets, concurrency and size limits of the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 2,000 keep-alive connections opened and closed leave the server's fd
 * count where it was; 50 clients merging at once all import; a 1 GB body
 * is refused with RSS bounded; a 20,000-range Range header gets a bounded
 * answer.
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID
#define BASE "/MicroStrategyLibrary"

static guint
count_fds (const char *pid)
{
  g_autofree char *dir_path = g_strdup_printf ("/proc/%s/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* kB of VmHWM (peak RSS) of PID. */
static guint64
peak_rss_kb (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  line = strstr (text, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static GSocketConnection *
connect_to (guint port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *c = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);

  g_assert_no_error (error);
  return c;
}

/* Sends TEXT and reads until the server closes or SIZE bytes came. */
static char *
exchange (GSocketConnection *c,
          const char        *text,
          gsize             *len_out)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c));
  GString *got = g_string_new (NULL);
  char buf[16384];
  gssize n;

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL));
  while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (got, buf, n);
  if (len_out)
    *len_out = got->len;
  return g_string_free (got, FALSE);
}

static guint
port_of (const char *base_url)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);

  return (guint) g_uri_get_port (uri);
}

static void
test_keepalive_connections (void)
{
  g_autofree char *state = sbt_make_tmp_dir ();
  g_autoptr(SbtProcess) sb = sbt_process_start (state, NULL, "empty", NULL);
  const char *pid = g_subprocess_get_identifier (sb->process);
  guint port = port_of (sb->base_url);
  guint before, after = 0;

  /* one answered request first, so that lazily opened files are open */
  {
    g_autoptr(GSocketConnection) c = connect_to (port);
    g_autofree char *r = exchange (c, "GET " BASE "/api/status HTTP/1.1\r\nHost: x\r\n"
                                      "Connection: close\r\n\r\n", NULL);
    g_assert_true (g_str_has_prefix (r, "HTTP/1.1 200"));
  }
  before = count_fds (pid);

  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GSocketConnection) c = connect_to (port);

      if (i % 4 == 3)
        {
          /* connected, nothing sent, closed by the client */
          g_io_stream_close (G_IO_STREAM (c), NULL, NULL);
          continue;
        }
      {
        GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c));
        GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c));
        const char *req = "GET " BASE "/api/status HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";
        char buf[4096];
        gssize n;

        g_assert_true (g_output_stream_write_all (out, req, strlen (req), NULL, NULL, NULL));
        n = g_input_stream_read (in, buf, sizeof buf - 1, NULL, NULL);
        g_assert_cmpint (n, >, 12);
        buf[n] = '\0';
        g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 200"));
        g_assert_nonnull (strstr (buf, "Connection: close"));
        /* the client closes the (keep-alive) connection */
        g_io_stream_close (G_IO_STREAM (c), NULL, NULL);
      }
    }

  /* the server still answers, and its fds come back */
  for (guint i = 0; i < 500; i++)
    {
      after = count_fds (pid);
      if (after <= before + 3)
        break;
      g_usleep (10 * 1000);
    }
  g_test_message ("fds before %u, after 2,000 connections %u", before, after);
  g_assert_cmpuint (after, <=, before + 3);
  {
    g_autoptr(SbtClient) c = sbt_client_new (sb->base_url);
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/status", NULL, NULL);

    sbt_assert_status (r, 200);
  }
  sbt_process_terminate (sb);
}

typedef struct
{
  const char *dev_url;
  const char *prod_url;
  gboolean    ok;
  char       *status;
} MergeRun;

static gpointer
merge_thread (gpointer data)
{
  MergeRun *run = data;
  g_autoptr(SbtClient) src = sbt_client_new_login (run->dev_url, "administrator", "");
  g_autoptr(SbtClient) tgt = sbt_client_new_login (run->prod_url, "administrator", "");
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");
  g_autoptr(JsonNode) body = sbt_migration_body (run->dev_url, run->prod_url, "project_merge",
                                                 "project", P, settings, NULL);
  g_autoptr(JsonNode) result = sbt_migration_run (src, tgt, P, body, NULL);

  run->status = g_strdup (sbt_json_get_string (result, "importInfo.status"));
  run->ok = g_strcmp0 (run->status, "imported") == 0;
  return NULL;
}

static void
test_fifty_merges (void)
{
  SbtPair pair;
  MergeRun runs[50];
  GThread *threads[50];
  gint64 start;

  sbt_pair_start (&pair, NULL, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 50; i++)
    {
      runs[i] = (MergeRun) { ferry_sandbox_get_base_url (pair.dev), ferry_sandbox_get_base_url (pair.prod), FALSE, NULL };
      threads[i] = g_thread_new ("merge", merge_thread, &runs[i]);
    }
  for (guint i = 0; i < 50; i++)
    g_thread_join (threads[i]);
  g_test_message ("50 concurrent merges in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  for (guint i = 0; i < 50; i++)
    {
      g_assert_true (runs[i].ok);
      g_free (runs[i].status);
    }

  /* every record on the target consistent: 50 imported */
  {
    g_autoptr(SbtClient) prod = sbt_client_new_admin (pair.prod);
    g_autoptr(SbtResponse) list =
      sbt_request (prod, "GET", "/api/migrations?packageInfo.purpose=project_merge&limit=1000", NULL, NULL);
    JsonArray *data;
    guint imported = 0;

    sbt_assert_status (list, 200);
    data = json_node_get_array (sbt_json_get (list->json, "data"));
    for (guint i = 0; i < json_array_get_length (data); i++)
      if (g_strcmp0 (sbt_json_get_string (json_array_get_element (data, i), "importInfo.status"),
                     "imported") == 0)
        imported++;
    g_assert_cmpuint (imported, ==, 50);
  }
}

static void
test_huge_bodies (void)
{
  g_autofree char *state = sbt_make_tmp_dir ();
  g_autoptr(SbtProcess) sb = sbt_process_start (state, NULL, "empty", NULL);
  const char *pid = g_subprocess_get_identifier (sb->process);
  guint port = port_of (sb->base_url);
  g_autofree char *zeros = g_malloc0 (1024 * 1024);
  guint64 start_kb = peak_rss_kb (pid);

  /* announced as 1 GB: refused before a byte of it is read */
  {
    g_autoptr(GSocketConnection) c = connect_to (port);
    g_autofree char *r = exchange (c, "POST " BASE "/api/auth/login HTTP/1.1\r\nHost: x\r\n"
                                      "Content-Type: application/json\r\n"
                                      "Content-Length: 1073741824\r\n\r\n", NULL);

    g_assert_true (g_str_has_prefix (r, "HTTP/1.1 413"));
    g_assert_nonnull (strstr (r, "\"code\":\"ERR006\""));
  }

  /* 1 GB chunked, streamed from one 1 MB buffer: cut off at the limit */
  {
    g_autoptr(GSocketConnection) c = connect_to (port);
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (c));
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (c));
    const char *head = "POST " BASE "/api/auth/login HTTP/1.1\r\nHost: x\r\n"
                       "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 1024 * 1024);
    guint64 sent = 0;
    char buf[4096];
    gssize n;

    g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL));
    while (sent < G_GUINT64_CONSTANT (1024) * 1024 * 1024)
      {
        if (!g_output_stream_write_all (out, chunk_head, strlen (chunk_head), NULL, NULL, NULL) ||
            !g_output_stream_write_all (out, zeros, 1024 * 1024, NULL, NULL, NULL) ||
            !g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, NULL))
          break;
        sent += 1024 * 1024;
      }
    g_test_message ("chunked body: the server stopped it after %" G_GUINT64_FORMAT " MB", sent >> 20);
    g_assert_cmpuint (sent, <, G_GUINT64_CONSTANT (256) * 1024 * 1024);
    n = g_input_stream_read (in, buf, sizeof buf - 1, NULL, NULL);
    if (n > 0)
      {
        buf[n] = '\0';
        g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 413"));
      }
  }

  {
    guint64 peak = peak_rss_kb (pid);

    g_test_message ("sandbox peak RSS %" G_GUINT64_FORMAT " MB (at start %" G_GUINT64_FORMAT " MB)",
                    peak >> 10, start_kb >> 10);
    g_assert_cmpuint (peak, <, 400 * 1024);
  }
  {
    g_autoptr(SbtClient) c = sbt_client_new (sb->base_url);
    g_autoptr(SbtResponse) r = sbt_request (c, "GET", "/api/status", NULL, NULL);

    sbt_assert_status (r, 200);
  }
  sbt_process_terminate (sb);
}

static void
test_many_ranges (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = "tutorial-dev", .name = "Development" };
  FerrySandbox *dev;
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(JsonNode) settings = sbt_json_parse ("{\"defaultAction\":\"replace\","
                                                 "\"aclOnReplacingObjects\":\"use_existing\","
                                                 "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"]}");
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GString) range = g_string_new ("bytes=");
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SbtResponse) whole = NULL;
  g_autoptr(SbtResponse) r = NULL;
  g_auto(GStrv) halves = NULL;

  options.shared_storage = shared;
  dev = sbt_sandbox_start (&options);
  c = sbt_client_new_admin (dev);
  body = sbt_migration_body (ferry_sandbox_get_base_url (dev), ferry_sandbox_get_base_url (dev),
                             "project_merge", "project", P, settings, NULL);
  id = sbt_migration_create (c, P, body, NULL);
  halves = g_strsplit (id, ":", 2);
  path = g_strdup_printf ("/api/migrations/packages/%s/binary", halves[0]);
  whole = sbt_request (c, "GET", path, NULL, NULL);
  sbt_assert_status (whole, 200);

  for (guint i = 0; i < 20000; i++)
    g_string_append (range, i == 0 ? "0-" : ",0-");
  r = sbt_request (c, "GET", path, NULL, "Range", range->str, NULL);
  g_test_message ("20,000 ranges: %u, %" G_GSIZE_FORMAT " bytes (file %" G_GSIZE_FORMAT ")",
                  r->status, g_bytes_get_size (r->body), g_bytes_get_size (whole->body));
  g_assert_true (r->status == 200 || r->status == 416 || r->status == 400 || r->status == 431);
  g_assert_cmpuint (g_bytes_get_size (r->body), <=, g_bytes_get_size (whole->body));
  if (r->status == 200)
    g_assert_true (g_bytes_equal (r->body, whole->body));
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/reliability/connections/keep-alive", test_keepalive_connections);
  g_test_add_func ("/reliability/connections/fifty-merges", test_fifty_merges);
  g_test_add_func ("/reliability/connections/huge-bodies", test_huge_bodies);
  g_test_add_func ("/reliability/connections/many-ranges", test_many_ranges);

  return g_test_run ();
}
