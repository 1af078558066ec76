/* ferry-compare-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-compare-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-compare-view.h"
#include "ferry-narrow.h"

#define N_SIDES 2
/* Below this width of the panes' area the panes are stacked: each then
 * keeps the whole width for its columns. The details (320 px) take that
 * much from a 1,100 px window: while they are open they show both copies
 * side by side, and the trees stand one above the other. */
#define NARROW_WIDTH 800

typedef struct _CompareRun CompareRun;

typedef struct
{
  char                  *name;
  guint64                done;
  guint64                total;
  gboolean               finished;
} RunSide;

struct _CompareRun
{
  gatomicrefcount   ref;
  FerryCompareView *view;           /* strong; the run is cancelled in dispose */
  GCancellable     *cancellable;
  RunSide           sides[N_SIDES];
  gint64            started_us;
};

struct _FerryCompareView
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkWidget            *content;
  AdwFlap              *flap;
  GtkPaned             *paned;
  FerryDetailsView     *details_view;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkRevealer          *progress_revealer;
  GtkInscription       *progress_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *summary_revealer;
  GtkButton            *count_buttons[FERRY_COMPARE_N_COUNTS];
  AdwButtonContent     *count_contents[FERRY_COMPARE_N_COUNTS];
  GtkWidget            *compare_button;
  GtkWidget            *differences_button;

  /* owned */
  FerryEnvironmentPane *panes[N_SIDES];
  GListModel           *environments;
  FerryEnvironment     *environments_watched[N_SIDES];
  FerryCompareStatus    status;
  FerryCompareResult   *result;
  CompareRun           *run;
  char                 *progress_text;
  gboolean              differences_only;
  gboolean              show_details;
  FerryNarrow           narrow;        /* the panes one above the other */
  gboolean              can_compare;
  gboolean              focus_compare_pending;

  /* the count button being walked, or -1, and where the walk goes on */
  int                   active_count;
  guint                 walk_position;

  /* the pane the user selected in last: the details show its selection */
  guint                 focus_side;
};

G_DEFINE_FINAL_TYPE (FerryCompareView, ferry_compare_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENVIRONMENTS,
  PROP_STATUS,
  PROP_CAN_COMPARE,
  PROP_COMPARE_RESULT,
  PROP_DIFFERENCES_ONLY,
  PROP_SHOW_DETAILS,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_details (FerryCompareView *self);
static gboolean focus_is_ours (FerryCompareView *self);
static void focus_compare_button (FerryCompareView *self);

/* --- small helpers ------------------------------------------------------- */

/* "18 000": digits grouped by three with a narrow no-break space, as the
 * design writes counts whatever the locale. */
static char *
format_count (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *text = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (text, "\u202F");
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static const char *
pane_environment_name (FerryEnvironmentPane *pane)
{
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

  return environment != NULL ? ferry_environment_get_name (environment) : NULL;
}

static FerryConnection *
pane_connection (FerryEnvironmentPane *pane)
{
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);
  FerryConnection *connection = ferry_environment_pane_get_connection (pane);

  if (connection == NULL && environment != NULL)
    connection = ferry_environment_get_connection (environment);

  return connection;
}

static gboolean
pane_ready (FerryEnvironmentPane *pane)
{
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);
  FerryConnection *connection = pane_connection (pane);

  return environment != NULL &&
         connection != NULL &&
         ferry_connection_get_state (connection) == FERRY_CONNECTION_STATE_CONNECTED &&
         ferry_environment_pane_get_project_id (pane) != NULL;
}

