/* ferry-migration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is described once in the table below: where its value is
 * read in a record (the package side, the import side, the top level) or how
 * it is derived. Values live in a GValue per property; applying a record
 * recomputes them all and notifies those that changed.
 */

#define G_LOG_DOMAIN "ferry-migration"

#include "config.h"

#include <string.h>

#include "ferry-migration.h"

#include "ferry-json.h"

typedef enum
{
  KIND_STRING,
  KIND_STATUS,   /* a string kept in lower case */
  KIND_DOUBLE,
  KIND_INT64,
  KIND_BOOLEAN,
  KIND_DATE,
} Kind;

typedef enum
{
  FROM_TOP,        /* the record's own member: the source's record first */
  FROM_PACKAGE,    /* packageInfo: the source's record first */
  FROM_IMPORT,     /* importInfo: the target's record first */
  FROM_VALIDATION, /* validation: the target's record first */
  FROM_DERIVED,    /* computed from other values */
} From;

enum {
  PROP_0,
  PROP_ID,
  PROP_PACKAGE_ID,
  PROP_IMPORT_ID,
  PROP_NAME,
  PROP_PACKAGE_TYPE,
  PROP_PURPOSE,
  PROP_PACKAGE_STATUS,
  PROP_IMPORT_STATUS,
  PROP_IMPORT_REQUEST_STATUS,
  PROP_UNDO_REQUEST_STATUS,
  PROP_VALIDATION_STATUS,
  PROP_VALIDATION_MESSAGE,
  PROP_VALIDATION_PROGRESS,
  PROP_VALIDATION_LAST_UPDATED_DATE,
  PROP_CERTIFICATION_STATUS,
  PROP_CERTIFICATION_OPERATOR_NAME,
  PROP_CERTIFICATION_DATE,
  PROP_PACKAGE_PROGRESS,
  PROP_IMPORT_PROGRESS,
  PROP_PACKAGE_CREATION_DATE,
  PROP_PACKAGE_LAST_UPDATED_DATE,
  PROP_IMPORT_CREATION_DATE,
  PROP_IMPORT_LAST_UPDATED_DATE,
  PROP_CREATOR_ID,
  PROP_CREATOR_NAME,
  PROP_IMPORTER_ID,
  PROP_IMPORTER_NAME,
  PROP_SOURCE_ENVIRONMENT_ID,
  PROP_SOURCE_ENVIRONMENT_NAME,
  PROP_TARGET_ENVIRONMENT_ID,
  PROP_TARGET_ENVIRONMENT_NAME,
  PROP_SOURCE_PROJECT_ID,
  PROP_SOURCE_PROJECT_NAME,
  PROP_TARGET_PROJECT_ID,
  PROP_TARGET_PROJECT_NAME,
  PROP_STORAGE_PATH,
  PROP_STORAGE_SIZE,
  PROP_UNDO_STORAGE_PATH,
  PROP_UNDO_STORAGE_SIZE,
  PROP_HAS_UNDO_PACKAGE,
  PROP_PACKAGE_MESSAGE,
  PROP_IMPORT_MESSAGE,
  PROP_REPLICATED,
  PROP_VERSION,
  PROP_HAS_SOURCE_RECORD,
  PROP_HAS_TARGET_RECORD,
  PROP_BUSY,
  N_PROPS
};

typedef struct
{
  guint       prop;
  const char *name;
  const char *blurb;
  Kind        kind;
  From        from;
  const char *path;     /* "member" or "member.sub" */
} PropInfo;

