/* ferry-sandbox-discovery.c: the endpoints of authentication, sessions and
 * discovery (projects, folders, search, objects, users, metadata search,
 * status, storage)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-discovery.h"
#include "ferry-sandbox-writer.h"

#define BASE_PATH "/MicroStrategyLibrary"

/* ------------------------------------------------------------------------ */
/* Authentication and sessions                                                */
/* ------------------------------------------------------------------------ */

static gboolean
parse_login_mode (const char *text,
                  gint64     *out)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT32, G_MAXINT32, out, NULL);
}

void
sb_handle_login (SbContext *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autofree char *username = NULL;
  g_autofree char *password = NULL;
  gint64 mode = SB_LOGIN_STANDARD;
  gsize len = 0;
  const char *data = g_bytes_get_data (ctx->body, &len);
  SbAccount *account;
  SbSession *session;
  g_autofree char *cookie = NULL;

  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (data, len);
      g_autoptr(GHashTable) form = soup_form_decode (text);
      const char *m = g_hash_table_lookup (form, "loginMode");

      username = g_strdup (g_hash_table_lookup (form, "username"));
      password = g_strdup (g_hash_table_lookup (form, "password"));
      if (m != NULL && !parse_login_mode (m, &mode))
        {
          sb_reply_error (ctx, 400, "ERR006", "Invalid value '%s' for loginMode", m);
          return;
        }
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sb_json_parse_bytes (ctx->body, &error);
      JsonObject *obj;
      JsonNode *m;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        {
          sb_reply_error (ctx, 400, "ERR006", "Invalid JSON: %s",
                          error ? error->message : "the body must be a JSON object");
          return;
        }
      obj = json_node_get_object (node);
      if (json_object_has_member (obj, "username") && sb_json_get_string (obj, "username") == NULL)
        {
          sb_reply_error (ctx, 400, "ERR006", "Invalid value for username: expected a string");
          return;
        }
      username = g_strdup (sb_json_get_string (obj, "username"));
      password = g_strdup (sb_json_get_string (obj, "password"));
      m = json_object_get_member (obj, "loginMode");
      if (m != NULL && JSON_NODE_HOLDS_VALUE (m))
        {
          if (json_node_get_value_type (m) == G_TYPE_INT64)
            mode = json_node_get_int (m);
          else if (json_node_get_value_type (m) != G_TYPE_STRING ||
                   !parse_login_mode (json_node_get_string (m), &mode))
            {
              sb_reply_error (ctx, 400, "ERR006", "Invalid value for loginMode: expected 1 (standard) or 16 (LDAP)");
              return;
            }
        }
      else if (m != NULL && !JSON_NODE_HOLDS_NULL (m))
        {
          sb_reply_error (ctx, 400, "ERR006", "Invalid value for loginMode: expected 1 (standard) or 16 (LDAP)");
          return;
        }
    }

  account = sb_store_find_account (ctx->store, username);
  if (account == NULL ||
      (mode != SB_LOGIN_STANDARD && mode != SB_LOGIN_LDAP) ||
      (account->login_modes & (guint) mode) == 0 ||
      g_strcmp0 (account->password, password ? password : "") != 0)
    {
      sb_reply_error (ctx, 401, "ERR003", "Login failed");
      return;
    }

  session = sb_sessions_add (ctx->host->sessions, account);

  cookie = g_strdup_printf ("JSESSIONID=%s; Path=" BASE_PATH "; HttpOnly%s",
                            session->cookie, ctx->host->tls ? "; Secure" : "");
  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "X-MSTR-AuthToken", session->token);
  soup_message_headers_append (soup_server_message_get_response_headers (ctx->msg),
                               "Set-Cookie", cookie);
  sb_reply_empty (ctx, 204);
}

/* POST /api/auth/logout, DELETE /api/sessions */
void
sb_handle_logout (SbContext *ctx)
{
  sb_sessions_end (ctx->host->sessions, ctx->session->token);
  ctx->session = NULL;
  sb_reply_empty (ctx, 204);
}

