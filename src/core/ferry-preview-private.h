/* ferry-preview-private.h: shared by ferry-preview, -item and -result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The computation (ferry-preview.c) fills FerryPreviewItem and
 * FerryPreviewResult (ferry-preview-item.c, ferry-preview-result.c) in
 * place.
 */

#pragma once

#include "ferry-preview.h"

G_BEGIN_DECLS

struct _FerryPreviewItem
{
  GObject              parent_instance;

  char                *id;
  char                *name;
  char                *path;
  char                *type_name;
  int                  type;
  int                  subtype;
  FerryPreviewOrigin   origin;
  char                *source_version;
  gint64               source_modified;
  char                *target_version;
  gint64               target_modified;
  FerryTargetState     state;
  FerryRuleKind        rule_kind;
  FerryConflictAction  action;
  FerryOutcome         outcome;
  char                *rule;
  char                *explanation;
};

struct _FerryPreviewResult
{
  GObject     parent_instance;

  GListStore *items;
  GHashTable *by_id;        /* upper-case id (owned) → FerryPreviewItem (borrowed) */
  guint       counts[FERRY_PREVIEW_N_OUTCOMES];
  gboolean    undo_possible;
  char       *failure;
  guint       n_source_objects;
  guint       n_target_objects;
};

/* "Metric", or "Type 42" for a type Ferry has no name for (new). */
char *_ferry_preview_type_name_for  (int                 type,
                                     int                 subtype);
/* The counts and the failure sentence again, from the items. */
void  _ferry_preview_result_recount (FerryPreviewResult *self);

G_END_DECLS
