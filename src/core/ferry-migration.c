/* ferry-migration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property is described once in the table below: where its value is
 * read in a record (the package side, the import side, the top level) or how
 * it is derived. Values live in a slot of 8 bytes per property (the
 * property's kind says which member); applying a record recomputes them
 * all and notifies those that changed. A GValue each was 24 bytes, 1.1 KB
 * a migration: 110 MB of fresh memory for a listing of 100,000.
 */

#define G_LOG_DOMAIN "ferry-migration"

#include "config.h"

#include <string.h>

#include "ferry-migration-private.h"

#include "ferry-json.h"
#include "ferry-memory.h"

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

/* The values a record gives: one per property read from a record (at the
 * property's index), and packageInfo.replicated. */
#define FIELD_REPLICATED N_PROPS
#define N_FIELDS         (N_PROPS + 1)

/* Read records live in blocks carved in the order they are read
 * (FerryRecordArena, one per reading thread): the record, its text and its
 * strings in one piece. A block is freed with the last record in it and
 * once its arena has moved on to the next. A listing of 100,000 records
 * made 200,000 allocations of 1-3 KB in the readers' threads, and glibc
 * grows a thread's heap a page at a time (an mprotect() each); each new
 * 4 KB page then cost a fault. Blocks grow from 64 KB to 2 MB, and those
 * of 2 MB are on huge pages (ferry-memory.h): one fault each. */
#define RECORD_BLOCK_FIRST (64 * 1024)
#define RECORD_BLOCK_MAX   (2 * 1024 * 1024)

typedef struct
{
  gatomicrefcount ref;
  gsize           mapped;   /* its size when _ferry_large_alloc() made it */
  /* The records follow, each at a multiple of 8 bytes. */
  gint64          data[];
} RecordBlock;

struct _FerryRecordArena
{
  RecordBlock *block;       /* the one records are carved from, or NULL */
  gsize        used;
  gsize        size;
  gsize        next;        /* the size of the next block */
};

static void
record_block_unref (RecordBlock *block)
{
  if (!g_atomic_ref_count_dec (&block->ref))
    return;
  if (block->mapped > 0)
    _ferry_large_free (block, block->mapped);
  else
    g_free (block);
}

FerryRecordArena *
_ferry_record_arena_new (void)
{
  FerryRecordArena *arena = g_new0 (FerryRecordArena, 1);

  arena->next = RECORD_BLOCK_FIRST;
  return arena;
}

void
_ferry_record_arena_free (FerryRecordArena *arena)
{
  if (arena == NULL)
    return;
  g_clear_pointer (&arena->block, record_block_unref);
  g_free (arena);
}

/* SIZE bytes from ARENA's block (a new one when it is full), and *BLOCK
 * (a reference) that holds them. */
static gpointer
record_arena_alloc (FerryRecordArena  *arena,
                    gsize              size,
                    RecordBlock      **block)
{
  gpointer memory;

  size = (size + sizeof (gint64) - 1) & ~(sizeof (gint64) - 1);
  if (arena->block == NULL || arena->size - arena->used < size)
    {
      gsize total = MAX (arena->next, sizeof (RecordBlock) + size);
      RecordBlock *made = total == RECORD_BLOCK_MAX ? _ferry_large_alloc (total) : NULL;

      if (made != NULL)
        made->mapped = total;
      else
        {
          made = g_malloc (total);
          made->mapped = 0;
        }
      g_atomic_ref_count_init (&made->ref);
      g_clear_pointer (&arena->block, record_block_unref);
      arena->block = made;
      arena->size = total - sizeof (RecordBlock);
      arena->used = 0;
      arena->next = MIN (arena->next * 2, RECORD_BLOCK_MAX);
    }
  memory = (char *) arena->block->data + arena->used;
  arena->used += size;
  g_atomic_ref_count_inc (&arena->block->ref);
  *block = arena->block;
  return memory;
}

/* A migration record as read: the values the properties need, taken out
 * once (from a json-glib tree, or by the listing's reader in a worker
 * thread), and the record itself: its json-glib tree, or the JSON text it
 * came as, turned into a tree only when something asks for it (a merge, a
 * copy). Immutable once made; shared between the list's tables and the
 * migrations. */