static void
set_status (FerryCompareView   *self,
            FerryCompareStatus  status)
{
  gboolean busy = status == FERRY_COMPARE_STATUS_READING || status == FERRY_COMPARE_STATUS_COMPARING;

  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  gtk_revealer_set_reveal_child (self->error_revealer, status == FERRY_COMPARE_STATUS_FAILED);
  gtk_revealer_set_reveal_child (self->summary_revealer, status == FERRY_COMPARE_STATUS_DONE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.cancel", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run", self->can_compare);

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_progress_text (FerryCompareView *self,
                   char             *text)   /* transfer full */
{
  g_free (self->progress_text);
  self->progress_text = text;
  gtk_inscription_set_text (self->progress_label, text);
}

/* --- the comparison run ---------------------------------------------------- */

static CompareRun *
compare_run_ref (CompareRun *run)
{
  g_atomic_ref_count_inc (&run->ref);
  return run;
}

static void
compare_run_unref (CompareRun *run)
{
  if (!g_atomic_ref_count_dec (&run->ref))
    return;

  for (guint i = 0; i < N_SIDES; i++)
    {
      g_free (run->sides[i].name);
    }
  g_clear_object (&run->cancellable);
  g_clear_object (&run->view);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CompareRun, compare_run_unref)

/* Whether RUN still matters (not cancelled, not replaced). */
static gboolean
run_is_current (CompareRun *run)
{
  return !g_cancellable_is_cancelled (run->cancellable) && run->view->run == run;
}

static void
update_progress (FerryCompareView *self)
{
  CompareRun *run = self->run;
  guint64 done = 0;
  guint64 total = 0;
  gboolean totals_known = TRUE;
  const char *reading[N_SIDES];
  guint n_reading = 0;
  g_autofree char *done_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *names = NULL;

  if (run == NULL)
    return;

  for (guint i = 0; i < N_SIDES; i++)
    {
      RunSide *side = &run->sides[i];

      done += side->done;
      total += side->total;
      if (side->total == 0)
        totals_known = FALSE;
      if (!side->finished)
        reading[n_reading++] = side->name;
    }

  done_text = format_count (done);
  total_text = format_count (total);

  if (n_reading == 2)
    /* Translators: "Development and Production" in "Reading Development and Production… 3 000 of 9 000" */
    names = g_strdup_printf (_("%s and %s"), reading[0], reading[1]);
  else if (n_reading == 1)
    names = g_strdup (reading[0]);

  if (names == NULL)
    set_progress_text (self, g_strdup (_("Comparing…")));
  else if (totals_known)
    /* Translators: "Reading Development… 3 000 of 9 000" */
    set_progress_text (self, g_strdup_printf (_("Reading %s… %s of %s"), names, done_text, total_text));
  else
    /* Translators: "Reading Development… 3 000", before the total is known */
    set_progress_text (self, g_strdup_printf (_("Reading %s… %s"), names, done_text));

  if (totals_known && total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, 0.9 * (double) done / (double) total);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
}

static void
fail_run (CompareRun   *run,
          const GError *error,
          const char   *environment_name)
{
  FerryCompareView *self = run->view;
  g_autofree char *description = ferry_api_error_describe (error);
  g_autofree char *text = NULL;

  g_cancellable_cancel (run->cancellable);

  if (environment_name != NULL)
    /* Translators: "Could not read Development: <the server's message>" */
    text = g_strdup_printf (_("Could not read %s: %s"), environment_name, description);
  else
    /* Translators: "Could not compare: <why>" */
    text = g_strdup_printf (_("Could not compare: %s"), description);

  g_debug ("Comparison failed: %s", text);
  gtk_label_set_label (self->error_label, text);
  g_clear_pointer (&self->run, compare_run_unref);
  set_progress_text (self, NULL);
  set_status (self, FERRY_COMPARE_STATUS_FAILED);
}

static void
set_result (FerryCompareView   *self,
            FerryCompareResult *result)
{
  if (self->result == result)
    return;

  g_clear_pointer (&self->result, ferry_compare_result_unref);
  if (result != NULL)
    self->result = ferry_compare_result_ref (result);

  for (guint i = 0; i < N_SIDES; i++)
    {
      ferry_environment_pane_set_compare_result (self->panes[i], result);
      ferry_environment_pane_set_differences_only (self->panes[i], self->differences_only);
    }

  self->active_count = -1;
  self->walk_position = 0;

  /* The counts. */
  if (result != NULL)
    {
      const char *source = pane_environment_name (self->panes[FERRY_PANE_SIDE_SOURCE]);
      const char *target = pane_environment_name (self->panes[FERRY_PANE_SIDE_TARGET]);

      for (guint c = 0; c < FERRY_COMPARE_N_COUNTS; c++)
        {
          guint n = ferry_compare_view_get_count (self, c);
          g_autofree char *count = format_count (n);
          g_autofree char *label = NULL;
          g_autofree char *tooltip = NULL;

          /* Each count is a "go to the next one" button: the tooltip says
           * what pressing it does. */
          switch ((FerryCompareCount) c)
            {
            case FERRY_COMPARE_COUNT_IDENTICAL:
              /* Translators: a count in the summary bar: "412 identical" */
              label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s identical", "%s identical", n), count);
              tooltip = g_strdup (_("Go to the next identical object (same version in the same folder on both sides); shows identical objects again"));
              break;

            case FERRY_COMPARE_COUNT_DIFFER:
              {
                g_autofree char *newer_source = format_count (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_NEWER_IN_SOURCE));
                g_autofree char *newer_target = format_count (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_NEWER_IN_TARGET));

                /* Translators: a count in the summary bar: "17 differ" */
                label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s differs", "%s differ", n), count);
                /* Translators: "Go to the next object that differs (8 newer in Development, 4 newer in Production)" */
                tooltip = g_strdup_printf (_("Go to the next object that differs (%s newer in %s, %s newer in %s)"),
                                           newer_source, source, newer_target, target);
              }
              break;

            case FERRY_COMPARE_COUNT_ONLY_IN_SOURCE:
              /* Translators: a count in the summary bar: "9 only in Development" */
              label = g_strdup_printf (_("%s only in %s"), count, source);
              /* Translators: "Go to the next object that only Development has" */
              tooltip = g_strdup_printf (_("Go to the next object that only %s has"), source);
              break;

            case FERRY_COMPARE_COUNT_ONLY_IN_TARGET:
              label = g_strdup_printf (_("%s only in %s"), count, target);
              tooltip = g_strdup_printf (_("Go to the next object that only %s has"), target);
              break;

            case FERRY_COMPARE_COUNT_MOVED:
            default:
              /* Translators: a count in the summary bar: "1 moved" */
              label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s moved", "%s moved", n), count);
              tooltip = g_strdup (_("Go to the next object in another folder on the other side (same version)"));
              break;
            }

          adw_button_content_set_label (self->count_contents[c], label);
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_buttons[c]), tooltip);
          gtk_widget_set_sensitive (GTK_WIDGET (self->count_buttons[c]), n > 0);
          gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_buttons[c]),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                          GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                          -1);
          /* Named by that label alone, not by it and its content's label too. */
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->count_buttons[c]),
                                         GTK_ACCESSIBLE_RELATION_LABELLED_BY);
        }
    }

  /* Nothing to filter before a comparison. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.differences-only", result != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_RESULT]);
  update_details (self);
}

/* Whether moving the keyboard focus takes nothing from the user: the page
 * shows, and the focus is nowhere, on this page or in the window's header
 * (the page switcher, where GTK puts it first), but not where the user
 * types (an entry) or in a popover. A comparison that ends while the user
 * works on another page (e.g. after a migration) leaves the focus alone. */