static const PropInfo prop_info[] = {
  { PROP_ID, "id", "The migration id: <packageId>:<importId>", KIND_STRING, FROM_TOP, "id" },
  { PROP_PACKAGE_ID, "package-id", "packageInfo.id", KIND_STRING, FROM_PACKAGE, "id" },
  { PROP_IMPORT_ID, "import-id", "importInfo.id", KIND_STRING, FROM_IMPORT, "id" },
  { PROP_NAME, "name", "packageInfo.name", KIND_STRING, FROM_PACKAGE, "name" },
  { PROP_PACKAGE_TYPE, "package-type", "packageInfo.type: project, configuration or project_security",
    KIND_STRING, FROM_PACKAGE, "type" },
  { PROP_PURPOSE, "purpose", "packageInfo.purpose: object_migration, project_merge, …",
    KIND_STRING, FROM_PACKAGE, "purpose" },
  { PROP_PACKAGE_STATUS, "package-status", "packageInfo.status (lower case)", KIND_STATUS, FROM_PACKAGE, "status" },
  { PROP_IMPORT_STATUS, "import-status", "importInfo.status (lower case)", KIND_STATUS, FROM_IMPORT, "status" },
  { PROP_IMPORT_REQUEST_STATUS, "import-request-status", "importInfo.importRequestStatus (lower case)",
    KIND_STATUS, FROM_IMPORT, "importRequestStatus" },
  { PROP_UNDO_REQUEST_STATUS, "undo-request-status", "importInfo.undoRequestStatus (lower case)",
    KIND_STATUS, FROM_IMPORT, "undoRequestStatus" },
  { PROP_VALIDATION_STATUS, "validation-status", "validation.status (lower case)",
    KIND_STATUS, FROM_VALIDATION, "status" },
  { PROP_VALIDATION_MESSAGE, "validation-message", "validation.message (why the validation failed)",
    KIND_STRING, FROM_VALIDATION, "message" },
  { PROP_VALIDATION_PROGRESS, "validation-progress", "validation.progress (0–100)",
    KIND_DOUBLE, FROM_VALIDATION, "progress" },
  { PROP_VALIDATION_LAST_UPDATED_DATE, "validation-last-updated-date", "validation.lastUpdatedDate",
    KIND_DATE, FROM_VALIDATION, "lastUpdatedDate" },
  { PROP_CERTIFICATION_STATUS, "certification-status",
    "packageInfo.certification.status (lower case): uncertified, requested, certified or rejected",
    KIND_STATUS, FROM_PACKAGE, "certification.status" },
  { PROP_CERTIFICATION_OPERATOR_NAME, "certification-operator-name",
    "packageInfo.certification.operator.name: who changed the certification last",
    KIND_STRING, FROM_PACKAGE, "certification.operator.name" },
  { PROP_CERTIFICATION_DATE, "certification-date", "packageInfo.certification.lastUpdatedDate",
    KIND_DATE, FROM_PACKAGE, "certification.lastUpdatedDate" },
  { PROP_PACKAGE_PROGRESS, "package-progress", "packageInfo.progress (0–100)", KIND_DOUBLE, FROM_PACKAGE, "progress" },
  { PROP_IMPORT_PROGRESS, "import-progress", "importInfo.progress (0–100)", KIND_DOUBLE, FROM_IMPORT, "progress" },
  { PROP_PACKAGE_CREATION_DATE, "package-creation-date", "packageInfo.creationDate",
    KIND_DATE, FROM_PACKAGE, "creationDate" },
  { PROP_PACKAGE_LAST_UPDATED_DATE, "package-last-updated-date", "packageInfo.lastUpdatedDate",
    KIND_DATE, FROM_PACKAGE, "lastUpdatedDate" },
  { PROP_IMPORT_CREATION_DATE, "import-creation-date", "importInfo.creationDate",
    KIND_DATE, FROM_IMPORT, "creationDate" },
  { PROP_IMPORT_LAST_UPDATED_DATE, "import-last-updated-date", "importInfo.lastUpdatedDate",
    KIND_DATE, FROM_IMPORT, "lastUpdatedDate" },
  { PROP_CREATOR_ID, "creator-id", "packageInfo.creator.id", KIND_STRING, FROM_PACKAGE, "creator.id" },
  { PROP_CREATOR_NAME, "creator-name", "packageInfo.creator.name", KIND_STRING, FROM_PACKAGE, "creator.name" },
  { PROP_IMPORTER_ID, "importer-id", "importInfo.creator.id", KIND_STRING, FROM_IMPORT, "creator.id" },
  { PROP_IMPORTER_NAME, "importer-name", "importInfo.creator.name", KIND_STRING, FROM_IMPORT, "creator.name" },
  { PROP_SOURCE_ENVIRONMENT_ID, "source-environment-id", "packageInfo.environment.id",
    KIND_STRING, FROM_PACKAGE, "environment.id" },
  { PROP_SOURCE_ENVIRONMENT_NAME, "source-environment-name", "packageInfo.environment.name",
    KIND_STRING, FROM_PACKAGE, "environment.name" },
  { PROP_TARGET_ENVIRONMENT_ID, "target-environment-id", "importInfo.environment.id",
    KIND_STRING, FROM_IMPORT, "environment.id" },
  { PROP_TARGET_ENVIRONMENT_NAME, "target-environment-name", "importInfo.environment.name",
    KIND_STRING, FROM_IMPORT, "environment.name" },
  { PROP_SOURCE_PROJECT_ID, "source-project-id", "packageInfo.project.id", KIND_STRING, FROM_PACKAGE, "project.id" },
  { PROP_SOURCE_PROJECT_NAME, "source-project-name", "packageInfo.project.name",
    KIND_STRING, FROM_PACKAGE, "project.name" },
  { PROP_TARGET_PROJECT_ID, "target-project-id", "importInfo.project.id", KIND_STRING, FROM_IMPORT, "project.id" },
  { PROP_TARGET_PROJECT_NAME, "target-project-name", "importInfo.project.name",
    KIND_STRING, FROM_IMPORT, "project.name" },
  { PROP_STORAGE_PATH, "storage-path", "packageInfo.storage.path", KIND_STRING, FROM_PACKAGE, "storage.path" },
  { PROP_STORAGE_SIZE, "storage-size", "packageInfo.storage.size in bytes, -1 when unknown",
    KIND_INT64, FROM_PACKAGE, "storage.size" },
  { PROP_UNDO_STORAGE_PATH, "undo-storage-path", "importInfo.undoStorage.path",
    KIND_STRING, FROM_IMPORT, "undoStorage.path" },
  { PROP_UNDO_STORAGE_SIZE, "undo-storage-size", "importInfo.undoStorage.size in bytes, -1 when unknown",
    KIND_INT64, FROM_IMPORT, "undoStorage.size" },
  { PROP_HAS_UNDO_PACKAGE, "has-undo-package", "The import left an undo package",
    KIND_BOOLEAN, FROM_DERIVED, NULL },
  { PROP_PACKAGE_MESSAGE, "package-message", "packageInfo.message (why creation failed)",
    KIND_STRING, FROM_PACKAGE, "message" },
  { PROP_IMPORT_MESSAGE, "import-message", "importInfo.message (why the import or undo failed)",
    KIND_STRING, FROM_IMPORT, "message" },
  { PROP_REPLICATED, "replicated", "The package was sent to a target (packageInfo.replicated)",
    KIND_BOOLEAN, FROM_DERIVED, NULL },
  { PROP_VERSION, "version", "The record's format version (\"1\" or \"2\")", KIND_STRING, FROM_TOP, "version" },
  { PROP_HAS_SOURCE_RECORD, "has-source-record", "A source's record is known",
    KIND_BOOLEAN, FROM_DERIVED, NULL },
  { PROP_HAS_TARGET_RECORD, "has-target-record", "A target's record is known",
    KIND_BOOLEAN, FROM_DERIVED, NULL },
  { PROP_BUSY, "busy", "The server is working on it (creating, importing or undoing)",
    KIND_BOOLEAN, FROM_DERIVED, NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (prop_info) == N_PROPS - 1);

struct _FerryMigration
{
  GObject     parent_instance;

  JsonObject *records[2];   /* [0] the source's, [1] the target's */
  /* Whether records[side] is our own copy (merged into) or the record as
   * it was given, shared with whoever gave it (the list's record table)
   * until a merge needs a copy: most records are applied once. */
  gboolean    owned[2];
  GValue      values[N_PROPS];
};

G_DEFINE_FINAL_TYPE (FerryMigration, ferry_migration, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const PropInfo *
info_of (guint prop)
{
  g_assert (prop > PROP_0 && prop < N_PROPS);
  g_assert (prop_info[prop - 1].prop == prop);
  return &prop_info[prop - 1];
}

static GType
gtype_of (Kind kind)
{
  switch (kind)
    {
    case KIND_STRING:
    case KIND_STATUS:
      return G_TYPE_STRING;
    case KIND_DOUBLE:
      return G_TYPE_DOUBLE;
    case KIND_INT64:
      return G_TYPE_INT64;
    case KIND_BOOLEAN:
      return G_TYPE_BOOLEAN;
    case KIND_DATE:
      return G_TYPE_DATE_TIME;
    default:
      g_assert_not_reached ();
    }
}

static void
reset_value (GValue *value,
             Kind    kind)
{
  g_value_reset (value);
  if (kind == KIND_INT64)
    g_value_set_int64 (value, -1);
}

/* ------------------------------------------------------------------------ */
/* JSON access                                                                */
/* ------------------------------------------------------------------------ */

/* The table's paths split at their dots once (class_init), not at every
 * look-up: a listing applies forty of them to each of 100 000 records. */
static char **prop_paths[N_PROPS];

/* The node at PATH (PROP's path: "member", "member.sub" or deeper) below
 * OBJECT, or NULL. Only the first level decides whether OBJECT has the
 * value at all: see lookup(). */
static JsonNode *
node_at (JsonObject *object,
         guint       prop,
         gboolean   *has_first)
{
  char **parts = prop_paths[prop];
  JsonNode *node;

  *has_first = FALSE;
  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, parts[0]);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  *has_first = TRUE;
  for (guint k = 1; parts[k] != NULL; k++)
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[k]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return NULL;
    }
  return node;
}