/* PUT /api/sessions: the session's idle timer was reset by the lookup itself. */
void
sb_handle_session_put (SbContext *ctx)
{
  sb_reply_empty (ctx, 204);
}

void
sb_handle_session_get (SbContext *ctx)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SbAccount *a = ctx->session->account;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, a->login);
  json_builder_set_member_name (b, "userId");
  json_builder_add_string_value (b, a->user_id);
  json_builder_set_member_name (b, "userFullName");
  json_builder_add_string_value (b, a->full_name);
  json_builder_set_member_name (b, "locale");
  json_builder_add_int_value (b, 1033);
  json_builder_set_member_name (b, "maxSearch");
  json_builder_add_int_value (b, 3);
  json_builder_set_member_name (b, "workingSet");
  json_builder_add_int_value (b, 10);
  json_builder_set_member_name (b, "timeout");
  json_builder_add_int_value (b, ctx->host->settings.session_timeout);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, ctx->session->token);
  json_builder_end_object (b);
  sb_reply_json (ctx, 200, json_builder_get_root (b));
}

void
sb_handle_user_info (SbContext *ctx)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SbAccount *a = ctx->session->account;
  g_autofree char *initials = g_strndup (a->full_name, 1);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "metadataUser");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, a->user_id);
  json_builder_set_member_name (b, "fullName");
  json_builder_add_string_value (b, a->full_name);
  json_builder_set_member_name (b, "initials");
  json_builder_add_string_value (b, initials);
  json_builder_end_object (b);
  sb_reply_json (ctx, 200, json_builder_get_root (b));
}

void
sb_handle_status (SbContext *ctx)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  SbStore *store = ctx->store;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "webVersion");
  json_builder_add_string_value (b, store->server_version);
  json_builder_set_member_name (b, "iServerVersion");
  json_builder_add_string_value (b, store->server_version);
  json_builder_set_member_name (b, "deploymentType");
  json_builder_add_string_value (b, "sandbox");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, store->name);
  json_builder_set_member_name (b, "upTimeText");
  json_builder_add_string_value (b, "running");
  json_builder_end_object (b);
  sb_reply_json (ctx, 200, json_builder_get_root (b));
}

/* ------------------------------------------------------------------------ */
/* Discovery                                                                  */
/* ------------------------------------------------------------------------ */

void
sb_handle_projects (SbContext *ctx)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < ctx->store->project_order->len; i++)
    {
      SbProject *p = sb_store_get_project (ctx->store, g_ptr_array_index (ctx->store->project_order, i));
      if (p)
        json_array_add_element (array, sb_project_to_api (p));
    }
  json_node_take_array (node, array);
  sb_reply_json (ctx, 200, node);
}

void
sb_handle_project (SbContext *ctx)
{
  SbProject *p = sb_store_get_project (ctx->store, ctx->id);

  for (guint i = 0; p == NULL && i < ctx->store->project_order->len; i++)
    {
      SbProject *q = sb_store_get_project (ctx->store, g_ptr_array_index (ctx->store->project_order, i));
      if (q && g_strcmp0 (q->name, ctx->id) == 0)
        p = q;
    }
  if (p == NULL)
    {
      sb_reply_error_iserver (ctx, 404, "ERR004", -2147209151,
                              "Project '%s' does not exist or is not loaded", ctx->id);
      return;
    }
  sb_reply_json (ctx, 200, sb_project_to_api (p));
}

/* The page written straight into one buffer (ferry-sandbox-writer.h), byte
 * for byte what json-glib would generate from sb_project_object_to_api()
 * nodes, without building them. */