static gboolean
focus_is_ours (FerryCompareView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return FALSE;
  if (focus == NULL || !gtk_widget_get_mapped (focus))
    return TRUE;
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (GTK_IS_EDITABLE (widget) || GTK_IS_POPOVER (widget))
      return FALSE;
  return TRUE;
}

/* After a comparison both trees open to their first difference (its
 * folders expanded, scrolled to it); the source's row gets the keyboard
 * focus, not the selection (see ferry_environment_pane_show_first_difference).
 * Without differences, the focus goes to the summary. */
static void
show_first_difference (FerryCompareView *self)
{
  gboolean focus = focus_is_ours (self);
  gboolean any = ferry_compare_view_get_count (self, FERRY_COMPARE_COUNT_DIFFER) +
                 ferry_compare_view_get_count (self, FERRY_COMPARE_COUNT_ONLY_IN_SOURCE) +
                 ferry_compare_view_get_count (self, FERRY_COMPARE_COUNT_ONLY_IN_TARGET) +
                 ferry_compare_view_get_count (self, FERRY_COMPARE_COUNT_MOVED) > 0;

  for (guint i = 0; i < N_SIDES; i++)
    ferry_environment_pane_show_first_difference (self->panes[i], focus && i == FERRY_PANE_SIDE_SOURCE);

  if (focus && !any)
    gtk_widget_grab_focus (self->compare_button);
}

static void
compared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CompareRun) run = user_data;
  FerryCompareView *self = run->view;
  g_autoptr(FerryCompareResult) compare_result = NULL;
  g_autoptr(GError) error = NULL;
  int failed_side = -1;

  compare_result = ferry_compare_projects_finish (result, &failed_side, &error);
  if (!run_is_current (run))
    return;

  if (compare_result == NULL)
    {
      fail_run (run, error, failed_side >= 0 ? run->sides[failed_side].name : NULL);
      return;
    }

  g_debug ("Compared %u objects in %" G_GINT64_FORMAT " ms",
           ferry_compare_result_get_n_entries (compare_result),
           (g_get_monotonic_time () - run->started_us) / 1000);

  g_clear_pointer (&self->run, compare_run_unref);
  set_progress_text (self, NULL);
  set_result (self, compare_result);
  set_status (self, FERRY_COMPARE_STATUS_DONE);
  show_first_difference (self);
}

/* Both inventories are read: the join runs (off the main thread). */
static void
start_comparing (CompareRun *run)
{
  FerryCompareView *self = run->view;

  set_status (self, FERRY_COMPARE_STATUS_COMPARING);
  update_progress (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.95);
}

static void
progress_cb (FerryCompareSide  which,
             guint64           done,
             guint64           total,
             gboolean          finished,
             gpointer          user_data)
{
  CompareRun *run = user_data;
  RunSide *side = &run->sides[which];

  if (!run_is_current (run))
    return;

  side->done = done;
  side->total = total;
  if (finished)
    {
      g_debug ("Read %" G_GUINT64_FORMAT " objects of %s in %" G_GINT64_FORMAT " ms",
               done, side->name, (g_get_monotonic_time () - run->started_us) / 1000);
      side->finished = TRUE;
    }
  update_progress (run->view);

  if (finished && run->sides[0].finished && run->sides[1].finished)
    start_comparing (run);
}

/**
 * ferry_compare_view_compare:
 *
 * Reads both inventories and compares them; cancels a comparison that runs.
 */