/* The value of a table entry: the preferred record's section first; the
 * other record only when the preferred one does not have the (first-level)
 * member at all. */
static JsonNode *
lookup (FerryMigration *self,
        const PropInfo *info)
{
  const char *section = NULL;
  guint first_side = 0;

  switch (info->from)
    {
    case FROM_TOP:
      first_side = 0;
      break;
    case FROM_PACKAGE:
      section = "packageInfo";
      first_side = 0;
      break;
    case FROM_IMPORT:
      section = "importInfo";
      first_side = 1;
      break;
    case FROM_VALIDATION:
      section = "validation";
      first_side = 1;
      break;
    case FROM_DERIVED:
    default:
      g_assert_not_reached ();
    }

  for (guint k = 0; k < 2; k++)
    {
      JsonObject *record = self->records[k == 0 ? first_side : 1 - first_side];
      JsonObject *object = section != NULL ? ferry_json_get_object (record, section) : record;
      gboolean has_first = FALSE;
      JsonNode *node = node_at (object, info->prop, &has_first);

      if (has_first)
        return node;
    }
  return NULL;
}

static const char *
node_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_number (JsonNode *node,
             double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      *out = g_ascii_strtod (text, &end);
      return end != text && *end == '\0';
    }
  else
    return FALSE;
  return TRUE;
}