static void
reply_object_page (SbContext *ctx,
                   SbProject *project,
                   GPtrArray *objects,
                   gint64     offset,
                   gint64     limit,
                   gboolean   ancestors,
                   GHashTable *ancestors_cache,
                   gboolean   wrap)
{
  guint total = objects->len;
  guint first = (guint) MIN ((gint64) total, offset);
  guint end = limit < 0 ? total : (guint) MIN ((gint64) total, offset + limit);
  GString *out = g_string_sized_new (64 + (gsize) (end > first ? end - first : 0) * (ancestors ? 700 : 360));
  gsize len;

  if (wrap)
    {
      g_string_append (out, "{\"totalItems\":");
      sb_write_int (out, total);
      g_string_append (out, ",\"result\":");
    }
  g_string_append_c (out, '[');
  for (guint i = first; i < end; i++)
    {
      if (i > first)
        g_string_append_c (out, ',');
      sb_write_object_api_cached (out, project, g_ptr_array_index (objects, i), ancestors, FALSE,
                                  ancestors_cache);
    }
  g_string_append_c (out, ']');
  if (wrap)
    g_string_append_c (out, '}');

  sb_reply_set_total (ctx, total);
  /* libsoup takes the buffer as it is: no copy of a 3 MB page. */
  len = out->len;
  soup_server_message_set_status (ctx->msg, 200, NULL);
  soup_server_message_set_response (ctx->msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_string_free (out, FALSE), len);
  ctx->replied = TRUE;
}

void
sb_handle_folders (SbContext *ctx)
{
  SbProject *project;
  g_autoptr(GPtrArray) children = NULL;
  gint64 offset, limit;
  const char *folder_id;

  if ((project = sb_request_require_project (ctx)) == NULL ||
      !sb_request_paging (ctx, -1, &offset, &limit))
    return;

  if (ctx->id == NULL)
    folder_id = project->root_folder_id;
  else
    {
      SbObject *folder = sb_project_get_object (project, ctx->id);

      if (folder == NULL || folder->type != SB_TYPE_FOLDER)
        {
          sb_reply_error_iserver (ctx, 404, "ERR004", -2147216373,
                                  "Folder '%s' was not found in project '%s'", ctx->id, project->name);
          return;
        }
      folder_id = folder->id;
    }

  children = sb_project_children (project, folder_id);
  reply_object_page (ctx, project, children, offset, limit, FALSE, NULL, FALSE);
}

/* Every value of a repeated query parameter ("type=1&type=3" or "type=1,3"). */
static GArray *
query_ints (SbContext  *ctx,
            const char *key,
            gboolean   *ok)
{
  GUri *uri = soup_server_message_get_uri (ctx->msg);
  const char *raw = g_uri_get_query (uri);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GStrv) pairs = NULL;

  *ok = TRUE;
  if (raw == NULL)
    return out;
  pairs = g_strsplit (raw, "&", -1);
  for (guint i = 0; pairs[i]; i++)
    {
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;
      char *eq = strchr (pairs[i], '=');
      g_auto(GStrv) values = NULL;

      if (eq == NULL)
        continue;
      k = g_uri_unescape_segment (pairs[i], eq, NULL);
      if (k == NULL || strcmp (k, key) != 0)
        continue;
      v = g_uri_unescape_string (eq + 1, NULL);
      values = g_strsplit (v ? v : "", ",", -1);
      for (guint j = 0; values[j]; j++)
        {
          gint64 n;
          if (*values[j] == '\0')
            continue;
          if (!g_ascii_string_to_signed (values[j], 10, 0, G_MAXINT32, &n, NULL))
            {
              sb_reply_error (ctx, 400, "ERR006",
                              "Invalid value '%s' for query parameter '%s': expected an object type or subtype number",
                              values[j], key);
              *ok = FALSE;
              return out;
            }
          g_array_append_val (out, n);
        }
    }
  return out;
}

static gboolean
matches_types (const SbObject *o,
               GArray         *types)
{
  if (types->len == 0)
    return TRUE;
  for (guint i = 0; i < types->len; i++)
    {
      gint64 t = g_array_index (types, gint64, i);
      if (t == o->type || t == o->subtype)
        return TRUE;
    }
  return FALSE;
}

