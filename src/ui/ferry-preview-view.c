/* ferry-preview-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preview-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-preview-view.h"
#include "ferry-preview-rows.h"

/* Above this many rows, filtering and sorting go by steps. */
#define INCREMENTAL_ROWS 2000

/* How the rows enter the table (FerryPreviewRows). GTK 4.8's list views
 * keep a row widget for up to 200 items around their anchor, however tall
 * the view (GTK_LIST_VIEW_MAX_LIST_ITEMS, and 2 more above and below), and
 * measure each of them in every layout: handed a result in one
 * items-changed, the column view would create, bind, style and measure
 * some two hundred rows of nine cells in one frame. So the first
 * REVEAL_WIDGET_ROWS rows go in slices, one per frame; each slice is sized
 * so that our part of its frame (the tick that adds it, then styles and
 * layout) takes REVEAL_BUDGET_US, or as long as the last frame's paint when
 * painting is slower (software GL paints a frame in a tenth of a second
 * and more: there the rows go in two or three frames, not in a hundred).
 * Rows past those get no widget: they all go in ONE items-changed, which
 * costs the list bookkeeping only. */
#define REVEAL_WIDGET_ROWS 208
#define REVEAL_FIRST_SLICE 4
#define REVEAL_MIN_SLICE   4
#define REVEAL_MAX_GROWTH  8       /* a slice is at most this many times the last */
#define REVEAL_BUDGET_US   8000

#define N_BUTTONS (FERRY_PREVIEW_N_OUTCOMES + 1)   /* All, then each outcome */

/* The columns, in the template (not in this order). */
typedef enum
{
  COLUMN_OUTCOME,
  COLUMN_NAME,
  COLUMN_PATH,
  COLUMN_TYPE,
  COLUMN_SOURCE_VERSION,
  COLUMN_SOURCE_MODIFIED,
  COLUMN_TARGET_VERSION,
  COLUMN_TARGET_MODIFIED,
  COLUMN_RULE,
  N_COLUMNS
} Column;

static const char * const column_ids[N_COLUMNS] = {
  [COLUMN_OUTCOME] = "outcome_column",
  [COLUMN_NAME] = "name_column",
  [COLUMN_PATH] = "path_column",
  [COLUMN_TYPE] = "type_column",
  [COLUMN_SOURCE_VERSION] = "source_version_column",
  [COLUMN_SOURCE_MODIFIED] = "source_modified_column",
  [COLUMN_TARGET_VERSION] = "target_version_column",
  [COLUMN_TARGET_MODIFIED] = "target_modified_column",
  [COLUMN_RULE] = "rule_column",
};

struct _FerryPreviewView
{
  AdwBin              parent_instance;

  /* template widgets */
  GtkFlowBox         *count_box;
  GtkWidget          *failure_box;
  GtkLabel           *failure_label;
  GtkWidget          *undo_box;
  GtkImage           *undo_icon;
  GtkLabel           *undo_label;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkLabel           *loading_label;
  GtkProgressBar     *loading_bar;
  AdwStatusPage      *error_page;
  GtkStack           *table_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *columns[N_COLUMNS];   /* by Column */
  AdwStatusPage      *no_rows_page;
  GtkLabel           *why_label;

  /* owned */
  FerryPreviewResult *result;
  GtkToggleButton    *buttons[N_BUTTONS];
  GtkLabel           *button_labels[N_BUTTONS];
  GListStore         *empty_items;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  FerryPreviewRows   *rows;
  GtkSingleSelection *selection;
  guint               reveal_tick_id;
  guint               reveal_slice;
  GdkFrameClock      *reveal_clock;       /* the column view's, watched: */
  gulong              reveal_layout_id;   /*   its layout is done */
  gulong              reveal_paint_id;    /*   its frame is painted */
  gint64              reveal_tick_us;     /* when the last slice went in */
  gint64              reveal_layout_us;   /* its frame: tick to layout done */
  gint64              reveal_paint_us;    /* its frame: layout done to painted */
  int                 filter_outcome;
  guint               pulse_id;
};