static gboolean
node_boolean (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "true") == 0;
  return FALSE;
}

gboolean
ferry_migration_record_is_target (JsonObject *record)
{
  JsonObject *package;

  g_return_val_if_fail (record != NULL, FALSE);

  package = ferry_json_get_object (record, "packageInfo");
  return package != NULL && node_boolean (json_object_get_member (package, "replicated"));
}

/* ------------------------------------------------------------------------ */
/* Recomputing                                                                */
/* ------------------------------------------------------------------------ */

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_DOUBLE)
    return g_value_get_double (a) == g_value_get_double (b);
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_BOOLEAN)
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  if (type == G_TYPE_DATE_TIME)
    {
      GDateTime *x = g_value_get_boxed (a);
      GDateTime *y = g_value_get_boxed (b);

      if (x == NULL || y == NULL)
        return x == y;
      return g_date_time_equal (x, y);
    }
  g_assert_not_reached ();
}

static void
store (FerryMigration *self,
       guint           prop,
       GValue         *value)
{
  if (values_equal (&self->values[prop], value))
    return;
  g_value_copy (value, &self->values[prop]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
compute_from_json (FerryMigration *self,
                   const PropInfo *info,
                   GValue         *value)
{
  JsonNode *node = lookup (self, info);
  const char *text;
  double number;

  switch (info->kind)
    {
    case KIND_STRING:
      text = node_string (node);
      g_value_set_string (value, text);
      break;

    case KIND_STATUS:
      text = node_string (node);
      g_value_take_string (value, text != NULL ? g_ascii_strdown (text, -1) : NULL);
      break;

    case KIND_DOUBLE:
      if (node_number (node, &number))
        g_value_set_double (value, CLAMP (number, 0.0, 100.0));
      break;

    case KIND_INT64:
      if (node_number (node, &number) && number >= 0)
        g_value_set_int64 (value, (gint64) number);
      break;

    case KIND_BOOLEAN:
      g_value_set_boolean (value, node_boolean (node));
      break;

    case KIND_DATE:
      text = node_string (node);
      if (text != NULL && *text != '\0')
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
          g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, utc);

          if (date != NULL)
            g_value_set_boxed (value, date);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static const char *
string_value (FerryMigration *self,
              guint           prop)
{
  return g_value_get_string (&self->values[prop]);
}

static gboolean
status_is (const char *status,
           const char *wanted)
{
  return status != NULL && g_ascii_strcasecmp (status, wanted) == 0;
}

static void
recompute (FerryMigration *self)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);
      g_auto(GValue) value = G_VALUE_INIT;

      if (info->from == FROM_DERIVED)
        continue;
      /* The id is set at construction and never cleared. */
      if (prop == PROP_ID && lookup (self, info) == NULL)
        continue;
      g_value_init (&value, gtype_of (info->kind));
      reset_value (&value, info->kind);
      compute_from_json (self, info, &value);
      store (self, prop, &value);
    }

  /* The halves of the id when the sections do not name them. */
  if (string_value (self, PROP_ID) != NULL)
    {
      g_auto(GStrv) halves = g_strsplit (string_value (self, PROP_ID), ":", 2);

      if (halves[0] != NULL && halves[1] != NULL)
        {
          g_auto(GValue) value = G_VALUE_INIT;

          g_value_init (&value, G_TYPE_STRING);
          if (string_value (self, PROP_PACKAGE_ID) == NULL)
            {
              g_value_set_string (&value, halves[0]);
              store (self, PROP_PACKAGE_ID, &value);
            }
          if (string_value (self, PROP_IMPORT_ID) == NULL)
            {
              g_value_set_string (&value, halves[1]);
              store (self, PROP_IMPORT_ID, &value);
            }
        }
    }

  /* Derived values. */
  {
    g_auto(GValue) value = G_VALUE_INIT;
    const char *package_status = string_value (self, PROP_PACKAGE_STATUS);
    const char *import_status = string_value (self, PROP_IMPORT_STATUS);
    const char *undo_path = string_value (self, PROP_UNDO_STORAGE_PATH);
    gboolean replicated = FALSE;

    g_value_init (&value, G_TYPE_BOOLEAN);

    g_value_set_boolean (&value, undo_path != NULL && *undo_path != '\0');
    store (self, PROP_HAS_UNDO_PACKAGE, &value);

    for (guint k = 0; k < 2; k++)
      {
        JsonObject *package = ferry_json_get_object (self->records[k], "packageInfo");

        if (package != NULL && node_boolean (json_object_get_member (package, "replicated")))
          replicated = TRUE;
      }
    g_value_set_boolean (&value, replicated);
    store (self, PROP_REPLICATED, &value);

    g_value_set_boolean (&value, self->records[0] != NULL);
    store (self, PROP_HAS_SOURCE_RECORD, &value);
    g_value_set_boolean (&value, self->records[1] != NULL);
    store (self, PROP_HAS_TARGET_RECORD, &value);

    g_value_set_boolean (&value,
                         status_is (package_status, "creating") ||
                         status_is (import_status, "importing") ||
                         status_is (import_status, "undoing"));
    store (self, PROP_BUSY, &value);
  }

  g_object_thaw_notify (object);
}