void
ferry_compare_view_compare (FerryCompareView *self)
{
  CompareRun *run;

  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  ferry_compare_view_cancel (self);
  self->focus_compare_pending = FALSE;

  if (!self->can_compare)
    return;

  run = g_new0 (CompareRun, 1);
  g_atomic_ref_count_init (&run->ref);
  run->view = g_object_ref (self);
  run->cancellable = g_cancellable_new ();
  run->started_us = g_get_monotonic_time ();

  for (guint i = 0; i < N_SIDES; i++)
    run->sides[i].name = g_strdup (pane_environment_name (self->panes[i]));

  self->run = run;   /* the view's reference */

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_status (self, FERRY_COMPARE_STATUS_READING);
  update_progress (self);

  /* Every object of both projects, with their folders, then the join. */
  ferry_compare_projects_async (pane_connection (self->panes[FERRY_PANE_SIDE_SOURCE]),
                                ferry_environment_pane_get_project_id (self->panes[FERRY_PANE_SIDE_SOURCE]),
                                pane_connection (self->panes[FERRY_PANE_SIDE_TARGET]),
                                ferry_environment_pane_get_project_id (self->panes[FERRY_PANE_SIDE_TARGET]),
                                progress_cb, compare_run_ref (run), (GDestroyNotify) compare_run_unref,
                                run->cancellable, compared_cb, compare_run_ref (run));
}

/**
 * ferry_compare_view_cancel:
 *
 * Stops a running comparison; the marks of the last one (if any) are kept.
 */
void
ferry_compare_view_cancel (FerryCompareView *self)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  if (self->run == NULL)
    return;

  g_cancellable_cancel (self->run->cancellable);
  g_clear_pointer (&self->run, compare_run_unref);
  set_progress_text (self, NULL);
  set_status (self, self->result != NULL ? FERRY_COMPARE_STATUS_DONE : FERRY_COMPARE_STATUS_IDLE);
}

/* The panes changed environment or project: what was compared is gone. */
static void
clear_comparison (FerryCompareView *self)
{
  if (self->run != NULL)
    {
      g_cancellable_cancel (self->run->cancellable);
      g_clear_pointer (&self->run, compare_run_unref);
      set_progress_text (self, NULL);
    }

  set_result (self, NULL);
  set_status (self, FERRY_COMPARE_STATUS_IDLE);
}

/* --- what the panes show --------------------------------------------------- */

static void
focus_compare_button (FerryCompareView *self)
{
  if (!self->focus_compare_pending || !gtk_widget_get_mapped (self->compare_button))
    return;

  self->focus_compare_pending = FALSE;
  if (self->can_compare && focus_is_ours (self))
    gtk_widget_grab_focus (self->compare_button);
}

static void
update_can_compare (FerryCompareView *self)
{
  gboolean can_compare = pane_ready (self->panes[0]) && pane_ready (self->panes[1]);

  if (can_compare != self->can_compare)
    {
      self->can_compare = can_compare;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_COMPARE]);

      /* Both sides ready (the demo opened, a project chosen): Compare is
       * the next step, and Enter presses it (now, or once the page shows). */
      self->focus_compare_pending = can_compare && self->status == FERRY_COMPARE_STATUS_IDLE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run", can_compare);
      focus_compare_button (self);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.run", can_compare);
}

static void
update_details_sides (FerryCompareView *self)
{
  for (guint i = 0; i < N_SIDES; i++)
    ferry_details_view_set_side (self->details_view, i,
                                 pane_environment_name (self->panes[i]),
                                 pane_connection (self->panes[i]),
                                 ferry_environment_pane_get_project_id (self->panes[i]));
}

static void
environment_state_cb (FerryCompareView *self)
{
  gboolean was_ready = self->can_compare;

  update_can_compare (self);
  update_details_sides (self);

  /* A connection that dropped ends what was read through it. */
  if (was_ready && !self->can_compare && self->run != NULL)
    clear_comparison (self);
}