G_DEFINE_FINAL_TYPE (FerryPreviewView, ferry_preview_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RESULT,
  PROP_FILTER,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- Cells --------------------------------------------------------------------- */

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) date = NULL;

  if (ms < 0)
    return NULL;
  date = g_date_time_new_from_unix_local (ms / 1000);
  /* Translators: a date and time in a list column, short; see g_date_time_format() */
  return date ? g_date_time_format (date, _("%Y-%m-%d %H:%M")) : NULL;
}

/* The first 8 digits, as a short commit id is shown (the whole in the tooltip). */
static char *
short_version (const char *version)
{
  if (version == NULL)
    return NULL;
  return g_strndup (version, 8);
}

/* The last folders of PATH that fit in MAX_CHARS, whole: "…\Metrics\HR
 * Metrics", never "… bjects\Metrics" (the whole path in the tooltip). */
static char *
short_path (const char *path,
            guint       max_chars)
{
  g_auto(GStrv) parts = NULL;
  GString *tail;

  if (path == NULL)
    return NULL;
  if (g_utf8_strlen (path, -1) <= (glong) max_chars)
    return g_strdup (path);
  parts = g_strsplit (path, "\\", -1);
  tail = g_string_new (NULL);
  /* From the last folder back, while it fits ("…" counts one); the last
   * one always. */
  for (guint i = g_strv_length (parts); i > 0; i--)
    {
      const char *part = parts[i - 1];

      if (*part == '\0')
        continue;
      if (tail->len > 0 && g_utf8_strlen (tail->str, -1) + g_utf8_strlen (part, -1) + 2 > (glong) max_chars)
        break;
      g_string_prepend (tail, part);
      g_string_prepend_c (tail, '\\');
    }
  g_string_prepend (tail, "…");
  return g_string_free (tail, FALSE);
}

/* The tooltip of ITEM's cell in COLUMN, or NULL. */
static const char *
cell_tooltip (FerryPreviewItem *item,
              Column            column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return ferry_preview_item_get_id (item);
    case COLUMN_PATH:
      return ferry_preview_item_get_path (item);
    case COLUMN_SOURCE_VERSION:
    case COLUMN_SOURCE_MODIFIED:
      return ferry_preview_item_get_source_version (item);
    case COLUMN_TARGET_VERSION:
    case COLUMN_TARGET_MODIFIED:
      return ferry_preview_item_get_target_version (item);
    case COLUMN_RULE:
    case COLUMN_OUTCOME:
      return ferry_preview_item_get_explanation (item);
    case COLUMN_TYPE:
    case N_COLUMNS:
    default:
      return NULL;
    }
}

/* Cells ask for their tooltip when it is about to show: setting one on
 * every bind costs GTK 4.8 a round trip to the X server (it looks where
 * the pointer is), a millisecond and more per cell while rows appear. */
static gboolean
cell_query_tooltip_cb (GtkWidget   *widget,
                       int          x,
                       int          y,
                       gboolean     keyboard,
                       GtkTooltip  *tooltip,
                       GtkListItem *list_item)
{
  FerryPreviewItem *item = gtk_list_item_get_item (list_item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (widget), "ferry-column"));
  const char *text = item != NULL ? cell_tooltip (item, column) : NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_add_tooltip (GtkWidget   *cell,
                  GtkListItem *list_item,
                  Column       column)
{
  g_object_set_data (G_OBJECT (cell), "ferry-column", GINT_TO_POINTER (column));
  gtk_widget_set_has_tooltip (cell, TRUE);
  /* The cell lives inside the list item: no need to disconnect. */
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), list_item);
}

