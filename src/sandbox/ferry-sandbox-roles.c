/* ferry-sandbox-roles.c: GET /api/sessions/privileges and
 * PATCH /api/migrations/{id}/packageInfo/certification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certification (api.md, "Validation, certification, …" and §5.2 I):
 * uncertified → requested (Create package) → certified | rejected (Apply
 * package); requested or rejected → uncertified (a revert, Create
 * package); certified → uncertified (a decertification, Apply package).
 * Only while the package is `created`; 204 without a body.
 */

#include "config.h"

#include "ferry-sandbox-roles.h"
#include "ferry-sandbox-privileges.h"

void
sb_handle_session_privileges (SbContext *ctx)
{
  sb_reply_json (ctx, 200, sb_privileges_to_api (ctx->store, ctx->session->account));
}

static const char *const certification_statuses[] = {
  "uncertified", "requested", "certified", "rejected", NULL
};

/* The privilege a change of certification from CURRENT to WANTED needs,
 * or 0 when the change is not allowed. */
static guint
certification_privilege (const char *current,
                         const char *wanted)
{
  if (g_str_equal (wanted, "requested"))
    return g_str_equal (current, "uncertified") || g_str_equal (current, "rejected")
           ? SB_PRIV_CREATE_PACKAGE : 0;
  if (g_str_equal (wanted, "uncertified"))
    {
      if (g_str_equal (current, "requested") || g_str_equal (current, "rejected"))
        return SB_PRIV_CREATE_PACKAGE;
      return g_str_equal (current, "certified") ? SB_PRIV_APPLY_PACKAGE : 0;
    }
  if (g_str_equal (wanted, "certified"))
    return g_str_equal (current, "certified") ? 0 : SB_PRIV_APPLY_PACKAGE;
  if (g_str_equal (wanted, "rejected"))
    return g_str_equal (current, "requested") ? SB_PRIV_APPLY_PACKAGE : 0;
  return 0;
}

/* A complete operator {id, name, fullName} of strings, or NULL. */
static JsonObject *
given_operator (JsonObject *certification)
{
  JsonObject *operator = sb_json_get_object (certification, "operator");

  if (operator == NULL ||
      sb_json_get_string (operator, "id") == NULL ||
      sb_json_get_string (operator, "name") == NULL ||
      sb_json_get_string (operator, "fullName") == NULL)
    return NULL;
  return operator;
}

void
sb_handle_migration_certification (SbContext *ctx)
{
  SbMigration *m = sb_store_lookup_migration (ctx->store, ctx->id);
  g_autoptr(JsonObject) body = NULL;
  JsonObject *given;
  JsonObject *p;
  JsonObject *current;
  JsonObject *c;
  JsonObject *operator;
  JsonNode *status_node;
  const char *status;
  const char *current_status;
  const char *package_status;
  const char *date;
  gboolean auto_sync;
  guint needed;
  gint64 ms;

  if (m == NULL)
    {
      sb_reply_error (ctx, 404, "ERR004", "Migration '%s' was not found", ctx->id);
      return;
    }
  if (!sb_request_query_bool (ctx, "autoSync", FALSE, &auto_sync))
    return;

  p = sb_migration_package_info (m);
  package_status = sb_json_get_string_or (p, "status", "unknown");

  /* ?autoSync=true without a body (or with {}): the backend syncs the
   * certification to the other environments; nothing changes here. */
  if (g_bytes_get_size (ctx->body) == 0 && !auto_sync)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The body needs a certification status (or send ?autoSync=true)");
      return;
    }
  if (g_bytes_get_size (ctx->body) > 0 && (body = sb_request_parse_object (ctx)) == NULL)
    return;

  if (!g_str_equal (package_status, "created"))
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The certification of a package can change only while the package is 'created'; it is '%s'",
                      package_status);
      return;
    }

  /* The documented nested form, or the SDK's flat one. */
  given = body;
  if (body != NULL && sb_json_get_object (body, "packageInfo") != NULL)
    given = sb_json_get_object (sb_json_get_object (body, "packageInfo"), "certification");
  status_node = given != NULL ? json_object_get_member (given, "status") : NULL;

  if (status_node == NULL)
    {
      if (auto_sync)
        {
          sb_reply_empty (ctx, 204);
          return;
        }
      sb_reply_error (ctx, 400, "ERR006",
                      "The body needs packageInfo.certification.status (or a flat 'status')");
      return;
    }
  if (!sb_json_node_is_string (status_node) ||
      !g_strv_contains (certification_statuses, json_node_get_string (status_node)))
    {
      g_autofree char *shown = sb_json_describe_node (status_node);

      sb_reply_error (ctx, 400, "ERR006",
                      "Invalid certification status %s: must be one of uncertified, requested, certified, rejected",
                      shown);
      return;
    }
  status = json_node_get_string (status_node);

  current = sb_json_get_object (p, "certification");
  current_status = sb_json_get_string_or (current, "status", "uncertified");
  if (g_str_equal (status, current_status))
    {
      sb_reply_empty (ctx, 204);     /* a retried request */
      return;
    }

  needed = certification_privilege (current_status, status);
  if (needed == 0)
    {
      sb_reply_error (ctx, 400, "ERR006",
                      "The certification cannot change from '%s' to '%s'",
                      current_status, status);
      return;
    }
  if (!sb_request_require_privileges (ctx, needed))
    return;

  c = json_object_new ();
  json_object_set_string_member (c, "status", status);
  operator = given_operator (given);
  if (operator != NULL)
    json_object_set_object_member (c, "operator", sb_json_object_dup (operator));
  else
    {
      SbAccount *a = ctx->session->account;

      operator = json_object_new ();
      json_object_set_string_member (operator, "id", a->user_id);
      json_object_set_string_member (operator, "name", a->full_name != NULL ? a->full_name : a->login);
      json_object_set_string_member (operator, "fullName", a->full_name != NULL ? a->full_name : a->login);
      json_object_set_object_member (c, "operator", operator);
    }
  date = sb_json_get_string (given, "lastUpdatedDate");
  if (date != NULL && sb_parse_time (date, &ms))
    json_object_set_string_member (c, "lastUpdatedDate", date);
  else
    sb_json_set_now (c, "lastUpdatedDate");

  json_object_set_object_member (p, "certification", c);
  sb_json_set_now (p, "lastUpdatedDate");
  sb_host_save (ctx->host, NULL);
  sb_reply_empty (ctx, 204);
}
