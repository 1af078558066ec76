/* test-sandbox-listing.c: GET /api/migrations, byte for byte
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the sandbox builds a listing page may change for speed, but not a
 * byte of what it answers. Two checks:
 *
 * - Digests: one SHA-256 per state (fresh seed of 2,500 migrations, after a
 *   PATCH renaming one, after a DELETE of another, after a restart from
 *   disk) over many listing requests (purpose filters, offsets and limits
 *   at and past the edges, the refused ones), committed here as the code
 *   before the listing's rewrite answered them. The seeded dates follow
 *   the clock of the seeding, so every date is hashed as its distance in
 *   ms from the seeding ("@<ms>"), and dates within an hour of it (the
 *   ones a PATCH stamps with the real time; no seeded date is that close)
 *   as "@now"; ticket ids (random) as "T"; the day in a seeded package's
 *   storage path (the seeding's date) as "D".
 * - The same pages against single reads: a listing page must be
 *   {"total":N,"data":[ R1,R2,… ]} where Ri is exactly the body of
 *   GET /api/migrations/{id} (the record without tocView and treeView),
 *   also for a migration created during the test (a random id, so no
 *   committed digest can pin it).
 *
 * When an answer changes on purpose, the test prints the new digest;
 * update it here and say why in the commit.
 */

#include <stdio.h>
#include <string.h>

#include "sb-test-util.h"

#define N_SEEDED 2500
#define DAY_MS   (G_GINT64_CONSTANT (24) * 3600 * 1000)
#define ALL_PURPOSES "packageInfo.purpose=object_migration,project_merge,migration_from_shared_file_store"

/* Digests of the four states, from the code before the rewrite. */
#define DIGEST_FRESH   "d9a044dfa5ab410379703797e16b761d4fce5f25d08e9a1b5e628d2d2efb38e5"
#define DIGEST_PATCHED "ab2d11bd3c156598bd9fbe16715d970e7d20cf700f1811323401d10854167130"
#define DIGEST_DELETED "6abc712e3c16fd2b8f99fdac0d6253f861a969bdca5f64a736677e6c22adae48"
#define DIGEST_RESTART "6abc712e3c16fd2b8f99fdac0d6253f861a969bdca5f64a736677e6c22adae48"