/* The column of FACTORY (each column has its own factory in the template). */
static Column
factory_column (FerryPreviewView   *self,
                GtkListItemFactory *factory)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (gtk_column_view_column_get_factory (self->columns[i]) == factory)
      return i;
  g_return_val_if_reached (COLUMN_NAME);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  Column column = factory_column (user_data, GTK_LIST_ITEM_FACTORY (factory));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* The folder is shortened by whole names (short_path()); what still
   * does not fit is cut at the end, never inside a word at the start. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_SOURCE_VERSION || column == COLUMN_TARGET_VERSION ||
      column == COLUMN_SOURCE_MODIFIED || column == COLUMN_TARGET_MODIFIED)
    gtk_widget_add_css_class (label, "numeric");
  if (column == COLUMN_PATH || column == COLUMN_TYPE)
    gtk_widget_add_css_class (label, "dim-label");
  cell_add_tooltip (label, list_item, column);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  Column column = factory_column (user_data, GTK_LIST_ITEM_FACTORY (factory));
  FerryPreviewItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  g_autofree char *owned = NULL;
  const char *text = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      text = ferry_preview_item_get_name (item);
      break;
    case COLUMN_PATH:
      text = owned = short_path (ferry_preview_item_get_path (item), 22);
      break;
    case COLUMN_TYPE:
      text = ferry_preview_item_get_type_name (item);
      break;
    case COLUMN_SOURCE_VERSION:
      text = owned = short_version (ferry_preview_item_get_source_version (item));
      break;
    case COLUMN_TARGET_VERSION:
      text = owned = short_version (ferry_preview_item_get_target_version (item));
      if (text == NULL)
        text = C_("target version", "absent");
      break;
    case COLUMN_SOURCE_MODIFIED:
      text = owned = format_time (ferry_preview_item_get_source_modified (item));
      break;
    case COLUMN_TARGET_MODIFIED:
      text = owned = format_time (ferry_preview_item_get_target_modified (item));
      break;
    case COLUMN_RULE:
      text = ferry_preview_item_get_rule (item);
      break;
    case COLUMN_OUTCOME:
    case N_COLUMNS:
    default:
      break;
    }

  gtk_label_set_label (label, text ? text : "");
}

static void
setup_outcome_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "outcome-badge");
  cell_add_tooltip (box, list_item, COLUMN_OUTCOME);
  gtk_list_item_set_child (list_item, box);
}

static const char * const outcome_classes[FERRY_PREVIEW_N_OUTCOMES] = {
  "outcome-create", "outcome-replace", "outcome-keep", "outcome-duplicate",
  "outcome-skip", "outcome-delete", "outcome-fail",
};

static void
bind_outcome_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  FerryPreviewItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  FerryOutcome outcome = ferry_preview_item_get_outcome (item);

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), ferry_outcome_get_icon_name (outcome));
  gtk_label_set_label (GTK_LABEL (label), ferry_outcome_get_label (outcome));
  for (guint i = 0; i < FERRY_PREVIEW_N_OUTCOMES; i++)
    gtk_widget_remove_css_class (box, outcome_classes[i]);
  gtk_widget_add_css_class (box, outcome_classes[outcome]);
}

/* The outcome and time columns sort with compare functions, set here; the
 * others with the property expressions of the template. Closure
 * expressions (a libffi call and GValues for each item compared) would
 * make sorting the ten thousand rows of bench/preview.c slower. */

static int
compare_outcomes (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  FerryOutcome oa = ferry_preview_item_get_outcome ((FerryPreviewItem *) a);
  FerryOutcome ob = ferry_preview_item_get_outcome ((FerryPreviewItem *) b);

  return oa < ob ? -1 : oa > ob;
}

static int
compare_times (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gboolean target = GPOINTER_TO_INT (user_data);
  gint64 ta = target ? ferry_preview_item_get_target_modified ((FerryPreviewItem *) a)
                     : ferry_preview_item_get_source_modified ((FerryPreviewItem *) a);
  gint64 tb = target ? ferry_preview_item_get_target_modified ((FerryPreviewItem *) b)
                     : ferry_preview_item_get_source_modified ((FerryPreviewItem *) b);

  return ta < tb ? -1 : ta > tb;
}

static void
set_custom_sorter (GtkColumnViewColumn *column,
                   GCompareDataFunc     compare,
                   gpointer             user_data)
{
  g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare, user_data, NULL);

  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* --- Filtering and counts ------------------------------------------------------ */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FerryPreviewView *self = user_data;

  return self->filter_outcome == FERRY_PREVIEW_FILTER_ALL ||
         (int) ferry_preview_item_get_outcome (item) == self->filter_outcome;
}