static gboolean
matches_name (const SbObject *o,
              const char     *needle_folded,
              gint64          pattern)
{
  g_autofree char *hay = NULL;

  if (needle_folded == NULL || *needle_folded == '\0')
    return TRUE;
  hay = g_utf8_casefold (o->name, -1);
  switch (pattern)
    {
    case 1: /* begins with */
    case 3: /* begins with phrase */
      return g_str_has_prefix (hay, needle_folded);
    case 2: /* exactly */
      return strcmp (hay, needle_folded) == 0;
    case 5: /* ends with */
      return g_str_has_suffix (hay, needle_folded);
    case 0: /* contains any word */
      {
        g_auto(GStrv) words = g_strsplit (needle_folded, " ", -1);
        for (guint i = 0; words[i]; i++)
          if (*words[i] && strstr (hay, words[i]))
            return TRUE;
        return FALSE;
      }
    default: /* 4: contains */
      return strstr (hay, needle_folded) != NULL;
    }
}

static gboolean
is_below (SbProject      *project,
          const SbObject *o,
          const char     *root)
{
  const char *parent = o->parent_id;
  guint guard = 0;

  while (parent != NULL && guard++ < 256)
    {
      SbObject *f;
      if (strcmp (parent, root) == 0)
        return TRUE;
      f = sb_project_get_object (project, parent);
      parent = f ? f->parent_id : NULL;
    }
  return FALSE;
}

/* The space a discovery request looks into: the project of the header, or
 * the configuration when there is no header. */
static SbProject *
request_space (SbContext *ctx)
{
  if (ctx->project_header == NULL)
    return ctx->store->configuration;
  return sb_request_require_project (ctx);
}


void
sb_handle_searches (SbContext *ctx)
{
  SbProject *project;
  SbSearchCache *cache = ctx->host->search_cache;
  g_autoptr(GArray) types = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  GPtrArray *found;
  g_autofree char *needle = NULL;
  gint64 offset, limit, pattern;
  gboolean ancestors, ok;
  const char *root, *name;

  if ((project = request_space (ctx)) == NULL ||
      !sb_request_paging (ctx, -1, &offset, &limit) ||
      !sb_request_query_int (ctx, "pattern", 4, 0, 5, &pattern) ||
      !sb_request_query_bool (ctx, "getAncestors", FALSE, &ancestors))
    return;
  types = query_ints (ctx, "type", &ok);
  if (!ok)
    return;

  root = sb_request_query (ctx, "root");
  if (root != NULL && *root != '\0')
    {
      SbObject *folder = sb_project_get_object (project, root);
      if (folder == NULL || folder->type != SB_TYPE_FOLDER)
        {
          sb_reply_error (ctx, 404, "ERR004", "Folder '%s' (root) was not found in project '%s'",
                          root, project->name);
          return;
        }
    }
  else
    root = NULL;

  name = sb_request_query (ctx, "name");
  if (name != NULL && *name != '\0')
    needle = g_utf8_casefold (name, -1);
  else
    pattern = -1; /* any name matches, whatever the pattern */

  found = sb_search_cache_index (cache, project);
  if (types->len > 0 || needle != NULL || root != NULL)
    found = sb_search_cache_lookup (cache, project, root, needle, pattern, types);
  if (found == NULL)
    {
      GPtrArray *index = sb_search_cache_index (cache, project);

      /* The index is in answer order: filtering keeps it. */
      fresh = g_ptr_array_new ();
      for (guint i = 0; i < index->len; i++)
        {
          SbObject *o = g_ptr_array_index (index, i);
          if (!matches_types (o, types) || !matches_name (o, needle, pattern))
            continue;
          if (root != NULL && !is_below (project, o, root))
            continue;
          g_ptr_array_add (fresh, o);
        }
      found = fresh;

      /* Keep it when the client has more pages to read. */
      if (limit >= 0 && offset + limit < (gint64) fresh->len)
        found = sb_search_cache_add (cache, project, root, needle, pattern, types,
                                  g_steal_pointer (&fresh));
    }
  reply_object_page (ctx, project, found, offset, limit, ancestors,
                     sb_search_cache_ancestors (cache, project), TRUE);
}

static JsonNode *
project_as_object (SbProject *p)
{
  JsonNode *node = sb_project_to_api (p);
  JsonObject *obj = json_node_get_object (node);

  json_object_set_int_member (obj, "type", SB_TYPE_PROJECT);
  json_object_set_int_member (obj, "subtype", 8192);
  json_object_set_string_member (obj, "version", p->id);
  json_object_set_array_member (obj, "acl", json_array_new ());
  json_object_set_array_member (obj, "ancestors", json_array_new ());
  return node;
}

