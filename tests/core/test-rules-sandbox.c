/* test-rules-sandbox.c: ferry-rules' predictions against real imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two independent implementations of api.md "Sandbox semantics" meet here:
 * ferry-rules (the client's preview) predicts, object by object, what an
 * import will do; the sandbox (an in-process Library server that shares no
 * code with core) really does it. Target states are made with the sandbox's
 * hooks, imports run over HTTP, and each object's fate is read back with
 * ferry_sandbox_dup_object() and compared with the prediction:
 *
 *   - /api/packages with explicit content actions: every action against
 *     absent, same version, newer in the source, newer in the target and
 *     equal times (every row and column of the outcome table);
 *   - a package with includeDependents: dependents get defaultAction;
 *   - a delete blocked by a user of the object: the import fails;
 *   - a project merge with folder, object-type and object rules on the
 *     seeded Tutorial project: precedence, for every object of the project.
 *
 * How an outcome is observed (the target before and after, and the source):
 *   gone → delete (or skip when it was absent before); new with the
 *   source's version → create; changed to the source's version, date,
 *   name, definition and folder → replace; unchanged with another version →
 *   keep existing, or duplicate when a new "<name> (1)" appeared; unchanged
 *   with the same version → skip (or, when the copy was already identical
 *   to the source in every compared field, skip or replace: those cannot be
 *   told apart, and such probes are never counted as covering a cell).
 */

#include <string.h>

#include "ferry-core.h"
#include "../sandbox/sb-test-util.h"

#define P SBT_TUTORIAL_ID

/* Later than every date in the seeds. */
#define BASE_MS G_GINT64_CONSTANT (1893456000000)   /* 2030-01-01 */

/* From tests/data/seed-differences.json. */
#define MOVED_ID          "9210B2BDC3506A9F5CE9016518D139EC"   /* Employee Headcount: same version, other folder */
#define MOVED_USER_NAME     "HR Analytics Dashboard"             /* (by name) the object that uses it */
#define REVENUE_BY_YEAR   "CBCB6C67523AD3BED1E6AE564C4D8A88"   /* newer in source, Reports\Sales */
#define REGIONAL_SUMMARY  "E250DF3AFF2EDEF1EAB8B2FC3091519A"   /* moved and newer in source */

/* ------------------------------------------------------------------------ */
/* Environment                                                               */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbtPair     pair;
  SbtClient  *src;
  SbtClient  *tgt;
  JsonNode   *dev_seed;     /* both seeds as they started */
  JsonNode   *prod_seed;
  GHashTable *dev;          /* id → object, borrowed from the snapshots */
  GHashTable *prod;
  GHashTable *used;         /* ids some object uses, in either seed */
} Env;

static void
env_init (Env *e)
{
  memset (e, 0, sizeof *e);
  sbt_pair_start (&e->pair, NULL, NULL);
  e->src = sbt_client_new_admin (e->pair.dev);
  e->tgt = sbt_client_new_admin (e->pair.prod);
  e->dev_seed = ferry_sandbox_dup_objects (e->pair.dev, P);
  e->prod_seed = ferry_sandbox_dup_objects (e->pair.prod, P);
  e->dev = sbt_objects_index (e->dev_seed);
  e->prod = sbt_objects_index (e->prod_seed);
  e->used = g_hash_table_new (g_str_hash, g_str_equal);
  sbt_add_uses (e->used, e->dev);
  sbt_add_uses (e->used, e->prod);
}

static void
env_clear (Env *e)
{
  g_clear_pointer (&e->src, sbt_client_free);
  g_clear_pointer (&e->tgt, sbt_client_free);
  g_clear_pointer (&e->dev, g_hash_table_unref);
  g_clear_pointer (&e->prod, g_hash_table_unref);
  g_clear_pointer (&e->used, g_hash_table_unref);
  g_clear_pointer (&e->dev_seed, json_node_unref);
  g_clear_pointer (&e->prod_seed, json_node_unref);
}

static gboolean
is_folder (JsonNode *object)
{
  return sbt_json_get_int (object, "type") == 8;
}

/* Identical non-folder objects that nothing uses, sorted by id. */
static GPtrArray *
leaves (Env *e)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonArray *array = json_node_get_array (e->dev_seed);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");
      JsonNode *p = g_hash_table_lookup (e->prod, id);

      if (!is_folder (o) && p != NULL && json_node_equal (o, p) &&
          !g_hash_table_contains (e->used, id) && sbt_object_parent_id (o) != NULL)
        g_ptr_array_add (out, (gpointer) id);
    }
  return out;
}

static void
modify (FerrySandbox *sandbox,
        const char   *id,
        gint64        modified_ms)
{
  g_autoptr(GError) error = NULL;

  ferry_sandbox_modify_object (sandbox, P, id, NULL, NULL, modified_ms, &error);
  g_assert_no_error (error);
}

static void
remove_object (FerrySandbox *sandbox,
               const char   *id)
{
  g_autoptr(GError) error = NULL;

  ferry_sandbox_delete_object (sandbox, P, id, &error);
  g_assert_no_error (error);
}

/* Id of the folder at PATH ("Public Objects/Reports") in the source. */
static const char *
folder_id (Env        *e,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  JsonArray *array = json_node_get_array (e->dev_seed);
  guint n = g_strv_length (parts);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      JsonArray *ancestors;
      gboolean match;

      if (!is_folder (o) || g_strcmp0 (sbt_json_get_string (o, "name"), parts[n - 1]) != 0)
        continue;
      ancestors = json_node_get_array (sbt_json_get (o, "ancestors"));
      /* ancestors: the root first, then parts[0 .. n-2] */
      if (json_array_get_length (ancestors) != n)
        continue;
      match = TRUE;
      for (guint k = 0; k + 1 < n && match; k++)
        match = g_strcmp0 (json_object_get_string_member (json_array_get_object_element (ancestors, k + 1), "name"),
                           parts[k]) == 0;
      if (match)
        return sbt_json_get_string (o, "id");
    }
  g_error ("no folder %s in the source", path);
  return NULL;
}