typedef struct
{
  SbtClient *c;
  GChecksum *sum;
  gint64     seeded_at;   /* ms: the seeding's clock */
} Listing;

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, mo, d, h, mi, s, ms;

  if (sscanf (text, "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &y, &mo, &d, &h, &mi, &s, &ms) != 7)
    g_assert_not_reached ();
  dt = g_date_time_new_utc (y, mo, d, h, mi, s);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000 + ms;
}

static gboolean
replace_time (const GMatchInfo *info,
              GString          *out,
              gpointer          user_data)
{
  Listing *l = user_data;
  g_autofree char *text = g_match_info_fetch (info, 1);
  gint64 delta = parse_time (text) - l->seeded_at;

  if (delta > -3600000 && delta < 3600000)
    g_string_append (out, "\"@now\"");
  else
    g_string_append_printf (out, "\"@%" G_GINT64_FORMAT "\"", delta);
  return FALSE;
}

/* The body with dates and ticket ids made deterministic (see the top). */
static char *
normalize (Listing    *l,
           const char *body)
{
  static GRegex *dates, *tickets, *days;
  g_autofree char *step = NULL;
  g_autofree char *step2 = NULL;

  if (dates == NULL)
    {
      dates = g_regex_new ("\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000)\"", G_REGEX_OPTIMIZE, 0, NULL);
      tickets = g_regex_new ("\"ticketId\":\"[0-9A-Fa-f]{32}\"", G_REGEX_OPTIMIZE, 0, NULL);
      days = g_regex_new ("/packages/\\d{4}-\\d\\d-\\d\\d/", G_REGEX_OPTIMIZE, 0, NULL);
    }
  step = g_regex_replace_eval (dates, body, -1, 0, 0, replace_time, l, NULL);
  step2 = g_regex_replace_literal (tickets, step, -1, 0, "\"ticketId\":\"T\"", 0, NULL);
  return g_regex_replace_literal (days, step2, -1, 0, "/packages/D/", 0, NULL);
}

static SbtResponse *
get (Listing    *l,
     const char *path)
{
  SbtResponse *r = sbt_request (l->c, "GET", path, NULL, NULL);

  g_assert_no_error (r->error);
  return r;
}

/* Feeds "PATH\nSTATUS\nBODY (normalised)\n" to the digest. */
static SbtResponse *
record (Listing    *l,
        const char *path)
{
  SbtResponse *r = get (l, path);
  g_autofree char *text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
  g_autofree char *normal = normalize (l, text);
  g_autofree char *head = g_strdup_printf ("%s\n%u\n", path, r->status);

  g_checksum_update (l->sum, (const guchar *) head, -1);
  g_checksum_update (l->sum, (const guchar *) normal, -1);
  g_checksum_update (l->sum, (const guchar *) "\n", 1);
  return r;
}

/* PAGE (a 200 answer) is exactly {"total":…,"data":[…]} with each record
 * as GET /api/migrations/{id} answers it. */
static void
check_against_single_reads (Listing     *l,
                            SbtResponse *page)
{
  JsonArray *data = json_node_get_array (sbt_json_get (page->json, "data"));
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *actual = g_strndup (g_bytes_get_data (page->body, NULL), g_bytes_get_size (page->body));

  g_string_append_printf (expected, "{\"total\":%" G_GINT64_FORMAT ",\"data\":[",
                          sbt_json_get_int (page->json, "total"));
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (data, i), "id");
      g_autofree char *path = g_strdup_printf ("/api/migrations/%s", id);
      g_autoptr(SbtResponse) one = get (l, path);

      sbt_assert_status (one, 200);
      if (i > 0)
        g_string_append_c (expected, ',');
      g_string_append_len (expected, g_bytes_get_data (one->body, NULL), (gssize) g_bytes_get_size (one->body));
    }
  g_string_append (expected, "]}");
  sbt_assert_text_equal (expected->str, actual);
}

/* Every listing request of one state; returns the digest. */
static char *
listing_round (Listing *l)
{
  static const char *const purposes[] = {
    "",
    "packageInfo.purpose=project_merge&",
    "packageInfo.purpose=object_migration&",
    ALL_PURPOSES "&",
    "packageInfo.purpose=project_merge,%20object_migration&",
    "packageInfo.purpose=migration_group,migration_group_child&",
    "packageInfo.purpose=migration_from_shared_file_store&",
  };
  static const char *const refused[] = {
    "/api/migrations?limit=0",
    "/api/migrations?limit=1001",
    "/api/migrations?offset=-1",
    "/api/migrations?offset=abc",
    "/api/migrations?packageInfo.purpose=bogus",
    "/api/migrations?packageInfo.purpose=project_merge,,object_migration",
  };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  l->sum = sum;
  for (guint p = 0; p < G_N_ELEMENTS (purposes); p++)
    {
      g_autofree char *first = g_strdup_printf ("/api/migrations?%s", purposes[p]);
      g_autoptr(SbtResponse) r = record (l, first);
      gint64 total;
      const gint64 offsets[] = { 0, 1, 999, 1000, 1001 };
      const gint64 limits[] = { 1, 2, 7, 100, 999, 1000 };

      sbt_assert_status (r, 200);
      total = sbt_json_get_int (r->json, "total");

      /* Every page of 1000, one past the end, and the edges. */
      for (gint64 offset = 0; offset <= total + 1000; offset += 1000)
        {
          g_autofree char *path = g_strdup_printf ("/api/migrations?%soffset=%" G_GINT64_FORMAT "&limit=1000",
                                                   purposes[p], offset);
          g_autoptr(SbtResponse) page = record (l, path);

          sbt_assert_status (page, 200);
          /* The single reads for the first and the last page of the
           * widest filter (they cover both purposes). */
          if (p == 3 && (offset == 0 || offset + 1000 >= total))
            check_against_single_reads (l, page);
        }
      for (guint o = 0; o < G_N_ELEMENTS (offsets); o++)
        for (guint k = 0; k < G_N_ELEMENTS (limits); k++)
          {
            g_autofree char *path = g_strdup_printf ("/api/migrations?%soffset=%" G_GINT64_FORMAT "&limit=%" G_GINT64_FORMAT,
                                                     purposes[p], offsets[o], limits[k]);
            g_autoptr(SbtResponse) page = record (l, path);

            sbt_assert_status (page, 200);
          }
      {
        const gint64 tail[] = { total - 1, total, total + 1, G_MAXINT32 };

        for (guint t = 0; t < G_N_ELEMENTS (tail); t++)
          {
            g_autofree char *path = g_strdup_printf ("/api/migrations?%soffset=%" G_GINT64_FORMAT "&limit=3",
                                                     purposes[p], MAX (tail[t], 0));
            g_autoptr(SbtResponse) page = record (l, path);

            sbt_assert_status (page, 200);
          }
      }
    }
  for (guint k = 0; k < G_N_ELEMENTS (refused); k++)
    {
      g_autoptr(SbtResponse) r = record (l, refused[k]);

      sbt_assert_status (r, 400);
    }
  l->sum = NULL;
  return g_strdup (g_checksum_get_string (sum));
}

