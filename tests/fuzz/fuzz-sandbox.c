/* fuzz-sandbox.c: fuzz targets for the sandbox's request handlers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process pair of sandboxes (Development with three seeded
 * migrations, Production; a shared storage) and a real SoupSession. A
 * sample is a request as text:
 *
 *   METHOD /api/path?query
 *   Header-Name: value
 *   (a blank line)
 *   body
 *
 * with @MIGRATION@, @PACKAGE@, @SOURCE@ and @TARGET@ replaced by a seeded
 * migration's id, its package id and the two servers' base URLs. One target
 * per endpoint family (corpus/sandbox-<family>/). Every answer must be an
 * HTTP answer (no reset, no dead server), never a 5xx, and a 4xx with a
 * body carries a JSON error object with "code" and "message". A request
 * that logs the fuzzer's session out is followed by a new login.
 */

#include <libsoup/soup.h>
#include <string.h>

#include "fuzz-util.h"
#include "sb-test-util.h"

typedef struct
{
  SbtPair    pair;
  SbtClient *client;
  char      *migration_id;
  char      *package_id;
} Fixture;

static gboolean
is_token (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isalnum (*s) && strchr ("!#$%&'*+-.^_`|~", *s) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_header_value (const char *s)
{
  for (; *s; s++)
    if ((guchar) *s < 0x20 || (guchar) *s >= 0x7f)
      return FALSE;
  return TRUE;
}

static char *
substitute (Fixture    *f,
            const char *text)
{
  GString *s = g_string_new (text);

  g_string_replace (s, "@MIGRATION@", f->migration_id, 0);
  g_string_replace (s, "@PACKAGE@", f->package_id, 0);
  g_string_replace (s, "@SOURCE@", ferry_sandbox_get_base_url (f->pair.dev), 0);
  g_string_replace (s, "@TARGET@", ferry_sandbox_get_base_url (f->pair.prod), 0);
  return g_string_free (s, FALSE);
}

static void
check_answer (SbtResponse *r,
              const char  *method,
              const char  *path)
{
  if (r->status == 0)
    g_error ("%s %s: no answer: %s", method, path, r->error ? r->error->message : "?");
  if (r->status >= 500)
    g_error ("%s %s: %u %s", method, path, r->status, r->text);
  if (r->status >= 400 && g_bytes_get_size (r->body) > 0)
    {
      JsonObject *error;

      if (r->json == NULL || !JSON_NODE_HOLDS_OBJECT (r->json))
        g_error ("%s %s: %u without a JSON error body: %s", method, path, r->status, r->text);
      error = json_node_get_object (r->json);
      if (json_object_get_string_member_with_default (error, "code", NULL) == NULL ||
          json_object_get_string_member_with_default (error, "message", NULL) == NULL)
        g_error ("%s %s: %u error body without code and message: %s", method, path, r->status, r->text);
      if (!g_utf8_validate (r->text, -1, NULL))
        g_error ("%s %s: %u error body of invalid UTF-8", method, path, r->status);
    }
}

static void
fuzz_request (const guint8 *data,
              gsize         size,
              gpointer      user_data)
{
  static const char * const methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
  Fixture *f = user_data;
  const guint8 *end = memchr (data, '\n', size);
  const guint8 *headers_end = NULL;
  g_autofree char *line = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) headers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) probe = NULL;
  g_autoptr(SbtResponse) r = NULL;
  const char *method = NULL;
  char *space;

  if (end == NULL)
    return;
  line = g_strndup ((const char *) data, end - data);
  space = strchr (line, ' ');
  if (space == NULL)
    return;
  *space = '\0';
  for (gsize i = 0; i < G_N_ELEMENTS (methods); i++)
    if (strcmp (line, methods[i]) == 0)
      method = methods[i];
  if (method == NULL || space[1] != '/' || !is_header_value (space + 1))
    return;
  path = substitute (f, space + 1);

  /* Headers up to a blank line, then the body. */
  for (const guint8 *p = end + 1; p < data + size;)
    {
      const guint8 *eol = memchr (p, '\n', data + size - p);
      g_autofree char *header = NULL;
      char *colon;

      if (eol == NULL)
        break;
      if (eol == p)
        {
          headers_end = eol + 1;
          break;
        }
      header = g_strndup ((const char *) p, eol - p);
      p = eol + 1;
      colon = strchr (header, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      /* libsoup refuses a Content-Type without a "/" before sending. */
      if (g_ascii_strcasecmp (header, "Content-Type") == 0 && strchr (colon + 1, '/') == NULL)
        continue;
      if (is_token (header) && is_header_value (g_strchug (colon + 1)))
        {
          g_ptr_array_add (headers, g_strdup (header));
          g_ptr_array_add (headers, substitute (f, colon + 1));
        }
    }
  g_ptr_array_add (headers, NULL);
  if (headers_end != NULL && headers_end < data + size)
    {
      g_autofree char *text = g_strndup ((const char *) headers_end, data + size - headers_end);
      g_autofree char *replaced = NULL;

      /* A body with a NUL is sent as it is, without substitutions. */
      if (strlen (text) == (gsize) (data + size - headers_end))
        {
          replaced = substitute (f, text);
          body = g_bytes_new (replaced, strlen (replaced));
        }
      else
        body = g_bytes_new (headers_end, data + size - headers_end);
    }

  url = g_strconcat (sbt_client_get_base_url (f->client), path, NULL);
  probe = soup_message_new (method, url);
  if (probe == NULL)
    return;

  r = sbt_request_full (f->client, method, path, (const char * const *) headers->pdata, NULL, body, TRUE);
  check_answer (r, method, path);

  /* The fuzzer's own session gone (logged out, or its token broken): a
   * new one, which must work. */
  {
    g_autoptr(SbtResponse) check = sbt_request (f->client, "GET", "/api/sessions", NULL, NULL);
    check_answer (check, "GET", "/api/sessions");
    if (check->status == 401)
      {
        g_autoptr(SbtResponse) login = sbt_client_login (f->client, "administrator", "", 1);
        g_assert_cmpuint (login->status, ==, 204);
      }
  }
}