static int
button_filter (guint index)
{
  return index == 0 ? FERRY_PREVIEW_FILTER_ALL : (int) index - 1;
}

/* "All" filters nothing: no filter at all, so that the items pass at once
 * (an incremental filter would hand them over 512 at a time, each step a
 * change the sort model must take in). */
static void
apply_filter (FerryPreviewView *self)
{
  if (self->filter_outcome == FERRY_PREVIEW_FILTER_ALL)
    {
      /* (GTK 4.8 warns when an incremental filter model loses its filter) */
      gtk_filter_list_model_set_incremental (self->filtered, FALSE);
      gtk_filter_list_model_set_filter (self->filtered, NULL);
      return;
    }
  gtk_filter_list_model_set_incremental (self->filtered,
                                         self->result != NULL &&
                                         ferry_preview_result_get_n_items (self->result) > INCREMENTAL_ROWS);
  if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* --- Revealing the rows --------------------------------------------------------- */

static void
reveal_laid_out_cb (FerryPreviewView *self)
{
  if (self->reveal_tick_us != 0 && self->reveal_layout_us == 0)
    self->reveal_layout_us = MAX (g_get_monotonic_time () - self->reveal_tick_us, 1);
}

static void
reveal_painted_cb (FerryPreviewView *self)
{
  if (self->reveal_layout_us != 0 && self->reveal_paint_us == 0)
    self->reveal_paint_us = MAX (g_get_monotonic_time () - self->reveal_tick_us - self->reveal_layout_us, 1);
}

/* Whether our handlers are still on the watched clock: a frame clock
 * drops every handler when it is disposed (its window destroyed before
 * us), GTK's own tick handler among them. */
static gboolean
reveal_clock_alive (FerryPreviewView *self)
{
  return self->reveal_clock != NULL && self->reveal_paint_id != 0 &&
         g_signal_handler_is_connected (self->reveal_clock, self->reveal_paint_id);
}

static void
reveal_unwatch_clock (FerryPreviewView *self)
{
  if (reveal_clock_alive (self))
    {
      g_signal_handler_disconnect (self->reveal_clock, self->reveal_paint_id);
      if (g_signal_handler_is_connected (self->reveal_clock, self->reveal_layout_id))
        g_signal_handler_disconnect (self->reveal_clock, self->reveal_layout_id);
    }
  self->reveal_paint_id = 0;
  self->reveal_layout_id = 0;
  g_clear_object (&self->reveal_clock);
}

static void
reveal_watch_clock (FerryPreviewView *self,
                    GdkFrameClock    *clock)
{
  if (clock == self->reveal_clock && (clock == NULL || reveal_clock_alive (self)))
    return;
  reveal_unwatch_clock (self);
  if (clock == NULL)
    return;
  self->reveal_clock = g_object_ref (clock);
  /* After GTK's own layout handlers (styles, sizes, allocation). */
  self->reveal_layout_id = g_signal_connect_object (clock, "layout", G_CALLBACK (reveal_laid_out_cb), self,
                                                    G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->reveal_paint_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (reveal_painted_cb), self,
                                                   G_CONNECT_SWAPPED);
}

static void
reveal_stop (FerryPreviewView *self)
{
  /* Removing the last tick callback disconnects GTK's handler from the
   * frame clock: when that clock is gone already (disposed with its
   * window), so is the handler, and GTK would warn "no handler with id";
   * the callback goes with the widget then. Unrealized, GTK holds no
   * handler (nor a clock) and removing is safe. */
  if (self->reveal_tick_id != 0 && self->column_view != NULL &&
      (gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view)) == NULL ||
       (gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view)) == self->reveal_clock &&
        reveal_clock_alive (self))))
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->column_view), self->reveal_tick_id);
  self->reveal_tick_id = 0;
  reveal_unwatch_clock (self);
  self->reveal_tick_us = 0;
  self->reveal_layout_us = 0;
  self->reveal_paint_us = 0;
}