/* The id of the migration at OFFSET of the listing QUERY. */
static char *
nth_id (Listing    *l,
        const char *query,
        guint       offset)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations?%soffset=%u&limit=1", query, offset);
  g_autoptr(SbtResponse) r = get (l, path);

  sbt_assert_status (r, 200);
  return g_strdup (sbt_json_get_string (r->json, "data.0.id"));
}

static void
check_digest (const char *label,
              const char *expected,
              const char *actual)
{
  if (g_strcmp0 (expected, actual) != 0)
    g_test_message ("%s: listing digest %s (committed %s)", label, actual, expected);
  g_assert_cmpstr (actual, ==, expected);
}

static void
test_listing_bytes (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = "tutorial-dev", .seed_migrations = N_SEEDED, .shared_storage = shared };
  FerrySandbox *sandbox = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sandbox);
  Listing l = { .c = c };
  g_autofree char *digest = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *created = NULL;

  /* The seeding's clock: the oldest seeded record was created exactly
   * 400 days before it (sb_seed_migrations()). */
  {
    g_autoptr(SbtResponse) r = get (&l, "/api/migrations?offset=0&limit=1");
    g_autofree char *path = g_strdup_printf ("/api/migrations?offset=%" G_GINT64_FORMAT "&limit=1",
                                             sbt_json_get_int (r->json, "total") - 1);
    g_autoptr(SbtResponse) oldest = get (&l, path);

    sbt_assert_status (oldest, 200);
    l.seeded_at = parse_time (sbt_json_get_string (oldest->json, "data.0.packageInfo.creationDate")) + 400 * DAY_MS;
  }

  digest = listing_round (&l);
  check_digest ("fresh", DIGEST_FRESH, digest);
  g_clear_pointer (&digest, g_free);

  /* A PATCH renames one record (and stamps it with the real time). */
  renamed = nth_id (&l, "", 5);
  {
    g_autofree char *path = g_strdup_printf ("/api/migrations/%s", renamed);
    g_autoptr(SbtResponse) r = sbt_request (c, "PATCH", path,
                                            "{\"packageInfo\":{\"name\":\"Renamed \\\"quoted\\\" \\u00e9\\t\"}}", NULL);

    sbt_assert_status (r, 200);
  }
  digest = listing_round (&l);
  check_digest ("after a PATCH", DIGEST_PATCHED, digest);
  g_clear_pointer (&digest, g_free);

  /* A DELETE (by package id) removes one. */
  deleted = nth_id (&l, "packageInfo.purpose=project_merge&", 17);
  {
    g_auto(GStrv) halves = g_strsplit (deleted, ":", 2);
    g_autofree char *path = g_strdup_printf ("/api/migrations?packageId=%s", halves[0]);
    g_autoptr(SbtResponse) r = sbt_request (c, "DELETE", path, NULL, NULL);

    sbt_assert_status (r, 204);
  }
  digest = listing_round (&l);
  check_digest ("after a DELETE", DIGEST_DELETED, digest);
  g_clear_pointer (&digest, g_free);

  /* A restart reads the state from disk. */
  {
    SbtOptions again = { .state_dir = sbt_sandbox_get_state_dir (sandbox), .seed = "tutorial-dev",
                         .shared_storage = shared };
    g_autoptr(SbtClient) c2 = NULL;

    ferry_sandbox_stop (sandbox);
    sandbox = sbt_sandbox_start (&again);
    c2 = sbt_client_new_admin (sandbox);
    l.c = c2;
    digest = listing_round (&l);
    check_digest ("after a restart", DIGEST_RESTART, digest);
    g_clear_pointer (&digest, g_free);

    /* A new migration (a random id): it leads its listings, and each
     * page still reads as the single records do. */
    {
      g_autoptr(JsonNode) request = sbt_load_fixture ("merge-create.request.json");
      JsonNode *settings = sbt_json_get (request, "packageInfo.tocView.settings");
      g_autoptr(JsonNode) body = sbt_migration_body ("http://source", "http://target", "project_merge",
                                                     "project", SBT_TUTORIAL_ID, settings, NULL);
      g_autoptr(SbtResponse) page = NULL;

      created = sbt_migration_create (c2, SBT_TUTORIAL_ID, body, NULL);
      page = get (&l, "/api/migrations?" ALL_PURPOSES "&offset=0&limit=1000");
      sbt_assert_status (page, 200);
      g_assert_cmpstr (sbt_json_get_string (page->json, "data.0.id"), ==, created);
      check_against_single_reads (&l, page);
    }
  }
}