static void
test_family (gconstpointer data)
{
  const char *family = data;
  SbtOptions dev = { .seed_migrations = 3 };
  Fixture f = { 0 };
  g_autofree char *name = g_strdup_printf ("sandbox-%s", family);
  FuzzTarget target = { name, fuzz_request, &f, TRUE, (gsize) -1, 20000, 4, 16 * 1024 };

  sbt_pair_start (&f.pair, &dev, NULL);
  f.client = sbt_client_new_admin (f.pair.dev);
  {
    g_autoptr(SbtResponse) list = sbt_request (f.client, "GET", "/api/migrations?limit=1", NULL, NULL);
    const char *id;

    g_assert_cmpuint (list->status, ==, 200);
    id = sbt_json_get_string (list->json, "data.0.id");
    g_assert_nonnull (id);
    f.migration_id = g_strdup (id);
    f.package_id = g_strndup (id, 32);
  }

  fuzz_run (&target);

  /* Still the server it was. */
  {
    g_autoptr(SbtResponse) status = sbt_request (f.client, "GET", "/api/status", NULL, NULL);
    g_assert_cmpuint (status->status, ==, 200);
  }
  sbt_client_free (f.client);
  g_free (f.migration_id);
  g_free (f.package_id);
}

int
main (int argc, char *argv[])
{
  static const char * const families[] = { "auth", "discovery", "storage", "packages", "migrations" };

  sbt_init (&argc, &argv);
  for (gsize i = 0; i < G_N_ELEMENTS (families); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/sandbox-%s", families[i]);
      g_test_add_data_func (path, families[i], test_family);
    }
  return g_test_run ();
}