/* ------------------------------------------------------------------------ */
/* Merging records                                                            */
/* ------------------------------------------------------------------------ */

static gboolean
is_section (const char *member)
{
  return g_str_equal (member, "packageInfo") ||
         g_str_equal (member, "importInfo") ||
         g_str_equal (member, "validation");
}

/* Members of UPDATE replace those of INTO; the sections (packageInfo,
 * importInfo, validation) are merged one level down, so a short record
 * (id, status, progress) keeps what a full one said before. */
static void
merge_into (JsonObject *into,
            JsonObject *update)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, update);
  while (json_object_iter_next (&iter, &member, &node))
    {
      JsonObject *existing = ferry_json_get_object (into, member);

      if (is_section (member) && existing != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter inner;
          const char *inner_member;
          JsonNode *inner_node;

          json_object_iter_init (&inner, json_node_get_object (node));
          while (json_object_iter_next (&inner, &inner_member, &inner_node))
            json_object_set_member (existing, inner_member, ferry_json_node_copy_deep (inner_node));
        }
      else
        json_object_set_member (into, member, ferry_json_node_copy_deep (node));
    }
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migration_finalize (GObject *object)
{
  FerryMigration *self = (FerryMigration *) object;

  g_clear_pointer (&self->records[0], json_object_unref);
  g_clear_pointer (&self->records[1], json_object_unref);
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    g_value_unset (&self->values[prop]);

  G_OBJECT_CLASS (ferry_migration_parent_class)->finalize (object);
}