static void
watch_environment (FerryCompareView *self,
                   guint             side)
{
  FerryEnvironment *environment = ferry_environment_pane_get_environment (self->panes[side]);

  if (self->environments_watched[side] == environment)
    return;

  if (self->environments_watched[side] != NULL)
    g_signal_handlers_disconnect_by_func (self->environments_watched[side], environment_state_cb, self);

  g_set_object (&self->environments_watched[side], environment);

  if (environment != NULL)
    {
      g_signal_connect_object (environment, "notify::state",
                               G_CALLBACK (environment_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (environment, "notify::connection",
                               G_CALLBACK (environment_state_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
pane_changed_cb (FerryCompareView     *self,
                 GParamSpec           *pspec,
                 FerryEnvironmentPane *pane)
{
  guint side = ferry_environment_pane_get_side (pane);

  watch_environment (self, side);
  clear_comparison (self);
  update_can_compare (self);
  update_details_sides (self);
}

static guint
entry_count_for_state (const FerryCompareEntry *entry,
                       FerryCompareCount        count)
{
  switch (count)
    {
    case FERRY_COMPARE_COUNT_IDENTICAL:
      return entry->state == FERRY_DIFF_STATE_IDENTICAL;
    case FERRY_COMPARE_COUNT_DIFFER:
      return entry->state == FERRY_DIFF_STATE_NEWER_IN_SOURCE || entry->state == FERRY_DIFF_STATE_NEWER_IN_TARGET;
    case FERRY_COMPARE_COUNT_ONLY_IN_SOURCE:
      return entry->state == FERRY_DIFF_STATE_ONLY_IN_SOURCE;
    case FERRY_COMPARE_COUNT_ONLY_IN_TARGET:
      return entry->state == FERRY_DIFF_STATE_ONLY_IN_TARGET;
    case FERRY_COMPARE_COUNT_MOVED:
    default:
      return entry->state == FERRY_DIFF_STATE_MOVED;
    }
}

/* Whether the object is on SIDE according to the comparison (TRUE when
 * nothing was compared: then only the pane knows). */
static gboolean
object_on_side (FerryCompareView *self,
                const char       *id,
                guint             side)
{
  const FerryCompareEntry *entry;

  if (self->result == NULL)
    return TRUE;

  entry = ferry_compare_result_lookup (self->result, id);
  if (entry == NULL)
    return FALSE;

  return side == FERRY_PANE_SIDE_SOURCE ? entry->source_index >= 0 : entry->target_index >= 0;
}

static gboolean
pane_has_only (FerryEnvironmentPane *pane,
               const char           *id)
{
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (pane);

  return ids != NULL && ids[0] != NULL && ids[1] == NULL && g_ascii_strcasecmp (ids[0], id) == 0;
}

/* The object's type, from the comparison or from what a pane listed. */
static int
object_type (FerryCompareView *self,
             const char       *id)
{
  if (self->result != NULL)
    {
      const FerryCompareEntry *entry = ferry_compare_result_lookup (self->result, id);

      if (entry != NULL)
        {
          const FerryInventoryItem *item = ferry_compare_result_get_source_item (self->result, entry);

          if (item == NULL)
            item = ferry_compare_result_get_target_item (self->result, entry);
          return item->type;
        }
    }

  for (guint i = 0; i < N_SIDES; i++)
    {
      FerryObjectInfo *info = ferry_environment_pane_lookup_object (self->panes[i], id);

      if (info != NULL)
        return ferry_object_info_get_object_type (info);
    }

  return 0;
}

/* Selects ID in SIDE's pane, when it is there and not selected yet. The
 * pane does not report selections made this way as "selection-changed",
 * so nothing comes back (no ping-pong). */
static void
push_selection (FerryCompareView *self,
                guint             side,
                const char       *id)
{
  if (pane_has_only (self->panes[side], id) || !object_on_side (self, id, side))
    return;

  ferry_environment_pane_select_object_full (self->panes[side], id, object_type (self, id));
}

static char *
selected_id (FerryEnvironmentPane *pane)
{
  g_auto(GStrv) ids = ferry_environment_pane_dup_selected_ids (pane);

  if (ids == NULL || ids[0] == NULL || ids[1] != NULL)
    return NULL;

  return g_strdup (ids[0]);
}

/* The user selected in PANE: the other pane follows. */
static void
pane_selection_changed_cb (FerryCompareView     *self,
                           FerryEnvironmentPane *pane)
{
  guint side = ferry_environment_pane_get_side (pane);
  g_autofree char *id = selected_id (pane);

  self->focus_side = side;
  if (id != NULL)
    push_selection (self, 1 - side, id);

  update_details (self);
}

/* Any change of a pane's selection, also those made by select_object(). */
static void
pane_selected_ids_cb (FerryCompareView     *self,
                      GParamSpec           *pspec,
                      FerryEnvironmentPane *pane)
{
  if (ferry_environment_pane_get_side (pane) == self->focus_side)
    update_details (self);
}

/* Working in a pane (keyboard focus in it) makes it the one the details follow. */
static void
pane_focus_enter_cb (GtkEventControllerFocus *controller,
                     FerryCompareView        *self)
{
  FerryEnvironmentPane *pane = FERRY_ENVIRONMENT_PANE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  guint side = ferry_environment_pane_get_side (pane);

  if (self->focus_side == side)
    return;

  self->focus_side = side;
  update_details (self);
}

static void
pane_object_activated_cb (FerryCompareView     *self,
                          const char           *object_id,
                          FerryEnvironmentPane *pane)
{
  self->focus_side = ferry_environment_pane_get_side (pane);
  ferry_compare_view_set_show_details (self, TRUE);
  update_details (self);
}

/* The details follow the selection: the pane the user acted in last wins;
 * a pushed selection is the same object anyway. */
static void
update_details (FerryCompareView *self)
{
  g_autofree char *id = NULL;

  if (!self->show_details)
    return;

  id = selected_id (self->panes[self->focus_side]);

  /* Already shown (or loading): nothing to do. */
  if (id != NULL &&
      g_strcmp0 (ferry_details_view_get_object_id (self->details_view), id) == 0 &&
      ferry_details_view_get_state (self->details_view) != FERRY_DETAILS_STATE_ERROR)
    return;

  ferry_details_view_show_object (self->details_view, id, id ? object_type (self, id) : 0, self->result);
}

/* --- count buttons ----------------------------------------------------------- */

guint
ferry_compare_view_get_count (FerryCompareView  *self,
                              FerryCompareCount  count)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), 0);

  if (self->result == NULL)
    return 0;

  switch (count)
    {
    case FERRY_COMPARE_COUNT_IDENTICAL:
      return ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_IDENTICAL);
    case FERRY_COMPARE_COUNT_DIFFER:
      return ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_NEWER_IN_SOURCE) +
             ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_NEWER_IN_TARGET);
    case FERRY_COMPARE_COUNT_ONLY_IN_SOURCE:
      return ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_ONLY_IN_SOURCE);
    case FERRY_COMPARE_COUNT_ONLY_IN_TARGET:
      return ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_ONLY_IN_TARGET);
    case FERRY_COMPARE_COUNT_MOVED:
      return ferry_compare_result_get_count (self->result, FERRY_DIFF_STATE_MOVED);
    default:
      g_return_val_if_reached (0);
    }
}