/* The next slice, by how long the last one's frame took (none yet: the
 * first slice). */
static void
reveal_size_slice (FerryPreviewView *self)
{
  gint64 budget;
  double next;

  if (self->reveal_tick_us == 0 || self->reveal_layout_us == 0)
    return;
  budget = MAX (REVEAL_BUDGET_US, self->reveal_paint_us);
  next = (double) self->reveal_slice * budget / self->reveal_layout_us;
  next = CLAMP (next, self->reveal_slice / 2.0, (double) self->reveal_slice * REVEAL_MAX_GROWTH);
  self->reveal_slice = (guint) CLAMP (next, REVEAL_MIN_SLICE, REVEAL_WIDGET_ROWS);
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  FerryPreviewView *self = user_data;
  guint shown;

  /* Sorted first (its steps go to no row while nothing is shown). */
  if (gtk_filter_list_model_get_pending (self->filtered) > 0 ||
      gtk_sort_list_model_get_pending (self->sorted) > 0)
    return G_SOURCE_CONTINUE;
  if (ferry_preview_rows_get_pending (self->rows) == 0)
    {
      self->reveal_tick_id = 0;   /* removed by returning */
      reveal_stop (self);
      return G_SOURCE_REMOVE;
    }

  reveal_watch_clock (self, clock);
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  /* Past the rows that get widgets: all the rest at once. */
  if (shown >= REVEAL_WIDGET_ROWS)
    {
      ferry_preview_rows_reveal (self->rows, G_MAXUINT);
      self->reveal_tick_id = 0;   /* removed by returning */
      reveal_stop (self);
      return G_SOURCE_REMOVE;
    }
  reveal_size_slice (self);
  self->reveal_tick_us = g_get_monotonic_time ();
  self->reveal_layout_us = 0;
  self->reveal_paint_us = 0;
  ferry_preview_rows_reveal (self->rows, MIN (self->reveal_slice, REVEAL_WIDGET_ROWS - shown));
  return G_SOURCE_CONTINUE;
}

/* Rows wait (a new result, a filter, or the underlying model changed past
 * the shown rows): reveal them from the next frame on. */
static void
rows_pending_cb (FerryPreviewView *self)
{
  if (self->reveal_tick_id != 0 || ferry_preview_rows_get_pending (self->rows) == 0)
    return;
  reveal_watch_clock (self, gtk_widget_get_frame_clock (GTK_WIDGET (self->column_view)));
  self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), reveal_tick_cb, self, NULL);
}

static void
update_no_rows (FerryPreviewView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  /* Still filtering (a large result): not empty yet. */
  if (shown > 0 || self->result == NULL || gtk_filter_list_model_get_pending (self->filtered) > 0)
    {
      gtk_stack_set_visible_child_name (self->table_stack, "rows");
      return;
    }
  if (ferry_preview_result_get_n_items (self->result) == 0)
    {
      adw_status_page_set_title (self->no_rows_page, _("Nothing to Migrate"));
      adw_status_page_set_description (self->no_rows_page, _("The migration touches no object"));
    }
  else
    {
      adw_status_page_set_title (self->no_rows_page, _("No Objects"));
      adw_status_page_set_description (self->no_rows_page, _("No object has this outcome"));
    }
  gtk_stack_set_visible_child_name (self->table_stack, "no-rows");
}

