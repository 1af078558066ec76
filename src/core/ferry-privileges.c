/* ferry-privileges.c: the signed-in user's privileges and the server's clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ids: EnumDSSXMLPrivilegeTypes values. The vendor's reference names the
 * constants (DssXmlPrivilegesCreatePackage, …ApplyPackage,
 * …BypassAccessChecks, …AdministerEnvironment) but their numeric values
 * could not be verified (its "Constant Field Values" page was not
 * available); no constant for Manage Migration Packages was found. The
 * values below are those the sandbox serves, UNVERIFIED, in this one table
 * (src/sandbox/ferry-sandbox-privileges.c has the same); the name fallback
 * makes a real server's list match whatever its ids are.
 */

#define G_LOG_DOMAIN "ferry-privileges"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-privileges.h"

typedef struct
{
  FerryPrivilege  which;
  const char     *id;          /* UNVERIFIED, see above */
  const char     *name;        /* the vendor's privilege list */
  const char     *alias;       /* another spelling of the name, or NULL */
} PrivilegeInfo;

static const PrivilegeInfo privilege_table[] = {
  { FERRY_PRIVILEGE_CREATE_PACKAGE, "285", "Create package", NULL },
  { FERRY_PRIVILEGE_APPLY_PACKAGE, "286", "Apply package", NULL },
  { FERRY_PRIVILEGE_MANAGE_MIGRATION_PACKAGES, "319", "Manage Migration Packages", NULL },
  { FERRY_PRIVILEGE_ADMINISTER_ENVIRONMENT, "303", "Environment Administrator", "Administer environment" },
  { FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS, "39", "Bypass all object security access checks",
    "Bypass all objects security check" },
};

G_DEFINE_ENUM_TYPE (FerryPrivilege, ferry_privilege,
  G_DEFINE_ENUM_VALUE (FERRY_PRIVILEGE_CREATE_PACKAGE, "create-package"),
  G_DEFINE_ENUM_VALUE (FERRY_PRIVILEGE_APPLY_PACKAGE, "apply-package"),
  G_DEFINE_ENUM_VALUE (FERRY_PRIVILEGE_MANAGE_MIGRATION_PACKAGES, "manage-migration-packages"),
  G_DEFINE_ENUM_VALUE (FERRY_PRIVILEGE_ADMINISTER_ENVIRONMENT, "administer-environment"),
  G_DEFINE_ENUM_VALUE (FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS, "bypass-access-checks"))

static const PrivilegeInfo *
info_of (FerryPrivilege which)
{
  for (guint i = 0; i < G_N_ELEMENTS (privilege_table); i++)
    if (privilege_table[i].which == which)
      return &privilege_table[i];
  g_return_val_if_reached (&privilege_table[0]);
}

const char *
ferry_privilege_get_name (FerryPrivilege which)
{
  return info_of (which)->name;
}

const char *
ferry_privilege_get_id (FerryPrivilege which)
{
  return info_of (which)->id;
}

/* What the list says of one privilege. */
typedef struct
{
  gboolean    user_level;   /* granted to the user: every project */
  GHashTable *projects;     /* project ids (upper case) it holds in */
} Grant;

struct _FerryPrivileges
{
  GObject    parent_instance;

  Grant      grants[G_N_ELEMENTS (privilege_table)];
  gboolean   found[G_N_ELEMENTS (privilege_table)];
  gboolean   has_clock;
  gint64     clock_offset_s;
};

G_DEFINE_FINAL_TYPE (FerryPrivileges, ferry_privileges, G_TYPE_OBJECT)

static void
ferry_privileges_finalize (GObject *object)
{
  FerryPrivileges *self = FERRY_PRIVILEGES (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->grants); i++)
    g_clear_pointer (&self->grants[i].projects, g_hash_table_unref);
  G_OBJECT_CLASS (ferry_privileges_parent_class)->finalize (object);
}

static void
ferry_privileges_class_init (FerryPrivilegesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ferry_privileges_finalize;
}

static void
ferry_privileges_init (FerryPrivileges *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->grants); i++)
    self->grants[i].projects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* The table row an entry of the list is: by id first, then by name. */
