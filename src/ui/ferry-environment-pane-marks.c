/* ferry-environment-pane-marks.c: the compare marks of the rows and the differences-only filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-environment-pane-private.h"

/* --- compare marks ------------------------------------------------------- */

/* Objects get the mark of their state; folders with differences below them
 * the count and the worst one's icon, from the comparison (core), so a
 * folder not expanded yet is marked too. */

typedef struct
{
  const char *label;
  const char *icon_name;
  const char *css_class;
  const char *tooltip;
} Mark;

enum {
  MARK_ONLY_HERE,
  MARK_ONLY_THERE,
  MARK_IDENTICAL,
  MARK_NEWER_HERE,
  MARK_OLDER_HERE,
  MARK_DIFFERS,
  MARK_MOVED,
};

static const Mark marks[] = {
  [MARK_ONLY_HERE] = { N_("Only here"), "list-add-symbolic", "accent",
                       N_("Only in this environment") },
  [MARK_ONLY_THERE] = { N_("Only there"), "list-remove-symbolic", "error",
                        N_("Only in the other environment") },
  [MARK_IDENTICAL] = { N_("Identical"), "emblem-ok-symbolic", "success",
                       N_("The same version in both environments") },
  [MARK_NEWER_HERE] = { N_("Newer here"), "go-up-symbolic", "warning",
                        N_("Another version in the other environment; this copy was modified later") },
  [MARK_OLDER_HERE] = { N_("Older here"), "go-down-symbolic", "warning",
                        N_("Another version in the other environment; that copy was modified later") },
  [MARK_DIFFERS] = { N_("Differs"), "view-dual-symbolic", "warning",
                     N_("Another version in the other environment, modified at the same time") },
  [MARK_MOVED] = { N_("Moved"), "go-jump-symbolic", "accent",
                   N_("The same version, in another folder in the other environment") },
};

FerryInventory *
_ferry_environment_pane_this_inventory (FerryEnvironmentPane *self)
{
  if (self->compare_result == NULL)
    return NULL;
  return self->side == FERRY_PANE_SIDE_SOURCE ? ferry_compare_result_get_source (self->compare_result)
                                              : ferry_compare_result_get_target (self->compare_result);
}

/* The mark of STATE as this side sees it (for folders: the worst state
 * below, so no equal-time "Differs"). */
static const Mark *
state_mark (FerryEnvironmentPane *self,
            FerryDiffState        state)
{
  gboolean here_source = self->side == FERRY_PANE_SIDE_SOURCE;

  switch (state)
    {
    case FERRY_DIFF_STATE_ONLY_IN_SOURCE:
      return &marks[here_source ? MARK_ONLY_HERE : MARK_ONLY_THERE];
    case FERRY_DIFF_STATE_ONLY_IN_TARGET:
      return &marks[here_source ? MARK_ONLY_THERE : MARK_ONLY_HERE];
    case FERRY_DIFF_STATE_IDENTICAL:
      return &marks[MARK_IDENTICAL];
    case FERRY_DIFF_STATE_MOVED:
      return &marks[MARK_MOVED];
    case FERRY_DIFF_STATE_NEWER_IN_SOURCE:
      return &marks[here_source ? MARK_NEWER_HERE : MARK_OLDER_HERE];
    case FERRY_DIFF_STATE_NEWER_IN_TARGET:
    default:
      return &marks[here_source ? MARK_OLDER_HERE : MARK_NEWER_HERE];
    }
}