static const char *
id_by_name (GHashTable *index,
            const char *name)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (sbt_json_get_string (value, "name"), name) == 0)
      return key;
  g_error ("no object named %s", name);
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Prediction: an API object → FerryRuleSource                                */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryRuleSource  source;
  const char     **ids;
  const char     **names;
} Source;

static void
source_init (Source   *s,
             JsonNode *object)
{
  JsonNode *ancestors = sbt_json_get (object, "ancestors");
  JsonArray *array = ancestors ? json_node_get_array (ancestors) : NULL;
  guint n = array ? json_array_get_length (array) : 0;

  memset (s, 0, sizeof *s);
  s->ids = g_new0 (const char *, n + 1);
  s->names = g_new0 (const char *, n + 1);
  /* The API lists ancestors root first, as ferry-rules wants them. */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (array, i);

      g_assert_cmpint (json_object_get_int_member (a, "level"), ==, (gint64) (n - i));
      s->ids[i] = json_object_get_string_member (a, "id");
      s->names[i] = json_object_get_string_member (a, "name");
    }
  s->source.id = sbt_json_get_string (object, "id");
  s->source.name = sbt_json_get_string (object, "name");
  s->source.type = (int) sbt_json_get_int (object, "type");
  s->source.subtype = (int) sbt_json_get_int (object, "subtype");
  s->source.ancestor_ids = s->ids;
  s->source.ancestor_names = s->names;
  s->source.n_ancestors = n;
  s->source.version = sbt_json_get_string (object, "version");
  g_assert_true (ferry_rules_parse_time (sbt_json_get_string (object, "dateModified"), &s->source.modified_ms));
}

static void
source_clear (Source *s)
{
  g_free (s->ids);
  g_free (s->names);
}

static void
predict (FerryRuleSet              *set,
         JsonNode                  *source_object,
         JsonNode                  *target_before,
         const FerryConflictAction *content_action,
         FerryRuleFlags             flags,
         FerryRuleDecision         *decision,
         char                     **explanation)
{
  Source s;
  FerryRuleTarget target = { 0 };

  source_init (&s, source_object);
  if (target_before != NULL)
    {
      target.version = sbt_json_get_string (target_before, "version");
      g_assert_true (ferry_rules_parse_time (sbt_json_get_string (target_before, "dateModified"), &target.modified_ms));
    }
  ferry_rule_set_evaluate (set, &s.source, target_before ? &target : NULL, content_action, flags, decision);
  if (explanation != NULL)
    *explanation = ferry_rule_set_explain_full (set, &s.source, decision);
  source_clear (&s);
}

/* ------------------------------------------------------------------------ */
/* Observation                                                               */
/* ------------------------------------------------------------------------ */

#define BIT(o) (1u << (o))

/* The fields an import carries from the source to the target's copy. */
static gboolean
carries_source (JsonNode *source,
                JsonNode *copy)
{
  return sbt_member_equal (source, copy, "version") &&
         sbt_member_equal (source, copy, "dateModified") &&
         sbt_member_equal (source, copy, "name") &&
         sbt_member_equal (source, copy, "definition") &&
         g_strcmp0 (sbt_object_parent_id (source), sbt_object_parent_id (copy)) == 0;
}

/* New objects of the target (in neither the target before nor the source),
 * by name. */
static GHashTable *
new_objects_by_name (JsonNode   *after_objects,
                     GHashTable *before,
                     GHashTable *source)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (after_objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      if (!g_hash_table_contains (before, id) && !g_hash_table_contains (source, id))
        g_hash_table_insert (out, (gpointer) sbt_json_get_string (o, "name"), o);
    }
  return out;
}

/* The outcomes consistent with what happened to one object (a bit mask;
 * 0 when nothing in the table explains it). *AMBIGUOUS: more than one. */
static guint
observe (JsonNode   *source,
         JsonNode   *before,
         JsonNode   *after,
         GHashTable *new_by_name,
         gboolean   *duplicate_seen)
{
  g_autofree char *dup_name = g_strdup_printf ("%s (1)", sbt_json_get_string (source, "name"));
  JsonNode *dup = g_hash_table_lookup (new_by_name, dup_name);

  *duplicate_seen = dup != NULL;
  if (dup != NULL)
    {
      /* a duplicate is the source object under a new id and name */
      if (!sbt_member_equal (source, dup, "definition") ||
          !sbt_member_equal (source, dup, "type") ||
          g_strcmp0 (sbt_object_parent_id (source), sbt_object_parent_id (dup)) != 0)
        return 0;
      if (before != NULL && after != NULL && json_node_equal (before, after) &&
          !sbt_member_equal (source, before, "version"))
        return BIT (FERRY_OUTCOME_DUPLICATE);
      return 0;
    }

  if (after == NULL)
    return before == NULL ? BIT (FERRY_OUTCOME_SKIP) : BIT (FERRY_OUTCOME_DELETE);
  if (before == NULL)
    return carries_source (source, after) ? BIT (FERRY_OUTCOME_CREATE) : 0;

  if (json_node_equal (before, after))
    {
      if (!sbt_member_equal (source, before, "version"))
        return BIT (FERRY_OUTCOME_KEEP_EXISTING);
      /* same version: a replace shows only where the copy differed */
      if (carries_source (source, before))
        return BIT (FERRY_OUTCOME_SKIP) | BIT (FERRY_OUTCOME_REPLACE);
      return BIT (FERRY_OUTCOME_SKIP);
    }
  return carries_source (source, after) ? BIT (FERRY_OUTCOME_REPLACE) : 0;
}

