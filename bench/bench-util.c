/* bench-util.c: helpers shared by the benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-util.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char bench_merge_settings_json[] =
  "{\"updateSchema\": [\"recal_table_logical_size\", \"recal_table_keys_fact_entry_level\","
  " \"update_schema_logical_info\"],"
  " \"aclOnReplacingObjects\": \"use_existing\","
  " \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
  " \"validateDependencies\": true,"
  " \"defaultAction\": \"use_existing\","
  " \"folderActions\": [{\"id\": \"8D679D5111D3E4981000E787EC6DE8A4\", \"action\": \"use_existing\"}],"
  " \"objectTypeActions\": [{\"type\": 1, \"subtype\": 256, \"action\": \"use_existing\"}],"
  " \"objectActions\": [{\"id\": \"8D679D5111D3E4981000E787EC6DE8A4\", \"action\": \"replace\"}],"
  " \"translationAction\": \"existing\"}";

/* The benches' figures on the command line (sizes, runs, delays). */
guint
bench_arg_uint (int    argc,
                char **argv,
                int    index,
                guint  default_value)
{
  return argc > index ? (guint) g_ascii_strtoull (argv[index], NULL, 10) : default_value;
}

/* Elapsed wall time of a measured step, in the unit it is printed in. */
double
bench_ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

double
bench_seconds_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1e6;
}

/* The memory figure of the whole process, as top shows it. */
long
bench_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

/* The memory a structure keeps: taken before and after building it. */
gsize
bench_heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Timings of several runs, sorted for their median, minimum and maximum. */
void
bench_sort_doubles (double *values,
                    guint   n_values)
{
  qsort (values, n_values, sizeof (double), compare_doubles);
}

void
bench_report (const char *key,
              double      value,
              const char *unit)
{
  printf ("FERRY-BENCH\t%s\t%.3f\t%s\n", key, value, unit);
  fflush (stdout);
}

/* The temporary folder of a bench, removed at its end. */
void
bench_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A bench waits for each async call before it measures the next step. */
void
bench_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
bench_wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* --- a bare HTTP client ---------------------------------------------------- */

/* The sandbox's own cost, or the floor the client's logic is measured
 * against: requests sent with nothing but libsoup. */
void
bench_client_login (BenchClient       *client,
                    const char        *base,
                    BenchRequestFlags  flags)
{
  SoupMessageHeaders *headers = NULL;
  g_autoptr(GBytes) reply = NULL;
  guint status;

  client->session = soup_session_new ();
  soup_session_add_feature_by_type (client->session, SOUP_TYPE_COOKIE_JAR);
  client->base = g_strdup (base);
  g_clear_pointer (&client->token, g_free);
  reply = bench_client_request (client, "POST", "/api/auth/login", NULL, flags,
                                "{\"username\":\"administrator\",\"password\":\"\",\"loginMode\":1}",
                                &status, &headers);
  if (status != 204)
    g_error ("login failed: %u", status);
  client->token = g_strdup (soup_message_headers_get_one (headers, "X-MSTR-AuthToken"));
  soup_message_headers_unref (headers);
}

/* One request as the REST API wants it, answered in full before it returns. */
GBytes *
bench_client_request (BenchClient        *client,
                      const char         *method,
                      const char         *path,
                      const char         *project,
                      BenchRequestFlags   flags,
                      const char         *body,
                      guint              *status_out,
                      SoupMessageHeaders **headers_out)
{
  g_autofree char *url = g_strconcat (client->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  GBytes *reply;

  if (flags & BENCH_REQUEST_ACCEPT_JSON)
    soup_message_headers_replace (headers, "Accept", "application/json");
  if (client->token != NULL)
    soup_message_headers_replace (headers, "X-MSTR-AuthToken", client->token);
  if (project != NULL)
    soup_message_headers_replace (headers, "X-MSTR-ProjectID", project);
  if (flags & BENCH_REQUEST_PREFER_ASYNC)
    soup_message_headers_replace (headers, "Prefer", "respond-async");
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (client->session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  *status_out = soup_message_get_status (msg);
  if (headers_out != NULL)
    *headers_out = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return reply;
}

/* For the benches that read records (a migration's status) rather than
 * check bytes; mutable, as bench-merge and bench-sandbox-merge edit the
 * record they send back. */
JsonNode *
bench_json_from_bytes (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (length == 0)
    return NULL;
  /* By length: nothing says the body read ends in a NUL. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* What a poll of a migration looks at. */
const char *
bench_record_string (JsonNode   *record,
                     const char *section,
                     const char *member)
{
  JsonObject *object = json_object_get_object_member (json_node_get_object (record), section);

  return json_object_get_string_member_with_default (object, member, NULL);
}

void
bench_client_clear (BenchClient *client)
{
  g_clear_object (&client->session);
  g_clear_pointer (&client->base, g_free);
  g_clear_pointer (&client->token, g_free);
}

void
bench_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
bench_spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}