void
ferry_compare_view_show_count (FerryCompareView  *self,
                               FerryCompareCount  count)
{
  guint n;
  guint side;

  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));
  g_return_if_fail (count < FERRY_COMPARE_N_COUNTS);

  if (self->result == NULL)
    return;

  if (self->active_count != (int) count)
    {
      self->active_count = count;
      self->walk_position = 0;
      /* The coarse filter: identical objects are hidden unless asked for. */
      ferry_compare_view_set_differences_only (self, count != FERRY_COMPARE_COUNT_IDENTICAL);
    }

  n = ferry_compare_result_get_n_entries (self->result);
  side = count == FERRY_COMPARE_COUNT_ONLY_IN_TARGET ? FERRY_PANE_SIDE_TARGET : FERRY_PANE_SIDE_SOURCE;

  for (guint k = 0; k < n; k++)
    {
      guint i = (self->walk_position + k) % n;
      const FerryCompareEntry *entry = ferry_compare_result_get_entry (self->result, i);

      if (!entry_count_for_state (entry, count))
        continue;

      self->walk_position = i + 1;
      self->focus_side = side;
      ferry_environment_pane_select_object (self->panes[side], entry->id);
      /* The counterpart, when there is one. */
      push_selection (self, 1 - side, entry->id);
      update_details (self);
      return;
    }
}

static void
count_clicked_cb (FerryCompareView *self,
                  GtkButton        *button)
{
  for (guint c = 0; c < FERRY_COMPARE_N_COUNTS; c++)
    if (self->count_buttons[c] == button)
      {
        ferry_compare_view_show_count (self, c);
        return;
      }
}

/* --- narrow ---------------------------------------------------------------- */

static void
apply_narrow (GtkWidget *widget,
              gboolean   narrow)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (widget);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Split again from the panes' sizes, not the old position. */
  g_object_set (self->paned, "position-set", FALSE, NULL);
}

static void
ferry_compare_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ferry_compare_view_parent_class)->map (widget);
  focus_compare_button (FERRY_COMPARE_VIEW (widget));
}

static GtkSizeRequestMode
ferry_compare_view_get_request_mode (GtkWidget *widget)
{
  return gtk_widget_get_request_mode (FERRY_COMPARE_VIEW (widget)->content);
}

static void
ferry_compare_view_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (widget);

  gtk_widget_measure (self->content, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* A widget of its own (not an AdwBin, whose layout manager would allocate
 * the child): the width decides how the panes are arranged. */
static void
ferry_compare_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (widget);

  gtk_widget_allocate (self->content, width, height, baseline, NULL);
  /* The panes' area: the page less the details beside it (allocated just now). */
  if (ferry_narrow_allocate (&self->narrow, gtk_widget_get_width (GTK_WIDGET (self->paned))))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

/* --- actions --------------------------------------------------------------- */

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ferry_compare_view_compare (FERRY_COMPARE_VIEW (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ferry_compare_view_cancel (FERRY_COMPARE_VIEW (widget));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ferry_compare_view_reload (FERRY_COMPARE_VIEW (widget));
}

static void
show_state_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  int count = g_variant_get_int32 (parameter);

  if (count >= 0 && count < FERRY_COMPARE_N_COUNTS)
    ferry_compare_view_show_count (FERRY_COMPARE_VIEW (widget), count);
}

/* --- API ------------------------------------------------------------------- */

GtkWidget *
ferry_compare_view_new (void)
{
  return g_object_new (FERRY_TYPE_COMPARE_VIEW, NULL);
}

void
ferry_compare_view_set_environments (FerryCompareView *self,
                                     GListModel       *environments)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));
  g_return_if_fail (!environments || G_IS_LIST_MODEL (environments));

  if (!g_set_object (&self->environments, environments))
    return;

  for (guint i = 0; i < N_SIDES; i++)
    ferry_environment_pane_set_environments (self->panes[i], environments);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