static char *
mask_to_string (guint mask)
{
  GString *s = g_string_new (NULL);

  for (FerryOutcome o = FERRY_OUTCOME_CREATE; o <= FERRY_OUTCOME_FAIL; o++)
    if (mask & BIT (o))
      g_string_append_printf (s, "%s%s", s->len ? " or " : "", ferry_outcome_to_string (o));
  if (s->len == 0)
    g_string_append (s, "nothing the table explains");
  return g_string_free (s, FALSE);
}

/* One comparison; mismatches are collected so one run reports them all. */
typedef struct
{
  GString *mismatches;
  guint    compared;
  guint    unambiguous;
  guint    outcomes[FERRY_OUTCOME_FAIL + 1];      /* unambiguous agreements, by outcome */
  guint    kinds[FERRY_RULE_KIND_DEFAULT + 1];     /* unambiguous agreements, by rule kind */
} Tally;

static void
tally_init (Tally *t)
{
  memset (t, 0, sizeof *t);
  t->mismatches = g_string_new (NULL);
}

static void
tally_finish (Tally *t)
{
  if (t->mismatches->len > 0)
    g_error ("ferry-rules and the sandbox disagree:\n%s", t->mismatches->str);
  g_string_free (t->mismatches, TRUE);
}

/* Compares and records; returns TRUE when the observation was unambiguous
 * and agreed. */
static gboolean
compare (Tally                   *t,
         JsonNode                *source,
         JsonNode                *before,
         JsonNode                *after,
         GHashTable              *new_by_name,
         const FerryRuleDecision *d,
         const char              *explanation)
{
  gboolean duplicate_seen = FALSE;
  guint mask = observe (source, before, after, new_by_name, &duplicate_seen);
  gboolean agree = (mask & BIT (d->outcome)) != 0;
  gboolean unambiguous = mask == BIT (d->outcome);

  t->compared++;
  if (!agree)
    {
      g_autofree char *seen = mask_to_string (mask);

      g_string_append_printf (t->mismatches, "  %s \"%s\": predicted %s (%s), the sandbox did %s\n",
                              sbt_json_get_string (source, "id"), sbt_json_get_string (source, "name"),
                              ferry_outcome_to_string (d->outcome), explanation, seen);
      return FALSE;
    }
  if (unambiguous)
    {
      t->unambiguous++;
      t->outcomes[d->outcome]++;
      t->kinds[d->kind]++;
    }
  return unambiguous;
}

/* ------------------------------------------------------------------------ */
/* Packages over HTTP                                                        */
/* ------------------------------------------------------------------------ */