static int
match_entry (JsonObject *entry)
{
  const char *id = ferry_json_get_string (entry, "id");
  const char *name = ferry_json_get_string (entry, "name");
  gint64 number;

  if (id == NULL && ferry_json_get_int (entry, "id", &number))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, number);

      for (guint i = 0; i < G_N_ELEMENTS (privilege_table); i++)
        if (g_str_equal (privilege_table[i].id, text))
          return (int) i;
    }
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (privilege_table); i++)
    if (g_str_equal (privilege_table[i].id, id))
      return (int) i;
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (privilege_table); i++)
    if (g_ascii_strcasecmp (privilege_table[i].name, name) == 0 ||
        (privilege_table[i].alias != NULL && g_ascii_strcasecmp (privilege_table[i].alias, name) == 0))
      return (int) i;
  return -1;
}

FerryPrivileges *
ferry_privileges_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(FerryPrivileges) self = NULL;
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                   _("The server’s answer is not what a Library server sends: a list of privileges was expected"));
      return NULL;
    }
  self = g_object_new (FERRY_TYPE_PRIVILEGES, NULL);
  list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      JsonObject *entry;
      JsonArray *projects;
      gboolean user_level = FALSE;
      int row;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      if ((row = match_entry (entry)) < 0)
        continue;
      self->found[row] = TRUE;
      if (ferry_json_get_boolean (entry, "isUserLevelAllowed", &user_level) && user_level)
        self->grants[row].user_level = TRUE;
      projects = ferry_json_get_array (entry, "projects");
      for (guint j = 0; projects != NULL && j < json_array_get_length (projects); j++)
        {
          JsonNode *p = json_array_get_element (projects, j);
          const char *project_id;

          if (!JSON_NODE_HOLDS_OBJECT (p) ||
              (project_id = ferry_json_get_string (json_node_get_object (p), "id")) == NULL)
            continue;
          g_hash_table_add (self->grants[row].projects, g_ascii_strup (project_id, -1));
        }
    }
  return g_steal_pointer (&self);
}

gboolean
ferry_privileges_has (FerryPrivileges *self,
                      FerryPrivilege   which,
                      const char      *project_id)
{
  g_autofree char *key = NULL;
  const Grant *grant;
  guint row;

  g_return_val_if_fail (FERRY_IS_PRIVILEGES (self), FALSE);

  row = (guint) (info_of (which) - privilege_table);
  if (!self->found[row])
    return FALSE;
  grant = &self->grants[row];
  if (grant->user_level)
    return TRUE;
  if (project_id == NULL)
    return g_hash_table_size (grant->projects) > 0;
  key = g_ascii_strup (project_id, -1);
  return g_hash_table_contains (grant->projects, key);
}

gboolean
ferry_privileges_get_clock_offset (FerryPrivileges *self,
                                   gint64          *offset_s)
{
  g_return_val_if_fail (FERRY_IS_PRIVILEGES (self), FALSE);

  if (self->has_clock && offset_s != NULL)
    *offset_s = self->clock_offset_s;
  return self->has_clock;
}

static void
fetch_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FerryPrivileges) privileges = NULL;
  gint64 received = g_get_real_time ();
  const char *date;

  node = ferry_connection_call_finish_full (FERRY_CONNECTION (source), res, NULL, &headers, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  privileges = ferry_privileges_new_from_json (node, &error);
  if (privileges == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  date = headers != NULL ? soup_message_headers_get_one (headers, "Date") : NULL;
  if (date != NULL)
    {
      g_autoptr(GDateTime) server = soup_date_time_new_from_http_string (date);

      if (server != NULL)
        {
          /* Date has whole seconds: compare with the local time rounded the same way. */
          privileges->clock_offset_s = g_date_time_to_unix (server) - received / G_USEC_PER_SEC;
          privileges->has_clock = TRUE;
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&privileges), g_object_unref);
}

void
ferry_privileges_fetch_async (FerryConnection     *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_CONNECTION (connection));

  task = g_task_new (connection, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_privileges_fetch_async);
  ferry_connection_call_async (connection, "GET", "/api/sessions/privileges", NULL, NULL,
                               FERRY_REQUEST_NONE, cancellable, fetch_cb, task);
}

FerryPrivileges *
ferry_privileges_fetch_finish (FerryConnection  *connection,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (FERRY_IS_CONNECTION (connection), NULL);
  g_return_val_if_fail (g_task_is_valid (result, connection), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_privileges_fetch_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