struct _FerryMigrationRecord
{
  gatomicrefcount  ref;
  gboolean         is_target;
  const char      *id;         /* in values[PROP_ID] */
  JsonObject      *object;     /* NULL until asked for, when TEXT is kept */
  char            *text;       /* then a NUL and the strings of VALUES */
  gsize            text_len;
  RecordBlock     *block;      /* a read record: the block it lives in */
  FerryRecordValue values[N_FIELDS];
};

/* A property's value, by its kind. */
typedef union
{
  char      *string;    /* KIND_STRING, KIND_STATUS: owned unless borrowed */
  double     number;    /* KIND_DOUBLE */
  gint64     integer;   /* KIND_INT64: -1 when unknown */
  gboolean   boolean;   /* KIND_BOOLEAN */
  GDateTime *date;      /* KIND_DATE: a reference, or NULL */
} Slot;

struct _FerryMigration
{
  GObject               parent_instance;

  FerryMigrationRecord *records[2];   /* [0] the source's, [1] the target's */
  Slot                  values[N_PROPS];
  /* The string values that point into a record rather than own a copy: a
   * migration made from a record (the listing makes a hundred thousand)
   * borrows its strings, and the record lives as long as they do. A later
   * change copies (replace_record() keeps the old record until then). */
  guint64               borrowed;
  /* Being made: no one can listen yet, values are set without notifying. */
  gboolean              quiet;
};

G_STATIC_ASSERT (N_PROPS <= 64);

G_DEFINE_FINAL_TYPE (FerryMigration, ferry_migration, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const PropInfo *
info_of (guint prop)
{
  g_assert (prop > PROP_0 && prop < N_PROPS);
  g_assert (prop_info[prop - 1].prop == prop);
  return &prop_info[prop - 1];
}

/* A slot as a new migration has it. */
static Slot
slot_default (Kind kind)
{
  Slot slot = { 0 };

  if (kind == KIND_INT64)
    slot.integer = -1;
  return slot;
}

/* Lets SLOT's value go (a borrowed string is not freed) and resets it. */
static void
slot_clear (Slot     *slot,
            Kind      kind,
            gboolean  borrowed)
{
  if ((kind == KIND_STRING || kind == KIND_STATUS) && !borrowed)
    g_free (slot->string);
  else if (kind == KIND_DATE && slot->date != NULL)
    g_date_time_unref (slot->date);
  *slot = slot_default (kind);
}

static gboolean
slots_equal (const Slot *a,
             const Slot *b,
             Kind        kind)
{
  switch (kind)
    {
    case KIND_STRING:
    case KIND_STATUS:
      return g_strcmp0 (a->string, b->string) == 0;
    case KIND_DOUBLE:
      return a->number == b->number;
    case KIND_INT64:
      return a->integer == b->integer;
    case KIND_BOOLEAN:
      return !a->boolean == !b->boolean;
    case KIND_DATE:
      if (a->date == NULL || b->date == NULL)
        return a->date == b->date;
      return g_date_time_equal (a->date, b->date);
    default:
      g_assert_not_reached ();
    }
}

/* ------------------------------------------------------------------------ */
/* JSON access                                                                */
/* ------------------------------------------------------------------------ */

/* Each field's path from the record's top (the section first: "packageInfo",
 * "importInfo", "validation"), split at its dots once (class_init), and the
 * index of its first level in the section: only that level decides whether
 * a record has the value at all (lookup()). */
static char **field_paths[N_FIELDS];
static guint field_first[N_FIELDS];

static const char *
section_of (From from)
{
  switch (from)
    {
    case FROM_PACKAGE:
      return "packageInfo";
    case FROM_IMPORT:
      return "importInfo";
    case FROM_VALIDATION:
      return "validation";
    case FROM_TOP:
    case FROM_DERIVED:
    default:
      return NULL;
    }
}

static void
init_field_paths (void)
{
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);
      const char *section = section_of (info->from);
      g_autofree char *path = NULL;

      if (info->from == FROM_DERIVED)
        continue;
      path = section != NULL ? g_strconcat (section, ".", info->path, NULL) : g_strdup (info->path);
      field_paths[prop] = g_strsplit (path, ".", -1);
      field_first[prop] = section != NULL ? 1 : 0;
    }
  field_paths[FIELD_REPLICATED] = g_strsplit ("packageInfo.replicated", ".", -1);
  field_first[FIELD_REPLICATED] = 1;
}

