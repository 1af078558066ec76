/* ferry-migration-private.h: between FerryMigration and the listing's
 * reader (ferry-migration-read-simdjson.cpp)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-migration.h"

G_BEGIN_DECLS

/* What a record says at one path. */
typedef enum
{
  FERRY_RECORD_VALUE_ABSENT = 0, /* the first level (in its section) is missing or null */
  FERRY_RECORD_VALUE_MISSING,    /* that is there, the value is not (or is no scalar) */
  FERRY_RECORD_VALUE_STRING,
  FERRY_RECORD_VALUE_INT,
  FERRY_RECORD_VALUE_DOUBLE,
  FERRY_RECORD_VALUE_BOOLEAN,
} FerryRecordValueKind;

typedef struct
{
  guint8 kind;       /* FerryRecordValueKind */
  guint8 boolean;
  union
  {
    const char *string;
    gint64      integer;
    double      number;
  };
} FerryRecordValue;

/* The values a record is read for: N_FIELDS paths; a field's path is
 * NULL for the properties not read from records. *FIRST: the index of the
 * level that decides whether the record has the value at all. */
guint                 _ferry_migration_n_fields        (void);
const char * const   *_ferry_migration_field_path      (guint             field,
                                                        guint            *first);

/* Where the listing's reader puts the records it reads, one arena a
 * thread (ferry-migration.c says how). */
typedef struct _FerryRecordArena FerryRecordArena;

FerryRecordArena     *_ferry_record_arena_new          (void);
void                  _ferry_record_arena_free         (FerryRecordArena *arena);

/* A record read by the listing's reader, in two steps: made in ARENA with
 * SIZE bytes at *TEXT for its JSON, a NUL and the strings of its values;
 * then finished with the JSON's length and VALUES (N_FIELDS of them,
 * copied; their strings in *TEXT). */
FerryMigrationRecord *_ferry_migration_record_new_read (FerryRecordArena       *arena,
                                                        gsize                   size,
                                                        char                  **text);
FerryMigrationRecord *_ferry_migration_record_finish_read (FerryMigrationRecord   *record,
                                                           gsize                   text_len,
                                                           const FerryRecordValue *values);

/* Calls NOTIFY (DATA) in a worker thread, later (nothing if DATA is NULL):
 * for what holds a hundred thousand small blocks and nothing on the main
 * thread uses any more (ferry-migration-list.c). */
void                  _ferry_free_in_thread            (gpointer          data,
                                                        GDestroyNotify    notify);

/* A GDestroyNotify for arrays of migrations that may hold NULL (taken
 * out with g_steal_pointer()). */
static inline void
_ferry_object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

G_END_DECLS
