/* ferry-environment-pane-marks.c: the compare marks of the rows and the differences-only filter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-environment-pane-private.h"

/* --- compare marks ------------------------------------------------------- */

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

void
_ferry_environment_pane_apply_mark (FerryEnvironmentPane *self,
            FerryObjectRow       *row)
{
  const FerryCompareEntry *entry = NULL;
  gboolean folder = ferry_object_row_is_folder (row);
  gboolean below = FALSE;
  gboolean here_source = self->side == FERRY_PANE_SIDE_SOURCE;
  const Mark *mark = NULL;

  if (self->compare_result != NULL)
    {
      entry = ferry_compare_result_lookup (self->compare_result, ferry_object_row_get_id (row));
      below = folder && g_hash_table_contains (self->folders_with_differences, ferry_object_row_get_id (row));
    }

  if (entry == NULL)
    {
      ferry_object_row_set_diff (row, -1, below);
      ferry_object_row_set_mark (row, NULL, NULL, NULL, NULL);
      return;
    }

  ferry_object_row_set_diff (row, entry->state, below);

  switch (entry->state)
    {
    case FERRY_DIFF_STATE_ONLY_IN_SOURCE:
      mark = &marks[here_source ? MARK_ONLY_HERE : MARK_ONLY_THERE];
      break;
    case FERRY_DIFF_STATE_ONLY_IN_TARGET:
      mark = &marks[here_source ? MARK_ONLY_THERE : MARK_ONLY_HERE];
      break;
    case FERRY_DIFF_STATE_IDENTICAL:
      /* Folders get no mark of their own unless they differ. */
      mark = folder ? NULL : &marks[MARK_IDENTICAL];
      break;
    case FERRY_DIFF_STATE_MOVED:
      mark = &marks[MARK_MOVED];
      break;
    case FERRY_DIFF_STATE_NEWER_IN_SOURCE:
    case FERRY_DIFF_STATE_NEWER_IN_TARGET:
      {
        const FerryInventoryItem *source = ferry_compare_result_get_source_item (self->compare_result, entry);
        const FerryInventoryItem *target = ferry_compare_result_get_target_item (self->compare_result, entry);
        gboolean newer_here = (entry->state == FERRY_DIFF_STATE_NEWER_IN_SOURCE) == here_source;

        if (source != NULL && target != NULL && source->modified_ms == target->modified_ms)
          mark = &marks[MARK_DIFFERS];
        else
          mark = &marks[newer_here ? MARK_NEWER_HERE : MARK_OLDER_HERE];
      }
      break;
    default:
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

/* The folders of this side with a non-identical object somewhere below:
 * each difference's folder chain, walked once (a chain stops at the first
 * folder already known). */
void
_ferry_environment_pane_compute_differences (FerryEnvironmentPane *self)
{
  FerryInventory *inventory = _ferry_environment_pane_this_inventory (self);
  FerryCompareResult *result = self->compare_result;

  g_hash_table_remove_all (self->folders_with_differences);
  if (result == NULL)
    return;

  for (guint i = 0; i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *entry = ferry_compare_result_get_entry (result, i);
      const FerryInventoryItem *item;
      const char *parent_id;

      if (entry->state == FERRY_DIFF_STATE_IDENTICAL)
        continue;
      item = self->side == FERRY_PANE_SIDE_SOURCE ? ferry_compare_result_get_source_item (result, entry)
                                                  : ferry_compare_result_get_target_item (result, entry);
      if (item == NULL)
        continue;

      parent_id = item->parent_id;
      while (parent_id != NULL && !g_hash_table_contains (self->folders_with_differences, parent_id))
        {
          const FerryInventoryItem *parent;

          g_hash_table_add (self->folders_with_differences, (gpointer) parent_id);
          parent = ferry_inventory_find (inventory, parent_id);
          if (parent == NULL)
            break;
          parent_id = parent->parent_id;
        }
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