/* "2 newer here, 1 only here": the states below a folder, worst first. */
static char *
describe_folder_differences (FerryEnvironmentPane         *self,
                             const FerryFolderDifferences *differences)
{
  static const FerryDiffState order[] = {
    FERRY_DIFF_STATE_NEWER_IN_TARGET, FERRY_DIFF_STATE_NEWER_IN_SOURCE,
    FERRY_DIFF_STATE_ONLY_IN_TARGET, FERRY_DIFF_STATE_ONLY_IN_SOURCE,
    FERRY_DIFF_STATE_MOVED,
  };
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autofree char *list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      guint n = differences->counts[order[i]];
      g_autofree char *word = NULL;
      g_autofree char *part = NULL;

      if (n == 0)
        continue;
      word = g_utf8_strdown (_(state_mark (self, order[i])->label), -1);
      /* Translators: one part of a folder's tooltip: a count and a mark, "2 newer here" */
      part = g_strdup_printf (_("%u %s"), n, word);
      g_strv_builder_add (parts, part);
    }
  strv = g_strv_builder_end (parts);
  list = g_strjoinv (", ", strv);

  /* Translators: the tooltip of a folder's mark: "3 objects in this folder differ: 2 newer here, 1 only here" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u object in this folder differs: %s",
                                       "%u objects in this folder differ: %s",
                                       differences->n_differences),
                          differences->n_differences, list);
}

void
_ferry_environment_pane_apply_mark (FerryEnvironmentPane *self,
                                    FerryObjectRow       *row)
{
  const FerryCompareEntry *entry = NULL;
  const FerryFolderDifferences *differences = NULL;
  gboolean folder = ferry_object_row_is_folder (row);
  const Mark *mark = NULL;

  if (self->compare_result != NULL)
    {
      entry = ferry_compare_result_lookup (self->compare_result, ferry_object_row_get_id (row));
      if (folder)
        differences = ferry_compare_result_get_folder_differences (self->compare_result,
                                                                   self->side == FERRY_PANE_SIDE_SOURCE
                                                                     ? FERRY_COMPARE_SIDE_SOURCE
                                                                     : FERRY_COMPARE_SIDE_TARGET,
                                                                   ferry_object_row_get_id (row));
    }

  ferry_object_row_set_diff (row, entry != NULL ? (int) entry->state : -1, differences != NULL);

  /* A folder with differences below: how many, with the worst one's icon
   * (a folder only on one side says so first: everything in it is too). */
  if (differences != NULL &&
      (entry == NULL ||
       (entry->state != FERRY_DIFF_STATE_ONLY_IN_SOURCE && entry->state != FERRY_DIFF_STATE_ONLY_IN_TARGET)))
    {
      const Mark *worst = state_mark (self, differences->worst);
      /* Translators: the mark of a folder with objects below it that differ: "3 differ" */
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u differs", "%u differ",
                                                             differences->n_differences),
                                                differences->n_differences);
      g_autofree char *tooltip = describe_folder_differences (self, differences);

      ferry_object_row_set_mark (row, label, worst->icon_name, worst->css_class, tooltip);
      return;
    }

  if (entry == NULL)
    {
      ferry_object_row_set_mark (row, NULL, NULL, NULL, NULL);
      return;
    }

  switch (entry->state)
    {
    case FERRY_DIFF_STATE_IDENTICAL:
      /* Folders get no mark of their own unless they differ. */
      mark = folder ? NULL : &marks[MARK_IDENTICAL];
      break;
    case FERRY_DIFF_STATE_NEWER_IN_SOURCE:
    case FERRY_DIFF_STATE_NEWER_IN_TARGET:
      {
        const FerryInventoryItem *source = ferry_compare_result_get_source_item (self->compare_result, entry);
        const FerryInventoryItem *target = ferry_compare_result_get_target_item (self->compare_result, entry);

        if (source != NULL && target != NULL && source->modified_ms == target->modified_ms)
          mark = &marks[MARK_DIFFERS];
        else
          mark = state_mark (self, entry->state);
      }
      break;
    default:
      mark = state_mark (self, entry->state);
      break;
    }

  if (mark == NULL)
    {
      ferry_object_row_set_mark (row, NULL, NULL, NULL, NULL);
    }
  else if (entry->moved && entry->state != FERRY_DIFF_STATE_MOVED)
    {
      /* Translators: a compare mark for an object that differs and also
       * moved to another folder, e.g. "Newer here · moved" */
      g_autofree char *label = g_strdup_printf (_("%s · moved"), _(mark->label));
      /* Translators: the tooltip of a mark, then this sentence */
      g_autofree char *tooltip = g_strdup_printf (_("%s. It is in another folder there."), _(mark->tooltip));

      ferry_object_row_set_mark (row, label, mark->icon_name, mark->css_class, tooltip);
    }
  else
    {
      ferry_object_row_set_mark (row, _(mark->label), mark->icon_name, mark->css_class, _(mark->tooltip));
    }
}