/* Creates a package on SRC from DEFINITION and returns its binary. */
static GBytes *
package_build (SbtClient *src,
               JsonNode  *definition)
{
  g_autoptr(SbtResponse) created = sbt_request (src, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  g_autoptr(SbtResponse) defined = NULL;
  g_autoptr(SbtResponse) binary = NULL;
  g_autoptr(SbtResponse) deleted = NULL;
  g_autofree char *path = NULL;
  g_autofree char *poll = NULL;
  g_autofree char *binary_path = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  sbt_assert_status (created, 201);
  path = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (created->json, "id"));
  poll = g_strdup_printf ("%s?showContent=false", path);
  binary_path = g_strdup_printf ("%s/binary", path);

  defined = sbt_request_json (src, "PUT", path, definition, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  sbt_assert_status (defined, 202);
  for (;;)
    {
      g_autoptr(SbtResponse) r = sbt_request (src, "GET", poll, NULL, "X-MSTR-ProjectID", P, NULL);
      const char *status;

      sbt_assert_status (r, 200);
      status = sbt_json_get_string (r->json, "status");
      if (g_ascii_strcasecmp (status, "READY") == 0)
        break;
      if (g_ascii_strcasecmp (status, "PROCESSING") != 0)
        g_error ("package creation ended %s: %s", status, r->text);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
  binary = sbt_request (src, "GET", binary_path, NULL, "X-MSTR-ProjectID", P,
                        "Accept", "application/octet-stream", NULL);
  sbt_assert_status (binary, 200);
  deleted = sbt_request (src, "DELETE", path, NULL, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  sbt_assert_status (deleted, 202);
  return g_bytes_ref (binary->body);
}

/* Uploads BINARY to TGT and imports it; returns the import's last state. */
static JsonNode *
package_import (SbtClient *tgt,
                GBytes    *binary)
{
  g_autoptr(SbtResponse) holder = sbt_request (tgt, "POST", "/api/packages", NULL, "X-MSTR-ProjectID", P, NULL);
  g_autoptr(SbtResponse) uploaded = NULL;
  g_autoptr(SbtResponse) started = NULL;
  g_autoptr(SbtResponse) deleted = NULL;
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(GBytes) form = NULL;
  SoupMessageHeaders *form_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *holder_path = NULL;
  g_autofree char *upload_path = NULL;
  g_autofree char *import_path = NULL;
  g_autofree char *status_path = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  JsonNode *result = NULL;

  sbt_assert_status (holder, 201);
  holder_path = g_strdup_printf ("/api/packages/%s", sbt_json_get_string (holder->json, "id"));
  upload_path = g_strdup_printf ("%s/binary", holder_path);
  soup_multipart_append_form_file (multipart, "file", "package.mmp", "application/octet-stream", binary);
  soup_multipart_to_message (multipart, form_headers, &form);
  {
    const char *headers[] = { "X-MSTR-ProjectID", P, NULL };

    uploaded = sbt_request_full (tgt, "PUT", upload_path, headers,
                                 soup_message_headers_get_one (form_headers, "Content-Type"), form, TRUE);
  }
  soup_message_headers_unref (form_headers);
  sbt_assert_status (uploaded, 200);

  {
    g_autofree char *escaped = g_uri_escape_string (sbt_json_get_string (holder->json, "id"), NULL, FALSE);

    import_path = g_strdup_printf ("/api/packages/imports?packageId=%s&generateUndo=false", escaped);
  }
  started = sbt_request (tgt, "POST", import_path, NULL, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  sbt_assert_status (started, 202);
  status_path = g_strdup_printf ("/api/packages/imports/%s", sbt_json_get_string (started->json, "id"));
  for (;;)
    {
      g_autoptr(SbtResponse) r = sbt_request (tgt, "GET", status_path, NULL, "X-MSTR-ProjectID", P, NULL);

      sbt_assert_status (r, 200);
      if (g_ascii_strcasecmp (sbt_json_get_string (r->json, "status"), "PROCESSING") != 0)
        {
          result = json_node_ref (r->json);
          break;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5 * 1000);
    }
  deleted = sbt_request (tgt, "DELETE", holder_path, NULL, "X-MSTR-ProjectID", P, "Prefer", "respond-async", NULL);
  sbt_assert_status (deleted, 202);
  return result;
}

static JsonNode *
package_definition (FerryTocSettings *settings,
                    JsonArray        *content)
{
  JsonObject *root = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (root, "type", ferry_package_type_to_string (ferry_toc_settings_get_package_type (settings)));
  json_object_set_member (root, "settings", ferry_toc_settings_to_json (settings));
  json_object_set_array_member (root, "content", content);
  json_node_take_object (node, root);
  return node;
}

static void
content_add (JsonArray           *content,
             JsonNode            *object,
             FerryConflictAction  action,
             gboolean             include_dependents)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "id", sbt_json_get_string (object, "id"));
  json_object_set_string_member (item, "name", sbt_json_get_string (object, "name"));
  json_object_set_int_member (item, "type", sbt_json_get_int (object, "type"));
  json_object_set_string_member (item, "action", ferry_conflict_action_to_string (action));
  json_object_set_boolean_member (item, "includeDependents", include_dependents);
  json_array_add_object_element (content, item);
}

/* ------------------------------------------------------------------------ */
/* Every action × every target state, through /api/packages                  */
/* ------------------------------------------------------------------------ */

typedef enum
{
  PROBE_ABSENT,
  PROBE_IDENTICAL,
  PROBE_MOVED,            /* same version, another folder: a replace shows */
  PROBE_SOURCE_NEWER,     /* only the source edited */
  PROBE_TARGET_NEWER,     /* only the target edited */
  PROBE_EQUAL_TIME,       /* both edited at the same millisecond */
  PROBE_BOTH_SOURCE_LATER,
  PROBE_BOTH_TARGET_LATER,
  N_PROBES
} Probe;

static const char * const probe_names[N_PROBES] = {
  "absent", "identical", "moved (same version)", "newer in source", "newer in target",
  "equal times", "both edited, source later", "both edited, target later",
};

static void
test_package_action (gconstpointer data)
{
  FerryConflictAction action = GPOINTER_TO_INT (data);
  Env e;
  g_autoptr(GPtrArray) leaf = NULL;
  const char *ids[N_PROBES];
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) set = NULL;
  g_autoptr(JsonNode) definition = NULL;
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  g_autoptr(GHashTable) source = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) new_by_name = NULL;
  g_autoptr(GBytes) binary = NULL;
  g_autoptr(JsonNode) result = NULL;
  JsonArray *content = json_array_new ();
  gboolean covered[FERRY_TARGET_STATE_TARGET_NEWER + 1] = { FALSE };
  gboolean equal_time_covered = FALSE;
  Tally tally;

  env_init (&e);
  tally_init (&tally);

  /* The probes: leaves (nothing uses them, so deleting them is allowed),
   * and the seeds' moved object except for delete (a dashboard uses it). */
  leaf = leaves (&e);
  g_assert_cmpuint (leaf->len, >=, N_PROBES);
  for (guint p = 0; p < N_PROBES; p++)
    ids[p] = g_ptr_array_index (leaf, p * (leaf->len / N_PROBES));
  if (action != FERRY_CONFLICT_ACTION_DELETE)
    ids[PROBE_MOVED] = MOVED_ID;
  else
    ids[PROBE_MOVED] = NULL;

  remove_object (e.pair.prod, ids[PROBE_ABSENT]);
  modify (e.pair.dev, ids[PROBE_SOURCE_NEWER], BASE_MS + 2000);
  modify (e.pair.prod, ids[PROBE_TARGET_NEWER], BASE_MS + 2000);
  modify (e.pair.dev, ids[PROBE_EQUAL_TIME], BASE_MS + 3000);
  modify (e.pair.prod, ids[PROBE_EQUAL_TIME], BASE_MS + 3000);
  modify (e.pair.dev, ids[PROBE_BOTH_SOURCE_LATER], BASE_MS + 5000);
  modify (e.pair.prod, ids[PROBE_BOTH_SOURCE_LATER], BASE_MS + 4000);
  modify (e.pair.dev, ids[PROBE_BOTH_TARGET_LATER], BASE_MS + 4000);
  modify (e.pair.prod, ids[PROBE_BOTH_TARGET_LATER], BASE_MS + 5000);

  source_objects = ferry_sandbox_dup_objects (e.pair.dev, P);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  source = sbt_objects_index (source_objects);
  before = sbt_objects_index (before_objects);

  /* Both edits at one millisecond still make two versions. */
  g_assert_cmpstr (sbt_json_get_string (g_hash_table_lookup (source, ids[PROBE_EQUAL_TIME]), "dateModified"), ==,
                   sbt_json_get_string (g_hash_table_lookup (before, ids[PROBE_EQUAL_TIME]), "dateModified"));
  g_assert_false (sbt_member_equal (g_hash_table_lookup (source, ids[PROBE_EQUAL_TIME]),
                                    g_hash_table_lookup (before, ids[PROBE_EQUAL_TIME]), "version"));

  /* The package: every probe with the action under test; the default is
   * another action, which must not matter for explicit items. */
  ferry_toc_settings_set_default_action (settings, action == FERRY_CONFLICT_ACTION_USE_EXISTING
                                                   ? FERRY_CONFLICT_ACTION_REPLACE
                                                   : FERRY_CONFLICT_ACTION_USE_EXISTING);
  for (guint p = 0; p < N_PROBES; p++)
    if (ids[p] != NULL)
      content_add (content, g_hash_table_lookup (source, ids[p]), action, FALSE);
  definition = package_definition (settings, content);
  set = ferry_rule_set_new (settings);

  binary = package_build (e.src, definition);
  result = package_import (e.tgt, binary);
  if (g_ascii_strcasecmp (sbt_json_get_string (result, "status"), "IMPORTED") != 0)
    {
      g_autofree char *text = sbt_json_to_string (result);
      g_error ("the import of %s did not succeed: %s", ferry_conflict_action_to_string (action), text);
    }

  after_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  after = sbt_objects_index (after_objects);
  new_by_name = new_objects_by_name (after_objects, before, source);

  for (guint p = 0; p < N_PROBES; p++)
    {
      JsonNode *src, *tgt_before, *tgt_after;
      FerryRuleDecision d;
      g_autofree char *explanation = NULL;
      g_autofree char *want = NULL;

      if (ids[p] == NULL)
        continue;
      src = g_hash_table_lookup (source, ids[p]);
      tgt_before = g_hash_table_lookup (before, ids[p]);
      tgt_after = g_hash_table_lookup (after, ids[p]);
      predict (set, src, tgt_before, &action, 0, &d, &explanation);
      g_test_message ("%s, %s: %s", ferry_conflict_action_to_string (action), probe_names[p], explanation);

      /* the explanation names the content item's own action */
      want = g_strdup_printf ("Own action: %s;", ferry_conflict_action_get_phrase (action));
      g_assert_true (g_str_has_prefix (explanation, want));
      g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_CONTENT);

      if (compare (&tally, src, tgt_before, tgt_after, new_by_name, &d, explanation))
        {
          covered[d.state] = TRUE;
          if (p == PROBE_EQUAL_TIME)
            equal_time_covered = TRUE;
        }
    }

  /* Nothing else in the target changed. */
  {
    JsonArray *array = json_node_get_array (before_objects);
    guint changed = 0;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *o = json_array_get_element (array, i);
        const char *id = sbt_json_get_string (o, "id");
        gboolean probe = FALSE;

        for (guint p = 0; p < N_PROBES; p++)
          probe |= g_strcmp0 (ids[p], id) == 0;
        if (!probe && !json_node_equal (o, g_hash_table_lookup (after, id)))
          changed++;
      }
    g_assert_cmpuint (changed, ==, 0);
    /* new objects: the created probe, and duplicates of keep_both */
    g_assert_cmpuint (g_hash_table_size (new_by_name), ==,
                      action == FERRY_CONFLICT_ACTION_KEEP_BOTH ? 5 : 0);
  }

  tally_finish (&tally);

  /* This action's row of the table: every column seen unambiguously. */
  for (FerryTargetState s = FERRY_TARGET_STATE_ABSENT; s <= FERRY_TARGET_STATE_TARGET_NEWER; s++)
    {
      if (!covered[s])
        g_error ("%s × %s: no unambiguous observation", ferry_conflict_action_to_string (action),
                 ferry_target_state_to_string (s));
    }
  g_assert_true (equal_time_covered);

  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* Dependents get defaultAction                                              */
