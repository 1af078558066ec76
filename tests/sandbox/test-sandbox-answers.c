/* test-sandbox-answers.c: the sandbox's answers, byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sandbox's storage (how it keeps objects, ACLs and definitions, how it
 * builds search pages) may change for speed and memory, but its answers
 * must not: every byte a client reads stays the same. This test reads, for
 * fixed seeds (tutorial-dev, tutorial-prod, generated:10000), every search
 * page for several searches and page sizes (with and without ancestors),
 * every folder listing, a sample of single objects (with their ACL), the
 * users and groups, the project list, and every object as
 * ferry_sandbox_dup_objects() shows it (definition, uses and ACL
 * included), and compares one SHA-256 per seed with the value committed
 * here (taken from the store before its compact form).
 *
 * The seeds are deterministic (ids, versions and dates derive from names
 * with MD5, sb_hex_from_text()), so the transcript is too. When an answer
 * changes on purpose, the test prints the new value; update it here and
 * say why in the commit.
 */

#include <string.h>

#include "sb-test-util.h"

typedef struct
{
  SbtClient *c;
  GChecksum *sum;
  guint      requests;
} Transcript;

/* Feeds "METHOD PATH PROJECT\nSTATUS\nBODY\n" to the checksum. */
static SbtResponse *
record (Transcript *t,
        const char *path,
        const char *project)
{
  SbtResponse *r;
  g_autofree char *head = g_strdup_printf ("GET %s %s\n", path, project ? project : "-");
  g_autofree char *status = NULL;
  gsize len = 0;
  const guchar *data;

  if (project != NULL)
    r = sbt_request (t->c, "GET", path, NULL, "X-MSTR-ProjectID", project, NULL);
  else
    r = sbt_request (t->c, "GET", path, NULL, NULL);
  g_assert_no_error (r->error);
  status = g_strdup_printf ("%u\n", r->status);
  data = g_bytes_get_data (r->body, &len);
  g_checksum_update (t->sum, (const guchar *) head, -1);
  g_checksum_update (t->sum, (const guchar *) status, -1);
  g_checksum_update (t->sum, data, (gssize) len);
  g_checksum_update (t->sum, (const guchar *) "\n", 1);
  t->requests++;
  return r;
}

static void
record_node (Transcript *t,
             const char *label,
             JsonNode   *node)
{
  g_autofree char *text = sbt_json_to_string (node);

  g_checksum_update (t->sum, (const guchar *) label, -1);
  g_checksum_update (t->sum, (const guchar *) "\n", 1);
  g_checksum_update (t->sum, (const guchar *) text, -1);
  g_checksum_update (t->sum, (const guchar *) "\n", 1);
}

/* Every page of the search QUERY ("" or "a=b&"), LIMIT per page (0: one
 * request without offset or limit). */
static void
read_search (Transcript *t,
             const char *project,
             const char *query,
             guint       limit)
{
  gint64 offset = 0, total = -1;

  if (limit == 0)
    {
      g_autofree char *path = g_strdup_printf ("/api/searches/results?%s", query);
      g_autoptr(SbtResponse) r = record (t, path, project);

      sbt_assert_status (r, 200);
      return;
    }
  while (total < 0 || offset < total)
    {
      g_autofree char *path = g_strdup_printf ("/api/searches/results?%soffset=%" G_GINT64_FORMAT "&limit=%u",
                                               query, offset, limit);
      g_autoptr(SbtResponse) r = record (t, path, project);
      JsonArray *result;

      sbt_assert_status (r, 200);
      total = sbt_json_get_int (r->json, "totalItems");
      result = json_node_get_array (sbt_json_get (r->json, "result"));
      if (json_array_get_length (result) == 0)
        break;
      offset += json_array_get_length (result);
    }
}

/* Everything a client can read of one space; PROJECT NULL: the
 * configuration. SAMPLE: every SAMPLE-th object is read alone. */