const char * const *
_ferry_migration_field_path (guint  field,
                             guint *first)
{
  g_return_val_if_fail (field < N_FIELDS, NULL);

  *first = field_first[field];
  return (const char * const *) field_paths[field];
}

guint
_ferry_migration_n_fields (void)
{
  /* The paths are made with the class. */
  g_type_class_unref (g_type_class_ref (FERRY_TYPE_MIGRATION));
  return N_FIELDS;
}

/* FIELD of RECORD (a json-glib tree): ABSENT when its first level is
 * missing or null, MISSING when that is there but the value is not (or is
 * no string, number or boolean). Strings point into RECORD. */
static void
value_from_object (JsonObject       *record,
                   guint             field,
                   FerryRecordValue *out)
{
  char **parts = field_paths[field];
  guint first = field_first[field];
  JsonObject *object = record;
  JsonNode *node = NULL;

  memset (out, 0, sizeof *out);
  for (guint k = 0; parts[k] != NULL; k++)
    {
      if (object == NULL)
        return;
      node = json_object_get_member (object, parts[k]);
      if (k < first)
        {
          object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          continue;
        }
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return;
      if (k == first)
        out->kind = FERRY_RECORD_VALUE_MISSING;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      out->kind = FERRY_RECORD_VALUE_STRING;
      out->string = json_node_get_string (node);
      break;
    case G_TYPE_INT64:
      out->kind = FERRY_RECORD_VALUE_INT;
      out->integer = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      out->kind = FERRY_RECORD_VALUE_DOUBLE;
      out->number = json_node_get_double (node);
      break;
    case G_TYPE_BOOLEAN:
      out->kind = FERRY_RECORD_VALUE_BOOLEAN;
      out->boolean = json_node_get_boolean (node);
      break;
    default:
      break;
    }
}

/* The value of a table entry: the preferred record's section first; the
 * other record only when the preferred one does not have the (first-level)
 * member at all. */
static const FerryRecordValue *
lookup (FerryMigration *self,
        const PropInfo *info)
{
  guint first_side = info->from == FROM_IMPORT || info->from == FROM_VALIDATION ? 1 : 0;

  g_assert (info->from != FROM_DERIVED);
  for (guint k = 0; k < 2; k++)
    {
      FerryMigrationRecord *record = self->records[k == 0 ? first_side : 1 - first_side];

      if (record != NULL && record->values[info->prop].kind != FERRY_RECORD_VALUE_ABSENT)
        return &record->values[info->prop];
    }
  return NULL;
}

static const char *
value_string (const FerryRecordValue *value)
{
  if (value == NULL || value->kind != FERRY_RECORD_VALUE_STRING)
    return NULL;
  return value->string;
}

static gboolean
value_number (const FerryRecordValue *value,
              double                 *out)
{
  if (value == NULL)
    return FALSE;
  switch (value->kind)
    {
    case FERRY_RECORD_VALUE_INT:
      *out = (double) value->integer;
      return TRUE;
    case FERRY_RECORD_VALUE_DOUBLE:
      *out = value->number;
      return TRUE;
    case FERRY_RECORD_VALUE_STRING:
      {
        char *end = NULL;

        *out = g_ascii_strtod (value->string, &end);
        return end != value->string && *end == '\0';
      }
    default:
      return FALSE;
    }
}

static gboolean
value_boolean (const FerryRecordValue *value)
{
  if (value == NULL)
    return FALSE;
  if (value->kind == FERRY_RECORD_VALUE_BOOLEAN)
    return value->boolean;
  if (value->kind == FERRY_RECORD_VALUE_STRING)
    return g_ascii_strcasecmp (value->string, "true") == 0;
  return FALSE;
}