static void
update_buttons (FerryPreviewView *self)
{
  for (guint i = 0; i < N_BUTTONS; i++)
    {
      int filter = button_filter (i);
      guint count = 0;
      g_autofree char *text = NULL;
      g_autofree char *accessible = NULL;
      const char *word;

      if (self->result != NULL)
        count = filter == FERRY_PREVIEW_FILTER_ALL ? ferry_preview_result_get_n_items (self->result)
                                                   : ferry_preview_result_get_count (self->result, filter);
      word = filter == FERRY_PREVIEW_FILTER_ALL ? C_("outcome filter", "All") : ferry_outcome_get_label (filter);
      text = g_strdup_printf ("%s %u", word, count);
      gtk_label_set_label (self->button_labels[i], text);
      accessible = g_strdup_printf (ngettext ("%s: %u object", "%s: %u objects", count), word, count);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->buttons[i]), accessible);
      /* An empty outcome cannot be shown, unless it is the one shown; it
       * takes no room either ("Fail 0" alone on a second line says nothing). */
      gtk_widget_set_sensitive (GTK_WIDGET (self->buttons[i]),
                                self->result != NULL && (count > 0 || filter == self->filter_outcome ||
                                                         filter == FERRY_PREVIEW_FILTER_ALL));
      if (gtk_widget_get_parent (GTK_WIDGET (self->buttons[i])) != NULL)
        gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->buttons[i])),
                                count > 0 || filter == self->filter_outcome || filter == FERRY_PREVIEW_FILTER_ALL);
      gtk_toggle_button_set_active (self->buttons[i], filter == self->filter_outcome);
    }
}

static void
button_toggled_cb (GtkToggleButton  *button,
                   FerryPreviewView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (gtk_toggle_button_get_active (button))
    ferry_preview_view_set_filter (self, button_filter (index));
}

static void
update_why (FerryPreviewView *self)
{
  FerryPreviewItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (item == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->why_label), FALSE);
      gtk_label_set_label (self->why_label, "");
      return;
    }
  {
    /* Translators: the selected object and why it has its outcome */
    g_autofree char *text = g_strdup_printf (_("%s: %s"), ferry_preview_item_get_name (item),
                                             ferry_preview_item_get_explanation (item));

    gtk_label_set_label (self->why_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->why_label), TRUE);
  }
}

static void
set_state (FerryPreviewView *self,
           const char       *state)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), state) == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
  if (!g_str_equal (state, "loading"))
    g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* --- API ---------------------------------------------------------------------- */

void
ferry_preview_view_set_result (FerryPreviewView   *self,
                               FerryPreviewResult *result)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));
  g_return_if_fail (result == NULL || FERRY_IS_PREVIEW_RESULT (result));

  if (!g_set_object (&self->result, result))
    {
      if (result != NULL)
        set_state (self, "table");
      return;
    }

  /* Filtering and sorting many thousand rows at once holds the main loop
   * for a tenth of a second and more: large results go a slice per frame
   * (small ones at once, so the rows are there when set_result returns). */
  {
    gboolean large = result != NULL && ferry_preview_result_get_n_items (result) > INCREMENTAL_ROWS;

    gtk_sort_list_model_set_incremental (self->sorted, large);
  }
  self->filter_outcome = FERRY_PREVIEW_FILTER_ALL;
  /* The shown rows go at once; the new ones come once sorted, the first
   * of them a slice per frame (see REVEAL_WIDGET_ROWS). */
  ferry_preview_rows_set_model (self->rows, NULL);
  self->reveal_slice = REVEAL_FIRST_SLICE;
  self->reveal_tick_us = 0;
  gtk_filter_list_model_set_model (self->filtered,
                                   result ? ferry_preview_result_get_items (result)
                                          : G_LIST_MODEL (self->empty_items));
  apply_filter (self);
  ferry_preview_rows_set_model (self->rows, G_LIST_MODEL (self->sorted));
  update_buttons (self);
  gtk_widget_set_visible (GTK_WIDGET (self->count_box), result != NULL);

  if (result != NULL)
    {
      const char *failure = ferry_preview_result_get_failure (result);
      gboolean undo = ferry_preview_result_get_undo_possible (result);

      gtk_widget_set_visible (self->failure_box, failure != NULL);
      gtk_label_set_label (self->failure_label, failure ? failure : "");
      gtk_widget_set_visible (self->undo_box, TRUE);
      gtk_image_set_from_icon_name (self->undo_icon, undo ? "edit-undo-symbolic" : "dialog-warning-symbolic");
      gtk_label_set_label (self->undo_label,
                           undo ? _("Undo will be possible: the target keeps an undo package of this migration")
                                : _("Undo will not be available for this migration (“Keep both” is chosen)"));
      if (undo)
        gtk_widget_remove_css_class (self->undo_box, "preview-no-undo");
      else
        gtk_widget_add_css_class (self->undo_box, "preview-no-undo");
      update_no_rows (self);
      set_state (self, "table");
    }
  else
    {
      gtk_widget_set_visible (self->failure_box, FALSE);
      gtk_widget_set_visible (self->undo_box, FALSE);
    }
  update_why (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

FerryPreviewResult *
ferry_preview_view_get_result (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), NULL);
  return self->result;
}