gboolean
_ferry_environment_pane_filter_func (gpointer item,
             gpointer user_data)
{
  FerryEnvironmentPane *self = user_data;
  g_autoptr(FerryObjectRow) row = NULL;
  int state;

  if (!self->differences_only || self->compare_result == NULL)
    return TRUE;

  row = gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item));
  state = ferry_object_row_get_diff_state (row);
  if (ferry_object_row_is_folder (row))
    return (state >= 0 && state != FERRY_DIFF_STATE_IDENTICAL) ||
           ferry_object_row_get_differences_below (row);
  /* Objects the comparison does not know stay: nothing says they match. */
  return state != FERRY_DIFF_STATE_IDENTICAL;
}


/* --- the columns that fit ------------------------------------------------ */

/* Nothing of a row is cut: rather than squeeze a column to "…" (or push
 * it off to the right), the pane shows the optional columns that fit
 * beside a readable name, by priority: after a comparison the Status
 * always, then Modified, Version, Owner, Type. What a hidden column would
 * show is in the Details (and the tooltips). The widths are what the
 * cells ask with Adwaita's padding, plus room for the name: a name of
 * some 28 characters three folders down. So in a 1,100 px window the
 * compared trees show Name and Status side by side (Modified, Version
 * and Owner too once the details stack them, or in a wider window), and
 * nothing is cut or pushed off to the right. */
enum {
  COLUMN_TYPE     = 1 << 0,
  COLUMN_STATUS   = 1 << 1,
  COLUMN_MODIFIED = 1 << 2,
  COLUMN_VERSION  = 1 << 3,
  COLUMN_OWNER    = 1 << 4,
};

#define NAME_WIDTH 310

static const struct
{
  guint column;
  int   width;
} optional_columns[] = {
  { COLUMN_MODIFIED, 100 },
  { COLUMN_VERSION,   85 },
  { COLUMN_OWNER,    110 },
  { COLUMN_TYPE,     160 },
};

/* "Older here · moved" with its icon */
#define STATUS_WIDTH 170

static void
apply_columns (FerryEnvironmentPane *self)
{
  guint columns = self->columns_wanted;

  self->columns_shown = columns;
  gtk_column_view_column_set_visible (self->type_column, (columns & COLUMN_TYPE) != 0);
  gtk_column_view_column_set_visible (self->status_column, (columns & COLUMN_STATUS) != 0);
  gtk_column_view_column_set_visible (self->modified_column, (columns & COLUMN_MODIFIED) != 0);
  gtk_column_view_column_set_visible (self->version_column, (columns & COLUMN_VERSION) != 0);
  gtk_column_view_column_set_visible (self->owner_column, (columns & COLUMN_OWNER) != 0);
}

static gboolean
apply_columns_cb (gpointer user_data)
{
  FerryEnvironmentPane *self = user_data;

  self->columns_idle = 0;
  apply_columns (self);
  return G_SOURCE_REMOVE;
}

void
_ferry_environment_pane_fit_columns (FerryEnvironmentPane *self,
                                     int                   width,
                                     gboolean              now)
{
  int room = width - NAME_WIDTH;
  guint columns = 0;

  if (width <= 0)
    width = NAME_WIDTH;   /* not allocated yet: the Status at least */

  if (self->compare_result != NULL)
    {
      columns |= COLUMN_STATUS;
      room -= STATUS_WIDTH;
    }
  for (guint i = 0; i < G_N_ELEMENTS (optional_columns); i++)
    if (optional_columns[i].width <= room)
      {
        columns |= optional_columns[i].column;
        room -= optional_columns[i].width;
      }

  self->columns_wanted = columns;
  if (now)
    {
      g_clear_handle_id (&self->columns_idle, g_source_remove);
      apply_columns (self);
      return;
    }
  if (columns == self->columns_shown || self->columns_idle != 0)
    return;
  /* After this allocation, not during it; before the next frame. */
  self->columns_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_columns_cb, self, NULL);
}

void
_ferry_environment_pane_clear_columns (FerryEnvironmentPane *self)
{
  g_clear_handle_id (&self->columns_idle, g_source_remove);
}