gboolean
ferry_migration_record_is_target (JsonObject *record)
{
  FerryRecordValue value;

  g_return_val_if_fail (record != NULL, FALSE);

  if (field_paths[FIELD_REPLICATED] == NULL)
    g_type_class_unref (g_type_class_ref (FERRY_TYPE_MIGRATION));
  value_from_object (record, FIELD_REPLICATED, &value);
  return value_boolean (&value);
}

/* ------------------------------------------------------------------------ */
/* Recomputing                                                                */
/* ------------------------------------------------------------------------ */

/* VALUE (owned, unless BORROWED: its string points into one of the
 * records, made quietly only) becomes PROP's; the call takes it. */
static void
store (FerryMigration *self,
       guint           prop,
       Slot           *value,
       gboolean        borrowed)
{
  Kind kind = info_of (prop)->kind;
  guint64 bit = G_GUINT64_CONSTANT (1) << prop;
  gboolean was_borrowed = (self->borrowed & bit) != 0;

  if (self->quiet)
    {
      slot_clear (&self->values[prop], kind, was_borrowed);
      self->values[prop] = *value;
      *value = slot_default (kind);
      self->borrowed = borrowed ? self->borrowed | bit : self->borrowed & ~bit;
      return;
    }
  g_assert (!borrowed);
  self->borrowed &= ~bit;
  if (slots_equal (&self->values[prop], value, kind))
    {
      /* Unchanged, but it may point into a record about to go: the owned
       * copy replaces it. */
      if (was_borrowed)
        {
          self->values[prop] = *value;
          *value = slot_default (kind);
        }
      else
        slot_clear (value, kind, FALSE);
      return;
    }
  slot_clear (&self->values[prop], kind, was_borrowed);
  self->values[prop] = *value;
  *value = slot_default (kind);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* One UTC zone for every date read (g_time_zone_new_utc() takes a lock). */
static GTimeZone *
utc_zone (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());
  return utc;
}

/* N digits at *P (moved past them) as a number, or -1. */
static int
read_digits (const char **p,
             guint        n)
{
  int value = 0;

  for (guint k = 0; k < n; k++, (*p)++)
    {
      if (!g_ascii_isdigit (**p))
        return -1;
      value = value * 10 + (**p - '0');
    }
  return value;
}

/* TEXT as servers send their dates, "YYYY-MM-DDTHH:MM:SS", a fraction or
 * not, in UTC ("Z", "+0000", "+00:00" or "+00"): the date, in the shared
 * UTC zone, with the seconds as g_date_time_new_from_iso8601() counts
 * them. That function makes a time zone for each date it reads with an
 * offset (a third of the time a listing took to turn records into
 * migrations). NULL for anything else, which GLib then reads. */
static GDateTime *
parse_utc_date (const char *text)
{
  const char *p = text;
  int year, month, day, hour, minute, second;
  guint64 v, divisor = 1;

  if ((year = read_digits (&p, 4)) < 0 || *p++ != '-' ||
      (month = read_digits (&p, 2)) < 0 || *p++ != '-' ||
      (day = read_digits (&p, 2)) < 0 || *p++ != 'T' ||
      (hour = read_digits (&p, 2)) < 0 || *p++ != ':' ||
      (minute = read_digits (&p, 2)) < 0 || *p++ != ':' ||
      (second = read_digits (&p, 2)) < 0 || second >= 60)
    return NULL;
  v = (guint64) second;
  if (*p == '.' || *p == ',')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      /* (Nine digits at most: GLib's count then stays exact too.) */
      for (guint k = 0; g_ascii_isdigit (*p); k++, p++)
        {
          if (k == 9)
            return NULL;
          v = v * 10 + (guint64) (*p - '0');
          divisor *= 10;
        }
    }
  if (*p == 'Z')
    p++;
  else if ((*p == '+' || *p == '-') && p[1] == '0' && p[2] == '0')
    {
      p += 3;
      if (strcmp (p, "00") == 0 || strcmp (p, ":00") == 0)
        p += strlen (p);
    }
  else
    return NULL;
  if (*p != '\0')
    return NULL;
  return g_date_time_new (utc_zone (), year, month, day, hour, minute, (double) v / divisor);
}