void
ferry_preview_view_show_empty (FerryPreviewView *self)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));

  ferry_preview_view_set_result (self, NULL);
  set_state (self, "empty");
}

static gboolean
pulse_cb (gpointer data)
{
  FerryPreviewView *self = data;

  gtk_progress_bar_pulse (self->loading_bar);
  return G_SOURCE_CONTINUE;
}

void
ferry_preview_view_show_loading (FerryPreviewView *self,
                                 const char       *message,
                                 double            fraction)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") != 0)
    ferry_preview_view_set_result (self, NULL);
  gtk_label_set_label (self->loading_label, message ? message : _("Reading both projects…"));
  set_state (self, "loading");
  if (fraction < 0)
    {
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (150, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->loading_bar, CLAMP (fraction, 0.0, 1.0));
    }
}

void
ferry_preview_view_show_error (FerryPreviewView *self,
                               const GError     *error)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));
  g_return_if_fail (error != NULL);

  ferry_preview_view_set_result (self, NULL);
  adw_status_page_set_description (self->error_page, error->message);
  set_state (self, "error");
}

const char *
ferry_preview_view_get_state (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

int
ferry_preview_view_get_filter (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), FERRY_PREVIEW_FILTER_ALL);
  return self->filter_outcome;
}

void
ferry_preview_view_set_filter (FerryPreviewView *self,
                               int               filter)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));
  g_return_if_fail (filter >= FERRY_PREVIEW_FILTER_ALL && filter < FERRY_PREVIEW_N_OUTCOMES);

  if (self->filter_outcome == filter)
    return;
  self->filter_outcome = filter;
  self->reveal_slice = REVEAL_FIRST_SLICE;
  self->reveal_tick_us = 0;
  apply_filter (self);
  update_buttons (self);
  update_no_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

GListModel *
ferry_preview_view_get_rows (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/**
 * ferry_preview_view_get_n_pending:
 *
 * Returns: how many rows of the result (as filtered) are not in
 * ferry_preview_view_get_rows() yet: still being filtered or sorted, or
 * waiting for their slice (one per frame while the view is mapped).
 */
guint
ferry_preview_view_get_n_pending (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), 0);

  return gtk_filter_list_model_get_pending (self->filtered) + ferry_preview_rows_get_pending (self->rows);
}

GtkToggleButton *
ferry_preview_view_get_count_button (FerryPreviewView *self,
                                     int               filter)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), NULL);
  g_return_val_if_fail (filter >= FERRY_PREVIEW_FILTER_ALL && filter < FERRY_PREVIEW_N_OUTCOMES, NULL);
  return self->buttons[filter + 1];
}

void
ferry_preview_view_select_row (FerryPreviewView *self,
                               guint             position)
{
  g_return_if_fail (FERRY_IS_PREVIEW_VIEW (self));
  gtk_single_selection_set_selected (self->selection, position);
}

const char *
ferry_preview_view_get_explanation (FerryPreviewView *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_VIEW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->why_label)) ? gtk_label_get_label (self->why_label) : NULL;
}

/* --- GObject ------------------------------------------------------------------ */

static void
items_changed_cb (FerryPreviewView *self)
{
  update_no_rows (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_RETRY], 0);
}

static void
ferry_preview_view_dispose (GObject *object)
{
  FerryPreviewView *self = FERRY_PREVIEW_VIEW (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  reveal_stop (self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  if (self->rows != NULL)
    g_signal_handlers_disconnect_by_data (self->rows, self);
  g_clear_object (&self->rows);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->empty_items);
  g_clear_object (&self->result);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_PREVIEW_VIEW);

  G_OBJECT_CLASS (ferry_preview_view_parent_class)->dispose (object);
}