void
sb_handle_objects (SbContext *ctx)
{
  SbProject *project;
  SbObject *object;
  gint64 type;
  JsonNode *node;

  if (sb_request_query (ctx, "type") == NULL)
    {
      sb_reply_error (ctx, 400, "ERR005", "The query parameter 'type' is required");
      return;
    }
  if (!sb_request_query_int (ctx, "type", 0, 0, G_MAXINT32, &type))
    return;

  if (type == SB_TYPE_PROJECT)
    {
      SbProject *p = sb_store_get_project (ctx->store, ctx->id);
      if (p == NULL)
        {
          sb_reply_error_iserver (ctx, 404, "ERR004", -2147209151,
                                  "Project '%s' does not exist or is not loaded", ctx->id);
          return;
        }
      sb_reply_json (ctx, 200, project_as_object (p));
      return;
    }

  if ((project = request_space (ctx)) == NULL)
    return;
  object = sb_project_get_object (project, ctx->id);
  if (object == NULL && ctx->project_header != NULL)
    {
      /* Configuration objects are found whatever project is selected. */
      project = ctx->store->configuration;
      object = sb_project_get_object (project, ctx->id);
    }
  if (object == NULL || object->type != type)
    {
      sb_reply_error_iserver (ctx, 404, "ERR004", -2147216373,
                              "Object '%s' of type %" G_GINT64_FORMAT " was not found in %s '%s'",
                              ctx->id, type,
                              project->is_configuration ? "the" : "project",
                              project->name);
      return;
    }
  node = sb_project_object_to_api (project, object, TRUE, TRUE);
  json_object_set_int_member (json_node_get_object (node), "extType", 0);
  sb_reply_json (ctx, 200, node);
}

static JsonNode *
user_to_api (SbStore  *store,
             SbObject *o)
{
  JsonNode *node = sb_project_object_to_api (store->configuration, o, FALSE, FALSE);
  JsonObject *obj = json_node_get_object (node);
  SbAccount *a = sb_store_find_account_by_user (store, o->id);

  if (o->subtype == SB_SUBTYPE_USER)
    {
      json_object_set_string_member (obj, "username", a ? a->login : o->name);
      json_object_set_string_member (obj, "fullName", a && a->full_name ? a->full_name : o->name);
      json_object_set_boolean_member (obj, "enabled", TRUE);
    }
  return node;
}

static void
users_or_groups (SbContext *ctx,
                 int        subtype)
{
  gboolean groups = subtype == SB_SUBTYPE_USER_GROUP;
  SbProject *conf = ctx->store->configuration;
  gint64 offset, limit;

  if (ctx->id != NULL)
    {
      SbObject *o = sb_project_get_object (conf, ctx->id);
      if (o == NULL || o->type != SB_TYPE_USER || o->subtype != subtype)
        {
          sb_reply_error (ctx, 404, "ERR004", "%s '%s' was not found",
                          groups ? "User group" : "User", ctx->id);
          return;
        }
      sb_reply_json (ctx, 200, user_to_api (ctx->store, o));
      return;
    }

  if (!sb_request_paging (ctx, -1, &offset, &limit))
    return;
  {
    g_autoptr(GPtrArray) found = g_ptr_array_new ();
    const char *begins = sb_request_query (ctx, "nameBegins");
    JsonArray *array = json_array_new ();
    JsonNode *node = json_node_new (JSON_NODE_ARRAY);
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, conf->objects);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        SbObject *o = value;
        if (o->type == SB_TYPE_USER && o->subtype == subtype &&
            (begins == NULL || g_ascii_strncasecmp (o->name, begins, strlen (begins)) == 0))
          g_ptr_array_add (found, o);
      }
    g_ptr_array_sort (found, sb_object_cmp_by_name);
    for (guint i = (guint) MIN ((gint64) found->len, offset);
         i < found->len && (limit < 0 || i < offset + limit); i++)
      json_array_add_element (array, user_to_api (ctx->store, g_ptr_array_index (found, i)));
    sb_reply_set_total (ctx, found->len);
    json_node_take_array (node, array);
    sb_reply_json (ctx, 200, node);
  }
}