static void
ferry_migration_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryMigration *self = FERRY_MIGRATION (object);

  if (prop_id > PROP_0 && prop_id < N_PROPS)
    g_value_copy (&self->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ferry_migration_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FerryMigration *self = FERRY_MIGRATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (&self->values[PROP_ID], g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migration_class_init (FerryMigrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_migration_finalize;
  object_class->get_property = ferry_migration_get_property;
  object_class->set_property = ferry_migration_set_property;

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

      if (prop == PROP_ID)
        flags |= G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY;
      if (info->path != NULL)
        prop_paths[prop] = g_strsplit (info->path, ".", -1);

      switch (info->kind)
        {
        case KIND_STRING:
        case KIND_STATUS:
          properties[prop] = g_param_spec_string (info->name, NULL, info->blurb, NULL, flags);
          break;
        case KIND_DOUBLE:
          properties[prop] = g_param_spec_double (info->name, NULL, info->blurb, 0.0, 100.0, 0.0, flags);
          break;
        case KIND_INT64:
          properties[prop] = g_param_spec_int64 (info->name, NULL, info->blurb, -1, G_MAXINT64, -1, flags);
          break;
        case KIND_BOOLEAN:
          properties[prop] = g_param_spec_boolean (info->name, NULL, info->blurb, FALSE, flags);
          break;
        case KIND_DATE:
          properties[prop] = g_param_spec_boxed (info->name, NULL, info->blurb, G_TYPE_DATE_TIME, flags);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_migration_init (FerryMigration *self)
{
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);

      g_value_init (&self->values[prop], gtype_of (info->kind));
      reset_value (&self->values[prop], info->kind);
    }
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * ferry_migration_new:
 * @id: the migration id ("<packageId>:<importId>")
 *
 * Returns: (transfer full): a migration with no record yet
 */
FerryMigration *
ferry_migration_new (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (FERRY_TYPE_MIGRATION, "id", id, NULL);
}

/**
 * ferry_migration_new_from_json:
 * @record: a migration record with an "id"
 * @from_target: whether the target server sent @record
 *
 * Returns: (transfer full) (nullable): the migration, or %NULL when @record
 *   has no id
 */
FerryMigration *
ferry_migration_new_from_json (JsonObject *record,
                               gboolean    from_target)
{
  FerryMigration *self;
  const char *id;

  g_return_val_if_fail (record != NULL, NULL);

  id = ferry_json_get_string (record, "id");
  if (id == NULL || *id == '\0')
    return NULL;
  self = ferry_migration_new (id);
  ferry_migration_update_from_json (self, record, from_target);
  return self;
}

gboolean
ferry_migration_update_from_json (FerryMigration *self,
                                  JsonObject     *record,
                                  gboolean        from_target)
{
  const char *id;
  guint side = from_target ? 1 : 0;

  g_return_val_if_fail (FERRY_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  id = ferry_json_get_string (record, "id");
  if (id != NULL && string_value (self, PROP_ID) != NULL &&
      g_ascii_strcasecmp (id, string_value (self, PROP_ID)) != 0)
    return FALSE;

  if (self->records[side] == record)
    ;   /* the very record applied before (shared, unchanged) */
  else if (self->records[side] == NULL)
    {
      /* Shared until a merge: the giver does not change it afterwards. */
      self->records[side] = json_object_ref (record);
      self->owned[side] = FALSE;
    }
  else
    {
      if (!self->owned[side])
        {
          JsonObject *copy = ferry_json_object_copy_deep (self->records[side]);

          json_object_unref (self->records[side]);
          self->records[side] = copy;
          self->owned[side] = TRUE;
        }
      merge_into (self->records[side], record);
    }

  recompute (self);
  return TRUE;
}

void
ferry_migration_forget_record (FerryMigration *self,
                               gboolean        from_target)
{
  guint side = from_target ? 1 : 0;

  g_return_if_fail (FERRY_IS_MIGRATION (self));

  if (self->records[side] == NULL)
    return;
  g_clear_pointer (&self->records[side], json_object_unref);
  self->owned[side] = FALSE;
  recompute (self);
}

/**
 * ferry_migration_dup_record:
 *
 * Returns: (transfer full) (nullable): a copy of the record known for one side
 */
JsonObject *
ferry_migration_dup_record (FerryMigration *self,
                            gboolean        from_target)
{
  JsonObject *record;

  g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL);

  record = self->records[from_target ? 1 : 0];
  return record != NULL ? ferry_json_object_copy_deep (record) : NULL;
}

#define STRING_GETTER(func, PROP) \
  const char * \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL); \
    return g_value_get_string (&self->values[PROP]); \
  }

#define DOUBLE_GETTER(func, PROP) \
  double \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), 0.0); \
    return g_value_get_double (&self->values[PROP]); \
  }