static void
ferry_preview_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryPreviewView *self = FERRY_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;
    case PROP_FILTER:
      g_value_set_int (value, self->filter_outcome);
      break;
    case PROP_STATE:
      g_value_set_string (value, ferry_preview_view_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryPreviewView *self = FERRY_PREVIEW_VIEW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      ferry_preview_view_set_result (self, g_value_get_object (value));
      break;
    case PROP_FILTER:
      ferry_preview_view_set_filter (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_view_class_init (FerryPreviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_preview_view_dispose;
  object_class->get_property = ferry_preview_view_get_property;
  object_class->set_property = ferry_preview_view_set_property;

  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL, FERRY_TYPE_PREVIEW_RESULT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL, FERRY_PREVIEW_FILTER_ALL, FERRY_PREVIEW_N_OUTCOMES - 1,
                      FERRY_PREVIEW_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, "empty", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-preview-view.ui");
  gtk_widget_class_set_css_name (widget_class, "ferry-preview-view");
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, count_box);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, failure_box);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, failure_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, undo_box);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, undo_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, undo_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, loading_label);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, table_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, no_rows_page);
  gtk_widget_class_bind_template_child (widget_class, FerryPreviewView, why_label);

  /* The columns, declared in the template before the model is set (GTK 4.8
   * leaves the cells of a column added later empty). */
  g_type_ensure (FERRY_TYPE_PREVIEW_ITEM);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (FerryPreviewView, columns) +
                                               i * sizeof (GtkColumnViewColumn *));
  gtk_widget_class_bind_template_callback (widget_class, setup_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_outcome_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_outcome_cb);

  gtk_widget_class_install_action (widget_class, "preview.retry", NULL, retry_action);
}

static void
ferry_preview_view_init (FerryPreviewView *self)
{
  GtkToggleButton *group = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter_outcome = FERRY_PREVIEW_FILTER_ALL;

  /* The count buttons: All, then each outcome. */
  for (guint i = 0; i < N_BUTTONS; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *label = gtk_label_new (NULL);
      int filter = button_filter (i);

      if (filter != FERRY_PREVIEW_FILTER_ALL)
        {
          gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (ferry_outcome_get_icon_name (filter)));
          gtk_widget_add_css_class (button, outcome_classes[filter]);
        }
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "count-button");
      gtk_widget_add_css_class (button, "pill");
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", G_CALLBACK (button_toggled_cb), self);
      gtk_flow_box_append (self->count_box, button);
      self->buttons[i] = GTK_TOGGLE_BUTTON (button);
      self->button_labels[i] = GTK_LABEL (label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->count_box), FALSE);

  set_custom_sorter (self->columns[COLUMN_OUTCOME], compare_outcomes, NULL);
  set_custom_sorter (self->columns[COLUMN_SOURCE_MODIFIED], compare_times, GINT_TO_POINTER (FALSE));
  set_custom_sorter (self->columns[COLUMN_TARGET_MODIFIED], compare_times, GINT_TO_POINTER (TRUE));

  self->empty_items = g_list_store_new (FERRY_TYPE_PREVIEW_ITEM);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->empty_items)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->rows = ferry_preview_rows_new (G_LIST_MODEL (self->sorted));
  self->reveal_slice = REVEAL_FIRST_SLICE;
  self->reveal_tick_us = 0;
  g_signal_connect_swapped (self->rows, "notify::pending", G_CALLBACK (rows_pending_cb), self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (update_why), self);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect_swapped (self->filtered, "notify::pending", G_CALLBACK (items_changed_cb), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* By outcome first: what changes comes before what is skipped. */
  gtk_column_view_sort_by_column (self->column_view, self->columns[COLUMN_OUTCOME], GTK_SORT_ASCENDING);
}

GtkWidget *
ferry_preview_view_new (void)
{
  return g_object_new (FERRY_TYPE_PREVIEW_VIEW, NULL);
}