void
sb_handle_users (SbContext *ctx)
{
  users_or_groups (ctx, SB_SUBTYPE_USER);
}

void
sb_handle_user_groups (SbContext *ctx)
{
  users_or_groups (ctx, SB_SUBTYPE_USER_GROUP);
}

/* "id;type" or "id" */
static char *
parse_object_ref (const char *value)
{
  const char *semi = strchr (value, ';');
  return semi ? g_strndup (value, (gsize) (semi - value)) : g_strdup (value);
}

/* Objects that use ID (directly, or transitively when RECURSIVE). */
static void
collect_users_of (SbProject  *project,
                  const char *id,
                  gboolean    recursive,
                  GHashTable *out)
{
  g_autoptr(GHashTable) used_by = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GQueue) queue = g_queue_new ();
  GHashTableIter iter;
  gpointer value;

  /* Reverse index: used id → users. */
  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbObject *o = value;
      for (guint i = 0; i < o->uses->len; i++)
        {
          const char *u = g_ptr_array_index (o->uses, i);
          GPtrArray *list = g_hash_table_lookup (used_by, u);
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (used_by, (gpointer) u, list);
            }
          g_ptr_array_add (list, o);
        }
    }

  g_queue_push_tail (queue, (gpointer) id);
  while (!g_queue_is_empty (queue))
    {
      const char *cur = g_queue_pop_head (queue);
      GPtrArray *list = g_hash_table_lookup (used_by, cur);

      for (guint i = 0; list && i < list->len; i++)
        {
          SbObject *o = g_ptr_array_index (list, i);
          if (g_hash_table_contains (out, o->id))
            continue;
          g_hash_table_add (out, o->id);
          if (recursive)
            g_queue_push_tail (queue, o->id);
        }
    }
}

/* Objects that ID uses (directly, or transitively when RECURSIVE). */
static void
collect_used_by (SbProject  *project,
                 const char *id,
                 gboolean    recursive,
                 GHashTable *out)
{
  g_autoptr(GQueue) queue = g_queue_new ();

  g_queue_push_tail (queue, (gpointer) id);
  while (!g_queue_is_empty (queue))
    {
      SbObject *cur = sb_project_get_object (project, g_queue_pop_head (queue));

      for (guint i = 0; cur && i < cur->uses->len; i++)
        {
          SbObject *o = sb_project_get_object (project, g_ptr_array_index (cur->uses, i));
          if (o == NULL || g_hash_table_contains (out, o->id))
            continue;
          g_hash_table_add (out, o->id);
          if (recursive)
            g_queue_push_tail (queue, o->id);
        }
    }
}

/* REF ("id;type", may be NULL: nothing to do) names the object of query
 * parameter PARAM; *OUT receives the set (id → id) COLLECT finds for it.
 * FALSE after a 404 when the object does not exist. */
static gboolean
related_objects (SbContext   *ctx,
                 SbProject   *project,
                 const char  *ref,
                 const char  *param,
                 void       (*collect) (SbProject *, const char *, gboolean, GHashTable *),
                 gboolean     recursive,
                 GHashTable **out)
{
  g_autofree char *id = NULL;

  if (ref == NULL)
    return TRUE;
  id = parse_object_ref (ref);
  if (sb_project_get_object (project, id) == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Object '%s' (%s) was not found in project '%s'",
                      id, param, project->name);
      return FALSE;
    }
  *out = g_hash_table_new (g_str_hash, g_str_equal);
  collect (project, id, recursive, *out);
  return TRUE;
}

