/* ferry-migration-read-private.h: between ferry-migration-read.c and the
 * C++ file that speaks to simdjson
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-migration-private.h"
#include "ferry-migration-read.h"

G_BEGIN_DECLS

/* More than FerryMigration has fields (checked). */
#define FERRY_MIGRATION_MAX_FIELDS 64

struct _FerryMigrationPage
{
  GPtrArray *records;      /* FerryMigrationRecord */
  GPtrArray *migrations;   /* FerryMigration or NULL, one per record */
  gint64     total;
  gboolean   by_json_glib;  /* simdjson refused it, json-glib read it */
};

typedef enum
{
  FERRY_MIGRATION_READ_OK,
  FERRY_MIGRATION_READ_NOT_JSON,    /* MESSAGE says why */
  FERRY_MIGRATION_READ_TOO_DEEP,
  FERRY_MIGRATION_READ_NO_LIST,     /* JSON, but not an object */
} FerryMigrationReadResult;

/* What the reader reads, given by the C side (the C++ library is linked
 * after the core and calls nothing in it): each field's path and first
 * level (_ferry_migration_field_path()), and ADD, called with each record
 * read: TEXT (the record's JSON, a NUL, then the strings of VALUES, in one
 * block) is taken, VALUES (FERRY_MIGRATION_MAX_FIELDS) copied. */
typedef struct
{
  const char * const *paths[FERRY_MIGRATION_MAX_FIELDS];
  guint               firsts[FERRY_MIGRATION_MAX_FIELDS];
  guint               n_fields;
  /* A record with SIZE bytes at *TEXT, then the record filled in. */
  FerryMigrationRecord *(*record_new) (FerryMigrationPage *page,
                                       gsize               size,
                                       char              **text);
  void              (*add) (FerryMigrationPage     *page,
                            FerryMigrationRecord   *record,
                            gsize                   text_len,
                            const FerryRecordValue *values);
} FerryMigrationFields;

/* Fills PAGE (empty) from DATA. *MESSAGE: a static English text for
 * NOT_JSON. */
FerryMigrationReadResult _ferry_migration_page_read (FerryMigrationPage          *page,
                                                     const char                  *data,
                                                     gsize                        len,
                                                     guint                        max_depth,
                                                     const FerryMigrationFields  *fields,
                                                     const char                 **message);

G_END_DECLS