/* ------------------------------------------------------------------------ */

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_package_dependents (void)
{
  Env e;
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) set = NULL;
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  g_autoptr(GHashTable) source = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) new_by_name = NULL;
  g_autoptr(GHashTable) closure = NULL;
  g_autoptr(GPtrArray) dependents = NULL;
  g_autoptr(GBytes) binary = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) definition = NULL;
  JsonArray *content = json_array_new ();
  FerryConflictAction item_action = FERRY_CONFLICT_ACTION_FORCE_REPLACE;
  const char *item_id = REVENUE_BY_YEAR;
  Tally tally;
  GHashTableIter iter;
  gpointer key;

  env_init (&e);
  tally_init (&tally);

  /* Revenue by Year uses metrics, attributes, facts, tables…; make its
   * dependents differ both ways. */
  closure = sbt_uses_closure (e.dev, item_id);
  dependents = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, closure);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (dependents, key);
  g_ptr_array_sort (dependents, compare_ids);
  g_assert_cmpuint (dependents->len, >=, 4);
  modify (e.pair.dev, g_ptr_array_index (dependents, 0), BASE_MS + 1000);    /* newer in source */
  modify (e.pair.prod, g_ptr_array_index (dependents, 1), BASE_MS + 1000);   /* newer in target */
  modify (e.pair.dev, g_ptr_array_index (dependents, 2), BASE_MS + 1000);    /* equal times */
  modify (e.pair.prod, g_ptr_array_index (dependents, 2), BASE_MS + 1000);

  source_objects = ferry_sandbox_dup_objects (e.pair.dev, P);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  source = sbt_objects_index (source_objects);
  before = sbt_objects_index (before_objects);

  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_USE_NEWER);
  content_add (content, g_hash_table_lookup (source, item_id), item_action, TRUE);
  definition = package_definition (settings, content);
  set = ferry_rule_set_new (settings);
  binary = package_build (e.src, definition);
  result = package_import (e.tgt, binary);
  g_assert_cmpstr (sbt_json_get_string (result, "status"), ==, "IMPORTED");

  after_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  after = sbt_objects_index (after_objects);
  new_by_name = new_objects_by_name (after_objects, before, source);

  /* the item: its own action */
  {
    FerryRuleDecision d;
    g_autofree char *explanation = NULL;
    JsonNode *src = g_hash_table_lookup (source, item_id);

    predict (set, src, g_hash_table_lookup (before, item_id), &item_action, 0, &d, &explanation);
    g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_REPLACE);
    compare (&tally, src, g_hash_table_lookup (before, item_id), g_hash_table_lookup (after, item_id),
             new_by_name, &d, explanation);
  }
  /* the dependents: defaultAction */
  for (guint i = 0; i < dependents->len; i++)
    {
      const char *id = g_ptr_array_index (dependents, i);
      JsonNode *src = g_hash_table_lookup (source, id);
      FerryRuleDecision d;
      g_autofree char *explanation = NULL;

      g_assert_nonnull (src);
      predict (set, src, g_hash_table_lookup (before, id), NULL, 0, &d, &explanation);
      g_assert_cmpint (d.kind, ==, FERRY_RULE_KIND_DEFAULT);
      g_test_message ("dependent %s: %s", sbt_json_get_string (src, "name"), explanation);
      compare (&tally, src, g_hash_table_lookup (before, id), g_hash_table_lookup (after, id),
               new_by_name, &d, explanation);
    }
  tally_finish (&tally);
  /* use_newer: the source-newer dependent replaced, the other two kept */
  g_assert_cmpuint (tally.outcomes[FERRY_OUTCOME_REPLACE], >=, 2);
  g_assert_cmpuint (tally.outcomes[FERRY_OUTCOME_KEEP_EXISTING], ==, 2);

  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* A blocked delete: the caller's fail flag                                  */