/* POST /api/metadataSearches/results */
void
sb_handle_metadata_search (SbContext *ctx)
{
  GHashTable *searches = ctx->host->searches;
  SbProject *project;
  g_autoptr(GArray) types = NULL;
  g_autoptr(GHashTable) uses_set = NULL;
  g_autoptr(GHashTable) used_by_set = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree char *needle = NULL;
  GPtrArray *result;
  const char *uses = sb_request_query (ctx, "usesObject");
  const char *used_by = sb_request_query (ctx, "usedByObject");
  const char *name = sb_request_query (ctx, "name");
  gboolean uses_rec, used_by_rec, ok;
  gint64 pattern;
  char *search_id;
  GHashTableIter iter;
  gpointer value;
  JsonObject *obj;
  JsonNode *node;

  if ((project = request_space (ctx)) == NULL ||
      !sb_request_query_bool (ctx, "usesRecursive", FALSE, &uses_rec) ||
      !sb_request_query_bool (ctx, "usedByRecursive", FALSE, &used_by_rec) ||
      !sb_request_query_int (ctx, "pattern", 4, 0, 5, &pattern))
    return;
  types = query_ints (ctx, "type", &ok);
  if (!ok)
    return;

  if (!related_objects (ctx, project, uses, "usesObject", collect_users_of, uses_rec, &uses_set) ||
      !related_objects (ctx, project, used_by, "usedByObject", collect_used_by, used_by_rec, &used_by_set))
    return;

  needle = name ? g_utf8_casefold (name, -1) : NULL;
  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbObject *o = value;
      if (uses_set && !g_hash_table_contains (uses_set, o->id))
        continue;
      if (used_by_set && !g_hash_table_contains (used_by_set, o->id))
        continue;
      if (!matches_types (o, types) || !matches_name (o, needle, pattern))
        continue;
      g_ptr_array_add (found, o);
    }
  g_ptr_array_sort (found, sb_object_cmp_by_name);

  result = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (result, g_strdup (project->id));
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (result, g_strdup (((SbObject *) g_ptr_array_index (found, i))->id));
  search_id = sb_new_hex_id ();

  /* Searches are kept for a while, as the server's cache keeps them. */
  if (g_hash_table_size (searches) > 256)
    g_hash_table_remove_all (searches);
  g_hash_table_replace (searches, g_strdup (search_id), result);

  obj = json_object_new ();
  json_object_set_string_member (obj, "id", search_id);
  g_free (search_id);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, obj);
  sb_reply_json (ctx, 200, node);
}

/* GET /api/metadataSearches/results?searchId=… */
void
sb_handle_metadata_search_results (SbContext *ctx)
{
  GHashTable *searches = ctx->host->searches;
  const char *search_id = sb_request_query (ctx, "searchId");
  GPtrArray *result;
  SbProject *project;
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  gint64 offset, limit;

  if (search_id == NULL)
    {
      sb_reply_error (ctx, 400, "ERR005", "The query parameter 'searchId' is required");
      return;
    }
  result = g_hash_table_lookup (searches, search_id);
  if (result == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Search '%s' was not found or has expired", search_id);
      return;
    }
  if (!sb_request_paging (ctx, -1, &offset, &limit))
    return;
  project = sb_store_get_space (ctx->store, g_ptr_array_index (result, 0));
  for (guint i = 1; project && i < result->len; i++)
    {
      SbObject *o = sb_project_get_object (project, g_ptr_array_index (result, i));
      if (o)
        g_ptr_array_add (objects, o);
    }
  if (project == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Search '%s' was not found or has expired", search_id);
      return;
    }
  reply_object_page (ctx, project, objects, offset, limit, FALSE, NULL, FALSE);
}

void
sb_handle_storage (SbContext *ctx)
{
  const char *storage = ctx->host->settings.shared_storage;
  gboolean configured = storage != NULL && g_file_test (storage, G_FILE_TEST_IS_DIR);
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sharedFileStore");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, configured ? "file_system" : "unset");
  json_builder_set_member_name (b, "alias");
  json_builder_add_string_value (b, configured ? "Shared storage" : "");
  json_builder_set_member_name (b, "location");
  json_builder_add_string_value (b, configured ? storage : "");
  json_builder_set_member_name (b, "configured");
  json_builder_add_boolean_value (b, configured);
  json_builder_end_object (b);
  json_builder_end_object (b);
  sb_reply_json (ctx, 200, json_builder_get_root (b));
}

/* ------------------------------------------------------------------------ */