/* A migration whose package is being made is held as a tree, not as
 * text, while its job runs: its listing entry is cut from that tree's
 * text, and must read as its single record does. (Ten minutes an object,
 * the most the sandbox allows: it stays "creating" for the whole test.) */
static void
test_listing_running (void)
{
  g_autofree char *shared = sbt_make_tmp_dir ();
  SbtOptions options = { .seed = "tutorial-dev", .seed_migrations = 20, .shared_storage = shared,
                         .work_delay_ms = 600000 };
  FerrySandbox *sandbox = sbt_sandbox_start (&options);
  g_autoptr(SbtClient) c = sbt_client_new_admin (sandbox);
  Listing l = { .c = c };
  g_autoptr(JsonNode) request = sbt_load_fixture ("merge-create.request.json");
  JsonNode *settings = sbt_json_get (request, "packageInfo.tocView.settings");
  g_autoptr(JsonNode) body = sbt_migration_body ("http://source", "http://target", "project_merge",
                                                 "project", SBT_TUTORIAL_ID, settings, NULL);
  g_autoptr(SbtResponse) created = sbt_request_json (c, "POST", "/api/migrations", body,
                                                     "X-MSTR-ProjectID", SBT_TUTORIAL_ID,
                                                     "Prefer", "respond-async", NULL);
  g_autoptr(SbtResponse) page = NULL;

  sbt_assert_status (created, 201);
  page = get (&l, "/api/migrations?" ALL_PURPOSES "&offset=0&limit=1000");
  sbt_assert_status (page, 200);
  g_assert_cmpstr (sbt_json_get_string (page->json, "data.0.id"), ==, sbt_json_get_string (created->json, "id"));
  g_assert_cmpstr (sbt_json_get_string (page->json, "data.0.packageInfo.status"), ==, "creating");
  check_against_single_reads (&l, page);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);
  g_test_add_func ("/sandbox/listing/bytes", test_listing_bytes);
  g_test_add_func ("/sandbox/listing/running", test_listing_running);
  return g_test_run ();
}