/* ------------------------------------------------------------------------ */

/* Whether a target object outside REMOVED uses ID. */
static gboolean
used_in_target (GHashTable *target,
                const char *id,
                GHashTable *removed)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, target);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *uses = sbt_json_get (value, "uses");

      if (g_hash_table_contains (removed, key) || uses == NULL)
        continue;
      for (guint i = 0; i < json_array_get_length (json_node_get_array (uses)); i++)
        if (g_strcmp0 (json_array_get_string_element (json_node_get_array (uses), i), id) == 0)
          return TRUE;
    }
  return FALSE;
}

static void
test_package_delete_blocked (void)
{
  Env e;
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) set = ferry_rule_set_new (settings);
  FerryConflictAction del = FERRY_CONFLICT_ACTION_DELETE;
  const char *user_id;

  env_init (&e);
  user_id = id_by_name (e.prod, MOVED_USER_NAME);

  /* 1. the moved report alone: its dashboard still uses it → the import fails */
  {
    g_autoptr(JsonNode) before_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
    g_autoptr(GHashTable) before = sbt_objects_index (before_objects);
    g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *content = json_array_new ();
    g_autoptr(JsonNode) definition = NULL;
    g_autoptr(GBytes) binary = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(JsonNode) after_objects = NULL;
    FerryRuleDecision d;
    g_autofree char *explanation = NULL;
    JsonNode *src = g_hash_table_lookup (e.dev, MOVED_ID);

    g_hash_table_add (removed, (gpointer) MOVED_ID);
    content_add (content, src, del, FALSE);
    definition = package_definition (settings, content);
    predict (set, src, g_hash_table_lookup (before, MOVED_ID), &del,
             used_in_target (before, MOVED_ID, removed) ? FERRY_RULE_FLAG_DEPENDENCY_FAILS : 0,
             &d, &explanation);
    g_test_message ("alone: %s", explanation);
    g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_FAIL);

    binary = package_build (e.src, definition);
    result = package_import (e.tgt, binary);
    g_assert_cmpstr (sbt_json_get_string (result, "status"), !=, "IMPORTED");
    after_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
    sbt_assert_json_equal (before_objects, after_objects);   /* all or nothing */
  }

  /* 2. with its user in the same package: both deleted */
  {
    g_autoptr(JsonNode) before_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
    g_autoptr(GHashTable) before = sbt_objects_index (before_objects);
    g_autoptr(GHashTable) removed = g_hash_table_new (g_str_hash, g_str_equal);
    JsonArray *content = json_array_new ();
    g_autoptr(JsonNode) definition = NULL;
    g_autoptr(GBytes) binary = NULL;
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(JsonNode) after_objects = NULL;
    g_autoptr(GHashTable) after = NULL;
    g_autoptr(GHashTable) new_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    const char *ids[] = { MOVED_ID, user_id };
    Tally tally;

    tally_init (&tally);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_hash_table_add (removed, (gpointer) ids[i]);
        content_add (content, g_hash_table_lookup (e.dev, ids[i]), del, FALSE);
      }
    definition = package_definition (settings, content);
    binary = package_build (e.src, definition);
    result = package_import (e.tgt, binary);
    g_assert_cmpstr (sbt_json_get_string (result, "status"), ==, "IMPORTED");
    after_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
    after = sbt_objects_index (after_objects);
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        JsonNode *src = g_hash_table_lookup (e.dev, ids[i]);
        FerryRuleDecision d;
        g_autofree char *explanation = NULL;

        predict (set, src, g_hash_table_lookup (before, ids[i]), &del,
                 used_in_target (before, ids[i], removed) ? FERRY_RULE_FLAG_DEPENDENCY_FAILS : 0,
                 &d, &explanation);
        g_assert_cmpint (d.outcome, ==, FERRY_OUTCOME_DELETE);
        g_assert_true (compare (&tally, src, g_hash_table_lookup (before, ids[i]),
                                g_hash_table_lookup (after, ids[i]), new_by_name, &d, explanation));
      }
    tally_finish (&tally);
  }

  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* A project merge with rules: precedence, object by object                  */
