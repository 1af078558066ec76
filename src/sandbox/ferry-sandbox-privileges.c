/* ferry-sandbox-privileges.c: the privileges the sandbox knows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ids: the privilege list of a real server gives each privilege's
 * EnumDSSXMLPrivilegeTypes value as a string. The names below are the
 * enumeration's (DssXmlPrivilegesCreatePackage, DssXmlPrivilegesApplyPackage,
 * DssXmlPrivilegesBypassAccessChecks, DssXmlPrivilegesAdministerEnvironment)
 * but their NUMERIC VALUES COULD NOT BE VERIFIED: the reference's "Constant
 * Field Values" page was not available when this was written, and no
 * DssXmlPrivilegesManageMigrationPackages constant was found at all. The
 * values here are placeholders, kept in this one table so that the real
 * ones replace them in one place. Clients must match privileges by name
 * (or by these ids only against this sandbox).
 */

#include "config.h"

#include "ferry-sandbox-privileges.h"

static const SbPrivilegeInfo privileges[] = {
  /* UNVERIFIED value of DssXmlPrivilegesCreatePackage */
  { SB_PRIV_CREATE_PACKAGE, "285", "Create package",
    "Create migration packages and request their import, undo and certification" },
  /* UNVERIFIED value of DssXmlPrivilegesApplyPackage */
  { SB_PRIV_APPLY_PACKAGE, "286", "Apply package",
    "Apply migration packages: approve or reject imports and undos, import, validate and certify" },
  /* UNVERIFIED value of DssXmlPrivilegesBypassAccessChecks */
  { SB_PRIV_BYPASS_ACL, "39", "Bypass all object security access checks",
    "Override the access control lists of every object" },
  /* No enumeration constant found: UNVERIFIED placeholder */
  { SB_PRIV_MANAGE_MIGRATION, "319", "Manage Migration Packages",
    "Upload, download and manage the migration packages of the shared file store" },
  /* UNVERIFIED value of DssXmlPrivilegesAdministerEnvironment */
  { SB_PRIV_ADMINISTER, "303", "Environment Administrator",
    "Administer the environment: storage, users and settings" },
};

const SbPrivilegeInfo *
sb_privileges_table (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (privileges);
  return privileges;
}

const SbPrivilegeInfo *
sb_privilege_info (SbPrivileges bit)
{
  for (guint k = 0; k < G_N_ELEMENTS (privileges); k++)
    if (privileges[k].bit == bit)
      return &privileges[k];
  return NULL;
}

char *
sb_privileges_describe (guint       mask,
                        const char *separator)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < G_N_ELEMENTS (privileges); k++)
    if ((mask & privileges[k].bit) != 0)
      {
        if (text->len > 0)
          g_string_append (text, separator);
        g_string_append (text, privileges[k].name);
      }
  return g_string_free (text, FALSE);
}

JsonNode *
sb_privileges_to_api (SbStore   *store,
                      SbAccount *account)
{
  JsonArray *list = json_array_new ();
  JsonNode *node;

  for (guint k = 0; k < G_N_ELEMENTS (privileges); k++)
    {
      JsonObject *p;
      JsonArray *projects;

      if ((account->privileges & privileges[k].bit) == 0)
        continue;

      /* Seeded privileges are granted to the user itself, so they hold
       * in every project. */
      p = json_object_new ();
      json_object_set_string_member (p, "id", privileges[k].id);
      json_object_set_string_member (p, "name", privileges[k].name);
      json_object_set_string_member (p, "description", privileges[k].description);
      json_object_set_boolean_member (p, "isUserLevelAllowed", TRUE);
      projects = json_array_new ();
      for (guint j = 0; j < store->project_order->len; j++)
        {
          JsonObject *po = json_object_new ();

          json_object_set_string_member (po, "id", g_ptr_array_index (store->project_order, j));
          json_object_set_boolean_member (po, "isUserLevelAllowed", TRUE);
          json_array_add_object_element (projects, po);
        }
      json_object_set_array_member (p, "projects", projects);
      json_array_add_object_element (list, p);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, list);
  return node;
}