static void
read_space (Transcript  *t,
            FerrySandbox *sandbox,
            const char  *project,
            const guint *limits,
            guint        sample)
{
  static const char * const queries[] = {
    "", "getAncestors=true&", "type=4&", "type=8&getAncestors=true&", "type=3,55&",
    "name=revenue&pattern=4&", "name=sales&pattern=1&getAncestors=true&", "name=e&pattern=0&",
  };
  g_autoptr(JsonNode) all = ferry_sandbox_dup_objects (sandbox, project);
  JsonArray *objects = json_node_get_array (all);
  g_autofree char *label = g_strdup_printf ("dup_objects %s", project ? project : "-");

  record_node (t, label, all);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (guint l = 0; limits[l] != G_MAXUINT; l++)
      read_search (t, project, queries[q], limits[l]);

  if (project != NULL)
    {
      g_autoptr(SbtResponse) root = record (t, "/api/folders", project);
      g_autoptr(SbtResponse) paged = record (t, "/api/folders?offset=1&limit=2", project);

      sbt_assert_status (root, 200);
      sbt_assert_status (paged, 200);
    }

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      const char *id = json_object_get_string_member (o, "id");
      gint64 type = json_object_get_int_member (o, "type");

      if (project != NULL && type == 8)
        {
          g_autofree char *path = g_strdup_printf ("/api/folders/%s", id);
          g_autoptr(SbtResponse) r = record (t, path, project);

          sbt_assert_status (r, 200);
        }
      if (i % sample == 0)
        {
          g_autofree char *path = g_strdup_printf ("/api/objects/%s?type=%" G_GINT64_FORMAT, id, type);
          g_autoptr(SbtResponse) r = record (t, path, project);

          sbt_assert_status (r, 200);
        }
    }
}

static void
check_seed (const char  *seed,
            const guint *limits,
            guint        sample,
            gboolean     restart,
            const char  *expected)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = seed, .state_dir = dir };
  FerrySandbox *sandbox = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  Transcript t = { NULL, sum, 0 };
  g_autoptr(SbtResponse) projects = NULL;
  JsonArray *list;

  if (restart)
    {
      /* The same answers from the state on disk (snapshot read back). */
      ferry_sandbox_stop (sandbox);
      sandbox = sbt_sandbox_start (&options);
    }
  c = sbt_client_new_admin (sandbox);
  t.c = c;
  projects = record (&t, "/api/projects", NULL);

  sbt_assert_status (projects, 200);
  {
    g_autoptr(SbtResponse) users = record (&t, "/api/users", NULL);
    g_autoptr(SbtResponse) groups = record (&t, "/api/usergroups", NULL);

    sbt_assert_status (users, 200);
    sbt_assert_status (groups, 200);
  }
  read_space (&t, sandbox, NULL, limits, sample);
  list = json_node_get_array (projects->json);
  for (guint i = 0; i < json_array_get_length (list); i++)
    read_space (&t, sandbox, json_object_get_string_member (json_array_get_object_element (list, i), "id"),
                limits, sample);

  g_test_message ("%s: %u requests, sha256 %s", seed, t.requests, g_checksum_get_string (sum));
  if (g_strcmp0 (g_checksum_get_string (sum), expected) != 0)
    g_test_message ("the answers of %s changed: sha256 %s, expected %s",
                    seed, g_checksum_get_string (sum), expected);
  g_assert_cmpstr (g_checksum_get_string (sum), ==, expected);
}

static const guint small_limits[] = { 0, 1, 7, 100, G_MAXUINT };
static const guint big_limits[] = { 0, 997, 5000, G_MAXUINT };

static void
test_tutorial_dev (void)
{
  check_seed ("tutorial-dev", small_limits, 1, FALSE,
              "266db9dacc9a07cec6afea299a153db406eddeeac27e922e5886c46f168ac39e");
}

static void
test_tutorial_prod (void)
{
  check_seed ("tutorial-prod", small_limits, 1, FALSE,
              "bc6330e9cb6269b1c04f0c64df19e9a7dc7eab3f072e9f23099e4f4abb802d7e");
}

static void
test_generated (void)
{
  check_seed ("generated:10000", big_limits, 37, FALSE,
              "6cfe606679b19610d16530f66213558962df03fa8cf177fff3dcf7294df25651");
}

static void
test_generated_restarted (void)
{
  check_seed ("generated:10000", big_limits, 37, TRUE,
              "6cfe606679b19610d16530f66213558962df03fa8cf177fff3dcf7294df25651");
}

static void
test_tutorial_dev_restarted (void)
{
  check_seed ("tutorial-dev", small_limits, 1, TRUE,
              "266db9dacc9a07cec6afea299a153db406eddeeac27e922e5886c46f168ac39e");
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);
  g_test_add_func ("/sandbox/answers/tutorial-dev", test_tutorial_dev);
  g_test_add_func ("/sandbox/answers/tutorial-prod", test_tutorial_prod);
  g_test_add_func ("/sandbox/answers/generated-10000", test_generated);
  g_test_add_func ("/sandbox/answers/generated-10000-restarted", test_generated_restarted);
  g_test_add_func ("/sandbox/answers/tutorial-dev-restarted", test_tutorial_dev_restarted);
  return g_test_run ();
}