static gboolean
has_ascii_upper (const char *text)
{
  for (; *text != '\0'; text++)
    if (g_ascii_isupper (*text))
      return TRUE;
  return FALSE;
}

/* FOUND as the value of INFO's kind, into VALUE (its default on entry).
 * BORROW: a string may point into the record FOUND is of (*BORROWED says
 * whether it does); otherwise it is a copy. */
static void
compute (const PropInfo         *info,
         const FerryRecordValue *found,
         gboolean                borrow,
         Slot                   *value,
         gboolean               *borrowed)
{
  const char *text;
  double number;

  *borrowed = FALSE;
  switch (info->kind)
    {
    case KIND_STRING:
      text = value_string (found);
      if (borrow && text != NULL)
        {
          value->string = (char *) text;
          *borrowed = TRUE;
        }
      else
        value->string = g_strdup (text);
      break;

    case KIND_STATUS:
      /* Lower case; borrowed as KIND_STRING when it is already (as servers
       * send them). */
      text = value_string (found);
      if (borrow && text != NULL && !has_ascii_upper (text))
        {
          value->string = (char *) text;
          *borrowed = TRUE;
        }
      else
        value->string = text != NULL ? g_ascii_strdown (text, -1) : NULL;
      break;

    case KIND_DOUBLE:
      if (value_number (found, &number))
        value->number = CLAMP (number, 0.0, 100.0);
      break;

    case KIND_INT64:
      if (value_number (found, &number) && number >= 0)
        value->integer = (gint64) number;
      break;

    case KIND_BOOLEAN:
      value->boolean = value_boolean (found);
      break;

    case KIND_DATE:
      text = value_string (found);
      if (text != NULL && *text != '\0' && (value->date = parse_utc_date (text)) == NULL)
        value->date = g_date_time_new_from_iso8601 (text, utc_zone ());
      break;

    default:
      g_assert_not_reached ();
    }
}

static const char *
string_value (FerryMigration *self,
              guint           prop)
{
  return self->values[prop].string;
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

  if (!self->quiet)
    g_object_freeze_notify (object);

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);
      Slot value = slot_default (info->kind);
      gboolean borrowed;

      if (info->from == FROM_DERIVED)
        continue;
      /* The id is set at construction and never cleared. */
      if (prop == PROP_ID && lookup (self, info) == NULL)
        continue;
      /* The id is copied: it is the list's key for the item, and a
       * borrowed value is copied again when its record goes. */
      compute (info, lookup (self, info), self->quiet && prop != PROP_ID, &value, &borrowed);
      store (self, prop, &value, borrowed);
    }

  /* The halves of the id (package:import) when the sections do not name
   * them: most records do, and nothing is split for them. */
  {
    const char *id = string_value (self, PROP_ID);
    const char *colon = id != NULL ? strchr (id, ':') : NULL;

    if (colon != NULL &&
        (string_value (self, PROP_PACKAGE_ID) == NULL || string_value (self, PROP_IMPORT_ID) == NULL))
      {
        if (string_value (self, PROP_PACKAGE_ID) == NULL)
          {
            Slot value = { .string = g_strndup (id, colon - id) };

            store (self, PROP_PACKAGE_ID, &value, FALSE);
          }
        if (string_value (self, PROP_IMPORT_ID) == NULL)
          {
            Slot value = { .string = g_strdup (colon + 1) };

            store (self, PROP_IMPORT_ID, &value, FALSE);
          }
      }
  }

  /* Derived values. */
  {
    const char *package_status = string_value (self, PROP_PACKAGE_STATUS);
    const char *import_status = string_value (self, PROP_IMPORT_STATUS);
    const char *undo_path = string_value (self, PROP_UNDO_STORAGE_PATH);
    gboolean replicated = FALSE;
    Slot value;

    value.boolean = undo_path != NULL && *undo_path != '\0';
    store (self, PROP_HAS_UNDO_PACKAGE, &value, FALSE);

    for (guint k = 0; k < 2; k++)
      if (self->records[k] != NULL && self->records[k]->is_target)
        replicated = TRUE;
    value.boolean = replicated;
    store (self, PROP_REPLICATED, &value, FALSE);

    value.boolean = self->records[0] != NULL;
    store (self, PROP_HAS_SOURCE_RECORD, &value, FALSE);
    value.boolean = self->records[1] != NULL;
    store (self, PROP_HAS_TARGET_RECORD, &value, FALSE);

    value.boolean = status_is (package_status, "creating") ||
                    status_is (import_status, "importing") ||
                    status_is (import_status, "undoing");
    store (self, PROP_BUSY, &value, FALSE);
  }

  if (!self->quiet)
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

  g_clear_pointer (&self->records[0], ferry_migration_record_unref);
  g_clear_pointer (&self->records[1], ferry_migration_record_unref);
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    slot_clear (&self->values[prop], info_of (prop)->kind,
                (self->borrowed & (G_GUINT64_CONSTANT (1) << prop)) != 0);

  G_OBJECT_CLASS (ferry_migration_parent_class)->finalize (object);
}