#define INT64_GETTER(func, PROP) \
  gint64 \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), -1); \
    return g_value_get_int64 (&self->values[PROP]); \
  }

#define BOOLEAN_GETTER(func, PROP) \
  gboolean \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), FALSE); \
    return g_value_get_boolean (&self->values[PROP]); \
  }

#define DATE_GETTER(func, PROP) \
  GDateTime * \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL); \
    return g_value_get_boxed (&self->values[PROP]); \
  }

STRING_GETTER (id, PROP_ID)
STRING_GETTER (package_id, PROP_PACKAGE_ID)
STRING_GETTER (import_id, PROP_IMPORT_ID)
STRING_GETTER (name, PROP_NAME)
STRING_GETTER (package_type, PROP_PACKAGE_TYPE)
STRING_GETTER (purpose, PROP_PURPOSE)
STRING_GETTER (package_status, PROP_PACKAGE_STATUS)
STRING_GETTER (import_status, PROP_IMPORT_STATUS)
STRING_GETTER (import_request_status, PROP_IMPORT_REQUEST_STATUS)
STRING_GETTER (undo_request_status, PROP_UNDO_REQUEST_STATUS)
STRING_GETTER (validation_status, PROP_VALIDATION_STATUS)
STRING_GETTER (validation_message, PROP_VALIDATION_MESSAGE)
DOUBLE_GETTER (validation_progress, PROP_VALIDATION_PROGRESS)
DATE_GETTER (validation_last_updated_date, PROP_VALIDATION_LAST_UPDATED_DATE)
STRING_GETTER (certification_status, PROP_CERTIFICATION_STATUS)
STRING_GETTER (certification_operator_name, PROP_CERTIFICATION_OPERATOR_NAME)
DATE_GETTER (certification_date, PROP_CERTIFICATION_DATE)
DOUBLE_GETTER (package_progress, PROP_PACKAGE_PROGRESS)
DOUBLE_GETTER (import_progress, PROP_IMPORT_PROGRESS)
DATE_GETTER (package_creation_date, PROP_PACKAGE_CREATION_DATE)
DATE_GETTER (package_last_updated_date, PROP_PACKAGE_LAST_UPDATED_DATE)
DATE_GETTER (import_creation_date, PROP_IMPORT_CREATION_DATE)
DATE_GETTER (import_last_updated_date, PROP_IMPORT_LAST_UPDATED_DATE)
STRING_GETTER (creator_name, PROP_CREATOR_NAME)
STRING_GETTER (source_environment_id, PROP_SOURCE_ENVIRONMENT_ID)
STRING_GETTER (source_environment_name, PROP_SOURCE_ENVIRONMENT_NAME)
STRING_GETTER (target_environment_id, PROP_TARGET_ENVIRONMENT_ID)
STRING_GETTER (target_environment_name, PROP_TARGET_ENVIRONMENT_NAME)
STRING_GETTER (source_project_id, PROP_SOURCE_PROJECT_ID)
STRING_GETTER (source_project_name, PROP_SOURCE_PROJECT_NAME)
STRING_GETTER (target_project_id, PROP_TARGET_PROJECT_ID)
STRING_GETTER (target_project_name, PROP_TARGET_PROJECT_NAME)
STRING_GETTER (storage_path, PROP_STORAGE_PATH)
INT64_GETTER (storage_size, PROP_STORAGE_SIZE)
STRING_GETTER (undo_storage_path, PROP_UNDO_STORAGE_PATH)
INT64_GETTER (undo_storage_size, PROP_UNDO_STORAGE_SIZE)
BOOLEAN_GETTER (has_undo_package, PROP_HAS_UNDO_PACKAGE)
STRING_GETTER (package_message, PROP_PACKAGE_MESSAGE)
STRING_GETTER (import_message, PROP_IMPORT_MESSAGE)
BOOLEAN_GETTER (replicated, PROP_REPLICATED)
BOOLEAN_GETTER (has_source_record, PROP_HAS_SOURCE_RECORD)
BOOLEAN_GETTER (has_target_record, PROP_HAS_TARGET_RECORD)
BOOLEAN_GETTER (busy, PROP_BUSY)
