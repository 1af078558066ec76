/* sandbox-merge.c: how long a whole-project merge takes in the sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts two in-process sandboxes sharing storage — source seeded
 * generated:N, target seeded empty — and runs the project merge of
 * spec/project-merge-between-environments.md over HTTP (create, poll,
 * request, approve, read, PUT on target, poll), then prints the time of each
 * phase and the process's resident memory before and after.
 *
 *   bench-sandbox-merge [N]     (default 10000)
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ferry-sandbox.h"

#define PROJECT "B19DEDCC11D4E0EFC000EB9495D0F44F"

typedef struct
{
  SoupSession *session;
  char        *base;
  char        *token;
} Client;

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static JsonNode *
call (Client     *c,
      const char *method,
      const char *path,
      const char *project,
      const char *body,
      guint      *status_out,
      SoupMessageHeaders **headers_out)
{
  g_autofree char *url = g_strconcat (c->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) reply = NULL;
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);
  gsize len = 0;
  const char *data;

  if (c->token)
    soup_message_headers_replace (h, "X-MSTR-AuthToken", c->token);
  if (project)
    soup_message_headers_replace (h, "X-MSTR-ProjectID", project);
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", b);
    }
  reply = soup_session_send_and_read (c->session, msg, NULL, &error);
  if (reply == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  *status_out = soup_message_get_status (msg);
  if (headers_out)
    *headers_out = soup_message_headers_ref (soup_message_get_response_headers (msg));
  data = g_bytes_get_data (reply, &len);
  if (len == 0)
    return NULL;
  return json_from_string (data, NULL);
}

static void
login (Client     *c,
       const char *base)
{
  SoupMessageHeaders *headers = NULL;
  guint status;
  g_autoptr(JsonNode) n = NULL;

  c->session = soup_session_new ();
  soup_session_add_feature_by_type (c->session, SOUP_TYPE_COOKIE_JAR);
  c->base = g_strdup (base);
  n = call (c, "POST", "/api/auth/login", NULL,
            "{\"username\":\"administrator\",\"password\":\"\",\"loginMode\":1}", &status, &headers);
  if (status != 204)
    g_error ("login failed: %u", status);
  c->token = g_strdup (soup_message_headers_get_one (headers, "X-MSTR-AuthToken"));
  soup_message_headers_unref (headers);
}

static const char *
member_string (JsonNode   *root,
               const char *info,
               const char *member)
{
  JsonObject *o = json_object_get_object_member (json_node_get_object (root), info);
  return json_object_get_string_member (o, member);
}

static double
wait_for (Client     *c,
          const char *id,
          const char *info,
          const char *wanted,
          guint      *polls)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
  gint64 start = g_get_monotonic_time ();

  for (;;)
    {
      guint status;
      g_autoptr(JsonNode) n = call (c, "GET", path, NULL, NULL, &status, NULL);
      const char *s = member_string (n, info, "status");

      (*polls)++;
      if (g_strcmp0 (s, wanted) == 0)
        break;
      if (g_str_has_suffix (s, "failed"))
        g_error ("%s ended %s", info, s);
      g_usleep (20000);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  g_autofree char *tmp = g_dir_make_tmp ("ferry-bench-XXXXXX", NULL);
  g_autofree char *storage = g_build_filename (tmp, "storage", NULL);
  g_autofree char *dev_state = g_build_filename (tmp, "dev", NULL);
  g_autofree char *prod_state = g_build_filename (tmp, "prod", NULL);
  g_autofree char *seed = g_strdup_printf ("generated:%u", n);
  g_autoptr(FerrySandbox) dev = NULL;
  g_autoptr(FerrySandbox) prod = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) full = NULL;
  g_autoptr(JsonNode) put = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  Client src = { 0 }, dst = { 0 };
  long rss0, rss1, rss2;
  gint64 t0, t1;
  double create_s, import_s;
  guint status, polls = 0;
  const char *id;
  JsonObject *pinfo;

  g_mkdir_with_parents (storage, 0755);
  rss0 = rss_kib ();

  t0 = g_get_monotonic_time ();
  dev = ferry_sandbox_new (dev_state, seed);
  g_object_set (dev, "shared-storage", storage, "name", "Development", NULL);
  prod = ferry_sandbox_new (prod_state, "empty");
  g_object_set (prod, "shared-storage", storage, "name", "Production", NULL);
  if (!ferry_sandbox_start (dev, &error) || !ferry_sandbox_start (prod, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  rss1 = rss_kib ();
  printf ("seed %s and start: %.2f s, RSS %ld MiB → %ld MiB\n", seed, (t1 - t0) / 1e6,
          rss0 / 1024, rss1 / 1024);

  login (&src, ferry_sandbox_get_base_url (dev));
  login (&dst, ferry_sandbox_get_base_url (prod));

  t0 = g_get_monotonic_time ();
  created = call (&src, "POST", "/api/migrations", PROJECT,
                  "{\"packageInfo\":{\"type\":\"project\",\"purpose\":\"project_merge\",\"name\":\"bench\","
                  "\"environment\":{\"id\":\"dev/\",\"name\":\"Development\"},"
                  "\"tocView\":{\"settings\":{\"updateSchema\":[],\"aclOnReplacingObjects\":\"use_existing\","
                  "\"aclOnNewObjects\":[\"keep_acl_as_source_object\"],\"validateDependencies\":true,"
                  "\"defaultAction\":\"use_existing\",\"folderActions\":[],\"objectTypeActions\":[],"
                  "\"objectActions\":[],\"translationAction\":\"existing\"}},\"treeView\":{}},"
                  "\"importInfo\":{\"environment\":{\"id\":\"prod/\",\"name\":\"Production\"},"
                  "\"project\":{\"id\":\"" PROJECT "\",\"name\":\"MicroStrategy Tutorial\"}}}",
                  &status, NULL);
  if (status != 201)
    g_error ("create: %u", status);
  id = json_object_get_string_member (json_node_get_object (created), "id");
  create_s = wait_for (&src, id, "packageInfo", "created", &polls);

  path = g_strdup_printf ("/api/migrations/%s", id);
  json_node_unref (call (&src, "PATCH", path, NULL, "{\"importInfo\":{\"importRequestStatus\":\"requested\"}}", &status, NULL));
  json_node_unref (call (&src, "PATCH", path, NULL, "{\"importInfo\":{\"importRequestStatus\":\"approved\"}}", &status, NULL));
  g_free (path);
  path = g_strdup_printf ("/api/migrations/%s?showContent=all", id);
  full = call (&src, "GET", path, NULL, NULL, &status, NULL);
  pinfo = json_object_get_object_member (json_node_get_object (full), "packageInfo");
  json_object_set_boolean_member (pinfo, "replicated", TRUE);
  body = json_to_string (full, FALSE);
  g_free (path);
  path = g_strdup_printf ("/api/migrations/%s", id);
  put = call (&dst, "PUT", path, PROJECT, body, &status, NULL);
  if (status != 202)
    g_error ("PUT: %u", status);
  import_s = wait_for (&dst, id, "importInfo", "imported", &polls);
  t1 = g_get_monotonic_time ();
  rss2 = rss_kib ();

  printf ("project merge of %u objects: %.2f s end to end (package created in %.2f s, imported in %.2f s, %u polls)\n",
          n, (t1 - t0) / 1e6, create_s, import_s, polls);
  printf ("resident memory of the process (two sandboxes): %ld MiB after the merge\n", rss2 / 1024);

  ferry_sandbox_stop (dev);
  ferry_sandbox_stop (prod);
  g_object_unref (src.session);
  g_object_unref (dst.session);
  g_free (src.base);
  g_free (dst.base);
  g_free (src.token);
  g_free (dst.token);
  return 0;
}