FerryEnvironmentPane *
ferry_compare_view_get_pane (FerryCompareView *self,
                             FerryPaneSide     side)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side < N_SIDES, NULL);

  return self->panes[side];
}

FerryDetailsView *
ferry_compare_view_get_details_view (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), NULL);

  return self->details_view;
}

gboolean
ferry_compare_view_get_can_compare (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), FALSE);

  return self->can_compare;
}

FerryCompareStatus
ferry_compare_view_get_status (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), FERRY_COMPARE_STATUS_IDLE);

  return self->status;
}

void
ferry_compare_view_reload (FerryCompareView *self)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  for (guint i = 0; i < N_SIDES; i++)
    ferry_environment_pane_reload (self->panes[i]);
}

FerryCompareResult *
ferry_compare_view_get_compare_result (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), NULL);

  return self->result;
}

gboolean
ferry_compare_view_get_differences_only (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), FALSE);

  return self->differences_only;
}

void
ferry_compare_view_set_differences_only (FerryCompareView *self,
                                         gboolean          differences_only)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  differences_only = !!differences_only;
  if (self->differences_only == differences_only)
    return;

  self->differences_only = differences_only;
  for (guint i = 0; i < N_SIDES; i++)
    ferry_environment_pane_set_differences_only (self->panes[i], differences_only);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFFERENCES_ONLY]);
}

gboolean
ferry_compare_view_get_show_details (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), FALSE);

  return self->show_details;
}

void
ferry_compare_view_set_show_details (FerryCompareView *self,
                                     gboolean          show_details)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  show_details = !!show_details;
  if (self->show_details == show_details)
    return;

  self->show_details = show_details;
  adw_flap_set_reveal_flap (self->flap, show_details);
  if (show_details)
    update_details (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

/**
 * ferry_compare_view_focus_search:
 *
 * Moves the keyboard focus to the search entry of the pane worked in last.
 */
void
ferry_compare_view_focus_search (FerryCompareView *self)
{
  g_return_if_fail (FERRY_IS_COMPARE_VIEW (self));

  ferry_environment_pane_focus_search (self->panes[self->focus_side]);
}

const char *
ferry_compare_view_get_progress_text (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), NULL);

  return self->progress_text;
}

gboolean
ferry_compare_view_get_narrow (FerryCompareView *self)
{
  g_return_val_if_fail (FERRY_IS_COMPARE_VIEW (self), FALSE);

  return ferry_narrow_get_narrow (&self->narrow);
}

/* The flap closes itself when folded and the user clicks beside it. */
static void
flap_reveal_cb (FerryCompareView *self)
{
  ferry_compare_view_set_show_details (self, adw_flap_get_reveal_flap (self->flap));
}

/* --- GObject --------------------------------------------------------------- */

static void
ferry_compare_view_dispose (GObject *object)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (object);

  if (self->run != NULL)
    {
      g_cancellable_cancel (self->run->cancellable);
      g_clear_pointer (&self->run, compare_run_unref);
    }

  for (guint i = 0; i < N_SIDES; i++)
    {
      if (self->environments_watched[i] != NULL)
        g_signal_handlers_disconnect_by_func (self->environments_watched[i], environment_state_cb, self);
      g_clear_object (&self->environments_watched[i]);
      if (self->panes[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->panes[i], self);
    }
  ferry_narrow_clear (&self->narrow);

  if (self->flap != NULL)
    g_signal_handlers_disconnect_by_func (self->flap, flap_reveal_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_COMPARE_VIEW);

  for (guint i = 0; i < N_SIDES; i++)
    self->panes[i] = NULL;   /* children of the paned, gone with the template */

  g_clear_pointer (&self->result, ferry_compare_result_unref);
  g_clear_object (&self->environments);

  G_OBJECT_CLASS (ferry_compare_view_parent_class)->dispose (object);
}

static void
ferry_compare_view_finalize (GObject *object)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (object);

  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (ferry_compare_view_parent_class)->finalize (object);
}