/* ------------------------------------------------------------------------ */

static void
add_folder_rule (FerryTocSettings    *settings,
                 const char          *id,
                 const char          *path,
                 FerryConflictAction  action)
{
  g_autoptr(FerryFolderRule) rule = ferry_folder_rule_new (id, action);

  ferry_folder_rule_set_folder_path (rule, path);
  g_list_store_append (ferry_toc_settings_get_folder_rules (settings), rule);
}

static void
add_type_rule (FerryTocSettings    *settings,
               int                  type,
               int                  subtype,
               FerryConflictAction  action)
{
  g_autoptr(FerryObjectTypeRule) rule = ferry_object_type_rule_new (type, subtype, action);

  g_list_store_append (ferry_toc_settings_get_object_type_rules (settings), rule);
}

static void
add_object_rule (FerryTocSettings    *settings,
                 const char          *id,
                 FerryConflictAction  action)
{
  g_autoptr(FerryObjectRule) rule = ferry_object_rule_new (id, action);

  g_list_store_append (ferry_toc_settings_get_object_rules (settings), rule);
}

static void
test_merge_precedence (void)
{
  Env e;
  g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new (FERRY_PACKAGE_TYPE_PROJECT);
  g_autoptr(FerryRuleSet) set = NULL;
  g_autoptr(GPtrArray) leaf = NULL;
  g_autoptr(JsonNode) settings_json = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) source_objects = NULL;
  g_autoptr(JsonNode) before_objects = NULL;
  g_autoptr(JsonNode) after_objects = NULL;
  g_autoptr(GHashTable) source = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(GHashTable) new_by_name = NULL;
  g_autoptr(GHashTable) modified = NULL;
  g_autofree char *migration_id = NULL;
  const char *reports, *sales, *dashboards, *deleted_leaf;
  gboolean near_folder = FALSE, far_folder = FALSE;
  int own_folder = 0;
  gboolean own_subtype = FALSE, all_subtypes = FALSE;
  JsonArray *array;
  guint i;
  Tally tally;

  env_init (&e);
  tally_init (&tally);

  /* More differences than the seeds plant, in every part of the tree:
   * every 7th identical object is newer in the target, every 11th newer in
   * the source, every 13th leaf absent from the target. */
  leaf = leaves (&e);
  modified = g_hash_table_new (g_str_hash, g_str_equal);
  array = json_node_get_array (e.dev_seed);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");
      JsonNode *p = g_hash_table_lookup (e.prod, id);

      if (is_folder (o) || p == NULL || !json_node_equal (o, p))
        continue;
      if (i % 7 == 0)
        modify (e.pair.prod, id, BASE_MS + i);
      else if (i % 11 == 0)
        modify (e.pair.dev, id, BASE_MS + i);
      else
        continue;
      g_hash_table_add (modified, (gpointer) id);
    }
  for (i = 0; i < leaf->len; i += 13)
    if (i != 1 && !g_hash_table_contains (modified, g_ptr_array_index (leaf, i)))
      remove_object (e.pair.prod, g_ptr_array_index (leaf, i));

  /* The rules (api.md "Which action applies"). */
  reports = folder_id (&e, "Public Objects/Reports");
  sales = folder_id (&e, "Public Objects/Reports/Sales");
  dashboards = folder_id (&e, "Public Objects/Dashboards");
  deleted_leaf = g_ptr_array_index (leaf, 1);
  /* Folders with rules of their own, made to differ: Reports newer in the
   * source (its own rule: replace; its parent has none), Sales newer in the
   * target (its own rule: use_existing; its parent's: replace). */
  modify (e.pair.dev, reports, BASE_MS + 100000);
  modify (e.pair.prod, sales, BASE_MS + 100000);
  ferry_toc_settings_set_project_merge (settings, TRUE);
  ferry_toc_settings_set_default_action (settings, FERRY_CONFLICT_ACTION_USE_EXISTING);
  add_folder_rule (settings, reports, "\\Public Objects\\Reports", FERRY_CONFLICT_ACTION_REPLACE);
  add_folder_rule (settings, sales, "\\Public Objects\\Reports\\Sales", FERRY_CONFLICT_ACTION_USE_EXISTING);
  add_folder_rule (settings, dashboards, "\\Public Objects\\Dashboards", FERRY_CONFLICT_ACTION_KEEP_BOTH);
  /* as on the reference page: a "folder" rule naming an attribute matches nothing */
  add_folder_rule (settings, SBT_YEAR_ID, NULL, FERRY_CONFLICT_ACTION_DELETE);
  add_type_rule (settings, 3, 774, FERRY_CONFLICT_ACTION_FORCE_REPLACE);
  add_type_rule (settings, 1, 0, FERRY_CONFLICT_ACTION_REPLACE);
  add_type_rule (settings, 1, 256, FERRY_CONFLICT_ACTION_USE_EXISTING);
  add_type_rule (settings, 4, 1024, FERRY_CONFLICT_ACTION_USE_NEWER);
  add_type_rule (settings, 12, 0, FERRY_CONFLICT_ACTION_USE_OLDER);
  add_type_rule (settings, 13, 3328, FERRY_CONFLICT_ACTION_REPLACE);
  add_object_rule (settings, REVENUE_BY_YEAR, FERRY_CONFLICT_ACTION_REPLACE);   /* in Sales */
  add_object_rule (settings, SBT_YEAR_ID, FERRY_CONFLICT_ACTION_REPLACE);
  add_object_rule (settings, deleted_leaf, FERRY_CONFLICT_ACTION_DELETE);
  g_assert_true (ferry_toc_settings_validate (settings, NULL));
  g_assert_false (ferry_toc_settings_get_undo_possible (settings));
  set = ferry_rule_set_new (settings);

  source_objects = ferry_sandbox_dup_objects (e.pair.dev, P);
  before_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  source = sbt_objects_index (source_objects);
  before = sbt_objects_index (before_objects);

  /* The merge, with the settings exactly as FerryTocSettings writes them. */
  settings_json = ferry_toc_settings_to_json (settings);
  {
    g_autofree char *src_url = g_strdup (ferry_sandbox_get_base_url (e.pair.dev));
    g_autofree char *tgt_url = g_strdup (ferry_sandbox_get_base_url (e.pair.prod));

    body = sbt_migration_body (src_url, tgt_url, "project_merge", "project", P, settings_json, NULL);
  }
  record = sbt_migration_run (e.src, e.tgt, P, body, &migration_id);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
  /* keep_both is used: no undo package, as undo-possible said */
  {
    JsonNode *undo = sbt_json_get (record, "importInfo.undoStorage");

    g_assert_true (undo == NULL || (JSON_NODE_HOLDS_OBJECT (undo) &&
                                    json_object_get_size (json_node_get_object (undo)) == 0));
  }

  after_objects = ferry_sandbox_dup_objects (e.pair.prod, P);
  after = sbt_objects_index (after_objects);
  new_by_name = new_objects_by_name (after_objects, before, source);

  /* Every object of the source project. */
  array = json_node_get_array (source_objects);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *src = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (src, "id");
      FerryRuleDecision d;
      g_autofree char *explanation = NULL;

      predict (set, src, g_hash_table_lookup (before, id), NULL, 0, &d, &explanation);
      if (compare (&tally, src, g_hash_table_lookup (before, id), g_hash_table_lookup (after, id),
                   new_by_name, &d, explanation))
        {
          if (d.kind == FERRY_RULE_KIND_FOLDER && is_folder (src) &&
              d.folder_level == (int) json_array_get_length (json_node_get_array (sbt_json_get (src, "ancestors"))))
            own_folder++;
          if (d.kind == FERRY_RULE_KIND_FOLDER && d.rule_index == 1)
            near_folder = TRUE;
          if (d.kind == FERRY_RULE_KIND_FOLDER && d.rule_index == 0)
            far_folder = TRUE;
          if (d.kind == FERRY_RULE_KIND_OBJECT_TYPE && d.rule_index == 2)
            own_subtype = TRUE;
          if (d.kind == FERRY_RULE_KIND_OBJECT_TYPE && d.rule_index == 1)
            all_subtypes = TRUE;
        }
      if (g_test_verbose ())
        g_test_message ("%s: %s", sbt_json_get_string (src, "name"), explanation);
    }

  /* Objects only in the target are not the merge's business. */
  array = json_node_get_array (before_objects);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      if (!g_hash_table_contains (source, id))
        sbt_assert_json_equal (o, g_hash_table_lookup (after, id));
    }

  /* Every duplicate belongs to an object predicted to be duplicated. */
  g_assert_cmpuint (g_hash_table_size (new_by_name), ==, tally.outcomes[FERRY_OUTCOME_DUPLICATE]);

  tally_finish (&tally);
  g_test_message ("%u objects compared, %u unambiguously: create %u, replace %u, keep %u, "
                  "duplicate %u, skip %u, delete %u",
                  tally.compared, tally.unambiguous, tally.outcomes[FERRY_OUTCOME_CREATE],
                  tally.outcomes[FERRY_OUTCOME_REPLACE], tally.outcomes[FERRY_OUTCOME_KEEP_EXISTING],
                  tally.outcomes[FERRY_OUTCOME_DUPLICATE], tally.outcomes[FERRY_OUTCOME_SKIP],
                  tally.outcomes[FERRY_OUTCOME_DELETE]);

  /* The run must have exercised every rule kind and every outcome. */
  g_assert_cmpuint (tally.compared, ==, json_array_get_length (json_node_get_array (source_objects)));
  g_assert_cmpuint (tally.kinds[FERRY_RULE_KIND_OBJECT], >=, 3);
  g_assert_cmpuint (tally.kinds[FERRY_RULE_KIND_FOLDER], >, 0);
  g_assert_cmpuint (tally.kinds[FERRY_RULE_KIND_OBJECT_TYPE], >, 0);
  g_assert_cmpuint (tally.kinds[FERRY_RULE_KIND_DEFAULT], >, 0);
  g_assert_cmpint (own_folder, ==, 2);
  g_assert_true (near_folder);
  g_assert_true (far_folder);
  g_assert_true (own_subtype);
  g_assert_true (all_subtypes);
  for (FerryOutcome o = FERRY_OUTCOME_CREATE; o <= FERRY_OUTCOME_DELETE; o++)
    if (tally.outcomes[o] == 0)
      g_error ("the merge showed no unambiguous %s", ferry_outcome_to_string (o));

  env_clear (&e);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  for (FerryConflictAction a = FERRY_CONFLICT_ACTION_USE_EXISTING; a <= FERRY_CONFLICT_ACTION_DELETE; a++)
    {
      g_autofree char *path = g_strdup_printf ("/rules-sandbox/package/%s", ferry_conflict_action_to_string (a));

      g_test_add_data_func (path, GINT_TO_POINTER (a), test_package_action);
    }
  g_test_add_func ("/rules-sandbox/package/dependents", test_package_dependents);
  g_test_add_func ("/rules-sandbox/package/delete-blocked", test_package_delete_blocked);
  g_test_add_func ("/rules-sandbox/merge/precedence", test_merge_precedence);

  return g_test_run ();
}