static void
ferry_migration_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FerryMigration *self = FERRY_MIGRATION (object);

  const Slot *slot;

  if (prop_id <= PROP_0 || prop_id >= N_PROPS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  slot = &self->values[prop_id];
  switch (info_of (prop_id)->kind)
    {
    case KIND_STRING:
    case KIND_STATUS:
      g_value_set_string (value, slot->string);
      break;
    case KIND_DOUBLE:
      g_value_set_double (value, slot->number);
      break;
    case KIND_INT64:
      g_value_set_int64 (value, slot->integer);
      break;
    case KIND_BOOLEAN:
      g_value_set_boolean (value, slot->boolean);
      break;
    case KIND_DATE:
      g_value_set_boxed (value, slot->date);
      break;
    default:
      g_assert_not_reached ();
    }
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
      slot_clear (&self->values[PROP_ID], KIND_STRING, (self->borrowed & (G_GUINT64_CONSTANT (1) << PROP_ID)) != 0);
      self->borrowed &= ~(G_GUINT64_CONSTANT (1) << PROP_ID);
      self->values[PROP_ID].string = g_value_dup_string (value);
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

  init_field_paths ();

  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    {
      const PropInfo *info = info_of (prop);
      GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

      if (prop == PROP_ID)
        flags |= G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY;

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
      self->values[prop] = slot_default (info_of (prop)->kind);
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

/* ------------------------------------------------------------------------ */
/* Records                                                                    */
/* ------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (FerryMigrationRecord, ferry_migration_record,
                     ferry_migration_record_ref, ferry_migration_record_unref)

/* RECORD (its values filled in) with its first reference, id and side. */
static FerryMigrationRecord *
record_finish (FerryMigrationRecord *record)
{
  g_atomic_ref_count_init (&record->ref);
  record->id = value_string (&record->values[PROP_ID]);
  record->is_target = value_boolean (&record->values[FIELD_REPLICATED]);
  return record;
}

static FerryMigrationRecord *
record_new_take_object (JsonObject *object)
{
  FerryMigrationRecord *record = g_new0 (FerryMigrationRecord, 1);

  record->object = object;
  for (guint field = 0; field < N_FIELDS; field++)
    if (field_paths[field] != NULL)
      value_from_object (object, field, &record->values[field]);
  return record_finish (record);
}

/**
 * ferry_migration_record_new:
 * @object: a migration record as a server sent it (its giver must not
 *   change it afterwards: it is kept, not copied)
 *
 * Returns: (transfer full): the record
 */
FerryMigrationRecord *
ferry_migration_record_new (JsonObject *object)
{
  g_return_val_if_fail (object != NULL, NULL);

  if (field_paths[FIELD_REPLICATED] == NULL)
    g_type_class_unref (g_type_class_ref (FERRY_TYPE_MIGRATION));
  return record_new_take_object (json_object_ref (object));
}

FerryMigrationRecord *
_ferry_migration_record_new_read (FerryRecordArena  *arena,
                                  gsize              size,
                                  char             **text)
{
  RecordBlock *block;
  FerryMigrationRecord *record = record_arena_alloc (arena, sizeof (FerryMigrationRecord) + size, &block);

  memset (record, 0, sizeof *record);
  record->block = block;
  record->text = (char *) (record + 1);
  *text = record->text;
  return record;
}

FerryMigrationRecord *
_ferry_migration_record_finish_read (FerryMigrationRecord   *record,
                                     gsize                   text_len,
                                     const FerryRecordValue *values)
{
  record->text_len = text_len;
  memcpy (record->values, values, sizeof record->values);
  return record_finish (record);
}

FerryMigrationRecord *
ferry_migration_record_ref (FerryMigrationRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  g_atomic_ref_count_inc (&record->ref);
  return record;
}

void
ferry_migration_record_unref (FerryMigrationRecord *record)
{
  g_return_if_fail (record != NULL);

  if (!g_atomic_ref_count_dec (&record->ref))
    return;
  g_clear_pointer (&record->object, json_object_unref);
  if (record->block != NULL)
    record_block_unref (record->block);   /* the record itself with it */
  else
    g_free (record);
}

/* The record's "id" member, or NULL when it has none (or not a string). */
const char *
ferry_migration_record_get_id (FerryMigrationRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->id;
}

/* TRUE when its packageInfo.replicated is true: the target's record. */
gboolean
ferry_migration_record_get_is_target (FerryMigrationRecord *record)
{
  g_return_val_if_fail (record != NULL, FALSE);

  return record->is_target;
}

/**
 * ferry_migration_record_get_object:
 *
 * The record as a json-glib tree, made from its text the first time it is
 * asked for (on one thread at a time: the main thread, once the record is
 * shared). Not to be changed.
 *
 * Returns: (transfer none): the record
 */
JsonObject *
ferry_migration_record_get_object (FerryMigrationRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  if (record->object == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ferry_json_parse (record->text, record->text_len, &error);

      /* The reader found the text to be an object: json-glib agrees, but
       * an object is what is promised whatever happens. */
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        record->object = json_object_ref (json_node_get_object (node));
      else
        {
          g_warning ("A migration record could not be read again: %s",
                     error != NULL ? error->message : "not an object");
          record->object = json_object_new ();
          if (record->id != NULL)
            json_object_set_string_member (record->object, "id", record->id);
        }
    }
  return record->object;
}

/* Whether A and B say the same (the same text, or equal JSON). */
gboolean
ferry_migration_record_equal (FerryMigrationRecord *a,
                              FerryMigrationRecord *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (a == b)
    return TRUE;
  if (a->text != NULL && b->text != NULL && a->text_len == b->text_len &&
      memcmp (a->text, b->text, a->text_len) == 0)
    return TRUE;
  return json_object_equal (ferry_migration_record_get_object (a), ferry_migration_record_get_object (b));
}

/**
 * ferry_migration_record_merge:
 * @known: a full or short record
 * @update: a later record of the same migration
 *
 * Returns: (transfer full): @known with @update's members over it (the
 *   sections merged one level down, as ferry_migration_update_from_json())
 */
FerryMigrationRecord *
ferry_migration_record_merge (FerryMigrationRecord *known,
                              JsonObject           *update)
{
  JsonObject *merged;

  g_return_val_if_fail (known != NULL && update != NULL, NULL);

  merged = ferry_json_object_copy_deep (ferry_migration_record_get_object (known));
  merge_into (merged, update);
  return record_new_take_object (merged);
}

/* ------------------------------------------------------------------------ */
/* Migrations from records                                                    */
/* ------------------------------------------------------------------------ */

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
  g_autoptr(FerryMigrationRecord) wrapped = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  wrapped = ferry_migration_record_new (record);
  return ferry_migration_new_from_record (wrapped, from_target);
}

/**
 * ferry_migration_new_from_record:
 * @record: a migration record
 * @from_target: whether the target server sent @record
 *
 * Returns: (transfer full) (nullable): the migration, or %NULL when @record
 *   has no id. Any thread: nothing is notified while it is made.
 */
FerryMigration *
ferry_migration_new_from_record (FerryMigrationRecord *record,
                                 gboolean              from_target)
{
  FerryMigration *self;

  g_return_val_if_fail (record != NULL, NULL);

  if (record->id == NULL || *record->id == '\0')
    return NULL;
  self = ferry_migration_new (record->id);
  self->records[from_target ? 1 : 0] = ferry_migration_record_ref (record);
  self->quiet = TRUE;
  recompute (self);
  self->quiet = FALSE;
  return self;
}

/* RECORD (transfer full, nullable) becomes SIDE's. The record it replaces
 * lives until the values are recomputed: they may borrow its strings. */
static void
replace_record (FerryMigration       *self,
                guint                 side,
                FerryMigrationRecord *record)
{
  g_autoptr(FerryMigrationRecord) old = g_steal_pointer (&self->records[side]);

  self->records[side] = record;
  recompute (self);
}

static gboolean
id_matches (FerryMigration *self,
            const char     *id)
{
  return id == NULL || string_value (self, PROP_ID) == NULL ||
         g_ascii_strcasecmp (id, string_value (self, PROP_ID)) == 0;
}

gboolean
ferry_migration_update_from_json (FerryMigration *self,
                                  JsonObject     *record,
                                  gboolean        from_target)
{
  guint side = from_target ? 1 : 0;
  FerryMigrationRecord *known;

  g_return_val_if_fail (FERRY_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!id_matches (self, ferry_json_get_string (record, "id")))
    return FALSE;

  known = self->records[side];
  if (known != NULL && known->object == record)
    recompute (self);   /* the very record applied before (shared, unchanged) */
  else if (known == NULL)
    replace_record (self, side, ferry_migration_record_new (record));
  else
    replace_record (self, side, ferry_migration_record_merge (known, record));
  return TRUE;
}

/**
 * ferry_migration_set_record:
 * @record: the whole record known of one side now
 * @from_target: whether the target server keeps @record
 *
 * Makes @record the one known for that side (not merged: it is what the
 * side's server says, whole). Returns FALSE (and changes nothing) when
 * @record carries another migration id.
 */
gboolean
ferry_migration_set_record (FerryMigration       *self,
                            FerryMigrationRecord *record,
                            gboolean              from_target)
{
  guint side = from_target ? 1 : 0;

  g_return_val_if_fail (FERRY_IS_MIGRATION (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!id_matches (self, record->id))
    return FALSE;
  if (self->records[side] == record)
    return TRUE;
  replace_record (self, side, ferry_migration_record_ref (record));
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
  replace_record (self, side, NULL);
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
  FerryMigrationRecord *record;

  g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL);

  record = self->records[from_target ? 1 : 0];
  return record != NULL ? ferry_json_object_copy_deep (ferry_migration_record_get_object (record)) : NULL;
}

/* The record known for one side (borrowed), or NULL. */
FerryMigrationRecord *
ferry_migration_get_record (FerryMigration *self,
                            gboolean        from_target)
{
  g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL);

  return self->records[from_target ? 1 : 0];
}

#define STRING_GETTER(func, PROP) \
  const char * \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL); \
    return self->values[PROP].string; \
  }

#define DOUBLE_GETTER(func, PROP) \
  double \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), 0.0); \
    return self->values[PROP].number; \
  }

#define INT64_GETTER(func, PROP) \
  gint64 \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), -1); \
    return self->values[PROP].integer; \
  }

#define BOOLEAN_GETTER(func, PROP) \
  gboolean \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), FALSE); \
    return self->values[PROP].boolean; \
  }

#define DATE_GETTER(func, PROP) \
  GDateTime * \
  ferry_migration_get_##func (FerryMigration *self) \
  { \
    g_return_val_if_fail (FERRY_IS_MIGRATION (self), NULL); \
    return self->values[PROP].date; \
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