static void
ferry_compare_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, self->environments);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_CAN_COMPARE:
      g_value_set_boolean (value, self->can_compare);
      break;

    case PROP_COMPARE_RESULT:
      g_value_set_boxed (value, self->result);
      break;

    case PROP_DIFFERENCES_ONLY:
      g_value_set_boolean (value, self->differences_only);
      break;

    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, ferry_narrow_get_narrow (&self->narrow));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_compare_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryCompareView *self = FERRY_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      ferry_compare_view_set_environments (self, g_value_get_object (value));
      break;

    case PROP_DIFFERENCES_ONLY:
      ferry_compare_view_set_differences_only (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_DETAILS:
      ferry_compare_view_set_show_details (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_compare_view_class_init (FerryCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_compare_view_dispose;
  object_class->finalize = ferry_compare_view_finalize;
  object_class->get_property = ferry_compare_view_get_property;
  object_class->set_property = ferry_compare_view_set_property;

  widget_class->get_request_mode = ferry_compare_view_get_request_mode;
  widget_class->map = ferry_compare_view_map;
  widget_class->measure = ferry_compare_view_measure;
  widget_class->size_allocate = ferry_compare_view_size_allocate;

  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      FERRY_COMPARE_STATUS_IDLE, FERRY_COMPARE_STATUS_FAILED, FERRY_COMPARE_STATUS_IDLE,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_CAN_COMPARE] =
    g_param_spec_boolean ("can-compare", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_COMPARE_RESULT] =
    g_param_spec_boxed ("compare-result", NULL, NULL,
                        FERRY_TYPE_COMPARE_RESULT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIFFERENCES_ONLY] =
    g_param_spec_boolean ("differences-only", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FERRY_TYPE_DETAILS_VIEW);
  g_type_ensure (FERRY_TYPE_ENVIRONMENT_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "/ferry-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, content);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, flap);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, paned);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, details_view);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, summary_revealer);
  gtk_widget_class_bind_template_child_full (widget_class, "identical_button", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_buttons[FERRY_COMPARE_COUNT_IDENTICAL]));
  gtk_widget_class_bind_template_child_full (widget_class, "differ_button", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_buttons[FERRY_COMPARE_COUNT_DIFFER]));
  gtk_widget_class_bind_template_child_full (widget_class, "only_source_button", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_buttons[FERRY_COMPARE_COUNT_ONLY_IN_SOURCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "only_target_button", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_buttons[FERRY_COMPARE_COUNT_ONLY_IN_TARGET]));
  gtk_widget_class_bind_template_child_full (widget_class, "moved_button", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_buttons[FERRY_COMPARE_COUNT_MOVED]));
  gtk_widget_class_bind_template_child_full (widget_class, "identical_content", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_contents[FERRY_COMPARE_COUNT_IDENTICAL]));
  gtk_widget_class_bind_template_child_full (widget_class, "differ_content", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_contents[FERRY_COMPARE_COUNT_DIFFER]));
  gtk_widget_class_bind_template_child_full (widget_class, "only_source_content", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_contents[FERRY_COMPARE_COUNT_ONLY_IN_SOURCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "only_target_content", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_contents[FERRY_COMPARE_COUNT_ONLY_IN_TARGET]));
  gtk_widget_class_bind_template_child_full (widget_class, "moved_content", FALSE,
                                             G_STRUCT_OFFSET (FerryCompareView, count_contents[FERRY_COMPARE_COUNT_MOVED]));
  /* The window's win.new-migration; reachable for tests. */
  gtk_widget_class_bind_template_child_full (widget_class, "new_migration_button", FALSE, 0);
  /* Reachable with gtk_widget_get_template_child() (tests). */
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, compare_button);
  gtk_widget_class_bind_template_child_full (widget_class, "cancel_button", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, FerryCompareView, differences_button);
  gtk_widget_class_bind_template_child_full (widget_class, "details_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "summary_box", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "action_bar", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, count_clicked_cb);

  gtk_widget_class_install_action (widget_class, "compare.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "compare.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "compare.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "compare.show-state", "i", show_state_action);
  gtk_widget_class_install_property_action (widget_class, "compare.differences-only", "differences-only");
  gtk_widget_class_install_property_action (widget_class, "compare.show-details", "show-details");

  gtk_widget_class_set_css_name (widget_class, "ferry-compare-view");
}

static void
ferry_compare_view_init (FerryCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->active_count = -1;
  ferry_narrow_init (&self->narrow, GTK_WIDGET (self), NARROW_WIDTH, apply_narrow);

  for (guint i = 0; i < N_SIDES; i++)
    {
      self->panes[i] = FERRY_ENVIRONMENT_PANE (ferry_environment_pane_new (i));

      g_signal_connect_object (self->panes[i], "notify::environment",
                               G_CALLBACK (pane_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->panes[i], "notify::project-id",
                               G_CALLBACK (pane_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->panes[i], "selection-changed",
                               G_CALLBACK (pane_selection_changed_cb), self, G_CONNECT_SWAPPED);
      {
        GtkEventController *focus = gtk_event_controller_focus_new ();

        g_signal_connect_object (focus, "enter", G_CALLBACK (pane_focus_enter_cb), self, 0);
        gtk_widget_add_controller (GTK_WIDGET (self->panes[i]), focus);
      }
      g_signal_connect_object (self->panes[i], "notify::selected-ids",
                               G_CALLBACK (pane_selected_ids_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->panes[i], "object-activated",
                               G_CALLBACK (pane_object_activated_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_paned_set_start_child (self->paned, GTK_WIDGET (self->panes[FERRY_PANE_SIDE_SOURCE]));
  gtk_paned_set_end_child (self->paned, GTK_WIDGET (self->panes[FERRY_PANE_SIDE_TARGET]));

  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (flap_reveal_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.differences-only", FALSE);
  set_status (self, FERRY_COMPARE_STATUS_IDLE);
  update_can_compare (self);
}
